/**
 * Alarm thresholds as data (data/thresholds.json): validation, overlays, rule matching, and the pure evaluation with
 * hysteresis shared by the browser, the feed simulator and tests. Source and certainty: standards.md §4.
 *
 * Pure: no DOM, no Node. The default file is imported as JSON (bundled by Vite, read by tsx/vitest).
 */
import defaultThresholdsJson from '../../data/thresholds.json';
import { isCategoryCode, subType } from './categories';
import { isMetricId, type MetricId } from './metrics';
import type { CategoryCode, PressureClass } from './schema';

export type Sureness = 'V' | 'V*' | 'S' | 'E';

/** Value severity: the status codes normal (1), warning (2), alarm (3) of src/domain/status.ts. */
export type Severity = 1 | 2 | 3;
const NORMAL = 1;
const WARNING = 2;
const ALARM = 3;
export type Basis = 'absolute' | 'belowRef' | 'ratioOfRef';
export type RefField = 'depth' | 'design' | 'dn';

const BAND_KEYS = ['alarmLow', 'warnLow', 'warnHigh', 'alarmHigh', 'hysteresis'] as const;
type BandKey = (typeof BAND_KEYS)[number];

export interface BandFields {
  alarmLow?: number;
  warnLow?: number;
  warnHigh?: number;
  alarmHigh?: number;
  /** In the same terms as the limits (metric unit; metres for belowRef; a factor of the reference for ratioOfRef). */
  hysteresis?: number;
  /** true: a value equal to a limit is already beyond it (≥ high, ≤ low). Default false (strict). */
  inclusive?: boolean;
  /** Reference used when the sensor does not carry one. */
  refDefault?: number;
  /**
   * belowRef only: a distance below the reference is capped at this fraction of the reference, so a shallow
   * manhole (1.2 m) warns at half full rather than at 0.2 m of water. Absent = no cap.
   */
  maxFraction?: number;
}

export interface ThresholdRule extends BandFields {
  id: string;
  metric: MetricId;
  /** Selectors; absent = any. */
  category?: CategoryCode;
  sub?: string;
  pressureClass?: PressureClass;
  dnMin?: number;
  dnMax?: number;
  basis: Basis;
  ref?: RefField;
  /** Certainty per field; '*' covers the fields not named. */
  sure: Record<string, Sureness>;
  note?: string;
}

export type ThresholdOverrides = Record<string, Partial<Record<MetricId, BandFields>>>;

export interface ThresholdConfig {
  version: 1;
  /** A sensor with no reading for this many reporting intervals is offline. */
  stalenessIntervals: number;
  rules: ThresholdRule[];
  /** Per asset id, per metric. */
  overrides: ThresholdOverrides;
}

/** What a sensor knows about its asset, for rule matching (see SensorDef's optional fields). */
export interface SensorContext {
  asset: string;
  metric: string;
  cat?: CategoryCode;
  sub?: string;
  pressureClass?: PressureClass;
  dn?: number;
  depth?: number;
  design?: number;
}

/** Absolute limits for one sensor (metric unit); ±Infinity where a side does not apply. */
export interface Limits {
  alarmLow: number;
  warnLow: number;
  warnHigh: number;
  alarmHigh: number;
  hysteresis: number;
  inclusive: boolean;
  /** Rule id that produced them (for the UI: "why is this red"). */
  rule: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: string[] };

const SURENESS = new Set<string>(['V', 'V*', 'S', 'E']);
const BASES = new Set<string>(['absolute', 'belowRef', 'ratioOfRef']);
const REFS = new Set<string>(['depth', 'design', 'dn']);
const PRESSURE_CLASSES = new Set<string>(['low', 'mediumB', 'mediumA', 'subHighB', 'subHighA', 'highB', 'highA']);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function readBands(src: Record<string, unknown>, where: string, errors: string[]): BandFields {
  const out: BandFields = {};
  for (const k of BAND_KEYS) {
    const v = src[k];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v)) errors.push(`${where}.${k}: not a finite number`);
    else if (k === 'hysteresis' && v < 0) errors.push(`${where}.hysteresis: negative`);
    else out[k] = v;
  }
  if (src.inclusive !== undefined) {
    if (typeof src.inclusive !== 'boolean') errors.push(`${where}.inclusive: not a boolean`);
    else out.inclusive = src.inclusive;
  }
  if (src.maxFraction !== undefined) {
    const f = src.maxFraction;
    if (typeof f !== 'number' || !(f > 0 && f <= 1)) errors.push(`${where}.maxFraction: must be in (0, 1]`);
    else out.maxFraction = f;
  }
  if (src.refDefault !== undefined) {
    if (typeof src.refDefault !== 'number' || !Number.isFinite(src.refDefault)) errors.push(`${where}.refDefault: not a finite number`);
    else out.refDefault = src.refDefault;
  }
  return out;
}

