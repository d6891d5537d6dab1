/**
 * The sample network (data/sample) in the browser (headless Chromium, software GL): load time and frame time of our
 * tileset (with the viewer's PipeStyle shader) against the same segments as a Cesium GeoJsonDataSource of LineStrings,
 * and frame time against an empty globe (the baseline for "interactivity comparable to an empty globe").
 * Every load runs in a fresh browser context (empty HTTP cache), same viewport, same camera (the whole network).
 * Load time = from starting the load to the second frame in a row with everything in view loaded and drawn (for the
 * GeoJSON: until its worker-built polylines are shown, see entitiesDrawn in bench/pages/bench.ts). The GeoJSON is
 * loaded the way a user would: 2D LineStrings, Cesium's defaults (drawn on the ellipsoid, which is the ground here;
 * the globe does not hide them, as the widget does not depth-test against it). That each scene really shows the
 * network is checked on the pixels (share of the view that is neither globe nor sky, the empty globe as baseline);
 * a screenshot of each kind's first load is kept in tmp/bench/browser-load-<kind>.png.
 *
 *   npm run bench -- browser-load        [--data data/sample]
 */
import { join } from 'node:path';
import { ROOT } from '../tools/prepare-lib';
import { BENCH_DIR, ensureSegmentsGeojson, ensureTiles, readMeta } from './lib/datasets';
import { fmt, median, startSite, type BenchPage, type FrameStats } from './lib/site';

const LOADS = 3;
const FRAMES = 40;
const ORBIT_DEG = 0.5;
/** less than this share of the view's pixels more than the empty globe: the network is not on screen, the comparison invalid */
const MIN_DRAWN = 0.01;

const argi = process.argv.indexOf('--data');
const dataDir = join(ROOT, argi >= 0 ? process.argv[argi + 1] : 'data/sample');
const meta = readMeta(dataDir);
const tilesDir = ensureTiles(dataDir, 'tilesSample');
const geojson = await ensureSegmentsGeojson(dataDir, 'geojsonSample');
console.log(`dataset ${dataDir}: ${meta.segmentCount} segments, ${meta.nodeCount} nodes`);

type Kind = 'empty' | 'tiles' | 'geojson';

const site = await startSite({ tilesSample: tilesDir, geojsonSample: join(geojson, '..') });

interface Run {
  load: number;
  /** the part of `load` spent in the load call itself (tileset.json / fetch + parse + entities), the rest is drawing */
  call: number;
  frames: FrameStats;
  loaded: boolean;
  /** share of the pixels that are neither the globe's base colour nor the sky */
  drawn: number;
  errors: string[];
}

async function run(kind: Kind, screenshot: boolean): Promise<Run> {
  const p: BenchPage = await site.open();
  try {
    await p.call((b) => b.init({ globe: true }));
    await p.call((b, bbox) => b.view(bbox), meta.bbox);
    // the globe's own tiles first, so every kind starts from the same settled empty scene
    await p.call((b) => b.settle(60_000));
    const t0 = Date.now();
    if (kind === 'tiles') await p.call((b) => b.loadTiles('/tilesSample/tileset.json', { style: true }));
    if (kind === 'geojson') await p.call((b) => b.loadGeojson('/geojsonSample/segments.geojson'));
    const call = Date.now() - t0;
    const s = await p.call((b) => b.settle(180_000));
    const load = Date.now() - t0;
    const drawn = await p.call((b) => b.drawnFraction());
    if (screenshot) await p.page.screenshot({ path: join(BENCH_DIR, `browser-load-${kind}.png`) });
    const frames = await p.call((b, a) => b.frameTimes(a[0], a[1]), [FRAMES, ORBIT_DEG] as [number, number]);
    return { load, call, frames, loaded: s.loaded, drawn, errors: p.errors.slice() };
  } finally {
    await p.close();
  }
}

try {
  type Figure = 'load' | 'call' | 'main' | 'wall' | 'drawn';
  const figures = (): Record<Figure, number[]> => ({ load: [], call: [], main: [], wall: [], drawn: [] });
  const res: Record<Kind, Record<Figure, number[]>> = { empty: figures(), tiles: figures(), geojson: figures() };
  for (let i = 0; i < LOADS; i++) {
    for (const kind of ['empty', 'tiles', 'geojson'] as const) {
      const r = await run(kind, i === 0);
      if (!r.loaded) console.log(`  (${kind}: not fully loaded within the time limit)`);
      if (r.errors.length) console.log(`  (${kind} page errors: ${r.errors.slice(0, 3).join(' | ')})`);
      res[kind].load.push(r.load);
      res[kind].call.push(r.call);
      res[kind].main.push(r.frames.mainMedian);
      res[kind].wall.push(r.frames.wallMedian);
      res[kind].drawn.push(r.drawn);
    }
  }
  const m = (k: Kind, f: Figure): number => median(res[k][f]);
  const pct = (k: Kind): string => `${(Math.min(...res[k].drawn) * 100).toFixed(1)} %`;
  console.log(
    `network on screen (share of pixels neither globe nor sky, least of ${LOADS} loads): ` +
      `empty globe ${pct('empty')}, tileset ${pct('tiles')}, GeoJSON ${pct('geojson')}`,
  );
  const baseline = Math.max(...res.empty.drawn);
  const missing = (['tiles', 'geojson'] as const).filter((k) => Math.min(...res[k].drawn) < baseline + MIN_DRAWN);
  if (missing.length) {
    // a scene that does not show the network would make every ratio below meaningless
    console.log(`FAIL: not drawn (< ${MIN_DRAWN * 100} % of the view more than the empty globe): ${missing.join(', ')}`);
    process.exitCode = 1;
  }
  console.log(`medians of ${LOADS} fresh loads; frame = median of ${FRAMES} frames turning ${ORBIT_DEG}° back and forth`);
  console.log(`  load (request → everything in view drawn): tileset ${fmt(m('tiles', 'load'))}, GeoJSON ${fmt(m('geojson', 'load'))}`);
  console.log(
    `    of which the load call (tileset.json / GeoJsonDataSource.load + add): tileset ${fmt(m('tiles', 'call'))}, ` +
      `GeoJSON ${fmt(m('geojson', 'call'))}`,
  );
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
