/** A small HTTP client for the server tests: a cookie jar, the CSRF token, JSON in and out, and an SSE reader. */
import { request } from 'node:http';
import type { SessionInfo } from '../../../src/domain/ops';

export interface Res<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export class Client {
  cookie = '';
  csrf: string | null = null;
  constructor(readonly base: string) {}

  async call<T = unknown>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res<T>> {
    const h: Record<string, string> = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrf && method !== 'GET' && !('X-CSRF-Token' in h)) h['X-CSRF-Token'] = this.csrf;
    if (body !== undefined) h['content-type'] = 'application/json';
    const r = await fetch(this.base + path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
    const set = r.headers.get('set-cookie');
    if (set) {
      const m = /^([^=]+)=([^;]*)/.exec(set);
      if (m) this.cookie = m[2] ? `${m[1]}=${m[2]}` : '';
    }
    const text = await r.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: r.status, headers: r.headers, body: parsed as T };
  }

  get<T = unknown>(path: string): Promise<Res<T>> {
    return this.call<T>('GET', path);
  }

  async login(name: string, password: string): Promise<Res<SessionInfo>> {
    const r = await this.call<SessionInfo>('POST', '/api/session', { name, password });
    if (r.status === 200) this.csrf = r.body.csrfToken;
    return r;
  }
}

export interface SseEvent {
  id: string | null;
  event: string;
  data: unknown;
}

/** An open `GET /api/events` stream; `next` waits for the next event that matches. */
export class SseReader {
  readonly events: SseEvent[] = [];
  private waiters: (() => void)[] = [];
  private close: () => void = () => {};
  private buf = '';

  static open(base: string, cookie: string, lastEventId?: number): Promise<SseReader> {
    const r = new SseReader();
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = { accept: 'text/event-stream' };
      if (cookie) headers.cookie = cookie;
      if (lastEventId !== undefined) headers['last-event-id'] = String(lastEventId);
      const req = request(`${base}/api/events`, { headers }, (res) => {
        if (res.statusCode !== 200) return reject(new Error(`SSE status ${res.statusCode}`));
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => r.feed(chunk));
        resolve(r);
      });
      req.on('error', (e) => (r.events.length ? undefined : reject(e)));
      req.end();
      r.close = () => req.destroy();
    });
  }

  private feed(chunk: string): void {
    this.buf += chunk;
    let i: number;
    while ((i = this.buf.indexOf('\n\n')) >= 0) {
      const block = this.buf.slice(0, i);
      this.buf = this.buf.slice(i + 2);
      let id: string | null = null;
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('id: ')) id = line.slice(4);
        else if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('data: ')) data.push(line.slice(6));
      }
      if (!data.length) continue;
      this.events.push({ id, event, data: JSON.parse(data.join('\n')) });
      for (const w of this.waiters.splice(0)) w();
    }
  }

  /** The first event after index `from` that matches; rejects after `ms` (a safety net, not a timing assertion). */
  async next(match: (e: SseEvent) => boolean, from = 0, ms = 10_000): Promise<SseEvent> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = this.events.slice(from).find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching SSE event; got ${this.events.map((e) => e.event).join(',')}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 250);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  end(): void {
    this.close();
  }
}
