/**
 * GB 3838-2002 "Environmental quality standards for surface water", Table 1 (basic items), single-factor method.
 * Source and certainty: shared/reference/standards.md §2 (V).
 *
 *  - Each parameter is classed on its own: the best class whose limit the value meets (upper bound: value ≤ limit;
 *    DO is a lower bound: value ≥ limit). Where two classes share a limit (COD and BOD5, I = II) the better class wins.
 *  - A value that meets no class limit is 劣V (class 6).
 *  - pH 6–9 holds for every class; outside it the section is 劣V.
 *  - Rivers are not rated on TN; TP uses the river column for rivers and the lake/reservoir column for lakes.
 *  - A section's class is the worst class of its evaluated parameters.
 *  - Status against the section's target class: at or better → normal; one class worse → warning; two or more worse,
 *    or 劣V → alarm (standards.md §4, convention E).
 *
 * Pure data + functions: no DOM, no Node.
 */
import type { RGB } from './categories';
import { STATUS_ALARM, STATUS_NORMAL, STATUS_UNKNOWN, STATUS_WARNING, type StatusCode } from './status';

/** 1 = I … 5 = V, 6 = 劣V (worse than V). */
export type WqClass = 1 | 2 | 3 | 4 | 5 | 6;
export const WQ_WORSE_THAN_V: WqClass = 6;

export type WqParam = 'ph' | 'do' | 'codmn' | 'cod' | 'bod5' | 'nh3n' | 'tp' | 'tn';
export type WaterBody = 'river' | 'lake';

export interface WqLimitRow {
  param: WqParam;
  /** 'min': the value must be ≥ the limit (DO); 'max': ≤ the limit. */
  bound: 'min' | 'max';
  /** Limits for classes I…V, mg/L. */
  river: readonly [number, number, number, number, number] | null;
  lake: readonly [number, number, number, number, number] | null;
}

/** GB 3838-2002 Table 1 (subset in use), mg/L. `null` = not rated for that water body. */
export const GB3838_TABLE1: readonly WqLimitRow[] = [
  { param: 'do', bound: 'min', river: [7.5, 6, 5, 3, 2], lake: [7.5, 6, 5, 3, 2] },
  { param: 'codmn', bound: 'max', river: [2, 4, 6, 10, 15], lake: [2, 4, 6, 10, 15] },
  { param: 'cod', bound: 'max', river: [15, 15, 20, 30, 40], lake: [15, 15, 20, 30, 40] },
  { param: 'bod5', bound: 'max', river: [3, 3, 4, 6, 10], lake: [3, 3, 4, 6, 10] },
  { param: 'nh3n', bound: 'max', river: [0.15, 0.5, 1.0, 1.5, 2.0], lake: [0.15, 0.5, 1.0, 1.5, 2.0] },
  { param: 'tp', bound: 'max', river: [0.02, 0.1, 0.2, 0.3, 0.4], lake: [0.01, 0.025, 0.05, 0.1, 0.2] },
  { param: 'tn', bound: 'max', river: null, lake: [0.2, 0.5, 1.0, 1.5, 2.0] },
];

/** pH range valid for every class (dimensionless, inclusive). */
export const GB3838_PH_RANGE: readonly [number, number] = [6, 9];

export const WQ_PARAMS: readonly WqParam[] = ['ph', 'do', 'codmn', 'cod', 'bod5', 'nh3n', 'tp', 'tn'];

export interface WqClassDef {
  cls: WqClass;
  roman: string;
  /** Label (standards.md §2, S). */
  zh: string;
  en: string;
  color: RGB;
  css: string;
}

export const WQ_CLASSES: readonly WqClassDef[] = [
  { cls: 1, roman: 'I', zh: '优', en: 'Excellent', color: [0x68, 0xcf, 0xfe], css: '#68cffe' },
  { cls: 2, roman: 'II', zh: '优', en: 'Excellent', color: [0x49, 0xa1, 0xfe], css: '#49a1fe' },
  { cls: 3, roman: 'III', zh: '良好', en: 'Good', color: [0x37, 0xb7, 0x0c], css: '#37b70c' },
  { cls: 4, roman: 'IV', zh: '轻度污染', en: 'Lightly polluted', color: [0xfa, 0xe5, 0x21], css: '#fae521' },
  { cls: 5, roman: 'V', zh: '中度污染', en: 'Moderately polluted', color: [0xf2, 0x9c, 0x00], css: '#f29c00' },
  { cls: 6, roman: '劣V', zh: '重度污染', en: 'Heavily polluted', color: [0xdd, 0x3f, 0x36], css: '#dd3f36' },
];

export function wqClassDef(cls: WqClass): WqClassDef {
  return WQ_CLASSES[cls - 1];
}

const rowByParam = new Map<string, WqLimitRow>(GB3838_TABLE1.map((r) => [r.param, r]));

export function isWqParam(p: string): p is WqParam {
  return p === 'ph' || rowByParam.has(p);
}

/**
 * Class of one parameter, or null when that parameter is not rated for the water body (TN in rivers) or the value
 * is not a finite number. pH inside 6–9 returns class I (it never worsens a section); outside returns 劣V.
 */
