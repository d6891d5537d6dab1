/**
 * The network model of the pressure networks (docs/network.md), laid on a finished PipeNetwork as data:
 *  1. normally-closed boundary valves between water pressure zones: where runs of two zones meet, the first valve
 *     along each run of the minority zone is closed;
 *  2. sources: every connected part of a pressure network (water JS, gas RQ, heat RL; closed valves separate parts)
 *     gets at least one source node, more for big parts (water: works / high-zone reservoirs / zone inlets; gas:
 *     regulator stations; heat: the energy station), placed on the biggest mains of the part; a water source's head is
 *     the part's highest ground + 25 m (deterministic: the head that part needs, not the source's own ground);
 *  3. a few per cent of valves are inoperable;
 *  4. customers (households) and base demand (L/s, water only) on meters / service points.
 * Deterministic for the seed (its own forked stream: nothing else's draws move). Works on node indices; ids are not
 * needed, so it runs before or after `finalize`.
 */
import type { CategoryCode, NetworkSource } from '../../src/domain/schema';
import type { PipeNetwork } from './network';
import { Rng } from './prng';

/** Optional network fields of one node (schema.ts PipeNode), kept beside the records: most nodes have none. */
export interface NodeModel {
  state?: 'open' | 'closed';
  operable?: boolean;
  source?: NetworkSource;
  customers?: number;
  demand?: number;
}

/** Share of valves recorded inoperable. */
export const INOPERABLE_SHARE = 0.03;
/** A part of a network with fewer segments gets no source of its own (a stub cut off by boundary valves). */
const MIN_PART_FOR_SOURCE = 3;
/** One source per this many segments of a part (at least one). */
const SEGMENTS_PER_SOURCE: Record<'JS' | 'RQ' | 'RL', number> = { JS: 4000, RQ: 3000, RL: 100_000 };
/**
 * Water: a source's head above the highest ground of the connected part it feeds, m: 20 m of service head at the
 * highest main + 5 m kept for friction, what the hydraulic model asks of a part (src/analysis/hydraulics/model.ts).
 */
export const WATER_SOURCE_HEAD_ABOVE_TOP_M = 25;
/** Water: average-day use per household, L/s (3 persons × 180 L/day). */
const LPS_PER_HOUSEHOLD = (3 * 180) / 86_400;

const PRESSURE: readonly CategoryCode[] = ['JS', 'RQ', 'RL'];

export interface NetworkModelCounts {
  sources: number;
  valves: number;
  closedValves: number;
  inoperableValves: number;
  customers: number;
}

export function assignNetworkModel(pn: PipeNetwork, seed: number): NetworkModelCounts {
  const rng = new Rng(seed).fork('network-model');
  const model = pn.model;
  closeZoneBoundaries(pn);
  const counts: NetworkModelCounts = { sources: 0, valves: 0, closedValves: 0, inoperableValves: 0, customers: 0 };
  // inoperable valves and customers: one draw per node of the kind, in node order
  for (let i = 0; i < pn.nodes.length; i++) {
    const nd = pn.nodes[i];
    if (nd.type === 'valve' && PRESSURE.includes(nd.cat)) {
      counts.valves++;
      const m = model.get(i);
      if (m?.state === 'closed') counts.closedValves++;
      if (rng.chance(INOPERABLE_SHARE)) {
        model.set(i, { ...m, operable: false });
        counts.inoperableValves++;
      }
    } else if (nd.type === 'meter') {
      // a service point: an apartment block or a row of houses (Chongqing: dense), or a works / school
      const households = rng.chance(0.1) ? rng.int(200, 600) : rng.int(8, 160);
      const m: NodeModel = { customers: households };
      if (nd.cat === 'JS') m.demand = Math.round(households * LPS_PER_HOUSEHOLD * rng.range(0.8, 1.25) * 1000) / 1000;
      model.set(i, m);
      counts.customers += households;
    }
  }
  counts.sources = placeSources(pn, rng);
  return counts;
}

