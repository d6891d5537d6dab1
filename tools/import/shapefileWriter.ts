/**
 * A small Shapefile + zip writer (ESRI Shapefile Technical Description, 1998; dBASE III; PKWARE APPNOTE), for the
 * importer's tests and benchmark: PolyLine/PolyLineZ and Point/PointZ layers, a DBF whose text is encoded by the
 * caller (e.g. GBK through iconv-lite) with a language driver id, `.prj`, `.cpg`, and a zip (deflated) of the set.
 */
import { crc32, deflateRawSync } from 'node:zlib';

export type ShapeKind = 'polyline' | 'polylineZ' | 'point' | 'pointZ';

export interface DbfField {
  name: string;
  type: 'C' | 'N';
  length: number;
  decimals?: number;
}

export interface ShapeLayer {
  kind: ShapeKind;
  /** per record: parts of [x, y, z?] positions (points: one part of one position); null writes a Null shape */
  shapes: Array<number[][][] | null>;
  fields: DbfField[];
  /** per record, per field: text or number (null / undefined = blank) */
  rows: Array<Record<string, string | number | null | undefined>>;
  /** text → bytes for DBF field names and values (default UTF-8) */
  encode?: (s: string) => Uint8Array;
  /** DBF header byte 29 (language driver id), e.g. 0x4d for code page 936 */
  ldid?: number;
  /** records (0-based) whose DBF deletion flag is set */
  deleted?: readonly number[];
}

const TYPE_CODE: Record<ShapeKind, number> = { point: 1, polyline: 3, pointZ: 11, polylineZ: 13 };

function shapeBytes(kind: ShapeKind, parts: number[][][] | null): Uint8Array {
  if (!parts) {
    const b = new DataView(new ArrayBuffer(4));
    b.setInt32(0, 0, true);
    return new Uint8Array(b.buffer);
  }
  const z = kind === 'pointZ' || kind === 'polylineZ';
  if (kind === 'point' || kind === 'pointZ') {
    const p = parts[0][0];
    const v = new DataView(new ArrayBuffer(z ? 36 : 20));
    v.setInt32(0, TYPE_CODE[kind], true);
    v.setFloat64(4, p[0], true);
    v.setFloat64(12, p[1], true);
    if (z) {
      v.setFloat64(20, p[2] ?? 0, true);
      v.setFloat64(28, 0, true);
    }
    return new Uint8Array(v.buffer);
  }
  const pts = parts.flat();
  const n = pts.length;
  const np = parts.length;
  const size = 44 + 4 * np + 16 * n + (z ? 16 + 8 * n + 16 + 8 * n : 0);
  const v = new DataView(new ArrayBuffer(size));
  v.setInt32(0, TYPE_CODE[kind], true);
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)].forEach((b, i) => v.setFloat64(4 + 8 * i, b, true));
  v.setInt32(36, np, true);
  v.setInt32(40, n, true);
  let start = 0;
  parts.forEach((part, i) => {
    v.setInt32(44 + 4 * i, start, true);
    start += part.length;
  });
  let o = 44 + 4 * np;
  for (const p of pts) {
    v.setFloat64(o, p[0], true);
    v.setFloat64(o + 8, p[1], true);
    o += 16;
  }
  if (z) {
    const zs = pts.map((p) => p[2] ?? 0);
    v.setFloat64(o, Math.min(...zs), true);
    v.setFloat64(o + 8, Math.max(...zs), true);
    o += 16;
    for (const zz of zs) {
      v.setFloat64(o, zz, true);
      o += 8;
    }
    o += 16 + 8 * n; // M range and values: zero
  }
  return new Uint8Array(v.buffer);
}

