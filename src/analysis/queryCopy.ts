/**
 * The query copy: a compact, typed-array form of the pipe network for area queries, with a flatbush R-tree over the
 * segments' bounding boxes. Built from PipeSegment records (tools/query/buildQueryCopy.ts streams segments.ndjson into
 * it), serialised to one ArrayBuffer (public/tiles/pipes/query.bin) that a Worker can receive by transfer and read
 * without copying.
 *
 * Layout of the buffer (all integers little-endian, every section 8-byte aligned):
 *   0  "CQQC"                 magic
 *   4  uint32                 format version (1)
 *   8  uint32                 header byte length H
 *   12 header JSON (UTF-8)    QueryCopyHeader: counts, string tables, section offsets
 *   …  sections               typed arrays named in the header, then the flatbush index (Flatbush.from-compatible)
 *
 * Coordinates are kept as Float64 lon/lat, exactly as in the source records, so the exact predicates decide on the
 * surveyed values. The R-tree stores Float32 boxes rounded outwards (never smaller than the true box), so the prefilter
 * can only over-select; the exact test decides.
 */
import Flatbush from 'flatbush';
import { CATEGORY_CODES } from '../domain/categories';
import { withCapacity } from '../domain/growable';
import type { CategoryCode, LonLat, PipeSegment } from '../domain/schema';

export const QUERY_COPY_MAGIC = 'CQQC';
export const QUERY_COPY_VERSION = 1;

type ArrayCtor = Float64ArrayConstructor | Float32ArrayConstructor | Uint32ArrayConstructor | Uint16ArrayConstructor | Uint8ArrayConstructor;

const catIndex = new Map<string, number>(CATEGORY_CODES.map((c, i) => [c, i]));

function categoryIndex(s: PipeSegment): number {
  const c = catIndex.get(s.cat);
  if (c === undefined) throw new Error(`segment ${s.id}: unknown category ${String(s.cat)}`);
  return c;
}

/**
 * THE column table: one value per segment, in file order. The builder fills, the encoder writes and the decoder views
 * every column from this table alone; `QueryCopy` takes its column fields from it too. A column is either a number
 * (`num`) or an index into the string table of the same name (`text`; ≤ 65,536 distinct values).
 */
export const SEGMENT_COLUMNS = {
  gid: { type: Uint32Array, num: (s: PipeSegment) => s.gid },
  /** index into CATEGORY_CODES */
  cat: { type: Uint8Array, num: categoryIndex },
  sub: { type: Uint16Array, text: (s: PipeSegment) => s.sub ?? '' },
  material: { type: Uint16Array, text: (s: PipeSegment) => s.material ?? '' },
  burial: { type: Uint16Array, text: (s: PipeSegment) => s.burial ?? '' },
  owner: { type: Uint16Array, text: (s: PipeSegment) => s.owner ?? '' },
  /** nominal diameter mm, 0 = none (box section) */
  dn: { type: Uint32Array, num: (s: PipeSegment) => s.dn ?? 0 },
  /** box section mm, 0 = none (round pipe) */
  boxW: { type: Uint32Array, num: (s: PipeSegment) => (s.box ? s.box.w : 0) },
  boxH: { type: Uint32Array, num: (s: PipeSegment) => (s.box ? s.box.h : 0) },
  /** pipe-top depth at start / end, metres */
  depth0: { type: Float32Array, num: (s: PipeSegment) => s.depth0 },
  depth1: { type: Float32Array, num: (s: PipeSegment) => s.depth1 },
  year: { type: Uint16Array, num: (s: PipeSegment) => s.year ?? 0 },
} as const satisfies Record<string, { type: ArrayCtor; num?: (s: PipeSegment) => number; text?: (s: PipeSegment) => string }>;

export type ColumnName = keyof typeof SEGMENT_COLUMNS;
type TextColumnName = { [K in ColumnName]: (typeof SEGMENT_COLUMNS)[K] extends { text: unknown } ? K : never }[ColumnName];
/** The per-segment columns as typed arrays (count entries each). */
export type ColumnArrays = { -readonly [K in ColumnName]: InstanceType<(typeof SEGMENT_COLUMNS)[K]['type']> };
/** String tables of the `text` columns. */
export type StringTables = Record<TextColumnName, string[]>;

const COLUMN_NAMES = Object.keys(SEGMENT_COLUMNS) as ColumnName[];
type ColumnArray = Float32Array | Uint32Array | Uint16Array | Uint8Array;
const NUM_COLUMNS: { name: ColumnName; num: (s: PipeSegment) => number }[] = [];
const TEXT_COLUMNS: { name: TextColumnName; text: (s: PipeSegment) => string }[] = [];
for (const name of COLUMN_NAMES) {
  const c = SEGMENT_COLUMNS[name];
  if ('num' in c) NUM_COLUMNS.push({ name, num: c.num });
  else TEXT_COLUMNS.push({ name: name as TextColumnName, text: c.text });
}

