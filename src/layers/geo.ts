/**
 * Small helpers turning GeoJSON geometry into Cesium positions and polygon hierarchies at a fixed ellipsoid height.
 */
import { Cartesian3, PolygonHierarchy } from '@cesium/engine';
import type { Geometry, Position } from 'geojson';

/** Sub-division of long edges (radians, ≈ 640 m) so lines and polygons follow the ellipsoid instead of cutting under it. */
export const GRANULARITY = 0.0001;

export function positions(ring: readonly Position[], height: number): Cartesian3[] {
  const flat: number[] = [];
  for (const p of ring) flat.push(p[0], p[1], height);
  return Cartesian3.fromDegreesArrayHeights(flat);
}

/** Outer ring + holes of every polygon in a Polygon or MultiPolygon (other geometry types yield nothing). */
export function polygonHierarchies(g: Geometry, height: number): PolygonHierarchy[] {
  const polys: Position[][][] = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
  return polys
    .filter((rings) => rings.length > 0 && rings[0].length >= 3)
    .map(
      (rings) =>
        new PolygonHierarchy(
          positions(rings[0], height),
          rings.slice(1).map((hole) => new PolygonHierarchy(positions(hole, height))),
        ),
    );
}

/** Every line of a LineString / MultiLineString, and the outer rings of polygons when `rings` is true. */
export function lines(g: Geometry, rings = false): Position[][] {
  switch (g.type) {
    case 'LineString':
      return [g.coordinates];
    case 'MultiLineString':
      return g.coordinates;
    case 'Polygon':
      return rings && g.coordinates[0] ? [g.coordinates[0]] : [];
    case 'MultiPolygon':
      return rings ? g.coordinates.map((p) => p[0]).filter((r): r is Position[] => Boolean(r)) : [];
    default:
      return [];
  }
}

export function pointOf(g: Geometry): Position | null {
  if (g.type === 'Point') return g.coordinates;
  if (g.type === 'MultiPoint') return g.coordinates[0] ?? null;
  return null;
}

/** A representative point of a line (its middle vertex pair) for placing a label. */
export function lineMiddle(line: readonly Position[]): Position | null {
  if (line.length === 0) return null;
  const a = line[Math.floor((line.length - 1) / 2)];
  const b = line[Math.ceil((line.length - 1) / 2)];
  return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
}
