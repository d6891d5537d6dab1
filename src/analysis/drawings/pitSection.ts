/**
 * The cross-section through an excavation pit for its printed report: a line along the pit's longest axis (the two
 * corners of its outline farthest apart), carried past both corners by `extendM` metres so the pipes beside the pit
 * (its slopes and safety distance) are in the drawing too. Pure.
 */
import type { LonLat } from '../../domain/schema';
import { localPlane } from './pipeGeometry';

/** The section line (two points) along the longest axis of `ring` (lon/lat; a closing point is ignored). */
export function pitSectionLine(ring: readonly LonLat[], extendM: number): [LonLat, LonLat] {
  const open = ring.length > 1 && ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1] ? ring.slice(0, -1) : ring;
  if (open.length < 2) throw new Error('a pit outline needs at least two corners');
  const plane = localPlane(open[0]);
  const xy = open.map((p) => [plane.x(p[0]), plane.y(p[1])] as const);
  let best = -1;
  let a = 0;
  let b = 1;
  for (let i = 0; i < xy.length; i++)
    for (let j = i + 1; j < xy.length; j++) {
      const d = Math.hypot(xy[j][0] - xy[i][0], xy[j][1] - xy[i][1]);
      if (d > best) {
        best = d;
        a = i;
        b = j;
      }
    }
  // west to east (then south to north), so the drawing reads the same way for the same pit
  if (xy[a][0] > xy[b][0] || (xy[a][0] === xy[b][0] && xy[a][1] > xy[b][1])) [a, b] = [b, a];
  const ux = best > 0 ? (xy[b][0] - xy[a][0]) / best : 1;
  const uy = best > 0 ? (xy[b][1] - xy[a][1]) / best : 0;
  const e = Math.max(0, extendM);
  return [plane.lonLat(xy[a][0] - ux * e, xy[a][1] - uy * e), plane.lonLat(xy[b][0] + ux * e, xy[b][1] + uy * e)];
}

/** An SVG drawing as a data: URL for an <img> (the page's policy allows data: images; an image runs no script). */
export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
