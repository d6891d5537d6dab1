/**
 * MQTT source (docs/sources.md): subscribes to topics on a broker (MQTT over WebSockets in the browser), turns each
 * message into readings (a field mapping, or a decoder of the caller's, e.g. SensorThings' MQTT extension) and hands
 * them to the shared pipeline in small batches (every `batchMs`), so a burst of messages is one document for the store.
 *
 * The MQTT library is not imported here: the caller passes `connect`, or a loader for it, so the browser loads mqtt.js
 * only when a broker is configured (dynamic import in app/feed.ts) and this module stays pure.
 *
 * Connection: mqtt.js' own fixed-period reconnect is off; a lost or refused connection (or no CONNACK within
 * `connectTimeoutMs`) is retried with exponential backoff and jitter (the HTTP client's `backoffDelay`), back to
 * nothing once a connection holds. While the broker is gone nothing new arrives: the store's staleness clock keeps
 * ticking and turns the silent sensors offline (a warning or alarm is kept, marked stale) — never normal.
 */
import { backoffDelay, type BackoffOptions } from '../client';
import type { FieldMapping } from './mapping';
import { decodePayload, readingsOf } from './mapping';
import { SinkSource, type FeedSource, type SinkOptions, type SourceReading } from './sink';

/** The part of an mqtt.js client this source uses. */
export interface MqttClientLike {
  on(event: 'connect', fn: () => void): unknown;
  on(event: 'message', fn: (topic: string, payload: Uint8Array) => void): unknown;
  on(event: 'close', fn: () => void): unknown;
  on(event: 'error', fn: (err: Error) => void): unknown;
  subscribe(topics: string[], opts: { qos: 0 | 1 }, cb?: (err: Error | null) => void): unknown;
  end(force?: boolean): unknown;
}

export interface MqttConnectOptions {
  /** 0: this source reconnects itself, with backoff */
  reconnectPeriod: number;
  connectTimeout: number;
  clean: boolean;
  clientId: string;
}

export type MqttConnect = (url: string, options: MqttConnectOptions) => MqttClientLike;

export interface MqttSourceOptions extends SinkOptions {
  /** broker URL, e.g. wss://broker.example.cn:8884/mqtt (ws:// or wss:// in a browser) */
  url: string;
  /** topic filters (+ and # wildcards) */
  topics: readonly string[];
  /** mqtt.js' connect, or a loader that resolves to it (loaded on start) */
  connect: MqttConnect | { load(): Promise<MqttConnect> };
  /** message → readings; default: the field mapping (mapping.ts) */
  decode?: (topic: string, payload: Uint8Array, receivedAt: number) => SourceReading[];
  mapping?: FieldMapping;
  /** readings are gathered for this long into one document, ms (default 250) */
  batchMs?: number;
  backoff?: BackoffOptions;
  /** no CONNACK within this long = a failed attempt, ms (default 10000) */
  connectTimeoutMs?: number;
  /** jitter source (tests) */
  random?: () => number;
}

/** The largest batch handed on at once (a flood of messages is several documents, not one huge one). */
const MAX_BATCH = 50_000;

export class MqttSource extends SinkSource implements FeedSource {
  private readonly opts: MqttSourceOptions;
  private connectFn: MqttConnect | null;
  private client: MqttClientLike | null = null;
  private connected = false;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private connectTimer: ReturnType<typeof setTimeout> | null = null;
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private pending: SourceReading[] = [];
  private lastError = '';
  /** connection attempts so far (tests, health) */
  attempts = 0;

  constructor(opts: MqttSourceOptions) {
    super(opts);
    this.opts = opts;
    this.connectFn = typeof opts.connect === 'function' ? opts.connect : null;
  }

  /** connected to the broker and subscribed */
  get isConnected(): boolean {
    return this.connected;
  }

  start(): void {
    if (this.running) return;
    this.sink.start();
    void this.connect();
  }

  stop(): void {
    if (!this.running) return;
    this.clearTimers();
    this.flush();
    this.drop();
    this.sink.stop();
  }

