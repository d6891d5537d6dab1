/**
 * Alarm thresholds as data (data/thresholds.json): validation (one declaration: the valibot schemas below give the
 * types and the checks), overlays, rule matching, and the pure evaluation with hysteresis shared by the browser, the
 * feed simulator and tests. Source and certainty: standards.md §4.
 *
 * Pure: no DOM, no Node. The default file is imported as JSON (bundled by Vite, read by tsx/vitest).
 */
import * as v from 'valibot';
import defaultThresholdsJson from '../../data/thresholds.json';
import { CATEGORY_CODES, isCategoryCode, subType } from './categories';
import { METRIC_IDS, type MetricId } from './metrics';
import type { CategoryCode, PressureClass } from './schema';

/** Value severity: the status codes normal (1), warning (2), alarm (3) of src/domain/status.ts. */
export type Severity = 1 | 2 | 3;
const NORMAL = 1;
const WARNING = 2;
const ALARM = 3;

// ---------------------------------------------------------------------------------------------------------------
// The declaration of data/thresholds.json (and of overlays): valibot schemas, from which the types and the checks come.
// Pure library, no eval.

const SURENESS = ['V', 'V*', 'S', 'E'] as const;
const BASES = ['absolute', 'belowRef', 'ratioOfRef'] as const;
const REFS = ['depth', 'design', 'dn'] as const;
const PRESSURE_CLASSES = ['low', 'mediumB', 'mediumA', 'subHighB', 'subHighA', 'highB', 'highA'] as const satisfies readonly PressureClass[];

export type Sureness = (typeof SURENESS)[number];
export type Basis = (typeof BASES)[number];
export type RefField = (typeof REFS)[number];

const finite = v.pipe(v.number('not a finite number'), v.finite('not a finite number'));
const inUnitInterval = 'must be in (0, 1]';

/** Band fields: of a rule, or of a per-asset override (which replaces the matched rule's fields for that asset). */
const BAND_ENTRIES = {
  alarmLow: v.optional(finite),
  warnLow: v.optional(finite),
  warnHigh: v.optional(finite),
  alarmHigh: v.optional(finite),
  /** In the same terms as the limits (metric unit; metres for belowRef; a factor of the reference for ratioOfRef). */
  hysteresis: v.optional(v.pipe(finite, v.minValue(0, 'negative'))),
  /** true: a value equal to a limit is already beyond it (≥ high, ≤ low). Default false (strict). */
  inclusive: v.optional(v.boolean('not a boolean')),
  /** Reference used when the sensor does not carry one. */
  refDefault: v.optional(finite),
  /**
   * belowRef only: a distance below the reference is capped at this fraction of the reference, so a shallow
   * manhole (1.2 m) warns at half full rather than at 0.2 m of water. Absent = no cap.
   */
  maxFraction: v.optional(v.pipe(v.number(inUnitInterval), v.gtValue(0, inUnitInterval), v.maxValue(1, inUnitInterval))),
};
const BandSchema = v.object(BAND_ENTRIES);
export type BandFields = v.InferOutput<typeof BandSchema>;

const RuleSchema = v.pipe(
  v.object(
    {
      id: v.pipe(v.string('missing'), v.nonEmpty('missing')),
      metric: v.picklist(METRIC_IDS, (issue) => `unknown metric ${JSON.stringify(issue.input)}`),
      /** Selectors; absent = any. */
      category: v.optional(v.picklist(CATEGORY_CODES, 'unknown')),
      sub: v.optional(v.string('not a string')),
      pressureClass: v.optional(v.picklist(PRESSURE_CLASSES, 'unknown')),
      dnMin: v.optional(finite),
      dnMax: v.optional(finite),
      basis: v.optional(v.picklist(BASES, 'unknown'), 'absolute'),
      ref: v.optional(v.picklist(REFS, 'unknown')),
      /** Certainty per field; '*' covers the fields not named. */
      sure: v.optional(v.record(v.string(), v.picklist(SURENESS, 'not one of V, V*, S, E')), () => ({ '*': 'E' as Sureness })),
      note: v.optional(v.string('not a string')),
      ...BAND_ENTRIES,
    },
  ),
  v.check((r) => r.basis === 'absolute' || r.ref !== undefined, (issue) => `basis ${String((issue.input as { basis: string }).basis)} needs a ref`),
  v.check((r) => r.basis === 'absolute' || r.refDefault !== undefined, (issue) => `basis ${String((issue.input as { basis: string }).basis)} needs a refDefault`),
  // Limits must be ordered alarmLow ≤ warnLow ≤ warnHigh ≤ alarmHigh once made absolute (checked at refDefault).
  v.check((r) => {
    const l = toLimits(r, {}, r.refDefault ?? 1);
    return l.alarmLow <= l.warnLow && l.warnLow <= l.warnHigh && l.warnHigh <= l.alarmHigh;
  }, 'limits out of order (need alarmLow <= warnLow <= warnHigh <= alarmHigh)'),
);
export type ThresholdRule = v.InferOutput<typeof RuleSchema>;

