/**
 * Totals of a query result: count and length inside the area, overall and by category, material, diameter class and
 * construction decade. Labels come from the CJJ 61 tables (domain/categories.ts).
 *
 * Diameter classes (nominal diameter DN in mm; box sections — culverts, cable trenches — are their own class):
 *   lt100: DN < 100 · 100-300: 100 ≤ DN < 300 · 300-600: 300 ≤ DN < 600 · 600-1000: 600 ≤ DN < 1000 ·
 *   ge1000: DN ≥ 1000 · box: box section W×H · unknown: neither recorded.
 * Decades: "1990s" holds 1990–1999; a year of 0 or none is "unknown".
 */
import { CATEGORIES, material as materialDef } from '../domain/categories';

export type DiameterClass = 'lt100' | '100-300' | '300-600' | '600-1000' | 'ge1000' | 'box' | 'unknown';

export interface ClassDef<K extends string = string> {
  key: K;
  zh: string;
  en: string;
}

export const DIAMETER_CLASSES: readonly (ClassDef<DiameterClass> & { min: number; max: number })[] = [
  { key: 'lt100', zh: '小于DN100', en: '< DN100', min: 0, max: 100 },
  { key: '100-300', zh: 'DN100–300', en: 'DN100–300', min: 100, max: 300 },
  { key: '300-600', zh: 'DN300–600', en: 'DN300–600', min: 300, max: 600 },
  { key: '600-1000', zh: 'DN600–1000', en: 'DN600–1000', min: 600, max: 1000 },
  { key: 'ge1000', zh: 'DN1000及以上', en: '≥ DN1000', min: 1000, max: Infinity },
  { key: 'box', zh: '方沟/箱涵', en: 'Box section', min: NaN, max: NaN },
  { key: 'unknown', zh: '未知', en: 'Unknown', min: NaN, max: NaN },
];

export function diameterClass(dn: number | null, box: { w: number; h: number } | null): DiameterClass {
  if (box) return 'box';
  if (dn === null || !(dn > 0)) return 'unknown';
  for (const c of DIAMETER_CLASSES) if (dn >= c.min && dn < c.max) return c.key;
  return 'unknown';
}

/** "1990s" for 1990–1999; "unknown" for a missing year. */
export function decadeOf(year: number | null | undefined): string {
  if (!year || !(year > 0)) return 'unknown';
  return `${Math.floor(year / 10) * 10}s`;
}

export interface TotalRow {
  key: string;
  zh: string;
  en: string;
  count: number;
  /** metres inside the area */
  lengthInside: number;
}

export interface Totals {
  count: number;
  lengthInside: number;
  byCategory: TotalRow[];
  byMaterial: TotalRow[];
  byDiameter: TotalRow[];
  byDecade: TotalRow[];
}

export interface Aggregatable {
  cat: string;
  material: string;
  dn: number | null;
  box: { w: number; h: number } | null;
  year: number;
  lengthInside: number;
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

class Acc {
  private readonly rows = new Map<string, TotalRow>();
  add(key: string, zh: string, en: string, length: number): void {
    let r = this.rows.get(key);
    if (!r) {
      r = { key, zh, en, count: 0, lengthInside: 0 };
      this.rows.set(key, r);
    }
    r.count++;
    r.lengthInside += length;
  }
  list(order: (a: TotalRow, b: TotalRow) => number): TotalRow[] {
    return [...this.rows.values()].map((r) => ({ ...r, lengthInside: round2(r.lengthInside) })).sort(order);
  }
}

const catOrder = new Map(CATEGORIES.map((c, i) => [c.code as string, i]));
const classOrder = new Map(DIAMETER_CLASSES.map((c, i) => [c.key as string, i]));

export function aggregate(items: readonly Aggregatable[]): Totals {
  const byCat = new Acc();
  const byMat = new Acc();
  const byDia = new Acc();
  const byDec = new Acc();
  let length = 0;
  for (const it of items) {
    length += it.lengthInside;
    const c = CATEGORIES[catOrder.get(it.cat) ?? -1];
    byCat.add(it.cat, c ? c.zh : it.cat, c ? c.en : it.cat, it.lengthInside);
    const m = materialDef(it.material);
    byMat.add(it.material || 'unknown', m ? m.zh : it.material || '未知', m ? m.en : it.material || 'Unknown', it.lengthInside);
    const dc = DIAMETER_CLASSES[classOrder.get(diameterClass(it.dn, it.box))!];
    byDia.add(dc.key, dc.zh, dc.en, it.lengthInside);
    const dec = decadeOf(it.year);
    byDec.add(dec, dec === 'unknown' ? '未知' : `${dec.slice(0, 4)}年代`, dec === 'unknown' ? 'Unknown' : dec, it.lengthInside);
  }
  const byOrder = (order: Map<string, number>) => (a: TotalRow, b: TotalRow) => (order.get(a.key) ?? 99) - (order.get(b.key) ?? 99);
  return {
    count: items.length,
    lengthInside: round2(length),
    byCategory: byCat.list(byOrder(catOrder)),
    byMaterial: byMat.list((a, b) => b.lengthInside - a.lengthInside || a.key.localeCompare(b.key)),
    byDiameter: byDia.list(byOrder(classOrder)),
    byDecade: byDec.list((a, b) => (a.key === 'unknown' ? 1 : b.key === 'unknown' ? -1 : a.key.localeCompare(b.key))),
  };
}