/**
 * Every section of the file, in file order: the vertices, then the per-segment columns, then the ids. The variable-length
 * sections: coords ([lon, lat] pairs of all segments, one after another), offsets (count + 1: segment i has vertices
 * offsets[i] … offsets[i+1]-1), idBytes (UTF-8 of all ids) and idOffsets (count + 1 byte offsets).
 */
const SECTION_TYPES = {
  coords: Float64Array,
  offsets: Uint32Array,
  ...Object.fromEntries(COLUMN_NAMES.map((n) => [n, SEGMENT_COLUMNS[n].type])),
  idBytes: Uint8Array,
  idOffsets: Uint32Array,
} as Record<SectionName, ArrayCtor>;

type SectionName = 'coords' | 'offsets' | ColumnName | 'idBytes' | 'idOffsets';
const SECTIONS = Object.keys(SECTION_TYPES) as SectionName[];

export interface QueryCopy extends ColumnArrays {
  /** number of segments */
  count: number;
  /** [lon, lat] pairs of all segments, one after another */
  coords: Float64Array;
  /** count + 1 entries: segment i has vertices offsets[i] … offsets[i+1]-1 */
  offsets: Uint32Array;
  /** UTF-8 bytes of all ids, and count + 1 byte offsets */
  idBytes: Uint8Array;
  idOffsets: Uint32Array;
  tables: StringTables;
  /** [west, south, east, north] of all coordinates; null when empty */
  bbox: [number, number, number, number] | null;
  /** R-tree over segment boxes (item i = segment i); null when empty */
  index: Flatbush | null;
}

const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);

/** Largest float32 ≤ x. */
export function float32Down(x: number): number {
  const f = Math.fround(x);
  if (f <= x) return f;
  f32[0] = f;
  if (f > 0) i32[0] -= 1;
  else if (f < 0) i32[0] += 1;
  else return -1.401298464324817e-45;
  return f32[0];
}

/** Smallest float32 ≥ x. */
export function float32Up(x: number): number {
  return -float32Down(-x);
}

class Table {
  readonly values: string[] = [];
  private readonly map = new Map<string, number>();
  // Records come grouped (gid order follows sub-type and owner), so the previous value usually repeats.
  private lastValue: string | null = null;
  private lastIndex = -1;
  constructor(readonly name: string) {}
  index(v: string): number {
    if (v === this.lastValue) return this.lastIndex;
    let i = this.map.get(v);
    if (i === undefined) {
      i = this.values.length;
      if (i > 0xffff) throw new Error(`query copy: more than 65536 distinct ${this.name} values`);
      this.values.push(v);
      this.map.set(v, i);
    }
    this.lastValue = v;
    this.lastIndex = i;
    return i;
  }
}

/** Incremental builder: add segments one by one (e.g. while streaming NDJSON), then finish(). */
export class QueryCopyBuilder {
  // Typed arrays with spare capacity, each always of one type; trimmed in finish().
  private cap = 0;
  private coords = new Float64Array(1 << 12);
  private nCoords = 0;
  private offsets = new Uint32Array(1);
  private readonly cols = Object.fromEntries(COLUMN_NAMES.map((n) => [n, new SEGMENT_COLUMNS[n].type(0)])) as ColumnArrays;
  private idBytes = new Uint8Array(1 << 16);
  private idLength = 0;
  private idOffsets = new Uint32Array(1);
  private numArrays: ColumnArray[] = [];
  private textArrays: ColumnArray[] = [];
  private readonly textTables = TEXT_COLUMNS.map((c) => new Table(c.name));
  private readonly encoder = new TextEncoder();
  private count = 0;

  /** `expected`: segment count if known (e.g. meta.json), to allocate once. */
  constructor(expected = 1024) {
    this.reserve(Math.max(16, expected));
    // ~2.5 vertices per segment in the sample data: room for 3 before the first regrowth
    this.coords = new Float64Array(Math.max(1 << 12, this.cap * 6));
    this.idBytes = new Uint8Array(Math.max(1 << 16, this.cap * 12));
  }

  private reserve(cap: number): void {
    this.offsets = withCapacity(this.offsets, cap + 1);
    this.idOffsets = withCapacity(this.idOffsets, cap + 1);
    const cols = this.cols as Record<ColumnName, ColumnArray>;
    for (const name of COLUMN_NAMES) cols[name] = withCapacity(cols[name], cap);
    // the same arrays in table order, for add()'s loops (indexed, not looked up by name per value)
    this.numArrays = NUM_COLUMNS.map((c) => cols[c.name]);
    this.textArrays = TEXT_COLUMNS.map((c) => cols[c.name]);
    this.cap = this.offsets.length - 1;
  }

