/**
 * `npm start` / `npm run build` run this first: builds the default sample dataset (data/sample), its tiles
 * (public/tiles/pipes) and the overlay files (public/data) when they are missing or stale.
 * Flags: --force (rebuild everything), --segments N, --seed S.
 */
import { prepareDataset } from './prepare-lib';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const t0 = Date.now();
try {
  const segments = flag('--segments');
  const seed = flag('--seed');
  prepareDataset({
    dataDir: 'data/sample',
    publicDir: 'public',
    force: process.argv.includes('--force'),
    segments: segments ? Number(segments) : undefined,
    seed: seed ? Number(seed) : undefined,
  });
  console.log(`prepare: done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
} catch (err) {
  console.error(`prepare: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
