/**
 * Datasets for the browser benchmarks, made once and cached under tmp/bench/ (delete a folder to rebuild it):
 * generated data (`npm run data`), its tiles (`npm run tiles`) and, for the GeoJSON comparison, the segments as
 * LineString features.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { PipeSegment } from '../../src/domain/schema';
import { ROOT } from '../../tools/prepare-lib';

export const BENCH_DIR = join(ROOT, 'tmp/bench');

function tool(script: string, args: string[]): void {
  console.log(`(> tsx ${script} ${args.join(' ')})`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, script), ...args], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${script} failed (${r.status ?? r.signal})`);
}

function mtime(p: string): number {
  return existsSync(p) ? statSync(p).mtimeMs : 0;
}

/** Generates `segments` into tmp/bench/<name> unless it is there. Returns the folder. */
export function ensureData(name: string, segments: number): string {
  const dir = join(BENCH_DIR, name);
  if (!existsSync(join(dir, 'meta.json'))) tool('tools/generate/cli.ts', ['--segments', String(segments), '--out', dir]);
  return dir;
}

/** Tiles a dataset folder into tmp/bench/<name> unless the tiles are newer than the data. Returns the folder. */
export function ensureTiles(dataDir: string, name: string): string {
  const out = join(BENCH_DIR, name);
  if (mtime(join(out, 'tileset.json')) < mtime(join(dataDir, 'meta.json'))) tool('tools/tiler/cli.ts', ['--in', dataDir, '--out', out]);
  return out;
}

export interface Meta {
  bbox: [number, number, number, number];
  segmentCount: number;
  nodeCount: number;
}

export function readMeta(dataDir: string): Meta {
  return JSON.parse(readFileSync(join(dataDir, 'meta.json'), 'utf8')) as Meta;
}

/** segments.ndjson → one GeoJSON FeatureCollection of LineStrings (id, category, DN), streamed. Returns the file. */
export async function ensureSegmentsGeojson(dataDir: string, name: string): Promise<string> {
  const out = join(BENCH_DIR, name, 'segments.geojson');
  const src = join(dataDir, 'segments.ndjson');
  if (mtime(out) > mtime(src)) return out;
  mkdirSync(dirname(out), { recursive: true });
  const ws = createWriteStream(out);
  const write = (s: string): Promise<void> =>
    new Promise((ok) => {
      if (ws.write(s)) ok();
      else ws.once('drain', () => ok());
    });
  await write('{"type":"FeatureCollection","features":[\n');
  let first = true;
  for await (const line of createInterface({ input: createReadStream(src), crlfDelay: Infinity })) {
    if (!line.trim()) continue;
    const s = JSON.parse(line) as PipeSegment;
    const f = {
      type: 'Feature',
      properties: { id: s.id, cat: s.cat, dn: s.dn },
      geometry: { type: 'LineString', coordinates: s.coords },
    };
    await write((first ? '' : ',\n') + JSON.stringify(f));
    first = false;
  }
  await write('\n]}\n');
  await new Promise<void>((ok) => ws.end(() => ok()));
  return out;
}
