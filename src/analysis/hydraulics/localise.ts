/**
 * Leak localisation from pressure residuals (observed minus the no-leak model at the same time) and, where there are
 * district meters at the sub-zone inlets, inlet-flow residuals, against the zone's leak signatures (signatures.ts):
 * every pipe's signature is the mean of its two end nodes' (a leak part-way along it). Residual and signatures are
 * whitened by the observations' noise covariance (whiten.ts: loggers, meters, per-junction demand error), and pipes are
 * ranked by the cosine between them — the "angle" method of model-based localisation: it does not need the leak's
 * size, which follows from the fit. A wrong demand level of the whole zone (the model's biggest error) looks like a
 * leak everywhere at once: its pattern (ZoneSignatures.zoneDemand, inletZoneDemand) is projected out of the residual
 * and of every signature before the angles are taken. The first candidate is the likeliest middle (centreFirst).
 *
 * The confidence is worded from what the numbers can support: no signal above sensor noise; or the stretch of mains
 * whose signatures match nearly as well as the best (the sensors cannot tell those pipes apart).
 */
import { buildGraph, distancesFrom, toPipeMiddle, type NetworkGraph } from './graph';
import type { WaterModel } from './model';
import type { ZoneSignatures } from './signatures';
import { whitening } from './whiten';

export interface PipeCandidate {
  /** dataset segment id */
  pipe: string;
  /** cosine of residual and signature, −1…1 */
  score: number;
  /** fitted leak, L/s */
  leakLps: number;
  /** length of the pipe, m */
  length: number;
}

export type Confidence = 'none' | 'low' | 'medium' | 'high';

export interface Localisation {
  candidates: PipeCandidate[];
  /** the pipes that match nearly as well as the best (score ≥ best − `stretchTolerance`), best first */
  stretch: string[];
  stretchLengthM: number;
  confidence: Confidence;
  /** the residual's length along the best signature over the sensor noise (matched filter); < 4: nothing stands out */
  signalToNoise: number;
  /** sensors used (with an observation) */
  sensorsUsed: number;
  /** the sensor with the largest drop (the baseline's anchor), or '' */
  largestDrop: string;
}

/**
 * The inlet meters' error the app's localisation assumes (1 σ, relative): the meter's own ± 1 %. With meters the fit
 * gives the pressures and the flows each its own size (`twoSizes`): a burst's inlet flow is linear in its size (every
 * litre passes its inlet) but its pressures fall faster than linearly (head loss goes with the square of flow), so one
 * size for both pins the scale on the meter and favours pipes whose signatures carry more pressure per litre.
 * Measured in docs/hydraulics.md ("The meters' weight").
 */
export const INLET_FIT_REL = 0.01;

export interface LocaliseOptions {
  /** how many candidates to return (default 50) */
  top?: number;
  /** sensor noise, m (1 σ, default 0.05: a logger's reading averaged over 15 min) */
  noiseM?: number;
  /** score gap that counts as "nearly as well" (default 0.01) */
  stretchTolerance?: number;
  /**
   * inlet id (ZoneSignatures.inlets) → observed − no-leak flow into the network there, L/s: the district meters at the
   * sub-zone inlets. A leak's every litre passes its sub-zone's inlet, where a pressure logger nearby sees almost nothing.
   */
  inletFlow?: ReadonlyMap<string, number>;
  /** with inlet meters: fit the pressures and the flows each with its own size (default); false: one size for both */
  twoSizes?: boolean;
  /** inlet meter error, share of the flow (1 σ, default 0.01) */
  meterRel?: number;
  /** per-junction demand error, share (1 σ, default 0.05): the spread of an inlet's flow around the model */
  demandSd?: number;
  /**
   * put first the candidate nearest (along the mains) to where the likely candidates lie, weighted by how likely each
   * is (default true): when the sensors cannot tell a stretch apart, its middle rather than either end
   */
  centre?: boolean;
  /** the model's graph through closed links too (buildGraph(model, true)), cached by the caller */
  graph?: NetworkGraph;
}

interface PipeEnds {
  pipe: string;
  a: number;
  b: number;
  length: number;
}

/** The model's pipes (dataset segments) with their end nodes' rows in the signature table. */
export function pipeRows(model: WaterModel, sig: ZoneSignatures): PipeEnds[] {
  const row = new Map(sig.candidates.map((id, i) => [id, i]));
  const out: PipeEnds[] = [];
  for (const l of model.links) {
    if (l.kind !== 'pipe' || l.asset !== l.id || l.status !== 'Open') continue;
    const a = row.get(l.from);
    const b = row.get(l.to);
    if (a === undefined || b === undefined) continue;
    out.push({ pipe: l.id, a, b, length: l.length });
  }
  return out;
}

