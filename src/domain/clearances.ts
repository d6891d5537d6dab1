/**
 * GB 50289-2016 clear distances between buried pipelines, as data (shared/reference/standards.md §3):
 * horizontal clear distance between parallel pipes, edge to edge (Table 4.1.9), and vertical clear distance at
 * crossings (Table 4.1.14). Minimum cover is in cover.ts.
 *
 * No clean copy of the standard's tables was found: every row carries the reference's sureness mark (V* = a secondary
 * source that says it checked the standard, S = secondary only, E = estimate) and the whole table can be replaced by
 * passing another one. A pair without a row is not checked (and is reported as such), never guessed.
 * Pure: no DOM, no Node.
 */
import type { Certainty } from './cover';
import type { CategoryCode, PressureClass } from './schema';

/** What a pipe is for the clearance tables: category, refined by diameter (water) or pressure class (gas). */
export type ClearanceClass =
  | 'water-small' // 给水 d ≤ 200 mm
  | 'water-large' // 给水 d > 200 mm
  | 'drain' // 污水、雨水
  | 'gas-low' // 燃气 低压
  | 'gas-medium' // 中压 A/B
  | 'gas-subhighB' // 次高压 B
  | 'gas-subhighA' // 次高压 A
  | 'gas-high' // 高压 (not in the reference's rows)
  | 'heat'
  | 'power'
  | 'telecom'
  | 'other';

export interface ClearanceRule {
  /** metres, edge to edge (horizontal) or outer wall to outer wall (vertical) */
  min: number;
  sure: Certainty;
  /** which row of the reference */
  source: string;
}

export interface ClearanceTable {
  /** key `a|b` with a ≤ b (see pairKey) */
  horizontal: Readonly<Record<string, ClearanceRule>>;
  vertical: Readonly<Record<string, ClearanceRule>>;
}

/** Order-independent key of a pair of classes. */
export function pairKey(a: ClearanceClass, b: ClearanceClass): string {
  return a <= b ? `${a}|${b}` : `${b}|${a}`;
}

/** The clearance class of a pipe. */
export function clearanceClass(cat: CategoryCode, dn: number | null, pressureClass: PressureClass | null): ClearanceClass {
  switch (cat) {
    case 'JS':
      return dn !== null && dn <= 200 ? 'water-small' : 'water-large';
    case 'PS':
      return 'drain';
    case 'RQ':
      switch (pressureClass) {
        case 'mediumA':
        case 'mediumB':
          return 'gas-medium';
        case 'subHighB':
          return 'gas-subhighB';
        case 'subHighA':
          return 'gas-subhighA';
        case 'highA':
        case 'highB':
          return 'gas-high';
        default:
          return 'gas-low';
      }
    case 'RL':
      return 'heat';
    case 'DL':
      return 'power';
    case 'TX':
      return 'telecom';
    default:
      return 'other';
  }
}

const WATER: ClearanceClass[] = ['water-small', 'water-large'];
const GAS_LM: ClearanceClass[] = ['gas-low', 'gas-medium'];
const GAS: ClearanceClass[] = [...GAS_LM, 'gas-subhighB', 'gas-subhighA', 'gas-high'];

function rows(
  out: Record<string, ClearanceRule>,
  as: readonly ClearanceClass[],
  bs: readonly ClearanceClass[],
  min: number,
  sure: Certainty,
  source: string,
): void {
  for (const a of as) for (const b of bs) out[pairKey(a, b)] = { min, sure, source };
}

