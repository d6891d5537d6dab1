/**
 * Pipes along the streets. Every category runs on its own line of the street cross-section (layout.ts); each line is
 * a graph of pipe nodes: one node per street intersection ("corner", set off from the intersection by the line's
 * offset so lines never coincide) plus survey points, valves, hydrants, manholes… along the street.
 *
 * Pressure networks (water, gas, power, telecom, heat) are meshes over the streets they use. Drainage (storm YS,
 * sewage WS) is a forest of gravity trees rooted at outfalls on the banks: the tree follows a shortest-path forest
 * over the streets that prefers flowing downhill, streets off the tree carry branch sewers that start at a head
 * manhole and join the tree; inverts fall along every segment and respect the minimum cover.
 */
import { minCover } from '../../src/domain/cover';
import type { CategoryCode, NodeType } from '../../src/domain/schema';
import { REGION_ROTATION, DISTRICTS } from './area';
import { dist, pointAt, polylineLength, round, slice, type XY } from './geo';
import { clearCrossings } from './crossings';
import { layDrainage } from './drainage';
import { crossSection, edgeDirections, underCarriageway, type LineKey } from './layout';
import { ownerFor } from './names';
import { PipeNetwork, type SegProps } from './network';
import { clampYear, runSpec, YEAR_MAX, YEAR_MIN, type PressureLineKey, type RunStreet } from './pipeSpecs';
import { Rng } from './prng';
import { assignNetworkModel } from './valves';
import type { WaterIndex } from './rivers';
import type { StreetNet } from './streets';

export type { SegProps };

export interface PipeOptions {
  net: StreetNet;
  water: WaterIndex;
  seed: number;
  /** ground elevation (rounded to cm) at a local point */
  ground: (p: XY) => number;
  /** district key at a local point */
  district: (p: XY) => string;
  /** local position of the district-heating centre (Jiangbeizui) */
  heatCentre: XY;
  log?: (line: string) => void;
}

export interface Station {
  s: number;
  type: NodeType;
}

/** What the drainage builder borrows from the pipe builder. */
export interface LayContext {
  o: PipeOptions;
  pn: PipeNetwork;
  net: StreetNet;
  rng: Rng;
  ends: (ei: number) => [number, number];
  runPts: (ei: number, off: number, c0: XY, c1: XY) => XY[];
  cornerXY: (n: number, off: number) => XY;
  newNode: (cat: CategoryCode, sub: string, type: NodeType, xy: XY, year: number, ownerPick: number) => number;
  layRun: (pts: XY[], n0: number, n1: number, stations: Station[], props: SegProps, ownerPick: number) => number[];
  /** base construction year of a street */
  streetYear: (street: number) => number;
}

/**
 * Pipe-top depths of the pressure networks (nodes [0, nodeEnd), segments [0, segEnd)): the minimum cover of the
 * strictest pipe at the node plus a random margin; bridge pipes sit in the deck; fixed depths stay. Then crossings get
 * their GB 50289 vertical clearance (crossings.ts: the later pressure pipe moves above or below the other).
 */
function setPressureDepths(pn: PipeNetwork, rng: Rng, nodeEnd: number, segEnd: number, fixedTop: Map<number, number>, log?: (line: string) => void): void {
  const top = new Float64Array(nodeEnd);
  const coverAt = new Float64Array(nodeEnd);
  const hmaxAt = new Float64Array(nodeEnd);
  for (let n = 0; n < nodeEnd; n++) {
    const nd = pn.nodes[n];
    const fixed = fixedTop.get(n);
    let cover = 0;
    let buried = false;
    let hmax = 0;
    for (const si of nd.segs) {
      const sg = pn.segs[si];
      hmax = Math.max(hmax, sg.dn ?? sg.box?.h ?? 0);
      if (sg.burial === 'JK' || sg.burial === 'DG') continue;
      buried = true;
      cover = Math.max(cover, minCover(sg.cat, sg.sub, sg.underCarriageway));
    }
    const shallow = nd.cat === 'DL' || nd.cat === 'TX';
    let t: number;
    if (fixed !== undefined) t = fixed;
    else if (buried) t = cover + (shallow ? rng.range(0.1, 0.5) : rng.range(0.15, 0.8));
    else if (nd.segs.some((si) => pn.segs[si].burial === 'DG')) t = minCover(nd.cat, nd.sub, false) + rng.range(0.3, 1.0);
    else t = rng.range(0.3, 0.6); // in the bridge deck
    t = round(t, 2);
    top[n] = t;
    coverAt[n] = buried ? cover : t;
    hmaxAt[n] = hmax;
  }
  const c = clearCrossings(pn, top, coverAt, new Set(fixedTop.keys()), segEnd);
  log?.(`pipes: crossings ${c.crossings}, ${c.unresolved} without vertical clearance, ${c.movedNodes} nodes moved in ${c.passes} passes`);
  for (let n = 0; n < nodeEnd; n++) {
    const nd = pn.nodes[n];
    const t = top[n];
    nd.depth = round(nd.type === 'manhole' ? t + hmaxAt[n] / 1000 + 0.3 : t + hmaxAt[n] / 2000, 2);
  }
  for (let i = 0; i < segEnd; i++) {
    const sg = pn.segs[i];
    sg.depth0 = top[sg.from];
    sg.depth1 = top[sg.to];
  }
}

