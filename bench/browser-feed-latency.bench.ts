/**
 * Live feed, end to end in the browser (headless Chromium, software GL): from the moment the feed HTTP response that
 * carries a changed reading is delivered to the page to the moment the pipe shows its new colour, against a baseline
 * measured the same way in the same page: the viewer's own repaint path alone (`__twin.setStatuses` for the same gid,
 * the hook the feed's 'status' event ends in) → the same pixels changed. The difference is what the feed adds (body
 * read, JSON.parse, validation, thresholds, store events); the poll interval (5 s) is printed as the other yardstick.
 *
 *   npm run bench -- browser-feed-latency      (builds the app into tmp/bench/app when its sources changed; ≈1 min)
 *
 * Measured 2026-11-29 on the shared 2-core machine (9 reps each): baseline 241 ms, ours 224 ms, ratio 0.93×: the
 * feed's own work (body, parse, validate, store) is lost in the noise of one software-GL frame (160–380 ms here).
 *
 * How the change is injected: a page route passes the simulator's documents through (the app is served by
 * `vite preview` with the feed plugin, data from public/), replacing one water-pressure sensor's latest reading by
 * 0.05 MPa (alarm, < 0.14) or 0.30 MPa (normal), with a newer time and sequence; `__twin.feedPollNow()` asks for it.
 *
 * How "on screen" is detected: by reading pixels. An init script wraps the page's WebGL context and
 * requestAnimationFrame: after every animation-frame callback in which Cesium drew (a `clear` was issued), it reads a
 * 5×5 block of the drawing buffer at the pipe's canvas position (`__twin.canvasPositionOf`) with `gl.readPixels`, in
 * the same task as the draw (the drawing buffer is still valid; the read waits for the software rasteriser, so the
 * pixels exist). The time recorded is when that read returns and differs from the block read before the change.
 * "Delivered" is the Resource Timing `responseEnd` of the last /api/feed response before that frame (same clock,
 * performance.now()). Only normal → alarm is timed (an alarmed pipe pulses, so alarm → normal has no stable "before").
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, Route } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';
import { parseIdList } from '../src/feed/ids';
import type { SensorDef } from '../src/domain/schema';
import { launchBrowser } from '../tools/browser/chromium';
import { ROOT } from '../tools/prepare-lib';
import { fmt, median } from './lib/site';

const REPS = 9;
const PORT = 4332;
const OUT = join(ROOT, 'tmp/bench/app');
const POLL_MS = 5000;
const ALARM = 0.05;
const NORMAL = 0.3;
/** time for the repetitions (the whole run stays under 4 minutes once the app is built) */
const MEASURE_MS = 150_000;

function newest(paths: string[]): number {
  let t = 0;
  for (const p of paths) {
    if (!existsSync(p)) continue;
    const s = statSync(p);
    t = Math.max(t, s.isDirectory() ? newest(readdirSync(p).map((f) => join(p, f))) : s.mtimeMs);
  }
  return t;
}

async function ensureApp(): Promise<void> {
  const sources = ['src', 'index.html', 'vite.config.ts', 'public/config.json', 'tools/feed'].map((p) => join(ROOT, p));
  if (existsSync(join(OUT, 'index.html')) && statSync(join(OUT, 'index.html')).mtimeMs > newest(sources)) return;
  const t0 = Date.now();
  await build({ root: ROOT, logLevel: 'warn', build: { outDir: OUT, emptyOutDir: true } });
  console.log(`(built the app into tmp/bench/app in ${((Date.now() - t0) / 1000).toFixed(0)} s)`);
}