  add(s: PipeSegment): void {
    const cs = s.coords;
    if (!Array.isArray(cs) || cs.length < 2) throw new Error(`segment ${s.id}: needs at least 2 positions`);
    const i = this.count;
    if (i === this.cap) this.reserve(this.cap * 2);
    const nums = this.numArrays;
    for (let k = 0; k < nums.length; k++) nums[k][i] = NUM_COLUMNS[k].num(s);
    const texts = this.textArrays;
    for (let k = 0; k < texts.length; k++) texts[k][i] = this.textTables[k].index(TEXT_COLUMNS[k].text(s));
    this.coords = withCapacity(this.coords, this.nCoords + 2 * cs.length, this.nCoords);
    const coords = this.coords;
    let m = this.nCoords;
    for (let k = 0; k < cs.length; k++) {
      const p = cs[k];
      const lon = p[0];
      const lat = p[1];
      if (!Number.isFinite(lon) || !Number.isFinite(lat)) throw new Error(`segment ${s.id}: non-finite coordinate`);
      coords[m++] = lon;
      coords[m++] = lat;
    }
    this.nCoords = m;
    this.offsets[i + 1] = m / 2;
    this.addId(String(s.id), i);
    this.count = i + 1;
  }

  private addId(id: string, i: number): void {
    this.idBytes = withCapacity(this.idBytes, this.idLength + id.length * 3, this.idLength);
    let ascii = true;
    for (let k = 0; k < id.length; k++) {
      const ch = id.charCodeAt(k);
      if (ch >= 0x80) {
        ascii = false;
        break;
      }
      this.idBytes[this.idLength + k] = ch;
    }
    if (ascii) this.idLength += id.length;
    else this.idLength += this.encoder.encodeInto(id, this.idBytes.subarray(this.idLength)).written;
    this.idOffsets[i + 1] = this.idLength;
  }

  finish(): QueryCopy {
    const count = this.count;
    // Views, not copies, when the arrays are exactly full (the usual case when the count was known): fewer large
    // allocations, and so fewer full garbage collections while a big dataset is in memory.
    const fit = <T extends Float64Array | Float32Array | Uint32Array | Uint16Array | Uint8Array>(a: T, n: number): T =>
      (a.length === n ? a : a.slice(0, n)) as T;
    const coords = fit(this.coords, this.nCoords);
    const offsets = fit(this.offsets, count + 1);
    let index: Flatbush | null = null;
    let bbox: [number, number, number, number] | null = null;
    if (count > 0) {
      index = new Flatbush(count, 16, Float32Array);
      let w = Infinity;
      let s = Infinity;
      let e = -Infinity;
      let n = -Infinity;
      for (let i = 0; i < count; i++) {
        let x0 = Infinity;
        let y0 = Infinity;
        let x1 = -Infinity;
        let y1 = -Infinity;
        for (let v = offsets[i]; v < offsets[i + 1]; v++) {
          const x = coords[2 * v];
          const y = coords[2 * v + 1];
          if (x < x0) x0 = x;
          if (x > x1) x1 = x;
          if (y < y0) y0 = y;
          if (y > y1) y1 = y;
        }
        index.add(float32Down(x0), float32Down(y0), float32Up(x1), float32Up(y1));
        if (x0 < w) w = x0;
        if (y0 < s) s = y0;
        if (x1 > e) e = x1;
        if (y1 > n) n = y1;
      }
      index.finish();
      bbox = [w, s, e, n];
    }
    const columns = {} as Record<ColumnName, ColumnArray>;
    for (const name of COLUMN_NAMES) columns[name] = fit(this.cols[name], count);
    const tables = {} as StringTables;
    TEXT_COLUMNS.forEach((c, k) => (tables[c.name] = this.textTables[k].values));
    return {
      ...(columns as ColumnArrays),
      count,
      coords,
      offsets,
      idBytes: fit(this.idBytes, this.idLength),
      idOffsets: fit(this.idOffsets, count + 1),
      tables,
      bbox,
      index,
    };
  }
}

export function buildQueryCopy(segments: Iterable<PipeSegment>): QueryCopy {
  const b = new QueryCopyBuilder(Array.isArray(segments) ? segments.length : undefined);
  for (const s of segments) b.add(s);
  return b.finish();
}

const decoder = new TextDecoder();

