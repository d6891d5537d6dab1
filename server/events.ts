/**
 * Server-Sent Events to every open screen (`GET /api/events`). Each change's event is stored with its id (store.ts);
 * the hub writes it to every client once it is committed. A client that reconnects with `Last-Event-ID` first gets
 * what it missed from the database, then the live stream (events that arrive during the replay are held and sent
 * after it, without duplicates). `kpis` snapshots carry no id of their own: one is sent on connect with the current
 * last event id (so a reconnect replays from there), later ones at most once per `kpisEveryMs`.
 */
import type { ServerResponse } from 'node:http';
import type { Kpis } from '../src/domain/ops';
import type { StoredEvent } from './store';

/** Unsent bytes a screen may have queued before it is disconnected (it catches up by replay on reconnect). */
export const MAX_BUFFERED = 4 * 1024 * 1024;

interface Client {
  res: ServerResponse;
  /** events that arrived while the replay ran (null once live) */
  held: StoredEvent[] | null;
  lastId: number;
}

export function frame(e: StoredEvent): string {
  return `id: ${e.id}\nevent: ${e.name}\ndata: ${JSON.stringify(e.payload)}\n\n`;
}

export function kpisFrame(k: Kpis, id?: number): string {
  return `${id !== undefined ? `id: ${id}\n` : ''}event: kpis\ndata: ${JSON.stringify(k)}\n\n`;
}

export interface EventHubOptions {
  heartbeatMs: number;
  /** the events after an id (the database) */
  replay(afterId: number): Promise<StoredEvent[]>;
  lastId(): Promise<number>;
  kpis(): Promise<Kpis>;
  /** minimum interval between kpis broadcasts (default 1000 ms) */
  kpisEveryMs?: number;
}

export class EventHub {
  private readonly clients = new Set<Client>();
  private readonly heartbeat: NodeJS.Timeout;
  private kpisTimer: NodeJS.Timeout | null = null;
  private kpisLast = 0;

  constructor(private readonly opts: EventHubOptions) {
    this.heartbeat = setInterval(() => this.writeAll(': heartbeat\n\n'), opts.heartbeatMs);
    this.heartbeat.unref();
  }

  get size(): number {
    return this.clients.size;
  }

  /** Start a stream on `res` (headers already written); `lastEventId` replays what came after it. */
  async attach(res: ServerResponse, lastEventId: number | null): Promise<void> {
    const client: Client = { res, held: [], lastId: lastEventId ?? 0 };
    this.clients.add(client);
    res.on('close', () => this.clients.delete(client));
    res.write('retry: 2000\n\n');
    try {
      if (lastEventId !== null) {
        for (const e of await this.opts.replay(lastEventId)) this.send(client, e);
      }
      const [last, kpis] = await Promise.all([this.opts.lastId(), this.opts.kpis()]);
      const held = client.held ?? [];
      client.held = null;
      for (const e of held) this.send(client, e);
      if (!res.writableEnded) res.write(kpisFrame(kpis, Math.max(last, client.lastId)));
    } catch {
      // the database is down: the stream stays open (heartbeats); a reconnect with Last-Event-ID catches up later
      const held = client.held ?? [];
      client.held = null;
      for (const e of held) this.send(client, e);
    }
  }

  private send(c: Client, e: StoredEvent): void {
    if (e.id <= c.lastId || c.res.writableEnded) return;
    c.lastId = e.id;
    this.write(c, frame(e));
  }

  /**
   * Write to one screen. A screen that stops reading (its unsent bytes pass MAX_BUFFERED) is disconnected rather than
   * buffered without end: it reconnects with Last-Event-ID and the replay brings it up to date.
   */
  private write(c: Client, text: string): void {
    if (c.res.writableEnded || c.res.destroyed) return;
    if (c.res.writableLength > MAX_BUFFERED) {
      this.clients.delete(c);
      c.res.destroy();
      return;
    }
    c.res.write(text);
  }

  /** A committed event: to every client (held for those still replaying). */
  publish(e: StoredEvent): void {
    const text = frame(e);
    for (const c of this.clients) {
      if (c.held) c.held.push(e);
      else if (e.id > c.lastId) {
        c.lastId = e.id;
        this.write(c, text);
      }
    }
    this.scheduleKpis();
  }

  private scheduleKpis(): void {
    if (this.kpisTimer) return;
    const every = this.opts.kpisEveryMs ?? 1000;
    const wait = Math.max(0, this.kpisLast + every - Date.now());
    this.kpisTimer = setTimeout(() => {
      this.kpisTimer = null;
      this.kpisLast = Date.now();
      this.opts.kpis().then(
        (k) => this.writeAll(kpisFrame(k)),
        () => {},
      );
    }, wait);
    this.kpisTimer.unref();
  }

  private writeAll(text: string): void {
    for (const c of this.clients) if (!c.held) this.write(c, text);
  }

  close(): void {
    clearInterval(this.heartbeat);
    if (this.kpisTimer) clearTimeout(this.kpisTimer);
    for (const c of this.clients) c.res.end();
    this.clients.clear();
  }
}
