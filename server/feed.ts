/**
 * /api/feed in the server: the simulator in-process (tools/feed: FeedEngine + FeedService, the same HTTP behaviour as
 * `npm run feed` and the Vite plugin, `_control` included when enabled), a relay of an upstream feed (same origin for
 * the page, so connect-src 'self' holds), or nothing.
 */
import { existsSync, statSync } from 'node:fs';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { join, resolve } from 'node:path';
import { enrichSensors, loadFeedDataset } from '../tools/feed/dataset';
import { FeedEngine } from '../tools/feed/engine';
import { startHydraulics } from '../tools/feed/hydraulics';
import { FeedService } from '../tools/feed/server';
import type { ServerConfig } from './config';

export interface FeedHandler {
  /** Answer a request under /api/feed. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Load the simulator now (its hydraulics take seconds), so the first screen does not wait. */
  warm(): void;
  close(): void;
}

/**
 * gzip the feed's JSON documents for clients that accept it (the sample's document: ~590 KB → a tenth of that per
 * poll), the compressed bytes cached per ETag (one compression per new sequence, not per screen). The feed service
 * writes whole documents with a Content-Length; this wraps that one response's writeHead/end. The ETag becomes weak
 * (W/, a different encoding of the same document) and a weak If-None-Match is read as the strong one, so 304s keep
 * working. Faults keep their shape (a truncated document stays truncated after decompression; a 500 stays plain).
 */
function gzipFeedResponse(req: IncomingMessage, res: ServerResponse, cache: { etag: string; gz: Buffer }): void {
  if (req.method !== 'GET' || !/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) return;
  const inm = req.headers['if-none-match'];
  if (typeof inm === 'string') req.headers['if-none-match'] = inm.replace(/W\//g, '');
  const writeHead = res.writeHead;
  const end = res.end as (...a: unknown[]) => ServerResponse;
  let compress = false;
  let etag: string | null = null;
  res.writeHead = ((status: number, headers?: OutgoingHttpHeaders) => {
    const h: OutgoingHttpHeaders = { ...(headers ?? {}) };
    if (typeof h.ETag === 'string') {
      etag = h.ETag;
      h.ETag = `W/${h.ETag}`;
    }
    const len = h['Content-Length'];
    if (status === 200 && typeof len === 'number' && len > 1024 && /json/.test(String(h['Content-Type']))) {
      compress = true;
      delete h['Content-Length'];
      h['Content-Encoding'] = 'gzip';
      h.Vary = 'Accept-Encoding';
    }
    return writeHead.call(res, status, h);
  }) as typeof res.writeHead;
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    if (compress && Buffer.isBuffer(chunk)) {
      const gz = etag !== null && cache.etag === etag ? cache.gz : gzipSync(chunk, { level: 6 });
      if (etag !== null) Object.assign(cache, { etag, gz });
      return end.call(res, gz);
    }
    return end.call(res, chunk, ...rest);
  }) as typeof res.end;
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
      // the same simulator as the Vite plugin's (tools/feed/vitePlugin.ts): hydraulically true water readings when the
      // dataset has a network model
      const hydraulics = await startHydraulics(dir, dataset.sensors, 1);
      const engine = new FeedEngine({ ...(hydraulics ? { hydraulics } : {}), seed: 1, sensors: dataset.sensors, sections: dataset.sections, scenarioStartMs: Date.now() });
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
  const gzCache = { etag: '', gz: Buffer.alloc(0) };
  return {
    warm() {
      void get().catch(() => {});
    },
    async handle(req, res) {
      try {
        const s = await get();
        gzipFeedResponse(req, res, gzCache);
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
    warm() {},
    close() {},
  };
}
