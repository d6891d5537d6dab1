/** The water network (CJJ 61 JS) records of a dataset folder (through the one dataset reader), and the model to run. */
import { join } from 'node:path';
import type { PipeNode, PipeSegment } from '../../src/domain/schema';
import { forEachRecord } from '../dataset/read';

export interface WaterRecords {
  segments: PipeSegment[];
  nodes: PipeNode[];
}

export function readWaterRecords(dir: string): WaterRecords {
  const segments: PipeSegment[] = [];
  const nodes: PipeNode[] = [];
  forEachRecord<PipeSegment>(join(dir, 'segments.ndjson'), (r) => {
    if (r.cat === 'JS') segments.push(r);
  });
  forEachRecord<PipeNode>(join(dir, 'nodes.ndjson'), (r) => {
    if (r.cat === 'JS') nodes.push(r);
  });
  return { segments, nodes };
}

export { plausibleModel, type PlausibleModel } from '../../src/analysis/hydraulics/plausible';
