/**
 * Excavation check (开挖分析) and riverbank-project review (两江四岸) as pure functions, measured in metres in the
 * projected CGCS2000 3° Gauss-Krüger zone of the site (src/analysis/crs.ts: EPSG:4544 / 4545 for Chongqing), never
 * in degrees.
 *
 * Distances are exact plan distances from each pipe's polyline to the polygon (0 where the pipe runs inside), rather
 * than a buffered outline: the same answer as "the pipe meets the buffer", without the buffer's arc approximation.
 *
 * Excavation: the polygon is the pit's bottom outline, `depth` metres deep, sides battered at `slope` (horizontal per
 * vertical; 0 = vertical sides): at depth z the pit reaches slope × (depth − z) beyond the outline. A pipe whose crown
 * at its nearest point lies inside that body is `cut`; one within `safety` metres of it (plan or depth) is `near`.
 */
import { fromLonLat, gk3ForLongitude, type CrsDef } from '../crs';
import type { CategoryCode, LonLat } from '../../domain/schema';
import { lerp, pointPieceDistance } from './pipeGeometry';
import type { DrawingPipe } from './types';

type XY = [number, number];

/** A polygon in the site's projected zone: its rings in metres. */
interface Projected {
  crs: CrsDef;
  rings: XY[][];
}

function project(rings: readonly (readonly LonLat[])[]): Projected {
  const first = rings[0]?.[0];
  if (!first) throw new Error('a polygon needs at least one ring');
  const crs = gk3ForLongitude(first[0]);
  if (!crs) throw new Error(`no Gauss-Krüger zone for longitude ${first[0]}`);
  return { crs, rings: rings.map((r) => r.map((p) => fromLonLat(crs, p))) };
}

/** Even-odd point in polygon. */
function inside(rings: readonly XY[][], x: number, y: number): boolean {
  let c = false;
  for (const r of rings)
    for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
      const [xi, yi] = r[i];
      const [xj, yj] = r[j];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = !c;
    }
  return c;
}

function distanceToRings(rings: readonly XY[][], x: number, y: number): number {
  if (inside(rings, x, y)) return 0;
  let d = Infinity;
  for (const r of rings)
    for (let i = 0, j = r.length - 1; i < r.length; j = i++) d = Math.min(d, pointPieceDistance(x, y, r[j][0], r[j][1], r[i][0], r[i][1]));
  return d;
}

/**
 * The point of a pipe nearest the polygon: plan distance (0 inside) and the fraction along the pipe there. Sampled
 * along each piece every `step` metres (and at the vertices): good to a fraction of `step` for the distance.
 */
function nearest(p: Projected, pipe: DrawingPipe, step = 0.25): { distance: number; f: number; position: LonLat } {
  const pts = pipe.coords.map((c) => fromLonLat(p.crs, c));
  const lens = [0];
  for (let i = 1; i < pts.length; i++) lens.push(lens[i - 1] + Math.hypot(pts[i][0] - pts[i - 1][0], pts[i][1] - pts[i - 1][1]));
  const total = lens[lens.length - 1];
  let best = { distance: Infinity, f: 0, position: pipe.coords[0] as LonLat };
  for (let i = 1; i < pts.length; i++) {
    const l = lens[i] - lens[i - 1];
    const n = Math.max(1, Math.ceil(l / step));
    for (let k = 0; k <= n; k++) {
      const t = k / n;
      const x = lerp(pts[i - 1][0], pts[i][0], t);
      const y = lerp(pts[i - 1][1], pts[i][1], t);
      const d = distanceToRings(p.rings, x, y);
      if (d < best.distance) {
        const a = pipe.coords[i - 1];
        const b = pipe.coords[i];
        best = { distance: d, f: total > 0 ? (lens[i - 1] + t * l) / total : 0, position: [lerp(a[0], b[0], t), lerp(a[1], b[1], t)] };
      }
      if (d === 0) return best;
    }
  }
  return best;
}

export interface ExcavationPit {
  /** bottom outline, lon/lat ring(s) (outer first) */
  rings: LonLat[][];
  /** metres below ground */
  depth: number;
  /** side slope, horizontal per vertical (default 0: vertical sides) */
  slope?: number;
  /** metres of safety distance around the excavation (default 1.0) */
  safety?: number;
}

