/**
 * Loading a pipe network for the query tools (Node): segments.ndjson (streamed, the generator's format), a prebuilt
 * query.bin, or a small GeoJSON FeatureCollection of LineStrings (test fixtures; missing attributes get defaults).
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { CategoryCode, PipeSegment } from '../../src/domain/schema';
import { QueryCopyBuilder, decodeQueryCopy, type QueryCopy } from '../../src/analysis/queryCopy';

export class NetworkError extends Error {}

/** Stream the PipeSegment records of an NDJSON file. */
export async function* readSegments(path: string): AsyncGenerator<PipeSegment> {
  const rl = createInterface({ input: createReadStream(path, { highWaterMark: 1 << 20 }), crlfDelay: Infinity });
  let lineNo = 0;
  for await (const line of rl) {
    lineNo++;
    if (line.trim().length === 0) continue;
    let rec: unknown;
    try {
      rec = JSON.parse(line);
    } catch {
      throw new NetworkError(`${path}:${lineNo}: not JSON`);
    }
    const s = rec as PipeSegment;
    if (!s || s.kind !== 'segment') throw new NetworkError(`${path}:${lineNo}: not a segment record`);
    yield s;
  }
}

/** segmentCount from the meta.json beside a segments.ndjson, if there is one (to size the builder once). */
function expectedCount(ndjsonPath: string): number | undefined {
  const meta = join(dirname(ndjsonPath), 'meta.json');
  if (!existsSync(meta)) return undefined;
  try {
    const n = (JSON.parse(readFileSync(meta, 'utf8')) as { segmentCount?: unknown }).segmentCount;
    return typeof n === 'number' && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

/** Build a query copy by streaming segments.ndjson. */
export async function buildFromNdjson(path: string): Promise<QueryCopy> {
  const b = new QueryCopyBuilder(expectedCount(path));
  let n = 0;
  try {
    for await (const s of readSegments(path)) {
      b.add(s);
      n++;
    }
  } catch (e) {
    if (e instanceof NetworkError) throw e;
    throw new NetworkError(`${path}: record ${n + 1}: ${e instanceof Error ? e.message : String(e)}`);
  }
  return b.finish();
}

interface FixtureFeature {
  type: 'Feature';
  id?: string | number;
  geometry: { type: string; coordinates: [number, number][] };
  properties?: Partial<PipeSegment> | null;
}

/** A fixture LineString feature as a PipeSegment; attributes not given get plain defaults (JS/JP, DN300, depth 1.5 m). */
export function featureToSegment(f: FixtureFeature, gid: number): PipeSegment {
  if (f.geometry?.type !== 'LineString') throw new NetworkError(`feature ${gid}: geometry must be a LineString`);
  const p = f.properties ?? {};
  const cat = (p.cat ?? 'JS') as CategoryCode;
  return {
    kind: 'segment',
    id: String(p.id ?? f.id ?? `${cat}-${String(gid).padStart(6, '0')}`),
    gid,
    cat,
    sub: p.sub ?? 'JP',
    code: p.code ?? '',
    from: p.from ?? '',
    to: p.to ?? '',
    coords: f.geometry.coordinates,
    material: p.material ?? 'QM',
    dn: p.dn === undefined ? (p.box ? null : 300) : p.dn,
    box: p.box ?? null,
    depth0: p.depth0 ?? 1.5,
    depth1: p.depth1 ?? p.depth0 ?? 1.5,
    ground0: p.ground0 ?? 0,
    ground1: p.ground1 ?? 0,
    burial: p.burial ?? 'ZM',
    year: p.year ?? 2000,
    owner: p.owner ?? '',
    street: p.street ?? null,
    crossing: p.crossing ?? null,
    pressureZone: p.pressureZone ?? null,
    pressureClass: p.pressureClass ?? null,
    invert0: p.invert0 ?? null,
    invert1: p.invert1 ?? null,
  };
}

export function segmentsFromGeoJson(text: string): PipeSegment[] {
  const fc = JSON.parse(text) as { type: string; features: FixtureFeature[] };
  if (fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) throw new NetworkError('network GeoJSON must be a FeatureCollection');
  return fc.features.map((f, gid) => featureToSegment(f, gid));
}

/**
 * Load a network from a data folder (query.bin if present beside it is NOT preferred: the NDJSON is the source) or a
 * file: *.bin (encoded query copy), *.ndjson (segments), *.geojson / *.json (fixture FeatureCollection).
 */
export async function loadNetwork(path: string): Promise<QueryCopy> {
  if (!existsSync(path)) throw new NetworkError(`no network at ${path} (run \`npm run data\` first, or pass --data)`);
  if (statSync(path).isDirectory()) {
    const nd = join(path, 'segments.ndjson');
    if (existsSync(nd)) return buildFromNdjson(nd);
    const bin = join(path, 'query.bin');
    if (existsSync(bin)) return loadBin(bin);
    throw new NetworkError(`${path} has no segments.ndjson`);
  }
  if (path.endsWith('.bin')) return loadBin(path);
  if (path.endsWith('.ndjson')) return buildFromNdjson(path);
  const { buildQueryCopy } = await import('../../src/analysis/queryCopy');
  return buildQueryCopy(segmentsFromGeoJson(readFileSync(path, 'utf8')));
}

function loadBin(path: string): QueryCopy {
  const b = readFileSync(path);
  const buf = b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  try {
    return decodeQueryCopy(buf);
  } catch (e) {
    throw new NetworkError(`${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
