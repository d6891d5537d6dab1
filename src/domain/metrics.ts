/**
 * Feed metrics as data: the one place that names what a sensor measures, in which unit, and how to show it.
 * Shared by the feed simulator (tools/feed), the feed validator (src/feed) and the UI (labels, sparklines).
 *
 * A reading's `unit` must be the metric's canonical unit or one of its accepted units; accepted units are converted
 * to the canonical unit on ingest (value × factor + offset). Anything else is rejected as "badUnit".
 */
import type { CategoryCode } from './schema';

export type MetricId =
  // pipe networks
  | 'pressure'
  | 'flow'
  | 'gasPressure'
  | 'level'
  | 'fill'
  | 'lel'
  // river sections: GB 3838-2002 Table 1 parameters
  | 'ph'
  | 'do'
  | 'codmn'
  | 'cod'
  | 'bod5'
  | 'nh3n'
  | 'tp'
  | 'tn';

export interface UnitConversion {
  unit: string;
  factor: number;
  offset?: number;
}

export interface MetricDef {
  id: MetricId;
  zh: string;
  en: string;
  /** Canonical unit: what the feed should send and what the UI shows. */
  unit: string;
  /** Other units accepted on ingest, converted to `unit`. Matching is exact after trimming. */
  accepts: readonly UnitConversion[];
  /** Decimals to show in the UI. */
  decimals: number;
  /** Physically plausible range in the canonical unit; readings outside are rejected as "outOfRange". */
  min: number;
  max: number;
  /** Categories whose assets carry this metric ("section" for river monitoring sections). */
  on: readonly (CategoryCode | 'section')[];
  /** Default reporting interval in seconds when a sensor does not declare one. */
  interval: number;
  /** GB 3838 parameter (evaluated by water-quality class, not by threshold bands). */
  waterQuality: boolean;
}

const MPA: readonly UnitConversion[] = [
  { unit: 'kPa', factor: 0.001 },
  { unit: 'Pa', factor: 1e-6 },
  { unit: 'bar', factor: 0.1 },
];
const MG_L: readonly UnitConversion[] = [{ unit: 'mg/l', factor: 1 }];

/** A GB 3838 parameter measured in mg/L at river sections (from 0 up to `max`, every 5 minutes). */
function gb3838MgL(id: MetricId, zh: string, en: string, decimals: number, max: number): MetricDef {
  return { id, zh, en, unit: 'mg/L', accepts: MG_L, decimals, min: 0, max, on: ['section'], interval: 300, waterQuality: true };
}

export const METRICS: readonly MetricDef[] = [
  {
    id: 'pressure', zh: '供水压力', en: 'Water pressure', unit: 'MPa', accepts: MPA, decimals: 3,
    min: -0.1, max: 5, on: ['JS'], interval: 60, waterQuality: false,
  },
  {
    id: 'flow', zh: '流量', en: 'Flow', unit: 'm3/h', accepts: [{ unit: 'm³/h', factor: 1 }, { unit: 'L/s', factor: 3.6 }],
    decimals: 1, min: -1e6, max: 1e6, on: ['JS', 'PS'], interval: 60, waterQuality: false,
  },
  {
    id: 'gasPressure', zh: '燃气压力', en: 'Gas pressure', unit: 'MPa', accepts: MPA, decimals: 4,
    min: -0.1, max: 10, on: ['RQ'], interval: 60, waterQuality: false,
  },
  {
    // Water depth above the manhole bottom. Thresholds are set relative to the cover (the manhole's depth).
    id: 'level', zh: '井内水位', en: 'Manhole water level', unit: 'm', accepts: [{ unit: 'cm', factor: 0.01 }, { unit: 'mm', factor: 0.001 }],
    decimals: 2, min: -1, max: 50, on: ['PS'], interval: 60, waterQuality: false,
  },
  {
    // Sewer fill ratio h/D (dimensionless).
    id: 'fill', zh: '充满度', en: 'Fill ratio h/D', unit: '1', accepts: [{ unit: '%', factor: 0.01 }, { unit: '', factor: 1 }],
    decimals: 2, min: 0, max: 5, on: ['PS'], interval: 60, waterQuality: false,
  },
  {
    id: 'lel', zh: '可燃气体浓度', en: 'Combustible gas', unit: '%LEL', accepts: [], decimals: 1,
    min: 0, max: 100, on: ['RQ', 'PS', 'QT'], interval: 30, waterQuality: false,
  },
  {
    id: 'ph', zh: 'pH', en: 'pH', unit: '1', accepts: [{ unit: '', factor: 1 }, { unit: 'pH', factor: 1 }],
    decimals: 2, min: 0, max: 14, on: ['section'], interval: 300, waterQuality: true,
  },
  gb3838MgL('do', '溶解氧', 'Dissolved oxygen', 2, 30),
  gb3838MgL('codmn', '高锰酸盐指数', 'Permanganate index', 2, 1000),
  gb3838MgL('cod', '化学需氧量', 'COD', 1, 10000),
  gb3838MgL('bod5', '五日生化需氧量', 'BOD5', 1, 10000),
  gb3838MgL('nh3n', '氨氮', 'Ammonia nitrogen', 3, 1000),
  gb3838MgL('tp', '总磷', 'Total phosphorus', 3, 1000),
  gb3838MgL('tn', '总氮', 'Total nitrogen', 2, 1000),
];

export const METRIC_IDS: readonly MetricId[] = METRICS.map((m) => m.id);

const byId = new Map<string, MetricDef>(METRICS.map((m) => [m.id, m]));

export function metric(id: string): MetricDef | undefined {
  return byId.get(id);
}

export function isMetricId(id: string): id is MetricId {
  return byId.has(id);
}

/**
 * Converter from a reading's unit to the metric's canonical unit, or undefined when the unit is not accepted.
 * Returns the identity for the canonical unit.
 */
export function unitConverter(def: MetricDef, unit: string): ((v: number) => number) | undefined {
  const u = unit.trim();
  if (u === def.unit) return identity;
  for (const c of def.accepts) {
    if (c.unit === u) {
      const f = c.factor;
      const o = c.offset ?? 0;
      return f === 1 && o === 0 ? identity : (v) => v * f + o;
    }
  }
  return undefined;
}

function identity(v: number): number {
  return v;
}

/** Format a value in the metric's canonical unit for display, e.g. "0.312 MPa". */
export function formatMetric(def: MetricDef, value: number): string {
  const unit = def.unit === '1' ? '' : ` ${def.unit}`;
  return `${value.toFixed(def.decimals)}${unit}`;
}