/**
 * Rank the zone's pipes for a leak. `residual`: sensor id → observed − no-leak pressure, m (sensors missing from the
 * map are left out of the fit).
 */
export function localiseLeak(
  model: WaterModel,
  sig: ZoneSignatures,
  residual: ReadonlyMap<string, number>,
  opts: LocaliseOptions = {},
  pipes: readonly PipeEnds[] = pipeRows(model, sig),
): Localisation {
  const n = sig.sensors.length;
  const noise = opts.noiseM ?? 0.05;
  // the observations: pressure residuals at the loggers (m), then flow residuals at the inlet meters (L/s)
  const cols: number[] = [];
  const v: number[] = [];
  let largestDrop = '';
  let drop = 0;
  for (let i = 0; i < n; i++) {
    const x = residual.get(sig.sensors[i]);
    if (x === undefined || !Number.isFinite(x)) continue;
    cols.push(i);
    v.push(x);
    if (x < drop) {
      drop = x;
      largestDrop = sig.sensors[i];
    }
  }
  const fcols: number[] = [];
  if (opts.inletFlow) {
    for (let i = 0; i < sig.inlets.length; i++) {
      const x = opts.inletFlow.get(sig.inlets[i]);
      if (x === undefined || !Number.isFinite(x)) continue;
      fcols.push(i);
      v.push(x);
    }
  }
  // whitened by their noise: loggers, meters and the per-junction demand error (whiten.ts)
  const wh = whitening(sig, cols, fcols, { noiseM: noise, meterRel: opts.meterRel ?? 0.01, demandSd: opts.demandSd ?? 0.05 });
  const nObs = v.length;
  const r = wh.solve(v);
  // project the zone-demand pattern out of the residual (and below, out of each signature)
  const g = wh.solve([...cols.map((i) => sig.zoneDemand[i]), ...fcols.map((i) => sig.inletZoneDemand[i])]);
  const gNorm = Math.hypot(...g);
  const gh = gNorm > 0 ? g.map((x) => x / gNorm) : g.map(() => 0);
  const rg = r.reduce((acc, x, k) => acc + x * gh[k], 0);
  let rNorm = 0;
  for (let k = 0; k < nObs; k++) rNorm += (r[k] - rg * gh[k]) ** 2;
  rNorm = Math.sqrt(rNorm);
  const rows = wh.rows;
  const pAtM = wh.pressureRowsAtMeters;
  const np = cols.length;
  const nf = opts.twoSizes === false ? 0 : fcols.length;
  const scored: PipeCandidate[] = [];
  for (const p of pipes) {
    let sg = 0;
    let sr = 0;
    let s2 = 0;
    const ra = p.a * nObs;
    const rb = p.b * nObs;
    for (let k = 0; k < nObs; k++) {
      const x = (rows[ra + k] + rows[rb + k]) / 2;
      sg += x * gh[k];
      sr += x * r[k];
      s2 += x * x;
    }
    // with s⊥ = s − (s·ĝ)ĝ:  s⊥·r⊥ = s·r − (s·ĝ)(r·ĝ),  |s⊥|² = |s|² − (s·ĝ)²
    const dot = sr - sg * rg;
    const ss = Math.max(0, s2 - sg * sg);
    let score = ss > 0 && rNorm > 0 ? dot / (Math.sqrt(ss) * rNorm) : 0;
    let leakLps = ss > 0 ? Math.max(0, (dot / ss) * sig.probeLps) : 0;
    if (nf > 0 && rNorm > 0) {
      // two sizes: one for the pressures, one for the flows (a burst's inlet flow is linear in its size, its pressures
      // fall faster): split the whitened signature into its pressure part P and its meter part F = s − P
      let pg = 0, pr = 0, pp = 0, ps = 0;
      const qa = p.a * nf;
      const qb = p.b * nf;
      for (let k = 0; k < nObs; k++) {
        const x = k < np ? (rows[ra + k] + rows[rb + k]) / 2 : (pAtM[qa + k - np] + pAtM[qb + k - np]) / 2;
        const full = (rows[ra + k] + rows[rb + k]) / 2;
        pg += x * gh[k];
        pr += x * r[k];
        pp += x * x;
        ps += x * full;
      }
      // after the zone-demand projection: P·P, F·F, P·F, P·r, F·r (F = s − P)
      const Pp = pp - pg * pg;
      const Fg = sg - pg;
      const Ff = s2 - 2 * ps + pp - Fg * Fg;
      const Pf = ps - pp - pg * Fg;
      const Pr = pr - pg * rg;
      const Fr = dot - Pr;
      const det = Pp * Ff - Pf * Pf;
      if (Pp > 0 && Ff > 0 && det > 1e-9 * Pp * Ff) {
        const alpha = (Ff * Pr - Pf * Fr) / det;
        const beta = (Pp * Fr - Pf * Pr) / det;
        if (alpha > 0 && beta > 0) {
          score = Math.sqrt(Math.max(0, alpha * Pr + beta * Fr)) / rNorm;
          leakLps = beta * sig.probeLps;
        }
      }
    }
    scored.push({ pipe: p.pipe, score, leakLps, length: p.length });
  }
  scored.sort((x, y) => y.score - x.score || (x.pipe < y.pipe ? -1 : 1));
  const best = scored[0]?.score ?? 0;
  if (opts.centre !== false && scored.length > 1 && rNorm > 0) centreFirst(scored, pipes, sig, rNorm, nObs, opts.graph ?? buildGraph(model, true));
  // matched-filter signal-to-noise of the best candidate: the residual's length along its signature over the noise
  // (the largest of thousands of pure-noise projections is about 3.5 σ, so below 4 nothing stands out)
  const snr = best * rNorm;
  const tol = opts.stretchTolerance ?? 0.01;
  const stretchPipes = scored.filter((c) => c.score >= best - tol).slice(0, 200);
  const stretchLengthM = Math.round(stretchPipes.reduce((a, c) => a + c.length, 0));
  let confidence: Confidence;
  if (snr < 4 || best <= 0) confidence = 'none';
  else if (best >= 0.95 && stretchLengthM <= 400) confidence = 'high';
  else if (best >= 0.85 && stretchLengthM <= 1500) confidence = 'medium';
  else confidence = 'low';
  return {
    candidates: scored.slice(0, opts.top ?? 50),
    stretch: stretchPipes.map((c) => c.pipe),
    stretchLengthM,
    confidence,
    signalToNoise: Math.round(snr * 10) / 10,
    sensorsUsed: cols.length,
    largestDrop,
  };
}

