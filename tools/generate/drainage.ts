/**
 * Gravity drainage: storm water (YS) and sewage (WS) as forests of trees rooted at outfalls on the banks.
 *
 * 1. Outfalls: riverside-road nodes every ~450 m (storm) / ~1.4 km (sewage), at least one per connected piece.
 * 2. A multi-source shortest-path forest over the streets (bridges excluded) from the outfalls, with a penalty for
 *    flowing uphill, decides which way every street drains. Streets off the forest carry a branch sewer from a head
 *    manhole to the end nearer the outfall.
 * 3. Manholes every 35–60 m; storm inlets at the kerb beside every other storm manhole.
 * 4. Sizes grow with the pipe length upstream; inverts are laid from the leaves down: as shallow as the minimum cover
 *    allows, never rising, and falling at least the minimum slope along every segment.
 */
import { minCover } from '../../src/domain/cover';
import type { NodeType } from '../../src/domain/schema';
import { dist, polylineLength, round, type XY } from './geo';
import { crossSection, sidewalkWidth, underCarriageway } from './layout';
import type { LayContext, SegProps } from './pipes';
import type { Rng } from './prng';
import { MinHeap } from './heap';
import { offsetPoint } from './rivers';
import type { StreetNet } from './streets';

const STORM_OUTFALL_SPACING = 350;
const SEWAGE_OUTFALL_SPACING = 800;

/** Storm sewer size (mm) from the pipe length upstream (a catchment proxy); beyond DN 1500 a box culvert. */
function stormSize(upstream: number): { dn: number | null; box: { w: number; h: number } | null } {
  const steps: [number, number][] = [[350, 300], [900, 400], [1700, 500], [3000, 600], [5000, 800], [8000, 1000], [12000, 1200], [18000, 1500]];
  for (const [l, d] of steps) if (upstream < l) return { dn: d, box: null };
  const h = Math.min(3000, 1800 + 200 * Math.floor((upstream - 18000) / 12000));
  return { dn: null, box: { w: Math.round((h * 1.25) / 100) * 100, h } };
}

function sewageSize(upstream: number): number {
  const steps: [number, number][] = [[600, 300], [1800, 400], [3500, 500], [6500, 600], [12000, 800], [22000, 1000]];
  for (const [l, d] of steps) if (upstream < l) return d;
  return 1200;
}

/** Minimum slope for a gravity pipe of height D mm (≈ 1/D, at least 0.0008). */
export function minSlope(dmm: number): number {
  return Math.max(0.0008, 1 / dmm);
}

export function layDrainage(ctx: LayContext): void {
  for (const sub of ['YS', 'WS'] as const) layTree(ctx, sub);
}

/**
 * One gravity network (storm YS or sewage WS) in named steps: the street graph, outfalls on the banks, the flow
 * forest, a run per street edge, outfall pipes, storm inlets, then pipe sizes and inverts.
 */
function layTree(ctx: LayContext, sub: 'YS' | 'WS'): void {
  const { net, o } = ctx;
  const rng = ctx.rng.fork(`drain:${sub}`);
  const adj = drainageGraph(net);
  const g = net.nodes.map((n) => o.ground(n.xy));
  const outfall = chooseOutfalls(net, adj, sub, rng);
  const forest = flowForest(net, adj, g, outfall);
  const { corners, inletCandidates } = laySewerRuns(ctx, sub, rng, g, forest);
  layOutfallPipes(ctx, sub, rng, adj, outfall, corners);
  if (sub === 'YS') layStormInlets(ctx, inletCandidates);
  sizeAndInverts(ctx, sub, rng.fork('inverts'));
}

type Adjacency = { e: number; to: number }[][];

/** Street edges a sewer can follow (not bridges), as adjacency lists per street node. */
function drainageGraph(net: StreetNet): Adjacency {
  const N = net.nodes.length;
  const adj: Adjacency = Array.from({ length: N }, () => []);
  net.edges.forEach((e, ei) => {
    if (e.cls === 'bridge') return;
    adj[e.a].push({ e: ei, to: e.b });
    adj[e.b].push({ e: ei, to: e.a });
  });
  return adj;
}

/**
 * Outfalls: riverside-road nodes every `spacing` metres along each bank road (storm and sewage out of phase), and at
 * least one in every connected piece of streets that touches a river.
 */
