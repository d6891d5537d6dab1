/**
 * Valve isolation on a pressure network (water JS, gas RQ, heat RL).
 *
 * 1. The section: a search over pipes from the chosen pipe through every node except valves that can shut it off.
 *    At a valve: already closed → bounds the section (nothing to do); open, operable and not marked stuck → bounds it
 *    (close it); inoperable or stuck → the search passes through to the valves beyond. A source reached in the section
 *    means it cannot be isolated; no valve to close means the same.
 * 2. The secondary outage: pipes fed from a source of the same network before (closed valves stay closed) that no
 *    source reaches once the valves to close are shut as well.
 * 3. Service points / meters in the section or the outage, their customers and demand.
 */
import { CATEGORY_CODES } from '../../domain/categories';
import { FLAG_CLOSED, FLAG_INOPERABLE, FLAG_SOURCE, NODE_TYPES, type NetworkData } from './model';
import { KIND_WORDS, NetworkError } from './errors';
import type { Marks, Stack } from './scratch';

const VALVE = NODE_TYPES.indexOf('valve');
const METER = NODE_TYPES.indexOf('meter');

export interface IsolationCore {
  start: number;
  close: number[];
  inoperable: number[];
  stuck: number[];
  alreadyClosed: number[];
  /** isolated segments */
  section: number[];
  /** secondary outage segments */
  outage: number[];
  /** meter nodes in the section / the outage */
  metersIsolated: number[];
  metersOutage: number[];
}

export interface SearchScratch {
  seg: Marks;
  node: Marks;
  /** the outage search's part of each segment (numbers grow across searches: no clearing) */
  region: Uint32Array;
  nextRegion: number;
  stack: Stack;
}

/** Which categories are pressure networks with valves and sources. */
export const PRESSURE_CATS: ReadonlySet<string> = new Set(['JS', 'RQ', 'RL']);

/**
 * Segments fed from the network's sources with the recorded valve states, plus `extraClosed` nodes shut:
 * marks them in `marks` (reset first). Closed valves block; a source on a closed valve feeds nothing.
 */
export function markFed(net: NetworkData, cat: number, extraClosed: Marks | null, marks: Marks, nodeMarks: Marks, stack: Stack): void {
  marks.reset();
  nodeMarks.reset();
  const { incOffsets, incSegs, segFrom, segTo, nodeFlags, segCat } = net;
  stack.length = 0;
  for (const src of net.tables.sources) {
    const n = src.node;
    if (net.nodeCat[n] !== cat) continue;
    if (nodeFlags[n] & FLAG_CLOSED || (extraClosed && extraClosed.has(n))) continue;
    nodeMarks.add(n);
    for (let k = incOffsets[n]; k < incOffsets[n + 1]; k++) {
      const s = incSegs[k];
      if (segCat[s] === cat && marks.add(s)) stack.push(s);
    }
  }
  while (stack.length > 0) {
    const s = stack.pop();
    for (let e = 0; e < 2; e++) {
      const n = e === 0 ? segFrom[s] : segTo[s];
      if (!nodeMarks.add(n)) continue;
      if (nodeFlags[n] & FLAG_CLOSED || (extraClosed && extraClosed.has(n))) continue;
      for (let k = incOffsets[n]; k < incOffsets[n + 1]; k++) {
        const x = incSegs[k];
        if (segCat[x] === cat && marks.add(x)) stack.push(x);
      }
    }
  }
}

