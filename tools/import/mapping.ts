/**
 * Attribute mapping: which source column feeds which field (presets.ts aliases, overridden by a mapping file), the
 * units of numeric columns, and the parsers for the values survey tables hold: sizes (`DN300`, `300`, `Φ300`,
 * `600×400`), numbers with blanks, years, CJJ 61 categories, materials, burial methods and point kinds.
 *
 * Mapping file (JSON, `--mapping FILE`), every key optional:
 *   { "fields": { "size": "GJ", "depth0": "QDMS" },        our field → source column (see FIELDS)
 *     "units": { "size": "mm", "depth": "m" },             size: mm | cm | m | inch; depth / ground: m | cm | mm
 *     "category": "WS",                                    a CJJ 61 category or sub-type for every feature
 *     "values": { "material": { "砼管": "T" }, "category": { "污水管道": "WS" }, "burial": {}, "nodeType": { "化粪池": "manhole" } },
 *     "z": "top" | "invert" | "centre" | "ground" | "ignore",   what a line's Z holds (default top: 管顶高程)
 *     "snap": 0.05 }                                       snapping tolerance, metres
 */
import { readFileSync } from 'node:fs';
import * as v from 'valibot';
import { BURIAL_METHODS, CATEGORIES, MATERIALS, category, subType } from '../../src/domain/categories';
import type { CategoryCode, NodeType } from '../../src/domain/schema';
import { ImportError } from './errors';
import { BURIAL_WORDS, CATEGORY_WORDS, COLUMN_ALIASES, FIELDS, MATERIAL_WORDS, NODE_WORDS, type Field } from './presets';

const NODE_TYPES = ['manhole', 'valve', 'hydrant', 'tee', 'bend', 'outfall', 'meter', 'sensor', 'junction', 'inlet'] as const;
const SIZE_UNITS = ['mm', 'cm', 'm', 'inch'] as const;
const LENGTH_UNITS = ['m', 'cm', 'mm'] as const;
export type SizeUnit = (typeof SIZE_UNITS)[number];
export type LengthUnit = (typeof LENGTH_UNITS)[number];

const MappingSchema = v.strictObject({
  $comment: v.optional(v.string()),
  fields: v.optional(v.record(v.picklist(FIELDS), v.string())),
  units: v.optional(v.strictObject({ size: v.optional(v.picklist(SIZE_UNITS)), depth: v.optional(v.picklist(LENGTH_UNITS)), ground: v.optional(v.picklist(LENGTH_UNITS)) })),
  category: v.optional(v.string()),
  values: v.optional(
    v.strictObject({
      category: v.optional(v.record(v.string(), v.string())),
      material: v.optional(v.record(v.string(), v.string())),
      burial: v.optional(v.record(v.string(), v.string())),
      nodeType: v.optional(v.record(v.string(), v.picklist(NODE_TYPES))),
    }),
  ),
  z: v.optional(v.picklist(['top', 'invert', 'centre', 'ground', 'ignore'])),
  snap: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(100))),
});
export type MappingFile = v.InferOutput<typeof MappingSchema>;

/** A mapping file, checked: an unknown key or a bad value is an ImportError naming it. */
export function readMapping(path: string): MappingFile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new ImportError(`${path}: ${e instanceof SyntaxError ? 'not JSON' : e instanceof Error ? e.message : String(e)}`);
  }
  const r = v.safeParse(MappingSchema, json);
  if (!r.success) {
    const i = r.issues[0];
    const at = v.getDotPath(i);
    throw new ImportError(`${path}: ${at ? `${at}: ` : ''}${i.message}`);
  }
  const cat = r.output.category;
  if (cat !== undefined && !lookupCategory(cat)) throw new ImportError(`${path}: category '${cat}' is not a CJJ 61 category or sub-type code`);
  return r.output;
}

/** A header as compared with the aliases: lower case, no spaces, a trailing unit in brackets taken off. */
export function normaliseHeader(h: string): { key: string; unit?: string } {
  let key = h.replace(/^\uFEFF/, '').trim().toLowerCase().replace(/\s+/g, '');
  let unit: string | undefined;
  const m = /^(.*?)[(（[]([a-z]+|米|毫米|厘米)[)）\]]$/.exec(key) ?? /^(.*?)[/_]([a-z]+|米|毫米|厘米)$/.exec(key);
  if (m && m[1] && /^(mm|cm|m|inch|in|米|毫米|厘米)$/.test(m[2])) {
    key = m[1];
    unit = { 米: 'm', 毫米: 'mm', 厘米: 'cm', in: 'inch' }[m[2]] ?? m[2];
  }
  return { key, unit };
}

