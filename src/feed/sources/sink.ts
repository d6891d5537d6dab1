/**
 * The one pipeline every live source feeds (docs/sources.md): readings from MQTT messages or SensorThings observations
 * are gathered into feed v1 documents (`sequence` = the store's last + 1, `generatedAt` = this clock) and go through the
 * same `validateDocument` → `FeedStore.apply` as the HTTP feed, so validation, thresholds and staleness stay one path.
 * The sink also keeps the source's health in the FeedClient's shape (the badge reads it unchanged) and ticks the store
 * so that sensors fall silent → offline while a source is down. Pure: timers only.
 */
import type { FeedDocumentV1, FeedReadingV1 } from '../../domain/feedSchema';
import { applyBatch, freshHealth, recordOutcome, type FailureKind, type FeedHealth, type PollOutcome } from '../client';
import { Emitter } from '../emitter';
import type { FeedStore } from '../store';
import { validateDocument } from '../validate';

/**
 * What a source hands on: meant to be a feed v1 reading, but whatever a mapping made of a message (validation
 * rejects and counts what is not one).
 */
export type SourceReading = unknown;

export interface FeedSourceEvents {
  health: FeedHealth;
  poll: PollOutcome;
}

/** What the app needs of any feed source (the HTTP FeedClient has the same shape). */
export interface FeedSource {
  readonly store: FeedStore;
  readonly running: boolean;
  start(): void;
  stop(): void;
  /** poll / reconnect now (the badge's retry button) */
  pollNow(): void;
  health(): FeedHealth;
  on<K extends keyof FeedSourceEvents>(type: K, fn: (e: FeedSourceEvents[K]) => void): () => void;
}

export interface SinkOptions {
  store: FeedStore;
  /** client clock (default Date.now) */
  now?: () => number;
  /** staleness re-check interval, ms (default 1000; 0 = none) */
  tickMs?: number;
}


/** Gathers readings into documents for the store, keeps the health record and runs the staleness tick. */
export class ReadingSink {
  readonly store: FeedStore;
  readonly now: () => number;
  readonly events = new Emitter<FeedSourceEvents>();
  h: FeedHealth = freshHealth();
  private readonly tickMs: number;
  private tickTimer: ReturnType<typeof setInterval> | null = null;

  constructor(opts: SinkOptions) {
    this.store = opts.store;
    this.now = opts.now ?? Date.now;
    this.tickMs = opts.tickMs ?? 1000;
  }

  health(): FeedHealth {
    return structuredClone(this.h);
  }

  start(): void {
    this.h.running = true;
    if (this.tickMs > 0 && !this.tickTimer) this.tickTimer = setInterval(() => this.store.tick(this.now()), this.tickMs);
  }

  stop(): void {
    this.h.running = false;
    if (this.tickTimer) clearInterval(this.tickTimer);
    this.tickTimer = null;
    this.h.nextPollAt = null;
    this.emitHealth();
  }

  /**
   * One document of readings through validation into the store. An empty list still counts as a good contact (the
   * source answered) but applies nothing. Returns what happened, as the HTTP client reports a poll.
   */
  deliver(readings: readonly SourceReading[]): PollOutcome {
    const at = this.now();
    this.h.polls++;
    this.h.lastAttemptAt = at;
    let outcome: PollOutcome;
    if (readings.length === 0) outcome = { kind: 'notModified' };
    else {
      const doc: FeedDocumentV1 = {
        version: 1,
        generatedAt: new Date(at).toISOString(),
        sequence: this.store.lastSequence + 1,
        readings: readings as FeedReadingV1[],
      };
      const result = validateDocument(doc, this.store.registry);
      if (!result.ok) outcome = { kind: 'failed', failure: result.error, message: result.message };
      else outcome = applyBatch(this.store, this.h, result.batch, at);
    }
    this.record(outcome);
    this.events.emit('poll', outcome);
    this.emitHealth();
    return outcome;
  }

  /** A transport failure (connection lost, request failed): the state says retrying; the store keeps its state. */
  fail(kind: FailureKind, message: string, status?: number): PollOutcome {
    const outcome: PollOutcome = { kind: 'failed', failure: kind, message, ...(status ? { status } : {}) };
    this.h.lastAttemptAt = this.now();
    this.record(outcome);
    this.events.emit('poll', outcome);
    this.emitHealth();
    return outcome;
  }

  /** The source is in contact again (connected, or a poll answered): state ok, failures reset. */
  ok(): void {
    this.h.consecutiveFailures = 0;
    this.h.state = 'ok';
    this.h.lastOkAt = this.now();
    this.emitHealth();
  }

  record(o: PollOutcome): void {
    recordOutcome(this.h, o, this.now());
  }

  emitHealth(): void {
    if (this.events.has('health')) this.events.emit('health', this.health());
  }
}

/**
 * What the sources that deliver through a ReadingSink (MQTT, SensorThings) share: the store, the sink, and the part of
 * the FeedSource interface that only reads the sink (running, events, health).
 */
export abstract class SinkSource {
  readonly store: FeedStore;
  protected readonly sink: ReadingSink;

  constructor(opts: SinkOptions) {
    this.store = opts.store;
    this.sink = new ReadingSink(opts);
  }

  get running(): boolean {
    return this.sink.h.running;
  }

  on<K extends keyof FeedSourceEvents>(type: K, fn: (e: FeedSourceEvents[K]) => void): () => void {
    return this.sink.events.on(type, fn);
  }

  health(): FeedHealth {
    return this.sink.health();
  }
}
