/**
 * The street network, on land only: per region a warped, jittered grid aligned with the local river direction
 * (Chongqing's streets wind along the hills), riverside roads along every bank, short connectors from the riverside
 * roads up to the grid, and bridges at the bridge centres of standards.md §6. Streets are graph edges between street
 * nodes; named streets are paths of edges.
 */
import { REGION_ROTATION, REGIONS, districtOf, type Region, DISTRICTS } from './area';
import { dist, LocalFrame, type XY } from './geo';
import { ARTERIAL_NAMES, BRIDGES, bankRoadName, type NamePair } from './names';
import { Rng, valueNoise2 } from './prng';
import { offsetPoint, type RiverId, type WaterIndex } from './rivers';
import type { StreetProps } from '../../src/domain/schema';

export type StreetClass = StreetProps['class'];

export interface StreetNode {
  xy: XY;
  region: Region;
  /** riverside road node: river index and bank side, else null */
  bank: { river: number; side: 1 | -1; vertex: number } | null;
}

export interface StreetEdge {
  a: number;
  b: number;
  cls: StreetClass;
  /** carriageway + sidewalks, metres */
  width: number;
  street: number;
  /** riverside road */
  bankRoad: boolean;
}

export interface Street {
  id: string;
  name: string;
  nameEn: string;
  cls: StreetClass;
  width: number;
  district: string;
  /** edge indices, in path order */
  edges: number[];
}

export interface RiverCrossingSite {
  river: RiverId;
  a: number;
  b: number;
}

export interface StreetNet {
  nodes: StreetNode[];
  edges: StreetEdge[];
  streets: Street[];
  /** two riverside-road nodes facing each other across a river, away from bridges: for an under-river main */
  crossingSites: RiverCrossingSite[];
  spacing: number;
}

export interface StreetOptions {
  frame: LocalFrame;
  water: WaterIndex;
  regionOf: (p: XY) => Region;
  /** bbox in local metres: [minX, minY, maxX, maxY] */
  box: [number, number, number, number];
  /** grid spacing, metres */
  spacing: number;
  seed: number;
}

/** Distance of riverside road centrelines from the water's edge, metres. */
export const BANK_ROAD_OFFSET = 48;
const EDGE_MARGIN = 30;
const BOX_MARGIN = 12;

interface Run { edges: number[]; cls: StreetClass; width: number; len: number; mid: XY; row: boolean; region: Region }

/** Riverside-road nodes and the street each belongs to. */
interface Banks {
  bankNodes: number[];
  bankStreetOf: Map<number, number>;
}

/** The network under construction and the helpers every step uses. */
interface StreetBuild {
  o: StreetOptions;
  /** one stream shared by the steps in order (bank road, connector and bridge widths, crossing choice) */
  rng: Rng;
  /** grid spacing, metres */
  h: number;
  nodes: StreetNode[];
  edges: StreetEdge[];
  streets: Street[];
  inBox: (p: XY, m: number) => boolean;
  districtKey: (p: XY) => string;
  /** every sample along a→b at ≤ 10 m steps stays `margin` metres from water, inside the box, in one region */
  landOK: (a: XY, b: XY, region: Region, margin: number) => boolean;
  addEdge: (a: number, b: number, cls: StreetClass, width: number, street: number, bankRoad: boolean) => number;
  newStreet: (name: NamePair, cls: StreetClass, width: number, district: string) => number;
}

/**
 * The street network in named steps: region grids, their streets named, riverside roads, connectors from the banks
 * to the grid, bridges, under-river crossing sites, street numbers.
 */
export function buildStreets(o: StreetOptions): StreetNet {
  const b = startStreets(o);
  const { runs, gridMargin } = layRegionGrids(b);
  nameGridStreets(b, runs);
  const banks = layRiversideRoads(b);
  connectBanksToGrid(b, banks, gridMargin);
  const bridgeSites = layBridges(b, banks.bankNodes);
  const crossingSites = chooseCrossingSites(b, banks, bridgeSites);
  const streets = numberStreets(b);
  return { nodes: b.nodes, edges: b.edges, streets, crossingSites, spacing: b.h };
}

