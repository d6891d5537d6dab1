/**
 * The tiler's compact in-memory copy of a dataset: typed arrays indexed by gid (segments 0…S-1, nodes S…S+N-1), so
 * a million segments cost tens of megabytes instead of a gigabyte of parsed JSON objects.
 */
import { GrowableArray, withCapacity } from '../../src/domain/growable';
import type { HeightMode } from '../../src/domain/schema';
import type { IdTableData } from './ids';

type Column = Float32Array | Float64Array | Uint8Array | Uint32Array;
/** The typed-array kind of each column. */
type ColumnKinds<C> = { readonly [K in keyof C]: new (length: number) => C[K] };

/** Segment columns by gid besides the geometry. */
interface SegmentColumns {
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
}

const SEGMENT_KINDS: ColumnKinds<SegmentColumns> = {
  depth0: Float32Array,
  depth1: Float32Array,
  ground0: Float32Array,
  ground1: Float32Array,
  width: Float32Array,
  height: Float32Array,
  round: Uint8Array,
  cat: Uint8Array,
};

/** Node columns by node index (gid − segment count). */
interface NodeColumns {
  lon: Float64Array;
  lat: Float64Array;
  ground: Float32Array;
  depth: Float32Array;
  /** NODE_TYPES index (src/domain/nodeShapes.ts) */
  type: Uint8Array;
  cat: Uint8Array;
  /** largest cross-section (m) among the segments that meet here; 0 when unknown */
  pipeSize: Float32Array;
}

const NODE_KINDS: ColumnKinds<NodeColumns> = {
  lon: Float64Array,
  lat: Float64Array,
  ground: Float32Array,
  depth: Float32Array,
  type: Uint8Array,
  cat: Uint8Array,
  pipeSize: Float32Array,
};

/** One column of each kind, `length` rows long. */
function allocColumns<C extends Record<keyof C, Column>>(kinds: ColumnKinds<C>, length: number): C {
  const out = {} as C;
  for (const k in kinds) out[k] = new kinds[k](length);
  return out;
}

/** Every column with room for at least `need` rows (values kept). */
function growColumns<C extends Record<keyof C, Column>>(cols: C, need: number): void {
  for (const k in cols) cols[k] = withCapacity(cols[k], need);
}

/** Every column's first `n` rows, copied into SharedArrayBuffers. */
function shareColumns<C extends Record<keyof C, Column>>(cols: C, n: number): C {
  const out = {} as C;
  for (const k in cols) out[k] = shareArray(cols[k], n);
  return out;
}

export class SegmentStore {
  count = 0;
  /** point offsets into coords: segment s has points coordStart[s] … coordStart[s+1]-1 */
  private coordStart: Uint32Array;
  private readonly xy: GrowableArray<Float64Array>;
  private readonly cols: SegmentColumns;

  constructor(capacity: number) {
    const c = Math.max(16, capacity);
    this.coordStart = new Uint32Array(c + 1);
    this.xy = new GrowableArray(new Float64Array(c * 4));
    this.cols = allocColumns(SEGMENT_KINDS, c);
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
    const cols = this.cols;
    if (s + 1 >= cols.depth0.length) {
      this.coordStart = withCapacity(this.coordStart, s + 3);
      growColumns(cols, s + 2);
    }
    for (const c of coords) this.xy.push2(c[0], c[1]);
    this.coordStart[s + 1] = this.xy.length / 2;
    cols.depth0[s] = d0;
    cols.depth1[s] = d1;
    cols.ground0[s] = g0;
    cols.ground1[s] = g1;
    cols.width[s] = w;
    cols.height[s] = h;
    cols.round[s] = round ? 1 : 0;
    cols.cat[s] = cat;
    this.count = s + 1;
  }

  /** The columns as they stand (views valid until the next add). */
  arrays(): SegmentArrays {
    return { count: this.count, coordStart: this.coordStart, coords: this.xy.data, ...this.cols };
  }
}

export class NodeStore {
  count = 0;
  private readonly cols: NodeColumns;

  constructor(capacity: number) {
    this.cols = allocColumns(NODE_KINDS, Math.max(16, capacity));
  }

  add(lon: number, lat: number, ground: number, depth: number, type: number, cat: number, pipeSize: number): void {
    const i = this.count;
    const cols = this.cols;
    if (i >= cols.lon.length) growColumns(cols, i + 1);
    cols.lon[i] = lon;
    cols.lat[i] = lat;
    cols.ground[i] = ground;
    cols.depth[i] = depth;
    cols.type[i] = type;
    cols.cat[i] = cat;
    cols.pipeSize[i] = pipeSize;
    this.count = i + 1;
  }

  /** The columns as they stand (valid until the next add). */
  arrays(): NodeArrays {
    return { count: this.count, ...this.cols };
  }
}

/** Segment columns by gid (what geometry code reads; SegmentStore or a shared copy in a worker). */
export interface SegmentArrays extends SegmentColumns {
  count: number;
  coordStart: Uint32Array;
  /** lon, lat pairs of all points */
  coords: Float64Array;
}

/** Node columns by node index (gid − segment count). */
export interface NodeArrays extends NodeColumns {
  count: number;
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
  const { count, coordStart, coords, ...segmentColumns } = d.segments;
  const { count: nodeCount, ...nodeColumns } = d.nodes;
  return {
    heightMode: d.heightMode,
    segments: {
      count,
      coordStart: shareArray(coordStart, count + 1),
      coords: shareArray(coords, coordStart[count] * 2),
      ...shareColumns<SegmentColumns>(segmentColumns, count),
    },
    nodes: { count: nodeCount, ...shareColumns<NodeColumns>(nodeColumns, nodeCount) },
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
