/**
 * Leak localisation from pressure residuals (observed minus the no-leak model at the same time) against the zone's
 * leak signatures (signatures.ts): every pipe's signature is the mean of its two end nodes' (a leak part-way along
 * it), and pipes are ranked by the cosine between residual and signature — the "angle" method of model-based
 * localisation: it does not need the leak's size, which follows from the fit. A wrong demand level of the whole zone
 * (the model's biggest error) looks like a leak everywhere at once: its pattern at the sensors (ZoneSignatures.zoneDemand)
 * is projected out of the residual and of every signature before the angles are taken.
 *
 * The confidence is worded from what the numbers can support: no signal above sensor noise; or the stretch of mains
 * whose signatures match nearly as well as the best (the sensors cannot tell those pipes apart).
 */
import type { WaterModel } from './model';
import type { ZoneSignatures } from './signatures';

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

export interface LocaliseOptions {
  /** how many candidates to return (default 50) */
  top?: number;
  /** sensor noise, m (1 σ, default 0.05: a logger's reading averaged over 15 min) */
  noiseM?: number;
  /** score gap that counts as "nearly as well" (default 0.01) */
  stretchTolerance?: number;
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
  const cols: number[] = [];
  const r: number[] = [];
  let largestDrop = '';
  let drop = 0;
  for (let i = 0; i < n; i++) {
    const v = residual.get(sig.sensors[i]);
    if (v === undefined || !Number.isFinite(v)) continue;
    cols.push(i);
    r.push(v);
    if (v < drop) {
      drop = v;
      largestDrop = sig.sensors[i];
    }
  }
  // project the zone-demand pattern out of the residual (and below, out of each signature)
  const g = cols.map((i) => sig.zoneDemand[i]);
  const gNorm = Math.hypot(...g);
  const gh = gNorm > 0 ? g.map((v) => v / gNorm) : g.map(() => 0);
  const rg = r.reduce((a, v, k) => a + v * gh[k], 0);
  const rp = r.map((v, k) => v - rg * gh[k]);
  const noise = opts.noiseM ?? 0.05;
  const rNorm = Math.hypot(...rp);
  const scored: PipeCandidate[] = [];
  for (const p of pipes) {
    let dot = 0;
    let ss = 0;
    let sg = 0;
    let sr = 0;
    let s2 = 0;
    const ra = p.a * n;
    const rb = p.b * n;
    for (let k = 0; k < cols.length; k++) {
      const s = (sig.delta[ra + cols[k]] + sig.delta[rb + cols[k]]) / 2;
      sg += s * gh[k];
      sr += s * r[k];
      s2 += s * s;
    }
    // with s⊥ = s − (s·ĝ)ĝ:  s⊥·r⊥ = s·r − (s·ĝ)(r·ĝ),  |s⊥|² = |s|² − (s·ĝ)²
    dot = sr - sg * rg;
    ss = Math.max(0, s2 - sg * sg);
    const score = ss > 0 && rNorm > 0 ? dot / (Math.sqrt(ss) * rNorm) : 0;
    scored.push({ pipe: p.pipe, score, leakLps: ss > 0 ? Math.max(0, (dot / ss) * sig.probeLps) : 0, length: p.length });
  }
  scored.sort((x, y) => y.score - x.score || (x.pipe < y.pipe ? -1 : 1));
  const best = scored[0]?.score ?? 0;
  // matched-filter signal-to-noise of the best candidate: the residual's length along its signature over the noise
  // (the largest of thousands of pure-noise projections is about 3.5 σ, so below 4 nothing stands out)
  const snr = (best * rNorm) / noise;
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
    sensorsUsed: r.length,
    largestDrop,
  };
}