function startStreets(o: StreetOptions): StreetBuild {
  const rng = new Rng(o.seed).fork('streets');
  const nodes: StreetNode[] = [];
  const edges: StreetEdge[] = [];
  const streets: Street[] = [];
  const h = o.spacing;
  const [x0, y0, x1, y1] = o.box;
  const inBox = (p: XY, m: number): boolean => p[0] >= x0 + m && p[0] <= x1 - m && p[1] >= y0 + m && p[1] <= y1 - m;
  const districtKey = (p: XY): string => districtOf(o.regionOf(p), o.frame.toLonLat(p));

  const landOK = (a: XY, b: XY, region: Region, margin: number): boolean => {
    const L = dist(a, b);
    const da = o.water.landDist(a);
    const db = o.water.landDist(b);
    if (da < margin || db < margin) return false;
    const n = Math.max(1, Math.ceil(L / 10));
    const safe = Math.min(da, db) - L / 2 >= margin + 5;
    for (let k = 1; k < n; k++) {
      const p: XY = [a[0] + ((b[0] - a[0]) * k) / n, a[1] + ((b[1] - a[1]) * k) / n];
      if (!safe && o.water.landDist(p) < margin) return false;
      if (k === n >> 1 && o.regionOf(p) !== region) return false;
      if (!inBox(p, BOX_MARGIN)) return false;
    }
    return true;
  };

  const addEdge = (a: number, b: number, cls: StreetClass, width: number, street: number, bankRoad: boolean): number => {
    edges.push({ a, b, cls, width, street, bankRoad });
    streets[street].edges.push(edges.length - 1);
    return edges.length - 1;
  };
  const newStreet = (name: NamePair, cls: StreetClass, width: number, district: string): number => {
    streets.push({ id: '', name: name.zh, nameEn: name.en, cls, width, district, edges: [] });
    return streets.length - 1;
  };

  return { o, rng, h, nodes, edges, streets, inBox, districtKey, landOK, addEdge, newStreet };
}

/**
 * Step 1: a warped grid of streets per region, rotated to the region's street direction; nodes off land, in parks
 * and on steep hillsides are left out. Returns the straight runs of edges (future streets) and the grid's distance
 * from the water.
 */
function layRegionGrids(b: StreetBuild): { runs: Run[]; gridMargin: number } {
  const { o, rng, h, nodes, edges, inBox, landOK } = b;
  const [x0, y0, x1, y1] = o.box;
  const gridMargin = BANK_ROAD_OFFSET + Math.max(35, 0.45 * h);
  const runs: Run[] = [];
  for (const region of REGIONS) {
    const th = REGION_ROTATION[region];
    const ax: XY = [Math.cos(th), Math.sin(th)];
    const ay: XY = [-Math.sin(th), Math.cos(th)];
    const corners: XY[] = [[x0, y0], [x1, y0], [x0, y1], [x1, y1]];
    const us = corners.map((c) => c[0] * ax[0] + c[1] * ax[1]);
    const vs = corners.map((c) => c[0] * ay[0] + c[1] * ay[1]);
    const i0 = Math.floor(Math.min(...us) / h) - 1;
    const i1 = Math.ceil(Math.max(...us) / h) + 1;
    const j0 = Math.floor(Math.min(...vs) / h) - 1;
    const j1 = Math.ceil(Math.max(...vs) / h) + 1;
    const rr = rng.fork(region);
    const nsA = Math.max(3, Math.round(750 / h));
    const nsS = Math.max(2, Math.round(320 / h));
    const offA = rr.int(0, nsA - 1);
    const offS = rr.int(0, nsS - 1);
    const classOf = (k: number): StreetClass => ((k - offA) % nsA === 0 ? 'arterial' : (k - offS) % nsS === 0 ? 'secondary' : 'local');
    const seedR = o.seed + REGIONS.indexOf(region) * 1000;
    const idx = new Map<number, number>();
    const ij = (i: number, j: number): number => (i - i0) * (j1 - j0 + 3) + (j - j0);
    for (let i = i0; i <= i1; i++) {
      for (let j = j0; j <= j1; j++) {
        const u = i * h;
        const v = j * h;
        const base: XY = [u * ax[0] + v * ay[0], u * ax[1] + v * ay[1]];
        // smooth warp (winding streets) + a little jitter
        const wx = 0.32 * h * valueNoise2(seedR + 1, base[0] / 900, base[1] / 900);
        const wy = 0.32 * h * valueNoise2(seedR + 2, base[0] / 900, base[1] / 900);
        const p: XY = [base[0] + wx + rr.range(-0.07, 0.07) * h, base[1] + wy + rr.range(-0.07, 0.07) * h];
        if (!inBox(p, BOX_MARGIN + 5)) continue;
        if (o.water.landDist(p) < gridMargin) continue;
        // parks and steep hillsides without streets
        if (valueNoise2(seedR + 3, p[0] / 700, p[1] / 700) > 0.62) continue;
        if (o.regionOf(p) !== region) continue;
        nodes.push({ xy: p, region, bank: null });
        idx.set(ij(i, j), nodes.length - 1);
      }
    }
    const widthOf = (cls: StreetClass): number => (cls === 'arterial' ? rr.int(30, 40) : cls === 'secondary' ? rr.int(20, 26) : rr.int(12, 16));
    // rows (along ax) then columns (along ay)
    for (const row of [true, false]) {
      const outer0 = row ? j0 : i0;
      const outer1 = row ? j1 : i1;
      const inner0 = row ? i0 : j0;
      const inner1 = row ? i1 : j1;
      for (let k = outer0; k <= outer1; k++) {
        const cls = classOf(k);
        let run: Run | null = null;
        for (let m = inner0; m < inner1; m++) {
          const a = idx.get(row ? ij(m, k) : ij(k, m));
          const b = idx.get(row ? ij(m + 1, k) : ij(k, m + 1));
          let ok = a !== undefined && b !== undefined;
          if (ok && cls === 'local' && rr.chance(0.08)) ok = false;
          if (ok && !landOK(nodes[a as number].xy, nodes[b as number].xy, region, EDGE_MARGIN)) ok = false;
          if (!ok) {
            if (run) runs.push(run);
            run = null;
            continue;
          }
          if (!run) run = { edges: [], cls, width: widthOf(cls), len: 0, mid: [0, 0], row, region };
          edges.push({ a: a as number, b: b as number, cls, width: run.width, street: -1, bankRoad: false });
          run.edges.push(edges.length - 1);
          run.len += dist(nodes[a as number].xy, nodes[b as number].xy);
        }
        if (run) runs.push(run);
      }
    }
  }
  return { runs, gridMargin };
}