interface StreetAttrs extends Pick<RunStreet, 'tx' | 'tx2' | 'gasTrunk'> {
  year: number;
  gas: boolean;
  power: boolean;
  light: boolean;
  trunkWater: boolean;
}

/** Years weighted toward the recent: half the network is younger than ~2005. */
function recentYear(r: Rng): number {
  return YEAR_MAX - Math.floor((YEAR_MAX - YEAR_MIN) * Math.pow(r.next(), 2.2));
}

/** The pressure lines in the order they are laid (water first: the trunk tees and river crossings join it). */
const WATER_LINES = ['JP', 'SS'] as const;
const OTHER_LINES = ['RQ', 'GD', 'LD', 'TX', 'TX2', 'RL'] as const;
/** Lines whose corner types depend on how many of their runs meet at a street node. */
const LAYERS: LineKey[] = ['JP', 'SS', 'RQ', 'GD', 'LD', 'TX', 'TX2', 'RL'];
const CATEGORY_OF: Record<LineKey, CategoryCode> = {
  JP: 'JS', SS: 'JS', YS: 'PS', WS: 'PS', RQ: 'RQ', GD: 'DL', LD: 'DL', TX: 'TX', TX2: 'TX', RL: 'RL',
};

/** State shared by the steps of buildPipes: the network so far and the helpers every line uses. */
interface PipeBuild extends LayContext {
  attrs: StreetAttrs[];
  /** does line `key` run along street edge `ei`? */
  present: (key: LineKey, ei: number) => boolean;
  /** index of (line, street node) into `degree` */
  lk: (key: LineKey, n: number) => number;
  /** runs of each line meeting at each street node */
  degree: Int32Array;
  /** corner node of (line, street node) */
  corners: Map<number, number>;
  corner: (key: LineKey, sub: string, n: number, off: number, year: number, ownerPick: number, typeOverride?: NodeType) => number;
  zoneOf: (xy: XY, g: number) => string;
  /** nodes whose pipe-top depth is fixed by their construction (under-river shafts and bores) */
  fixedTop: Map<number, number>;
}

/**
 * Pipes for every category along the street network, in named steps:
 *  1. street attributes (which lines a street carries, its age);
 *  2. line geometry (corner points, run polylines) and line degrees per street node (corner types);
 *  3. water: distribution and trunk mains, trunk tees feeding the distribution, under-river trunk crossings;
 *  4. gas, power, lighting, telecom, heating;
 *  5. drainage (drainage.ts);
 *  6. pipe-top depths of the pressure networks.
 */
export function buildPipes(o: PipeOptions): PipeNetwork {
  const t0 = performance.now();
  const pn = new PipeNetwork();
  const b = startBuild(o, pn);
  const T = (label: string): void => o.log?.(`pipes: ${label} (${pn.segs.length} segments, ${Math.round(performance.now() - t0)} ms)`);

  for (const key of WATER_LINES) layPressureLine(b, key);
  T('water');
  feedDistributionFromTrunks(b);
  layUnderRiverMains(b);
  for (const key of OTHER_LINES) layPressureLine(b, key);
  T('gas, power, telecom, heat');

  const pressureNodes = pn.nodes.length;
  const pressureSegs = pn.segs.length;
  layDrainage(b);
  T('drainage');

  setPressureDepths(pn, b.rng.fork('depths'), pressureNodes, pressureSegs, b.fixedTop, o.log);
  T('depths');
  pn.networkCounts = assignNetworkModel(pn, o.seed);
  T('network model');
  return pn;
}

