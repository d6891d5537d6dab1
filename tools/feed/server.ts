/**
 * HTTP side of the simulator, shared by the standalone server (`npm run feed`) and the Vite plugin:
 *
 *   GET /api/feed            the current feed v1 document; ETag per sequence, 304 on If-None-Match
 *   GET /api/feed/_control   test / dev control (only when enabled):
 *        ?fault=malformed|500|hang|huge|wrongTypes|badItems|allRejected|empty|olderSequence|silent|ok  [&count=n] [&sensors=a,b]
 *        ?incident=mainLeak|blockage|gasLeak|sectionIV|rain|silent [&target=…] [&duration=seconds]
 *        ?reset=1   (clear the fault and end every control incident)
 *        ?advance=S (move the simulator's clock S seconds ahead, 0 < S ≤ 86400; it never goes back, so sequences keep
 *                    increasing: lets a test see a silent sensor turn stale without waiting 3 × its interval)
 *      answers with the control state as JSON.
 *
 * Faults: malformed = a truncated document; 500 = HTTP 500; hang = never answers; huge = a 50 MiB chunked body;
 * wrongTypes = envelope fields of the wrong JSON types; badItems = a valid envelope, every other reading broken in a
 * different way; allRejected = a valid envelope whose every reading is rejected (a unit nobody accepts); empty = a valid
 * document with no readings; olderSequence = a valid document with an older sequence and altered values; silent = every sensor
 * (or `sensors`) stops reporting. A fault lasts until `fault=ok`, or for `count` feed requests.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { FeedDocumentV1 } from '../../src/domain/feedSchema';
import { INCIDENT_KINDS, type FeedEngine, type IncidentKind } from './engine';

export const FAULTS = ['malformed', '500', 'hang', 'huge', 'wrongTypes', 'badItems', 'allRejected', 'empty', 'olderSequence', 'silent', 'ok'] as const;
export type Fault = (typeof FAULTS)[number];

export interface FeedServiceOptions {
  engine: FeedEngine;
  /** enable /api/feed/_control (default false) */
  control?: boolean;
  /** path of the feed (default /api/feed) */
  path?: string;
  /** clock (default Date.now) */
  now?: () => number;
  /** size of the "huge" body, bytes (default 50 MiB) */
  hugeBytes?: number;
}

export class FeedService {
  readonly engine: FeedEngine;
  readonly control: boolean;
  readonly path: string;
  private readonly now: () => number;
  /** how far `advance` moved the clock ahead, ms */
  private skewMs = 0;
  private readonly hugeBytes: number;
  private fault: Fault = 'ok';
  private remaining = Infinity;
  private rev = 0;
  private maxServed = -1;
  private cache: { seq: number; rev: number; body: Buffer; etag: string } | null = null;
  private readonly hanging = new Set<ServerResponse>();

  constructor(opts: FeedServiceOptions) {
    this.engine = opts.engine;
    this.control = opts.control ?? false;
    this.path = (opts.path ?? '/api/feed').replace(/\/$/, '');
    const clock = opts.now ?? Date.now;
    this.now = () => clock() + this.skewMs;
    this.hugeBytes = opts.hugeBytes ?? 50 * 1024 * 1024;
  }