function header(kind: ShapeKind, fileBytes: number, bbox: number[]): Uint8Array {
  const v = new DataView(new ArrayBuffer(100));
  v.setInt32(0, 9994, false);
  v.setInt32(24, fileBytes / 2, false);
  v.setInt32(28, 1000, true);
  v.setInt32(32, TYPE_CODE[kind], true);
  bbox.forEach((b, i) => v.setFloat64(36 + 8 * i, b, true));
  return new Uint8Array(v.buffer);
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((s, c) => s + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

/** The .shp, .shx and .dbf bytes of a layer. */
export function writeShapefile(layer: ShapeLayer): { shp: Uint8Array; shx: Uint8Array; dbf: Uint8Array } {
  const contents = layer.shapes.map((s) => shapeBytes(layer.kind, s));
  const bbox = [Infinity, Infinity, -Infinity, -Infinity, Infinity, -Infinity, 0, 0];
  for (const s of layer.shapes) {
    for (const p of s ? s.flat() : []) {
      bbox[0] = Math.min(bbox[0], p[0]);
      bbox[1] = Math.min(bbox[1], p[1]);
      bbox[2] = Math.max(bbox[2], p[0]);
      bbox[3] = Math.max(bbox[3], p[1]);
      bbox[4] = Math.min(bbox[4], p[2] ?? 0);
      bbox[5] = Math.max(bbox[5], p[2] ?? 0);
    }
  }
  for (let i = 0; i < 6; i++) if (!Number.isFinite(bbox[i])) bbox[i] = 0;
  const recs: Uint8Array[] = [];
  const idx: Uint8Array[] = [];
  let offset = 100;
  contents.forEach((c, i) => {
    const h = new DataView(new ArrayBuffer(8));
    h.setInt32(0, i + 1, false);
    h.setInt32(4, c.length / 2, false);
    recs.push(new Uint8Array(h.buffer), c);
    const x = new DataView(new ArrayBuffer(8));
    x.setInt32(0, offset / 2, false);
    x.setInt32(4, c.length / 2, false);
    idx.push(new Uint8Array(x.buffer));
    offset += 8 + c.length;
  });
  const shp = concat([header(layer.kind, offset, bbox), ...recs]);
  const shx = concat([header(layer.kind, 100 + 8 * contents.length, bbox), ...idx]);
  return { shp, shx, dbf: writeDbf(layer) };
}

function writeDbf(layer: ShapeLayer): Uint8Array {
  const enc = layer.encode ?? ((s: string) => new TextEncoder().encode(s));
  const headerLen = 32 + 32 * layer.fields.length + 1;
  const recordLen = 1 + layer.fields.reduce((s, f) => s + f.length, 0);
  const out = new Uint8Array(headerLen + recordLen * layer.rows.length + 1);
  const v = new DataView(out.buffer);
  out[0] = 0x03;
  out[1] = 124;
  out[2] = 1;
  out[3] = 1;
  v.setUint32(4, layer.rows.length, true);
  v.setUint16(8, headerLen, true);
  v.setUint16(10, recordLen, true);
  out[29] = layer.ldid ?? 0;
  layer.fields.forEach((f, i) => {
    const o = 32 + 32 * i;
    out.set(enc(f.name).subarray(0, 10), o);
    out[o + 11] = f.type.charCodeAt(0);
    out[o + 16] = f.length;
    out[o + 17] = f.decimals ?? 0;
  });
  out[headerLen - 1] = 0x0d;
  layer.rows.forEach((row, r) => {
    let o = headerLen + r * recordLen;
    out[o++] = layer.deleted?.includes(r) ? 0x2a : 0x20;
    for (const f of layer.fields) {
      const val = row[f.name];
      const cell = new Uint8Array(f.length).fill(0x20);
      if (val !== null && val !== undefined && val !== '') {
        const bytes = f.type === 'N' ? enc(typeof val === 'number' ? val.toFixed(f.decimals ?? 0) : val) : enc(String(val));
        const b = bytes.subarray(0, f.length);
        cell.set(b, f.type === 'N' ? f.length - b.length : 0);
      }
      out.set(cell, o);
      o += f.length;
    }
  });
  out[out.length - 1] = 0x1a;
  return out;
}

/** A zip archive (deflated entries) of named files. */
export function zip(files: Record<string, Uint8Array | string>): Uint8Array {
  const local: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const data = typeof content === 'string' ? new TextEncoder().encode(content) : content;
    const packed = deflateRawSync(data);
    const nameBytes = new TextEncoder().encode(name);
    const crc = crc32(data);
    const lh = new DataView(new ArrayBuffer(30));
    lh.setUint32(0, 0x04034b50, true);
    lh.setUint16(4, 20, true);
    lh.setUint16(6, 0x800, true);
    lh.setUint16(8, 8, true);
    lh.setUint32(14, crc, true);
    lh.setUint32(18, packed.length, true);
    lh.setUint32(22, data.length, true);
    lh.setUint16(26, nameBytes.length, true);
    const ch = new DataView(new ArrayBuffer(46));
    ch.setUint32(0, 0x02014b50, true);
    ch.setUint16(4, 20, true);
    ch.setUint16(6, 20, true);
    ch.setUint16(8, 0x800, true);
    ch.setUint16(10, 8, true);
    ch.setUint32(16, crc, true);
    ch.setUint32(20, packed.length, true);
    ch.setUint32(24, data.length, true);
    ch.setUint16(28, nameBytes.length, true);
    ch.setUint32(42, offset, true);
    local.push(new Uint8Array(lh.buffer), nameBytes, packed);
    central.push(new Uint8Array(ch.buffer), nameBytes);
    offset += 30 + nameBytes.length + packed.length;
  }
  const cd = concat(central);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, Object.keys(files).length, true);
  end.setUint16(10, Object.keys(files).length, true);
  end.setUint32(12, cd.length, true);
  end.setUint32(16, offset, true);
  return concat([...local, cd, new Uint8Array(end.buffer)]);
}