function chooseOutfalls(net: StreetNet, adj: Adjacency, sub: 'YS' | 'WS', rng: Rng): Set<number> {
  const N = net.nodes.length;
  const spacing = sub === 'YS' ? STORM_OUTFALL_SPACING : SEWAGE_OUTFALL_SPACING;
  const phase = sub === 'YS' ? 0 : 0.5;
  const outfall = new Set<number>();
  for (const st of net.streets) {
    const es = st.edges.map((i) => net.edges[i]);
    if (!es.every((e) => e.bankRoad)) continue;
    // nodes along the bank road in path order
    const seq: number[] = [];
    let cur = es.length === 1 ? es[0].a : es[0].b === es[1].a || es[0].b === es[1].b ? es[0].a : es[0].b;
    seq.push(cur);
    for (const e of es) {
      cur = e.a === cur ? e.b : e.a;
      seq.push(cur);
    }
    let acc = spacing * phase + rng.range(0, spacing * 0.3);
    for (let i = 0; i < seq.length; i++) {
      if (i > 0) acc += dist(net.nodes[seq[i - 1]].xy, net.nodes[seq[i]].xy);
      if (acc >= spacing * 0.999 || (i === seq.length - 1 && acc > spacing * 0.6)) {
        outfall.add(seq[i]);
        acc = 0;
      }
    }
  }
  // every connected piece with a riverside node gets at least one outfall
  const comp = new Int32Array(N).fill(-1);
  let nComp = 0;
  for (let s = 0; s < N; s++) {
    if (comp[s] >= 0 || adj[s].length === 0) continue;
    const stack = [s];
    comp[s] = nComp;
    const members: number[] = [];
    let has = false;
    while (stack.length) {
      const u = stack.pop() as number;
      members.push(u);
      if (outfall.has(u)) has = true;
      for (const { to } of adj[u]) {
        if (comp[to] < 0) {
          comp[to] = nComp;
          stack.push(to);
        }
      }
    }
    if (!has) {
      const bank = members.filter((m) => net.nodes[m].bank).sort((p, q) => p - q);
      if (bank.length) outfall.add(bank[bank.length >> 1]);
    }
    nComp++;
  }

  return outfall;
}

/** The gravity forest: Dijkstra from the outfalls over the streets, uphill flow penalised; each node's edge downstream. */
function flowForest(net: StreetNet, adj: Adjacency, g: number[], outfall: Set<number>): { distTo: Float64Array; parentEdge: Int32Array } {
  const N = net.nodes.length;
  const distTo = new Float64Array(N).fill(Infinity);
  const parentEdge = new Int32Array(N).fill(-1);
  const heap = new MinHeap();
  for (const s of [...outfall].sort((p, q) => p - q)) {
    distTo[s] = 0;
    heap.push(0, s);
  }
  while (heap.size) {
    const [d, u] = heap.pop();
    if (d > distTo[u]) continue;
    for (const { e, to } of adj[u]) {
      const L = dist(net.nodes[u].xy, net.nodes[to].xy);
      const nd = d + L + 80 * Math.max(0, g[u] - g[to]);
      if (nd < distTo[to]) {
        distTo[to] = nd;
        parentEdge[to] = e;
        heap.push(nd, to);
      }
    }
  }

  return { distTo, parentEdge };
}

interface InletCandidate {
  node: number;
  edge: number;
  side: XY;
  reach: number;
}

/**
 * One sewer run per street edge reached by the forest: along the tree toward the outfall, or a branch sewer from a
 * head manhole down to the lower end. Returns the corner manholes per street node and, for storm sewers, the
 * manholes that get kerb inlets.
 */
