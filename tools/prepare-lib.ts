/**
 * Makes sure a dataset, its tiles and the viewer's overlay files exist: generate → tile → copy overlays.
 * Each step runs only when its output is missing or older than its input (or when forced), so `npm start` on a fresh
 * clone does everything and later starts are instant. Used by tools/prepare.ts (npm start / npm run build) and by the
 * end-to-end test setup (a small dataset in tmp/e2e).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TILES_FORMAT_VERSION } from './tiler/format';
import { writeAdminIndex } from './generate/adminUnits';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Overlay files the viewer reads from its data base URL (see src/domain/schema.ts). */
export const OVERLAY_FILES = [
  'meta.json',
  'sensors.json',
  'rivers.geojson',
  'streets.geojson',
  'sections.geojson',
  'projects.geojson',
  'outfalls.geojson',
  'labels.geojson',
  'admin.geojson',
  'admin-index.json',
] as const;

export interface PrepareOptions {
  /** generator output folder, e.g. data/sample */
  dataDir: string;
  /** folder served as the site root: tiles go to <publicDir>/tiles/pipes, overlays to <publicDir>/data */
  publicDir: string;
  segments?: number;
  seed?: number;
  /** regenerate and retile even when outputs exist */
  force?: boolean;
  /** extra tiler flags (e.g. ['--max-features', '150']); the tiles are rebuilt when these or the tiler's format change */
  tilerArgs?: string[];
  log?: (line: string) => void;
}

function mtime(path: string): number {
  return existsSync(path) ? statSync(path).mtimeMs : 0;
}

/**
 * Runs a tool quietly: its output is kept and shown only when it fails. Returns the last line it printed (tools end
 * on a summary) and the seconds it took.
 */
function runTool(script: string, args: string[]): { summary: string; seconds: number } {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, script), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  if (r.status !== 0) {
    process.stderr.write(`${r.stdout ?? ''}${r.stderr ?? ''}`);
    throw new Error(`tsx ${script} ${args.join(' ')} failed with exit code ${r.status ?? r.signal}`);
  }
  const lines = `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => l.trim());
  return { summary: lines.at(-1) ?? '', seconds: (Date.now() - t0) / 1000 };
}

const rel = (p: string): string => relative(ROOT, p) || '.';

export function prepareDataset(opts: PrepareOptions): void {
  const log = opts.log ?? ((l: string) => console.log(l));
  const dataDir = resolve(ROOT, opts.dataDir);
  const publicDir = resolve(ROOT, opts.publicDir);
  const tilesDir = join(publicDir, 'tiles', 'pipes');
  const overlayDir = join(publicDir, 'data');

  const metaPath = join(dataDir, 'meta.json');
  // a dataset from before administrative units existed is generated again (deterministic: only admin files are new)
  const adminPath = join(dataDir, 'admin.geojson');
  if (existsSync(metaPath) && !existsSync(adminPath)) log(`data: ${rel(dataDir)} has no admin.geojson: generating it again`);
  if (opts.force || !existsSync(metaPath) || !existsSync(adminPath)) {
    const args = ['--out', dataDir];
    if (opts.segments !== undefined) args.push('--segments', String(opts.segments));
    if (opts.seed !== undefined) args.push('--seed', String(opts.seed));
    const { seconds } = runTool('tools/generate/cli.ts', args);
    const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as { segmentCount: number; nodeCount: number };
    log(`data: ${meta.segmentCount} segments, ${meta.nodeCount} nodes → ${rel(dataDir)} (${seconds.toFixed(1)} s)`);
  } else {
    log(`data: ${rel(dataDir)} exists (delete it or run \`npm run data\` to regenerate)`);
  }

  const tilesetPath = join(tilesDir, 'tileset.json');
  // the tiler's format version and flags the tiles were built with, next to them: another tiler or other flags mean
  // other tiles (tiles from before the stamp existed count as stale)
  const stampPath = join(tilesDir, '.tiler-stamp.json');
  const tilerArgs = opts.tilerArgs ?? [];
  const stampNow = JSON.stringify({ format: TILES_FORMAT_VERSION, args: tilerArgs });
  const stampThen = existsSync(stampPath) ? readFileSync(stampPath, 'utf8') : '';
  if (opts.force || mtime(tilesetPath) < mtime(metaPath) || stampThen !== stampNow) {
    const { summary } = runTool('tools/tiler/cli.ts', ['--in', dataDir, '--out', tilesDir, ...tilerArgs]);
    writeFileSync(stampPath, stampNow);
    log(summary.replace(/^tiler: /, 'tiles: ').replace(tilesDir, rel(tilesDir)));
  } else {
    log(`tiles: ${rel(tilesDir)} is up to date`);
  }

  const queryCopy = join(ROOT, 'tools/query/buildQueryCopy.ts');
  const queryPath = join(tilesDir, 'query.bin');
  if (existsSync(queryCopy) && (opts.force || mtime(queryPath) < mtime(metaPath))) {
    log(runTool('tools/query/buildQueryCopy.ts', ['--data', dataDir, '--out', queryPath]).summary.replace(queryPath, rel(queryPath)));
  }

  // the network graph for traces and valve isolation (src/analysis/network/), beside query.bin
  const networkPath = join(tilesDir, 'network.bin');
  if (opts.force || mtime(networkPath) < mtime(metaPath)) {
    log(runTool('tools/network/buildNetwork.ts', ['--data', dataDir, '--out', networkPath]).summary.replace(networkPath, rel(networkPath)));
  }

  // a user's own admin.geojson (newer than the index): the dataset is placed in its grids again
  if (mtime(join(dataDir, 'admin-index.json')) < mtime(adminPath)) {
    const r = writeAdminIndex(dataDir);
    log(`admin units: ${r.grids} grids, ${r.placed} of ${r.assets} monitored assets placed → ${rel(join(dataDir, 'admin-index.json'))}`);
  }
  mkdirSync(overlayDir, { recursive: true });
  for (const f of OVERLAY_FILES) {
    const src = join(dataDir, f);
    if (!existsSync(src)) throw new Error(`generator output is missing ${src}`);
    copyFileSync(src, join(overlayDir, f));
  }
  // the screen mode's tours (data, not generated): data/tours.json beside the overlays
  const tours = join(ROOT, 'data', 'tours.json');
  if (existsSync(tours)) copyFileSync(tours, join(overlayDir, 'tours.json'));
  log(`overlays: copied ${OVERLAY_FILES.length} files to ${rel(overlayDir)}`);
}
