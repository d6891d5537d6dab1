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

class Grow<T extends Float64Array | Uint32Array | Uint16Array | Uint8Array | Float32Array> {
  arr: T;
  length = 0;
  constructor(private readonly make: (n: number) => T, initial = 1024) {
    this.arr = make(initial);
  }
  push(v: number): void {
    if (this.length === this.arr.length) this.grow(this.length + 1);
    this.arr[this.length++] = v;
  }
  grow(min: number): void {
    let n = this.arr.length * 2;
    while (n < min) n *= 2;
    const next = this.make(n);
    next.set(this.arr);
    this.arr = next;
  }
  done(): T {
    return this.arr.slice(0, this.length) as T;
  }
}

class Table {
  readonly values: string[] = [];
  private readonly map = new Map<string, number>();
  constructor(readonly name: string) {}
  index(v: string): number {
    let i = this.map.get(v);
    if (i === undefined) {
      i = this.values.length;
      if (i > 0xffff) throw new Error(`query copy: more than 65536 distinct ${this.name} values`);
      this.values.push(v);
      this.map.set(v, i);
    }
    return i;
  }
}

const catIndex = new Map<string, number>(CATEGORY_CODES.map((c, i) => [c, i]));

/** Incremental builder: add segments one by one (e.g. while streaming NDJSON), then finish(). */
export class QueryCopyBuilder {
  private readonly coords = new Grow((n) => new Float64Array(n), 4096);
  private readonly offsets = new Grow((n) => new Uint32Array(n));
  private readonly gid = new Grow((n) => new Uint32Array(n));
  private readonly cat = new Grow((n) => new Uint8Array(n));
  private readonly sub = new Grow((n) => new Uint16Array(n));
  private readonly material = new Grow((n) => new Uint16Array(n));
  private readonly burial = new Grow((n) => new Uint16Array(n));
  private readonly owner = new Grow((n) => new Uint16Array(n));
  private readonly dn = new Grow((n) => new Uint32Array(n));
  private readonly boxW = new Grow((n) => new Uint32Array(n));
  private readonly boxH = new Grow((n) => new Uint32Array(n));
  private readonly depth0 = new Grow((n) => new Float32Array(n));
  private readonly depth1 = new Grow((n) => new Float32Array(n));
  private readonly year = new Grow((n) => new Uint16Array(n));
  private readonly idBytes = new Grow((n) => new Uint8Array(n), 16384);
  private readonly idOffsets = new Grow((n) => new Uint32Array(n));
  private readonly tables = {
    sub: new Table('sub'),
    material: new Table('material'),
    burial: new Table('burial'),
    owner: new Table('owner'),
  };
  private readonly encoder = new TextEncoder();
  private count = 0;

  constructor() {
    this.offsets.push(0);
    this.idOffsets.push(0);
  }

  add(s: PipeSegment): void {
    const c = catIndex.get(s.cat);
    if (c === undefined) throw new Error(`segment ${s.id}: unknown category ${String(s.cat)}`);
    if (!Array.isArray(s.coords) || s.coords.length < 2) throw new Error(`segment ${s.id}: needs at least 2 positions`);
    for (const p of s.coords) {
      const lon = p[0];
      const lat = p[1];
      if (!Number.isFinite(lon) || !Number.isFinite(lat)) throw new Error(`segment ${s.id}: non-finite coordinate`);
      this.coords.push(lon);
      this.coords.push(lat);
    }
    this.offsets.push(this.coords.length / 2);
    this.gid.push(s.gid);
    this.cat.push(c);
    this.sub.push(this.tables.sub.index(s.sub ?? ''));
    this.material.push(this.tables.material.index(s.material ?? ''));
    this.burial.push(this.tables.burial.index(s.burial ?? ''));
    this.owner.push(this.tables.owner.index(s.owner ?? ''));
    this.dn.push(s.dn ?? 0);
    this.boxW.push(s.box ? s.box.w : 0);
    this.boxH.push(s.box ? s.box.h : 0);
    this.depth0.push(s.depth0);
    this.depth1.push(s.depth1);
    this.year.push(s.year ?? 0);
    const bytes = this.encoder.encode(s.id);
    if (this.idBytes.length + bytes.length > this.idBytes.arr.length) this.idBytes.grow(this.idBytes.length + bytes.length);
    this.idBytes.arr.set(bytes, this.idBytes.length);
    this.idBytes.length += bytes.length;
    this.idOffsets.push(this.idBytes.length);
    this.count++;
  }

  finish(): QueryCopy {
    const coords = this.coords.done();
    const offsets = this.offsets.done();
    const count = this.count;
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
      gid: this.gid.done(),
      cat: this.cat.done(),
      sub: this.sub.done(),
      material: this.material.done(),
      burial: this.burial.done(),
      owner: this.owner.done(),
      dn: this.dn.done(),
      boxW: this.boxW.done(),
      boxH: this.boxH.done(),
      depth0: this.depth0.done(),
      depth1: this.depth1.done(),
      year: this.year.done(),
      idBytes: this.idBytes.done(),
      idOffsets: this.idOffsets.done(),
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
  const b = new QueryCopyBuilder();
  for (const s of segments) b.add(s);
  return b.finish();
}

const decoder = new TextDecoder();

export function segmentId(copy: QueryCopy, i: number): string {
  return decoder.decode(copy.idBytes.subarray(copy.idOffsets[i], copy.idOffsets[i + 1]));
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
