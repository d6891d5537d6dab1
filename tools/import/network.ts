/**
 * Topology: candidates → the dataset's segments and nodes.
 *
 *  1. Nodes from surveyed points; a second point of the same network within the snapping tolerance is a duplicate.
 *  2. Each segment end joins the nearest node of its network within the tolerance (line tables: the node of its point
 *     number), or a new node is made there; a moved end is reported with the distance.
 *  3. Zero-length segments (both ends on one node, shorter than the tolerance) and duplicates (same end nodes, same
 *     length) are dropped.
 *  4. Depths: the depth columns, else top/invert elevations, else Z, else the category default (GB 50289 minimum
 *     cover, src/domain/cover.ts); ground: the columns, else the end point's; sizes: parsed, else a default.
 *  5. Checks: dangling ends (a made node with one segment), pipes of one network crossing without a node, gravity
 *     pipes whose inverts run uphill.
 *
 * Distances are metres in a local plane around the data (src/domain/geodesy.ts), tolerance included.
 */
import Flatbush from 'flatbush';
import { orient2d } from 'robust-predicates';
import { categoryIndex } from '../../src/domain/categories';
import { minCover } from '../../src/domain/cover';
import { metresPerDegree } from '../../src/domain/geodesy';
import type { CategoryCode, LonLat, NodeType, PipeNode, PipeSegment } from '../../src/domain/schema';
import { IdCounter, nodeCode, segmentCode } from '../generate/codes';
import type { LineCand, PointCand } from './features';
import type { MappingFile } from './mapping';
import { DEFAULT_DN, DEFAULT_SUB } from './presets';
import type { Issues, SourceRef } from './report';

export interface NetworkOptions {
  /** snapping tolerance, metres */
  snap: number;
  z: NonNullable<MappingFile['z']>;
  progress?: (stage: string, done: number, total: number) => void;
}

export interface Network {
  segments: PipeSegment[];
  nodes: PipeNode[];
}

interface WorkNode {
  id: string;
  cat: CategoryCode | undefined;
  sub: string | undefined;
  type: NodeType;
  position: LonLat;
  x: number;
  y: number;
  ref: SourceRef;
  point: PointCand | undefined;
  segs: number[];
}

interface WorkSeg {
  cand: LineCand;
  coords: LonLat[];
  from: number;
  to: number;
  length: number;
  id: string;
}

/** Gravity networks: drainage (PS). */
const GRAVITY: ReadonlySet<CategoryCode> = new Set(['PS']);