/** candidates the centre is chosen among and weighs (the likeliest by score) */
const CENTRE_POOL = 40;

/**
 * Move to the front the candidate with the least expected distance along the mains to the leak, the expectation over
 * the likeliest candidates weighted by their likelihood (Gaussian, with the fitted leak size) times their length (a
 * leak is as likely anywhere along a main). The noise scale is the data's own: the best fit's misfit per observation,
 * at least 1 (the whitened noise), so model error beyond the sensors' noise widens the weights instead of letting
 * one candidate take all. With a clear signal this is the best candidate itself; with a weak one, the middle of
 * the candidates the sensors cannot tell apart instead of whichever end happened to score highest.
 */
function centreFirst(scored: PipeCandidate[], pipes: readonly PipeEnds[], sig: ZoneSignatures, rNorm: number, nObs: number, graph: NetworkGraph): void {
  const byPipe = new Map(pipes.map((p) => [p.pipe, p]));
  const misfit = (c: PipeCandidate) => rNorm * rNorm * (1 - Math.max(0, c.score) ** 2);
  const m0 = misfit(scored[0]);
  const s2 = Math.max(1, m0 / Math.max(1, nObs - 2));
  const pool = scored.slice(0, CENTRE_POOL).map((c) => ({ c, w: Math.max(1, c.length) * Math.exp(-(misfit(c) - m0) / (2 * s2)) }));
  const wMax = Math.max(...pool.map((x) => x.w));
  const kept = pool.filter((x) => x.w >= 1e-3 * wMax);
  if (kept.length < 2) return;
  const ends = (c: PipeCandidate) => {
    const p = byPipe.get(c.pipe)!;
    return { from: sig.candidates[p.a], to: sig.candidates[p.b], length: p.length };
  };
  let bestAt = 0;
  let bestE = Infinity;
  kept.forEach((x, i) => {
    const e = ends(x.c);
    const d = distancesFrom(graph, [[e.from, e.length / 2], [e.to, e.length / 2]]);
    let sum = 0;
    for (const y of kept) sum += y === x ? 0 : y.w * toPipeMiddle(graph, d, ends(y.c));
    if (sum < bestE) {
      bestE = sum;
      bestAt = i;
    }
  });
  const at = scored.indexOf(kept[bestAt].c);
  if (at > 0) scored.unshift(...scored.splice(at, 1));
}
