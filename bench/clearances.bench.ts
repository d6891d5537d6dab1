/**
 * Whole-network clearance and cover check (GB 50289) on the 1,000,000-segment network. Run: `npm run bench -- clearances`.
 *
 * Input: data/big (made by `npm run data -- --segments 1000000 --out data/big`; generated here first if missing).
 * Figures:
 *   - reading the records into columns (PipeColumnsBuilder), for the record;
 *   - the check over every pipe with the flatbush index (src/analysis/drawings/check.ts), target < 60 s on 2 cores;
 *   - baseline in the same run: the naive all-pairs check (every pipe against every other) on a sample of the pipes
 *     nearest the network's centre, against the indexed check on the same sample (answers checked equal), and the
 *     naive check extrapolated to the whole network (pairs grow with N²) against the measured indexed run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkClearances, PipeColumnsBuilder, selectColumns } from '../src/analysis/drawings/check';
import type { PipeSegment } from '../src/domain/schema';
import { forEachRecord } from '../tools/dataset/read';

const ROOT = resolve(import.meta.dirname, '..');
const argv = process.argv.slice(2);
const sampleArg = argv.indexOf('--sample');
const SAMPLE = sampleArg >= 0 ? Number(argv[sampleArg + 1]) : 4000;
const dirArg = argv.indexOf('--data');
const dir = dirArg >= 0 ? argv[dirArg + 1] : join(ROOT, 'data/big');

if (!existsSync(join(dir, 'segments.ndjson'))) {
  console.log(`${dir} missing: generating 1,000,000 segments (a few minutes)…`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'tools/generate/cli.ts'), '--segments', '1000000', '--out', dir], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(1);
}

const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
let t0 = performance.now();
const b = new PipeColumnsBuilder();
forEachRecord<PipeSegment>(join(dir, 'segments.ndjson'), (seg) => b.add(seg));
const cols = b.build();
const readMs = performance.now() - t0;
console.log(`read ${cols.count.toLocaleString('en')} segments into columns: ${s(readMs)}`);

t0 = performance.now();
const full = checkClearances(cols);
const fullMs = performance.now() - t0;
console.log(
  `indexed check, whole network: ${s(fullMs)} (target < 60 s) — ${full.checked.candidatePairs.toLocaleString('en')} candidate pairs, ` +
    `${full.checked.crossings.toLocaleString('en')} crossings, ${full.checked.parallel.toLocaleString('en')} parallel neighbours, ` +
    `${full.checked.noRule.toLocaleString('en')} without a rule; violations: horizontal ${full.counts.horizontal.toLocaleString('en')}, ` +
    `vertical ${full.counts.vertical.toLocaleString('en')}, cover ${full.counts.cover.toLocaleString('en')}`,
);

// sample: the SAMPLE pipes whose first vertex is nearest the mean position (a dense, contiguous patch)
let mx = 0, my = 0;
for (let i = 0; i < cols.count; i++) {
  mx += cols.lonlat[2 * cols.start[i]];
  my += cols.lonlat[2 * cols.start[i] + 1];
}
mx /= cols.count;
my /= cols.count;
const d2 = new Float64Array(cols.count);
for (let i = 0; i < cols.count; i++) {
  const dx = cols.lonlat[2 * cols.start[i]] - mx;
  const dy = cols.lonlat[2 * cols.start[i] + 1] - my;
  d2[i] = dx * dx + dy * dy;
}
const order = Array.from({ length: cols.count }, (_, i) => i).sort((a, b2) => d2[a] - d2[b2]);
const sample = selectColumns(cols, order.slice(0, SAMPLE).sort((a, b2) => a - b2));
t0 = performance.now();
const idx = checkClearances(sample);
const idxMs = performance.now() - t0;
t0 = performance.now();
const naive = checkClearances(sample, { method: 'naive' });
const naiveMs = performance.now() - t0;
const key = (r: typeof idx): string => JSON.stringify(r.violations.map((v) => [v.kind, v.a, v.b, v.value].join(' ')).sort());
const same = key(idx) === key(naive);
console.log(
  `sample of ${sample.count.toLocaleString('en')} pipes: indexed ${s(idxMs)}, naive all-pairs ${s(naiveMs)} → indexed ${(naiveMs / idxMs).toFixed(1)}× faster; ` +
    `answers ${same ? 'equal' : 'DIFFER'} (${idx.violations.length} violations)`,
);
const naiveFull = naiveMs * (cols.count / sample.count) ** 2;
console.log(`naive all-pairs extrapolated to ${cols.count.toLocaleString('en')} pipes (× N²): ≈ ${(naiveFull / 3.6e6).toFixed(1)} h → indexed ${(naiveFull / fullMs).toFixed(0)}× faster`);
if (!same) process.exitCode = 1;