/** One random stream per street: its attributes do not depend on processing order. */
function streetAttributes(net: StreetNet, seed: number): StreetAttrs[] {
  return net.streets.map((st) => {
    const r = new Rng(seed).fork(`street:${st.id}`);
    const big = st.cls === 'arterial' || st.cls === 'bridge';
    const txs = ['XX', 'DH', 'DS'] as const;
    const tx = r.weighted<'XX' | 'DH' | 'DS'>([['XX', 0.55], ['DH', 0.27], ['DS', 0.18]]);
    return {
      year: recentYear(r),
      tx,
      tx2: txs[(txs.indexOf(tx) + 1 + r.int(0, 1)) % 3],
      gas: big || st.cls === 'secondary' || r.chance(0.82),
      gasTrunk: st.cls === 'arterial' && r.chance(0.18),
      power: big || st.cls === 'secondary' || r.chance(0.4),
      light: big || st.cls === 'secondary' || r.chance(0.3),
      trunkWater: st.cls === 'arterial' && r.chance(0.35),
    };
  });
}

/** Where the lines run: corner points at street nodes, the canonical ends of an edge, a run's polyline. */
function lineGeometry(net: StreetNet): Pick<LayContext, 'ends' | 'runPts' | 'cornerXY'> {
  const dir = edgeDirections(net);
  const axes = (n: number): { u: XY; v: XY } => {
    const th = REGION_ROTATION[net.nodes[n].region];
    return { u: [Math.cos(th), Math.sin(th)], v: [-Math.sin(th), Math.cos(th)] };
  };
  // riverside-road nodes: lines keep their offset along the bank road (mean right normal of its edges there)
  const bankNormal = new Map<number, XY>();
  net.edges.forEach((e, ei) => {
    if (!e.bankRoad) return;
    const [s, t] = dir[ei] >= 0 ? [e.a, e.b] : [e.b, e.a];
    const a = net.nodes[s].xy;
    const b = net.nodes[t].xy;
    const L = dist(a, b) || 1;
    const nrm: XY = [(b[1] - a[1]) / L, -(b[0] - a[0]) / L];
    for (const k of [s, t]) {
      const m = bankNormal.get(k) ?? [0, 0];
      bankNormal.set(k, [m[0] + nrm[0], m[1] + nrm[1]]);
    }
  });
  const cornerXY = (n: number, off: number): XY => {
    const p = net.nodes[n].xy;
    const bn = bankNormal.get(n);
    if (bn) {
      const L = Math.hypot(bn[0], bn[1]) || 1;
      return [p[0] + (off * bn[0]) / L, p[1] + (off * bn[1]) / L];
    }
    const { u, v } = axes(n);
    return [p[0] + off * (u[0] - v[0]), p[1] + off * (u[1] - v[1])];
  };
  /** canonical start / end street nodes of an edge */
  const ends = (ei: number): [number, number] => {
    const e = net.edges[ei];
    return dir[ei] >= 0 ? [e.a, e.b] : [e.b, e.a];
  };
  /** polyline of a line along an edge, between the two corner points, canonical direction */
  const runPts = (ei: number, off: number, c0: XY, c1: XY): XY[] => {
    const [s, t] = ends(ei);
    const a = net.nodes[s].xy;
    const b = net.nodes[t].xy;
    const L = dist(a, b);
    const tx = (b[0] - a[0]) / L;
    const ty = (b[1] - a[1]) / L;
    const nx = ty;
    const ny = -tx;
    const r = Math.min(Math.max(Math.abs(off) * 1.2, 4), L * 0.3);
    if (L < 12) return [c0, c1];
    return [
      c0,
      [a[0] + tx * r + nx * off, a[1] + ty * r + ny * off],
      [b[0] - tx * r + nx * off, b[1] - ty * r + ny * off],
      c1,
    ];
  };
  return { ends, runPts, cornerXY };
}

/** District heating: the streets around the Jiangbeizui energy station (at least a handful of edges). */
function heatingEdges(net: StreetNet, heatCentre: XY): Set<number> {
  const heatEdges = new Set<number>();
  const byDist = net.edges
    .map((e, i) => ({ i, d: e.cls === 'bridge' ? Infinity : dist(mid(net.nodes[e.a].xy, net.nodes[e.b].xy), heatCentre) }))
    .filter((x) => Number.isFinite(x.d))
    .sort((p, q) => p.d - q.d || p.i - q.i);
  byDist.forEach((x, k) => {
    if (k < 6 || x.d < 650) heatEdges.add(x.i);
  });
  return heatEdges;
}

