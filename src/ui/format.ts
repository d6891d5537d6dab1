/**
 * Asset records in human words: the rows of the inspect panel, in the current language. Pure (no DOM): the panel
 * inserts every value with textContent.
 */
import { burialMethod, category, material, subType, type CodeName } from '../domain/categories';
import type { AssetRecord, PipeNode, PipeSegment } from '../domain/schema';
import { isI18nKey, localName, translate, type I18nKey, type Lang } from './i18n';

export interface Row {
  label: string;
  value: string;
}

/** Names the records refer to by id, from other files (e.g. streets.geojson). */
export interface NameLookup {
  street?(id: string): { zh: string; en: string } | undefined;
}

export interface Described {
  /** "Pipe segment" / "Pipe point" */
  kind: string;
  id: string;
  rows: Row[];
}

/** Metres with at most 2 decimals, no trailing zeros ("1.5 m", "2 m"). */
export function metres(v: number, lang: Lang): string {
  return translate(lang, 'unit.metres', { v: trimNumber(v, 2) });
}

export function trimNumber(v: number, decimals: number): string {
  return String(Number(v.toFixed(decimals)));
}

/** The unit a column of lengths is shown in: one for the whole column. */
export type LengthUnit = 'm' | 'km';

/** Kilometres when the largest length of the column is 10 km or more, else metres. */
export function lengthUnitFor(lengthsM: Iterable<number>): LengthUnit {
  let max = 0;
  for (const v of lengthsM) if (Math.abs(v) > max) max = Math.abs(v);
  return max >= 10_000 ? 'km' : 'm';
}

/**
 * A length (given in metres) in a column's unit, with the unit's fixed number of decimals so the column lines up:
 * kilometres with 2 ("12.35 km", "0.85 km"), metres with 1 ("850.2 m").
 */
export function lengthIn(m: number, unit: LengthUnit, lang: Lang): string {
  return unit === 'km'
    ? translate(lang, 'unit.km', { v: (m / 1000).toFixed(2) })
    : translate(lang, 'unit.metres', { v: m.toFixed(1) });
}

/** One length on its own, in the unit that suits it. */
export function lengthText(m: number, lang: Lang): string {
  return lengthIn(m, lengthUnitFor([m]), lang);
}

/** An area: km² (3 decimals at most) from 1 km² up, else whole m². */
export function areaText(m2: number, lang: Lang): string {
  return m2 >= 1e6
    ? translate(lang, 'unit.km2', { v: trimNumber(m2 / 1e6, 3) })
    : translate(lang, 'unit.m2', { v: Math.round(m2) });
}

/** "DN 300 mm" or "2000 × 1500 mm (box)". */
export function sizeText(s: Pick<PipeSegment, 'dn' | 'box'>, lang: Lang): string {
  if (s.box) return translate(lang, 'unit.box', { w: s.box.w, h: s.box.h });
  if (s.dn !== null) return translate(lang, 'unit.dn', { dn: s.dn });
  return translate(lang, 'value.none');
}

function codeName(def: CodeName | undefined, code: string, lang: Lang): string {
  return def ? localName(def, lang) : translate(lang, 'value.unknownCode', { code });
}

function categoryName(cat: string, lang: Lang): string {
  const def = category(cat);
  return def ? localName(def, lang) : translate(lang, 'value.unknownCode', { code: cat });
}

function subTypeName(sub: string, cat: string, lang: Lang): string {
  const found = subType(sub);
  // a sub-type code is only meaningful inside its category (e.g. ZH is a utility tunnel under QT)
  if (found && found.cat.code === cat) return `${localName(found.sub, lang)} (${sub})`;
  return translate(lang, 'value.unknownCode', { code: sub });
}

/** A value named by an i18n key `${prefix}.${value}` (node types, pressure classes …); unknown values stay visible. */
function keyed(lang: Lang, prefix: string, value: string): string {
  const key = `${prefix}.${value}`;
  return isI18nKey(key) ? translate(lang, key) : translate(lang, 'value.unknownCode', { code: value });
}

function row(lang: Lang, key: I18nKey, value: string): Row {
  return { label: translate(lang, key), value };
}

function segmentRows(s: PipeSegment, lang: Lang, names: NameLookup): Row[] {
  const rows: Row[] = [
    row(lang, 'field.id', s.id),
    row(lang, 'field.category', categoryName(s.cat, lang)),
    row(lang, 'field.subType', subTypeName(s.sub, s.cat, lang)),
    row(lang, 'field.material', codeName(material(s.material), s.material, lang)),
    row(lang, 'field.size', sizeText(s, lang)),
    row(lang, 'field.depthStart', metres(s.depth0, lang)),
    row(lang, 'field.depthEnd', metres(s.depth1, lang)),
    row(lang, 'field.groundStart', metres(s.ground0, lang)),
    row(lang, 'field.groundEnd', metres(s.ground1, lang)),
  ];
  if (s.invert0 !== null) rows.push(row(lang, 'field.invertStart', metres(s.invert0, lang)));
  if (s.invert1 !== null) rows.push(row(lang, 'field.invertEnd', metres(s.invert1, lang)));
  rows.push(
    row(lang, 'field.burial', codeName(burialMethod(s.burial), s.burial, lang)),
    row(lang, 'field.year', String(s.year)),
    row(lang, 'field.owner', s.owner),
  );
  if (s.pressureZone !== null) rows.push(row(lang, 'field.pressureZone', s.pressureZone));
  if (s.pressureClass !== null) {
    rows.push(row(lang, 'field.pressureClass', keyed(lang, 'pressure', s.pressureClass)));
  }
  if (s.crossing !== null) rows.push(row(lang, 'field.crossing', keyed(lang, 'crossing', s.crossing)));
  rows.push(row(lang, 'field.from', s.from), row(lang, 'field.to', s.to));
  if (s.street !== null) {
    const street = names.street?.(s.street);
    rows.push(row(lang, 'field.street', street ? `${localName(street, lang)} (${s.street})` : s.street));
  }
  rows.push(row(lang, 'field.code', s.code));
  return rows;
}

function nodeRows(n: PipeNode, lang: Lang): Row[] {
  return [
    row(lang, 'field.id', n.id),
    row(lang, 'field.category', categoryName(n.cat, lang)),
    row(lang, 'field.subType', subTypeName(n.sub, n.cat, lang)),
    row(lang, 'field.nodeType', keyed(lang, 'node', n.type)),
    row(lang, 'field.depth', metres(n.depth, lang)),
    row(lang, 'field.ground', metres(n.ground, lang)),
    row(lang, 'field.position', translate(lang, 'unit.lonLat', { lon: n.position[0].toFixed(6), lat: n.position[1].toFixed(6) })),
    row(lang, 'field.year', String(n.year)),
    row(lang, 'field.owner', n.owner),
    row(lang, 'field.segments', n.segments.join(', ') || translate(lang, 'value.none')),
    row(lang, 'field.code', n.code),
  ];
}

/** Heading and rows for the inspect panel. */
export function describeAsset(r: AssetRecord, lang: Lang, names: NameLookup = {}): Described {
  if (r.kind === 'segment') {
    return { kind: translate(lang, 'inspect.segment'), id: r.id, rows: segmentRows(r, lang, names) };
  }
  return { kind: translate(lang, 'inspect.node'), id: r.id, rows: nodeRows(r, lang) };
}