export function classifyParam(param: WqParam, value: number, body: WaterBody = 'river'): WqClass | null {
  if (!Number.isFinite(value)) return null;
  if (param === 'ph') return value >= GB3838_PH_RANGE[0] && value <= GB3838_PH_RANGE[1] ? 1 : WQ_WORSE_THAN_V;
  const row = rowByParam.get(param);
  if (!row) return null;
  const limits = body === 'lake' ? row.lake : row.river;
  if (!limits) return null;
  if (row.bound === 'min') {
    for (let i = 0; i < 5; i++) if (value >= limits[i]) return (i + 1) as WqClass;
  } else {
    for (let i = 0; i < 5; i++) if (value <= limits[i]) return (i + 1) as WqClass;
  }
  return WQ_WORSE_THAN_V;
}

export interface SectionClassification {
  /** Worst class over the evaluated parameters; null when none was evaluated. */
  cls: WqClass | null;
  /** Parameters that set the class (at the section's class), empty when cls is null or every class is I. */
  worst: WqParam[];
  /** Primary pollutants (主要污染指标) per the national assessment method: see primaryPollutants. */
  primary: WqParam[];
  /** Class of each evaluated parameter. */
  perParam: Partial<Record<WqParam, WqClass>>;
}

/**
 * Exceedance multiple over the class III limit (超标倍数), 地表水环境质量评价办法（试行） (standards.md §2, S):
 * (C − C_III) / C_III for upper-bound parameters. DO is a lower bound: (C_III − C) / C_III (the method treats it
 * inversely; this form is an estimate, E). pH has no multiple here (null): it ranks by class only. Null also when the
 * parameter has no class III limit for the water body (TN in rivers).
 */
export function exceedanceMultiple(param: WqParam, value: number, body: WaterBody = 'river'): number | null {
  if (param === 'ph' || !Number.isFinite(value)) return null;
  const row = rowByParam.get(param);
  const limits = row ? (body === 'lake' ? row.lake : row.river) : null;
  if (!row || !limits) return null;
  const c3 = limits[2];
  return row.bound === 'min' ? (c3 - value) / c3 : (value - c3) / c3;
}

/** At most this many primary pollutants are named. */
export const MAX_PRIMARY_POLLUTANTS = 3;

/**
 * Primary pollutants of a section (主要污染指标, 地表水环境质量评价办法（试行）, 2011; standards.md §2, S): named only
 * for parameters worse than class III (so only for sections worse than class III); the worst classes first, ties
 * broken by the larger exceedance multiple over the class III limit (pH, with none, after the others of its class,
 * then table order); at most three.
 */
export function primaryPollutants(
  perParam: Partial<Record<WqParam, WqClass>>,
  values: Partial<Record<WqParam, number>>,
  body: WaterBody = 'river',
): WqParam[] {
  const candidates: { p: WqParam; cls: WqClass; multiple: number; order: number }[] = [];
  WQ_PARAMS.forEach((p, order) => {
    const cls = perParam[p];
    if (cls === undefined || cls <= 3) return;
    const v = values[p];
    const multiple = v === undefined ? null : exceedanceMultiple(p, v, body);
    candidates.push({ p, cls, multiple: multiple ?? -Infinity, order });
  });
  candidates.sort((a, b) => b.cls - a.cls || b.multiple - a.multiple || a.order - b.order);
  return candidates.slice(0, MAX_PRIMARY_POLLUTANTS).map((c) => c.p);
}

/** Single-factor classification of a section from its latest parameter values. */
export function classifySection(
  values: Partial<Record<WqParam, number>>,
  body: WaterBody = 'river',
): SectionClassification {
  const perParam: Partial<Record<WqParam, WqClass>> = {};
  let cls: WqClass | null = null;
  for (const p of WQ_PARAMS) {
    const v = values[p];
    if (v === undefined) continue;
    const c = classifyParam(p, v, body);
    if (c === null) continue;
    perParam[p] = c;
    if (cls === null || c > cls) cls = c;
  }
  const worst: WqParam[] = [];
  if (cls !== null && cls > 1) for (const p of WQ_PARAMS) if (perParam[p] === cls) worst.push(p);
  return { cls, worst, primary: primaryPollutants(perParam, values, body), perParam };
}

/**
 * Status of a class against the section's target class: at or better → normal; one worse → warning;
 * two or more worse, or 劣V → alarm. No class (nothing evaluated) → unknown.
 */
export function wqStatus(cls: WqClass | null, target: number): StatusCode {
  if (cls === null) return STATUS_UNKNOWN;
  if (cls === WQ_WORSE_THAN_V) return STATUS_ALARM;
  const d = cls - target;
  if (d <= 0) return STATUS_NORMAL;
  if (d === 1) return STATUS_WARNING;
  return STATUS_ALARM;
}

/**
 * 优良比例: share (0…1) of classified sections in classes I–III; null when none is classified. Pass null for a section
 * whose class is stale (its deciding sensor silent): it is left out, not counted as good or bad (standards.md §2).
 */
export function goodRatio(classes: readonly (WqClass | null)[]): number | null {
  let n = 0;
  let good = 0;
  for (const c of classes) {
    if (c === null) continue;
    n++;
    if (c <= 3) good++;
  }
  return n === 0 ? null : good / n;
}

/**
 * Basin grade from the good-or-better ratio for a basin of ≥ 5 sections (standards.md §2, V for ≥ 90 % / 75–90 %).
 * Below 75 % is not graded here (returns null), as is a basin with fewer than 5 sections.
 */
export function basinGrade(ratio: number, sections: number): { zh: string; en: string } | null {
  if (sections < 5) return null;
  if (ratio >= 0.9) return { zh: '优', en: 'Excellent' };
  if (ratio >= 0.75) return { zh: '良好', en: 'Good' };
  return null;
}
