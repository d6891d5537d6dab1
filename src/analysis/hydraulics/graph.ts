/**
 * Distances along a water model's network (pipes by length, valves and stations as zero-length links): from a point
 * on a pipe to every node, and from there to any pipe's middle. Used to judge localisation (metres along the mains
 * from the true leak to a candidate) and by the baseline (pipes nearest a sensor).
 */
import type { WaterModel } from './model';

export interface NetworkGraph {
  ids: string[];
  index: Map<string, number>;
  /** CSR adjacency */
  start: Int32Array;
  to: Int32Array;
  len: Float64Array;
}

/** `closed`: also through closed links (distance along the mains whatever the valves' state; default false). */
export function buildGraph(model: WaterModel, closed = false): NetworkGraph {
  const ids = model.nodes.map((n) => n.id);
  const index = new Map(ids.map((id, i) => [id, i]));
  const deg = new Int32Array(ids.length + 1);
  const open = model.links.filter((l) => (closed || l.status === 'Open') && index.has(l.from) && index.has(l.to));
  for (const l of open) {
    deg[index.get(l.from)! + 1]++;
    deg[index.get(l.to)! + 1]++;
  }
  for (let i = 1; i < deg.length; i++) deg[i] += deg[i - 1];
  const start = Int32Array.from(deg);
  const fill = Int32Array.from(deg);
  const to = new Int32Array(open.length * 2);
  const len = new Float64Array(open.length * 2);
  for (const l of open) {
    const a = index.get(l.from)!;
    const b = index.get(l.to)!;
    const w = l.kind === 'pipe' ? l.length : 0;
    to[fill[a]] = b;
    len[fill[a]++] = w;
    to[fill[b]] = a;
    len[fill[b]++] = w;
  }
  return { ids, index, start, to, len };
}

/** Shortest distances (m) from the given start nodes with their initial distances; Infinity where unreachable. */
export function distancesFrom(g: NetworkGraph, starts: ReadonlyArray<readonly [string, number]>): Float64Array {
  const dist = new Float64Array(g.ids.length).fill(Infinity);
  const heap: number[] = []; // node indices, ordered by dist
  const up = (k: number) => {
    while (k > 0) {
      const p = (k - 1) >> 1;
      if (dist[heap[p]] <= dist[heap[k]]) break;
      [heap[p], heap[k]] = [heap[k], heap[p]];
      k = p;
    }
  };
  for (const [id, d] of starts) {
    const i = g.index.get(id);
    if (i === undefined || d >= dist[i]) continue;
    dist[i] = d;
    heap.push(i);
    up(heap.length - 1);
  }
  const done = new Uint8Array(g.ids.length);
  while (heap.length) {
    const i = heap[0];
    const last = heap.pop()!;
    if (heap.length) {
      heap[0] = last;
      let k = 0;
      for (;;) {
        const l = 2 * k + 1;
        const r = l + 1;
        let m = k;
        if (l < heap.length && dist[heap[l]] < dist[heap[m]]) m = l;
        if (r < heap.length && dist[heap[r]] < dist[heap[m]]) m = r;
        if (m === k) break;
        [heap[m], heap[k]] = [heap[k], heap[m]];
        k = m;
      }
    }
    if (done[i]) continue;
    done[i] = 1;
    for (let e = g.start[i]; e < g.start[i + 1]; e++) {
      const j = g.to[e];
      const nd = dist[i] + g.len[e];
      if (nd < dist[j]) {
        dist[j] = nd;
        heap.push(j);
        up(heap.length - 1);
      }
    }
  }
  return dist;
}

/** Distance (m) from node distances to the middle of a pipe (from, to, length). */
export function toPipeMiddle(g: NetworkGraph, dist: Float64Array, pipe: { from: string; to: string; length: number }): number {
  const a = dist[g.index.get(pipe.from) ?? -1] ?? Infinity;
  const b = dist[g.index.get(pipe.to) ?? -1] ?? Infinity;
  return Math.min(a, b) + pipe.length / 2;
}