  /** Reconnect now when disconnected (the badge's retry button); nothing while connected. */
  pollNow(): void {
    if (!this.running || this.client) return;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    void this.connect();
  }

  private clearTimers(): void {
    for (const t of [this.reconnectTimer, this.connectTimer, this.flushTimer]) if (t) clearTimeout(t);
    this.reconnectTimer = this.connectTimer = this.flushTimer = null;
  }

  private async connect(): Promise<void> {
    this.attempts++;
    const h = this.sink.h;
    h.inFlightSince = this.sink.now();
    h.nextPollAt = null;
    this.sink.emitHealth();
    if (!this.connectFn) {
      const loader = this.opts.connect as { load(): Promise<MqttConnect> };
      try {
        this.connectFn = await loader.load();
      } catch (err) {
        if (this.running) this.down(`MQTT library did not load: ${err instanceof Error ? err.message : String(err)}`);
        return;
      }
      if (!this.running) return;
    }
    let client: MqttClientLike;
    try {
      client = this.connectFn(this.opts.url, {
        reconnectPeriod: 0,
        connectTimeout: this.opts.connectTimeoutMs ?? 10_000,
        clean: true,
        clientId: `twin-${Math.random().toString(36).slice(2, 10)}`,
      });
    } catch (err) {
      this.down(err instanceof Error ? err.message : String(err));
      return;
    }
    this.client = client;
    this.lastError = '';
    this.connectTimer = setTimeout(() => {
      this.connectTimer = null;
      if (this.client === client && !this.connected) this.down(`no answer from the broker in ${this.opts.connectTimeoutMs ?? 10_000} ms`, 'timeout');
    }, this.opts.connectTimeoutMs ?? 10_000);
    client.on('connect', () => {
      if (this.client !== client) return;
      if (this.connectTimer) clearTimeout(this.connectTimer);
      this.connectTimer = null;
      client.subscribe([...this.opts.topics], { qos: 0 }, (err) => {
        if (this.client !== client) return;
        if (err) {
          this.down(`subscribe refused: ${err.message}`);
          return;
        }
        this.connected = true;
        this.sink.h.inFlightSince = null;
        this.sink.ok();
      });
    });
    client.on('message', (topic, payload) => {
      if (this.client !== client) return;
      this.receive(topic, payload);
    });
    client.on('error', (err) => {
      if (this.client === client) this.lastError = err.message;
    });
    client.on('close', () => {
      if (this.client === client) this.down(this.lastError || 'connection closed');
    });
  }

  private receive(topic: string, payload: Uint8Array): void {
    const at = this.sink.now();
    const readings = this.opts.decode
      ? this.opts.decode(topic, payload, at)
      : readingsOf(decodePayload(payload), topic, this.opts.mapping ?? {}, this.store.registry, at);
    for (const r of readings) this.pending.push(r);
    if (this.pending.length >= MAX_BATCH) this.flush();
    else if (!this.flushTimer) this.flushTimer = setTimeout(() => this.flush(), this.opts.batchMs ?? 250);
  }

  /** Hands the gathered readings on now (one document). */
  flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.sink.deliver(batch);
  }

  /** Ends the current client, if any, without reporting. */
  private drop(): void {
    const c = this.client;
    this.client = null;
    this.connected = false;
    if (c) {
      try {
        c.end(true);
      } catch {
        /* already gone */
      }
    }
  }

  /** The connection is lost or was refused: report it, then retry after the backoff delay. */
  private down(message: string, kind: 'network' | 'timeout' = 'network'): void {
    this.flush();
    this.drop();
    if (this.connectTimer) clearTimeout(this.connectTimer);
    this.connectTimer = null;
    this.sink.h.inFlightSince = null;
    if (!this.running) return;
    this.sink.fail(kind, message);
    const delay = backoffDelay(this.sink.h.consecutiveFailures, this.opts.backoff, this.opts.random);
    this.sink.h.nextPollAt = this.sink.now() + delay;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (this.running) void this.connect();
    }, delay);
    this.sink.emitHealth();
  }
}