export interface ExcavationHit {
  id: string;
  gid: number;
  cat: CategoryCode;
  sub: string;
  dn: number | null;
  owner: string;
  /** 'cut': the pit reaches the pipe; 'near': within the safety distance */
  status: 'cut' | 'near';
  /** plan distance from the pit's bottom outline, metres (0 = under the pit) */
  distance: number;
  /** crown depth at the nearest point, metres */
  depth: number;
  position: LonLat;
}

export interface ExcavationResult {
  kind: 'excavation';
  /** EPSG code of the zone the distances were measured in */
  crs: string;
  hits: ExcavationHit[];
  /** owners to notify (权属单位), each with its pipes */
  owners: { owner: string; pipes: string[] }[];
  counts: { cut: number; near: number };
}

export function excavationCheck(pit: ExcavationPit, pipes: Iterable<DrawingPipe>): ExcavationResult {
  const slope = pit.slope ?? 0;
  const safety = pit.safety ?? 1.0;
  const p = project(pit.rings);
  const hits: ExcavationHit[] = [];
  for (const pipe of pipes) {
    const n = nearest(p, pipe);
    const depth = lerp(pipe.depth0, pipe.depth1, n.f);
    // how far the pit body reaches sideways at the pipe's crown depth
    const reach = depth <= pit.depth ? slope * (pit.depth - depth) : -Infinity;
    let status: ExcavationHit['status'] | null = null;
    if (depth <= pit.depth && n.distance <= reach + 1e-6) status = 'cut';
    else if (depth <= pit.depth + safety && n.distance <= Math.max(reach, 0) + safety + 1e-6) status = 'near';
    if (!status) continue;
    hits.push({ id: pipe.id, gid: pipe.gid, cat: pipe.cat, sub: pipe.sub, dn: pipe.dn, owner: pipe.owner, status, distance: round3(n.distance), depth: round3(depth), position: n.position });
  }
  hits.sort((a, b) => (a.status === b.status ? a.distance - b.distance || (a.id < b.id ? -1 : 1) : a.status === 'cut' ? -1 : 1));
  const byOwner = new Map<string, string[]>();
  for (const h of hits) byOwner.set(h.owner, [...(byOwner.get(h.owner) ?? []), h.id]);
  return {
    kind: 'excavation',
    crs: p.crs.code,
    hits,
    owners: [...byOwner].map(([owner, ids]) => ({ owner, pipes: ids })).sort((a, b) => (a.owner < b.owner ? -1 : 1)),
    counts: { cut: hits.filter((h) => h.status === 'cut').length, near: hits.filter((h) => h.status === 'near').length },
  };
}

export interface ReviewPoint {
  id: string;
  position: LonLat;
  [key: string]: unknown;
}

export interface RiverbankReview {
  kind: 'riverbank-review';
  crs: string;
  /** metres */
  distance: number;
  /** pipes under the project (distance 0) and near it, by category */
  pipes: { id: string; cat: CategoryCode; owner: string; distance: number; under: boolean }[];
  byCategory: Partial<Record<CategoryCode, { under: number; near: number }>>;
  /** outfalls (or any points passed) within the distance */
  outfalls: ReviewPoint[];
}

/** Riverbank-project review: pipes and outfalls within `distance` metres of the project polygon. */
export function riverbankReview(rings: LonLat[][], distance: number, pipes: Iterable<DrawingPipe>, outfalls: Iterable<ReviewPoint> = []): RiverbankReview {
  const p = project(rings);
  const found: RiverbankReview['pipes'] = [];
  const byCategory: RiverbankReview['byCategory'] = {};
  for (const pipe of pipes) {
    const n = nearest(p, pipe, Math.max(0.25, distance / 20));
    if (n.distance > distance + 1e-6) continue;
    const under = n.distance === 0;
    found.push({ id: pipe.id, cat: pipe.cat, owner: pipe.owner, distance: round3(n.distance), under });
    const c = (byCategory[pipe.cat] ??= { under: 0, near: 0 });
    if (under) c.under++;
    else c.near++;
  }
  found.sort((a, b) => a.distance - b.distance || (a.id < b.id ? -1 : 1));
  const pts: ReviewPoint[] = [];
  for (const o of outfalls) {
    const [x, y] = fromLonLat(p.crs, o.position);
    if (distanceToRings(p.rings, x, y) <= distance + 1e-6) pts.push(o);
  }
  return { kind: 'riverbank-review', crs: p.crs.code, distance, pipes: found, byCategory, outfalls: pts };
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}
