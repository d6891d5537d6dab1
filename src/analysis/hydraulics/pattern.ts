/**
 * The daily water-demand pattern shared by the EPANET model (INP [PATTERNS]) and the feed simulator: a factor of the
 * average-day demand by local hour (≈0.3 at night, ≈1.1 at the evening peak; averages ≈0.6 — multipliers are
 * normalised to a mean of 1 in the INP pattern). Estimate (E) shaped after a residential day: morning and evening peaks.
 */

function bump(h: number, centre: number, width: number): number {
  let d = Math.abs(h - centre);
  if (d > 12) d = 24 - d;
  return Math.exp(-((d / width) ** 2));
}

/** Demand factor at local hour `hour` (0 ≤ hour < 24, fractional). */
export function dailyDemandFactor(hour: number): number {
  return 0.55 + 0.45 * bump(hour, 7.5, 1.3) + 0.55 * bump(hour, 19.5, 1.8) + 0.2 * bump(hour, 12, 1.5) - 0.25 * bump(hour, 3.5, 2.2);
}

/** 24 hourly multipliers (at h + 0.5) normalised to a mean of 1: the INP pattern. */
export function hourlyPattern(): number[] {
  const raw = Array.from({ length: 24 }, (_, h) => dailyDemandFactor(h + 0.5));
  const mean = raw.reduce((a, b) => a + b, 0) / raw.length;
  return raw.map((v) => Math.round((v / mean) * 1000) / 1000);
}

/** The normalised multiplier at a fractional hour (linear between the hourly values' centres). */
export function patternMultiplier(hour: number): number {
  const p = hourlyPattern();
  const h = ((hour - 0.5) % 24 + 24) % 24;
  const i = Math.floor(h);
  const f = h - i;
  return p[i] * (1 - f) + p[(i + 1) % 24] * f;
}