/** Step 2: runs become streets; the longest arterials of each district get real names, the rest generic ones. */
function nameGridStreets(b: StreetBuild, runs: Run[]): void {
  const { h, nodes, edges, streets, districtKey, newStreet } = b;
  for (const r of runs) {
    const e = edges[r.edges[r.edges.length >> 1]];
    r.mid = nodes[e.a].xy;
  }
  const order = runs.map((_, i) => i).sort((p, q) => runs[q].len - runs[p].len || p - q);
  const used = new Map<string, number>();
  const generic = new Map<string, number>();
  for (const ri of order) {
    const r = runs[ri];
    const dk = districtKey(r.mid);
    const short = DISTRICTS[dk].short;
    let name: NamePair;
    const pool = ARTERIAL_NAMES[dk] ?? [];
    const n = used.get(dk) ?? 0;
    if (r.cls !== 'local' && n < pool.length && r.len > 3 * h) {
      name = pool[n];
      used.set(dk, n + 1);
    } else {
      const gk = `${dk}:${r.row}:${r.cls}`;
      const g = (generic.get(gk) ?? 0) + 1;
      generic.set(gk, g);
      const kind = r.cls === 'local' ? (r.row ? '支路' : '巷') : r.row ? '横街' : '纵街';
      const kindEn = r.cls === 'local' ? (r.row ? 'Branch Rd' : 'Lane') : r.row ? 'Cross St' : 'Long St';
      name = { zh: `${short}${kind}${g}号`, en: `${DISTRICTS[dk].nameEn.replace(' District', '')} ${kindEn} ${g}` };
    }
    const s = newStreet(name, r.cls, r.width, dk);
    for (const ei of r.edges) {
      edges[ei].street = s;
      streets[s].edges.push(ei);
    }
  }

}