/** Installed before the app loads: the pixel probe (see the header). */
function probeScript(): void {
  interface Probe {
    /** every WebGL context the page made (a feature check may make one before Cesium's) */
    all: (WebGLRenderingContext | WebGL2RenderingContext)[];
    /** the one watched: chosen by arm() (the biggest canvas in the document) */
    gl: WebGLRenderingContext | WebGL2RenderingContext | null;
    clears: number;
    seen: number;
    /** drawing-buffer pixel rectangle to watch */
    rect: [number, number, number, number] | null;
    ref: Uint8Array | null;
    last: Uint8Array | null;
    /** performance.now() when the watched block first differed from ref; reset by arm() */
    changedAt: number | null;
    frames: number;
  }
  const p: Probe = { all: [], gl: null, clears: 0, seen: 0, rect: null, ref: null, last: null, changedAt: null, frames: 0 };
  (window as unknown as { __probe: Probe }).__probe = p;
  // the app loads hundreds of resources (tiles, Cesium's assets): keep recording past the default 250 entries
  performance.setResourceTimingBufferSize(1_000_000);
  // fallback when Resource Timing has no entry for a routed request: when fetch() of /api/feed resolved (headers in)
  const feedResolved: number[] = [];
  (window as unknown as { __feedResolved: number[] }).__feedResolved = feedResolved;
  const fetch0 = window.fetch.bind(window);
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const r = await fetch0(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (/api\/feed(\?|$)/.test(url)) feedResolved.push(performance.now());
    return r;
  };
  const getContext = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, type: string, attrs?: unknown) {
    const ctx = (getContext as (t: string, a?: unknown) => RenderingContext | null).call(this, type, attrs);
    if (ctx && (type === 'webgl2' || type === 'webgl') && !p.all.includes(ctx as WebGL2RenderingContext)) {
      const gl = ctx as WebGL2RenderingContext;
      p.all.push(gl);
      const clear = gl.clear.bind(gl);
      gl.clear = (mask: number) => {
        p.clears++;
        clear(mask);
      };
    }
    return ctx;
  } as typeof HTMLCanvasElement.prototype.getContext;
  const read = (): Uint8Array | null => {
    const gl = p.gl;
    if (!gl || !p.rect) return null;
    const [x, y, w, h] = p.rect;
    const out = new Uint8Array(w * h * 4);
    const gl2 = typeof WebGL2RenderingContext !== 'undefined' && gl instanceof WebGL2RenderingContext ? gl : null;
    const draw = gl.getParameter(gl2 ? gl2.DRAW_FRAMEBUFFER_BINDING : gl.FRAMEBUFFER_BINDING) as WebGLFramebuffer | null;
    const readFb = gl2 ? (gl2.getParameter(gl2.READ_FRAMEBUFFER_BINDING) as WebGLFramebuffer | null) : draw;
    gl.bindFramebuffer(gl.FRAMEBUFFER, null);
    gl.readPixels(x, y, w, h, gl.RGBA, gl.UNSIGNED_BYTE, out);
    if (gl2) {
      gl2.bindFramebuffer(gl2.DRAW_FRAMEBUFFER, draw);
      gl2.bindFramebuffer(gl2.READ_FRAMEBUFFER, readFb);
    } else gl.bindFramebuffer(gl.FRAMEBUFFER, draw);
    return out;
  };
  const differs = (a: Uint8Array, b: Uint8Array): boolean => {
    for (let i = 0; i < a.length; i += 4) {
      const d = Math.abs(a[i] - b[i]) + Math.abs(a[i + 1] - b[i + 1]) + Math.abs(a[i + 2] - b[i + 2]);
      if (d > 60) return true;
    }
    return false;
  };
  const raf = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (cb: FrameRequestCallback): number =>
    raf((ts) => {
      cb(ts);
      if (p.clears === p.seen || !p.rect) return;
      p.seen = p.clears;
      p.frames++;
      const px = read();
      if (!px) return;
      p.last = px;
      if (p.ref && p.changedAt === null && differs(px, p.ref)) p.changedAt = performance.now();
    });
}

interface ProbeView {
  changedAt: number | null;
  frames: number;
}

async function twin<T, A>(page: Page, fn: (t: TwinLike, a: A) => T | Promise<T>, arg: A): Promise<T> {
  return page.evaluate(
    ([src, a]) => {
      const t = (window as unknown as { __twin: TwinLike }).__twin;
      // eslint-disable-next-line @typescript-eslint/no-implied-eval
      return (new Function('t', 'a', `return (${src})(t, a);`) as (t: TwinLike, a: A) => T)(t, a as A);
    },
    [fn.toString(), arg] as const,
  ) as Promise<T>;
}

interface TwinLike {
  ready: Promise<void>;
  whenIdle(): Promise<void>;
  flyToAsset(id: string): Promise<void>;
  canvasPositionOf(id: string): Promise<{ x: number; y: number } | null>;
  setColorMode(mode: 'category' | 'status'): void;
  setStatuses(gids: number[], codes: number[]): void;
  statusOf(id: string): number;
  feedStatusOf(id: string): number;
  feedPollNow(): void;
  pickedIdAt(x: number, y: number): string | null;
}

