/**
 * The planar frame of a review: the CGCS2000 3° Gauss-Krüger zone (no zone prefix) whose central meridian is nearest
 * to the site, from src/analysis/crs.ts. Distances, offsets and buffers of the reviews are measured in it (metres on
 * the projection: scale error at Chongqing ≤ 1.5 · 10⁻⁴ for 1.5° off the central meridian), never in degrees.
 */
import { gk3ForLongitude, transformer, type CrsDef } from '../crs';
import type { LonLat } from '../../domain/schema';

export type XY = [number, number];

export interface Frame {
  crs: CrsDef;
  toXY(p: readonly [number, number]): XY;
  toLonLat(p: readonly [number, number]): LonLat;
}

/** The frame for a site at longitude `lon` (throws outside 73.5°E … 136.5°E, where no zone is defined). */
export function frameFor(lon: number): Frame {
  const crs = gk3ForLongitude(lon);
  if (!crs) throw new Error(`no CGCS2000 3-degree zone for longitude ${lon}`);
  const t = transformer(crs);
  return { crs, toXY: (p) => t.forward(p), toLonLat: (p) => t.inverse(p) };
}

/** Mean longitude of a ring's distinct vertices. */
export function meanLon(ring: readonly (readonly number[])[]): number {
  const n = ring.length > 1 && ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1] ? ring.length - 1 : ring.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += ring[i][0];
  return n > 0 ? s / n : 0;
}
