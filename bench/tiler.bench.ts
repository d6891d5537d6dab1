/**
 * The tiler at city scale. Run: `npm run bench -- tiler`.
 *
 * Input: data/big (made by `npm run data -- --segments 1000000 --out data/big`; generated here first if missing —
 * that takes a few minutes). TILER_BENCH_IN=<dir> picks another dataset.
 *
 * Each figure is printed against a baseline measured in the same run, in a fresh process each:
 *   - wall time and CPU time (all threads): the tiler (`runTiler`, default options) vs merely reading and
 *                 JSON-parsing every NDJSON line (the floor of any tiler that reads this input);
 *   - peak memory (max RSS, all threads): the tiler vs that same read+parse process;
 *   - size on disk per segment: tiles (glb + tileset.json), + ids.txt, + the assets sidecar, vs the raw NDJSON
 *                 input per segment.
 * Targets (issue "city scale", 1M segments on this 2-core machine): < 90 s, < 4 GB peak RSS, ≤ 250 bytes per
 * segment for the tileset with ids.txt (reported with and without the assets sidecar).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const IN = resolve(ROOT, process.env.TILER_BENCH_IN ?? 'data/big');
const OUT = join(ROOT, 'tmp/bench-tiler');

interface ChildReport {
  seconds: number;
  /** user + system CPU time of all threads, s (steadier than wall time on a shared machine) */
  cpuSeconds: number;
  maxRssBytes: number;
  extra?: Record<string, number>;
}

/** Child mode: run one measured task and print its report as the last line. */
async function child(kind: string): Promise<void> {
  const t0 = performance.now();
  const extra: Record<string, number> = {};
  if (kind === 'parse') {
    const { forEachLine } = await import('../tools/dataset/read');
    let n = 0;
    for (const f of ['segments.ndjson', 'nodes.ndjson']) {
      forEachLine(join(IN, f), (line) => {
        if ((JSON.parse(line.toString('utf8')) as { gid: number }).gid >= 0) n++;
      });
    }
    extra.records = n;
  } else {
    const { runTiler } = await import('../tools/tiler/tiler');
    const r = await runTiler({ inDir: IN, outDir: OUT, log: () => {} });
    extra.segments = r.segments;
    extra.nodes = r.nodes;
    extra.tiles = r.contentTiles;
    extra.readSeconds = r.seconds.read;
  }
  const cpu = process.cpuUsage();
  const report: ChildReport = {
    seconds: (performance.now() - t0) / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    extra,
  };
  console.log(JSON.stringify(report));
}

function measure(kind: string): ChildReport {
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', kind], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`${kind} child failed: ${r.stderr}`);
  const last = r.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as ChildReport;
}

function duBytes(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.size;
  return readdirSync(path).reduce((s, f) => s + duBytes(join(path, f)), 0);
}

async function main(): Promise<void> {
  if (!existsSync(join(IN, 'meta.json'))) {
    console.log(`no dataset at ${IN}: generating 1,000,000 segments there first`);
    const g = spawnSync(process.execPath, ['--import', 'tsx', 'tools/generate/cli.ts', '--segments', '1000000', '--out', IN], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    if (g.status !== 0) throw new Error('generator failed');
  }
  const meta = JSON.parse(readFileSync(join(IN, 'meta.json'), 'utf8')) as { segmentCount: number; nodeCount: number; name: string };
  const S = meta.segmentCount;
  const inputBytes = duBytes(join(IN, 'segments.ndjson')) + duBytes(join(IN, 'nodes.ndjson'));
  console.log(`input: ${meta.name}: ${S} segments, ${meta.nodeCount} nodes, ${(inputBytes / 1e6).toFixed(0)} MB NDJSON`);

  const base = measure('parse');
  console.log(
    `baseline read+parse: ${base.seconds.toFixed(1)} s wall, ${base.cpuSeconds.toFixed(1)} s CPU, ` +
      `peak RSS ${(base.maxRssBytes / 2 ** 20).toFixed(0)} MiB`,
  );
  const tiler = measure('tile');
  const content = duBytes(join(OUT, 'content')) + duBytes(join(OUT, 'tileset.json'));
  const ids = duBytes(join(OUT, 'ids.txt'));
  const assets = duBytes(join(OUT, 'assets'));
  const perSeg = (b: number): string => `${(b / S).toFixed(1)} B/segment`;
  const inPerSeg = inputBytes / S;

  console.log('');
  console.log(`tiling wall time     ${tiler.seconds.toFixed(1)} s = ${(tiler.seconds / base.seconds).toFixed(2)} × read+parse` +
    `   (target < 90 s; of it reading ${tiler.extra?.readSeconds?.toFixed(1)} s; ${tiler.extra?.tiles} content tiles)`);
  console.log(`tiling CPU time      ${tiler.cpuSeconds.toFixed(1)} s = ${(tiler.cpuSeconds / base.cpuSeconds).toFixed(2)} × read+parse` +
    `   (all threads; steadier than wall time when the machine is shared)`);
  console.log(`peak RSS             ${(tiler.maxRssBytes / 2 ** 20).toFixed(0)} MiB = ${(tiler.maxRssBytes / base.maxRssBytes).toFixed(2)} × read+parse` +
    `   (target < 4096 MiB)`);
  console.log(`tileset + ids.txt    ${perSeg(content + ids)} = ${((content + ids) / S / inPerSeg).toFixed(3)} × raw NDJSON (${perSeg(inputBytes)})` +
    `   (target ≤ 250)`);
  console.log(`  of it tiles        ${perSeg(content)}, ids.txt ${perSeg(ids)}`);
  console.log(`with assets sidecar  ${perSeg(content + ids + assets)} = ${((content + ids + assets) / S / inPerSeg).toFixed(3)} × raw NDJSON` +
    `   (assets/ alone ${perSeg(assets)}: the records as JSON, as the viewer reads them)`);
}

const i = process.argv.indexOf('--child');
if (i >= 0) await child(process.argv[i + 1]);
else await main();
