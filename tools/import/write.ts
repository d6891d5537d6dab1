/**
 * Writes an imported network as a dataset folder (src/domain/schema.ts): meta.json, segments.ndjson, nodes.ndjson,
 * an empty sensors.json and empty overlay files (rivers, streets, … : the viewer reads them; an import has none).
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { CategoryCode, DatasetMeta, PipeNode, PipeSegment } from '../../src/domain/schema';
import { OVERLAY_FILES } from '../prepare-lib';
import type { Network } from './network';

function writeNdjson(path: string, records: ReadonlyArray<PipeSegment | PipeNode>): void {
  const fd = openSync(path, 'w');
  try {
    let chunk: string[] = [];
    for (const r of records) {
      chunk.push(JSON.stringify(r));
      if (chunk.length === 4096) {
        writeSync(fd, `${chunk.join('\n')}\n`);
        chunk = [];
      }
    }
    if (chunk.length) writeSync(fd, `${chunk.join('\n')}\n`);
  } finally {
    closeSync(fd);
  }
}

/** [west, south, east, north] of every position, or null for an empty network. */
export function networkBbox(net: Network): [number, number, number, number] | null {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  const add = (p: readonly number[]): void => {
    if (p[0] < w) w = p[0];
    if (p[0] > e) e = p[0];
    if (p[1] < s) s = p[1];
    if (p[1] > n) n = p[1];
  };
  for (const seg of net.segments) for (const c of seg.coords) add(c);
  for (const node of net.nodes) add(node.position);
  return Number.isFinite(w) ? [w, s, e, n] : null;
}

export function categoryCounts(net: Network): DatasetMeta['categories'] {
  const out: Partial<Record<CategoryCode, { segments: number; nodes: number }>> = {};
  for (const s of net.segments) (out[s.cat] ??= { segments: 0, nodes: 0 }).segments++;
  for (const n of net.nodes) (out[n.cat] ??= { segments: 0, nodes: 0 }).nodes++;
  return out;
}

export function writeDataset(dir: string, net: Network, name: string): DatasetMeta {
  mkdirSync(dir, { recursive: true });
  const bbox = networkBbox(net) ?? [0, 0, 0, 0];
  const meta: DatasetMeta = {
    name,
    seed: 0,
    generatedAt: new Date().toISOString(),
    synthetic: false,
    heightMode: 'ellipsoid',
    bbox,
    segmentCount: net.segments.length,
    nodeCount: net.nodes.length,
    categories: categoryCounts(net),
  };
  writeFileSync(join(dir, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
  writeNdjson(join(dir, 'segments.ndjson'), net.segments);
  writeNdjson(join(dir, 'nodes.ndjson'), net.nodes);
  writeFileSync(join(dir, 'sensors.json'), '[]\n');
  for (const f of OVERLAY_FILES) {
    if (f.endsWith('.geojson')) writeFileSync(join(dir, f), '{"type":"FeatureCollection","features":[]}\n');
  }
  return meta;
}
