/**
 * The sample network (data/sample) in the browser (headless Chromium, software GL): load time and frame time of our
 * tileset (with the viewer's PipeStyle shader) against the same segments as a Cesium GeoJsonDataSource of LineStrings,
 * and frame time against an empty globe (the baseline for "interactivity comparable to an empty globe").
 * Every load runs in a fresh browser context (empty HTTP cache), same viewport, same camera (the whole network).
 *
 *   npm run bench -- browser-load        [--data data/sample]
 */
import { join } from 'node:path';
import { ROOT } from '../tools/prepare-lib';
import { ensureSegmentsGeojson, ensureTiles, readMeta } from './lib/datasets';
import { fmt, median, startSite, type BenchPage, type FrameStats } from './lib/site';

const LOADS = 2;
const FRAMES = 40;
const ORBIT_DEG = 0.5;

const argi = process.argv.indexOf('--data');
const dataDir = join(ROOT, argi >= 0 ? process.argv[argi + 1] : 'data/sample');
const meta = readMeta(dataDir);
const tilesDir = ensureTiles(dataDir, 'tilesSample');
const geojson = await ensureSegmentsGeojson(dataDir, 'geojsonSample');
console.log(`dataset ${dataDir}: ${meta.segmentCount} segments, ${meta.nodeCount} nodes`);

type Kind = 'empty' | 'tiles' | 'geojson';

const site = await startSite({ tilesSample: tilesDir, geojsonSample: join(geojson, '..') });

async function run(kind: Kind): Promise<{ load: number; frames: FrameStats; loaded: boolean; errors: string[] }> {
  const p: BenchPage = await site.open();
  try {
    await p.call((b) => b.init({ globe: true }));
    await p.call((b, bbox) => b.view(bbox), meta.bbox);
    // the globe's own tiles first, so every kind starts from the same settled empty scene
    await p.call((b) => b.settle(60_000));
    const t0 = Date.now();
    if (kind === 'tiles') await p.call((b) => b.loadTiles('/tilesSample/tileset.json', { style: true }));
    if (kind === 'geojson') await p.call((b) => b.loadGeojson('/geojsonSample/segments.geojson'));
    const s = await p.call((b) => b.settle(180_000));
    const load = Date.now() - t0;
    const frames = await p.call((b, a) => b.frameTimes(a[0], a[1]), [FRAMES, ORBIT_DEG] as [number, number]);
    return { load, frames, loaded: s.loaded, errors: p.errors.slice() };
  } finally {
    await p.close();
  }
}

try {
  const res: Record<Kind, { load: number[]; main: number[]; wall: number[] }> = {
    empty: { load: [], main: [], wall: [] },
    tiles: { load: [], main: [], wall: [] },
    geojson: { load: [], main: [], wall: [] },
  };
  for (let i = 0; i < LOADS; i++) {
    for (const kind of ['empty', 'tiles', 'geojson'] as const) {
      const r = await run(kind);
      if (!r.loaded) console.log(`  (${kind}: not fully loaded within the time limit)`);
      if (r.errors.length) console.log(`  (${kind} page errors: ${r.errors.slice(0, 3).join(' | ')})`);
      res[kind].load.push(r.load);
      res[kind].main.push(r.frames.mainMedian);
      res[kind].wall.push(r.frames.wallMedian);
    }
  }
  const m = (k: Kind, f: 'load' | 'main' | 'wall'): number => median(res[k][f]);
  console.log(
    'CAVEAT: in this harness the GeoJSON lines are not drawn (screenshots show an empty scene although the data source ' +
      'reports ready): its load time stops at "ready", its frame times are not a fair comparison yet',
  );
  console.log(`medians of ${LOADS} fresh loads; frame = median of ${FRAMES} frames turning ${ORBIT_DEG}° back and forth`);
  console.log(`  load (request → everything in view drawn): tileset ${fmt(m('tiles', 'load'))}, GeoJSON ${fmt(m('geojson', 'load'))}`);
  console.log(`    GeoJSON / tileset load time: ${(m('geojson', 'load') / m('tiles', 'load')).toFixed(1)}x`);
  console.log(
    `  frame, main thread: empty globe ${fmt(m('empty', 'main'))}, tileset ${fmt(m('tiles', 'main'))}, GeoJSON ${fmt(m('geojson', 'main'))}`,
  );
  console.log(
    `  frame, drawn (software GL): empty globe ${fmt(m('empty', 'wall'))}, tileset ${fmt(m('tiles', 'wall'))}, GeoJSON ${fmt(m('geojson', 'wall'))}`,
  );
  console.log(`    tileset / empty globe frame: main thread ${(m('tiles', 'main') / m('empty', 'main')).toFixed(2)}x, drawn ${(m('tiles', 'wall') / m('empty', 'wall')).toFixed(2)}x`);
  console.log(`    GeoJSON / tileset frame:     main thread ${(m('geojson', 'main') / m('tiles', 'main')).toFixed(2)}x, drawn ${(m('geojson', 'wall') / m('tiles', 'wall')).toFixed(2)}x`);
} finally {
  await site.close();
}