function horizontalDefaults(): Record<string, ClearanceRule> {
  const h: Record<string, ClearanceRule> = {};
  const T = 'GB 50289-2016 Table 4.1.9';
  rows(h, ['water-small'], ['drain'], 1.0, 'V*', `${T}: water d≤200 – sewage/rain`);
  rows(h, ['water-large'], ['drain'], 1.5, 'V*', `${T}: water d>200 – sewage/rain`);
  rows(h, ['drain'], ['gas-low'], 1.0, 'V*', `${T}: sewage/rain – gas low`);
  rows(h, ['drain'], ['gas-medium'], 1.2, 'V*', `${T}: sewage/rain – gas medium`);
  rows(h, ['drain'], ['gas-subhighB'], 1.5, 'V*', `${T}: sewage/rain – gas sub-high B`);
  rows(h, ['drain'], ['gas-subhighA'], 2.0, 'V*', `${T}: sewage/rain – gas sub-high A`);
  rows(h, ['drain'], ['telecom'], 1.0, 'V*', `${T}: sewage/rain – telecom`);
  rows(h, ['drain'], ['power'], 0.5, 'V*', `${T}: sewage/rain – power`);
  rows(h, WATER, GAS_LM, 0.5, 'E', `${T}: water – gas low/medium`);
  rows(h, WATER, ['gas-subhighB'], 1.0, 'E', `${T}: water – gas sub-high B`);
  rows(h, WATER, ['gas-subhighA'], 1.5, 'E', `${T}: water – gas sub-high A`);
  rows(h, WATER, ['heat'], 1.5, 'E', `${T}: water – heat`);
  rows(h, WATER, ['power'], 0.5, 'E', `${T}: water – power`);
  rows(h, WATER, ['telecom'], 1.0, 'E', `${T}: water – telecom`);
  rows(h, GAS_LM, ['heat'], 1.0, 'E', `${T}: gas low/medium – heat`);
  rows(h, GAS_LM, ['power'], 0.5, 'E', `${T}: gas low/medium – power`);
  rows(h, GAS_LM, ['telecom'], 0.5, 'E', `${T}: gas low/medium – telecom`);
  rows(h, ['heat'], ['power'], 2.0, 'E', `${T}: heat – power`);
  rows(h, ['heat'], ['telecom'], 1.0, 'E', `${T}: heat – telecom`);
  rows(h, ['power'], ['telecom'], 0.5, 'E', `${T}: power – telecom`);
  return h;
}

function verticalDefaults(): Record<string, ClearanceRule> {
  const v: Record<string, ClearanceRule> = {};
  const T = 'GB 50289-2016 Table 4.1.14';
  rows(v, WATER, WATER, 0.15, 'E', `${T}: water – water`);
  rows(v, WATER, ['heat'], 0.15, 'E', `${T}: water – heat`);
  rows(v, WATER, GAS, 0.15, 'E', `${T}: water – gas`);
  rows(v, ['drain'], ['drain'], 0.15, 'E', `${T}: sewage – sewage`);
  rows(v, ['heat', ...GAS], ['drain', 'heat', ...GAS], 0.15, 'E', `${T}: heat/gas – sewage/heat/gas`);
  rows(v, ['drain'], WATER, 0.4, 'E', `${T}: sewage – water (water above)`);
  rows(v, ['telecom'], [...WATER, 'drain', ...GAS], 0.5, 'E', `${T}: buried telecom – water/sewage/gas`);
  rows(v, ['telecom'], ['heat', 'telecom'], 0.25, 'E', `${T}: buried telecom – heat / telecom`);
  const all: ClearanceClass[] = [...WATER, 'drain', ...GAS, 'heat', 'power', 'telecom'];
  rows(v, ['power'], all, 0.5, 'E', `${T}: buried power – any (0.25 with protection)`);
  return v;
}

export const DEFAULT_CLEARANCES: ClearanceTable = { horizontal: horizontalDefaults(), vertical: verticalDefaults() };

/** The horizontal rule for a pair, or undefined when the table has none. */
export function horizontalRule(a: ClearanceClass, b: ClearanceClass, table: ClearanceTable = DEFAULT_CLEARANCES): ClearanceRule | undefined {
  return table.horizontal[pairKey(a, b)];
}

/** The vertical (crossing) rule for a pair, or undefined when the table has none. */
export function verticalRule(a: ClearanceClass, b: ClearanceClass, table: ClearanceTable = DEFAULT_CLEARANCES): ClearanceRule | undefined {
  return table.vertical[pairKey(a, b)];
}

/** The largest horizontal minimum in a table (the search radius of a whole-network check). */
export function maxHorizontal(table: ClearanceTable = DEFAULT_CLEARANCES): number {
  let m = 0;
  for (const r of Object.values(table.horizontal)) m = Math.max(m, r.min);
  return m;
}