export function segmentId(copy: QueryCopy, i: number): string {
  const a = copy.idOffsets[i];
  const b = copy.idOffsets[i + 1];
  const bytes = copy.idBytes;
  // ASCII ids (the usual "JP-000123") without a TextDecoder call: several times faster for short strings.
  if (b - a <= 32) {
    let s = '';
    for (let k = a; k < b; k++) {
      const c = bytes[k];
      if (c >= 0x80) return decoder.decode(bytes.subarray(a, b));
      s += String.fromCharCode(c);
    }
    return s;
  }
  return decoder.decode(bytes.subarray(a, b));
}

export function segmentCategory(copy: QueryCopy, i: number): CategoryCode {
  return CATEGORY_CODES[copy.cat[i]];
}

export function segmentCoords(copy: QueryCopy, i: number): LonLat[] {
  const out: LonLat[] = [];
  for (let v = copy.offsets[i]; v < copy.offsets[i + 1]; v++) out.push([copy.coords[2 * v], copy.coords[2 * v + 1]]);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Serialisation

export interface QueryCopyHeader {
  version: number;
  count: number;
  bbox: [number, number, number, number] | null;
  tables: StringTables;
  /** section name → [byteOffset, element count] */
  sections: Record<SectionName, [number, number]>;
  /** [byteOffset, byteLength] of the flatbush data, or null */
  index: [number, number] | null;
}

const align8 = (n: number): number => (n + 7) & ~7;

/** One ArrayBuffer holding the whole query copy (see the module comment for the layout). */
export function encodeQueryCopy(copy: QueryCopy): ArrayBuffer {
  const sections = {} as Record<SectionName, [number, number]>;
  // Header length depends on the offsets it contains: lay out with a generous header budget, then fix up.
  const tableJson = JSON.stringify(copy.tables);
  let headerBudget = align8(12 + new TextEncoder().encode(tableJson).length + 2048);
  for (;;) {
    let off = headerBudget;
    for (const name of SECTIONS) {
      const arr = copy[name];
      sections[name] = [off, arr.length];
      off = align8(off + arr.byteLength);
    }
    const indexBytes = copy.index ? copy.index.data.byteLength : 0;
    const indexAt: [number, number] | null = copy.index ? [off, indexBytes] : null;
    off = align8(off + indexBytes);
    const header: QueryCopyHeader = { version: QUERY_COPY_VERSION, count: copy.count, bbox: copy.bbox, tables: copy.tables, sections, index: indexAt };
    const headerBytes = new TextEncoder().encode(JSON.stringify(header));
    if (12 + headerBytes.length > headerBudget) {
      headerBudget = align8(12 + headerBytes.length + 64);
      continue;
    }
    const buf = new ArrayBuffer(off);
    const u8 = new Uint8Array(buf);
    u8.set(new TextEncoder().encode(QUERY_COPY_MAGIC), 0);
    const dv = new DataView(buf);
    dv.setUint32(4, QUERY_COPY_VERSION, true);
    dv.setUint32(8, headerBytes.length, true);
    u8.set(headerBytes, 12);
    u8.fill(0x20, 12 + headerBytes.length, headerBudget);
    for (const name of SECTIONS) {
      const arr = copy[name];
      u8.set(new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength), sections[name][0]);
    }
    if (copy.index && indexAt) u8.set(new Uint8Array(copy.index.data as ArrayBuffer, 0, indexBytes), indexAt[0]);
    return buf;
  }
}

/** Views onto an encoded query copy (no copying; keep the buffer alive and unmodified). */
export function decodeQueryCopy(buf: ArrayBuffer): QueryCopy {
  if (buf.byteLength < 12) throw new Error('query copy: buffer too short');
  const u8 = new Uint8Array(buf);
  const magic = new TextDecoder().decode(u8.subarray(0, 4));
  if (magic !== QUERY_COPY_MAGIC) throw new Error('query copy: bad magic (not a query.bin file)');
  const dv = new DataView(buf);
  const version = dv.getUint32(4, true);
  if (version !== QUERY_COPY_VERSION) throw new Error(`query copy: version ${version}, expected ${QUERY_COPY_VERSION}`);
  const headerLength = dv.getUint32(8, true);
  const header = JSON.parse(new TextDecoder().decode(u8.subarray(12, 12 + headerLength))) as QueryCopyHeader;
  const arrays = {} as Record<SectionName, Float64Array | Float32Array | Uint32Array | Uint16Array | Uint8Array>;
  for (const name of SECTIONS) {
    const [off, len] = header.sections[name];
    arrays[name] = new SECTION_TYPES[name](buf, off, len);
  }
  return {
    ...(arrays as unknown as ColumnArrays & Pick<QueryCopy, 'coords' | 'offsets' | 'idBytes' | 'idOffsets'>),
    count: header.count,
    tables: header.tables,
    bbox: header.bbox,
    index: header.index ? Flatbush.from(buf, header.index[0]) : null,
  };
}
