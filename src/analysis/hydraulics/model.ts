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
 * - Pressure-reducing stations: Chongqing zones span 60 m of ground, more than one pressure band holds. With
 *   `prvBandM` > 0 each zone is cut into bands of that height below its source head; a pipe that runs down into a
 *   lower band gets a PRV at its lower end (junction `<pipe>.V`, PRV `<pipe>.PRV`) set to that band's head.
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
  kind: 'pipe' | 'valve' | 'prv';
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
  /** PRV: downstream pressure, m */
  setting: number;
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
  prvs: number;
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
  /** minimum service head at the highest junction, m (default 22) */
  serviceHeadM?: number;
  /** head kept for friction above that, m (default 6) */
  marginM?: number;
  /** 'data': the records' water `source` nodes when there are any (default); 'chosen': pick the zone inlets here */
  sources?: 'data' | 'chosen';
  /** height of a pressure band, m; 0 = no PRVs (default 35) */
  prvBandM?: number;
  title?: string;
}

const VALVE_TWIN = '.B';
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
  const service = opts.serviceHeadM ?? 22;
  const margin = opts.marginM ?? 6;
  const band = opts.prvBandM ?? 35;
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
      setting: 0, zone: s.pressureZone ?? zf, boundary, coords: s.coords,
    });
  }
  const dnOf = new Map(jsSegs.map((s) => [s.id, s.dn ?? 300]));
  for (const n of jsNodes) {
    if (n.type !== 'valve' || n.segments.length < 2 || !index.has(n.id)) continue;
    links.push({
      id: n.id, kind: 'valve', asset: n.id, from: n.id, to: n.id + VALVE_TWIN, length: 0,
      diameter: Math.max(...n.segments.map((id) => dnOf.get(id) ?? 100)), roughness: 0,
      status: n.state === 'closed' ? 'Closed' : 'Open', setting: 0, zone: zoneOf.get(n.id) ?? '', boundary: false,
      coords: [n.position, n.position],
    });
  }
  for (const n of nodes) n.demand = round4(n.demand);

  // ---- connected parts (open links) per zone, and their sources
  const uf = new UnionFind(nodes.length);
  for (const l of links) if (l.status === 'Open') uf.union(index.get(l.from)!, index.get(l.to)!);
  const parts = new Map<number, number[]>();
  nodes.forEach((_, i) => {
    const r = uf.find(i);
    const list = parts.get(r);
    if (list) list.push(i);
    else parts.set(r, [i]);
  });
  const maxDn = new Map<string, number>();
  for (const l of links) {
    if (l.kind !== 'pipe' || l.status !== 'Open') continue;
    for (const e of [l.from, l.to]) maxDn.set(e, Math.max(maxDn.get(e) ?? 0, l.diameter));
  }
  const partHead = new Int32Array(nodes.length).fill(-1); // node → index of its part's source head list
  const heads: number[] = [];
  const reservoirs: HNode[] = [];
  const feeds: HLink[] = [];
  for (const members of parts.values()) {
    let top = -Infinity;
    for (const i of members) top = Math.max(top, nodes[i].elevation);
    const dataSources = hasDataSource ? members.filter((i) => nodeById.get(nodes[i].id)?.source !== undefined) : [];
    let chosen: number[] = dataSources;
    if (!chosen.length) {
      if (hasDataSource && members.length < 2) continue; // a stray node the data does not feed
      let best = members[0];
      for (const i of members) {
        const a = nodes[i];
        const b = nodes[best];
        const da = maxDn.get(a.id) ?? 0;
        const db = maxDn.get(b.id) ?? 0;
        if (da > db || (da === db && a.elevation > b.elevation)) best = i;
      }
      chosen = [best];
    }
    const headIdx = heads.length;
    // one head per connected part: the highest recorded source head, raised where it would not give the part's
    // highest junction its service head (recorded heads are often set from the source's own ground)
    let h = round2(top + service + margin);
    if (hasDataSource) for (const i of chosen) h = Math.max(h, nodeById.get(nodes[i].id)?.source?.head ?? -Infinity);
    const partTop = h;
    for (const i of chosen) {
      const n = nodes[i];
      reservoirs.push({ ...n, id: n.id + RESERVOIR, kind: 'reservoir', demand: 0, head: h, elevation: h });
      feeds.push({
        id: n.id + RESERVOIR, kind: 'pipe', asset: n.id, from: n.id + RESERVOIR, to: n.id, length: 1,
        diameter: Math.max(300, maxDn.get(n.id) ?? 300), roughness: 140, status: 'Open', setting: 0, zone: n.zone,
        boundary: false, coords: [n.position, n.position],
      });
    }
    heads.push(partTop);
    for (const i of members) partHead[i] = headIdx;
  }

  // ---- pressure bands: PRVs where a pipe runs down into a lower band
  const extraNodes: HNode[] = [];
  const prvs: HLink[] = [];
  if (band > 0) {
    const effective = pressureBands(nodes, links, index, feeds.map((f) => index.get(f.to)!), partHead, heads, service + margin, band);
    const bandOf = (i: number) => effective[i];
    const bandHead = (i: number) => heads[partHead[i]] - effective[i] * band;
    for (const l of [...links]) {
      if (l.kind !== 'pipe' || l.status !== 'Open') continue;
      const a = index.get(l.from)!;
      const b = index.get(l.to)!;
      if (partHead[a] < 0) continue;
      const ba = bandOf(a);
      const bb = bandOf(b);
      if (ba === bb) continue;
      // the station at the pipe's lower end: pipe → `.V` — PRV — `.W` → 1 m pipe → lower node. Its own two nodes keep
      // it clear of valves and of other stations (EPANET allows no PRVs sharing a downstream node or in series).
      const down = nodes[ba < bb ? b : a];
      const v: HNode = { ...down, id: l.id + '.V', asset: l.asset, demand: 0 };
      const w: HNode = { ...down, id: l.id + '.W', asset: l.asset, demand: 0 };
      extraNodes.push(v, w);
      if (ba < bb) l.to = v.id;
      else l.from = v.id;
      const base = { asset: l.asset, diameter: l.diameter, status: 'Open' as const, zone: l.zone, boundary: false, coords: [down.position, down.position] };
      prvs.push(
        { ...base, id: l.id + '.PRV', kind: 'prv', from: v.id, to: w.id, length: 0, roughness: 0, setting: round2(bandHead(ba < bb ? b : a) - down.elevation) },
        { ...base, id: l.id + '.W', kind: 'pipe', from: w.id, to: down.id, length: 1, roughness: 140, setting: 0 },
      );
    }
  }
  for (const n of extraNodes) addNode(n);
  for (const r of reservoirs) addNode(r);
  links.push(...feeds, ...prvs);

  // ---- summaries
  const zones = new Map<string, ZoneSummary>();
  const zoneRow = (name: string): ZoneSummary => {
    let z = zones.get(name);
    if (!z) zones.set(name, (z = { name, sources: [], junctions: 0, pipes: 0, prvs: 0, lengthM: 0, demandLps: 0, heads: [] }));
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
    if (l.kind === 'prv') z.prvs++;
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
 * The pressure band of every node (0 = the source's head, k = k bands lower). A node's own band follows its ground
 * (`floor((head − top − elevation) / band)`); along the shortest-path tree from its source a node takes the lowest
 * band of everything it feeds, so a main through a valley to a hill keeps the head the hill needs, and bands only
 * grow away from the source (the stations between them reduce, never boost).
 */
function pressureBands(
  nodes: readonly HNode[],
  links: readonly HLink[],
  index: ReadonlyMap<string, number>,
  sources: readonly number[],
  partHead: Int32Array,
  heads: readonly number[],
  top: number,
  band: number,
): Int32Array {
  const n = nodes.length;
  const adj: number[][] = Array.from({ length: n }, () => []);
  const len: number[][] = Array.from({ length: n }, () => []);
  for (const l of links) {
    if (l.status !== 'Open') continue;
    const a = index.get(l.from)!;
    const b = index.get(l.to)!;
    adj[a].push(b);
    adj[b].push(a);
    len[a].push(l.length);
    len[b].push(l.length);
  }
  const own = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const h = heads[partHead[i]];
    own[i] = h === undefined ? 0 : Math.max(0, Math.floor((h - top - nodes[i].elevation) / band));
  }
  // Dijkstra from every source (the reservoirs' junctions)
  const dist = new Float64Array(n).fill(Infinity);
  const parent = new Int32Array(n).fill(-1);
  const order: number[] = [];
  const heap: [number, number][] = [];
  const push = (d: number, i: number) => {
    heap.push([d, i]);
    let k = heap.length - 1;
    while (k > 0) {
      const p = (k - 1) >> 1;
      if (heap[p][0] <= heap[k][0]) break;
      [heap[p], heap[k]] = [heap[k], heap[p]];
      k = p;
    }
  };
  const pop = (): [number, number] => {
    const top0 = heap[0];
    const last = heap.pop()!;
    if (heap.length) {
      heap[0] = last;
      let k = 0;
      for (;;) {
        const l = 2 * k + 1;
        const r = l + 1;
        let m = k;
        if (l < heap.length && heap[l][0] < heap[m][0]) m = l;
        if (r < heap.length && heap[r][0] < heap[m][0]) m = r;
        if (m === k) break;
        [heap[m], heap[k]] = [heap[k], heap[m]];
        k = m;
      }
    }
    return top0;
  };
  for (const j of sources) {
    dist[j] = 0;
    push(0, j);
  }
  while (heap.length) {
    const [d, i] = pop();
    if (d > dist[i]) continue;
    order.push(i);
    for (let k = 0; k < adj[i].length; k++) {
      const j = adj[i][k];
      const nd = d + len[i][k];
      if (nd < dist[j]) {
        dist[j] = nd;
        parent[j] = i;
        push(nd, j);
      }
    }
  }
  const eff = Int32Array.from(own);
  for (let k = order.length - 1; k >= 0; k--) {
    const i = order[k];
    const p = parent[i];
    if (p >= 0 && eff[i] < eff[p]) eff[p] = eff[i];
  }
  return eff;
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