function readRule(src: unknown, where: string, errors: string[]): ThresholdRule | null {
  if (!isObject(src)) {
    errors.push(`${where}: not an object`);
    return null;
  }
  const n0 = errors.length;
  const id = src.id;
  if (typeof id !== 'string' || id === '') errors.push(`${where}.id: missing`);
  const m = src.metric;
  if (typeof m !== 'string' || !isMetricId(m)) errors.push(`${where}.metric: unknown metric ${JSON.stringify(m)}`);
  const rule: ThresholdRule = {
    id: String(id),
    metric: m as MetricId,
    basis: 'absolute',
    sure: { '*': 'E' },
    ...readBands(src, where, errors),
  };
  if (src.category !== undefined) {
    if (typeof src.category !== 'string' || !isCategoryCode(src.category)) errors.push(`${where}.category: unknown`);
    else rule.category = src.category;
  }
  if (src.sub !== undefined) {
    if (typeof src.sub !== 'string') errors.push(`${where}.sub: not a string`);
    else rule.sub = src.sub;
  }
  if (src.pressureClass !== undefined) {
    if (typeof src.pressureClass !== 'string' || !PRESSURE_CLASSES.has(src.pressureClass)) errors.push(`${where}.pressureClass: unknown`);
    else rule.pressureClass = src.pressureClass as PressureClass;
  }
  for (const k of ['dnMin', 'dnMax'] as const) {
    const v = src[k];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v)) errors.push(`${where}.${k}: not a finite number`);
    else rule[k] = v;
  }
  if (src.basis !== undefined) {
    if (typeof src.basis !== 'string' || !BASES.has(src.basis)) errors.push(`${where}.basis: unknown`);
    else rule.basis = src.basis as Basis;
  }
  if (src.ref !== undefined) {
    if (typeof src.ref !== 'string' || !REFS.has(src.ref)) errors.push(`${where}.ref: unknown`);
    else rule.ref = src.ref as RefField;
  }
  if (rule.basis !== 'absolute') {
    if (rule.ref === undefined) errors.push(`${where}: basis ${rule.basis} needs a ref`);
    if (rule.refDefault === undefined) errors.push(`${where}: basis ${rule.basis} needs a refDefault`);
  }
  if (src.sure !== undefined) {
    if (!isObject(src.sure)) errors.push(`${where}.sure: not an object`);
    else {
      const sure: Record<string, Sureness> = {};
      for (const [k, v] of Object.entries(src.sure)) {
        if (typeof v !== 'string' || !SURENESS.has(v)) errors.push(`${where}.sure.${k}: not one of V, V*, S, E`);
        else sure[k] = v as Sureness;
      }
      rule.sure = sure;
    }
  }
  if (typeof src.note === 'string') rule.note = src.note;
  if (errors.length > n0) return null;
  checkOrder(rule, where, errors);
  return errors.length > n0 ? null : rule;
}

/** Limits must be ordered alarmLow ≤ warnLow ≤ warnHigh ≤ alarmHigh once made absolute (checked at refDefault). */
function checkOrder(rule: ThresholdRule, where: string, errors: string[]): void {
  const l = toLimits(rule, {}, rule.refDefault ?? 1);
  if (!(l.alarmLow <= l.warnLow && l.warnLow <= l.warnHigh && l.warnHigh <= l.alarmHigh)) {
    errors.push(`${where}: limits out of order (need alarmLow <= warnLow <= warnHigh <= alarmHigh)`);
  }
}

function readConfig(src: unknown, errors: string[]): ThresholdConfig | null {
  if (!isObject(src)) {
    errors.push('thresholds: not an object');
    return null;
  }
  if (src.version !== 1) errors.push('thresholds.version: must be 1');
  let staleness = 3;
  if (src.staleness !== undefined) {
    const s = isObject(src.staleness) ? src.staleness.intervals : undefined;
    if (typeof s !== 'number' || !(s > 0)) errors.push('thresholds.staleness.intervals: must be > 0');
    else staleness = s;
  }
  if (!Array.isArray(src.rules)) {
    errors.push('thresholds.rules: not an array');
    return null;
  }
  const rules: ThresholdRule[] = [];
  const ids = new Set<string>();
  src.rules.forEach((r, i) => {
    const rule = readRule(r, `rules[${i}]`, errors);
    if (!rule) return;
    if (ids.has(rule.id)) errors.push(`rules[${i}].id: duplicate ${rule.id}`);
    ids.add(rule.id);
    rules.push(rule);
  });
  const overrides = readOverrides(src.overrides, errors);
  return { version: 1, stalenessIntervals: staleness, rules, overrides };
}

