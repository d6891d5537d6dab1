/**
 * The network as typed arrays: what the engine searches. Built once per dataset (tools/network/buildNetwork.ts writes
 * it to network.bin; tests build it from fixture records), read by the Worker without parsing records.
 *
 * Indices: segment s = gid s (0 … S-1); node n = gid S + n. The incidence CSR (`incOffsets`, `incSegs`) lists the
 * segments meeting at each node; `segFrom` / `segTo` give each segment's recorded ends (for drainage: the flow
 * direction). Strings (ids, sub-types, names) live in tables; ids are found through an open-addressing hash (ids.ts).
 */
import { CATEGORY_CODES } from '../../domain/categories';
import { polylineLength } from '../../domain/geodesy';
import type { CategoryCode, LonLat, NodeType, PipeNode, PipeSegment } from '../../domain/schema';
import { IdTable, IdTableBuilder } from './ids';
import type { SourceKind } from './types';

export const NODE_TYPES: readonly NodeType[] = ['manhole', 'valve', 'hydrant', 'tee', 'bend', 'outfall', 'meter', 'sensor', 'junction', 'inlet'];

/** nodeFlags bits */
export const FLAG_CLOSED = 1;
export const FLAG_INOPERABLE = 2;
export const FLAG_SOURCE = 4;

export interface SourceRec {
  node: number;
  kind: SourceKind;
  name: string;
  head?: number;
}

export interface SensorRec {
  sensor: string;
  /** gid of the asset (segment or node) */
  gid: number;
  metric: string;
  alarmCapable: boolean;
}

export interface CentrelineRec {
  river: string;
  coords: LonLat[];
}

export interface SectionRec {
  id: string;
  name: string;
  nameEn: string;
  river: string;
  coords: LonLat[];
}

/** JSON-able side tables (the header of network.bin). */
export interface NetworkTables {
  subs: string[];
  sources: SourceRec[];
  sensors: SensorRec[];
  /** outfall node index → river, from outfalls.geojson */
  outfallRivers: [number, string][];
  centrelines: CentrelineRec[];
  sections: SectionRec[];
}

/** The typed-array columns; every one is in the binary file. */
export interface NetworkColumns {
  segFrom: Uint32Array;
  segTo: Uint32Array;
  segCat: Uint8Array;
  segSub: Uint16Array;
  /** mm; 0 = none (box section) */
  segDn: Uint32Array;
  /** metres */
  segLength: Float32Array;
  segDepth0: Float32Array;
  segDepth1: Float32Array;
  /** NaN = no invert */
  segInvert0: Float32Array;
  segInvert1: Float32Array;
  /** lon, lat of the point halfway along each segment */
  segMid: Float64Array;
  nodeType: Uint8Array;
  nodeCat: Uint8Array;
  nodeSub: Uint16Array;
  nodePos: Float64Array;
  nodeDepth: Float32Array;
  nodeFlags: Uint8Array;
  nodeCustomers: Uint32Array;
  nodeDemand: Float32Array;
  /** CSR: segments at node n are incSegs[incOffsets[n] … incOffsets[n+1]-1] */
  incOffsets: Uint32Array;
  incSegs: Uint32Array;
}

export interface NetworkData extends NetworkColumns {
  segmentCount: number;
  nodeCount: number;
  tables: NetworkTables;
  segIds: IdTable;
  nodeIds: IdTable;
}

export const COLUMN_TYPES = {
  segFrom: Uint32Array, segTo: Uint32Array, segCat: Uint8Array, segSub: Uint16Array, segDn: Uint32Array,
  segLength: Float32Array, segDepth0: Float32Array, segDepth1: Float32Array, segInvert0: Float32Array,
  segInvert1: Float32Array, segMid: Float64Array, nodeType: Uint8Array, nodeCat: Uint8Array, nodeSub: Uint16Array,
  nodePos: Float64Array, nodeDepth: Float32Array, nodeFlags: Uint8Array, nodeCustomers: Uint32Array,
  nodeDemand: Float32Array, incOffsets: Uint32Array, incSegs: Uint32Array,
} as const satisfies Record<keyof NetworkColumns, unknown>;

export const COLUMN_NAMES = Object.keys(COLUMN_TYPES) as (keyof NetworkColumns)[];

export function catOf(i: number): CategoryCode {
  return CATEGORY_CODES[i];
}