/** Step 3: riverside roads along both banks of every river, one street per river side and district. */
function layRiversideRoads(b: StreetBuild): Banks {
  const { o, rng, h, nodes, streets, inBox, districtKey, landOK, addEdge, newStreet } = b;
  const chainStep = Math.min(150, Math.max(60, 0.8 * h));
  const bankNodes: number[] = [];
  const bankStreetOf = new Map<number, number>();
  o.water.rivers.forEach((river, ri) => {
    const stride = Math.max(1, Math.round(chainStep / 40));
    for (const side of [1, -1] as const) {
      let prev = -1;
      let street = -1;
      let streetKey = '';
      for (let i = 0; i < river.line.length; i += stride) {
        const p = offsetPoint(river, i, side * (river.half[i] + BANK_ROAD_OFFSET));
        const ok = inBox(p, BOX_MARGIN + 5) && o.water.landDist(p) >= BANK_ROAD_OFFSET - 10;
        if (!ok) {
          prev = -1;
          continue;
        }
        const region = o.regionOf(p);
        const dk = districtKey(p);
        nodes.push({ xy: p, region, bank: { river: ri, side, vertex: i } });
        const cur = nodes.length - 1;
        bankNodes.push(cur);
        if (prev >= 0 && nodes[prev].region === region && landOK(nodes[prev].xy, p, region, BANK_ROAD_OFFSET - 12)) {
          const key = `${ri}:${side}:${dk}`;
          if (street < 0 || key !== streetKey) {
            street = newStreet(bankRoadName(river.def.id, side, dk), 'arterial', 0, dk);
            streets[street].width = 24 + rng.int(0, 6);
            streetKey = key;
          }
          addEdge(prev, cur, 'arterial', streets[street].width, street, true);
          bankStreetOf.set(cur, street);
          if (!bankStreetOf.has(prev)) bankStreetOf.set(prev, street);
        } else {
          street = -1;
        }
        prev = cur;
      }
    }
  });

  return { bankNodes, bankStreetOf };
}

/** Step 4: short local streets from riverside-road nodes up to the nearest grid node of their region. */
function connectBanksToGrid(b: StreetBuild, { bankNodes, bankStreetOf }: Banks, gridMargin: number): void {
  const { rng, h, nodes, edges, streets, districtKey, landOK, addEdge, newStreet } = b;
  const cell = h;
  const hash = new Map<string, number[]>();
  for (let n = 0; n < nodes.length; n++) {
    if (nodes[n].bank) continue;
    const k = `${Math.floor(nodes[n].xy[0] / cell)}:${Math.floor(nodes[n].xy[1] / cell)}`;
    let l = hash.get(k);
    if (!l) hash.set(k, (l = []));
    l.push(n);
  }
  const nearestGrid = (p: XY, region: Region, maxD: number): number => {
    const cx = Math.floor(p[0] / cell);
    const cy = Math.floor(p[1] / cell);
    let best = -1;
    let bd = maxD;
    for (let dx = -2; dx <= 2; dx++) {
      for (let dy = -2; dy <= 2; dy++) {
        for (const n of hash.get(`${cx + dx}:${cy + dy}`) ?? []) {
          if (nodes[n].region !== region) continue;
          const d = dist(p, nodes[n].xy);
          if (d < bd) {
            bd = d;
            best = n;
          }
        }
      }
    }
    return best;
  };
  const degree = new Map<number, number>();
  for (const e of edges) {
    degree.set(e.a, (degree.get(e.a) ?? 0) + 1);
    degree.set(e.b, (degree.get(e.b) ?? 0) + 1);
  }
  let lastTarget = -1;
  let connectorN = 0;
  for (const bn of bankNodes) {
    const nd = nodes[bn];
    const g = nearestGrid(nd.xy, nd.region, Math.max(1.7 * h, gridMargin + 0.9 * h));
    if (g < 0 || g === lastTarget) continue;
    if ((degree.get(g) ?? 0) >= 4) continue;
    if (!landOK(nd.xy, nodes[g].xy, nd.region, EDGE_MARGIN)) continue;
    lastTarget = g;
    connectorN++;
    const dk = districtKey(nd.xy);
    const bs = bankStreetOf.get(bn);
    const base = bs !== undefined ? streets[bs].name : DISTRICTS[dk].short;
    const baseEn = bs !== undefined ? streets[bs].nameEn : DISTRICTS[dk].nameEn;
    const s = newStreet({ zh: `${base}${connectorN}号支路`, en: `${baseEn} Branch ${connectorN}` }, 'local', 12 + rng.int(0, 4), dk);
    addEdge(bn, g, 'local', streets[s].width, s, false);
    degree.set(g, (degree.get(g) ?? 0) + 1);
    degree.set(bn, (degree.get(bn) ?? 0) + 1);
  }

}

/** The riverside-road node on `river`'s `side` nearest `p` within `maxD` metres; -1 when none. */
function nearestBank(nodes: StreetNode[], bankNodes: number[], p: XY, river: number, side: 1 | -1, maxD: number): number {
  let best = -1;
  let bd = maxD;
  for (const n of bankNodes) {
    const b = nodes[n].bank;
    if (!b || b.river !== river || b.side !== side) continue;
    const d = dist(p, nodes[n].xy);
    if (d < bd) {
      bd = d;
      best = n;
    }
  }
  return best;
}

