/**
 * `npm run data -- [--segments N] [--seed S] [--out DIR]`: writes the synthetic sample dataset (default 30,000
 * segments, seed 20261129, data/sample) and prints a summary.
 */
import { resolve } from 'node:path';
import { parseCli } from '../cli';
import { DEFAULT_SEED, DEFAULT_SEGMENTS, generateDataset } from './index';

const USAGE = `usage: npm run data -- [--segments N] [--seed S] [--out DIR]
  --segments N  pipe segments to generate (default ${DEFAULT_SEGMENTS}; 1_000_000 style separators allowed)
  --seed S      random seed (default ${DEFAULT_SEED}); the same seed gives byte-identical files
  --out DIR     dataset folder (default data/sample)
  -h, --help    this text`;

const cli = parseCli({
  name: 'data',
  usage: USAGE,
  options: { segments: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' } },
});
const segments = cli.positive('segments') ?? DEFAULT_SEGMENTS;
const seed = cli.positive('seed') ?? DEFAULT_SEED;
const outDir = resolve(cli.values.out ?? 'data/sample');
const t0 = Date.now();
const meta = await generateDataset({ segments, seed, outDir, log: (l) => console.error(`[data] ${l}`) });
const secs = (Date.now() - t0) / 1000;
console.log(`${meta.name}`);
console.log(`out      ${outDir}`);
console.log(`seed     ${meta.seed}`);
console.log(`bbox     ${meta.bbox.join(', ')}`);
console.log(`segments ${meta.segmentCount}   nodes ${meta.nodeCount}`);
for (const [cat, c] of Object.entries(meta.categories)) {
  console.log(`  ${cat}  ${String(c?.segments).padStart(8)} segments ${String(c?.nodes).padStart(8)} nodes`);
}
const rss = process.resourceUsage().maxRSS / 1024;
console.log(`time     ${secs.toFixed(1)} s   peak RSS ${rss.toFixed(0)} MiB`);