export function buildNetwork(lines: LineCand[], points: PointCand[], opts: NetworkOptions, issues: Issues): Network {
  const tol = opts.snap;
  const all: LonLat[] = [...points.map((p) => p.position), ...lines.flatMap((l) => [l.coords[0], l.coords[l.coords.length - 1]])];
  const lat0 = all.length ? all.reduce((s, p) => s + p[1], 0) / all.length : 0;
  const lon0 = all.length ? all.reduce((s, p) => s + p[0], 0) / all.length : 0;
  const k = metresPerDegree(lat0);
  const local = (p: LonLat): [number, number] => [(p[0] - lon0) * k.lon, (p[1] - lat0) * k.lat];

  // ---- nodes: a grid per network, cell = tolerance
  const cell = Math.max(tol, 0.001);
  const grid = new Map<number, number[]>();
  const nodes: WorkNode[] = [];
  // numeric cell keys (strings cost a third of the topology time at 20,000 pipes): network slot × 2^48 + cell;
  // ±2^23 cells of ≥ 1 mm either way of the centre is ±8 km at the finest, ±420 km at the default 5 cm
  const slot = (cat: CategoryCode | undefined): number => (cat ? categoryIndex(cat) + 1 : 0);
  const key = (c: number, ix: number, iy: number): number => c * 2 ** 48 + (ix + 2 ** 23) * 2 ** 24 + (iy + 2 ** 23);
  const addNode = (n: WorkNode): number => {
    const i = nodes.length;
    nodes.push(n);
    const kk = key(slot(n.cat), Math.floor(n.x / cell), Math.floor(n.y / cell));
    const a = grid.get(kk);
    if (a) a.push(i);
    else grid.set(kk, [i]);
    return i;
  };
  const nearest = (cat: CategoryCode | undefined, x: number, y: number): { i: number; d: number } | undefined => {
    const ix = Math.floor(x / cell);
    const iy = Math.floor(y / cell);
    let best: { i: number; d: number } | undefined;
    for (const c of cat ? [slot(cat), 0] : [0]) {
      for (let dx = -1; dx <= 1; dx++) {
        for (let dy = -1; dy <= 1; dy++) {
          for (const i of grid.get(key(c, ix + dx, iy + dy)) ?? []) {
            const d = Math.hypot(nodes[i].x - x, nodes[i].y - y);
            if (d <= tol && (!best || d < best.d)) best = { i, d };
          }
        }
      }
    }
    return best;
  };

  const byPointId = new Map<string, number>();
  const alias = new Map<string, number>();
  for (const p of points) {
    const [x, y] = local(p.position);
    const cat = p.cat?.cat;
    const label = p.srcId || `${p.ref.file}#${p.ref.row}`;
    if (p.srcId && byPointId.has(p.srcId)) {
      const first = nodes[byPointId.get(p.srcId)!];
      issues.add('duplicate-point-id', label, p.ref, `point number ${p.srcId} already at ${first.ref.file}:${first.ref.row}`);
      continue;
    }
    const near = nearest(cat, x, y);
    if (near && (!cat || nodes[near.i].cat === cat)) {
      const first = nodes[near.i];
      issues.add('duplicate-point', label, p.ref, `${near.d.toFixed(3)} m from ${first.id} (${first.ref.file}:${first.ref.row}): merged into it`);
      if (p.srcId) alias.set(p.srcId, near.i);
      continue;
    }
    const i = addNode({ id: p.srcId, cat, sub: p.cat?.sub, type: p.type, position: p.position, x, y, ref: p.ref, point: p, segs: [] });
    if (p.srcId) byPointId.set(p.srcId, i);
  }
  const pointNodes = nodes.length;

  // ---- segments: ends onto nodes
  const segs: WorkSeg[] = [];
  const pairs = new Map<string, number>();
  const total = lines.length;
  lines.forEach((l, li) => {
    if (opts.progress && li % 5000 === 0) opts.progress('topology', li, total);
    const label = l.srcId || (l.ends ? `${l.ends[0]}-${l.ends[1]}` : `${l.ref.file}#${l.ref.row}`);
    const coords = l.coords.map((c) => [c[0], c[1]] as LonLat);
    const endNode = (e: 0 | 1): number => {
      const at = e === 0 ? 0 : coords.length - 1;
      const pid = l.ends?.[e];
      const [x, y] = local(coords[at]);
      if (pid) {
        const i = byPointId.get(pid) ?? alias.get(pid);
        if (i !== undefined) {
          // line tables: the point is the geometry; drawn lines naming their points: the point when it is within the
          // tolerance, else the drawn end stays and the disagreement is reported
          const d = l.drawn ? Math.hypot(nodes[i].x - x, nodes[i].y - y) : 0;
          if (d <= tol) {
            if (d > 0.001) issues.add('snapped', label, l.ref, `${e === 0 ? 'start' : 'end'} moved ${d.toFixed(3)} m onto its point ${pid}`);
            coords[at] = [nodes[i].position[0], nodes[i].position[1]];
            return i;
          }
          issues.add('end-point-mismatch', label, l.ref, `${e === 0 ? 'start' : 'end'} is ${d.toFixed(2)} m from its point ${pid}`);
        }
      }
      const near = nearest(l.cat, x, y);
      if (near && (nodes[near.i].cat === undefined || nodes[near.i].cat === l.cat)) {
        const n = nodes[near.i];
        if (near.d > 0.001) issues.add('snapped', label, l.ref, `${e === 0 ? 'start' : 'end'} moved ${near.d.toFixed(3)} m onto node ${n.id || `#${near.i}`}`);
        coords[at] = [n.position[0], n.position[1]];
        if (n.cat === undefined) {
          n.cat = l.cat;
          n.sub = l.sub;
        }
        return near.i;
      }
      return addNode({ id: '', cat: l.cat, sub: l.sub, type: 'junction', position: coords[at], x, y, ref: l.ref, point: undefined, segs: [] });
    };
    const from = endNode(0);
    const to = endNode(1);
    let length = 0;
    let prev = local(coords[0]);
    for (let i = 1; i < coords.length; i++) {
      const p = local(coords[i]);
      length += Math.hypot(p[0] - prev[0], p[1] - prev[1]);
      prev = p;
    }
    if (from === to && length < Math.max(tol, 0.001)) {
      issues.add('zero-length', label, l.ref, `${length.toFixed(3)} m, both ends on one node`);
      return;
    }
    const pk = `${l.cat}|${Math.min(from, to)}|${Math.max(from, to)}`;
    const other = pairs.get(pk);
    if (other !== undefined && Math.abs(segs[other].length - length) <= Math.max(tol, 0.01 * length)) {
      const o = segs[other];
      issues.add('duplicate-segment', label, l.ref, `same ends and length (${length.toFixed(2)} m) as ${o.cand.srcId || `${o.cand.ref.file}#${o.cand.ref.row}`} (${o.cand.ref.file}:${o.cand.ref.row})`);
      return;
    }
    if (other === undefined) pairs.set(pk, segs.length);
    segs.push({ cand: l, coords, from, to, length, id: '' });
  });
  opts.progress?.('topology', total, total);

  // ---- ids: the source's when unique, else generated; nodes made here get <sub>-J000001
  const taken = new Set<string>();
  for (let i = 0; i < pointNodes; i++) taken.add(nodes[i].id);
  const counter = new IdCounter();
  const fresh = (make: () => string): string => {
    let id: string;
    do id = make();
    while (taken.has(id));
    taken.add(id);
    return id;
  };
  for (const s of segs) {
    const want = s.cand.srcId;
    if (want && !taken.has(want)) {
      s.id = want;
      taken.add(want);
    } else {
      s.id = fresh(() => counter.segment(s.cand.sub));
      if (want) issues.add('duplicate-id', want, s.cand.ref, `renamed ${s.id}`);
    }
  }
  segs.forEach((s, i) => {
    nodes[s.from].segs.push(i);
    if (s.to !== s.from) nodes[s.to].segs.push(i);
  });

  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i];
    if (!n.id) n.id = fresh(() => counter.node(n.sub ?? n.cat ?? 'BM', n.type));
    if (i >= pointNodes && n.segs.length > 0) {
      const s = segs[n.segs[0]];
      issues.add('node-created', n.id, s.cand.ref, `at the ${s.from === i ? 'start' : 'end'} of ${s.id}`);
      if (n.segs.length === 1) issues.add('dangling-end', n.id, s.cand.ref, `only ${s.id} ends here, and no surveyed point`);
    }
  }

  // ---- attributes: sizes, ground, depths
  const segments: PipeSegment[] = [];
  segs.forEach((s, gid) => {
    const l = s.cand;
    const label = s.id;
    let dn: number | null;
    let box: { w: number; h: number } | null;
    if (l.size) {
      dn = l.size.dn;
      box = l.size.box;
      const big = Math.max(dn ?? 0, box?.w ?? 0, box?.h ?? 0);
      const small = Math.min(dn ?? Infinity, box?.w ?? Infinity, box?.h ?? Infinity);
      if (small < 10 || big > 5000) issues.add('size-suspicious', label, l.ref, `'${l.sizeText}' → ${box ? `${box.w}×${box.h}` : dn} mm`);
    } else {
      dn = DEFAULT_DN[l.cat] ?? 100;
      box = null;
      issues.add('size-missing', label, l.ref, `${l.sizeText ? `'${l.sizeText}' unreadable` : 'blank'}: DN${dn}`);
    }
    const height = (box ? box.h : dn ?? 0) / 1000;
    const ground: [number, number] = [0, 0];
    const groundKnown: [boolean, boolean] = [false, false];
    const depth: [number, number] = [0, 0];
    for (const e of [0, 1] as const) {
      const node = nodes[e === 0 ? s.from : s.to];
      const g = l.ground[e] ?? node.point?.ground ?? (node.point && node.point.z !== undefined && opts.z === 'ground' ? node.point.z : undefined);
      const end = e === 0 ? 'start' : 'end';
      if (g !== undefined) {
        ground[e] = g;
        groundKnown[e] = true;
      }
      const z = l.z[e];
      let d = l.depth[e];
      if (d !== undefined && d <= 0 && l.burial !== 'JK') d = undefined;
      if (d === undefined && groundKnown[e]) {
        if (l.top[e] !== undefined) d = g! - l.top[e]!;
        else if (l.invert[e] !== undefined) d = g! - l.invert[e]! - height;
        else if (z !== undefined && opts.z !== 'ignore' && opts.z !== 'ground') {
          d = g! - z - (opts.z === 'invert' ? height : opts.z === 'centre' ? height / 2 : 0);
          issues.add('depth-from-z', label, l.ref, `${end}: ground ${g} − Z ${z} (${opts.z}) → ${round3(d)} m`);
        }
      } else if (d !== undefined && groundKnown[e] && z !== undefined && (opts.z === 'top' || opts.z === 'invert' || opts.z === 'centre')) {
        const zTop = z + (opts.z === 'invert' ? height : opts.z === 'centre' ? height / 2 : 0);
        if (Math.abs(g! - d - zTop) > 0.5) issues.add('z-depth-mismatch', label, l.ref, `${end}: depth ${d} m but ground ${g} − Z → ${round3(g! - zTop)} m`);
      }
      if (d === undefined || !(d > 0 || l.burial === 'JK')) {
        const why = l.depth[e] === 0 ? 'zero' : 'blank';
        d = minCover(l.cat, l.sub, true);
        issues.add('depth-missing', label, l.ref, `${end}: ${why} → ${d} m`);
      }
      if (!groundKnown[e]) issues.add('ground-missing', label, l.ref, `${end}: no ground elevation`);
      depth[e] = round3(d);
    }
    let invert0: number | null = null;
    let invert1: number | null = null;
    if (GRAVITY.has(l.cat)) {
      invert0 = l.invert[0] ?? round3(ground[0] - depth[0] - height);
      invert1 = l.invert[1] ?? round3(ground[1] - depth[1] - height);
      const known = (l.invert[0] !== undefined || groundKnown[0]) && (l.invert[1] !== undefined || groundKnown[1]);
      if (known && invert1 > invert0 + 0.005) {
        issues.add('uphill-gravity', label, l.ref, `invert ${invert0} m at ${nodes[s.from].id} → ${invert1} m at ${nodes[s.to].id}`);
      }
    }
    segments.push({
      kind: 'segment',
      id: s.id,
      gid,
      cat: l.cat,
      sub: l.sub,
      code: segmentCode(l.cat, l.sub),
      from: nodes[s.from].id,
      to: nodes[s.to].id,
      coords: s.coords,
      material: l.material,
      dn,
      box,
      depth0: depth[0],
      depth1: depth[1],
      ground0: round3(ground[0]),
      ground1: round3(ground[1]),
      burial: l.burial,
      year: l.year,
      owner: l.owner,
      street: null,
      crossing: null,
      pressureZone: null,
      pressureClass: null,
      invert0,
      invert1,
    });
  });

  crossings(segs, segments, local, tol, issues);

  // ---- nodes
  const out: PipeNode[] = [];
  nodes.forEach((n, i) => {
    const p = n.point;
    const label = n.id;
    const ref = n.ref;
    let cat = n.cat;
    let sub = n.sub;
    const first = n.segs.length ? segments[n.segs[0]] : undefined;
    if (first && (!cat || !sub)) {
      cat = first.cat;
      sub = first.sub;
    }
    if (!cat) {
      issues.add('unknown-category', label, ref, 'point without category, at no pipe');
      cat = 'QT';
      sub = 'BM';
    } else if (!sub) {
      sub = first?.sub ?? DEFAULT_SUB[cat];
      if (!first) issues.add('sub-defaulted', label, ref, `${cat} → ${sub}`);
    }
    if (p && n.segs.length === 0) issues.add('isolated-point', label, ref, `${n.type} at ${n.position[0]}, ${n.position[1]}`);
    const ends = n.segs.map((si) => {
      const s = segments[si];
      const e = s.from === n.id ? 0 : 1;
      const h = (s.box ? s.box.h : s.dn ?? 0) / 1000;
      return { depth: e === 0 ? s.depth0 : s.depth1, ground: e === 0 ? s.ground0 : s.ground1, h };
    });
    let ground = p?.ground ?? (p && p.z !== undefined && (opts.z === 'ground' || opts.z === 'top') ? p.z : undefined);
    if (ground === undefined) ground = ends[0]?.ground;
    if (ground === undefined) {
      issues.add('ground-missing', label, ref, 'no ground elevation');
      ground = 0;
    }
    let depth = p?.depth;
    if (depth !== undefined && depth <= 0) depth = undefined;
    if (depth === undefined) {
      const bottomType = n.type === 'manhole' || n.type === 'outfall' || n.type === 'inlet';
      if (ends.length) depth = bottomType ? Math.max(...ends.map((e) => e.depth + e.h)) : ends[0].depth + ends[0].h / 2;
      else depth = minCover(cat, sub!, true);
      if (p) issues.add('depth-missing', label, ref, `${p.depth === 0 ? 'zero' : 'blank'} → ${round3(depth)} m from ${ends.length ? 'its pipes' : 'the category default'}`);
    }
    out.push({
      kind: 'node',
      id: n.id,
      gid: segments.length + i,
      cat,
      sub: sub!,
      code: nodeCode(cat, sub!, n.type),
      type: n.type,
      position: n.position,
      ground: round3(ground),
      depth: round3(depth),
      year: p?.year ?? first?.year ?? 0,
      owner: p?.owner || first?.owner || '',
      segments: n.segs.map((si) => segments[si].id),
    });
  });
  return { segments, nodes: out };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Pipes of one network whose pieces cross in their interiors, with no node there: both get a report line. */
function crossings(segs: WorkSeg[], segments: PipeSegment[], local: (p: LonLat) => [number, number], tol: number, issues: Issues): void {
  const pieces: Array<{ s: number; a: [number, number]; b: [number, number] }> = [];
  segs.forEach((s, si) => {
    for (let i = 1; i < s.coords.length; i++) pieces.push({ s: si, a: local(s.coords[i - 1]), b: local(s.coords[i]) });
  });
  if (pieces.length < 2) return;
  const index = new Flatbush(pieces.length);
  for (const p of pieces) index.add(Math.min(p.a[0], p.b[0]), Math.min(p.a[1], p.b[1]), Math.max(p.a[0], p.b[0]), Math.max(p.a[1], p.b[1]));
  index.finish();
  const seen = new Set<string>();
  pieces.forEach((p, pi) => {
    const sp = segments[p.s];
    for (const qi of index.search(Math.min(p.a[0], p.b[0]), Math.min(p.a[1], p.b[1]), Math.max(p.a[0], p.b[0]), Math.max(p.a[1], p.b[1]))) {
      if (qi <= pi) continue;
      const q = pieces[qi];
      if (q.s === p.s) continue;
      const sq = segments[q.s];
      if (sq.cat !== sp.cat) continue;
      const pairKey = `${p.s}|${q.s}`;
      if (seen.has(pairKey)) continue;
      const x = properIntersection(p.a, p.b, q.a, q.b);
      if (!x) continue;
      // a crossing within the tolerance of a shared node is the node itself
      const shared = [sp.from, sp.to].filter((n) => n === sq.from || n === sq.to);
      if (shared.length && [p.a, p.b, q.a, q.b].some((e) => Math.hypot(e[0] - x[0], e[1] - x[1]) <= tol)) continue;
      seen.add(pairKey);
      issues.add('crossing-without-node', sp.id, segs[p.s].cand.ref, `crosses ${sq.id}`);
      issues.add('crossing-without-node', sq.id, segs[q.s].cand.ref, `crosses ${sp.id}`);
    }
  });
}

/** The point where two pieces cross in both interiors (not at an end), or undefined. */
function properIntersection(a: [number, number], b: [number, number], c: [number, number], d: [number, number]): [number, number] | undefined {
  const o1 = orient2d(a[0], a[1], b[0], b[1], c[0], c[1]);
  const o2 = orient2d(a[0], a[1], b[0], b[1], d[0], d[1]);
  const o3 = orient2d(c[0], c[1], d[0], d[1], a[0], a[1]);
  const o4 = orient2d(c[0], c[1], d[0], d[1], b[0], b[1]);
  if (!(o1 * o2 < 0 && o3 * o4 < 0)) return undefined;
  const t = o3 / (o3 - o4);
  return [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
}
