/**
 * Vite plugin: serves the feed simulator at /api/feed on the dev and preview servers (same origin, so the strict
 * CSP `connect-src 'self'` holds). Register in vite.config.ts:
 *
 *   import { feedPlugin } from './tools/feed/vitePlugin';
 *   plugins: [ …, feedPlugin() ]
 *
 * Data: sensors.json + sections.geojson from `dataDir`, default `<publicDir>/data` (what the viewer loads), else
 * data/sample. Reloaded when sensors.json changes. No sensors.json → /api/feed answers 503 with a reason.
 * The control endpoint (/api/feed/_control) is on by default for `vite` (dev) and off for `vite preview` unless
 * FEED_CONTROL=1 is set in the environment (e2e tests) or `control: true` is passed. It is a dev tool either way:
 * production deployments serve a real feed, not this plugin.
 */
import { existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import type { Plugin, ResolvedConfig } from 'vite';
import { FeedEngine } from './engine';
import { enrichSensors, loadFeedDataset } from './dataset';
import { startHydraulics } from './hydraulics';
import { FeedService } from './server';

export interface FeedPluginOptions {
  dataDir?: string;
  seed?: number;
  /** default: on in dev, off in preview unless FEED_CONTROL=1 */
  control?: boolean;
  stepMs?: number;
  /** simulated day length in real seconds (default 86400) */
  dayLengthS?: number;
  scenario?: 'demo' | 'none';
  scenarioPeriodS?: number;
  /** start of the demo timeline, epoch ms (default: when the simulator starts, i.e. on the first feed request) */
  scenarioStartMs?: number;
  /** default /api/feed */
  path?: string;
}

export function feedPlugin(options: FeedPluginOptions = {}): Plugin {
  let config: ResolvedConfig | null = null;
  let service: FeedService | null = null;
  let loadedFrom: { file: string; mtime: number } | null = null;
  let loading: Promise<FeedService> | null = null;
  const path = options.path ?? '/api/feed';

  function dataDir(): string | null {
    const candidates = options.dataDir
      ? [resolve(options.dataDir)]
      : [config ? join(config.publicDir, 'data') : 'public/data', resolve('data/sample')];
    return candidates.find((d) => existsSync(join(d, 'sensors.json'))) ?? null;
  }

  // the EPANET model (several seconds for the sample) starts with the server, so the first feed request does not wait
  // for it past the client's timeout; the demo timeline still starts at the first request
  let hydraulics: { dir: string; mtime: number; ready: ReturnType<typeof startHydraulics> } | null = null;
  function hydraulicsFor(dir: string, mtime: number): ReturnType<typeof startHydraulics> {
    if (!hydraulics || hydraulics.dir !== dir || hydraulics.mtime !== mtime) {
      hydraulics = { dir, mtime, ready: startHydraulics(dir, loadFeedDataset(dir).sensors, options.seed ?? 1) };
    }
    return hydraulics.ready;
  }
  function prewarm(): void {
    const dir = dataDir();
    if (dir) void hydraulicsFor(dir, statSync(join(dir, 'sensors.json')).mtimeMs).catch(() => null);
  }

  async function getService(control: boolean): Promise<FeedService | string> {
    const dir = dataDir();
    if (!dir) return 'no sensors.json found (run `npm run data` / `npm run prepare-data`)';
    const file = join(dir, 'sensors.json');
    const mtime = statSync(file).mtimeMs;
    if (service && loadedFrom && loadedFrom.file === file && loadedFrom.mtime === mtime) return service;
    loading ??= (async () => {
      const dataset = loadFeedDataset(dir);
      await enrichSensors(dataset.sensors, dir);
      const hydraulics = await hydraulicsFor(dir, mtime);
      const engine = new FeedEngine({
        ...(hydraulics ? { hydraulics } : {}),
        seed: options.seed ?? 1,
        sensors: dataset.sensors,
        sections: dataset.sections,
        stepMs: options.stepMs,
        dayLengthS: options.dayLengthS,
        scenario: options.scenario,
        scenarioPeriodS: options.scenarioPeriodS,
        scenarioStartMs: options.scenarioStartMs ?? Date.now(),
      });
      service?.close();
      service = new FeedService({ engine, control, path });
      loadedFrom = { file, mtime };
      return service;
    })();
    try {
      return await loading;
    } finally {
      loading = null;
    }
  }

  function middleware(control: boolean) {
    return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
      const url = req.url ?? '';
      if (!url.startsWith(path)) return next();
      getService(control).then(
        (s) => {
          if (typeof s === 'string') {
            res.writeHead(503, { 'Content-Type': 'application/json' });
            res.end(JSON.stringify({ error: s }));
          } else if (!s.handle(req, res)) next();
        },
        (e: unknown) => {
          res.writeHead(500, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ error: e instanceof Error ? e.message : String(e) }));
        },
      );
    };
  }

  return {
    name: 'cq-feed-simulator',
    configResolved(c) {
      config = c;
    },
    configureServer(server) {
      prewarm();
      server.middlewares.use(middleware(options.control ?? true));
    },
    configurePreviewServer(server) {
      prewarm();
      server.middlewares.use(middleware(options.control ?? process.env.FEED_CONTROL === '1'));
    },
  };
}
