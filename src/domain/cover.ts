/**
 * Minimum cover depth (管顶覆土) by category, GB 50289-2016 as summarised in shared/reference/standards.md §3:
 * metres from the ground surface to the pipe top, under a sidewalk / green strip versus under the carriageway.
 *
 * No clean copy of the standard's table was found, so this is data with a certainty flag per row
 * (V* = a secondary source that says it checked the standard, S = secondary only, E = estimate), and every value can
 * be overridden by passing another table. Pure: no DOM, no Node.
 */
import type { CategoryCode } from './schema';

export type Certainty = 'V' | 'V*' | 'S' | 'E';

export interface CoverRow {
  /** under a sidewalk or green strip, metres */
  sidewalk: number;
  /** under the carriageway (vehicle load), metres */
  carriageway: number;
  sure: Certainty;
  note?: string;
}

export interface CoverTable {
  /** per category code */
  categories: Partial<Record<CategoryCode, CoverRow>>;
  /** per sub-type code, overriding its category's row */
  subs?: Record<string, CoverRow>;
  /** used for a category without a row */
  fallback: CoverRow;
}

export const DEFAULT_COVER: CoverTable = {
  categories: {
    PS: { sidewalk: 0.6, carriageway: 0.7, sure: 'V*', note: 'sewage / rain' },
    RQ: { sidewalk: 0.6, carriageway: 0.9, sure: 'S' },
    JS: { sidewalk: 0.6, carriageway: 0.7, sure: 'E' },
    RL: { sidewalk: 0.7, carriageway: 1.0, sure: 'E', note: 'heat, directly buried' },
    DL: { sidewalk: 0.7, carriageway: 1.0, sure: 'E', note: 'power, directly buried' },
    TX: { sidewalk: 0.6, carriageway: 0.9, sure: 'E' },
  },
  fallback: { sidewalk: 0.7, carriageway: 1.0, sure: 'E', note: 'no row in standards.md: the strictest buried value' },
};

/** The cover table row that applies to a category / sub-type. */
export function coverRow(cat: CategoryCode, sub: string, table: CoverTable = DEFAULT_COVER): CoverRow {
  return table.subs?.[sub] ?? table.categories[cat] ?? table.fallback;
}

/** Minimum cover depth in metres for a pipe of category `cat` / sub-type `sub`. */
export function minCover(cat: CategoryCode, sub: string, underCarriageway: boolean, table: CoverTable = DEFAULT_COVER): number {
  const row = coverRow(cat, sub, table);
  return underCarriageway ? row.carriageway : row.sidewalk;
}
