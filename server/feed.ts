/**
 * /api/feed in the server: the simulator in-process (tools/feed: FeedEngine + FeedService, the same HTTP behaviour as
 * `npm run feed` and the Vite plugin, `_control` included when enabled), a relay of an upstream feed (same origin for
 * the page, so connect-src 'self' holds), or nothing.
 */
import { existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import { enrichSensors, loadFeedDataset } from '../tools/feed/dataset';
import { FeedEngine } from '../tools/feed/engine';
import { FeedService } from '../tools/feed/server';
import type { ServerConfig } from './config';

export interface FeedHandler {
  /** Answer a request under /api/feed. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  close(): void;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const buf = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': buf.byteLength, 'Cache-Control': 'no-store' });
  res.end(buf);
}

export function createFeedHandler(config: ServerConfig): FeedHandler | null {
  if (config.feed.source === 'none') return null;
  if (config.feed.source === 'proxy') return proxyFeed(config.feed.url ?? '');
  return simulatorFeed(config);
}

function simulatorFeed(config: ServerConfig): FeedHandler {
  let service: FeedService | null = null;
  let loadedFrom: { file: string; mtime: number } | null = null;
  let loading: Promise<FeedService> | null = null;
  const dataDir = (): string | null => {
    const candidates = config.feed.dataDir ? [resolve(config.feed.dataDir)] : [resolve(config.distDir, 'data'), resolve('data/sample')];
    return candidates.find((d) => existsSync(join(d, 'sensors.json'))) ?? null;
  };
  const get = async (): Promise<FeedService | string> => {
    const dir = dataDir();
    if (!dir) return 'no sensors.json found (run `npm run prepare-data`)';
    const file = join(dir, 'sensors.json');
    const mtime = statSync(file).mtimeMs;
    if (service && loadedFrom?.file === file && loadedFrom.mtime === mtime) return service;
    loading ??= (async () => {
      const dataset = loadFeedDataset(dir);
      await enrichSensors(dataset.sensors, dir);
      const engine = new FeedEngine({ seed: 1, sensors: dataset.sensors, sections: dataset.sections, scenarioStartMs: Date.now() });
      service?.close();
      service = new FeedService({ engine, control: config.feed.control });
      loadedFrom = { file, mtime };
      return service;
    })();
    try {
      return await loading;
    } finally {
      loading = null;
    }
  };
  return {
    async handle(req, res) {
      try {
        const s = await get();
        if (typeof s === 'string') sendJson(res, 503, { error: s });
        else if (!s.handle(req, res)) sendJson(res, 404, { error: 'not found' });
      } catch (e) {
        sendJson(res, 500, { error: e instanceof Error ? e.message : String(e) });
      }
    },
    close() {
      service?.close();
    },
  };
}

function proxyFeed(url: string): FeedHandler {
  return {
    async handle(req, res) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'GET only' });
      try {
        const inm = req.headers['if-none-match'];
        const up = await fetch(url, { headers: typeof inm === 'string' ? { 'If-None-Match': inm } : {}, signal: AbortSignal.timeout(10_000) });
        const body = Buffer.from(await up.arrayBuffer());
        const headers: Record<string, string | number> = { 'Cache-Control': 'no-cache', 'Content-Type': up.headers.get('content-type') ?? 'application/json' };
        const etag = up.headers.get('etag');
        if (etag) headers.ETag = etag;
        if (up.status !== 304) headers['Content-Length'] = body.byteLength;
        res.writeHead(up.status, headers);
        res.end(req.method === 'HEAD' || up.status === 304 ? undefined : body);
      } catch (e) {
        sendJson(res, 502, { error: `upstream feed: ${e instanceof Error ? e.message : String(e)}` });
      }
    },
    close() {},
  };
}
