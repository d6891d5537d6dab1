/**
 * Hazen–Williams roughness coefficient C of a water main by CJJ 61 material code and age — the one table of it.
 *
 * Values: new-pipe C from the usual design tables (PE 140–150, cement-lined ductile iron 130–140, lined steel 120–130,
 * unlined grey cast iron 100–130) and a loss of C per year of service that is an estimate (E) for the tuberculation
 * of unlined iron and the slower ageing of lined pipes; each floor is the C an old main of that kind is usually found
 * at. Unknown materials take the lined-steel row.
 */
interface RoughnessRow {
  /** C when new */
  c0: number;
  /** C lost per year of service */
  perYear: number;
  /** the lowest C the main falls to */
  floor: number;
}

export const HAZEN_WILLIAMS: Readonly<Record<string, RoughnessRow>> = {
  PE: { c0: 140, perYear: 0.1, floor: 130 },
  PVC: { c0: 145, perYear: 0.1, floor: 135 },
  QM: { c0: 130, perYear: 0.4, floor: 100 },
  G: { c0: 120, perYear: 0.5, floor: 85 },
  ZT: { c0: 110, perYear: 1.0, floor: 60 },
  S: { c0: 120, perYear: 0.2, floor: 100 },
};

const FALLBACK: RoughnessRow = HAZEN_WILLIAMS.G;

/** Hazen–Williams C of a main of `material` laid in `year`, as of `asOfYear`. */
export function hazenWilliamsC(material: string, year: number, asOfYear: number): number {
  const row = HAZEN_WILLIAMS[material] ?? FALLBACK;
  const age = Math.max(0, asOfYear - year);
  return Math.round(Math.max(row.floor, row.c0 - row.perYear * age));
}