/** Point at half the length of a polyline. */
function midpoint(coords: readonly LonLat[]): LonLat {
  if (coords.length === 2) return [(coords[0][0] + coords[1][0]) / 2, (coords[0][1] + coords[1][1]) / 2];
  const half = polylineLength(coords) / 2;
  let acc = 0;
  for (let i = 1; i < coords.length; i++) {
    const a = coords[i - 1];
    const b = coords[i];
    const l = polylineLength([a, b]);
    if (acc + l >= half && l > 0) {
      const t = (half - acc) / l;
      return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
    }
    acc += l;
  }
  return coords[coords.length - 1];
}

export interface NetworkExtras {
  sensors?: readonly { sensor: string; asset: string; metric: string; alarmCapable: boolean }[];
  outfalls?: readonly { id: string; river: string }[];
  centrelines?: readonly CentrelineRec[];
  sections?: readonly SectionRec[];
}

/**
 * Streams records into a NetworkData: all nodes first (any order of calls, but in gid order), then the segments in
 * gid order (their from / to ids must be nodes added), then `finish`.
 */
export class NetworkBuilder {
  private readonly nodeIndex = new Map<string, number>();
  private readonly nodeIdB = new IdTableBuilder();
  private readonly segIdB = new IdTableBuilder();
  private readonly subs: string[] = [];
  private readonly subIndex = new Map<string, number>();
  private readonly sources: SourceRec[] = [];
  private readonly nodeGids: number[] = [];
  private n: Record<'type' | 'cat' | 'sub' | 'flags' | 'customers', number[]> & { pos: number[]; depth: number[]; demand: number[] } = {
    type: [], cat: [], sub: [], flags: [], customers: [], pos: [], depth: [], demand: [],
  };
  private s = {
    from: [] as number[], to: [] as number[], cat: [] as number[], sub: [] as number[], dn: [] as number[], length: [] as number[],
    d0: [] as number[], d1: [] as number[], i0: [] as number[], i1: [] as number[], mid: [] as number[],
  };

  private sub(code: string): number {
    let i = this.subIndex.get(code);
    if (i === undefined) {
      i = this.subs.length;
      this.subs.push(code);
      this.subIndex.set(code, i);
    }
    return i;
  }

  addNode(nd: PipeNode): void {
    const i = this.nodeGids.length;
    if (this.nodeIndex.has(nd.id)) throw new Error(`duplicate node id ${nd.id}`);
    this.nodeIndex.set(nd.id, i);
    this.nodeIdB.add(nd.id);
    this.nodeGids.push(nd.gid);
    const t = NODE_TYPES.indexOf(nd.type);
    if (t < 0) throw new Error(`node ${nd.id}: unknown type ${String(nd.type)}`);
    const c = CATEGORY_CODES.indexOf(nd.cat);
    if (c < 0) throw new Error(`node ${nd.id}: unknown category ${String(nd.cat)}`);
    let flags = 0;
    if (nd.type === 'valve' && nd.state === 'closed') flags |= FLAG_CLOSED;
    if (nd.type === 'valve' && nd.operable === false) flags |= FLAG_INOPERABLE;
    if (nd.source) {
      flags |= FLAG_SOURCE;
      this.sources.push({ node: i, kind: nd.source.kind, name: nd.source.name, ...(nd.source.head !== undefined ? { head: nd.source.head } : {}) });
    }
    this.n.type.push(t);
    this.n.cat.push(c);
    this.n.sub.push(this.sub(nd.sub));
    this.n.flags.push(flags);
    this.n.customers.push(nd.customers ?? 0);
    this.n.demand.push(nd.demand ?? 0);
    this.n.pos.push(nd.position[0], nd.position[1]);
    this.n.depth.push(nd.depth);
  }

  addSegment(sg: PipeSegment): void {
    const gid = this.s.from.length;
    if (sg.gid !== gid) throw new Error(`segment ${sg.id}: gid ${sg.gid}, expected ${gid} (segments must come in gid order)`);
    const a = this.nodeIndex.get(sg.from);
    const b = this.nodeIndex.get(sg.to);
    if (a === undefined || b === undefined) throw new Error(`segment ${sg.id}: unknown end node ${a === undefined ? sg.from : sg.to}`);
    this.segIdB.add(sg.id);
    const c = CATEGORY_CODES.indexOf(sg.cat);
    if (c < 0) throw new Error(`segment ${sg.id}: unknown category ${String(sg.cat)}`);
    const mid = midpoint(sg.coords);
    const s = this.s;
    s.from.push(a);
    s.to.push(b);
    s.cat.push(c);
    s.sub.push(this.sub(sg.sub));
    s.dn.push(sg.dn ?? 0);
    s.length.push(polylineLength(sg.coords));
    s.d0.push(sg.depth0);
    s.d1.push(sg.depth1);
    s.i0.push(sg.invert0 ?? NaN);
    s.i1.push(sg.invert1 ?? NaN);
    s.mid.push(mid[0], mid[1]);
  }

