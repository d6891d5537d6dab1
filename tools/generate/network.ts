/**
 * In-memory pipe network under construction: nodes and segments in creation order (= gid order), with local-metre
 * coordinates until they are written.
 */
import type { CategoryCode, NodeType, PipeSegment } from '../../src/domain/schema';
import { IdCounter, nodeCode, segmentCode } from './codes';
import type { XY } from './geo';
import type { NetworkModelCounts, NodeModel } from './valves';

export interface NodeRec {
  id: string;
  cat: CategoryCode;
  sub: string;
  code: string;
  type: NodeType;
  xy: XY;
  ground: number;
  depth: number;
  year: number;
  owner: string;
  segs: number[];
  /** district key (for owners, zones, labels) */
  district: string;
}

/** Attributes shared by the segments of one run: the survey record's (src/domain/schema.ts), carriageway known. */
export type SegProps = Pick<
  PipeSegment,
  'cat' | 'sub' | 'material' | 'dn' | 'box' | 'burial' | 'year' | 'owner' | 'street' | 'crossing' | 'pressureZone' | 'pressureClass'
> &
  Required<Pick<PipeSegment, 'underCarriageway'>>;

export interface SegRec extends SegProps {
  id: string;
  code: string;
  from: number;
  to: number;
  /** flat local coordinates x0, y0, x1, y1, … (compact: a million segments stay small) */
  coords: number[];
  length: number;
  depth0: number;
  depth1: number;
  invert0: number | null;
  invert1: number | null;
}

export interface NewNode {
  cat: CategoryCode;
  sub: string;
  type: NodeType;
  xy: XY;
  ground: number;
  year: number;
  owner: string;
  district: string;
}

export class PipeNetwork {
  readonly nodes: NodeRec[] = [];
  readonly segs: SegRec[] = [];
  readonly ids = new IdCounter();
  /** network-model fields by node index (valves.ts): most nodes have none */
  readonly model = new Map<number, NodeModel>();
  /** counts of the network model, for meta.json (set by valves.ts) */
  networkCounts: NetworkModelCounts | null = null;

  addNode(n: NewNode): number {
    // explicit literal (no spread): one hidden class for every record, much less GC at a million records.
    // Number fields set later start as NaN (a double), not 0 (a small integer): storing a fraction into a field V8
    // had typed as small-integer would migrate every record's hidden class.
    this.nodes.push({
      id: '', cat: n.cat, sub: n.sub, code: '', type: n.type, xy: n.xy, ground: n.ground, depth: NaN, year: n.year,
      owner: n.owner, segs: [], district: n.district,
    });
    return this.nodes.length - 1;
  }

  addSeg(p: SegProps, from: number, to: number, pts: readonly XY[]): number {
    const coords: number[] = [];
    let L = 0;
    for (let i = 0; i < pts.length; i++) {
      coords.push(pts[i][0], pts[i][1]);
      if (i > 0) L += Math.hypot(pts[i][0] - pts[i - 1][0], pts[i][1] - pts[i - 1][1]);
    }
    this.segs.push({
      id: '', cat: p.cat, sub: p.sub, code: '', from, to, coords, length: L, material: p.material, dn: p.dn, box: p.box,
      depth0: NaN, depth1: NaN, burial: p.burial, year: p.year, owner: p.owner, street: p.street, crossing: p.crossing,
      pressureZone: p.pressureZone, pressureClass: p.pressureClass, invert0: null, invert1: null,
      underCarriageway: p.underCarriageway,
    });
    const i = this.segs.length - 1;
    this.nodes[from].segs.push(i);
    this.nodes[to].segs.push(i);
    return i;
  }

  /** Ids and feature codes, assigned once the network is complete (types may change while it is built). */
  finalize(): void {
    for (const s of this.segs) {
      s.id = this.ids.segment(s.sub);
      s.code = segmentCode(s.cat, s.sub);
    }
    for (const n of this.nodes) {
      n.id = this.ids.node(n.sub, n.type);
      n.code = nodeCode(n.cat, n.sub, n.type);
    }
  }
}