/** Watch a 5×5 block at a CSS-pixel position; the current block becomes the reference. */
async function arm(page: Page, pos: { x: number; y: number }): Promise<void> {
  await page.evaluate((q) => {
    const p = (window as unknown as {
      __probe: {
        all: WebGLRenderingContext[];
        gl: WebGLRenderingContext | null;
        rect: number[] | null;
        ref: Uint8Array | null;
        last: Uint8Array | null;
        changedAt: number | null;
      };
    }).__probe;
    const shown = p.all.filter((g) => (g.canvas as HTMLCanvasElement).isConnected);
    shown.sort((a, b) => b.canvas.width * b.canvas.height - a.canvas.width * a.canvas.height);
    if (!shown.length) throw new Error('no WebGL canvas in the document');
    if (p.gl !== shown[0]) p.last = null;
    p.gl = shown[0];
    const c = p.gl.canvas as HTMLCanvasElement;
    const s = c.width / c.clientWidth;
    const x = Math.round(q.x * s) - 2;
    const y = c.height - 1 - Math.round(q.y * s) - 2;
    const same = p.rect && p.rect[0] === x && p.rect[1] === y;
    p.rect = [x, y, 5, 5];
    if (!same) p.last = null;
    p.ref = p.last;
    p.changedAt = null;
  }, pos);
}

async function refReady(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { __probe: { ref: Uint8Array | null } }).__probe.ref !== null);
}

async function probe(page: Page): Promise<ProbeView> {
  return page.evaluate(() => {
    const p = (window as unknown as { __probe: ProbeView }).__probe;
    return { changedAt: p.changedAt, frames: p.frames };
  });
}

async function waitChange(page: Page, timeoutMs: number): Promise<number | null> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const v = await probe(page);
    if (v.changedAt !== null) return v.changedAt;
    await new Promise((r) => setTimeout(r, 20));
  }
  return null;
}

/**
 * The Resource Timing responseEnd of the last /api/feed response delivered at or before `t`; without one, when the
 * last fetch() of it resolved (headers delivered, body still to read: a later start, so a smaller figure).
 */
async function deliveredBefore(page: Page, t: number): Promise<{ at: number; how: 'responseEnd' | 'fetchResolved' } | null> {
  return page.evaluate((tt) => {
    let best: number | null = null;
    for (const e of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) {
      if (!/\/api\/feed(\?|$)/.test(e.name) || e.responseEnd <= 0 || e.responseEnd > tt) continue;
      if (best === null || e.responseEnd > best) best = e.responseEnd;
    }
    if (best !== null) return { at: best, how: 'responseEnd' as const };
    const fr = (window as unknown as { __feedResolved: number[] }).__feedResolved.filter((x) => x <= tt);
    return fr.length ? { at: fr[fr.length - 1], how: 'fetchResolved' as const } : null;
  }, t);
}

const sensors = JSON.parse(readFileSync(join(ROOT, 'public/data/sensors.json'), 'utf8')) as SensorDef[];
const ids = parseIdList(readFileSync(join(ROOT, 'public/tiles/pipes/ids.txt'), 'utf8'));
const candidates = sensors.filter((s) => s.metric === 'pressure' && ids.gid.has(s.asset));
if (!candidates.length) throw new Error('public/data has no pressure sensor on a pipe in public/tiles/pipes/ids.txt');

