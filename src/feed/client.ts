/**
 * FeedClient: polls the feed URL and feeds a FeedStore.
 *
 *  - conditional GET with If-None-Match (the last applied document's ETag); 304 = nothing new
 *  - timeout per request (AbortController), covering headers and body
 *  - size cap: a Content-Length above the cap, or a body stream passing it, aborts the request ("tooLarge")
 *  - any failure (network, timeout, HTTP status, too large, malformed / invalid document) keeps the last good state
 *    and retries with exponential backoff and jitter; success returns to the normal poll interval
 *  - an older-or-equal sequence is refused by the store and is not a transport failure (normal interval)
 *  - a clock tick re-judges staleness between polls, so silent sensors go offline even while the feed is down
 *
 * Pure: uses only fetch, AbortController, TextDecoder and timers (browser and Node ≥ 18 alike).
 */
import type { DocumentError, ReadingError } from '../domain/feedSchema';
import { Emitter } from './emitter';
import type { FeedStore } from './store';
import { emptyRejectCounts, parseFeedText, type RejectedExample, type ValidatedBatch } from './validate';

export type FailureKind = 'network' | 'timeout' | 'http' | DocumentError;

export interface BackoffOptions {
  /** first retry delay, ms (default 1000) */
  initialMs?: number;
  /** ceiling, ms (default 30000) */
  maxMs?: number;
  /** growth per failure (default 2) */
  factor?: number;
}

export interface FeedClientOptions {
  url: string;
  store: FeedStore;
  fetch?: typeof fetch;
  /** normal poll interval, ms (default 5000) */
  pollMs?: number;
  /** per-request timeout, ms (default 10000) */
  timeoutMs?: number;
  /** body size cap, bytes (default 32 MiB) */
  maxBytes?: number;
  backoff?: BackoffOptions;
  /** staleness re-check interval, ms (default 1000; 0 = none) */
  tickMs?: number;
  /** for tests: jitter source and client clock */
  random?: () => number;
  now?: () => number;
}

export type PollOutcome =
  | { kind: 'applied'; sequence: number; accepted: number; rejected: number }
  | { kind: 'notModified' }
  | { kind: 'staleSequence'; sequence: number }
  | { kind: 'failed'; failure: FailureKind; message: string; status?: number };

export interface FeedHealth {
  running: boolean;
  /** 'ok' after a good poll; 'retrying' while failing; 'idle' before the first poll */
  state: 'idle' | 'ok' | 'retrying';
  lastOkAt: number | null;
  lastAttemptAt: number | null;
  consecutiveFailures: number;
  lastError: { kind: FailureKind; message: string; at: number; status?: number } | null;
  /** when the next poll is due (client ms), null when stopped or while a request is in flight */
  nextPollAt: number | null;
  /** when the request in flight started (client ms), null when none is (a hanging request shows as waiting) */
  inFlightSince: number | null;
  sequence: number;
  etag: string | null;
  polls: number;
  applied: number;
  notModified: number;
  staleSequences: number;
  failures: Partial<Record<FailureKind, number>>;
  /** rejected readings since start, by reason */
  rejectedReadings: Record<ReadingError, number>;
  /** from the last applied document */
  lastDocument: { sequence: number; received: number; accepted: number; unchanged: number; rejected: number; examples: RejectedExample[] } | null;
}

export interface FeedClientEvents {
  health: FeedHealth;
  poll: PollOutcome;
}

/** Exponential backoff with "equal jitter": half the delay fixed, half random. `failures` ≥ 1. */
export function backoffDelay(failures: number, opts: BackoffOptions = {}, random: () => number = Math.random): number {
  const initial = opts.initialMs ?? 1000;
  const max = opts.maxMs ?? 30_000;
  const factor = opts.factor ?? 2;
  const d = Math.min(max, initial * factor ** Math.max(0, failures - 1));
  return d / 2 + (d / 2) * random();
}

class FeedFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** The health of a feed source before its first poll or message (every source starts from this). */
export function freshHealth(): FeedHealth {
  return {
    running: false,
    state: 'idle',
    lastOkAt: null,
    lastAttemptAt: null,
    consecutiveFailures: 0,
    lastError: null,
    nextPollAt: null,
    inFlightSince: null,
    sequence: -1,
    etag: null,
    polls: 0,
    applied: 0,
    notModified: 0,
    staleSequences: 0,
    failures: {},
    rejectedReadings: emptyRejectCounts(),
    lastDocument: null,
  };
}

