/**
 * Small planar geometry helpers in a local metric frame (equirectangular about an origin: error well under a metre
 * over the 30 km of the main urban area, plenty for synthetic data). x = east, y = north, metres.
 */
import type { LonLat } from '../../src/domain/schema';

export type XY = [number, number];

const R = 6378137;
const DEG = Math.PI / 180;

export class LocalFrame {
  readonly lon0: number;
  readonly lat0: number;
  private readonly kx: number;
  private readonly ky: number;

  constructor(lon0: number, lat0: number) {
    this.lon0 = lon0;
    this.lat0 = lat0;
    this.kx = R * Math.cos(lat0 * DEG) * DEG;
    this.ky = R * DEG;
  }

  toXY(p: LonLat): XY {
    return [(p[0] - this.lon0) * this.kx, (p[1] - this.lat0) * this.ky];
  }

  toLonLat(p: XY): LonLat {
    return [this.lon0 + p[0] / this.kx, this.lat0 + p[1] / this.ky];
  }

  /** Longitude of a local x, rounded to 1e-7 degrees (about 1 cm). */
  lonOf(x: number): number {
    return round(this.lon0 + x / this.kx, 7);
  }

  /** Latitude of a local y, rounded to 1e-7 degrees (about 1 cm). */
  latOf(y: number): number {
    return round(this.lat0 + y / this.ky, 7);
  }

  /** Rounded to 1e-7 degrees (about 1 cm), so output is compact and stable. */
  toLonLatRounded(p: XY): LonLat {
    return [round(this.lon0 + p[0] / this.kx, 7), round(this.lat0 + p[1] / this.ky, 7)];
  }
}

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8];

export function round(v: number, digits: number): number {
  const f = POW10[digits] ?? 10 ** digits;
  const r = Math.round(v * f) / f;
  return r === 0 ? 0 : r; // no "-0"
}

export function dist(a: XY, b: XY): number {
  return Math.hypot(b[0] - a[0], b[1] - a[1]);
}

export function lerp(a: XY, b: XY, t: number): XY {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
}

export function polylineLength(pts: readonly XY[]): number {
  let L = 0;
  for (let i = 1; i < pts.length; i++) L += dist(pts[i - 1], pts[i]);
  return L;
}

/** Point at arc length s along a polyline (clamped). */
export function pointAt(pts: readonly XY[], s: number): XY {
  if (s <= 0) return [pts[0][0], pts[0][1]];
  let acc = 0;
  for (let i = 1; i < pts.length; i++) {
    const d = dist(pts[i - 1], pts[i]);
    if (acc + d >= s && d > 0) return lerp(pts[i - 1], pts[i], (s - acc) / d);
    acc += d;
  }
  const last = pts[pts.length - 1];
  return [last[0], last[1]];
}

/**
 * The part of a polyline between arc lengths s0 < s1, including every vertex in between.
 */
export function slice(pts: readonly XY[], s0: number, s1: number): XY[] {
  const out: XY[] = [pointAt(pts, s0)];
  let acc = 0;
  for (let i = 1; i < pts.length; i++) {
    acc += dist(pts[i - 1], pts[i]);
    if (acc > s0 + 1e-6 && acc < s1 - 1e-6) out.push([pts[i][0], pts[i][1]]);
  }
  out.push(pointAt(pts, s1));
  return out;
}

/** Catmull-Rom resampling of a polyline at roughly `step` metres (smooth river centrelines). */
export function smoothResample(ctrl: readonly XY[], step: number): XY[] {
  const out: XY[] = [];
  const n = ctrl.length;
  for (let i = 0; i < n - 1; i++) {
    const p0 = ctrl[Math.max(0, i - 1)];
    const p1 = ctrl[i];
    const p2 = ctrl[i + 1];
    const p3 = ctrl[Math.min(n - 1, i + 2)];
    const k = Math.max(1, Math.ceil(dist(p1, p2) / step));
    for (let j = 0; j < k; j++) {
      const t = j / k;
      const t2 = t * t;
      const t3 = t2 * t;
      const f = (a: number, b: number, c: number, d: number): number =>
        0.5 * (2 * b + (-a + c) * t + (2 * a - 5 * b + 4 * c - d) * t2 + (-a + 3 * b - 3 * c + d) * t3);
      out.push([f(p0[0], p1[0], p2[0], p3[0]), f(p0[1], p1[1], p2[1], p3[1])]);
    }
  }
  out.push([ctrl[n - 1][0], ctrl[n - 1][1]]);
  return out;
}

/** Unit normals (left of the direction of travel) at each vertex, averaged over the adjacent edges. */
export function vertexNormals(pts: readonly XY[]): XY[] {
  const n = pts.length;
  const out: XY[] = [];
  for (let i = 0; i < n; i++) {
    const a = pts[Math.max(0, i - 1)];
    const b = pts[Math.min(n - 1, i + 1)];
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    const L = Math.hypot(dx, dy) || 1;
    out.push([-dy / L, dx / L]);
  }
  return out;
}

/** Distance from p to segment ab, and the parameter t in [0, 1] of the closest point. */
export function pointSegment(p: XY, a: XY, b: XY): { d: number; t: number } {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const L2 = dx * dx + dy * dy;
  let t = L2 > 0 ? ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / L2 : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  return { d: Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy), t };
}

/** Ray-casting point-in-polygon for one ring. */
export function pointInRing(p: XY, ring: readonly XY[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i][0];
    const yi = ring[i][1];
    const xj = ring[j][0];
    const yj = ring[j][1];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Do segments ab and cd properly intersect? */
export function segmentsIntersect(a: XY, b: XY, c: XY, d: XY): boolean {
  const o = (p: XY, q: XY, r: XY): number => (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]);
  const d1 = o(c, d, a);
  const d2 = o(c, d, b);
  const d3 = o(a, b, c);
  const d4 = o(a, b, d);
  return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

export function rotate(v: XY, angle: number): XY {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  return [v[0] * c - v[1] * s, v[0] * s + v[1] * c];
}
