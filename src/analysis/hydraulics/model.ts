/**
 * The hydraulic model of a dataset's water network (CJJ 61 category JS): junctions, pipes, valves, sources and
 * pressure-reducing stations, ready to be written as an EPANET INP (inp.ts). Pure: records in, model out.
 *
 * - Junctions: every JS node at its centreline elevation (ground − depth), base demand from the data's `demand`
 *   (L/s on service points / meters) when the dataset has any, else spread over the mains by length
 *   (`unitDemandLps` per metre, half to each end).
 * - Pipes: every JS segment, length along its polyline, DN as diameter, Hazen–Williams C by material and age
 *   (roughness.ts). A pipe whose ends lie in different pressure zones is a normally-closed boundary (status Closed).
 * - Valves: a valve node becomes a TCV link between the node (first segment's side) and a twin junction `<id>.B`
 *   (the other segments' side), Open or Closed from the data's `state`.
 * - Sources: nodes with a water `source` in the data; without them, per pressure zone and connected part, the node
 *   on the largest main at the highest ground (the zone inlet a planner would pick). Each feeds through a reservoir
 *   `<id>.R`; all sources of one connected part share one head: the highest recorded `source.head`, but at least
 *   (highest junction + `serviceHeadM` + `marginM`) so the top of the part keeps its service pressure.
 * - Pressure sub-zones: Chongqing zones span 60 m of ground and more, more than one pressure band holds. With
 *   `prvBandM` > 0 each connected part is cut into bands of that height below its head; the connected nodes of one
 *   band are a sub-zone with its own inlet at the band's head (the reducing station or tank a hilly city feeds it
 *   from), and the links between sub-zones are closed boundaries. (PRVs between bands were tried first: a main
 *   through a valley to a hill then needs the high head, and at the evening peak EPANET did not balance.)
 */
import { offsetMetres, polylineLength } from '../../domain/geodesy';
import type { LonLat, PipeNode, PipeSegment } from '../../domain/schema';
import { hazenWilliamsC } from './roughness';

export interface HNode {
  /** EPANET id (dataset node id, or a derived `<id>.B` / `<id>.R` / `<pipe>.V`) */
  id: string;
  kind: 'junction' | 'reservoir';
  /** the dataset node this stands for */
  asset: string;
  zone: string;
  /** m */
  elevation: number;
  /** base demand, L/s */
  demand: number;
  /** reservoirs: total head, m */
  head: number;
  position: LonLat;
}

export interface HLink {
  id: string;
  kind: 'pipe' | 'valve';
  /** the dataset segment or valve node */
  asset: string;
  from: string;
  to: string;
  /** m (pipes) */
  length: number;
  /** mm */
  diameter: number;
  /** Hazen–Williams C (pipes) */
  roughness: number;
  status: 'Open' | 'Closed';
  zone: string;
  /** a pipe between two pressure zones (closed) */
  boundary: boolean;
  /** pipes: the polyline (for INP vertices and leak positions) */
  coords: LonLat[];
}

export interface ZoneSummary {
  name: string;
  sources: string[];
  junctions: number;
  pipes: number;
  /** closed links: zone boundaries and sub-zone boundaries */
  closed: number;
  lengthM: number;
  demandLps: number;
  /** source heads, m */
  heads: number[];
}

export interface WaterModel {
  title: string;
  nodes: HNode[];
  links: HLink[];
  zones: ZoneSummary[];
  /** where the sources came from */
  sourcesFrom: 'data' | 'chosen';
  /** where the demands came from */
  demandsFrom: 'data' | 'length';
  /** origin of the INP coordinates (local metres east/north of it) */
  origin: LonLat;
}