/** Applies a validated document to the store and notes it in a health record: the poll's outcome (every source's). */
export function applyBatch(store: FeedStore, h: FeedHealth, batch: ValidatedBatch, at: number): PollOutcome {
  const applied = store.apply(batch, at);
  if (!applied.applied) return { kind: 'staleSequence', sequence: batch.sequence };
  h.sequence = batch.sequence;
  for (const [k, v] of Object.entries(applied.rejected) as [ReadingError, number][]) h.rejectedReadings[k] += v;
  h.lastDocument = {
    sequence: batch.sequence,
    received: batch.received,
    accepted: applied.accepted,
    unchanged: applied.unchanged,
    rejected: applied.rejectedTotal,
    examples: batch.examples,
  };
  return { kind: 'applied', sequence: batch.sequence, accepted: applied.accepted, rejected: applied.rejectedTotal };
}

/** Counts one poll's outcome into a health record (the polling client's and every other source's, via their sink). */
export function recordOutcome(h: FeedHealth, o: PollOutcome, at: number): void {
  if (o.kind === 'failed') {
    h.consecutiveFailures++;
    h.failures[o.failure] = (h.failures[o.failure] ?? 0) + 1;
    h.lastError = { kind: o.failure, message: o.message, at, ...(o.status ? { status: o.status } : {}) };
    h.state = 'retrying';
    return;
  }
  h.consecutiveFailures = 0;
  h.state = 'ok';
  h.lastOkAt = at;
  if (o.kind === 'applied') h.applied++;
  else if (o.kind === 'notModified') h.notModified++;
  else h.staleSequences++;
}

export class FeedClient {
  readonly store: FeedStore;
  private readonly opts: Required<Omit<FeedClientOptions, 'backoff' | 'fetch'>> & { backoff: BackoffOptions };
  private readonly fetchFn: typeof fetch;
  private readonly events = new Emitter<FeedClientEvents>();
  private pollTimer: ReturnType<typeof setTimeout> | null = null;
  private tickTimer: ReturnType<typeof setInterval> | null = null;
  private inFlight: AbortController | null = null;
  private h: FeedHealth;

  constructor(options: FeedClientOptions) {
    this.store = options.store;
    this.fetchFn = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.opts = {
      url: options.url,
      store: options.store,
      pollMs: options.pollMs ?? 5000,
      timeoutMs: options.timeoutMs ?? 10_000,
      maxBytes: options.maxBytes ?? 32 * 1024 * 1024,
      backoff: options.backoff ?? {},
      tickMs: options.tickMs ?? 1000,
      random: options.random ?? Math.random,
      now: options.now ?? Date.now,
    };
    this.h = freshHealth();
  }

  on<K extends keyof FeedClientEvents>(type: K, fn: (e: FeedClientEvents[K]) => void): () => void {
    return this.events.on(type, fn);
  }

  /** A copy of the feed's health (for a status badge / feed panel). */
  health(): FeedHealth {
    return structuredClone(this.h);
  }

  get running(): boolean {
    return this.h.running;
  }

  /** Start polling now. */
  start(): void {
    if (this.h.running) return;
    this.h.running = true;
    if (this.opts.tickMs > 0) this.tickTimer = setInterval(() => this.store.tick(this.opts.now()), this.opts.tickMs);
    this.schedule(0);
  }

  /** Stop polling and abort a request in flight. The store keeps its state. */
  stop(): void {
    this.h.running = false;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    if (this.tickTimer) clearInterval(this.tickTimer);
    this.pollTimer = null;
    this.tickTimer = null;
    this.h.nextPollAt = null;
    this.inFlight?.abort();
    this.emitHealth();
  }

  /** Poll now (e.g. a "retry" button), then continue on schedule. */
  pollNow(): void {
    if (!this.h.running || this.inFlight) return;
    this.schedule(0);
  }

  private schedule(delay: number): void {
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.h.nextPollAt = this.opts.now() + delay;
    this.pollTimer = setTimeout(() => {
      this.pollTimer = null;
      void this.loop();
    }, delay);
  }