/** Which lines run along which street edges. */
function linePresence(net: StreetNet, attrs: StreetAttrs[], heatEdges: Set<number>): (key: LineKey, ei: number) => boolean {
  return (key, ei) => {
    const e = net.edges[ei];
    const a = attrs[e.street];
    if (e.cls === 'bridge') return key === 'JP' || key === 'GD' || key === 'TX';
    switch (key) {
      case 'JP':
      case 'YS':
      case 'WS':
      case 'TX':
        return true;
      case 'TX2':
        return e.cls === 'arterial';
      case 'SS':
        return a.trunkWater;
      case 'RQ':
        return a.gas;
      case 'GD':
        return a.power;
      case 'LD':
        return a.light;
      case 'RL':
        return heatEdges.has(ei);
    }
  };
}

/** Steps 1–2: street attributes, line geometry and degrees, and the node / run makers every line uses. */
function startBuild(o: PipeOptions, pn: PipeNetwork): PipeBuild {
  const { net } = o;
  const rng = new Rng(o.seed).fork('pipes');
  const attrs = streetAttributes(net, o.seed);
  const geometry = lineGeometry(net);
  const present = linePresence(net, attrs, heatingEdges(net, o.heatCentre));
  // layer degree per street node: decides corner types
  const NS = net.nodes.length;
  const lk = (key: LineKey, n: number): number => LAYERS.indexOf(key) * NS + n;
  const degree = new Int32Array(LAYERS.length * NS);
  net.edges.forEach((e, ei) => {
    for (const k of LAYERS) {
      if (!present(k, ei)) continue;
      degree[lk(k, e.a)]++;
      degree[lk(k, e.b)]++;
    }
  });

  const newNode = (cat: CategoryCode, sub: string, type: NodeType, xy: XY, year: number, ownerPick: number): number => {
    const dk = o.district(xy);
    return pn.addNode({
      cat, sub, type, xy, ground: o.ground(xy), year, owner: ownerFor(cat, sub, DISTRICTS[dk].short, ownerPick), district: dk,
    });
  };
  const corners = new Map<number, number>();
  const cornerType = (key: LineKey, deg: number): NodeType => {
    const cat = CATEGORY_OF[key];
    if (cat === 'PS' || cat === 'DL' || cat === 'TX') return 'manhole';
    if (deg >= 3) return 'tee';
    return deg === 2 ? 'bend' : 'junction';
  };
  const corner = (key: LineKey, sub: string, n: number, off: number, year: number, ownerPick: number, typeOverride?: NodeType): number => {
    const k = lk(key, n);
    let c = corners.get(k);
    if (c === undefined) {
      const deg = degree[k] || 1;
      c = newNode(CATEGORY_OF[key], sub, typeOverride ?? cornerType(key, deg), geometry.cornerXY(n, off), year, ownerPick);
      corners.set(k, c);
    }
    return c;
  };

  /** Lay a run: nodes at the stations (arc lengths strictly inside the run), segments between; returns node list. */
  const layRun = (pts: XY[], n0: number, n1: number, stations: Station[], props: SegProps, ownerPick: number): number[] => {
    const L = polylineLength(pts);
    const st = stations.filter((x) => x.s > 2 && x.s < L - 2).sort((p, q) => p.s - q.s);
    const list = [n0];
    const cuts = [0];
    let last = 0;
    for (const x of st) {
      if (x.s - last < 3) continue;
      list.push(newNode(props.cat, props.sub, x.type, pointAt(pts, x.s), props.year, ownerPick));
      cuts.push(x.s);
      last = x.s;
    }
    if (L - last < 3 && list.length > 1) {
      list.pop();
      cuts.pop();
      pn.nodes.pop();
    }
    list.push(n1);
    cuts.push(L);
    for (let i = 0; i < list.length - 1; i++) {
      pn.addSeg(props, list[i], list[i + 1], slice(pts, cuts[i], cuts[i + 1]));
    }
    return list;
  };

  return {
    o, pn, net, rng, ...geometry, newNode, layRun,
    streetYear: (i) => attrs[i].year,
    attrs, present, lk, degree, corners, corner,
    zoneOf: (xy, g) => `${DISTRICTS[o.district(xy)].short}${g < 240 ? '低区' : '高区'}`,
    fixedTop: new Map(),
  };
}

/** evenly spaced survey points so no segment is longer than `maxLen` */
function surveyStations(L: number, maxLen: number, type: NodeType): Station[] {
  const n = Math.ceil(L / maxLen);
  const out: Station[] = [];
  for (let i = 1; i < n; i++) out.push({ s: (L * i) / n, type });
  return out;
}

