/**
 * Streams a dataset folder (src/domain/schema.ts layout: meta.json, segments.ndjson, nodes.ndjson) into the compact
 * stores, line by line (no parsed record is kept), checking each record against the contract, and writes the asset
 * sidecar on the way.
 */
import { join } from 'node:path';
import { categoryIndex, isCategoryCode } from '../../src/domain/categories';
import { nodeTypeIndex } from '../../src/domain/nodeShapes';
import type { DatasetMeta, PipeNode, PipeSegment } from '../../src/domain/schema';
import { DatasetError, forEachRecord, readMeta } from '../dataset/read';
import { IdTable } from './ids';
import type { SidecarWriter } from './sidecar';
import { NodeStore, SegmentStore, type Dataset } from './store';

export type Log = (line: string) => void;

function fail(file: string, line: number, msg: string): never {
  throw new DatasetError(`${file}:${line}: ${msg}`);
}

function finite(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** Cross-section of a segment in metres: [width, height, round]. */
export function sectionOf(s: Pick<PipeSegment, 'dn' | 'box'>): [number, number, boolean] {
  if (s.box && finite(s.box.w) && finite(s.box.h)) return [s.box.w / 1000, s.box.h / 1000, false];
  if (finite(s.dn)) return [s.dn / 1000, s.dn / 1000, true];
  return [0.1, 0.1, true];
}

function checkSegment(s: PipeSegment, file: string, lineNo: number, gid: number): void {
  if (s.kind !== 'segment') fail(file, lineNo, `kind must be "segment"`);
  if (s.gid !== gid) fail(file, lineNo, `gid ${s.gid} out of order: expected ${gid} (segments must be in gid order)`);
  if (typeof s.id !== 'string' || s.id.length === 0 || /[\r\n]/.test(s.id)) fail(file, lineNo, 'bad id');
  if (!isCategoryCode(s.cat)) fail(file, lineNo, `unknown category ${String(s.cat)}`);
  if (!Array.isArray(s.coords) || s.coords.length < 2) fail(file, lineNo, 'coords needs at least 2 positions');
  for (const c of s.coords) {
    if (!Array.isArray(c) || !finite(c[0]) || !finite(c[1]) || Math.abs(c[0]) > 180 || Math.abs(c[1]) > 90) {
      fail(file, lineNo, `bad position ${JSON.stringify(c)}`);
    }
  }
  if (!finite(s.depth0) || !finite(s.depth1)) fail(file, lineNo, 'depth0/depth1 must be numbers');
  if (!finite(s.ground0) || !finite(s.ground1)) fail(file, lineNo, 'ground0/ground1 must be numbers');
  if (!(finite(s.dn) && s.dn > 0) && !(s.box && finite(s.box.w) && finite(s.box.h) && s.box.w > 0 && s.box.h > 0)) {
    fail(file, lineNo, 'needs dn > 0 or box {w, h} > 0');
  }
}

function checkNode(n: PipeNode, file: string, lineNo: number, gid: number): void {
  if (n.kind !== 'node') fail(file, lineNo, `kind must be "node"`);
  if (n.gid !== gid) fail(file, lineNo, `gid ${n.gid} out of order: expected ${gid} (nodes follow segments in gid order)`);
  if (typeof n.id !== 'string' || n.id.length === 0 || /[\r\n]/.test(n.id)) fail(file, lineNo, 'bad id');
  if (!isCategoryCode(n.cat)) fail(file, lineNo, `unknown category ${String(n.cat)}`);
  if (nodeTypeIndex(n.type) < 0) fail(file, lineNo, `unknown node type ${String(n.type)}`);
  const p = n.position;
  if (!Array.isArray(p) || !finite(p[0]) || !finite(p[1])) fail(file, lineNo, 'bad position');
  if (!finite(n.ground) || !finite(n.depth)) fail(file, lineNo, 'ground/depth must be numbers');
}

export interface IngestOptions {
  inDir: string;
  sidecar: SidecarWriter;
  log?: Log;
  progressEvery?: number;
}

export function ingest(opts: IngestOptions): { meta: DatasetMeta; data: Dataset } {
  const log = opts.log ?? (() => {});
  const every = opts.progressEvery ?? 200_000;
  const meta = readMeta(opts.inDir);
  const segments = new SegmentStore(meta.segmentCount ?? 0);
  const nodes = new NodeStore(meta.nodeCount ?? 0);
  const ids = new IdTable((meta.segmentCount ?? 0) + (meta.nodeCount ?? 0));
  /** segment id → its largest cross-section dimension, for sizing the fittings on it */
  const sizeById = new Map<string, number>();

  forEachRecord<PipeSegment>(join(opts.inDir, 'segments.ndjson'), (s, line, lineNo) => {
    checkSegment(s, 'segments.ndjson', lineNo, segments.count);
    const [w, h, round] = sectionOf(s);
    segments.add(s.coords, s.depth0, s.depth1, s.ground0, s.ground1, w, h, round, categoryIndex(s.cat));
    ids.add(s.id);
    sizeById.set(s.id, Math.max(w, h));
    opts.sidecar.add(line);
    if (segments.count % every === 0) log(`  read ${segments.count} segments`);
  });

  forEachRecord<PipeNode>(join(opts.inDir, 'nodes.ndjson'), (n, line, lineNo) => {
    checkNode(n, 'nodes.ndjson', lineNo, segments.count + nodes.count);
    let size = 0;
    if (Array.isArray(n.segments)) for (const id of n.segments) size = Math.max(size, sizeById.get(id) ?? 0);
    nodes.add(n.position[0], n.position[1], n.ground, n.depth, nodeTypeIndex(n.type), categoryIndex(n.cat), size);
    ids.add(n.id);
    opts.sidecar.add(line);
    if (nodes.count % every === 0) log(`  read ${nodes.count} nodes`);
  });

  if (meta.segmentCount !== undefined && meta.segmentCount !== segments.count) {
    log(`  warning: meta.json says ${meta.segmentCount} segments, segments.ndjson has ${segments.count}`);
  }
  if (meta.nodeCount !== undefined && meta.nodeCount !== nodes.count) {
    log(`  warning: meta.json says ${meta.nodeCount} nodes, nodes.ndjson has ${nodes.count}`);
  }
  return { meta, data: { heightMode: meta.heightMode, segments: segments.arrays(), nodes: nodes.arrays(), ids: ids.data() } };
}