function readOverrides(src: unknown, errors: string[]): ThresholdOverrides {
  const out: ThresholdOverrides = {};
  if (src === undefined) return out;
  if (!isObject(src)) {
    errors.push('overrides: not an object');
    return out;
  }
  for (const [asset, perMetric] of Object.entries(src)) {
    if (!isObject(perMetric)) {
      errors.push(`overrides.${asset}: not an object`);
      continue;
    }
    const o: Partial<Record<MetricId, BandFields>> = {};
    for (const [m, bands] of Object.entries(perMetric)) {
      if (!isMetricId(m)) errors.push(`overrides.${asset}.${m}: unknown metric`);
      else if (!isObject(bands)) errors.push(`overrides.${asset}.${m}: not an object`);
      else o[m] = readBands(bands, `overrides.${asset}.${m}`, errors);
    }
    out[asset] = o;
  }
  return out;
}

/**
 * Validate a thresholds document and apply overlays in order (user configuration: every E value can be replaced).
 * An overlay may hold `rules` (a rule with a known id has its given fields replaced; a new id is appended and must be
 * complete), `overrides` (merged per asset and metric) and `staleness`.
 */
export function parseThresholds(base: unknown, ...overlays: unknown[]): ParseResult<ThresholdConfig> {
  const errors: string[] = [];
  const config = readConfig(base, errors);
  if (!config) return { ok: false, errors };
  overlays.forEach((ov, k) => applyOverlay(config, ov, `overlay[${k}]`, errors));
  return errors.length ? { ok: false, errors } : { ok: true, value: config };
}

function applyOverlay(config: ThresholdConfig, ov: unknown, where: string, errors: string[]): void {
  if (!isObject(ov)) {
    errors.push(`${where}: not an object`);
    return;
  }
  if (ov.staleness !== undefined) {
    const s = isObject(ov.staleness) ? ov.staleness.intervals : undefined;
    if (typeof s !== 'number' || !(s > 0)) errors.push(`${where}.staleness.intervals: must be > 0`);
    else config.stalenessIntervals = s;
  }
  if (ov.rules !== undefined) {
    if (!Array.isArray(ov.rules)) errors.push(`${where}.rules: not an array`);
    else
      ov.rules.forEach((r, i) => {
        const at = `${where}.rules[${i}]`;
        if (!isObject(r) || typeof r.id !== 'string') {
          errors.push(`${at}: needs an id`);
          return;
        }
        const k = config.rules.findIndex((x) => x.id === r.id);
        const merged = k >= 0 ? { ...config.rules[k], ...r } : r;
        const rule = readRule(merged, at, errors);
        if (!rule) return;
        if (k >= 0) config.rules[k] = rule;
        else config.rules.push(rule);
      });
  }
  if (ov.overrides !== undefined) {
    const o = readOverrides(ov.overrides, errors);
    for (const [asset, perMetric] of Object.entries(o)) {
      const cur = (config.overrides[asset] ??= {});
      for (const [m, b] of Object.entries(perMetric) as [MetricId, BandFields][]) cur[m] = { ...cur[m], ...b };
    }
  }
}

let defaultConfig: ThresholdConfig | null = null;

/** data/thresholds.json, validated once. Throws if the shipped file is invalid (a test guards it). */
export function defaultThresholds(): ThresholdConfig {
  if (!defaultConfig) {
    const r = parseThresholds(defaultThresholdsJson);
    if (!r.ok) throw new Error(`data/thresholds.json is invalid: ${r.errors.join('; ')}`);
    defaultConfig = r.value;
  }
  return defaultConfig;
}

/** Category of an asset from its id's prefix ("JP-000123" → JS, "PS-…" → PS); undefined when unknown. */
export function assetCategory(assetId: string): CategoryCode | undefined {
  const dash = assetId.indexOf('-');
  const prefix = dash > 0 ? assetId.slice(0, dash) : assetId;
  if (isCategoryCode(prefix)) return prefix;
  return subType(prefix)?.cat.code;
}

function assetSub(assetId: string): string | undefined {
  const dash = assetId.indexOf('-');
  const prefix = dash > 0 ? assetId.slice(0, dash) : '';
  return subType(prefix) ? prefix : undefined;
}