export interface Columns {
  /** our field → source column name */
  col: Partial<Record<Field, string>>;
  size: SizeUnit;
  depth: LengthUnit;
  ground: LengthUnit;
}

/** The columns of a table for our fields: the mapping file's names first, then the preset aliases. */
export function resolveColumns(fields: readonly string[], mapping: MappingFile): Columns {
  const col: Partial<Record<Field, string>> = {};
  const units: Partial<Record<'size' | 'depth' | 'ground', string>> = {};
  const norm = fields.map((f) => ({ f, ...normaliseHeader(f) }));
  for (const field of FIELDS) {
    const explicit = mapping.fields?.[field];
    if (explicit !== undefined) {
      if (fields.includes(explicit)) col[field] = explicit;
      continue;
    }
    for (const alias of COLUMN_ALIASES[field]) {
      const hit = norm.find((n) => n.key === alias && !Object.values(col).includes(n.f));
      if (hit) {
        col[field] = hit.f;
        const kind = field === 'size' ? 'size' : /^(depth)/.test(field) ? 'depth' : /^(ground|top|invert)/.test(field) ? 'ground' : undefined;
        if (kind && hit.unit && units[kind] === undefined) units[kind] = hit.unit;
        break;
      }
    }
  }
  const pick = <U extends string>(allowed: readonly U[], a: string | undefined, b: U | undefined, dflt: U): U =>
    b ?? (a !== undefined && (allowed as readonly string[]).includes(a) ? (a as U) : dflt);
  return {
    col,
    size: pick(SIZE_UNITS, units.size, mapping.units?.size, 'mm'),
    depth: pick(LENGTH_UNITS, units.depth, mapping.units?.depth, 'm'),
    ground: pick(LENGTH_UNITS, units.ground, mapping.units?.ground, 'm'),
  };
}

const TO_MM: Record<SizeUnit, number> = { mm: 1, cm: 10, m: 1000, inch: 25.4 };
const TO_M: Record<LengthUnit, number> = { m: 1, cm: 0.01, mm: 0.001 };

/** A number from a cell: blanks, '-', '/' and non-numbers are undefined; full-width digits and a unit suffix pass. */
export function parseNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const s = value.trim().replace(/[０-９．－]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/(m|米|mm|毫米)$/i, '');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) return undefined;
  return Number(s);
}

/** A length in metres from a cell in `unit`. */
export function parseLength(value: unknown, unit: LengthUnit): number | undefined {
  const n = parseNumber(value);
  return n === undefined ? undefined : n * TO_M[unit];
}

export type Size = { dn: number; box: null } | { dn: null; box: { w: number; h: number } };

/**
 * A pipe size in mm: `DN300`, `300`, `Φ300`, `φ300`, `Ø300`, `D300`, `De110`, `300mm` → round; `600×400`, `600x400`,
 * `600*400`, `B×H=600×400` → box (width × height). Numbers are in `unit` unless the text says mm.
 */
export function parseSize(value: unknown, unit: SizeUnit): Size | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? { dn: round1(value * TO_MM[unit]), box: null } : undefined;
  if (typeof value !== 'string') return undefined;
  let s = value.trim().replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\s+/g, '');
  if (!s) return undefined;
  let k = TO_MM[unit];
  if (/mm$|毫米$/i.test(s)) {
    k = 1;
    s = s.replace(/mm$|毫米$/i, '');
  }
  s = s.replace(/^[a-z]+[×xX*＊][a-z]+=/i, '');
  const box = /^(\d+\.?\d*)[×xX*＊](\d+\.?\d*)$/.exec(s);
  if (box) {
    const w = Number(box[1]) * k;
    const h = Number(box[2]) * k;
    return w > 0 && h > 0 ? { dn: null, box: { w: round1(w), h: round1(h) } } : undefined;
  }
  const round = /^(?:dn|de|d|φ|Φ|ø|Ø|ϕ|∅)?=?(\d+\.?\d*)$/i.exec(s);
  if (round && Number(round[1]) > 0) return { dn: round1(Number(round[1]) * k), box: null };
  return undefined;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

/** A year from '2015', '2015-06', '2015年', a Date or a number; 0 when none. */
export function parseYear(value: unknown): number {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 0 : value.getFullYear();
  const m = /(1[89]\d\d|20\d\d)/.exec(String(value ?? ''));
  return m ? Number(m[1]) : 0;
}

/** A cell as trimmed text ('' for blanks and non-finite numbers). */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  return String(value).trim();
}

