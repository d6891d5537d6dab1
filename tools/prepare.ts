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
import { flags, parseCli, valued } from './cli';
import { prepareDataset, ROOT } from './prepare-lib';

const cli = parseCli({
  name: 'prepare',
  usage: `usage: tsx tools/prepare.ts [--force] [--segments N] [--seed S] [--city]
  --force       regenerate and retile even when the outputs are up to date
  --segments N  segments to generate when the dataset is (re)built
  --seed S      generator seed when the dataset is (re)built
  --city        the 1,000,000-segment network (data/big → tmp/city/public) instead of the sample
  -h, --help    this text`,
  options: { ...valued('segments', 'seed'), ...flags('force', 'city') },
});

const CITY_SEGMENTS = 1_000_000;

const t0 = Date.now();
try {
  const city = cli.values.city === true;
  const segments = cli.positive('segments');
  const seed = cli.positive('seed');
  const publicDir = city ? 'tmp/city/public' : 'public';
  prepareDataset({
    dataDir: city ? 'data/big' : 'data/sample',
    publicDir,
    force: cli.values.force === true,
    segments: segments ?? (city ? CITY_SEGMENTS : undefined),
    seed,
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