/** The most specific rule for a sensor: selectors must all match; more selectors = more specific; ties → later. */
export function matchRule(config: ThresholdConfig, ctx: SensorContext): ThresholdRule | undefined {
  const cat = ctx.cat ?? assetCategory(ctx.asset);
  const sub = ctx.sub ?? assetSub(ctx.asset);
  let best: ThresholdRule | undefined;
  let bestScore = -1;
  for (const r of config.rules) {
    if (r.metric !== ctx.metric) continue;
    let score = 0;
    if (r.category !== undefined) {
      if (r.category !== cat) continue;
      score += 1;
    }
    if (r.sub !== undefined) {
      if (r.sub !== sub) continue;
      score += 2;
    }
    if (r.pressureClass !== undefined) {
      if (r.pressureClass !== ctx.pressureClass) continue;
      score += 2;
    }
    if (r.dnMin !== undefined || r.dnMax !== undefined) {
      if (ctx.dn === undefined) continue;
      if (r.dnMin !== undefined && ctx.dn < r.dnMin) continue;
      if (r.dnMax !== undefined && ctx.dn > r.dnMax) continue;
      score += 2;
    }
    if (score >= bestScore) {
      best = r;
      bestScore = score;
    }
  }
  return best;
}

function toLimits(rule: ThresholdRule, over: BandFields, ref: number): Limits {
  const b = { ...rule, ...over };
  const cap = (b.maxFraction ?? Infinity) * Math.abs(ref);
  const conv =
    b.basis === 'belowRef'
      ? (x: number) => ref - Math.min(x, cap)
      : b.basis === 'ratioOfRef'
        ? (x: number) => ref * x
        : (x: number) => x;
  const h = b.hysteresis ?? 0;
  return {
    alarmLow: b.alarmLow === undefined ? -Infinity : conv(b.alarmLow),
    warnLow: b.warnLow === undefined ? -Infinity : conv(b.warnLow),
    warnHigh: b.warnHigh === undefined ? Infinity : conv(b.warnHigh),
    alarmHigh: b.alarmHigh === undefined ? Infinity : conv(b.alarmHigh),
    hysteresis: b.basis === 'ratioOfRef' ? Math.abs(ref * h) : h,
    inclusive: b.inclusive ?? false,
    rule: rule.id,
  };
}

/**
 * Absolute limits for one sensor: matched rule, per-asset override, reference from the sensor (or refDefault).
 * null when no rule covers the metric: such readings are shown as normal while they keep arriving.
 */
export function resolveLimits(config: ThresholdConfig, ctx: SensorContext): Limits | null {
  const rule = matchRule(config, ctx);
  if (!rule) return null;
  const over = (config.overrides[ctx.asset]?.[rule.metric] ?? {}) as BandFields;
  const refDefault = over.refDefault ?? rule.refDefault ?? 1;
  const fromSensor = rule.ref === undefined ? undefined : ctx[rule.ref];
  const ref = typeof fromSensor === 'number' && Number.isFinite(fromSensor) ? fromSensor : refDefault;
  return toLimits(rule, over, ref);
}

/** 1 normal, 2 warning, 3 alarm for a value against limits, without hysteresis. */
export function severity(value: number, l: Limits): Severity {
  return level(value, l.alarmLow, l.warnLow, l.warnHigh, l.alarmHigh, l.inclusive);
}

function level(v: number, aL: number, wL: number, wH: number, aH: number, inclusive: boolean): Severity {
  if (inclusive) {
    if (v <= aL || v >= aH) return ALARM;
    if (v <= wL || v >= wH) return WARNING;
    return NORMAL;
  }
  if (v < aL || v > aH) return ALARM;
  if (v < wL || v > wH) return WARNING;
  return NORMAL;
}

/**
 * Status of a value with hysteresis: from a warning or alarm (`prev` 2 or 3) the value must come back inside the
 * band by `hysteresis` before the status drops; getting worse is immediate. Any other `prev` (unknown, normal,
 * offline) evaluates plainly.
 */
export function evaluateLimits(value: number, l: Limits, prev: number): Severity {
  const raw = level(value, l.alarmLow, l.warnLow, l.warnHigh, l.alarmHigh, l.inclusive);
  if (raw >= prev || (prev !== WARNING && prev !== ALARM) || l.hysteresis <= 0) return raw;
  const h = l.hysteresis;
  const relaxed = level(value, l.alarmLow + h, l.warnLow + h, l.warnHigh - h, l.alarmHigh - h, l.inclusive);
  const held = relaxed < prev ? relaxed : (prev as Severity);
  return held > raw ? held : raw;
}

/** Certainty of one field of a rule ('*' default). */
export function sureness(rule: ThresholdRule, field: BandKey | 'refDefault'): Sureness {
  return rule.sure[field] ?? rule.sure['*'] ?? 'E';
}
