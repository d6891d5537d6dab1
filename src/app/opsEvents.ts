/**
 * The operations server's event stream (`GET /api/events`, Server-Sent Events) kept open. The browser's EventSource
 * reconnects by itself after a dropped connection and sends `Last-Event-ID`, so the server replays what was missed.
 * When it gives up (the server answered with an error, e.g. 503 while its database is down, readyState CLOSED), a new
 * EventSource is opened after a backoff (1 s, 2 s, 4 s … at most `maxRetryMs`); it cannot send the Last-Event-ID
 * header, so it names the last event id it saw in the query (`?lastEventId=`, which the server reads the same way).
 * Events are parsed as JSON and handed over by name.
 */
import { SSE_EVENTS, type SseEventName } from '../domain/ops';

/** The part of EventSource used here (tests pass a fake). */
export interface EventSourceLike {
  readonly readyState: number;
  onopen: ((this: EventSourceLike, ev: Event) => unknown) | null;
  onerror: ((this: EventSourceLike, ev: Event) => unknown) | null;
  addEventListener(name: string, fn: (ev: MessageEvent) => void): void;
  close(): void;
}

const CLOSED = 2;

export interface StreamHandlers {
  /** the stream is open; `resumed`: the browser reconnected with Last-Event-ID (missed events are replayed) */
  open(resumed: boolean): void;
  /** the stream dropped or could not open */
  error(): void;
  event(name: SseEventName, data: unknown): void;
}

export interface StreamOptions {
  create?: (url: string) => EventSourceLike;
  /** first retry delay after the stream closed, ms (doubles up to maxRetryMs) */
  retryMs?: number;
  maxRetryMs?: number;
}

export class OpsEvents {
  private es: EventSourceLike | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private attempt = 0;
  private disposed = false;
  /** this EventSource has opened before (a later open is the browser's own reconnect, with Last-Event-ID) */
  private opened = false;
  private readonly create: (url: string) => EventSourceLike;
  /** the id of the last event received (replayed after it by a new EventSource) */
  private lastId: string | null = null;

  constructor(
    private readonly url: string,
    private readonly handlers: StreamHandlers,
    private readonly opts: StreamOptions = {},
  ) {
    this.create = opts.create ?? ((u) => new EventSource(u) as unknown as EventSourceLike);
  }

  start(): void {
    if (this.disposed || this.es) return;
    const es = this.create(this.lastId === null ? this.url : `${this.url}?lastEventId=${encodeURIComponent(this.lastId)}`);
    this.es = es;
    this.opened = false;
    es.onopen = () => {
      if (this.es !== es) return;
      this.attempt = 0;
      const resumed = this.opened;
      this.opened = true;
      this.handlers.open(resumed);
    };
    es.onerror = () => {
      if (this.es !== es) return;
      this.handlers.error();
      if (es.readyState === CLOSED) {
        // the browser gave up on this one: a new one later (the app reloads the state when it opens)
        es.close();
        this.es = null;
        this.schedule();
      }
    };
    for (const name of SSE_EVENTS) {
      es.addEventListener(name, (ev: MessageEvent) => {
        if (this.es !== es) return;
        if (ev.lastEventId) this.lastId = ev.lastEventId;
        let data: unknown;
        try {
          data = JSON.parse(String(ev.data)) as unknown;
        } catch {
          return; // not JSON: ignored (the next reload brings the state)
        }
        this.handlers.event(name, data);
      });
    }
  }

  /** closes the stream and opens a new one now (e.g. after a login changed the session) */
  restart(): void {
    this.stop();
    this.attempt = 0;
    this.start();
  }

  /** the stream is open now */
  isOpen(): boolean {
    return this.es !== null && this.es.readyState === 1;
  }

  private schedule(): void {
    if (this.disposed || this.timer) return;
    const first = this.opts.retryMs ?? 1000;
    const delay = Math.min(this.opts.maxRetryMs ?? 10_000, first * 2 ** this.attempt);
    this.attempt++;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.start();
    }, delay);
  }

  /** closes the stream and stops retrying until restart() (e.g. reading needs a login) */
  pause(): void {
    this.stop();
  }

  private stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const es = this.es;
    this.es = null;
    if (es) {
      es.onopen = es.onerror = null;
      es.close();
    }
  }

  dispose(): void {
    this.disposed = true;
    this.stop();
  }
}
