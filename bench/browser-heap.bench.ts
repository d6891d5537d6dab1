/**
 * JS heap of the page while panning across the 1M-segment network (headless Chromium, software GL): the viewer's
 * widget + our tileset and PipeStyle, a scripted street-level pan (a serpentine over the network at a few hundred
 * metres, oblique) repeated several passes. After each pass: V8 heap in use after a forced GC (DevTools protocol)
 * and Cesium's tile cache (tileset.totalMemoryUsageInBytes), as ratios to the first pass (target: bounded, no growth).
 *
 *   npm run bench -- browser-heap        (needs data/big; tiles it once into tmp/bench/tiles1m, a few minutes)
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../tools/prepare-lib';
import { ensureTiles, readMeta } from './lib/datasets';
import { startSite } from './lib/site';

const PASSES = 3;
const STEPS = 8;
const STEP_SETTLE_MS = 12_000;
const HEIGHT_M = 600;

const dataDir = join(ROOT, 'data/big');
if (!existsSync(join(dataDir, 'meta.json'))) {
  console.log('data/big is missing: `npm run data -- --segments 1000000 --out data/big` first');
  process.exit(1);
}
const meta = readMeta(dataDir);
const tilesDir = ensureTiles(dataDir, 'tiles1m');
const [w, s, e, n] = meta.bbox;

/** a serpentine over the middle 60 % of the network: STEPS camera stops */
function stops(): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let i = 0; i < STEPS; i++) {
    const row = Math.floor(i / (STEPS / 2));
    const col = i % (STEPS / 2);
    const fx = 0.2 + (0.6 * (row % 2 === 0 ? col : STEPS / 2 - 1 - col)) / (STEPS / 2 - 1);
    const fy = 0.3 + 0.4 * row;
    out.push([w + fx * (e - w), s + fy * (n - s), (i * 45) % 360]);
  }
  return out;
}

const mb = (b: number): string => `${(b / 1048576).toFixed(1)} MB`;

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
  const cacheLoaded = await p.call((b) => b.tilesetBytes());
  console.log(`after loading: heap ${mb(heapLoaded)}, tile cache ${mb(cacheLoaded)}`);

  const heaps: number[] = [];
  const caches: number[] = [];
  let incomplete = 0;
  for (let pass = 0; pass < PASSES; pass++) {
    const t = Date.now();
    for (const [lon, lat, heading] of stops()) {
      await p.call((b, a) => b.panTo(a[0], a[1], a[2], a[3]), [lon, lat, HEIGHT_M, heading] as [number, number, number, number]);
      const r = await p.call((b, ms) => b.settle(ms), STEP_SETTLE_MS);
      if (!r.loaded) incomplete++;
    }
    heaps.push(await p.heapAfterGc());
    caches.push(await p.call((b) => b.tilesetBytes()));
    console.log(
      `pass ${pass + 1}: heap ${mb(heaps[pass])} (${(heaps[pass] / heaps[0]).toFixed(3)}x pass 1), ` +
        `tile cache ${mb(caches[pass])} (${(caches[pass] / Math.max(1, caches[0])).toFixed(3)}x pass 1), ${((Date.now() - t) / 1000).toFixed(0)} s`,
    );
  }
  console.log(`heap after the last pass / after loading: ${(heaps[PASSES - 1] / heapLoaded).toFixed(2)}x`);
  console.log(`heap growth pass ${PASSES} vs pass 1: ${(((heaps[PASSES - 1] - heaps[0]) / heaps[0]) * 100).toFixed(1)} %`);
  if (incomplete) console.log(`(${incomplete} of ${PASSES * STEPS} stops were not fully loaded within ${STEP_SETTLE_MS / 1000} s: measured anyway)`);
  if (p.errors.length) console.log(`page errors: ${p.errors.slice(0, 5).join(' | ')}`);
  await p.close();
} finally {
  await site.close();
}