  finish(extras: NetworkExtras = {}): NetworkData {
    const S = this.s.from.length;
    const N = this.nodeGids.length;
    this.nodeGids.forEach((g, i) => {
      if (g !== S + i) throw new Error(`node ${i}: gid ${g}, expected ${S + i} (nodes follow the segments in gid order)`);
    });
    const s = this.s;
    const n = this.n;
    const segFrom = Uint32Array.from(s.from);
    const segTo = Uint32Array.from(s.to);
    const { incOffsets, incSegs } = incidence(segFrom, segTo, N);
    const nodeIds = this.nodeIdB.finish();
    const segIds = this.segIdB.finish();
    const gidOf = (id: string): number => {
      const si = segIds.find(id);
      if (si >= 0) return si;
      const ni = nodeIds.find(id);
      return ni >= 0 ? S + ni : -1;
    };
    const sensors: SensorRec[] = [];
    for (const x of extras.sensors ?? []) {
      const gid = gidOf(x.asset);
      if (gid >= 0) sensors.push({ sensor: x.sensor, gid, metric: x.metric, alarmCapable: x.alarmCapable });
    }
    const outfallRivers: [number, string][] = [];
    for (const o of extras.outfalls ?? []) {
      const ni = nodeIds.find(o.id);
      if (ni >= 0) outfallRivers.push([ni, o.river]);
    }
    return {
      segmentCount: S,
      nodeCount: N,
      segFrom,
      segTo,
      segCat: Uint8Array.from(s.cat),
      segSub: Uint16Array.from(s.sub),
      segDn: Uint32Array.from(s.dn),
      segLength: Float32Array.from(s.length),
      segDepth0: Float32Array.from(s.d0),
      segDepth1: Float32Array.from(s.d1),
      segInvert0: Float32Array.from(s.i0),
      segInvert1: Float32Array.from(s.i1),
      segMid: Float64Array.from(s.mid),
      nodeType: Uint8Array.from(n.type),
      nodeCat: Uint8Array.from(n.cat),
      nodeSub: Uint16Array.from(n.sub),
      nodePos: Float64Array.from(n.pos),
      nodeDepth: Float32Array.from(n.depth),
      nodeFlags: Uint8Array.from(n.flags),
      nodeCustomers: Uint32Array.from(n.customers),
      nodeDemand: Float32Array.from(n.demand),
      incOffsets,
      incSegs,
      tables: {
        subs: this.subs,
        sources: this.sources,
        sensors,
        outfallRivers,
        centrelines: [...(extras.centrelines ?? [])],
        sections: [...(extras.sections ?? [])],
      },
      segIds,
      nodeIds,
    };
  }
}

/** The node → segments CSR from the segments' ends (a segment appears once at each end). */
export function incidence(segFrom: Uint32Array, segTo: Uint32Array, nodeCount: number): { incOffsets: Uint32Array; incSegs: Uint32Array } {
  const S = segFrom.length;
  const incOffsets = new Uint32Array(nodeCount + 1);
  for (let s = 0; s < S; s++) {
    incOffsets[segFrom[s] + 1]++;
    incOffsets[segTo[s] + 1]++;
  }
  for (let i = 0; i < nodeCount; i++) incOffsets[i + 1] += incOffsets[i];
  const fill = incOffsets.slice(0, nodeCount);
  const incSegs = new Uint32Array(2 * S);
  for (let s = 0; s < S; s++) {
    incSegs[fill[segFrom[s]]++] = s;
    incSegs[fill[segTo[s]]++] = s;
  }
  return { incOffsets, incSegs };
}

/** Convenience for tests and small data: nodes and segments as arrays. */
export function buildNetwork(segments: readonly PipeSegment[], nodes: readonly PipeNode[], extras?: NetworkExtras): NetworkData {
  const b = new NetworkBuilder();
  for (const nd of nodes) b.addNode(nd);
  for (const sg of segments) b.addSegment(sg);
  return b.finish(extras);
}