function laySewerRuns(
  ctx: LayContext,
  sub: 'YS' | 'WS',
  rng: Rng,
  g: number[],
  { distTo, parentEdge }: { distTo: Float64Array; parentEdge: Int32Array },
): { corners: Map<number, number>; inletCandidates: InletCandidate[] } {
  const { net, pn } = ctx;
  const corners = new Map<number, number>();
  const props = (ei: number, year: number, under: boolean): SegProps => ({
    cat: 'PS', sub, material: '', dn: 300, box: null, burial: 'ZM', year, owner: '',
    street: net.streets[net.edges[ei].street].id, crossing: null, pressureZone: null, pressureClass: null,
    underCarriageway: under,
  });
  const cornerOf = (n: number, off: number, year: number, pick: number): number => {
    let c = corners.get(n);
    if (c === undefined) {
      c = ctx.newNode('PS', sub, 'manhole', ctx.cornerXY(n, off), year, pick);
      corners.set(n, c);
    }
    return c;
  };
  const inletCandidates: InletCandidate[] = [];
  net.edges.forEach((e, ei) => {
    if (e.cls === 'bridge') return;
    if (!Number.isFinite(distTo[e.a]) || !Number.isFinite(distTo[e.b])) return;
    const r = rng.fork(`e${ei}`);
    const year = Math.max(1960, Math.min(2025, ctx.streetYear(e.street) + r.int(-6, 4)));
    const pick = r.next();
    const off = crossSection(e.width)[sub];
    const [s, t] = ctx.ends(ei);
    const c0 = cornerOf(s, off, year, pick);
    const c1 = cornerOf(t, off, year, pick);
    let pts = ctx.runPts(ei, off, pn.nodes[c0].xy, pn.nodes[c1].xy);
    // flow direction
    let fromNode: number;
    let toNode: number;
    let head = false;
    if (parentEdge[s] === ei) {
      fromNode = c0;
      toNode = c1;
    } else if (parentEdge[t] === ei) {
      fromNode = c1;
      toNode = c0;
      pts = [...pts].reverse();
    } else {
      head = true;
      // branch sewer from a head manhole near the higher end, downhill to the lower end
      if (g[s] <= g[t]) {
        pts = [...pts].reverse();
        toNode = c0;
      } else {
        toNode = c1;
      }
      fromNode = -1;
    }
    if (head) {
      if (pts.length > 2) pts = pts.slice(1);
      else pts = [[pts[0][0] + (pts[1][0] - pts[0][0]) * 0.3, pts[0][1] + (pts[1][1] - pts[0][1]) * 0.3], pts[1]];
      fromNode = ctx.newNode('PS', sub, 'manhole', pts[0], year, pick);
    }
    const L = polylineLength(pts);
    const sp = (e.cls === 'local' ? 38 : e.cls === 'secondary' ? 45 : 55) + r.range(-5, 5);
    const n = Math.max(1, Math.round(L / sp));
    const stations = [];
    for (let i = 1; i < n; i++) stations.push({ s: (L * i) / n, type: 'manhole' as NodeType });
    const p = props(ei, year, underCarriageway(e.width, off));
    const list = ctx.layRun(pts, fromNode, toNode, stations, p, pick);
    if (sub === 'YS') {
      // kerb side of the storm line: toward the nearer kerb
      const sideSign = off < 0 ? -1 : 1;
      const reach = e.width / 2 - sidewalkWidth(e.width) + 0.3 - Math.abs(off);
      for (let i = 1; i < list.length - 1; i += 2) {
        inletCandidates.push({ node: list[i], edge: ei, side: rightNormal(pts, sideSign), reach: Math.max(1.5, reach) });
      }
    }
  });

  return { corners, inletCandidates };
}

/** Outfall pipes from the root manholes to the bank. */
function layOutfallPipes(ctx: LayContext, sub: 'YS' | 'WS', rng: Rng, adj: Adjacency, outfall: Set<number>, corners: Map<number, number>): void {
  const { net, pn, o } = ctx;
  for (const b of [...outfall].sort((p, q) => p - q)) {
    const c = corners.get(b);
    const bk = net.nodes[b].bank;
    if (c === undefined || !bk) continue;
    const river = o.water.rivers[bk.river];
    const q = offsetPoint(river, bk.vertex, bk.side * (river.half[bk.vertex] + (sub === 'YS' ? 9 : 12)));
    const cn = pn.nodes[c];
    const pick = rng.next();
    const on = ctx.newNode('PS', sub, 'outfall', q, cn.year, pick);
    const streetEdge = adj[b][0];
    pn.addSeg({
      cat: 'PS', sub, material: '', dn: 300, box: null, burial: 'ZM', year: cn.year, owner: '',
      street: streetEdge ? net.streets[net.edges[streetEdge.e].street].id : null, crossing: null,
      pressureZone: null, pressureClass: null, underCarriageway: false,
    }, c, on, [cn.xy, q]);
  }

}

/** Storm inlets (雨水口) at the kerb with short connections to their manholes. */
function layStormInlets(ctx: LayContext, inletCandidates: InletCandidate[]): void {
  const { net, pn } = ctx;
  for (const ic of inletCandidates) {
    const m = pn.nodes[ic.node];
    const q: XY = [m.xy[0] + ic.side[0] * ic.reach, m.xy[1] + ic.side[1] * ic.reach];
    const inl = ctx.newNode('PS', 'YS', 'inlet', q, m.year, 0);
    pn.addSeg({
      cat: 'PS', sub: 'YS', material: '', dn: 300, box: null, burial: 'ZM', year: m.year, owner: '',
      street: net.streets[net.edges[ic.edge].street].id, crossing: null, pressureZone: null, pressureClass: null,
      underCarriageway: true,
    }, inl, ic.node, [q, m.xy]);
  }
}

function rightNormal(pts: XY[], sign: number): XY {
  const a = pts[0];
  const b = pts[pts.length - 1];
  const L = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1;
  return [(sign * (b[1] - a[1])) / L, (-sign * (b[0] - a[0])) / L];
}

