/**
 * Paths along one network for long profiles, over the segment records (the network engine, src/analysis/network/,
 * answers "downstream of a pipe": `chainDownstream` orders its trace into one path to the outfall).
 * Pure; breadth-first, so the path has the fewest pipes.
 */
import type { DrawingPipe } from './types';

export interface PathStep {
  pipe: DrawingPipe;
  /** walked to → from */
  reversed: boolean;
}

/**
 * The path from node `from` to node `to` over pipes of one category. Gravity networks (PS) are walked along the
 * recorded flow first; when no path runs that way (e.g. asked from downstream to upstream), any direction is allowed.
 * Null when the nodes are not connected.
 */
export function findPath(pipes: readonly DrawingPipe[], from: string, to: string): PathStep[] | null {
  const cat = pipes.find((p) => p.from === from || p.to === from)?.cat;
  if (cat === undefined) return null;
  const same = pipes.filter((p) => p.cat === cat);
  if (cat === 'PS') return bfs(same, from, to, true) ?? bfs(same, from, to, false);
  return bfs(same, from, to, false);
}

/**
 * The path from node `from` to node `to` along the recorded flow only (from → to of every pipe), over the pipes given
 * (e.g. a downstream trace of the network engine, so the path is the engine's current network). Null when `to` is not
 * downstream of `from`.
 */
export function findFlowPath(pipes: readonly DrawingPipe[], from: string, to: string): PathStep[] | null {
  return bfs(pipes, from, to, true);
}

function bfs(pipes: readonly DrawingPipe[], from: string, to: string, directed: boolean): PathStep[] | null {
  const adj = new Map<string, PathStep[]>();
  const add = (n: string, s: PathStep): void => {
    const l = adj.get(n);
    if (l) l.push(s);
    else adj.set(n, [s]);
  };
  for (const p of pipes) {
    add(p.from, { pipe: p, reversed: false });
    if (!directed) add(p.to, { pipe: p, reversed: true });
  }
  const prev = new Map<string, { node: string; step: PathStep }>();
  const seen = new Set([from]);
  let frontier = [from];
  while (frontier.length > 0 && !seen.has(to)) {
    const next: string[] = [];
    for (const n of frontier) {
      for (const s of adj.get(n) ?? []) {
        const m = s.reversed ? s.pipe.from : s.pipe.to;
        if (seen.has(m)) continue;
        seen.add(m);
        prev.set(m, { node: n, step: s });
        next.push(m);
      }
    }
    frontier = next;
  }
  if (!seen.has(to) || from === to) return null;
  const steps: PathStep[] = [];
  for (let n = to; n !== from; ) {
    const p = prev.get(n);
    if (!p) return null;
    steps.push(p.step);
    n = p.node;
  }
  return steps.reverse();
}

/**
 * One path from the pipe `start` down to an outfall through the pipes of a downstream trace (`traced`: the trace's
 * pipe ids, the start included or not): at each node the next pipe is the traced pipe leaving it, the largest when
 * the flow splits (the main). Stops at a node with no traced pipe leaving (the outfall) or on a loop.
 */
export function chainDownstream(start: DrawingPipe, traced: Iterable<DrawingPipe>): PathStep[] {
  const leaving = new Map<string, DrawingPipe[]>();
  for (const p of traced) {
    const l = leaving.get(p.from);
    if (l) l.push(p);
    else leaving.set(p.from, [p]);
  }
  const steps: PathStep[] = [{ pipe: start, reversed: false }];
  const seen = new Set([start.id]);
  let node = start.to;
  for (;;) {
    const out = (leaving.get(node) ?? []).filter((p) => !seen.has(p.id));
    if (out.length === 0) break;
    out.sort((a, b) => (b.dn ?? b.box?.w ?? 0) - (a.dn ?? a.box?.w ?? 0) || (a.id < b.id ? -1 : 1));
    const p = out[0];
    seen.add(p.id);
    steps.push({ pipe: p, reversed: false });
    node = p.to;
  }
  return steps;
}