export interface ModelOptions {
  /** only this pressure zone (its boundary pipes left out) */
  zone?: string;
  /** L/s per metre of main when the data has no demands (default 0.004) */
  unitDemandLps?: number;
  /** year the roughness ages to (default 2025) */
  asOfYear?: number;
  /** minimum service head at the highest junction, m (default 20) */
  serviceHeadM?: number;
  /** head kept for friction above that, m (default 5) */
  marginM?: number;
  /** 'data': the records' water `source` nodes when there are any (default); 'chosen': pick the zone inlets here */
  sources?: 'data' | 'chosen';
  /** height of a pressure band (sub-zone), m; 0 = none (default 20) */
  /** junctions a sub-zone needs at least; smaller pieces join the neighbour with the higher head (default 12) */
  minSubzone?: number;
  prvBandM?: number;
  title?: string;
}

const VALVE_TWIN = '.B';
/** junctions per chosen inlet (when the data has no sources) */
const INLET_JUNCTIONS = 250;
const RESERVOIR = '.R';

/** Majority zone of a node's segments (ties: the first listed). */
function nodeZones(segs: readonly PipeSegment[], nodes: readonly PipeNode[]): Map<string, string> {
  const segZone = new Map(segs.map((s) => [s.id, s.pressureZone ?? '']));
  const out = new Map<string, string>();
  for (const n of nodes) {
    const count = new Map<string, number>();
    let best = '';
    let bestN = 0;
    for (const sid of n.segments) {
      const z = segZone.get(sid);
      if (z === undefined) continue;
      const c = (count.get(z) ?? 0) + 1;
      count.set(z, c);
      if (c > bestN) {
        best = z;
        bestN = c;
      }
    }
    out.set(n.id, best);
  }
  return out;
}

class UnionFind {
  private readonly p: Int32Array;
  constructor(n: number) {
    this.p = new Int32Array(n).map((_, i) => i);
  }
  find(i: number): number {
    while (this.p[i] !== i) {
      this.p[i] = this.p[this.p[i]];
      i = this.p[i];
    }
    return i;
  }
  union(a: number, b: number): void {
    this.p[this.find(a)] = this.find(b);
  }
}

