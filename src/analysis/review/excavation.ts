/**
 * Excavation check (开挖分析): which pipes a pit reaches, and which come within a safety distance of it.
 *
 * The pit: a footprint polygon (lon/lat; its bottom, at `depthM` below ground), sides sloping outwards at `sideSlope`
 * horizontal : 1 vertical (0 = vertical walls). At horizontal offset o ≥ 0 from the footprint (0 inside it) the
 * excavation reaches down to D(o) = depthM − o / sideSlope (only o = 0 when the walls are vertical).
 *
 * - **reached** (挖及): some point of the pipe has its crown (管顶, the recorded pipe-top depth, linear along the
 *   segment) at depth c ≤ D(o) — the pit's bottom or side slope cuts into or touches the pipe.
 * - **near** (安全距离内): not reached, but c ≤ depthM + safetyM − max(0, o − safetyM) / sideSlope: the excavation
 *   surface moved outward by safetyM horizontally and down by safetyM (for vertical walls: o ≤ safetyM and
 *   c ≤ depthM + safetyM). This is a box offset of the surface, never smaller than the true normal offset.
 * Each item gives the horizontal distance from the footprint (offsetM, 0 inside), the crown depth at the most critical
 * point and the margin there (metres the excavation or the safety zone reaches past the crown; ≥ 0 for its status).
 *
 * Geometry is planar in the CGCS2000 3° Gauss-Krüger zone of the pit (frame.ts). The margin along a straight piece
 * is the maximum over the footprint's edges of a concave function of the position (distance to an edge is convex,
 * the crown depth linear), found by golden-section search (to 1e-9 of the piece), plus the exact inside intervals.
 * Candidates come from the query copy's flatbush index, searched with the pit's box widened by the largest reach.
 */
import { CATEGORY_CODES } from '../../domain/categories';
import { metresPerDegree, pieceLength } from '../../domain/geodesy';
import type { CategoryCode, LonLat } from '../../domain/schema';
import { pointInRing } from '../predicates';
import { segmentId, type QueryCopy } from '../queryCopy';
import { frameFor, meanLon, type XY } from './frame';
import { distToSegment, maxConcave } from './planar';

export interface Pit {
  /** [outer, ...holes], lon/lat (closed or not) */
  polygon: LonLat[][];
  /** bottom depth below ground, m (> 0) */
  depthM: number;
  /** side slope, horizontal per 1 vertical (≥ 0; 0 = vertical walls) */
  sideSlope: number;
}

export type ExcavationStatus = 'reached' | 'near';

export interface ExcavationItem {
  gid: number;
  id: string;
  cat: CategoryCode;
  sub: string;
  owner: string;
  material: string;
  dn: number | null;
  box: { w: number; h: number } | null;
  status: ExcavationStatus;
  /** least horizontal distance from the pit footprint, m (0 inside) */
  offsetM: number;
  /** crown depth at the most critical point, m */
  depthM: number;
  /** how far the excavation (reached) or the safety zone (near) passes the crown there, m (≥ 0) */
  marginM: number;
  /** crown depth at the segment's ends, m */
  depth0: number;
  depth1: number;
}

export interface OwnerGroup {
  /** 权属单位 ('' when not recorded) */
  owner: string;
  reached: number;
  near: number;
  /** sorted: reached first, then by offset, then id */
  items: ExcavationItem[];
}

export interface ExcavationResult {
  kind: 'excavation';
  pit: { polygon: LonLat[][]; depthM: number; sideSlope: number; areaM2: number; crs: string };
  safetyM: number;
  /** outermost horizontal reach of the safety zone from the footprint, m */
  reachM: number;
  items: ExcavationItem[];
  /** by owner name (empty owner last) */
  owners: OwnerGroup[];
  counts: { reached: number; near: number; owners: number };
  /** segments the index returned (diagnostic) */
  candidates: number;
}

export class ReviewInputError extends Error {
  constructor(readonly code: 'bad-pit' | 'bad-distance' | 'bad-polygon', readonly en: string, readonly zh: string) {
    super(en);
  }
}

const round = (x: number, d = 1000): number => Math.round(x * d) / d;

function checkPit(pit: Pit, safetyM: number): void {
  if (!(pit.depthM > 0) || !Number.isFinite(pit.depthM)) throw new ReviewInputError('bad-pit', `pit depth must be > 0 m, got ${pit.depthM}`, `基坑深度须大于0米，实际为${pit.depthM}。`);
  if (!(pit.sideSlope >= 0) || !Number.isFinite(pit.sideSlope)) throw new ReviewInputError('bad-pit', `side slope must be ≥ 0, got ${pit.sideSlope}`, `放坡系数须不小于0，实际为${pit.sideSlope}。`);
  if (!(safetyM >= 0) || !Number.isFinite(safetyM)) throw new ReviewInputError('bad-distance', `safety distance must be ≥ 0 m, got ${safetyM}`, `安全距离须不小于0米，实际为${safetyM}。`);
  if (!pit.polygon.length || pit.polygon[0].length < 3) throw new ReviewInputError('bad-polygon', 'the pit needs a polygon of 3 corners or more', '基坑范围至少需要3个顶点。');
}

