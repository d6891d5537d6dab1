/**
 * The tiler's compact in-memory copy of a dataset: typed arrays indexed by gid (segments 0…S-1, nodes S…S+N-1), so
 * a million segments cost tens of megabytes instead of a gigabyte of parsed JSON objects.
 */
import { GrowableArray, withCapacity } from '../../src/domain/growable';
import type { HeightMode } from '../../src/domain/schema';
import type { IdTableData } from './ids';

export class SegmentStore {
  count = 0;
  /** point offsets into coords: segment s has points coordStart[s] … coordStart[s+1]-1 */
  coordStart: Uint32Array;
  private readonly xy: GrowableArray<Float64Array>;
  depth0: Float32Array;
  depth1: Float32Array;
  ground0: Float32Array;
  ground1: Float32Array;
  /** cross-section width and height in metres (round pipes: both = DN/1000) */
  width: Float32Array;
  height: Float32Array;
  /** 1 = round (DN), 0 = box section */
  round: Uint8Array;
  /** category index (categories.ts CATEGORIES order) */
  cat: Uint8Array;

  constructor(capacity: number) {
    const c = Math.max(16, capacity);
    this.coordStart = new Uint32Array(c + 1);
    this.xy = new GrowableArray(new Float64Array(c * 4));
    this.depth0 = new Float32Array(c);
    this.depth1 = new Float32Array(c);
    this.ground0 = new Float32Array(c);
    this.ground1 = new Float32Array(c);
    this.width = new Float32Array(c);
    this.height = new Float32Array(c);
    this.round = new Uint8Array(c);
    this.cat = new Uint8Array(c);
  }

  /** lon, lat pairs of all points */
  get coords(): Float64Array {
    return this.xy.data;
  }

  add(
    coords: ReadonlyArray<readonly [number, number]>,
    d0: number,
    d1: number,
    g0: number,
    g1: number,
    w: number,
    h: number,
    round: boolean,
    cat: number,
  ): void {
    const s = this.count;
    if (s + 1 >= this.depth0.length) {
      const need = s + 2;
      this.coordStart = withCapacity(this.coordStart, need + 1);
      this.depth0 = withCapacity(this.depth0, need);
      this.depth1 = withCapacity(this.depth1, need);
      this.ground0 = withCapacity(this.ground0, need);
      this.ground1 = withCapacity(this.ground1, need);
      this.width = withCapacity(this.width, need);
      this.height = withCapacity(this.height, need);
      this.round = withCapacity(this.round, need);
      this.cat = withCapacity(this.cat, need);
    }
    for (const c of coords) this.xy.push2(c[0], c[1]);
    this.coordStart[s + 1] = this.xy.length / 2;
    this.depth0[s] = d0;
    this.depth1[s] = d1;
    this.ground0[s] = g0;
    this.ground1[s] = g1;
    this.width[s] = w;
    this.height[s] = h;
    this.round[s] = round ? 1 : 0;
    this.cat[s] = cat;
    this.count = s + 1;
  }
}

export class NodeStore {
  count = 0;
  lon: Float64Array;
  lat: Float64Array;
  ground: Float32Array;
  depth: Float32Array;
  /** NODE_TYPES index (src/domain/nodeShapes.ts) */
  type: Uint8Array;
  cat: Uint8Array;
  /** largest cross-section (m) among the segments that meet here; 0 when unknown */
  pipeSize: Float32Array;

  constructor(capacity: number) {
    const c = Math.max(16, capacity);
    this.lon = new Float64Array(c);
    this.lat = new Float64Array(c);
    this.ground = new Float32Array(c);
    this.depth = new Float32Array(c);
    this.type = new Uint8Array(c);
    this.cat = new Uint8Array(c);
    this.pipeSize = new Float32Array(c);
  }

  add(lon: number, lat: number, ground: number, depth: number, type: number, cat: number, pipeSize: number): void {
    const i = this.count;
    if (i >= this.lon.length) {
      const need = i + 1;
      this.lon = withCapacity(this.lon, need);
      this.lat = withCapacity(this.lat, need);
      this.ground = withCapacity(this.ground, need);
      this.depth = withCapacity(this.depth, need);
      this.type = withCapacity(this.type, need);
      this.cat = withCapacity(this.cat, need);
      this.pipeSize = withCapacity(this.pipeSize, need);
    }
    this.lon[i] = lon;
    this.lat[i] = lat;
    this.ground[i] = ground;
    this.depth[i] = depth;
    this.type[i] = type;
    this.cat[i] = cat;
    this.pipeSize[i] = pipeSize;
    this.count = i + 1;
  }
}

/** Segment columns by gid (what geometry code reads; SegmentStore or a shared copy in a worker). */
export interface SegmentArrays {
  count: number;
  coordStart: Uint32Array;
  coords: Float64Array;
  depth0: Float32Array;
  depth1: Float32Array;
  ground0: Float32Array;
  ground1: Float32Array;
  width: Float32Array;
  height: Float32Array;
  round: Uint8Array;
  cat: Uint8Array;
}

/** Node columns by node index (gid − segment count). */
export interface NodeArrays {
  count: number;
  lon: Float64Array;
  lat: Float64Array;
  ground: Float32Array;
  depth: Float32Array;
  type: Uint8Array;
  cat: Uint8Array;
  pipeSize: Float32Array;
}

export interface Dataset {
  heightMode: HeightMode;
  segments: SegmentArrays;
  nodes: NodeArrays;
  /** asset id by gid */
  ids: IdTableData;
}

function shareArray<T extends Float32Array | Float64Array | Uint8Array | Uint32Array>(a: T, n: number): T {
  const Ctor = a.constructor as { new (b: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number };
  const out = new Ctor(new SharedArrayBuffer(Math.max(1, n) * Ctor.BYTES_PER_ELEMENT));
  out.set(a.subarray(0, n) as never);
  return out;
}

/** A copy of the dataset in SharedArrayBuffers, trimmed, that worker threads can read without copying. */
export function shareDataset(d: Dataset): Dataset {
  const s = d.segments;
  const n = d.nodes;
  return {
    heightMode: d.heightMode,
    segments: {
      count: s.count,
      coordStart: shareArray(s.coordStart, s.count + 1),
      coords: shareArray(s.coords, s.coordStart[s.count] * 2),
      depth0: shareArray(s.depth0, s.count),
      depth1: shareArray(s.depth1, s.count),
      ground0: shareArray(s.ground0, s.count),
      ground1: shareArray(s.ground1, s.count),
      width: shareArray(s.width, s.count),
      height: shareArray(s.height, s.count),
      round: shareArray(s.round, s.count),
      cat: shareArray(s.cat, s.count),
    },
    nodes: {
      count: n.count,
      lon: shareArray(n.lon, n.count),
      lat: shareArray(n.lat, n.count),
      ground: shareArray(n.ground, n.count),
      depth: shareArray(n.depth, n.count),
      type: shareArray(n.type, n.count),
      cat: shareArray(n.cat, n.count),
      pipeSize: shareArray(n.pipeSize, n.count),
    },
    ids: shareIds(d.ids),
  };
}

function shareIds(t: IdTableData): IdTableData {
  const used = t.offsets[t.count];
  return { bytes: shareArray(t.bytes, used), offsets: shareArray(t.offsets, t.count + 1), count: t.count };
}

/** Total features (gids). */
export function featureCount(d: Dataset): number {
  return d.segments.count + d.nodes.count;
}