/** Build the hydraulic model of the JS records among `segments` / `nodes` (other categories are ignored). */
export function buildWaterModel(
  allSegments: readonly PipeSegment[],
  allNodes: readonly PipeNode[],
  opts: ModelOptions = {},
): WaterModel {
  const unitDemand = opts.unitDemandLps ?? 0.004;
  const asOf = opts.asOfYear ?? 2025;
  const service = opts.serviceHeadM ?? 20;
  const margin = opts.marginM ?? 5;
  const band = opts.prvBandM ?? 20;
  const jsSegs = allSegments.filter((s) => s.cat === 'JS');
  const jsNodes = allNodes.filter((n) => n.cat === 'JS');
  const zoneOf = nodeZones(jsSegs, jsNodes);
  const inZone = (nodeId: string) => opts.zone === undefined || zoneOf.get(nodeId) === opts.zone;
  const nodeById = new Map(jsNodes.map((n) => [n.id, n]));
  const hasDataDemand = jsNodes.some((n) => typeof n.demand === 'number');
  const hasDataSource = opts.sources !== 'chosen' && jsNodes.some((n) => n.source !== undefined);

  // ---- nodes
  const nodes: HNode[] = [];
  const index = new Map<string, number>();
  const addNode = (n: HNode) => {
    index.set(n.id, nodes.length);
    nodes.push(n);
  };
  for (const n of jsNodes) {
    if (!inZone(n.id)) continue;
    const base: HNode = {
      id: n.id, kind: 'junction', asset: n.id, zone: zoneOf.get(n.id) ?? '', elevation: round2(n.ground - n.depth),
      demand: hasDataDemand ? (n.demand ?? 0) : 0, head: 0, position: n.position,
    };
    addNode(base);
    if (n.type === 'valve' && n.segments.length >= 2) addNode({ ...base, id: n.id + VALVE_TWIN, demand: 0 });
  }
  /** The model node a segment attaches to at dataset node `nid`. */
  const endOf = (seg: PipeSegment, nid: string): string => {
    const n = nodeById.get(nid);
    if (n && n.type === 'valve' && n.segments.length >= 2 && n.segments[0] !== seg.id) return nid + VALVE_TWIN;
    return nid;
  };

  // ---- pipes and valves
  const links: HLink[] = [];
  for (const s of jsSegs) {
    if (!nodeById.has(s.from) || !nodeById.has(s.to)) continue;
    const zf = zoneOf.get(s.from) ?? '';
    const zt = zoneOf.get(s.to) ?? '';
    const boundary = zf !== zt;
    if (opts.zone !== undefined && (zf !== opts.zone || zt !== opts.zone)) continue;
    const length = Math.max(0.5, round2(polylineLength(s.coords)));
    if (!hasDataDemand && !boundary) {
      const q = (unitDemand * length) / 2;
      nodes[index.get(s.from)!].demand += q;
      nodes[index.get(s.to)!].demand += q;
    }
    links.push({
      id: s.id, kind: 'pipe', asset: s.id, from: endOf(s, s.from), to: endOf(s, s.to), length,
      diameter: s.dn ?? 300, roughness: hazenWilliamsC(s.material, s.year, asOf), status: boundary ? 'Closed' : 'Open',
      zone: s.pressureZone ?? zf, boundary, coords: s.coords,
    });
  }
  const dnOf = new Map(jsSegs.map((s) => [s.id, s.dn ?? 300]));
  for (const n of jsNodes) {
    if (n.type !== 'valve' || n.segments.length < 2 || !index.has(n.id)) continue;
    links.push({
      id: n.id, kind: 'valve', asset: n.id, from: n.id, to: n.id + VALVE_TWIN, length: 0,
      diameter: Math.max(...n.segments.map((id) => dnOf.get(id) ?? 100)), roughness: 0,
      status: n.state === 'closed' ? 'Closed' : 'Open', zone: zoneOf.get(n.id) ?? '', boundary: false,
      coords: [n.position, n.position],
    });
  }
  for (const n of nodes) n.demand = round4(n.demand);

  // ---- connected parts (open links), their heads, and with `band` > 0 their pressure sub-zones
  const junctionIdx = (id: string) => index.get(id)!;
  const partsOf = (): number[][] => {
    const uf = new UnionFind(nodes.length);
    for (const l of links) if (l.status === 'Open') uf.union(junctionIdx(l.from), junctionIdx(l.to));
    const parts = new Map<number, number[]>();
    nodes.forEach((_, i) => {
      const r = uf.find(i);
      const list = parts.get(r);
      if (list) list.push(i);
      else parts.set(r, [i]);
    });
    return [...parts.values()];
  };
  // the head each node needs from its part: the part's highest junction + service + margin, or a higher recorded head
  // (the sub-zones are cut from the junctions' own need, so a recorded head a little above it does not move the cuts)
  const needHead = new Float64Array(nodes.length);
  const cutHead = new Float64Array(nodes.length);
  for (const members of partsOf()) {
    let h = -Infinity;
    for (const i of members) h = Math.max(h, nodes[i].elevation + service + margin);
    for (const i of members) cutHead[i] = round2(h);
    if (hasDataSource) for (const i of members) h = Math.max(h, nodeById.get(nodes[i].id)?.source?.head ?? -Infinity);
    for (const i of members) needHead[i] = round2(h);
  }
  const bandOf = new Int32Array(nodes.length);
  if (band > 0) pressureSubzones(nodes, links, index, cutHead, service + margin, band, opts.minSubzone ?? 12, bandOf);
  const maxDn = new Map<string, number>();
  for (const l of links) {
    if (l.kind !== 'pipe' || l.status !== 'Open') continue;
    for (const e of [l.from, l.to]) maxDn.set(e, Math.max(maxDn.get(e) ?? 0, l.diameter));
  }
  const reservoirs: HNode[] = [];
  const feeds: HLink[] = [];
  for (const members of partsOf()) {
    if (members.every((i) => nodes[i].kind !== 'junction')) continue;
    const dataSources = hasDataSource ? members.filter((i) => nodeById.get(nodes[i].id)?.source !== undefined) : [];
    let chosen: number[] = dataSources;
    if (!chosen.length) {
      if (hasDataSource && band <= 0 && members.length < 2) continue; // a stray node the data does not feed
      // the nodes on the largest mains at the highest ground; one inlet per INLET_JUNCTIONS junctions, spread
      // over the best quarter of the ranking (in model order, which follows the streets)
      const ranked = [...members].sort((x, y) => (maxDn.get(nodes[y].id) ?? 0) - (maxDn.get(nodes[x].id) ?? 0) || nodes[y].elevation - nodes[x].elevation || x - y);
      const k = Math.max(1, Math.round(members.filter((i) => nodes[i].kind === 'junction').length / INLET_JUNCTIONS));
      const best = ranked.slice(0, Math.max(k, Math.ceil(ranked.length / 4))).sort((x, y) => x - y);
      chosen = [ranked[0], ...Array.from({ length: k - 1 }, (_, j) => best[Math.floor(((j + 1) * best.length) / k)])].filter((v, j, a) => a.indexOf(v) === j);
    }
    // one head per part (sub-zone): its zone part's head, less its bands
    const h = round2(needHead[members[0]] - bandOf[members[0]] * band);
    for (const i of chosen) {
      const n = nodes[i];
      reservoirs.push({ ...n, id: n.id + RESERVOIR, kind: 'reservoir', demand: 0, head: h, elevation: h });
      feeds.push({
        id: n.id + RESERVOIR, kind: 'pipe', asset: n.id, from: n.id + RESERVOIR, to: n.id, length: 1,
        diameter: Math.max(300, maxDn.get(n.id) ?? 300), roughness: 140, status: 'Open', zone: n.zone,
        boundary: false, coords: [n.position, n.position],
      });
    }
  }
  for (const r of reservoirs) addNode(r);
  links.push(...feeds);

  // ---- summaries
  const zones = new Map<string, ZoneSummary>();
  const zoneRow = (name: string): ZoneSummary => {
    let z = zones.get(name);
    if (!z) zones.set(name, (z = { name, sources: [], junctions: 0, pipes: 0, closed: 0, lengthM: 0, demandLps: 0, heads: [] }));
    return z;
  };
  for (const n of nodes) {
    const z = zoneRow(n.zone);
    if (n.kind === 'reservoir') {
      z.sources.push(n.asset);
      z.heads.push(n.head);
    } else {
      z.junctions++;
      z.demandLps += n.demand;
    }
  }
  for (const l of links) {
    const z = zoneRow(l.zone);
    if (l.status === 'Closed') z.closed++;
    if (l.kind === 'pipe' && l.asset === l.id) {
      z.pipes++;
      z.lengthM += l.length;
    }
  }
  for (const z of zones.values()) {
    z.lengthM = Math.round(z.lengthM);
    z.demandLps = round2(z.demandLps);
  }
  const origin: LonLat = nodes.length
    ? [Math.min(...nodes.map((n) => n.position[0])), Math.min(...nodes.map((n) => n.position[1]))]
    : [0, 0];
  return {
    title: opts.title ?? `Water network${opts.zone ? ` — zone ${opts.zone}` : ''}`,
    nodes,
    links,
    zones: [...zones.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    sourcesFrom: hasDataSource ? 'data' : 'chosen',
    demandsFrom: hasDataDemand ? 'data' : 'length',
    origin,
  };
}

/**
 * Pressure sub-zones: a node's band is `floor((head − top − elevation) / band)` (0 = the part's head); connected
 * nodes of one band form a sub-zone (pieces under `minSubzone` junctions join the neighbour with the lowest band, so
 * they keep enough head). Links between sub-zones are closed (boundary). Fills `bandOf`; returns how many links it
 * closed.
 */
function pressureSubzones(
  nodes: readonly HNode[],
  links: HLink[],
  index: ReadonlyMap<string, number>,
  needHead: Float64Array,
  top: number,
  band: number,
  minSubzone: number,
  bandOf: Int32Array,
): number {
  const n = nodes.length;
  for (let i = 0; i < n; i++) bandOf[i] = Math.max(0, Math.floor((needHead[i] - top - nodes[i].elevation) / band));
  const open = links.filter((l) => l.status === 'Open');
  const ends = open.map((l) => [index.get(l.from)!, index.get(l.to)!] as const);
  for (let pass = 0; pass < 3; pass++) {
    const uf = new UnionFind(n);
    for (const [a, b] of ends) if (bandOf[a] === bandOf[b]) uf.union(a, b);
    const size = new Int32Array(n);
    for (let i = 0; i < n; i++) if (nodes[i].kind === 'junction') size[uf.find(i)]++;
    // the lowest neighbouring band of each small piece
    const lower = new Map<number, number>();
    for (const [a, b] of ends) {
      if (bandOf[a] === bandOf[b]) continue;
      for (const [x, y] of [[a, b], [b, a]] as const) {
        const r = uf.find(x);
        if (size[r] >= minSubzone || bandOf[y] >= bandOf[x]) continue;
        lower.set(r, Math.min(lower.get(r) ?? Infinity, bandOf[y]));
      }
    }
    if (!lower.size) break;
    for (let i = 0; i < n; i++) {
      const b = lower.get(uf.find(i));
      if (b !== undefined) bandOf[i] = b;
    }
  }
  let closed = 0;
  open.forEach((l, k) => {
    const [a, b] = ends[k];
    if (bandOf[a] === bandOf[b]) return;
    l.status = 'Closed';
    l.boundary = true;
    closed++;
  });
  return closed;
}

/** Local metres (east, north) of a position from the model's origin, for INP coordinates. */
export function localXY(model: WaterModel, p: LonLat): [number, number] {
  return offsetMetres(model.origin, p);
}

/**
 * A copy of the model with pipe `pipeId` split at fraction `at` (0…1 along its length) by a junction `id` (no
 * demand): where a leak emitter sits. Throws when the pipe is unknown.
 */
export function splitPipe(model: WaterModel, pipeId: string, at: number, id: string): WaterModel {
  const k = model.links.findIndex((l) => l.id === pipeId && l.kind === 'pipe');
  if (k < 0) throw new Error(`no pipe ${pipeId} in the model`);
  const l = model.links[k];
  const f = Math.min(0.95, Math.max(0.05, at));
  const a = model.nodes.find((n) => n.id === l.from)!;
  const b = model.nodes.find((n) => n.id === l.to)!;
  const pos: LonLat = [a.position[0] + (b.position[0] - a.position[0]) * f, a.position[1] + (b.position[1] - a.position[1]) * f];
  const leakNode: HNode = {
    id, kind: 'junction', asset: l.asset, zone: a.zone, elevation: round2(a.elevation + (b.elevation - a.elevation) * f),
    demand: 0, head: 0, position: pos,
  };
  const first: HLink = { ...l, id: `${l.id}.1`, to: id, length: round2(Math.max(0.25, l.length * f)), coords: [a.position, pos] };
  const second: HLink = { ...l, id: `${l.id}.2`, from: id, length: round2(Math.max(0.25, l.length * (1 - f))), coords: [pos, b.position] };
  const links = [...model.links];
  links.splice(k, 1, first, second);
  return { ...model, nodes: [...model.nodes, leakNode], links };
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
function round4(v: number): number {
  return Math.round(v * 10000) / 10000;
}