/** Per asset id, per metric. */
const OverridesSchema = v.record(v.string(), v.record(v.picklist(METRIC_IDS, 'unknown metric'), BandSchema));
export type ThresholdOverrides = Record<string, Partial<Record<MetricId, BandFields>>>;

/** A sensor with no reading for this many reporting intervals is offline. */
const StalenessSchema = v.object({ intervals: v.pipe(v.number('must be > 0'), v.gtValue(0, 'must be > 0')) });

const ConfigSchema = v.object(
  {
    version: v.literal(1, 'must be 1'),
    staleness: v.optional(StalenessSchema),
    rules: v.pipe(
      v.array(RuleSchema, 'not an array'),
      v.check((rules) => new Set(rules.map((r) => r.id)).size === rules.length, 'duplicate rule id'),
    ),
    overrides: v.optional(OverridesSchema),
  },
);

/**
 * An overlay (user configuration: every E value can be replaced): `rules` (a rule with a known id has its given fields
 * replaced; a new id is appended and must be complete), `overrides` (merged per asset and metric) and `staleness`.
 */
const OverlaySchema = v.object(
  {
    staleness: v.optional(StalenessSchema),
    rules: v.optional(v.array(v.looseObject({ id: v.string('needs an id') }), 'not an array')),
    overrides: v.optional(OverridesSchema),
  },
);

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

/** Issues as "where.path: message" lines (where: "" for the base document, "overlay[k]" for overlays). */
function describe(where: string, issues: readonly v.BaseIssue<unknown>[]): string[] {
  return issues.map((issue) => {
    const path = (issue.path ?? []).map((p) => (typeof p.key === 'number' ? `[${p.key}]` : `.${String(p.key)}`)).join('');
    const name = `${where}${path}`.replace(/^\./, '') || 'thresholds';
    return `${name}: ${issue.message}`;
  });
}

/**
 * Validate a thresholds document and apply overlays in order (user configuration: every E value can be replaced).
 * An overlay may hold `rules` (a rule with a known id has its given fields replaced; a new id is appended and must be
 * complete), `overrides` (merged per asset and metric) and `staleness`.
 */
export function parseThresholds(base: unknown, ...overlays: unknown[]): ParseResult<ThresholdConfig> {
  const parsed = v.safeParse(ConfigSchema, base);
  if (!parsed.success) return { ok: false, errors: describe('', parsed.issues) };
  const c = parsed.output;
  const config: ThresholdConfig = {
    version: 1,
    stalenessIntervals: c.staleness?.intervals ?? 3,
    rules: c.rules,
    overrides: (c.overrides ?? {}) as ThresholdOverrides,
  };
  const errors: string[] = [];
  overlays.forEach((ov, k) => applyOverlay(config, ov, `overlay[${k}]`, errors));
  return errors.length ? { ok: false, errors } : { ok: true, value: config };
}

function applyOverlay(config: ThresholdConfig, ov: unknown, where: string, errors: string[]): void {
  const parsed = v.safeParse(OverlaySchema, ov);
  if (!parsed.success) {
    errors.push(...describe(where, parsed.issues));
    return;
  }
  const o = parsed.output;
  if (o.staleness) config.stalenessIntervals = o.staleness.intervals;
  o.rules?.forEach((r, i) => {
    const k = config.rules.findIndex((x) => x.id === r.id);
    const rule = v.safeParse(RuleSchema, k >= 0 ? { ...config.rules[k], ...r } : r);
    if (!rule.success) {
      errors.push(...describe(`${where}.rules[${i}]`, rule.issues));
      return;
    }
    if (k >= 0) config.rules[k] = rule.output;
    else config.rules.push(rule.output);
  });
  for (const [asset, perMetric] of Object.entries((o.overrides ?? {}) as ThresholdOverrides)) {
    const cur = (config.overrides[asset] ??= {});
    for (const [m, b] of Object.entries(perMetric) as [MetricId, BandFields][]) cur[m] = { ...cur[m], ...b };
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
export function sureness(rule: ThresholdRule, field: 'alarmLow' | 'warnLow' | 'warnHigh' | 'alarmHigh' | 'hysteresis' | 'refDefault'): Sureness {
  return rule.sure[field] ?? rule.sure['*'] ?? 'E';
}