/** Sizes, materials, owners, inverts and depths for one drainage sub-type (all its nodes and segments). */
function sizeAndInverts(ctx: LayContext, sub: 'YS' | 'WS', rng: Rng): void {
  const { pn } = ctx;
  const NN = pn.nodes.length;
  const segIdx: number[] = [];
  for (let i = 0; i < pn.segs.length; i++) {
    const s = pn.segs[i];
    if (s.cat === 'PS' && s.sub === sub) segIdx.push(i);
  }
  const out = new Int32Array(NN).fill(-1);
  const indeg = new Int32Array(NN);
  const member = new Uint8Array(NN);
  for (const i of segIdx) {
    const s = pn.segs[i];
    if (out[s.from] >= 0) throw new Error(`drainage node ${s.from} has two outgoing segments`);
    out[s.from] = i;
    indeg[s.to]++;
    member[s.from] = member[s.to] = 1;
  }
  // Kahn order, leaves first
  const order: number[] = [];
  for (let n = 0; n < NN; n++) if (member[n] && indeg[n] === 0) order.push(n);
  for (let qi = 0; qi < order.length; qi++) {
    const si = out[order[qi]];
    if (si < 0) continue;
    const to = pn.segs[si].to;
    if (--indeg[to] === 0) order.push(to);
  }
  let members = 0;
  for (let n = 0; n < NN; n++) members += member[n];
  if (order.length !== members) throw new Error(`drainage ${sub} is not a forest`);

  // upstream pipe length → size
  const up = new Float64Array(NN);
  for (const n of order) {
    const si = out[n];
    if (si >= 0) up[pn.segs[si].to] += up[n] + pn.segs[si].length;
  }
  const height = (si: number): number => {
    const s = pn.segs[si];
    return s.dn ?? (s.box as { h: number }).h;
  };
  for (const si of segIdx) {
    const s = pn.segs[si];
    const upstream = up[s.from] + s.length;
    if (pn.nodes[s.from].type === 'inlet') {
      s.dn = 300;
      s.box = null;
    } else if (sub === 'YS') {
      const z = stormSize(upstream);
      s.dn = z.dn;
      s.box = z.box;
    } else {
      s.dn = sewageSize(upstream);
    }
    const D = height(si);
    const u = rng.next();
    if (s.box) s.material = s.year < 1985 ? 'ZS' : 'T';
    else if (s.year < 1980 && D >= 800) s.material = u < 0.6 ? 'Z' : 'T';
    else if (s.year >= 2000 && D <= 600) s.material = u < 0.3 ? 'PVC' : u < 0.75 ? 'PE' : 'T';
    else if (s.year >= 1995 && D <= 400) s.material = u < 0.5 ? 'PVC' : 'T';
    else s.material = 'T';
    if (s.box) s.burial = 'GG';
    s.owner = pn.nodes[s.from].owner;
  }
  // inverts, leaves first: as shallow as the cover allows, below every incoming pipe's end
  const inv = new Float64Array(NN);
  const lowestIn = new Float64Array(NN).fill(Infinity);
  const maxInH = new Float64Array(NN);
  for (const n of order) {
    const nd = pn.nodes[n];
    let cover = 0;
    for (const si of nd.segs) cover = Math.max(cover, minCover('PS', sub, pn.segs[si].underCarriageway));
    const os = out[n];
    const Dout = os >= 0 ? height(os) : maxInH[n];
    // below the cover: sewers deep enough for house connections, storm drains a little shallower
    const extra = nd.type === 'inlet' ? 0.4 : sub === 'WS' ? rng.range(0.8, 2.2) : rng.range(0.3, 1.4);
    let v = nd.ground - cover - Dout / 1000 - 0.02 - extra;
    v = Math.min(v, lowestIn[n]);
    v = Math.floor(v * 1000) / 1000;
    inv[n] = v;
    nd.depth = round(nd.ground - v, 2);
    if (os >= 0) {
      const s = pn.segs[os];
      const h = height(os);
      const drop = Math.max(0.005, minSlope(h) * s.length);
      if (v - drop < lowestIn[s.to]) lowestIn[s.to] = v - drop;
      if (h > maxInH[s.to]) maxInH[s.to] = h;
    }
  }
  for (const si of segIdx) {
    const s = pn.segs[si];
    const D = height(si) / 1000;
    s.invert0 = inv[s.from];
    s.invert1 = inv[s.to];
    s.depth0 = round(pn.nodes[s.from].ground - s.invert0 - D, 3);
    s.depth1 = round(pn.nodes[s.to].ground - s.invert1 - D, 3);
  }
}
