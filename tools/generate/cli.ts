/**
 * `npm run data -- [--segments N] [--seed S] [--out DIR]`: writes the synthetic sample dataset (default 30,000
 * segments, seed 20261129, data/sample) and prints a summary.
 */
import { resolve } from 'node:path';
import { DEFAULT_SEED, DEFAULT_SEGMENTS, generateDataset } from './index';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith(`--${name}=`));
  return eq?.slice(name.length + 3);
}

function num(name: string, dflt: number): number {
  const v = arg(name);
  if (v === undefined) return dflt;
  const n = Number(v.replace(/_/g, ''));
  if (!Number.isFinite(n) || n <= 0) {
    console.error(`--${name} must be a positive number, got "${v}"`);
    process.exit(2);
  }
  return n;
}

const segments = num('segments', DEFAULT_SEGMENTS);
const seed = num('seed', DEFAULT_SEED);
const outDir = resolve(arg('out') ?? 'data/sample');
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