function mergeStations(base: Station[], extra: Station[], minGap: number): Station[] {
  const all = [...extra];
  for (const b of base) if (extra.every((e) => Math.abs(e.s - b.s) >= minGap)) all.push(b);
  return all.sort((p, q) => p.s - q.s);
}

/**
 * Fittings a run carries besides its survey points (arc length from the run's start): valves next to tees and along
 * trunks, hydrants, zone meters and sensors on water mains, heating manholes. Draws from `r` after the run's spec.
 */
function fittingStations(b: PipeBuild, key: PressureLineKey, ei: number, r: Rng): Station[] {
  const { o, net } = b;
  const e = net.edges[ei];
  const [s, t] = b.ends(ei);
  const onBridge = e.cls === 'bridge';
  const L0 = dist(net.nodes[s].xy, net.nodes[t].xy);
  const degS = b.degree[b.lk(key, s)] || 1;
  const degT = b.degree[b.lk(key, t)] || 1;
  const extra: Station[] = [];
  switch (key) {
    case 'JP': {
      // isolation valves next to every tee, hydrants every ~120 m
      if (degS >= 3) extra.push({ s: 7 + r.range(0, 3), type: 'valve' });
      if (degT >= 3) extra.push({ s: L0 - 7 - r.range(0, 3), type: 'valve' });
      // along chains of bends (riverside roads, long streets) a valve every few blocks
      if (degS < 3 && degT < 3 && r.chance(0.3)) extra.push({ s: L0 / 2 + 6, type: 'valve' });
      if (!onBridge) for (let h = 60 + r.range(0, 30); h < L0 - 25; h += 110 + r.range(0, 25)) extra.push({ s: h, type: 'hydrant' });
      const ga = o.ground(net.nodes[s].xy);
      const gb = o.ground(net.nodes[t].xy);
      if (!onBridge && b.zoneOf(net.nodes[s].xy, ga) !== b.zoneOf(net.nodes[t].xy, gb)) {
        extra.push({ s: L0 / 2, type: 'meter' });
      } else if (!onBridge && r.chance(0.03)) {
        extra.push({ s: L0 / 2 + 4, type: 'sensor' });
      } else if (!onBridge && r.chance(0.015)) {
        extra.push({ s: L0 / 2 - 4, type: 'meter' });
      }
      // service points (the blocks' connections with their meters; customers and demand in valves.ts), from a stream
      // of their own so the draws above stay as they were
      if (!onBridge && L0 > 50) {
        const sp = b.rng.fork(`service:${ei}`);
        extra.push({ s: L0 * sp.range(0.2, 0.4), type: 'meter' });
        if (L0 > 150) extra.push({ s: L0 * sp.range(0.6, 0.8), type: 'meter' });
      }
      break;
    }
    case 'SS':
      // trunk valves at every branch and about every 400–500 m along the main
      if (degS >= 3) extra.push({ s: 9, type: 'valve' });
      if (degT >= 3) extra.push({ s: L0 - 9, type: 'valve' });
      if (degS < 3 && r.chance(0.4)) extra.push({ s: Math.min(L0 / 2, 20), type: 'valve' });
      break;
    case 'RQ':
      if (degS >= 3 && r.chance(0.7)) extra.push({ s: 6 + r.range(0, 3), type: 'valve' });
      if (degT >= 3 && r.chance(0.4)) extra.push({ s: L0 - 6 - r.range(0, 3), type: 'valve' });
      if (L0 > 350) extra.push({ s: L0 / 2, type: 'valve' });
      break;
    case 'RL':
      if (degS >= 3) extra.push({ s: 6, type: 'valve' });
      if (L0 > 160) extra.push({ s: L0 / 2, type: 'manhole' });
      break;
    default:
      break;
  }
  return extra;
}

