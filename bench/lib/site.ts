/**
 * The browser benchmarks' harness: builds the benchmark page (bench/pages, bench/vite.bench.config.ts) into
 * tmp/bench/site when its sources changed, serves it with `vite preview` on its own port with Cesium's static files and
 * the datasets mounted read-only (no copies), and opens it in the shared Chromium launcher (tools/browser/chromium.ts).
 */
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { build, preview, type Plugin, type PreviewServer } from 'vite';
import { launchBrowser } from '../../tools/browser/chromium';
import { ROOT } from '../../tools/prepare-lib';
import type { BenchApi } from '../pages/bench';

export type { BenchApi, FrameStats, FrameTime, SettleResult, StatusRun, TileCache } from '../pages/bench';

const CONFIG = join(ROOT, 'bench/vite.bench.config.ts');
const SITE = join(ROOT, 'tmp/bench/site');
export const BENCH_PORT = 4331;

/**
 * Cross-origin isolation for the page and everything it loads, workers included (a worker script without COEP is
 * refused in an isolated page): performance.now() then resolves to 5 µs instead of 100 µs, which the sub-millisecond
 * figures (a status change) need. Every resource is same-origin, so nothing else changes.
 */
const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
} as const;

const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.geojson': 'application/json',
  '.glb': 'model/gltf-binary',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.txt': 'text/plain',
  '.bin': 'application/octet-stream',
};

function newestMtime(paths: string[]): number {
  let t = 0;
  for (const p of paths) {
    if (!existsSync(p)) continue;
    const s = statSync(p);
    if (s.isDirectory()) t = Math.max(t, newestMtime(readdirSync(p).map((f) => join(p, f))));
    else t = Math.max(t, s.mtimeMs);
  }
  return t;
}

/** Builds the page unless tmp/bench/site is newer than its sources (the page, the viewer modules it imports). */
export async function buildSite(): Promise<void> {
  const out = join(SITE, 'index.html');
  const sources = [join(ROOT, 'bench/pages'), CONFIG, join(ROOT, 'src/viewer'), join(ROOT, 'src/domain')];
  if (existsSync(out) && statSync(out).mtimeMs > newestMtime(sources)) return;
  const t0 = Date.now();
  await build({ configFile: CONFIG, logLevel: 'warn' });
  console.log(`(built the benchmark page in ${((Date.now() - t0) / 1000).toFixed(0)} s)`);
}

/** Serves `/<prefix>/…` from a folder, for the preview server. */
function mountPlugin(mounts: Record<string, string>): Plugin {
  const roots = Object.entries(mounts).map(([prefix, dir]) => [`/${prefix}/`, resolve(dir)] as const);
  return {
    name: 'bench-mounts',
    configurePreviewServer(server) {
      server.middlewares.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
        const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
        for (const [prefix, dir] of roots) {
          if (!path.startsWith(prefix)) continue;
          const file = resolve(dir, path.slice(prefix.length));
          if (!(file + sep).startsWith(dir + sep) && file !== dir) break;
          if (!existsSync(file) || !statSync(file).isFile()) break;
          res.writeHead(200, {
            'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
            'content-length': statSync(file).size,
            ...ISOLATION_HEADERS,
          });
          createReadStream(file).pipe(res);
          return;
        }
        next();
      });
    },
  };
}

export interface BenchSite {
  url: string;
  browser: Browser;
  /** a fresh browser context (empty HTTP cache) with the page loaded and window.__bench ready */
  open(width?: number, height?: number): Promise<BenchPage>;
  close(): Promise<void>;
}

export interface BenchPage {
  page: Page;
  errors: string[];
  /** runs `fn(__bench, arg)` in the page */
  call<T, A = undefined>(fn: (b: BenchApi, arg: A) => T | Promise<T>, arg?: A): Promise<T>;
  /** V8 heap in use after a full garbage collection (DevTools protocol), bytes */
  heapAfterGc(): Promise<number>;
  /** one full garbage collection (DevTools protocol), so that none falls inside what is measured next */
  gc(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Builds (if needed) and serves the page; `mounts` maps URL prefixes to folders, e.g. { tiles100k: 'tmp/bench/tiles100k' }
 * → /tiles100k/tileset.json. Cesium's build is always mounted at /cesiumStatic.
 */
export async function startSite(mounts: Record<string, string>): Promise<BenchSite> {
  await buildSite();
  const all = { cesiumStatic: join(ROOT, 'node_modules/cesium/Build/Cesium'), ...mounts };
  const server: PreviewServer = await preview({
    configFile: CONFIG,
    logLevel: 'warn',
    plugins: [mountPlugin(all)],
    preview: {
      host: '127.0.0.1',
      port: BENCH_PORT,
      strictPort: true,
      headers: ISOLATION_HEADERS,
    },
  });
  const url = `http://127.0.0.1:${BENCH_PORT}`;
  const browser = await launchBrowser();
  return {
    url,
    browser,
    async open(width = 960, height = 600) {
      const context = await browser.newContext({ viewport: { width, height } });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`${url}/`);
      await page.waitForFunction(() => Boolean((window as unknown as { __bench?: unknown }).__bench));
      const cdp = await context.newCDPSession(page);
      return {
        page,
        errors,
        call<T, A>(fn: (b: BenchApi, arg: A) => T | Promise<T>, arg?: A): Promise<T> {
          return page.evaluate(
            ([src, a]) => {
              const b = (window as unknown as { __bench: BenchApi }).__bench;
              // eslint-disable-next-line @typescript-eslint/no-implied-eval
              return (new Function('b', 'a', `return (${src})(b, a);`) as (b: BenchApi, a: A) => T)(b, a as A);
            },
            [fn.toString(), arg] as const,
          ) as Promise<T>;
        },
        async gc() {
          await cdp.send('HeapProfiler.collectGarbage');
        },
        async heapAfterGc() {
          await cdp.send('HeapProfiler.collectGarbage');
          await cdp.send('HeapProfiler.collectGarbage');
          const r = await cdp.send('Runtime.getHeapUsage');
          return r.usedSize;
        },
        close: () => context.close(),
      };
    },
    async close() {
      await browser.close();
      await new Promise<void>((ok) => server.httpServer.close(() => ok()));
    },
  };
}

export function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

export const fmt = (ms: number): string => `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
