/** Result items (ids, gids, positions, depths) from the typed arrays. */
import type { LonLat } from '../../domain/schema';
import { catOf, FLAG_CLOSED, FLAG_INOPERABLE, NODE_TYPES, type NetworkData } from './model';
import type { NodeItem, PipeItem, SlopeFlag, ValveItem, ValveRole } from './types';

const r2 = (v: number): number => Math.round(v * 100) / 100;
const r7 = (v: number): number => Math.round(v * 1e7) / 1e7;

export function nodePosition(net: NetworkData, n: number): LonLat {
  return [r7(net.nodePos[2 * n]), r7(net.nodePos[2 * n + 1])];
}

export function pipeItem(net: NetworkData, s: number): PipeItem {
  const dn = net.segDn[s];
  return {
    id: net.segIds.get(s),
    gid: s,
    cat: catOf(net.segCat[s]),
    sub: net.tables.subs[net.segSub[s]],
    dn: dn === 0 ? null : dn,
    length: r2(net.segLength[s]),
    position: [r7(net.segMid[2 * s]), r7(net.segMid[2 * s + 1])],
    depth0: r2(net.segDepth0[s]),
    depth1: r2(net.segDepth1[s]),
    from: net.nodeIds.get(net.segFrom[s]),
    to: net.nodeIds.get(net.segTo[s]),
  };
}

export function nodeItem(net: NetworkData, n: number): NodeItem {
  return {
    id: net.nodeIds.get(n),
    gid: net.segmentCount + n,
    cat: catOf(net.nodeCat[n]),
    sub: net.tables.subs[net.nodeSub[n]],
    type: NODE_TYPES[net.nodeType[n]],
    position: nodePosition(net, n),
    depth: r2(net.nodeDepth[n]),
  };
}

export function valveItem(net: NetworkData, n: number, role: ValveRole): ValveItem {
  const f = net.nodeFlags[n];
  return { ...nodeItem(net, n), role, state: f & FLAG_CLOSED ? 'closed' : 'open', operable: !(f & FLAG_INOPERABLE) };
}

/** Slope flag of a gravity pipe along its recorded direction, or null when it falls. */
export function slopeFlag(net: NetworkData, s: number): SlopeFlag | null {
  const i0 = net.segInvert0[s];
  const i1 = net.segInvert1[s];
  let flag: SlopeFlag['flag'];
  if (Number.isNaN(i0) || Number.isNaN(i1)) flag = 'unknown';
  else if (i1 > i0) flag = 'adverse';
  else if (i1 === i0) flag = 'flat';
  else return null;
  const rise = flag === 'unknown' ? null : Math.round((i1 - i0) * 1000) / 1000;
  return { id: net.segIds.get(s), gid: s, flag, rise, position: [r7(net.segMid[2 * s]), r7(net.segMid[2 * s + 1])] };
}

/** Sum of segment lengths, metres (2 decimals). */
export function totalLength(net: NetworkData, segs: ArrayLike<number>): number {
  let L = 0;
  for (let i = 0; i < segs.length; i++) L += net.segLength[segs[i]];
  return r2(L);
}
