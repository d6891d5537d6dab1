/**
 * `npm start` / `npm run build` run this first: builds the default sample dataset (data/sample), its tiles
 * (public/tiles/pipes) and the overlay files (public/data) when they are missing or stale.
 * Flags: --force (rebuild everything), --segments N, --seed S.
 *
 * `--city` (used by `npm run city`): the 1,000,000-segment network instead, in data/big, served from tmp/city/public
 * (tiles, overlays and a copy of public/config.json) by Vite's "city" mode, so the sample in public/ stays as it is.
 */
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { prepareDataset, ROOT } from './prepare-lib';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const CITY_SEGMENTS = 1_000_000;

const t0 = Date.now();
try {
  const city = process.argv.includes('--city');
  const segments = flag('--segments');
  const seed = flag('--seed');
  const publicDir = city ? 'tmp/city/public' : 'public';
  prepareDataset({
    dataDir: city ? 'data/big' : 'data/sample',
    publicDir,
    force: process.argv.includes('--force'),
    segments: segments ? Number(segments) : city ? CITY_SEGMENTS : undefined,
    seed: seed ? Number(seed) : undefined,
  });
  if (city) {
    // the runtime config: public/config.json's (same URLs, relative to the site root); refreshed when it changed
    const src = join(ROOT, 'public/config.json');
    const dst = join(ROOT, publicDir, 'config.json');
    mkdirSync(join(ROOT, publicDir), { recursive: true });
    if (!existsSync(dst) || statSync(dst).mtimeMs < statSync(src).mtimeMs) copyFileSync(src, dst);
  }
  console.log(`prepare: done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
} catch (err) {
  console.error(`prepare: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