const catWords = new Map<string, string>();
for (const c of CATEGORIES) {
  catWords.set(c.code.toLowerCase(), c.code);
  catWords.set(c.zh, c.code);
  catWords.set(c.en.toLowerCase(), c.code);
  for (const s of c.subs) {
    catWords.set(s.code.toLowerCase(), s.code);
    catWords.set(s.zh, s.code);
    catWords.set(s.en.toLowerCase(), s.code);
  }
}
for (const [w, code] of Object.entries(CATEGORY_WORDS)) if (!catWords.has(w)) catWords.set(w, code);

export interface CategoryHit {
  cat: CategoryCode;
  /** undefined when only the category is known */
  sub?: string;
}

function codeToHit(code: string): CategoryHit | undefined {
  const c = category(code);
  if (c) return { cat: c.code };
  const s = subType(code);
  return s ? { cat: s.cat.code, sub: s.sub.code } : undefined;
}

/**
 * A category from a cell: a CJJ 61 category or sub-type code or name ("WS", "污水", "污水管线"), an 8-digit feature
 * code ("52021000"), or a word from the mapping's `values.category` / the presets.
 */
export function lookupCategory(value: string, extra?: Record<string, string>): CategoryHit | undefined {
  const s = value.trim();
  if (!s) return undefined;
  const mapped = extra?.[s];
  if (mapped !== undefined) return codeToHit(mapped) ?? codeToHit(catWords.get(mapped.toLowerCase()) ?? '');
  const fc = /^5(\d)(\d\d)\d{4}$/.exec(s);
  if (fc) {
    const c = CATEGORIES.find((d) => d.digit === Number(fc[1]));
    const sub = c?.subs[Number(fc[2]) - 1];
    if (c) return { cat: c.code, sub: sub?.code };
  }
  const key = s.toLowerCase().replace(/(管线|管道|管网|管)$/, '');
  const hit = catWords.get(key) ?? catWords.get(s.toLowerCase());
  return hit ? codeToHit(hit) : undefined;
}

/** The CJJ 61 sub-type or category code leading an id such as "YS0012", "WS-12", "JS105" (letters, then digits). */
export function categoryFromIdPrefix(id: string): CategoryHit | undefined {
  const m = /^([A-Za-z]{2})[-_]?\d/.exec(id.trim());
  return m ? codeToHit(m[1].toUpperCase()) : undefined;
}

/** The CJJ 61 code leading a layer name such as "WS_LINE", "JSPOINT", "ys管线". */
export function categoryFromLayerName(name: string): CategoryHit | undefined {
  const m = /^([A-Za-z]{2})(?:[-_ ]|line|point|pt|ln|l|p|管|点|线|$)/i.exec(name.trim());
  return m ? codeToHit(m[1].toUpperCase()) : undefined;
}

const materialIndex = new Map<string, string>();
for (const m of MATERIALS) {
  materialIndex.set(m.code.toLowerCase(), m.code);
  materialIndex.set(m.zh, m.code);
  materialIndex.set(m.en.toLowerCase(), m.code);
}
for (const [w, code] of Object.entries(MATERIAL_WORDS)) if (!materialIndex.has(w)) materialIndex.set(w, code);

/** A CJJ 61 material code from a cell ("砼", "球墨铸铁管", "PE", "HDPE"); undefined when unknown. */
export function lookupMaterial(value: string, extra?: Record<string, string>): string | undefined {
  const s = value.trim();
  if (!s) return undefined;
  if (extra?.[s] !== undefined) return extra[s];
  const k = s.toLowerCase();
  return materialIndex.get(k) ?? materialIndex.get(k.replace(/(管材|管)$/, ''));
}

const burialIndex = new Map<string, string>();
for (const b of BURIAL_METHODS) {
  burialIndex.set(b.code.toLowerCase(), b.code);
  burialIndex.set(b.zh, b.code);
}
for (const [w, code] of Object.entries(BURIAL_WORDS)) if (!burialIndex.has(w)) burialIndex.set(w, code);

export function lookupBurial(value: string, extra?: Record<string, string>): string | undefined {
  const s = value.trim();
  if (!s) return undefined;
  if (extra?.[s] !== undefined) return extra[s];
  return burialIndex.get(s.toLowerCase()) ?? burialIndex.get(s.replace(/敷设$|埋设$/, ''));
}

/** A node type from the appurtenance (附属物) and feature (特征) cells; undefined when neither is known. */
export function lookupNodeType(appurtenance: string, feature: string, extra?: Record<string, NodeType>): NodeType | undefined {
  for (const s of [appurtenance.trim(), feature.trim()]) {
    if (!s) continue;
    if (extra?.[s]) return extra[s];
    if ((NODE_TYPES as readonly string[]).includes(s)) return s as NodeType;
    for (const [re, t] of NODE_WORDS) if (re.test(s)) return t;
  }
  return undefined;
}