export function isolateCore(net: NetworkData, start: number, stuck: ReadonlySet<number>, sc: SearchScratch, baseline: Marks, closeMarks: Marks): IsolationCore {
  const { incOffsets, incSegs, segFrom, segTo, nodeFlags, nodeType, segCat } = net;
  const cat = segCat[start];
  const core: IsolationCore = { start, close: [], inoperable: [], stuck: [], alreadyClosed: [], section: [], outage: [], metersIsolated: [], metersOutage: [] };
  const { seg, node, stack } = sc;
  seg.reset();
  node.reset();
  stack.length = 0;
  seg.add(start);
  stack.push(start);
  let source = -1;
  while (stack.length > 0) {
    const s = stack.pop();
    core.section.push(s);
    for (let e = 0; e < 2; e++) {
      const n = e === 0 ? segFrom[s] : segTo[s];
      if (!node.add(n)) continue;
      const f = nodeFlags[n];
      if (f & FLAG_SOURCE && source < 0) source = n;
      if (nodeType[n] === VALVE) {
        if (f & FLAG_CLOSED) {
          core.alreadyClosed.push(n);
          continue;
        }
        if (stuck.has(n)) core.stuck.push(n);
        else if (f & FLAG_INOPERABLE) core.inoperable.push(n);
        else {
          core.close.push(n);
          continue;
        }
      } else if (nodeType[n] === METER) core.metersIsolated.push(n);
      for (let k = incOffsets[n]; k < incOffsets[n + 1]; k++) {
        const x = incSegs[k];
        if (segCat[x] === cat && seg.add(x)) stack.push(x);
      }
    }
  }
  const id = net.segIds.get(start);
  if (source >= 0) {
    const rec = net.tables.sources.find((r) => r.node === source);
    throw new NetworkError('contains-source', { id, source: rec?.name ?? '', sourceId: net.nodeIds.get(source) });
  }
  if (core.close.length === 0) throw new NetworkError('not-isolable', { id });
  // secondary outage: from the far side of every valve to close, search the network with those valves shut. A search
  // that meets a source (or a part an earlier search found fed) stops: that part is still supplied. A search that
  // runs out is a part cut off from every source: its pipes that were fed before (baseline) are the outage.
  closeMarks.reset();
  for (const v of core.close) closeMarks.add(v);
  const inSection = seg;
  if (sc.nextRegion > 0xf0000000) {
    sc.region.fill(0);
    sc.nextRegion = 0;
  }
  const region = sc.region;
  const queryStart = sc.nextRegion + 1;
  node.reset();
  const list: number[] = [];
  for (const v of core.close) {
    for (let k = incOffsets[v]; k < incOffsets[v + 1]; k++) {
      const x0 = incSegs[k];
      if (segCat[x0] !== cat || inSection.has(x0) || region[x0] >= queryStart) continue;
      const r = ++sc.nextRegion;
      region[x0] = r;
      list.length = 0;
      list.push(x0);
      stack.length = 0;
      stack.push(x0);
      let fed = false;
      search: while (stack.length > 0) {
        const s = stack.pop();
        for (let e = 0; e < 2; e++) {
          const n = e === 0 ? segFrom[s] : segTo[s];
          const f = nodeFlags[n];
          if (f & FLAG_CLOSED || closeMarks.has(n)) continue;
          if (f & FLAG_SOURCE) {
            fed = true;
            break search;
          }
          if (!node.add(n)) continue;
          for (let j = incOffsets[n]; j < incOffsets[n + 1]; j++) {
            const x = incSegs[j];
            if (segCat[x] !== cat || inSection.has(x)) continue;
            const g = region[x];
            if (g === r) continue;
            if (g >= queryStart) {
              fed = true;
              break search;
            }
            region[x] = r;
            list.push(x);
            stack.push(x);
          }
        }
      }
      if (fed) continue;
      for (const x of list) if (baseline.has(x)) core.outage.push(x);
    }
  }
  core.outage.sort((a, b) => a - b);
  // service points on the outage pipes (those in the section are listed already)
  node.reset();
  for (const n of core.metersIsolated) node.add(n);
  for (const s of core.outage) {
    for (let e = 0; e < 2; e++) {
      const n = e === 0 ? segFrom[s] : segTo[s];
      if (nodeType[n] === METER && node.add(n)) core.metersOutage.push(n);
    }
  }
  core.section.sort((a, b) => a - b);
  return core;
}

const PRESSURE_INDEX = new Set(CATEGORY_CODES.map((c, i) => (PRESSURE_CATS.has(c) ? i : -1)).filter((i) => i >= 0));

/** Throws unless segment s is a pressure pipe. */
export function checkPressurePipe(net: NetworkData, s: number): void {
  if (PRESSURE_INDEX.has(net.segCat[s])) return;
  const sub = net.tables.subs[net.segSub[s]];
  throw new NetworkError('wrong-kind', {
    id: net.segIds.get(s),
    is: `a ${sub} pipe`,
    isZh: `${sub} 管段`,
    need: `isolation needs ${KIND_WORDS.pressurePipe.en}`,
    needZh: `关阀分析需要${KIND_WORDS.pressurePipe.zh}`,
  });
}