/** Step 5: the real bridges (BRIDGES), each between the riverside-road nodes facing each other at its site. */
function layBridges(b: StreetBuild, bankNodes: number[]): XY[] {
  const { o, rng, nodes, streets, districtKey, addEdge, newStreet } = b;
  const bridgeSites: XY[] = [];
  for (const br of BRIDGES) {
    const ri = o.water.rivers.findIndex((r) => r.def.id === br.river);
    const c = o.frame.toXY(br.at);
    const near = o.water.nearest(c);
    if (!near || near.river !== ri) continue;
    const river = o.water.rivers[ri];
    const i = near.i;
    const pa = offsetPoint(river, i, river.half[i] + BANK_ROAD_OFFSET);
    const pb = offsetPoint(river, i, -(river.half[i] + BANK_ROAD_OFFSET));
    const a = nearestBank(nodes, bankNodes, pa, ri, 1, 140);
    const b = nearestBank(nodes, bankNodes, pb, ri, -1, 140);
    if (a < 0 || b < 0) continue;
    bridgeSites.push(c);
    const dk = districtKey(nodes[a].xy);
    const s = newStreet({ zh: br.zh, en: br.en }, 'bridge', 24 + rng.int(0, 6), dk);
    addEdge(a, b, 'bridge', streets[s].width, s, false);
  }

  return bridgeSites;
}

/** Step 6: one under-river crossing site per river, away from bridges, between riverside roads with streets. */
function chooseCrossingSites(b: StreetBuild, { bankNodes, bankStreetOf }: Banks, bridgeSites: XY[]): RiverCrossingSite[] {
  const { o, rng, nodes } = b;
  const crossingSites: RiverCrossingSite[] = [];
  o.water.rivers.forEach((river, ri) => {
    const cands: { a: number; b: number; score: number }[] = [];
    for (const n of bankNodes) {
      const bk = nodes[n].bank;
      if (!bk || bk.river !== ri || bk.side !== 1) continue;
      const i = bk.vertex;
      const pb = offsetPoint(river, i, -(river.half[i] + BANK_ROAD_OFFSET));
      const m = nearestBank(nodes, bankNodes, pb, ri, -1, 90);
      if (m < 0) continue;
      const c = river.line[i];
      const dBridge = Math.min(Infinity, ...bridgeSites.map((s) => dist(s, c)));
      if (dBridge < 500) continue;
      // both ends must be riverside-road nodes with streets
      if (!bankStreetOf.has(n) || !bankStreetOf.has(m)) continue;
      cands.push({ a: n, b: m, score: Math.min(dBridge, 1500) + rng.range(0, 300) });
    }
    if (cands.length === 0) return;
    cands.sort((p, q) => q.score - p.score);
    crossingSites.push({ river: river.def.id, a: cands[0].a, b: cands[0].b });
  });

  return crossingSites;
}

/** Step 7: drop streets left without edges, number the rest ST-00001…, and point edges at the new numbers. */
function numberStreets(b: StreetBuild): Street[] {
  const { edges, streets } = b;
  const kept: Street[] = [];
  const remap = new Map<number, number>();
  streets.forEach((s, i) => {
    if (s.edges.length === 0) return;
    remap.set(i, kept.length);
    s.id = `ST-${String(kept.length + 1).padStart(5, '0')}`;
    kept.push(s);
  });
  for (const e of edges) e.street = remap.get(e.street) as number;
  return kept;
}


/** Street polyline as node positions in path order (edges of a street form a path). */
export function streetPath(net: StreetNet, s: Street): XY[] {
  const es = s.edges.map((i) => net.edges[i]);
  if (es.length === 1) return [net.nodes[es[0].a].xy, net.nodes[es[0].b].xy];
  // edges were added in path order; orient each to continue from the previous end
  const pts: XY[] = [];
  let cur = es[0].b === es[1].a || es[0].b === es[1].b ? es[0].a : es[0].b;
  pts.push(net.nodes[cur].xy);
  for (const e of es) {
    cur = e.a === cur ? e.b : e.a;
    pts.push(net.nodes[cur].xy);
  }
  return pts;
}

/** Total street length, metres (for calibrating the spacing). */
export function streetLength(net: StreetNet): number {
  let L = 0;
  for (const e of net.edges) L += dist(net.nodes[e.a].xy, net.nodes[e.b].xy);
  return L;
}
