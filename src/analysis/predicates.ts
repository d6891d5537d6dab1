/**
 * Exact geometric predicates on IEEE-754 doubles.
 *
 * `orient2d` returns a number whose SIGN is exact (Shewchuk's error-bounded filter, then an exact fallback in BigInt
 * arithmetic when the floating-point result is not certain). The magnitude is the plain floating-point determinant
 * when the filter succeeds, a tiny ±1e-300 or exact 0 otherwise: use it for signs and for rough interpolation only.
 *
 * Convention: orient2d(a, b, c) > 0 when a → b → c turns counter-clockwise (c left of the directed line a → b), in an
 * x-east / y-north plane (longitude, latitude).
 */

const EPS = 2 ** -53;
const CCW_ERRBOUND_A = (3 + 16 * EPS) * EPS;

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
// Little-endian on every platform this runs on (x86, ARM in LE mode); checked once.
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = LITTLE_ENDIAN ? 1 : 0;
const LO = LITTLE_ENDIAN ? 0 : 1;

/** Exact value of a finite double, scaled by 2^1074, as a BigInt (every finite double is an integer multiple of 2^-1074). */
export function scaledBigInt(x: number): bigint {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  f64[0] = x;
  const hi = u32[HI];
  const lo = u32[LO];
  const sign = hi >>> 31;
  const exp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let v: bigint;
  if (exp === 0) {
    v = mant; // subnormal: mant × 2^-1074
  } else {
    mant |= 1n << 52n;
    v = mant << BigInt(exp - 1); // (mant × 2^(exp-1075)) × 2^1074
  }
  return sign ? -v : v;
}

/** Exact sign of (ax-cx)(by-cy) - (ay-cy)(bx-cx). */
export function orient2dExactSign(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): -1 | 0 | 1 {
  const AX = scaledBigInt(ax);
  const AY = scaledBigInt(ay);
  const BX = scaledBigInt(bx);
  const BY = scaledBigInt(by);
  const CX = scaledBigInt(cx);
  const CY = scaledBigInt(cy);
  const det = (AX - CX) * (BY - CY) - (AY - CY) * (BX - CX);
  return det > 0n ? 1 : det < 0n ? -1 : 0;
}

/** Orientation of c relative to the directed line a → b; the sign is exact (see the module comment). */
export function orient2d(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const detleft = (ax - cx) * (by - cy);
  const detright = (ay - cy) * (bx - cx);
  const det = detleft - detright;
  let detsum: number;
  if (detleft > 0) {
    if (detright <= 0) return det;
    detsum = detleft + detright;
  } else if (detleft < 0) {
    if (detright >= 0) return det;
    detsum = -detleft - detright;
  } else {
    // detleft is 0: a factor is exactly 0 (a difference of doubles is 0 only when they are equal), or the product
    // underflowed. In the first case det = -detright and only detright's own underflow can hide its sign.
    if (ax === cx || by === cy) {
      if (detright !== 0) return det;
      if (ay === cy || bx === cx) return 0;
    }
    detsum = 0;
  }
  const errbound = CCW_ERRBOUND_A * detsum;
  if (det > errbound || -det > errbound) return det;
  const s = orient2dExactSign(ax, ay, bx, by, cx, cy);
  if (s === 0) return 0;
  if (det !== 0 && Math.sign(det) === s) return det;
  return s * 1e-300;
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
