/**
 * The noise of a zone's observations (pressure residuals at its loggers, flow residuals at its inlet meters) as one
 * covariance, and the whitening that turns it into unit noise: C = diag(logger noise², (meter error × flow)²) + U Uᵀ,
 * where U's column j is the change of every reading when junction j's demand is off by its own 1 σ (per-junction
 * demand error × its demand, through the signature of a leak there: a demand is a leak the model knows about). At the
 * evening peak that demand error, not the logger, is most of the residual where mains are thin for their demand, and it
 * is correlated across loggers near each other: whitened, it no longer reads as a leak at the loggers it moves most.
 * Pure arithmetic on the signature tables; the result is cached per zone's signatures and set of readings.
 */
import type { ZoneSignatures } from './signatures';

export interface NoiseModel {
  /** logger noise, m (1 σ) */
  noiseM: number;
  /** inlet meter error, share of the flow (1 σ) */
  meterRel: number;
  /** per-junction demand error, share (1 σ) */
  demandSd: number;
}

export interface Whitened {
  /** observations: sig.sensors columns, then sig.inlets columns */
  cols: readonly number[];
  fcols: readonly number[];
  /** row-major candidates × (cols + fcols): L⁻¹ of each candidate's signature */
  rows: Float64Array;
  /**
   * row-major candidates × fcols: the meter entries of L⁻¹ of the candidate's pressure part alone ([s_p; 0]); its
   * pressure entries are those of `rows` (L is lower triangular, pressures first). The meter part alone is the rest.
   */
  pressureRowsAtMeters: Float64Array;
  /** L⁻¹ v for an observation vector in the order of cols then fcols */
  solve(v: ArrayLike<number>): Float64Array;
}

const cache = new WeakMap<ZoneSignatures, Map<string, Whitened>>();

/** The whitening for these observations (cached per signatures, noise model and columns). */
export function whitening(sig: ZoneSignatures, cols: readonly number[], fcols: readonly number[], nm: NoiseModel): Whitened {
  const key = `${nm.noiseM}|${nm.meterRel}|${nm.demandSd}|${cols.join(',')}|${fcols.join(',')}`;
  let byKey = cache.get(sig);
  if (!byKey) cache.set(sig, (byKey = new Map()));
  let w = byKey.get(key);
  if (!w) byKey.set(key, (w = build(sig, cols, fcols, nm)));
  return w;
}

function build(sig: ZoneSignatures, cols: readonly number[], fcols: readonly number[], nm: NoiseModel): Whitened {
  const ns = sig.sensors.length;
  const ni = sig.inlets.length;
  const n = cols.length + fcols.length;
  const J = sig.candidates.length;
  /** a candidate's signature in observation order (pressure m per probe, flow L/s per probe) */
  const sigOf = (j: number, out: Float64Array) => {
    for (let k = 0; k < cols.length; k++) out[k] = sig.delta[j * ns + cols[k]];
    for (let q = 0; q < fcols.length; q++) out[cols.length + q] = sig.inletDelta[j * ni + fcols[q]];
  };
  // C = D + U Uᵀ (lower triangle)
  const C = new Float64Array(n * n);
  for (let k = 0; k < cols.length; k++) C[k * n + k] = nm.noiseM ** 2;
  for (let q = 0; q < fcols.length; q++) {
    const k = cols.length + q;
    C[k * n + k] = Math.max(0.05, nm.meterRel * Math.abs(sig.inletBase[fcols[q]])) ** 2;
  }
  const u = new Float64Array(n);
  if (nm.demandSd > 0) {
    for (let j = 0; j < J; j++) {
      const a = (nm.demandSd * sig.demand[j]) / sig.probeLps;
      if (a === 0) continue;
      sigOf(j, u);
      for (let x = 0; x < n; x++) u[x] *= a;
      for (let x = 0; x < n; x++) {
        const ux = u[x];
        if (ux === 0) continue;
        const row = x * n;
        for (let y = 0; y <= x; y++) C[row + y] += ux * u[y];
      }
    }
  }
  // Cholesky, in place (lower)
  for (let x = 0; x < n; x++) {
    const rx = x * n;
    for (let y = 0; y <= x; y++) {
      const ry = y * n;
      let sum = C[rx + y];
      for (let k = 0; k < y; k++) sum -= C[rx + k] * C[ry + k];
      C[rx + y] = x === y ? Math.sqrt(Math.max(sum, 1e-12)) : sum / C[ry + y];
    }
  }
  const solveInto = (v: ArrayLike<number>, out: Float64Array, at = 0) => {
    for (let x = 0; x < n; x++) {
      const rx = x * n;
      let sum = v[x];
      for (let k = 0; k < x; k++) sum -= C[rx + k] * out[at + k];
      out[at + x] = sum / C[rx + x];
    }
  };
  const rows = new Float64Array(J * n);
  const nf = fcols.length;
  const np = cols.length;
  const pressureRowsAtMeters = new Float64Array(J * nf);
  for (let j = 0; j < J; j++) {
    sigOf(j, u);
    solveInto(u, rows, j * n);
    // the same forward substitution with the meter inputs zero
    for (let q = 0; q < nf; q++) {
      const x = np + q;
      const rx = x * n;
      let sum = 0;
      for (let k = 0; k < np; k++) sum -= C[rx + k] * rows[j * n + k];
      for (let k = 0; k < q; k++) sum -= C[rx + np + k] * pressureRowsAtMeters[j * nf + k];
      pressureRowsAtMeters[j * nf + q] = sum / C[rx + x];
    }
  }
  return {
    cols,
    fcols,
    rows,
    pressureRowsAtMeters,
    solve: (v) => {
      const out = new Float64Array(n);
      solveInto(v, out);
      return out;
    },
  };
}
