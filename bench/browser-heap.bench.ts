/**
 * JS heap and tile cache of the page while panning across the 1M-segment network (headless Chromium, software GL): the
 * viewer's widget + our tileset and PipeStyle, with the viewer's tileset options (src/viewer/pipes.ts: maximum
 * screen-space error 8 and no cache options, i.e. Cesium's default cacheBytes / maximumCacheOverflowBytes). One pass
 * is a street-level serpentine over the WHOLE network's bbox (ROWS × COLS stops at a few hundred metres, oblique,
 * looking along the row), so that the tiles visited in one pass exceed the cache and Cesium has to evict; repeated
 * PASSES times. After each pass: V8 heap in use after a forced GC (DevTools protocol) and Cesium's tile cache
 * (tileset.totalMemoryUsageInBytes), as ratios to the first pass (target: bounded, no growth), and the peak cache seen
 * during the pass against the configured limits, with the number of tiles evicted, so "bounded" is measured.
 *
 *   npm run bench -- browser-heap        (needs data/big; tiles it once into tmp/bench/tiles1m, a few minutes)
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../tools/prepare-lib';
import { ensureTiles, readMeta } from './lib/datasets';
import { startSite, type TileCache } from './lib/site';

const PASSES = 3;
const ROWS = 6;
const COLS = 9;
/** a stop at street level loads in 1–4 s here; the limit only guards against a stall */
const STOP_SETTLE_MS = 20_000;
/** low enough that the leaf tiles load around the camera (they refine within ~500 m at SSE 8) */
const HEIGHT_M = 300;

const dataDir = join(ROOT, 'data/big');
if (!existsSync(join(dataDir, 'meta.json'))) {
  console.log('data/big is missing: `npm run data -- --segments 1000000 --out data/big` first');
  process.exit(1);
}
const meta = readMeta(dataDir);
const tilesDir = ensureTiles(dataDir, 'tiles1m');
const [w, s, e, n] = meta.bbox;

/** a serpentine over the whole bbox: the centres of ROWS × COLS cells, heading east then west along the rows */
function stops(): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let row = 0; row < ROWS; row++) {
    for (let i = 0; i < COLS; i++) {
      const col = row % 2 === 0 ? i : COLS - 1 - i;
      out.push([w + ((col + 0.5) / COLS) * (e - w), s + ((row + 0.5) / ROWS) * (n - s), row % 2 === 0 ? 90 : 270]);
    }
  }
  return out;
}

const mb = (b: number): string => `${(b / 1048576).toFixed(1)} MB`;
const x = (a: number, b: number): string => `${(a / Math.max(1, b)).toFixed(3)}x`;

const site = await startSite({ tiles1m: tilesDir });
try {
  const p = await site.open();
  await p.call((b) => b.init({ globe: true }));
  await p.call((b, bbox) => b.view(bbox), meta.bbox);
  const t0 = Date.now();
  const { gids } = await p.call((b) => b.loadTiles('/tiles1m/tileset.json', { style: true }));
  const first = await p.call((b) => b.settle(120_000));
  console.log(`${gids} gids; whole-network view loaded in ${((Date.now() - t0) / 1000).toFixed(1)} s (complete: ${first.loaded})`);
  const heapLoaded = await p.heapAfterGc();
  const cacheLoaded = await p.call((b) => b.tileCache());
  console.log(`after loading: heap ${mb(heapLoaded)}, tile cache ${mb(cacheLoaded.bytes)} (${cacheLoaded.tiles} tiles)`);
  console.log(
    `tile cache limits (the viewer's: config tileCacheMB, default 512): trimmed to cacheBytes ${mb(cacheLoaded.cacheBytes)}, ` +
      `+ overflow ${mb(cacheLoaded.overflowBytes)} when the view needs more`,
  );
  const route = stops();
  console.log(`one pass: ${route.length} stops (${ROWS} rows × ${COLS}) over the whole network at ${HEIGHT_M} m, pitch −50°`);

  const heaps: number[] = [];
  const caches: TileCache[] = [];
  let incomplete = 0;
  let loadedBefore = cacheLoaded.loadedTotal;
  for (let pass = 0; pass < PASSES; pass++) {
    const t = Date.now();
    await p.call((b) => b.resetPeak());
    for (const [lon, lat, heading] of route) {
      await p.call((b, a) => b.panTo(a[0], a[1], a[2], a[3]), [lon, lat, HEIGHT_M, heading] as [number, number, number, number]);
      const r = await p.call((b, ms) => b.settle(ms), STOP_SETTLE_MS);
      if (!r.loaded) incomplete++;
    }
    heaps.push(await p.heapAfterGc());
    const c = await p.call((b) => b.tileCache());
    caches.push(c);
    console.log(
      `pass ${pass + 1}: heap ${mb(heaps[pass])} (${x(heaps[pass], heaps[0])} pass 1), ` +
        `tile cache ${mb(c.bytes)} (${x(c.bytes, caches[0].bytes)} pass 1), peak during the pass ${mb(c.peakBytes)}, ` +
        `${c.loadedTotal - loadedBefore} tiles loaded in the pass, ${c.tiles} in memory, ${c.loadedTotal - c.tiles} evicted so far, ` +
        `SSE ${c.memoryAdjustedSse.toFixed(1)}, ${((Date.now() - t) / 1000).toFixed(0)} s`,
    );
    loadedBefore = c.loadedTotal;
  }
  const last = caches[PASSES - 1];
  const peak = Math.max(...caches.map((c) => c.peakBytes));
  console.log(`heap after the last pass / after loading: ${(heaps[PASSES - 1] / heapLoaded).toFixed(2)}x`);
  console.log(`heap growth pass ${PASSES} vs pass 1: ${(((heaps[PASSES - 1] - heaps[0]) / heaps[0]) * 100).toFixed(1)} %`);
  console.log(
    `tile cache peak ${mb(peak)} = ${x(peak, last.cacheBytes)} cacheBytes, ` +
      `${x(peak, last.cacheBytes + last.overflowBytes)} cacheBytes + overflow; ` +
      `tiles loaded in all ${last.loadedTotal}, evicted ${last.loadedTotal - last.tiles}`,
  );
  if (last.loadedTotal === last.tiles) {
    console.log('(nothing was evicted: the route did not exceed the cache, so this run does not show the bound)');
  }
  if (incomplete) console.log(`(${incomplete} of ${PASSES * route.length} stops were not fully loaded within ${STOP_SETTLE_MS / 1000} s: measured anyway)`);
  if (p.errors.length) console.log(`page errors: ${p.errors.slice(0, 5).join(' | ')}`);
  await p.close();
} finally {
  await site.close();
}