await ensureApp();
const server: PreviewServer = await preview({
  root: ROOT,
  logLevel: 'warn',
  build: { outDir: OUT },
  preview: { host: '127.0.0.1', port: PORT, strictPort: true },
});
const browser = await launchBrowser();
try {
  const context = await browser.newContext({ viewport: { width: 960, height: 600 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  // tsx (esbuild keepNames) wraps named functions in __name(); functions sent to the page as source need it there
  await page.addInitScript({ content: 'globalThis.__name = globalThis.__name || ((f) => f);' });
  await page.addInitScript(probeScript);

  // the route: one sensor's reading forced to `value`, newer time and sequence each time
  let target = candidates[0];
  let value = NORMAL;
  let seq = 0;
  let lastTime = 0;
  await page.route('**/api/feed', async (route: Route) => {
    const headers = { ...route.request().headers() };
    delete headers['if-none-match'];
    let resp;
    try {
      resp = await route.fetch({ headers, timeout: 20_000 });
    } catch {
      await route.abort().catch(() => undefined);
      return;
    }
    try {
      const doc = (await resp.json()) as { sequence: number; generatedAt: string; readings: { sensor: string; value: number; time: string }[] };
      seq = Math.max(seq + 1, doc.sequence);
      doc.sequence = seq;
      lastTime = Math.max(lastTime + 1000, Date.parse(doc.generatedAt));
      for (const r of doc.readings) {
        if (r.sensor === target.sensor) {
          r.value = value;
          r.time = new Date(lastTime).toISOString();
        }
      }
      await route.fulfill({ response: resp, json: doc });
    } catch {
      await route.fulfill({ response: resp }).catch(() => undefined);
    }
  });

  await page.goto(`http://127.0.0.1:${PORT}/`, { timeout: 120_000 });
  await page.waitForFunction(() => Boolean((window as unknown as { __twin?: unknown }).__twin), undefined, { timeout: 120_000 });
  await twin(page, async (t) => {
    await t.ready;
    await t.whenIdle();
  }, 0);
  await twin(page, (t) => t.setColorMode('status'), 0);

  // a pipe with a pressure sensor that is on screen after flying to it, and normal
  let pos: { x: number; y: number } | null = null;
  for (const c of candidates.slice(0, 8)) {
    target = c;
    await twin(page, (t, id) => t.flyToAsset(id), c.asset);
    await twin(page, (t) => t.whenIdle(), 0);
    pos = await twin(page, (t, id) => t.canvasPositionOf(id), c.asset);
    // its middle must be on top there (the pick says so), or the pixels would be something else's
    if (pos && (await twin(page, (t, a) => t.pickedIdAt(a.x, a.y), pos)) === c.asset) break;
    pos = null;
  }
  if (!pos) throw new Error('no pressure-sensor pipe on screen');
  const gid = ids.gid.get(target.asset)!;
  console.log(`pipe ${target.asset} (sensor ${target.sensor}, gid ${gid}) at canvas (${pos.x.toFixed(0)}, ${pos.y.toFixed(0)}); ${REPS} repetitions each`);

  /** back to normal everywhere (feed and shader), then the current block becomes the reference */
  async function settleNormal(): Promise<void> {
    value = NORMAL;
    await twin(page, (t) => t.feedPollNow(), 0);
    // after the baseline the shader holds 3 while the feed store holds 1 (no event would undo it): set it directly
    await page.waitForFunction((id) => (window as unknown as { __twin: TwinLike }).__twin.feedStatusOf(id) === 1, target.asset, { timeout: 20_000 });
    await twin(page, (t, a) => t.setStatuses([a], [1]), gid);
    await page.waitForFunction((id) => (window as unknown as { __twin: TwinLike }).__twin.statusOf(id) === 1, target.asset, { timeout: 20_000 });
    await twin(page, (t) => t.whenIdle(), 0);
    await new Promise((r) => setTimeout(r, 300));
    await arm(page, pos!);
    // a rendered frame provides the reference block (the pulse of other alarms draws frames; else nudge one)
    const end = Date.now() + 5000;
    while (!(await refReady(page)) && Date.now() < end) {
      await twin(page, (t) => t.whenIdle(), 0);
      await arm(page, pos!);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  const feed: number[] = [];
  const direct: number[] = [];
  const hows = new Set<string>();
  const deadline = Date.now() + MEASURE_MS;
  for (let i = 0; i < REPS && Date.now() < deadline; i++) {
    // baseline: the repaint path alone
    await settleNormal();
    const t0 = await page.evaluate((g) => {
      const now = performance.now();
      (window as unknown as { __twin: TwinLike }).__twin.setStatuses([g], [3]);
      return now;
    }, gid);
    const d = await waitChange(page, 10_000);
    if (d !== null) direct.push(d - t0);

    // ours: the feed response carrying 0.05 MPa → the pixels
    await settleNormal();
    value = ALARM;
    await twin(page, (t) => t.feedPollNow(), 0);
    const f = await waitChange(page, 15_000);
    if (f !== null) {
      const delivered = await deliveredBefore(page, f);
      const code = await twin(page, (t, id) => t.statusOf(id), target.asset);
      if (delivered !== null && code === 3) {
        feed.push(f - delivered.at);
        hows.add(delivered.how);
      }
    }
  }
  value = NORMAL;

  if (!feed.length || !direct.length) {
    console.log(`no measurement (feed ${feed.length}, direct ${direct.length}): the pixels at the pipe did not change`);
  } else {
    const mf = median(feed);
    const md = median(direct);
    console.log(`response delivered (${[...hows].join(', ')}) → pipe's new colour read back from the drawing buffer, median:`);
    console.log(`  baseline: __twin.setStatuses (the repaint path alone) → pixels: ${fmt(md)}  (n=${direct.length}: ${direct.map((x) => x.toFixed(0)).join(', ')})`);
    console.log(`  ours: feed response (0.05 MPa) → pixels:                        ${fmt(mf)}  (n=${feed.length}: ${feed.map((x) => x.toFixed(0)).join(', ')})`);
    console.log(`  ratio ours / baseline: ${(mf / md).toFixed(2)}x; the feed adds ${fmt(mf - md)}`);
    console.log(`  poll interval ${POLL_MS} ms: a reading waits up to that for the request; ours is ${((100 * mf) / POLL_MS).toFixed(1)} % of it`);
  }
  if (errors.length) console.log(`page errors: ${errors.slice(0, 5).join(' | ')}`);
  await context.close();
} finally {
  await browser.close();
  await new Promise<void>((ok) => server.httpServer.close(() => ok()));
}
