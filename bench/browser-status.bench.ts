/**
 * Applying 100,000 status changes in the browser (headless Chromium, software GL): main-thread time of our path —
 * PipeStyle.setStatuses (one R8 texture upload through CustomShader.setUniform) and the frame after it — against the
 * baseline measured on the same tileset in the same page: a Cesium3DTileStyle whose color is a custom evaluateColor
 * reading the status by the feature's gid (the cheapest style there is: no expression parsing) + makeStyleDirty, and
 * the frame that evaluates it. Targets: ≥ 20× faster, < 16 ms.
 *
 *   npm run bench -- browser-status      (first run generates and tiles 100k segments into tmp/bench/, cached)
 */
import { ensureData, ensureTiles, readMeta } from './lib/datasets';
import { fmt, median, startSite, type FrameTime, type StatusRun } from './lib/site';

const CHANGES = 100_000;
const REPS = 15;

const dataDir = ensureData('data100k', 100_000);
const tilesDir = ensureTiles(dataDir, 'tiles100k');
const meta = readMeta(dataDir);

const site = await startSite({ tiles100k: tilesDir });
try {
  const p = await site.open();
  await p.call((b) => b.init({ globe: true }));
  await p.call((b, bbox) => b.view(bbox, -89), meta.bbox);
  // screen-space error 1: from this whole-network view Cesium refines to the leaf tiles, so (nearly) every feature
  // is loaded and a style has to evaluate all of them
  const { gids } = await p.call((b) => b.loadTiles('/tiles100k/tileset.json', { style: true, maximumScreenSpaceError: 1 }));
  const settle = await p.call((b) => b.settle(240_000));
  const inView = await p.call((b) => b.featuresInView());
  console.log(
    `tileset: ${gids} gids; settled in ${(settle.ms / 1000).toFixed(1)} s (loaded: ${settle.loaded}); ` +
      `${inView.tiles} tiles, ${inView.features} features in view`,
  );

  // each change is measured right after a plain frame (no change) of its own, on a noisy shared machine
  const plain: FrameTime[] = [];
  // our path (one warm-up run first: texture creation, first upload)
  await p.call((b, n) => b.statusOurs(n, 99), CHANGES);
  const ours: StatusRun[] = [];
  for (let i = 0; i < REPS; i++) {
    plain.push(await p.call((b) => b.plainFrame()));
    ours.push(await p.call((b, a) => b.statusOurs(a[0], a[1]), [CHANGES, i + 1] as [number, number]));
  }

  // baseline: same tileset, our shader removed (the style colours would otherwise be overwritten), settle again
  await p.call((b) => b.dropCustomShader());
  await p.call((b) => b.settle(120_000));
  await p.call((b, n) => b.statusStyle(n, 99), CHANGES);
  await p.call((b) => b.settle(120_000));
  const plainStyled: FrameTime[] = [];
  const style: StatusRun[] = [];
  for (let i = 0; i < REPS; i++) {
    plainStyled.push(await p.call((b) => b.plainFrame()));
    style.push(await p.call((b, a) => b.statusStyle(a[0], a[1]), [CHANGES, i + 1] as [number, number]));
  }

  // main-thread script time: the call + scene.render() of the frame that shows it (the GPU process draws apart)
  const main = (r: StatusRun): number => r.apply + r.frame.main;
  const oTotal = median(ours.map(main));
  const sTotal = median(style.map(main));
  const oPlain = median(plain.map((f) => f.main));
  const sPlain = median(plainStyled.map((f) => f.main));
  console.log(`${CHANGES} status changes, main-thread ms, median of ${REPS} (call + the frame that shows it):`);
  console.log(`  baseline Cesium3DTileStyle evaluateColor + makeStyleDirty: call ${fmt(median(style.map((r) => r.apply)))}, total ${fmt(sTotal)}; a plain frame ${fmt(sPlain)}`);
  console.log(`  ours PipeStyle.setStatuses (one texture upload):          call ${fmt(median(ours.map((r) => r.apply)))}, total ${fmt(oTotal)}; a plain frame ${fmt(oPlain)}`);
  console.log(`  speed-up (baseline total / ours total): ${(sTotal / oTotal).toFixed(1)}x  (target >= 20x)`);
  // per change: its cost minus the plain frame just before it, median over the runs
  const oExtra = median(ours.map((r, i) => main(r) - plain[i].main));
  const sExtra = median(style.map((r, i) => main(r) - plainStyled[i].main));
  console.log(`  cost above a plain frame: ours ${fmt(oExtra)}, baseline ${fmt(sExtra)} -> ${(sExtra / Math.max(oExtra, 0.05)).toFixed(0)}x`);
  console.log(`  ours total ${oTotal < 16 ? '<' : '>='} 16 ms (target < 16 ms)`);
  console.log(
    `  (wall time incl. software-GL drawing, for reference: ours ${fmt(median(ours.map((r) => r.apply + r.frame.wall)))}, ` +
      `baseline ${fmt(median(style.map((r) => r.apply + r.frame.wall)))})`,
  );
  if (p.errors.length) console.log(`page errors: ${p.errors.slice(0, 5).join(' | ')}`);
  await p.close();
} finally {
  await site.close();
}