  /** Handle a request if it is for the feed; returns false otherwise (so middleware can call next()). */
  handle(req: IncomingMessage, res: ServerResponse): boolean {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === this.path || url.pathname === `${this.path}/`) {
      if (req.method !== 'GET' && req.method !== 'HEAD') this.send(res, 405, { error: 'GET only' });
      else this.serveFeed(req, res);
      return true;
    }
    if (url.pathname === `${this.path}/_control`) {
      if (!this.control) this.send(res, 404, { error: 'control endpoint disabled' });
      else this.serveControl(url, res);
      return true;
    }
    if (url.pathname.startsWith(`${this.path}/`)) {
      this.send(res, 404, { error: 'not found' });
      return true;
    }
    return false;
  }

  /** Drop hanging responses (server shutdown). */
  close(): void {
    for (const r of this.hanging) r.destroy();
    this.hanging.clear();
  }

  state(): { fault: Fault; remaining: number | null; sequence: number; incidents: ReturnType<FeedEngine['activeAt']> } {
    const now = this.now();
    return {
      fault: this.fault,
      remaining: Number.isFinite(this.remaining) ? this.remaining : null,
      sequence: this.engine.sequenceAt(now),
      incidents: this.engine.activeAt(now),
    };
  }

  private send(res: ServerResponse, status: number, body: unknown): void {
    const buf = Buffer.from(JSON.stringify(body));
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': buf.byteLength,
      'Cache-Control': 'no-store',
    });
    res.end(buf);
  }

  private serveControl(url: URL, res: ServerResponse): void {
    const q = url.searchParams;
    try {
      const advance = q.get('advance');
      if (advance !== null) {
        const s = Number(advance);
        if (!(s > 0 && s <= 86400)) throw new Error(`advance must be seconds, 0 < S <= 86400 (got ${advance})`);
        this.skewMs += s * 1000;
        this.rev++;
      }
      const now = this.now();
      if (q.get('reset')) {
        this.fault = 'ok';
        this.remaining = Infinity;
        this.engine.endTriggered(now);
        this.rev++;
      }
      const fault = q.get('fault');
      if (fault !== null) {
        if (!(FAULTS as readonly string[]).includes(fault)) throw new Error(`unknown fault ${fault}`);
        const count = q.get('count');
        if (fault === 'silent') {
          const sensors = q.get('sensors')?.split(',').filter(Boolean);
          this.engine.trigger('silent', now, { sensors, durationS: Number(q.get('duration') ?? 86400) });
          this.rev++;
          this.fault = 'ok';
        } else if (fault === 'ok') {
          this.fault = 'ok';
          this.remaining = Infinity;
          this.endSilent(now);
        } else {
          this.fault = fault as Fault;
          this.remaining = count ? Math.max(1, Number(count)) : Infinity;
        }
      }
      const incident = q.get('incident');
      if (incident !== null) {
        if (!(INCIDENT_KINDS as readonly string[]).includes(incident)) throw new Error(`unknown incident ${incident}`);
        const target = q.get('target') ?? undefined;
        const duration = q.get('duration');
        this.engine.trigger(incident as IncidentKind, now, {
          target,
          durationS: duration ? Number(duration) : undefined,
          sensors: q.get('sensors')?.split(',').filter(Boolean),
        });
        this.rev++;
      }
      this.send(res, 200, this.state());
    } catch (e) {
      this.send(res, 400, { error: e instanceof Error ? e.message : String(e) });
    }
  }

  private endSilent(now: number): void {
    for (const inc of this.engine.activeAt(now)) if (inc.kind === 'silent' && inc.source === 'control') inc.end = now;
    this.rev++;
  }

  private takeFault(): Fault {
    if (this.fault === 'ok') return 'ok';
    const f = this.fault;
    if (--this.remaining <= 0) {
      this.fault = 'ok';
      this.remaining = Infinity;
    }
    return f;
  }

  private document(now: number): { seq: number; body: Buffer; etag: string } {
    const seq = this.engine.sequenceAt(now);
    if (!this.cache || this.cache.seq !== seq || this.cache.rev !== this.rev) {
      const doc = this.engine.documentAt(now);
      this.cache = {
        seq,
        rev: this.rev,
        body: Buffer.from(JSON.stringify(doc)),
        etag: `"${this.engine.seed}-${seq}-${this.rev}"`,
      };
    }
    return this.cache;
  }

  private serveFeed(req: IncomingMessage, res: ServerResponse): void {
    const now = this.now();
    const fault = this.takeFault();
    const base = {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-cache',
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Expose-Headers': 'ETag',
    };
    switch (fault) {
      case '500': {
        const b = Buffer.from('{"error":"simulated failure"}');
        res.writeHead(500, { ...base, 'Content-Length': b.byteLength });
        res.end(b);
        return;
      }
      case 'hang':
        this.hanging.add(res);
        res.on('close', () => this.hanging.delete(res));
        return;
      case 'huge':
        this.streamHuge(res, base, now);
        return;
      case 'malformed': {
        const { body, seq } = this.document(now);
        const cut = body.subarray(0, Math.max(1, Math.floor(body.byteLength / 2)));
        res.writeHead(200, { ...base, ETag: `"malformed-${seq}"`, 'Content-Length': cut.byteLength });
        res.end(cut);
        return;
      }
      case 'wrongTypes': {
        const doc = this.engine.documentAt(now);
        const bad = {
          version: '1',
          generatedAt: now,
          sequence: String(doc.sequence + 1),
          readings: Object.fromEntries(doc.readings.map((r, i) => [i, { ...r, value: String(r.value) }])),
        };
        this.sendDoc(res, base, bad, `"wrongTypes-${doc.sequence}"`);
        return;
      }
      case 'badItems': {
        const doc = this.engine.documentAt(now);
        this.maxServed = Math.max(this.maxServed, doc.sequence);
        const breakers: ((r: Record<string, unknown>) => unknown)[] = [
          (r) => ({ ...r, value: String(r.value) }),
          (r) => ({ ...r, value: null }),
          (r) => ({ ...r, time: 'yesterday' }),
          (r) => ({ ...r, unit: 'furlongs' }),
          (r) => ({ ...r, asset: 'NO-SUCH-ASSET' }),
          (r) => ({ ...r, sensor: 42 }),
          (r) => ({ ...r, metric: 'vibes' }),
          () => 'not an object',
          () => null,
          (r) => ({ ...r, value: 1e308 }),
        ];
        const readings = doc.readings.map((r, i) => (i % 2 === 0 ? r : breakers[(i >> 1) % breakers.length]({ ...r })));
        this.sendDoc(res, base, { ...doc, readings }, `"badItems-${doc.sequence}"`);
        return;
      }
      case 'allRejected':
      case 'empty': {
        // a new sequence each time, so the client applies it (and its badge says what it holds)
        const doc = this.engine.documentAt(now);
        const sequence = Math.max(this.maxServed + 1, doc.sequence);
        this.maxServed = sequence;
        const readings = fault === 'empty' ? [] : doc.readings.map((r) => ({ ...r, unit: 'furlongs' }));
        this.sendDoc(res, base, { ...doc, sequence, readings }, `"${fault}-${sequence}"`);
        return;
      }
      case 'olderSequence': {
        const doc = this.engine.documentAt(now);
        const older: FeedDocumentV1 = {
          ...doc,
          // older than the last document served (which a client may hold), not than the clock's current sequence: on a
          // busy machine the clock runs on during earlier faults, and "now − 5" would be newer than what the client has
          sequence: Math.max(0, (this.maxServed >= 0 ? this.maxServed : doc.sequence) - 5),
          // newer times and altered values: only the sequence check can keep this out
          readings: doc.readings.map((r) => ({ ...r, value: r.value * 0.5, time: new Date(now + 1000).toISOString() })),
        };
        this.sendDoc(res, base, older, `"older-${older.sequence}"`);
        return;
      }
      default: {
        const { body, seq, etag } = this.document(now);
        this.maxServed = Math.max(this.maxServed, seq);
        const inm = req.headers['if-none-match'];
        if (inm && inm.split(',').some((t) => t.trim() === etag)) {
          res.writeHead(304, { ETag: etag, 'Cache-Control': 'no-cache', 'Access-Control-Allow-Origin': '*' });
          res.end();
          return;
        }
        res.writeHead(200, { ...base, ETag: etag, 'Content-Length': body.byteLength });
        res.end(req.method === 'HEAD' ? undefined : body);
      }
    }
  }

  private sendDoc(res: ServerResponse, base: Record<string, string>, doc: unknown, etag: string): void {
    const buf = Buffer.from(JSON.stringify(doc));
    res.writeHead(200, { ...base, ETag: etag, 'Content-Length': buf.byteLength });
    res.end(buf);
  }

  /** A valid-looking document far past any sane size, chunked (no Content-Length), honouring backpressure. */
  private streamHuge(res: ServerResponse, base: Record<string, string>, now: number): void {
    res.writeHead(200, base);
    const head = `{"version":1,"generatedAt":"${new Date(now).toISOString()}","sequence":${this.engine.sequenceAt(now) + 1},"readings":[`;
    const item = `{"sensor":"X","asset":"X","metric":"pressure","value":0.3,"unit":"MPa","time":"${new Date(now).toISOString()}"},`;
    const chunk = Buffer.from(item.repeat(Math.ceil(65536 / item.length)));
    let sent = 0;
    let closed = false;
    res.on('close', () => {
      closed = true;
    });
    res.write(head);
    sent += head.length;
    const pump = (): void => {
      while (!closed && sent < this.hugeBytes) {
        sent += chunk.byteLength;
        if (!res.write(chunk)) {
          res.once('drain', pump);
          return;
        }
      }
      if (!closed) res.end('{}]}');
    };
    pump();
  }
}

/**
 * A node:http server around a FeedService; other paths answer 404. To stop it with a "hang" fault pending, call
 * service.close() (or server.closeAllConnections()) before server.close().
 */
export function createFeedServer(service: FeedService): Server {
  const server = createServer((req, res) => {
    if (!service.handle(req, res)) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found\n');
    }
  });
  server.on('close', () => service.close());
  return server;
}