  private async loop(): Promise<void> {
    if (this.inFlight) return;
    const outcome = await this.pollOnce();
    if (!this.h.running) return;
    if (this.pollTimer) return; // pollNow() scheduled one meanwhile
    const delay =
      outcome.kind === 'failed'
        ? backoffDelay(this.h.consecutiveFailures, this.opts.backoff, this.opts.random)
        : this.opts.pollMs;
    this.schedule(delay);
    this.emitHealth();
  }

  /** One request, applied to the store. Never throws. */
  async pollOnce(): Promise<PollOutcome> {
    const now = this.opts.now;
    const ctrl = new AbortController();
    this.inFlight = ctrl;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      ctrl.abort();
    }, this.opts.timeoutMs);
    this.h.polls++;
    this.h.lastAttemptAt = now();
    this.h.inFlightSince = this.h.lastAttemptAt;
    this.h.nextPollAt = null;
    this.emitHealth();
    let outcome: PollOutcome;
    try {
      outcome = await this.request(ctrl);
    } catch (e) {
      if (e instanceof FeedFailure) outcome = { kind: 'failed', failure: e.kind, message: e.message, status: e.status };
      else if (timedOut) outcome = { kind: 'failed', failure: 'timeout', message: `no complete response in ${this.opts.timeoutMs} ms` };
      else outcome = { kind: 'failed', failure: 'network', message: e instanceof Error ? e.message : String(e) };
    } finally {
      clearTimeout(timer);
      this.inFlight = null;
      this.h.inFlightSince = null;
    }
    this.record(outcome);
    this.events.emit('poll', outcome);
    if (!this.h.running) this.emitHealth();
    return outcome;
  }

  private async request(ctrl: AbortController): Promise<PollOutcome> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (this.h.etag) headers['If-None-Match'] = this.h.etag;
    const res = await this.fetchFn(this.opts.url, { headers, signal: ctrl.signal, cache: 'no-store' });
    if (res.status === 304) {
      await res.body?.cancel().catch(() => undefined);
      this.store.tick(this.opts.now());
      return { kind: 'notModified' };
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      throw new FeedFailure('http', `HTTP ${res.status}`, res.status);
    }
    const declared = Number(res.headers.get('content-length'));
    if (declared > this.opts.maxBytes) {
      ctrl.abort();
      throw new FeedFailure('tooLarge', `Content-Length ${declared} exceeds ${this.opts.maxBytes} bytes`);
    }
    const text = await readCapped(res, this.opts.maxBytes, ctrl);
    const result = parseFeedText(text, this.store.registry);
    if (!result.ok) throw new FeedFailure(result.error, result.message);
    const outcome = applyBatch(this.store, this.h, result.batch, this.opts.now());
    if (outcome.kind === 'applied') this.h.etag = res.headers.get('etag');
    return outcome;
  }

  private record(o: PollOutcome): void {
    recordOutcome(this.h, o, this.opts.now());
  }

  private emitHealth(): void {
    if (this.events.has('health')) this.events.emit('health', this.health());
  }
}

/** Read a response body as UTF-8, aborting once it passes `max` bytes. Invalid UTF-8 is "malformed". */
async function readCapped(res: Response, max: number, ctrl: AbortController): Promise<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const body = res.body;
  let bytes: Uint8Array;
  if (!body) {
    bytes = new Uint8Array(await res.arrayBuffer());
    if (bytes.byteLength > max) throw new FeedFailure('tooLarge', `body exceeds ${max} bytes`);
  } else {
    const reader = body.getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > max) {
        ctrl.abort();
        await reader.cancel().catch(() => undefined);
        throw new FeedFailure('tooLarge', `body exceeds ${max} bytes`);
      }
      chunks.push(value);
    }
    if (chunks.length === 1) bytes = chunks[0];
    else {
      bytes = new Uint8Array(total);
      let o = 0;
      for (const c of chunks) {
        bytes.set(c, o);
        o += c.byteLength;
      }
    }
  }
  try {
    return decoder.decode(bytes);
  } catch {
    throw new FeedFailure('malformed', 'body is not valid UTF-8');
  }
}
