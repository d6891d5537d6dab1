/** The water network (CJJ 61 JS) records of a dataset folder (through the one dataset reader), and the model to run. */
import { join } from 'node:path';
import { writeInp } from '../../src/analysis/hydraulics/inp';
import { buildWaterModel, type ModelOptions, type WaterModel } from '../../src/analysis/hydraulics/model';
import { solveSnapshot, type Engine } from '../../src/analysis/hydraulics/solver';
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

export interface PlausibleModel {
  model: WaterModel;
  /** the sources option that built it (build zone models with it too) */
  sources: 'data' | 'chosen';
  /** why the data's sources were not used, or '' */
  note: string;
}

/**
 * The model the simulator and the benchmark run: the data's sources when the network solves with them at the evening
 * peak (19:00) without EPANET warnings, else the inlets chosen by the model builder (the reason is returned).
 */
export function plausibleModel(engine: Engine, rec: WaterRecords, opts: ModelOptions = {}): PlausibleModel {
  const model = buildWaterModel(rec.segments, rec.nodes, opts);
  if (model.sourcesFrom !== 'data') return { model, sources: 'chosen', note: '' };
  const junctions = model.nodes.filter((n) => n.kind === 'junction');
  const snap = solveSnapshot(engine, writeInp(model, { durationH: 0, startH: 19 }), junctions.map((n) => n.id));
  const low = junctions.filter((_, i) => !(snap.pressure[i] >= 0)).length;
  if (!snap.warnings.length && low === 0) return { model, sources: 'data', note: '' };
  return {
    model: buildWaterModel(rec.segments, rec.nodes, { ...opts, sources: 'chosen' }),
    sources: 'chosen',
    note: `the data's sources leave ${low} of ${junctions.length} junctions below 0 m at 19:00 (${snap.warnings.join('; ') || 'no warning'}): zone inlets chosen by the model instead`,
  };
}
