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
import type { CategoryCode, LonLat, PipeSegment } from '../domain/schema';

export const QUERY_COPY_MAGIC = 'CQQC';
export const QUERY_COPY_VERSION = 1;

export interface StringTables {
  sub: string[];
  material: string[];
  burial: string[];
  owner: string[];
}

export interface QueryCopy {
  /** number of segments */
  count: number;
  /** [lon, lat] pairs of all segments, one after another */
  coords: Float64Array;
  /** count + 1 entries: segment i has vertices offsets[i] … offsets[i+1]-1 */
  offsets: Uint32Array;
  gid: Uint32Array;
  /** index into CATEGORY_CODES */
  cat: Uint8Array;
  /** indices into tables.* */
  sub: Uint16Array;
  material: Uint16Array;
  burial: Uint16Array;
  owner: Uint16Array;
  /** nominal diameter mm, 0 = none (box section) */
  dn: Uint32Array;
  /** box section mm, 0 = none (round pipe) */
  boxW: Uint32Array;
  boxH: Uint32Array;
  /** pipe-top depth at start / end, metres */
  depth0: Float32Array;
  depth1: Float32Array;
  year: Uint16Array;
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

const catIndex = new Map<string, number>(CATEGORY_CODES.map((c, i) => [c, i]));

/** Incremental builder: add segments one by one (e.g. while streaming NDJSON), then finish(). */
export class QueryCopyBuilder {
  // Typed arrays with spare capacity, each always of one type (monomorphic stores); trimmed in finish().
  private cap = 0;
  private coords = new Float64Array(1 << 12);
  private nCoords = 0;
  private offsets = new Uint32Array(1);
  private gid = new Uint32Array(0);
  private cat = new Uint8Array(0);
  private sub = new Uint16Array(0);
  private material = new Uint16Array(0);
  private burial = new Uint16Array(0);
  private owner = new Uint16Array(0);
  private dn = new Uint32Array(0);
  private boxW = new Uint32Array(0);
  private boxH = new Uint32Array(0);
  private depth0 = new Float32Array(0);
  private depth1 = new Float32Array(0);
  private year = new Uint16Array(0);
  private idBytes = new Uint8Array(1 << 16);
  private idLength = 0;
  private idOffsets = new Uint32Array(1);
  private readonly tables = {
    sub: new Table('sub'),
    material: new Table('material'),
    burial: new Table('burial'),
    owner: new Table('owner'),
  };
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
    const grow = <T extends { length: number; set(a: ArrayLike<number>): void }>(a: T, make: (n: number) => T, n: number): T => {
      const b = make(n);
      b.set(a as unknown as ArrayLike<number>);
      return b;
    };
    this.offsets = grow(this.offsets, (n) => new Uint32Array(n), cap + 1);
    this.idOffsets = grow(this.idOffsets, (n) => new Uint32Array(n), cap + 1);
    this.gid = grow(this.gid, (n) => new Uint32Array(n), cap);
    this.cat = grow(this.cat, (n) => new Uint8Array(n), cap);
    this.sub = grow(this.sub, (n) => new Uint16Array(n), cap);
    this.material = grow(this.material, (n) => new Uint16Array(n), cap);
    this.burial = grow(this.burial, (n) => new Uint16Array(n), cap);
    this.owner = grow(this.owner, (n) => new Uint16Array(n), cap);
    this.dn = grow(this.dn, (n) => new Uint32Array(n), cap);
    this.boxW = grow(this.boxW, (n) => new Uint32Array(n), cap);
    this.boxH = grow(this.boxH, (n) => new Uint32Array(n), cap);
    this.depth0 = grow(this.depth0, (n) => new Float32Array(n), cap);
    this.depth1 = grow(this.depth1, (n) => new Float32Array(n), cap);
    this.year = grow(this.year, (n) => new Uint16Array(n), cap);
    this.cap = cap;
  }

