/**
 * Shapefile reader: a `.zip` holding one or more layers, or a `.shp` with its `.dbf` (required), `.prj` and `.cpg`
 * beside it (`.shx` is not needed: records are read in order). Geometry and attributes come from shpjs 6.2 with no
 * reprojection (coordinates as stored, Z kept); the DBF's code page is decided here (encoding.ts), because shpjs hands
 * the `.cpg` text to TextDecoder as it is.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { Geometry, Position } from 'geojson';
import { parseDbf, parseShp } from 'shpjs';
import { dbfEncoding } from './encoding';
import { ImportError } from './errors';
import type { RawFeature, RawLayer } from './model';
import { unzip } from './unzip';

interface ShapefileParts {
  name: string;
  shp: Uint8Array;
  dbf?: Uint8Array;
  prj?: string;
  cpg?: string;
}

function text(b: Uint8Array): string {
  return new TextDecoder('utf-8').decode(b).replace(/^\uFEFF/, '');
}

/** The layers of a Shapefile input (a .zip or a .shp path). */
export function readShapefileInput(path: string, encodingOption: string | undefined): RawLayer[] {
  const label = basename(path);
  if (extname(path).toLowerCase() === '.zip') {
    const entries = unzip(readFileSync(path), label).filter((e) => !e.name.includes('__MACOSX'));
    const byStem = new Map<string, Partial<ShapefileParts> & { name: string }>();
    for (const e of entries) {
      const ext = extname(e.name).toLowerCase();
      const stem = e.name.slice(0, e.name.length - ext.length);
      const p = byStem.get(stem.toLowerCase()) ?? { name: stem };
      if (ext === '.shp') p.shp = e.data;
      else if (ext === '.dbf') p.dbf = e.data;
      else if (ext === '.prj') p.prj = text(e.data);
      else if (ext === '.cpg') p.cpg = text(e.data);
      else continue;
      byStem.set(stem.toLowerCase(), p);
    }
    const sets = [...byStem.values()].filter((p): p is ShapefileParts => p.shp !== undefined);
    if (sets.length === 0) throw new ImportError(`${label}: the zip holds no .shp file`);
    return sets.map((s) => readShapefile({ ...s, name: `${label}/${basename(s.name)}` }, encodingOption));
  }
  const stemPath = path.slice(0, path.length - extname(path).length);
  const sibling = (ext: string): string | undefined => {
    for (const e of [ext, ext.toUpperCase()]) {
      const p = stemPath + e;
      if (existsSync(p)) return p;
    }
    return undefined;
  };
  const dbf = sibling('.dbf');
  if (!dbf) throw new ImportError(`${label}: no ${basename(stemPath)}.dbf beside it (a Shapefile needs its .shp, .dbf and .shx; .prj and .cpg are advised)`);
  const prj = sibling('.prj');
  const cpg = sibling('.cpg');
  return [
    readShapefile(
      {
        name: basename(stemPath),
        shp: readFileSync(path),
        dbf: readFileSync(dbf),
        prj: prj ? text(readFileSync(prj)) : undefined,
        cpg: cpg ? text(readFileSync(cpg)) : undefined,
      },
      encodingOption,
    ),
  ];
}

const LINE_TYPES = new Set(['LineString', 'MultiLineString']);
const POINT_TYPES = new Set(['Point', 'MultiPoint']);

function readShapefile(s: ShapefileParts, encodingOption: string | undefined): RawLayer {
  if (!s.dbf) throw new ImportError(`${s.name}.shp: no .dbf in the archive (a Shapefile needs its .shp, .dbf and .shx)`);
  if (s.shp.length < 100 || new DataView(s.shp.buffer, s.shp.byteOffset).getInt32(0, false) !== 9994) {
    throw new ImportError(`${s.name}.shp: not a Shapefile (bad header)`);
  }
  const encoding = dbfEncoding(s.dbf, s.cpg, encodingOption);
  let geoms: Array<Geometry | null>;
  let rows: Array<Record<string, unknown>>;
  try {
    geoms = parseShp(s.shp);
    rows = parseDbf(s.dbf, encoding.label);
  } catch (e) {
    throw new ImportError(`${s.name}: unreadable Shapefile (${e instanceof Error ? e.message : String(e)})`);
  }
  const layer: RawLayer = {
    file: `${s.name}.shp`,
    format: 'shapefile',
    layerName: basename(s.name),
    encoding,
    crsText: s.prj?.trim() ? { text: s.prj, source: 'prj' } : undefined,
    fields: rows.length ? Object.keys(rows[0]) : dbfFieldNames(s.dbf, encoding.label),
    features: [],
    rejected: [],
    hasZ: false,
  };
  // parsedbf reads records marked deleted ('*') like the others: they are dropped here, with a line
  const dv = new DataView(s.dbf.buffer, s.dbf.byteOffset, s.dbf.byteLength);
  const headerLen = dv.getUint16(8, true);
  const recordLen = dv.getUint16(10, true);
  const deleted = (i: number): boolean => s.dbf![headerLen + i * recordLen] === 0x2a;
  geoms.forEach((g, i) => {
    const ref = { file: layer.file, row: i + 1 };
    const props = rows[i] ?? {};
    const id = `#${i + 1}`;
    if (deleted(i)) {
      layer.rejected.push({ ref, id, rule: 'deleted-record', detail: 'DBF deletion flag set' });
      return;
    }
    if (!g) {
      layer.rejected.push({ ref, id, rule: 'bad-geometry', detail: 'null shape' });
      return;
    }
    const f = toRaw(g, ref, props);
    if (f === 'unsupported') layer.rejected.push({ ref, id, rule: 'unsupported-geometry', detail: g.type });
    else {
      if (f.parts.some((p) => p.some((q) => q.length > 2))) layer.hasZ = true;
      layer.features.push(f);
    }
  });
  return layer;
}

/** A GeoJSON geometry as a raw feature (also used by the GeoJSON reader). */
export function toRaw(g: Geometry, ref: RawFeature['ref'], props: Record<string, unknown>): RawFeature | 'unsupported' {
  if (LINE_TYPES.has(g.type)) {
    const parts = g.type === 'LineString' ? [g.coordinates] : (g as { coordinates: Position[][] }).coordinates;
    return { ref, kind: 'line', parts: parts.map((p) => p.map((q) => [...q])), props };
  }
  if (POINT_TYPES.has(g.type)) {
    const pts = g.type === 'Point' ? [g.coordinates] : (g as { coordinates: Position[] }).coordinates;
    return { ref, kind: 'point', parts: pts.map((q) => [[...q]]), props };
  }
  return 'unsupported';
}

/** Field names from a DBF header (for empty tables). */
function dbfFieldNames(dbf: Uint8Array, label: string): string[] {
  const out: string[] = [];
  const dec = new TextDecoder(label);
  for (let o = 32; o + 32 <= dbf.length && dbf[o] !== 0x0d; o += 32) {
    out.push(dec.decode(dbf.subarray(o, o + 11)).replace(/\0.*$/s, '').trim());
  }
  return out;
}