/** Lay line `key` along every street edge that carries it: one run per edge, corner to corner. */
function layPressureLine(b: PipeBuild, key: PressureLineKey): void {
  const { o, pn, net } = b;
  const cat = CATEGORY_OF[key];
  net.edges.forEach((e, ei) => {
    if (!b.present(key, ei)) return;
    const sa = b.attrs[e.street];
    const r = b.rng.fork(`${key}:${ei}`);
    const street = net.streets[e.street];
    const off = crossSection(e.width)[key];
    const [s, t] = b.ends(ei);
    const ownerPick = r.next();
    const onBridge = e.cls === 'bridge';
    const spec = runSpec(key, { cls: e.cls, bankRoad: e.bankRoad, tx: sa.tx, tx2: sa.tx2, gasTrunk: sa.gasTrunk }, clampYear(sa.year + r.int(-4, 6)), r);
    const extra = fittingStations(b, key, ei, r);
    const { sub, year } = spec;
    const c0 = b.corner(key, sub, s, off, year, ownerPick);
    const c1 = b.corner(key, sub, t, off, year, ownerPick);
    const pts = b.runPts(ei, off, pn.nodes[c0].xy, pn.nodes[c1].xy);
    const L = polylineLength(pts);
    const stations = mergeStations(surveyStations(L, spec.maxLen, onBridge ? 'junction' : spec.interior), extra, 12);
    const g0 = pn.nodes[c0].ground;
    const props: SegProps = {
      cat, sub, material: spec.material, dn: spec.dn, box: spec.box, burial: spec.burial, year,
      owner: ownerFor(cat, sub, DISTRICTS[o.district(net.nodes[s].xy)].short, ownerPick),
      street: street.id,
      crossing: onBridge ? 'bridge' : null,
      pressureZone: cat === 'JS' ? b.zoneOf(net.nodes[s].xy, g0) : null,
      pressureClass: spec.pressureClass,
      underCarriageway: !onBridge && underCarriageway(e.width, off),
    };
    const list = b.layRun(pts, c0, c1, stations, props, ownerPick);
    if (onBridge) {
      const deck = Math.max(o.ground(net.nodes[e.a].xy), o.ground(net.nodes[e.b].xy)) + 12;
      for (let i = 1; i < list.length - 1; i++) pn.nodes[list[i]].ground = round(deck, 2);
    }
  });
}

/** Trunk mains feed the distribution network: short connections at trunk tees. */
function feedDistributionFromTrunks(b: PipeBuild): void {
  const { pn } = b;
  b.net.nodes.forEach((_, n) => {
    const ss = b.corners.get(b.lk('SS', n));
    const jp = b.corners.get(b.lk('JP', n));
    if (ss === undefined || jp === undefined || b.degree[b.lk('SS', n)] < 3) return;
    const a = pn.nodes[ss];
    pn.addSeg({
      cat: 'JS', sub: 'JP', material: 'QM', dn: 300, box: null, burial: 'ZM', year: a.year, owner: a.owner,
      street: null, crossing: null, pressureZone: b.zoneOf(a.xy, a.ground), pressureClass: null, underCarriageway: true,
    }, ss, jp, [a.xy, pn.nodes[jp].xy]);
  });
}

/** Under-river trunk mains between the crossing sites' shafts, the pipe top held below the river bed. */
function layUnderRiverMains(b: PipeBuild): void {
  const { o, pn, net } = b;
  for (const site of net.crossingSites) {
    const r = b.rng.fork(`cross:${site.river}`);
    const year = r.int(1998, 2021);
    const ownerPick = r.next();
    const off = crossSection(net.edges.find((e) => e.a === site.a || e.b === site.a)?.width ?? 30).SS;
    const c0 = b.corner('SS', 'SS', site.a, off, year, ownerPick, 'valve');
    const c1 = b.corner('SS', 'SS', site.b, off, year, ownerPick, 'valve');
    const a = pn.nodes[c0];
    const bb = pn.nodes[c1];
    const pts: XY[] = [a.xy, bb.xy];
    const L = dist(a.xy, bb.xy);
    const stations = mergeStations(surveyStations(L, 160, 'junction'), [{ s: 8, type: 'manhole' }, { s: L - 8, type: 'manhole' }], 30);
    const list = b.layRun(pts, c0, c1, stations, {
      cat: 'JS', sub: 'SS', material: 'G', dn: 1000, box: null, burial: 'DG', year,
      owner: a.owner, street: null, crossing: 'under-river', pressureZone: b.zoneOf(a.xy, a.ground), pressureClass: null,
      underCarriageway: false,
    }, ownerPick);
    // between the shafts the pipe top is held at 139 m, a few metres below the river bed (~145–165 m)
    for (let i = 1; i < list.length - 1; i++) {
      const nd = pn.nodes[list[i]];
      const ld = o.water.landDist(nd.xy);
      if (ld < 0) nd.ground = round(165 - 20 * Math.min(1, -ld / 150), 2);
      b.fixedTop.set(list[i], round(nd.ground - 139, 3));
    }
  }
}

function mid(a: XY, b: XY): XY {
  return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
}