/** Segment indices of each node's pressure category, adjacency through `segs`. */
function closeZoneBoundaries(pn: PipeNetwork): void {
  for (let n = 0; n < pn.nodes.length; n++) {
    const nd = pn.nodes[n];
    if (nd.cat !== 'JS' || nd.segs.length < 2) continue;
    const zones = new Map<string, number>();
    for (const si of nd.segs) {
      const z = pn.segs[si].pressureZone ?? '';
      zones.set(z, (zones.get(z) ?? 0) + 1);
    }
    if (zones.size < 2) continue;
    // keep the zone most runs here belong to (ties: the name first in order); close toward the others
    const keep = [...zones.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
    for (const si of nd.segs) {
      if ((pn.segs[si].pressureZone ?? '') === keep) continue;
      const v = firstValveAlong(pn, n, si);
      if (v >= 0) pn.model.set(v, { ...pn.model.get(v), state: 'closed' });
    }
  }
}

/** The first valve met walking from node `n` along segment `si` and on through two-pipe nodes; −1 if none. */
function firstValveAlong(pn: PipeNetwork, n: number, si: number): number {
  let at = n;
  let seg = si;
  for (let steps = 0; steps < 64; steps++) {
    const s = pn.segs[seg];
    const next = s.from === at ? s.to : s.from;
    const nd = pn.nodes[next];
    if (nd.type === 'valve') return next;
    if (nd.segs.length !== 2) return -1;
    seg = nd.segs[0] === seg ? nd.segs[1] : nd.segs[0];
    at = next;
  }
  return -1;
}

/** Union-find over segments: parts of each pressure network, closed valves separating them. Returns sources placed. */
function placeSources(pn: PipeNetwork, rng: Rng): number {
  const S = pn.segs.length;
  const parent = new Int32Array(S);
  for (let i = 0; i < S; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  for (let n = 0; n < pn.nodes.length; n++) {
    const nd = pn.nodes[n];
    if (!PRESSURE.includes(nd.cat) || nd.segs.length < 2) continue;
    if (nd.type === 'valve' && pn.model.get(n)?.state === 'closed') continue;
    const a = find(nd.segs[0]);
    for (let k = 1; k < nd.segs.length; k++) {
      const b = find(nd.segs[k]);
      if (a !== b) parent[b] = a;
    }
  }
  // candidate nodes per part: not a valve / hydrant / meter / sensor point, ranked by the biggest main at the node
  const parts = new Map<number, { segs: number; cand: { n: number; dn: number; dead: boolean }[]; zone: string; top: number }>();
  for (let s = 0; s < S; s++) {
    const sg = pn.segs[s];
    if (!PRESSURE.includes(sg.cat)) continue;
    const r = find(s);
    let p = parts.get(r);
    if (!p) parts.set(r, (p = { segs: 0, cand: [], zone: sg.pressureZone ?? '', top: -Infinity }));
    p.segs++;
    p.top = Math.max(p.top, pn.nodes[sg.from].ground, pn.nodes[sg.to].ground);
  }
  for (let n = 0; n < pn.nodes.length; n++) {
    const nd = pn.nodes[n];
    if (!PRESSURE.includes(nd.cat) || nd.segs.length === 0) continue;
    if (nd.type === 'valve' || nd.type === 'hydrant' || nd.type === 'meter' || nd.type === 'sensor') continue;
    const p = parts.get(find(nd.segs[0]));
    if (!p) continue;
    let dn = 0;
    for (const si of nd.segs) dn = Math.max(dn, pn.segs[si].dn ?? pn.segs[si].box?.h ?? 0);
    p.cand.push({ n, dn, dead: nd.segs.length === 1 });
  }
  // parts in order of their first segment (deterministic), biggest water part gets the works
  const ordered = [...parts.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]);
  let biggestWater = -1;
  ordered.forEach((p, i) => {
    const c = p.cand[0];
    if (c && pn.nodes[c.n].cat === 'JS' && (biggestWater < 0 || p.segs > ordered[biggestWater].segs)) biggestWater = i;
  });
  let placed = 0;
  const serial: Record<string, number> = {};
  ordered.forEach((p, pi) => {
    if (p.segs < MIN_PART_FOR_SOURCE || p.cand.length === 0) return;
    const cat = pn.nodes[p.cand[0].n].cat as 'JS' | 'RQ' | 'RL';
    const k = Math.max(1, Math.round(p.segs / SEGMENTS_PER_SOURCE[cat]));
    // biggest mains first, dead ends (where a feed main comes in) before through nodes, then node order
    const ranked = [...p.cand].sort((a, b) => b.dn - a.dn || Number(b.dead) - Number(a.dead) || a.n - b.n);
    const top = ranked.slice(0, Math.max(k, Math.ceil(ranked.length / 4)));
    for (let j = 0; j < k && j < top.length; j++) {
      const c = top[Math.floor((j * top.length) / k)];
      const no = (serial[cat] = (serial[cat] ?? 0) + 1);
      let source: NetworkSource;
      if (cat === 'JS') {
        // every source of the part holds the head the part's highest ground needs (service pressure + friction)
        const head = Math.round((p.top + WATER_SOURCE_HEAD_ABOVE_TOP_M) * 10) / 10;
        if (pi === biggestWater && j === 0) source = { kind: 'treatment-works', name: `主城水厂出厂点${no}`, head };
        else if (p.zone.endsWith('高区')) source = { kind: 'reservoir', name: `${p.zone}高位水池${no}`, head };
        else source = { kind: 'zone-inlet', name: `${p.zone || '供水'}进水点${no}`, head };
      } else if (cat === 'RQ') source = { kind: 'regulator-station', name: `调压站${no}` };
      else source = { kind: 'heat-plant', name: no === 1 ? '江北嘴能源站' : `热源站${no}` };
      pn.model.set(c.n, { ...pn.model.get(c.n), source });
      placed++;
    }
  });
  return placed;
}
