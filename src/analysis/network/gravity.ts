/**
 * Gravity traces on drainage (PS): along the recorded flow direction of each pipe (from → to, the surveyed
 * direction; the schema's contract for gravity networks). Inverts do not re-route the trace: a pipe whose inverts
 * rise along its direction is flagged (adverse / flat / unknown), never reversed.
 *
 * Downstream from a node: the pipes leaving it (from = node), on to their `to` nodes. Upstream: the pipes arriving
 * (to = node), back to their `from` nodes. From a pipe: the pipe itself, then on from its `to` (downstream) or
 * `from` (upstream) node.
 */
import { CATEGORY_CODES } from '../../domain/categories';
import type { NetworkData } from './model';
import type { SearchScratch } from './isolate';
import type { TraceDirection } from './types';

export const PS = CATEGORY_CODES.indexOf('PS');

export interface TraceCore {
  segs: number[];
  nodes: number[];
}

/** `startSeg` ≥ 0: start at that pipe; otherwise at node `startNode`. */
export function traceCore(net: NetworkData, direction: TraceDirection, startSeg: number, startNode: number, sc: SearchScratch): TraceCore {
  const { incOffsets, incSegs, segFrom, segTo, segCat } = net;
  const down = direction === 'downstream';
  const { seg, node, stack } = sc;
  seg.reset();
  node.reset();
  stack.length = 0;
  const out: TraceCore = { segs: [], nodes: [] };
  const visitNode = (n: number): void => {
    if (!node.add(n)) return;
    out.nodes.push(n);
    for (let k = incOffsets[n]; k < incOffsets[n + 1]; k++) {
      const x = incSegs[k];
      if (segCat[x] !== PS) continue;
      if ((down ? segFrom[x] : segTo[x]) !== n) continue;
      if (seg.add(x)) stack.push(x);
    }
  };
  if (startSeg >= 0) {
    seg.add(startSeg);
    stack.push(startSeg);
  } else visitNode(startNode);
  while (stack.length > 0) {
    const s = stack.pop();
    out.segs.push(s);
    visitNode(down ? segTo[s] : segFrom[s]);
  }
  out.segs.sort((a, b) => a - b);
  return out;
}
