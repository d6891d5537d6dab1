/**
 * Makes sure a dataset, its tiles and the viewer's overlay files exist: generate → tile → copy overlays.
 * Each step runs only when its output is missing or older than its input (or when forced), so `npm start` on a fresh
 * clone does everything and later starts are instant. Used by tools/prepare.ts (npm start / npm run build) and by the
 * end-to-end test setup (a small dataset in tmp/e2e).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TILES_FORMAT_VERSION } from './tiler/format';

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

function runTool(script: string, args: string[], log: (l: string) => void): void {
  log(`> tsx ${script} ${args.join(' ')}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, script), ...args], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (r.status !== 0) {
    throw new Error(`${script} failed with exit code ${r.status ?? r.signal}`);
  }
}

export function prepareDataset(opts: PrepareOptions): void {
  const log = opts.log ?? ((l: string) => console.log(l));
  const dataDir = resolve(ROOT, opts.dataDir);
  const publicDir = resolve(ROOT, opts.publicDir);
  const tilesDir = join(publicDir, 'tiles', 'pipes');
  const overlayDir = join(publicDir, 'data');

  const metaPath = join(dataDir, 'meta.json');
  if (opts.force || !existsSync(metaPath)) {
    const args = ['--out', dataDir];
    if (opts.segments !== undefined) args.push('--segments', String(opts.segments));
    if (opts.seed !== undefined) args.push('--seed', String(opts.seed));
    runTool('tools/generate/cli.ts', args, log);
  } else {
    log(`data: ${dataDir} exists (delete it or run \`npm run data\` to regenerate)`);
  }

  const tilesetPath = join(tilesDir, 'tileset.json');
  // the tiler's format version and flags the tiles were built with, next to them: another tiler or other flags mean
  // other tiles (tiles from before the stamp existed count as stale)
  const stampPath = join(tilesDir, '.tiler-stamp.json');
  const tilerArgs = opts.tilerArgs ?? [];
  const stampNow = JSON.stringify({ format: TILES_FORMAT_VERSION, args: tilerArgs });
  const stampThen = existsSync(stampPath) ? readFileSync(stampPath, 'utf8') : '';
  if (opts.force || mtime(tilesetPath) < mtime(metaPath) || stampThen !== stampNow) {
    runTool('tools/tiler/cli.ts', ['--in', dataDir, '--out', tilesDir, ...tilerArgs], log);
    writeFileSync(stampPath, stampNow);
  } else {
    log(`tiles: ${tilesDir} is up to date`);
  }

  const queryCopy = join(ROOT, 'tools/query/buildQueryCopy.ts');
  const queryPath = join(tilesDir, 'query.bin');
  if (existsSync(queryCopy) && (opts.force || mtime(queryPath) < mtime(metaPath))) {
    runTool('tools/query/buildQueryCopy.ts', ['--data', dataDir, '--out', queryPath], log);
  }

  mkdirSync(overlayDir, { recursive: true });
  for (const f of OVERLAY_FILES) {
    const src = join(dataDir, f);
    if (!existsSync(src)) throw new Error(`generator output is missing ${src}`);
    copyFileSync(src, join(overlayDir, f));
  }
  log(`overlays: copied ${OVERLAY_FILES.length} files to ${overlayDir}`);
}