function ringAreaXY(r: readonly XY[]): number {
  let s = 0;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) s += (r[j][0] + r[i][0]) * (r[j][1] - r[i][1]);
  return Math.abs(s) / 2;
}

/** Close a ring (first = last) and drop consecutive duplicates. */
function closed(r: readonly XY[]): XY[] {
  const out: XY[] = [];
  for (const p of r) if (!out.length || out[out.length - 1][0] !== p[0] || out[out.length - 1][1] !== p[1]) out.push(p);
  if (out.length && (out[0][0] !== out[out.length - 1][0] || out[0][1] !== out[out.length - 1][1])) out.push(out[0]);
  return out;
}

/** 1 inside the polygon (outer minus holes), 0 on a boundary, -1 outside. */
function locate(x: number, y: number, rings: readonly XY[][]): -1 | 0 | 1 {
  const o = pointInRing(x, y, rings[0]);
  if (o <= 0) return o;
  for (let h = 1; h < rings.length; h++) {
    const k = pointInRing(x, y, rings[h]);
    if (k === 0) return 0;
    if (k > 0) return -1;
  }
  return 1;
}

/** Parameters t ∈ [0, 1] of the closed intervals of a–b inside the polygon (boundary included). */
function insideIntervals(ax: number, ay: number, bx: number, by: number, rings: readonly XY[][]): [number, number][] {
  const ts = [0, 1];
  const dx = bx - ax;
  const dy = by - ay;
  for (const r of rings) {
    for (let i = 1; i < r.length; i++) {
      const [cx, cy] = r[i - 1];
      const ex = r[i][0] - cx;
      const ey = r[i][1] - cy;
      const den = dx * ey - dy * ex;
      if (den === 0) continue;
      const t = ((cx - ax) * ey - (cy - ay) * ex) / den;
      const u = ((cx - ax) * dy - (cy - ay) * dx) / den;
      if (t > 0 && t < 1 && u >= 0 && u <= 1) ts.push(t);
    }
  }
  ts.sort((p, q) => p - q);
  const out: [number, number][] = [];
  for (let k = 0; k + 1 < ts.length; k++) {
    const m = (ts[k] + ts[k + 1]) / 2;
    if (ts[k + 1] - ts[k] > 0 && locate(ax + m * dx, ay + m * dy, rings) >= 0) {
      const last = out[out.length - 1];
      if (last && last[1] === ts[k]) last[1] = ts[k + 1];
      else out.push([ts[k], ts[k + 1]]);
    }
  }
  if (!out.length) {
    if (locate(ax, ay, rings) >= 0) out.push([0, 0]);
    else if (locate(bx, by, rings) >= 0) out.push([1, 1]);
  }
  return out;
}

interface Critical {
  margin: number;
  t: number;
}

