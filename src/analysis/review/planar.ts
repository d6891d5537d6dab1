/** Small planar helpers (metres in a review frame): distance to a segment, golden-section search. */

/** Distance from (px, py) to the segment a–b. */
export function distToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const L2 = dx * dx + dy * dy;
  const t = L2 > 0 ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / L2)) : 0;
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

const PHI = (Math.sqrt(5) - 1) / 2;

/** Maximum of a concave function on [0, 1] (golden section; ends included): [t, f(t)]. */
export function maxConcave(f: (t: number) => number, tol = 1e-9): [number, number] {
  let a = 0;
  let b = 1;
  let c = b - PHI * (b - a);
  let d = a + PHI * (b - a);
  let fc = f(c);
  let fd = f(d);
  while (b - a > tol) {
    if (fc >= fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - PHI * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + PHI * (b - a);
      fd = f(d);
    }
  }
  let best: [number, number] = [(a + b) / 2, f((a + b) / 2)];
  const f0 = f(0);
  const f1 = f(1);
  if (f0 > best[1]) best = [0, f0];
  if (f1 > best[1]) best = [1, f1];
  return best;
}
