/**
 * Pure geometry of the draw tool: the shapes a user draws (polygon, rectangle, circle, corridor) as one closed lon/lat
 * ring, ready for the area query. Distances use the local metric of src/domain/geodesy.ts (GRS80 radii of curvature at
 * the shape's latitude), plenty for shapes of a few kilometres.
 */
import { metresPerDegree } from '../domain/geodesy';

export { distanceM } from '../domain/geodesy';

export type LonLat = [number, number];
export type DrawKind = 'polygon' | 'rectangle' | 'circle' | 'corridor';
export const DRAW_KINDS: readonly DrawKind[] = ['polygon', 'rectangle', 'circle', 'corridor'];

/** Closes a ring (repeats the first position) unless it already is closed. */
export function closeRing(ring: readonly LonLat[]): LonLat[] {
  const out = ring.map((p) => [p[0], p[1]] as LonLat);
  if (out.length > 0) {
    const f = out[0];
    const l = out[out.length - 1];
    if (f[0] !== l[0] || f[1] !== l[1]) out.push([f[0], f[1]]);
  }
  return out;
}

/** Axis-aligned (in lon/lat) rectangle with corners a and b, counter-clockwise. */
export function rectangleRing(a: LonLat, b: LonLat): LonLat[] {
  const w = Math.min(a[0], b[0]);
  const e = Math.max(a[0], b[0]);
  const s = Math.min(a[1], b[1]);
  const n = Math.max(a[1], b[1]);
  return [[w, s], [e, s], [e, n], [w, n], [w, s]];
}

/** Circle of radius metres as a closed ring of `sides` vertices (counter-clockwise). */
export function circleRing(centre: LonLat, radiusM: number, sides = 72): LonLat[] {
  const k = metresPerDegree(centre[1]);
  const ring: LonLat[] = [];
  for (let i = 0; i < sides; i++) {
    const t = (2 * Math.PI * i) / sides;
    ring.push([centre[0] + (radiusM * Math.cos(t)) / k.lon, centre[1] + (radiusM * Math.sin(t)) / k.lat]);
  }
  return closeRing(ring);
}

/**
 * Corridor: the area within widthM/2 of a line, flat ends, mitred joins (a mitre longer than 4× the half width is
 * cut with a bevel). A line that doubles back on itself makes a ring that crosses itself: the query then refuses it
 * with its "self-intersecting" message.
 */
export function corridorRing(line: readonly LonLat[], widthM: number): LonLat[] | null {
  const pts = line.filter((p, i) => i === 0 || p[0] !== line[i - 1][0] || p[1] !== line[i - 1][1]);
  if (pts.length < 2 || !(widthM > 0)) return null;
  const lat0 = pts.reduce((s, p) => s + p[1], 0) / pts.length;
  const k = metresPerDegree(lat0);
  const o = pts[0];
  const xy = pts.map((p) => [(p[0] - o[0]) * k.lon, (p[1] - o[1]) * k.lat] as LonLat);
  const h = widthM / 2;
  const left: LonLat[] = [];
  const right: LonLat[] = [];
  const normal = (a: LonLat, b: LonLat): LonLat => {
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    const L = Math.hypot(dx, dy);
    return [-dy / L, dx / L];
  };
  for (let i = 0; i < xy.length; i++) {
    const p = xy[i];
    if (i === 0 || i === xy.length - 1) {
      const n = i === 0 ? normal(xy[0], xy[1]) : normal(xy[i - 1], xy[i]);
      left.push([p[0] + n[0] * h, p[1] + n[1] * h]);
      right.push([p[0] - n[0] * h, p[1] - n[1] * h]);
      continue;
    }
    const n1 = normal(xy[i - 1], p);
    const n2 = normal(p, xy[i + 1]);
    const mx = n1[0] + n2[0];
    const my = n1[1] + n2[1];
    const ml = Math.hypot(mx, my);
    const cos = ml / 2; // cos of half the turn angle
    if (ml < 1e-9 || 1 / cos > 4) {
      // sharp turn: bevel on both sides
      left.push([p[0] + n1[0] * h, p[1] + n1[1] * h], [p[0] + n2[0] * h, p[1] + n2[1] * h]);
      right.push([p[0] - n1[0] * h, p[1] - n1[1] * h], [p[0] - n2[0] * h, p[1] - n2[1] * h]);
      continue;
    }
    const s = h / cos;
    left.push([p[0] + (mx / ml) * s, p[1] + (my / ml) * s]);
    right.push([p[0] - (mx / ml) * s, p[1] - (my / ml) * s]);
  }
  const ringXy = [...right, ...left.reverse()];
  return closeRing(ringXy.map((p) => [o[0] + p[0] / k.lon, o[1] + p[1] / k.lat] as LonLat));
}

/** A GeoJSON Polygon Feature for one closed ring (what the query Worker and the CLI read). */
export function areaFeature(ring: readonly LonLat[], properties: Record<string, string | number> = {}): {
  type: 'Feature';
  properties: Record<string, string | number>;
  geometry: { type: 'Polygon'; coordinates: LonLat[][] };
} {
  return { type: 'Feature', properties, geometry: { type: 'Polygon', coordinates: [closeRing(ring)] } };
}
