import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orient2d, pointInRing, segmentsIntersect } from '../../../src/analysis/predicates';

// An independent oracle for the orientation sign: exact integer arithmetic in BigInt.
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Exact value of a finite double, scaled by 2^1074, as a BigInt (every finite double is an integer multiple of 2^-1074). */
function scaledBigInt(x: number): bigint {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  f64[0] = x;
  const hi = u32[LE ? 1 : 0];
  const lo = u32[LE ? 0 : 1];
  const exp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let v: bigint;
  if (exp === 0) v = mant;
  else {
    mant |= 1n << 52n;
    v = mant << BigInt(exp - 1);
  }
  return hi >>> 31 ? -v : v;
}

/** Exact sign of (ax-cx)(by-cy) - (ay-cy)(bx-cx). */
function orient2dExactSign(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): -1 | 0 | 1 {
  const [AX, AY, BX, BY, CX, CY] = [ax, ay, bx, by, cx, cy].map(scaledBigInt);
  const det = (AX - CX) * (BY - CY) - (AY - CY) * (BX - CX);
  return det > 0n ? 1 : det < 0n ? -1 : 0;
}

describe('exact orientation', () => {
  it('scaledBigInt is exact for normal, subnormal and negative doubles', () => {
    expect(scaledBigInt(1)).toBe(1n << 1074n);
    expect(scaledBigInt(-0.5)).toBe(-(1n << 1073n));
    expect(scaledBigInt(Number.MIN_VALUE)).toBe(1n);
    expect(scaledBigInt(0)).toBe(0n);
    expect(scaledBigInt(106.5772)).toBe(BigInt(Math.round(106.5772 * 2 ** 45)) << 1029n);
  });

  it('decides points on a line through doubles that naive arithmetic gets wrong', () => {
    // c = a + k·(b − a) with a dyadic step: exactly collinear in binary.
    const a = [106.5, 29.5];
    const b = [106.5 + 3 / 1024, 29.5 + 7 / 1024];
    const c = [106.5 + 6 / 1024, 29.5 + 14 / 1024];
    expect(orient2d(a[0], a[1], b[0], b[1], c[0], c[1])).toBe(0);
    // Two ulps off the line (an ulp of ~29.5 is 2^-48): the sign must still be right.
    const up = c[1] + 2 ** -47;
    expect(Math.sign(orient2d(a[0], a[1], b[0], b[1], c[0], up))).toBe(1);
    const down = c[1] - 2 ** -47;
    expect(Math.sign(orient2d(a[0], a[1], b[0], b[1], c[0], down))).toBe(-1);
  });

  it('agrees with the exact BigInt sign on near-degenerate random input', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 106, max: 107, noNaN: true }),
        fc.double({ min: 29, max: 30, noNaN: true }),
        fc.double({ min: 106, max: 107, noNaN: true }),
        fc.double({ min: 29, max: 30, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: -3, max: 3 }),
        (ax, ay, bx, by, t, nudge) => {
          // A point on (or a few ulps off) the line a–b: the hard case for floating point.
          const cx = ax + t * (bx - ax);
          let cy = ay + t * (by - ay);
          for (let k = 0; k < Math.abs(nudge); k++) cy = nudge > 0 ? nextUp(cy) : -nextUp(-cy);
          const s = Math.sign(orient2d(ax, ay, bx, by, cx, cy));
          expect(s).toBe(orient2dExactSign(ax, ay, bx, by, cx, cy));
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('why the exact fallback matters', () => {
  it('the plain floating-point determinant gets some of these signs wrong', () => {
    let wrong = 0;
    let seed = 1;
    const rnd = (): number => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    for (let k = 0; k < 2000; k++) {
      const ax = 106 + rnd(), ay = 29 + rnd(), bx = 106 + rnd(), by = 29 + rnd(), t = rnd();
      const cx = ax + t * (bx - ax);
      const cy = ay + t * (by - ay);
      const naive = Math.sign((ax - cx) * (by - cy) - (ay - cy) * (bx - cx));
      if (naive !== orient2dExactSign(ax, ay, bx, by, cx, cy)) wrong++;
    }
    expect(wrong).toBeGreaterThan(0);
  });
});

function nextUp(x: number): number {
  const f = new Float64Array([x]);
  const u = new BigInt64Array(f.buffer);
  u[0] += x >= 0 ? 1n : -1n;
  return f[0];
}

describe('segment intersection and point in ring', () => {
  const sq = [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]];

  it('finds touching, crossing, collinear overlapping and disjoint segments', () => {
    expect(segmentsIntersect(0, 0, 2, 2, 0, 2, 2, 0)).toBe(true); // cross
    expect(segmentsIntersect(0, 0, 2, 0, 2, 0, 3, 1)).toBe(true); // share an endpoint
    expect(segmentsIntersect(0, 0, 2, 0, 1, 0, 1, 5)).toBe(true); // T
    expect(segmentsIntersect(0, 0, 2, 0, 1, 0, 3, 0)).toBe(true); // collinear overlap
    expect(segmentsIntersect(0, 0, 1, 0, 2, 0, 3, 0)).toBe(false); // collinear apart
    expect(segmentsIntersect(0, 0, 1, 1, 0, 1, 0.4, 0.6)).toBe(false); // would meet if extended
  });

  it('locates inside, outside, on edges and on vertices', () => {
    expect(pointInRing(2, 2, sq)).toBe(1);
    expect(pointInRing(5, 2, sq)).toBe(-1);
    expect(pointInRing(4, 2, sq)).toBe(0);
    expect(pointInRing(2, 0, sq)).toBe(0);
    expect(pointInRing(0, 0, sq)).toBe(0);
    expect(pointInRing(4, 4, sq)).toBe(0);
    expect(pointInRing(-1, 0, sq)).toBe(-1); // on the line of an edge, outside it
    expect(pointInRing(-1, 4, sq)).toBe(-1); // ray through a vertex
  });
});