/** Run the excavation check over the query copy. Throws ReviewInputError for a bad pit or safety distance. */
export function excavationCheck(pit: Pit, copy: QueryCopy, safetyM: number): ExcavationResult {
  checkPit(pit, safetyM);
  const frame = frameFor(meanLon(pit.polygon[0]));
  const rings = pit.polygon.map((r) => closed(r.map((p) => frame.toXY(p))));
  const D = pit.depthM;
  const S = safetyM;
  const k = Math.max(pit.sideSlope, 1e-9); // vertical walls: reach falls off within a nanometre
  const reachM = S + (D + S) * pit.sideSlope;

  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const p of pit.polygon[0]) {
    w = Math.min(w, p[0]);
    e = Math.max(e, p[0]);
    s = Math.min(s, p[1]);
    n = Math.max(n, p[1]);
  }
  const mpd = metresPerDegree((s + n) / 2);
  const padLon = (reachM + 1) / mpd.lon;
  const padLat = (reachM + 1) / mpd.lat;
  const candidates = copy.index ? copy.index.search(w - padLon, s - padLat, e + padLon, n + padLat) : [];

  const items: ExcavationItem[] = [];
  const coords = copy.coords;
  for (const i of candidates) {
    const v0 = copy.offsets[i];
    const v1 = copy.offsets[i + 1];
    const d0 = copy.depth0[i];
    const d1 = copy.depth1[i];
    let total = 0;
    for (let v = v0; v + 1 < v1; v++) total += pieceLength(coords[2 * v], coords[2 * v + 1], coords[2 * v + 2], coords[2 * v + 3]);
    const slope = total > 0 ? (d1 - d0) / total : 0;
    const base = total > 0 ? d0 : Math.min(d0, d1);
    let hit: Critical = { margin: -Infinity, t: 0 };
    let near: Critical = { margin: -Infinity, t: 0 };
    let hitDepth = 0;
    let nearDepth = 0;
    let offset = Infinity;
    let sAt = 0;
    for (let v = v0; v + 1 < v1; v++) {
      const [ax, ay] = frame.toXY([coords[2 * v], coords[2 * v + 1]]);
      const [bx, by] = frame.toXY([coords[2 * v + 2], coords[2 * v + 3]]);
      const L = pieceLength(coords[2 * v], coords[2 * v + 1], coords[2 * v + 2], coords[2 * v + 3]);
      const crown = (t: number): number => base + slope * (sAt + t * L);
      const at = (t: number): XY => [ax + t * (bx - ax), ay + t * (by - ay)];
      // inside the footprint: o = 0, both margins are linear in t → the interval ends
      for (const [t0, t1] of insideIntervals(ax, ay, bx, by, rings)) {
        offset = 0;
        for (const t of [t0, t1]) {
          const c = crown(t);
          if (D - c > hit.margin) {
            hit = { margin: D - c, t };
            hitDepth = c;
          }
          if (D + S - c > near.margin) {
            near = { margin: D + S - c, t };
            nearDepth = c;
          }
        }
      }
      // outside: the best edge gives the distance; each edge's term is concave in t
      for (const r of rings) {
        for (let j = 1; j < r.length; j++) {
          const [cx, cy] = r[j - 1];
          const [ex, ey] = r[j];
          const dist = (t: number): number => {
            const p = at(t);
            return distToSegment(p[0], p[1], cx, cy, ex, ey);
          };
          const [th, mh] = maxConcave((t) => D - dist(t) / k - crown(t));
          if (mh > hit.margin) {
            hit = { margin: mh, t: th };
            hitDepth = crown(th);
          }
          const [tn, mn] = maxConcave((t) => D + S - Math.max(0, dist(t) - S) / k - crown(t));
          if (mn > near.margin) {
            near = { margin: mn, t: tn };
            nearDepth = crown(tn);
          }
          const [, negD] = maxConcave((t) => -dist(t));
          offset = Math.min(offset, -negD);
        }
      }
      sAt += L;
    }
    const EPS = 1e-6;
    let status: ExcavationStatus | null = null;
    if (hit.margin >= -EPS) status = 'reached';
    else if (near.margin >= -EPS) status = 'near';
    if (!status) continue;
    const dn = copy.dn[i] > 0 ? copy.dn[i] : null;
    const box = copy.boxW[i] > 0 ? { w: copy.boxW[i], h: copy.boxH[i] } : null;
    items.push({
      gid: copy.gid[i],
      id: segmentId(copy, i),
      cat: CATEGORY_CODES[copy.cat[i]],
      sub: copy.tables.sub[copy.sub[i]],
      owner: copy.tables.owner[copy.owner[i]],
      material: copy.tables.material[copy.material[i]],
      dn,
      box,
      status,
      offsetM: round(offset <= 1e-6 ? 0 : offset),
      depthM: round(status === 'reached' ? hitDepth : nearDepth),
      marginM: round(Math.max(0, status === 'reached' ? hit.margin : near.margin)),
      depth0: round(d0),
      depth1: round(d1),
    });
  }
  const order = (a: ExcavationItem, b: ExcavationItem): number =>
    (a.status === b.status ? 0 : a.status === 'reached' ? -1 : 1) || a.offsetM - b.offsetM || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  items.sort(order);
  const byOwner = new Map<string, ExcavationItem[]>();
  for (const it of items) {
    const list = byOwner.get(it.owner);
    if (list) list.push(it);
    else byOwner.set(it.owner, [it]);
  }
  const owners: OwnerGroup[] = [...byOwner]
    .sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a < b ? -1 : a > b ? 1 : 0))
    .map(([owner, list]) => ({
      owner,
      reached: list.filter((x) => x.status === 'reached').length,
      near: list.filter((x) => x.status === 'near').length,
      items: list,
    }));
  let areaM2 = ringAreaXY(rings[0]);
  for (let h = 1; h < rings.length; h++) areaM2 -= ringAreaXY(rings[h]);
  const reached = items.filter((x) => x.status === 'reached').length;
  return {
    kind: 'excavation',
    pit: { polygon: pit.polygon, depthM: D, sideSlope: pit.sideSlope, areaM2: round(areaM2, 10), crs: frame.crs.code },
    safetyM: S,
    reachM: round(reachM),
    items,
    owners,
    counts: { reached, near: items.length - reached, owners: owners.length },
    candidates: candidates.length,
  };
}