  add(s: PipeSegment): void {
    const c = catIndex.get(s.cat);
    if (c === undefined) throw new Error(`segment ${s.id}: unknown category ${String(s.cat)}`);
    const cs = s.coords;
    if (!Array.isArray(cs) || cs.length < 2) throw new Error(`segment ${s.id}: needs at least 2 positions`);
    const i = this.count;
    if (i === this.cap) this.reserve(this.cap * 2);
    if (this.nCoords + 2 * cs.length > this.coords.length) {
      let n = this.coords.length * 2;
      while (n < this.nCoords + 2 * cs.length) n *= 2;
      const next = new Float64Array(n);
      next.set(this.coords.subarray(0, this.nCoords));
      this.coords = next;
    }
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
    this.gid[i] = s.gid;
    this.cat[i] = c;
    this.sub[i] = this.tables.sub.index(s.sub ?? '');
    this.material[i] = this.tables.material.index(s.material ?? '');
    this.burial[i] = this.tables.burial.index(s.burial ?? '');
    this.owner[i] = this.tables.owner.index(s.owner ?? '');
    this.dn[i] = s.dn ?? 0;
    this.boxW[i] = s.box ? s.box.w : 0;
    this.boxH[i] = s.box ? s.box.h : 0;
    this.depth0[i] = s.depth0;
    this.depth1[i] = s.depth1;
    this.year[i] = s.year ?? 0;
    this.addId(String(s.id), i);
    this.count = i + 1;
  }

  private addId(id: string, i: number): void {
    const need = this.idLength + id.length * 3;
    if (need > this.idBytes.length) {
      let n = this.idBytes.length * 2;
      while (n < need) n *= 2;
      const next = new Uint8Array(n);
      next.set(this.idBytes.subarray(0, this.idLength));
      this.idBytes = next;
    }
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
    return {
      count,
      coords,
      offsets,
      gid: fit(this.gid, count),
      cat: fit(this.cat, count),
      sub: fit(this.sub, count),
      material: fit(this.material, count),
      burial: fit(this.burial, count),
      owner: fit(this.owner, count),
      dn: fit(this.dn, count),
      boxW: fit(this.boxW, count),
      boxH: fit(this.boxH, count),
      depth0: fit(this.depth0, count),
      depth1: fit(this.depth1, count),
      year: fit(this.year, count),
      idBytes: fit(this.idBytes, this.idLength),
      idOffsets: fit(this.idOffsets, count + 1),
      tables: {
        sub: this.tables.sub.values,
        material: this.tables.material.values,
        burial: this.tables.burial.values,
        owner: this.tables.owner.values,
      },
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

type SectionName =
  | 'coords' | 'offsets' | 'gid' | 'cat' | 'sub' | 'material' | 'burial' | 'owner' | 'dn' | 'boxW' | 'boxH'
  | 'depth0' | 'depth1' | 'year' | 'idBytes' | 'idOffsets';

const SECTIONS: readonly SectionName[] = [
  'coords', 'offsets', 'gid', 'cat', 'sub', 'material', 'burial', 'owner', 'dn', 'boxW', 'boxH',
  'depth0', 'depth1', 'year', 'idBytes', 'idOffsets',
];

type ArrayCtor = Float64ArrayConstructor | Float32ArrayConstructor | Uint32ArrayConstructor | Uint16ArrayConstructor | Uint8ArrayConstructor;

const CTORS: Record<SectionName, ArrayCtor> = {
  coords: Float64Array, offsets: Uint32Array, gid: Uint32Array, cat: Uint8Array, sub: Uint16Array,
  material: Uint16Array, burial: Uint16Array, owner: Uint16Array, dn: Uint32Array, boxW: Uint32Array,
  boxH: Uint32Array, depth0: Float32Array, depth1: Float32Array, year: Uint16Array, idBytes: Uint8Array,
  idOffsets: Uint32Array,
};

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
  const arrays = {} as Record<SectionName, ArrayLike<number>>;
  for (const name of SECTIONS) {
    const [off, len] = header.sections[name];
    const Ctor = CTORS[name];
    arrays[name] = new Ctor(buf, off, len);
  }
  return {
    count: header.count,
    coords: arrays.coords as Float64Array,
    offsets: arrays.offsets as Uint32Array,
    gid: arrays.gid as Uint32Array,
    cat: arrays.cat as Uint8Array,
    sub: arrays.sub as Uint16Array,
    material: arrays.material as Uint16Array,
    burial: arrays.burial as Uint16Array,
    owner: arrays.owner as Uint16Array,
    dn: arrays.dn as Uint32Array,
    boxW: arrays.boxW as Uint32Array,
    boxH: arrays.boxH as Uint32Array,
    depth0: arrays.depth0 as Float32Array,
    depth1: arrays.depth1 as Float32Array,
    year: arrays.year as Uint16Array,
    idBytes: arrays.idBytes as Uint8Array,
    idOffsets: arrays.idOffsets as Uint32Array,
    tables: header.tables,
    bbox: header.bbox,
    index: header.index ? Flatbush.from(buf, header.index[0]) : null,
  };
}
