/**
 * Soak: the operations-centre screen left running — screen mode (1280×720, the 1920×1080 design scaled), the tour of
 * data/tours.json looping, the built-in feed simulator polled once a second (one update per second) with its demo
 * scenario's alarms coming and going, each new alarm interrupting the tour — for `--minutes N` (default 30).
 *
 * The simulator's clock runs 3× real time (it is advanced 2 s after every real second through its control endpoint),
 * so a 30-minute soak replays its 20-minute alarm timeline more than four times.
 *
 * Every minute, after a forced garbage collection (DevTools protocol): JS heap in use, DOM nodes, event listeners
 * (Performance.getMetrics), the pipe tiles' memory (tileset.totalMemoryUsageInBytes, GPU geometry and textures: the GPU
 * memory estimate), active alarms and warnings (DOM nodes and listeners follow them: each is a row in the alarm list),
 * tour stops shown and interrupts. Baseline: the sample after the warm-up (5 minutes, or a quarter of a shorter run,
 * at least 2); each figure is printed as a ratio to it. Target: heap growth < 10 % after warm-up, flat
 * nodes and listeners.
 *
 *   npm run bench -- soak [--minutes N]
 */
import { existsSync, mkdirSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { build, preview } from 'vite';
import { launchBrowser } from '../tools/browser/chromium';
import { parseCli, valued } from '../tools/cli';
import { prepareDataset, ROOT } from '../tools/prepare-lib';

const cli = parseCli({
  name: 'npm run bench -- soak',
  usage: 'usage: npm run bench -- soak [--minutes N]   (default 30; at least 3)\n',
  options: { ...valued('minutes') },
});
const minutes = Math.max(3, cli.int('minutes') ?? 30);
// the feed's per-sensor histories and Cesium's caches fill in the first minutes: the baseline is taken after them
const warmupMin = Math.max(2, Math.min(5, Math.round(minutes / 4)));

const SOAK = join(ROOT, 'tmp/bench/soak');
const dataDir = join(SOAK, 'data');
const publicDir = join(SOAK, 'public');
const outDir = join(SOAK, 'dist');
const PORT = 4341;

mkdirSync(publicDir, { recursive: true });
prepareDataset({ dataDir, publicDir, segments: 3000, log: (l) => console.log(l) });
copyFileSync(join(ROOT, 'public/config.json'), join(publicDir, 'config.json'));
process.env.FEED_CONTROL = '1';
console.log('building the app (vite, mode e2e, public folder tmp/bench/soak/public) …');
await build({ root: ROOT, mode: 'e2e', configLoader: 'runner', logLevel: 'warn', publicDir, build: { outDir, emptyOutDir: true } });
const server = await preview({ root: ROOT, mode: 'e2e', configLoader: 'runner', logLevel: 'warn', publicDir, build: { outDir }, preview: { host: '127.0.0.1', port: PORT } });
const base = server.resolvedUrls?.local[0]?.replace(/\/$/, '') ?? `http://127.0.0.1:${PORT}`;
if (!existsSync(join(outDir, 'index.html'))) throw new Error('the build did not write index.html');

/** the part of window.__twin this benchmark uses (src/app/testHooks.ts, src/app/screen.ts; bench/ may not import app/) */
interface Hooks {
  ready: Promise<void>;
  feedPollNow(): void;
  alarmRows(): unknown[];
  screen: {
    ready(): Promise<void>;
    tour(): { index: number; id: string; playing: boolean; interrupt: string | null } | null;
    tileBytes(): number | null;
  };
}

interface Sample {
  min: number;
  heap: number;
  nodes: number;
  listeners: number;
  tiles: number | null;
  stops: number;
  interrupts: number;
  polls: number;
  alarms: number;
}

async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

const mb = (b: number): string => `${(b / 1048576).toFixed(1)} MB`;
const ratio = (a: number, b: number): string => `${(a / Math.max(1, b)).toFixed(3)}x`;

const browser = await launchBrowser();
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'zh-CN' });
  const page: Page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const t0 = Date.now();
  await page.goto(`${base}/?screen&debug`, { timeout: 180_000 });
  await page.waitForFunction(() => Boolean((window as unknown as { __twin?: { screen?: unknown } }).__twin?.screen), undefined, { timeout: 180_000 });
  await page.evaluate(async () => {
    const t = (window as unknown as { __twin: Hooks }).__twin;
    await t.ready;
    await t.screen.ready();
  });
  console.log(`screen mode up in ${((Date.now() - t0) / 1000).toFixed(0)} s; soak ${minutes} min (warm-up ${warmupMin} min), feed polled every second, simulator clock 3× real time`);

  // one update per second: poll now, and move the simulator's clock 2 s further (3× real time)
  let polls = 0;
  let stops = 0;
  let interrupts = 0;
  let lastStop = '';
  let lastInterrupt: string | null = null;
  const feedTimer = setInterval(() => {
    void fetch(`${base}/api/feed/_control?advance=2`).catch(() => undefined);
    void page
      .evaluate(() => {
        const t = (window as unknown as { __twin: Hooks }).__twin;
        t.feedPollNow();
        const tour = t.screen.tour();
        return tour ? { id: `${tour.index}:${tour.id}`, interrupt: tour.interrupt } : null;
      })
      .then((tour) => {
        polls++;
        if (tour && tour.id !== lastStop) {
          stops++;
          lastStop = tour.id;
        }
        if (tour?.interrupt && tour.interrupt !== lastInterrupt) interrupts++;
        lastInterrupt = tour?.interrupt ?? null;
      })
      .catch(() => undefined);
  }, 1000);

  const samples: Sample[] = [];
  const start = Date.now();
  for (let m = 1; m <= minutes; m++) {
    const due = start + m * 60_000;
    await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
    const x = await metrics(cdp);
    const [tiles, alarms] = await page.evaluate(() => {
      const t = (window as unknown as { __twin: Hooks }).__twin;
      return [t.screen.tileBytes(), t.alarmRows().length] as const;
    });
    const s: Sample = { min: m, heap: x.JSHeapUsedSize ?? 0, nodes: x.Nodes ?? 0, listeners: x.JSEventListeners ?? 0, tiles, stops, interrupts, polls, alarms };
    samples.push(s);
    const b = samples[warmupMin - 1];
    const vs = m >= warmupMin && b ? ` (${ratio(s.heap, b.heap)} heap, ${ratio(s.nodes, b.nodes)} nodes, ${ratio(s.listeners, b.listeners)} listeners vs minute ${warmupMin})` : ' (warm-up)';
    console.log(
      `min ${String(m).padStart(2)}: heap ${mb(s.heap)}, DOM nodes ${s.nodes}, listeners ${s.listeners}, tile memory ${s.tiles === null ? '—' : mb(s.tiles)}, ` +
        `alarms+warnings ${alarms}, tour stops ${stops}, interrupts ${interrupts}, feed polls ${polls}${vs}`,
    );
  }
  clearInterval(feedTimer);

  const b = samples[warmupMin - 1];
  const after = samples.slice(warmupMin - 1);
  const last = samples[samples.length - 1];
  const maxOf = (k: 'heap' | 'nodes' | 'listeners'): number => Math.max(...after.map((s) => s[k]));
  const growth = ((last.heap - b.heap) / b.heap) * 100;
  console.log(`\nbaseline: minute ${warmupMin} (after warm-up): heap ${mb(b.heap)}, nodes ${b.nodes}, listeners ${b.listeners}`);
  console.log(`heap: last ${ratio(last.heap, b.heap)}, peak ${ratio(maxOf('heap'), b.heap)} baseline; growth ${growth.toFixed(1)} % (target < 10 %: ${growth < 10 ? 'met' : 'NOT met'})`);
  console.log(`DOM nodes: last ${ratio(last.nodes, b.nodes)}, peak ${ratio(maxOf('nodes'), b.nodes)} baseline`);
  console.log(`listeners: last ${ratio(last.listeners, b.listeners)}, peak ${ratio(maxOf('listeners'), b.listeners)} baseline`);
  if (last.tiles !== null && b.tiles !== null) console.log(`tile (GPU) memory: last ${ratio(last.tiles, b.tiles)} baseline (${mb(last.tiles)})`);
  console.log(`${stops} tour stops, ${interrupts} alarm interrupts, ${polls} feed polls in ${minutes} min`);
  if (errors.length) console.log(`page errors (${errors.length}): ${errors.slice(0, 5).join(' | ')}`);
  await context.close();
} finally {
  await browser.close();
  await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
}
