/**
 * Exact geometric predicates on IEEE-754 doubles.
 *
 * `orient2d` is Shewchuk's adaptive-precision orientation test from `robust-predicates` (its SIGN is exact; its
 * magnitude approximates twice the triangle's signed area: use it for signs and rough interpolation only).
 *
 * Convention here: orient2d(a, b, c) > 0 when a → b → c turns counter-clockwise (c left of the directed line a → b), in
 * an x-east / y-north plane (longitude, latitude). `robust-predicates` assumes y pointing down, so its sign is negated.
 */
import { orient2d as orient2dYDown } from 'robust-predicates';

/** Orientation of c relative to the directed line a → b (> 0 counter-clockwise, y north); the sign is exact. */
export function orient2d(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return 0 - orient2dYDown(ax, ay, bx, by, cx, cy); // 0 - x: +0 for collinear points, never -0
}

/** Do the closed segments a–b and c–d share at least one point? Exact. Segments must not be degenerate (a ≠ b, c ≠ d). */
export function segmentsIntersect(
  ax: number, ay: number, bx: number, by: number,
  cx: number, cy: number, dx: number, dy: number,
): boolean {
  if (Math.max(ax, bx) < Math.min(cx, dx) || Math.max(cx, dx) < Math.min(ax, bx)) return false;
  if (Math.max(ay, by) < Math.min(cy, dy) || Math.max(cy, dy) < Math.min(ay, by)) return false;
  const o1 = orient2d(ax, ay, bx, by, cx, cy);
  const o2 = orient2d(ax, ay, bx, by, dx, dy);
  if ((o1 > 0 && o2 > 0) || (o1 < 0 && o2 < 0)) return false;
  const o3 = orient2d(cx, cy, dx, dy, ax, ay);
  const o4 = orient2d(cx, cy, dx, dy, bx, by);
  if ((o3 > 0 && o4 > 0) || (o3 < 0 && o4 < 0)) return false;
  // Collinear: the bounding boxes overlap (checked above), so the segments overlap.
  return true;
}

/** Where a point lies relative to a closed ring: 1 inside, 0 on the boundary, -1 outside. Exact; O(ring length). */
export function pointInRing(x: number, y: number, ring: ReadonlyArray<readonly number[]>): -1 | 0 | 1 {
  let inside = false;
  const n = ring.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const ax = ring[j][0];
    const ay = ring[j][1];
    const bx = ring[i][0];
    const by = ring[i][1];
    if (ay > y !== by > y) {
      const o = orient2d(ax, ay, bx, by, x, y);
      if (o === 0) return 0;
      if (by > ay ? o > 0 : o < 0) inside = !inside;
    } else if (Math.max(ay, by) === y && x >= Math.min(ax, bx) && x <= Math.max(ax, bx)) {
      if (orient2d(ax, ay, bx, by, x, y) === 0) return 0;
    }
  }
  return inside ? 1 : -1;
}
