/**
 * Buffer of a polygon by a distance in metres, computed in the site's projected CGCS2000 zone (frame.ts), never in
 * degrees: the polygon is projected, its planar Minkowski sum with a disc is built as the Turf union (polyclip, planar,
 * so it works on projected coordinates) of the polygon, one rectangle per edge and one regular polygon per vertex,
 * and the result is taken back to lon/lat. The vertex polygons circumscribe the circle (radius d / cos(π/n)), so the
 * buffer holds every point within d and reaches at most d / cos(π/n) (n = 64: 0.12 % more) beyond the polygon.
 */
import { featureCollection, polygon as turfPolygon, union } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import type { LonLat } from '../../domain/schema';
import { frameFor, meanLon, type Frame, type XY } from './frame';

export const BUFFER_SIDES = 64;

export interface BufferResult {
  /** lon/lat */
  geometry: Polygon | MultiPolygon;
  /** the projected CRS the buffer was measured in, e.g. "EPSG:4545" */
  crs: string;
  /** planar area in that CRS, m² */
  areaM2: number;
}

function ringArea(r: readonly Position[]): number {
  let s = 0;
  for (let i = 1; i < r.length; i++) s += (r[i - 1][0] + r[i][0]) * (r[i - 1][1] - r[i][1]);
  return Math.abs(s) / 2;
}

function closeRing(r: XY[]): XY[] {
  const a = r[0];
  const b = r[r.length - 1];
  return a[0] === b[0] && a[1] === b[1] ? r : [...r, a];
}

/** Planar buffer of polygon rings (metres) by d ≥ 0; holes narrower than 2d close. */
export function bufferXY(rings: readonly XY[][], d: number, sides = BUFFER_SIDES): Polygon | MultiPolygon {
  // polyclip is steadier near the origin: work relative to the first vertex (GK coordinates are millions of metres)
  const ox = Math.round(rings[0][0][0]);
  const oy = Math.round(rings[0][0][1]);
  if (ox !== 0 || oy !== 0) {
    const local = bufferXY(rings.map((r) => r.map((p): XY => [p[0] - ox, p[1] - oy])), d, sides);
    return mapGeometry(local, (p) => [p[0] + ox, p[1] + oy]);
  }
  const parts: Feature<Polygon>[] = [turfPolygon(rings.map(closeRing))];
  if (d > 0) {
    const R = d / Math.cos(Math.PI / sides);
    for (const ring of rings) {
      const r = closeRing(ring);
      for (let i = 0; i + 1 < r.length; i++) {
        const [ax, ay] = r[i];
        const [bx, by] = r[i + 1];
        const L = Math.hypot(bx - ax, by - ay);
        if (L > 0) {
          const nx = (-(by - ay) / L) * d;
          const ny = ((bx - ax) / L) * d;
          parts.push(turfPolygon([[[ax + nx, ay + ny], [bx + nx, by + ny], [bx - nx, by - ny], [ax - nx, ay - ny], [ax + nx, ay + ny]]]));
        }
        const disc: XY[] = [];
        for (let k = 0; k < sides; k++) {
          const a = (2 * Math.PI * k) / sides;
          disc.push([ax + R * Math.cos(a), ay + R * Math.sin(a)]);
        }
        parts.push(turfPolygon([closeRing(disc)]));
      }
    }
  }
  const u = parts.length === 1 ? parts[0] : union(featureCollection(parts));
  if (!u) throw new Error('empty buffer');
  return u.geometry;
}

function mapGeometry(g: Polygon | MultiPolygon, f: (p: Position) => Position): Polygon | MultiPolygon {
  return g.type === 'Polygon'
    ? { type: 'Polygon', coordinates: g.coordinates.map((r) => r.map(f)) }
    : { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map((r) => r.map(f))) };
}

function planarArea(g: Polygon | MultiPolygon): number {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  let a = 0;
  for (const p of polys) p.forEach((r, i) => (a += i === 0 ? ringArea(r) : -ringArea(r)));
  return a;
}

/** Buffer a lon/lat polygon ([outer, ...holes]) by `distanceM` metres in its CGCS2000 3° zone. */
export function bufferPolygon(polygon: readonly LonLat[][], distanceM: number, frame: Frame = frameFor(meanLon(polygon[0]))): BufferResult {
  const xy = polygon.map((r) => r.map((p) => frame.toXY(p)));
  const planar = bufferXY(xy, distanceM);
  return {
    geometry: mapGeometry(planar, (p) => frame.toLonLat([p[0], p[1]])),
    crs: frame.crs.code,
    areaM2: Math.round(planarArea(planar) * 10) / 10,
  };
}
