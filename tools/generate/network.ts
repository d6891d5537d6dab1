/**
 * In-memory pipe network under construction: nodes and segments in creation order (= gid order), with local-metre
 * coordinates until they are written.
 */
import type { CategoryCode, CrossingKind, NodeType, PressureClass } from '../../src/domain/schema';
import { IdCounter, nodeCode, segmentCode } from './codes';
import type { XY } from './geo';

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

export interface SegRec {
  id: string;
  cat: CategoryCode;
  sub: string;
  code: string;
  from: number;
  to: number;
  coords: XY[];
  length: number;
  material: string;
  dn: number | null;
  box: { w: number; h: number } | null;
  depth0: number;
  depth1: number;
  burial: string;
  year: number;
  owner: string;
  street: string | null;
  crossing: CrossingKind | null;
  pressureZone: string | null;
  pressureClass: PressureClass | null;
  invert0: number | null;
  invert1: number | null;
  underCarriageway: boolean;
}

export class PipeNetwork {
  readonly nodes: NodeRec[] = [];
  readonly segs: SegRec[] = [];
  readonly ids = new IdCounter();

  addNode(n: Omit<NodeRec, 'id' | 'code' | 'segs' | 'depth'> & { depth?: number }): number {
    this.nodes.push({ ...n, id: '', code: '', depth: n.depth ?? 0, segs: [] });
    return this.nodes.length - 1;
  }

  addSeg(
    s: Omit<SegRec, 'id' | 'code' | 'length' | 'depth0' | 'depth1' | 'invert0' | 'invert1'> &
      Partial<Pick<SegRec, 'depth0' | 'depth1' | 'invert0' | 'invert1'>>,
  ): number {
    let L = 0;
    for (let i = 1; i < s.coords.length; i++) {
      L += Math.hypot(s.coords[i][0] - s.coords[i - 1][0], s.coords[i][1] - s.coords[i - 1][1]);
    }
    this.segs.push({
      depth0: 0, depth1: 0, invert0: null, invert1: null,
      ...s,
      id: '',
      code: '',
      length: L,
    });
    const i = this.segs.length - 1;
    this.nodes[s.from].segs.push(i);
    this.nodes[s.to].segs.push(i);
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
