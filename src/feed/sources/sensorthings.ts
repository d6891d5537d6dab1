/**
 * OGC SensorThings API 1.1 source (docs/sources.md): Things → Datastreams → Observations.
 *
 * On start, and then every `pollMs`, one request (plus its `@iot.nextLink` pages) gives the latest observation of every
 * datastream:
 *
 *   GET {url}/Things?$expand=Datastreams/Observations($top=1;$orderby=phenomenonTime desc)
 *
 * A datastream is one of our sensors by a path on the Datastream entity (`mapping.sensor`, default `name`; `Thing.…`
 * reads the parent Thing, e.g. `Thing.properties.sensor`); its unit is `unitOfMeasurement.symbol` (or
 * `mapping.unit`), converted by the metric's table like any feed unit. `result` is the value and `phenomenonTime` the
 * time (the end of an interval). Readings go through the shared pipeline (sink.ts): an observation seen before counts
 * as unchanged, an unknown datastream is rejected and counted. Failed requests back off like the HTTP feed.
 *
 * MQTT extension (optional `mqtt`): once the datastreams are known, their `v1.1/Datastreams(id)/Observations` topics
 * are subscribed through an MqttSource with a decoder of Observation entities; polling goes on as a safety net.
 * Pure: fetch, AbortController and timers only.
 */
import { backoffDelay, type BackoffOptions } from '../client';
import type { SensorRegistry } from '../registry';
import { completeReading, decodePayload, valueAt } from './mapping';
import { MqttSource, type MqttConnect } from './mqtt';
import { SinkSource, type FeedSource, type SinkOptions, type SourceReading } from './sink';

export const LATEST_EXPAND = 'Datastreams/Observations($top=1;$orderby=phenomenonTime desc)';

export interface SensorThingsMapping {
  /** path on the Datastream to our sensor id (default "name"; "Thing.…" reads the parent Thing) */
  sensor?: string;
  /** path on the Datastream to the unit (default "unitOfMeasurement.symbol") */
  unit?: string;
}

export interface DatastreamInfo {
  /** @iot.id (number or string, as the service gives it) */
  id: number | string;
  /** our sensor id, undefined when the mapping finds none */
  sensor: unknown;
  unit: unknown;
}

export interface ThingsPage {
  datastreams: DatastreamInfo[];
  /** the latest observation of each datastream that has one */
  readings: SourceReading[];
  nextLink: string | null;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The URL of the latest-observation request for a service root (".../v1.1"). */
export function latestUrl(serviceRoot: string): string {
  return `${serviceRoot.replace(/\/+$/, '')}/Things?$expand=${encodeURIComponent(LATEST_EXPAND)}`;
}

/** "2026-03-01T10:00:00Z/2026-03-01T10:05:00Z" → its end; an instant unchanged. */
export function phenomenonEnd(t: unknown): unknown {
  if (typeof t !== 'string') return t;
  const slash = t.indexOf('/');
  return slash >= 0 ? t.slice(slash + 1) : t;
}

/** One Observation entity of a datastream → one reading. */
export function observationReading(ds: DatastreamInfo, obs: unknown, registry: SensorRegistry, receivedAt: number): SourceReading {
  if (!isObj(obs)) return obs;
  return completeReading(
    { sensor: ds.sensor, value: obs.result, unit: ds.unit, time: phenomenonEnd(obs.phenomenonTime ?? obs.resultTime) },
    registry,
    receivedAt,
  );
}

/**
 * A page of `Things?$expand=Datastreams/Observations(...)` → the datastreams and their latest readings. Anything not
 * in the standard's shape is skipped (a page that is not an object with a `value` array is an error).
 */
export function parseThingsPage(json: unknown, mapping: SensorThingsMapping, registry: SensorRegistry, receivedAt: number): ThingsPage {
  if (!isObj(json) || !Array.isArray(json.value)) throw new Error('not a SensorThings collection (no "value" array)');
  const sensorPath = mapping.sensor ?? 'name';
  const unitPath = mapping.unit ?? 'unitOfMeasurement.symbol';
  const at = (thing: Record<string, unknown>, ds: Record<string, unknown>, path: string): unknown =>
    path.startsWith('Thing.') ? valueAt(thing, path.slice(6)) : valueAt(ds, path);
  const datastreams: DatastreamInfo[] = [];
  const readings: SourceReading[] = [];
  for (const thing of json.value as unknown[]) {
    if (!isObj(thing) || !Array.isArray(thing.Datastreams)) continue;
    for (const ds of thing.Datastreams as unknown[]) {
      if (!isObj(ds)) continue;
      const id = ds['@iot.id'];
      if (typeof id !== 'number' && typeof id !== 'string') continue;
      const info: DatastreamInfo = { id, sensor: at(thing, ds, sensorPath), unit: at(thing, ds, unitPath) };
      datastreams.push(info);
      const obs = Array.isArray(ds.Observations) ? (ds.Observations as unknown[])[0] : undefined;
      if (obs !== undefined) readings.push(observationReading(info, obs, registry, receivedAt));
    }
  }
  const next = json['@iot.nextLink'];
  return { datastreams, readings, nextLink: typeof next === 'string' && next !== '' ? next : null };
}

/** The API version of a service root ("…/v1.1" → "v1.1"), for MQTT topics; default v1.1. */
export function apiVersion(serviceRoot: string): string {
  return /\/(v\d+\.\d+)\/*$/.exec(serviceRoot)?.[1] ?? 'v1.1';
}

/** MQTT topic of a datastream's new observations. */
export function observationsTopic(version: string, id: number | string): string {
  return `${version}/Datastreams(${typeof id === 'number' ? id : `'${id}'`})/Observations`;
}

/** Datastream id in an observations topic, as text. */
export function topicDatastream(topic: string): string | null {
  const m = /Datastreams\('?([^')]*)'?\)\/Observations$/.exec(topic);
  return m ? m[1] : null;
}

export interface SensorThingsSourceOptions extends SinkOptions {
  /** service root (the configured SensorThings service, e.g. …/FROST-Server/v1.1) */
  url: string;
  mapping?: SensorThingsMapping;
  fetch?: typeof fetch;
  /** poll interval, ms (default 30000) */
  pollMs?: number;
  timeoutMs?: number;
  /** most pages followed per poll (default 50) */
  maxPages?: number;
  backoff?: BackoffOptions;
  random?: () => number;
  /** the MQTT extension: broker URL and mqtt.js' connect (or its loader) */
  mqtt?: { url: string; connect: MqttConnect | { load(): Promise<MqttConnect> } };
}

class HttpFailure extends Error {
  constructor(
    message: string,
    readonly kind: 'http' | 'malformed' | 'timeout' | 'network',
    readonly status?: number,
  ) {
    super(message);
  }
}

export class SensorThingsSource extends SinkSource implements FeedSource {
  private readonly opts: SensorThingsSourceOptions;
  private readonly fetchFn: typeof fetch;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inFlight: AbortController | null = null;
  /** datastream id (as text) → its sensor and unit, from the last poll */
  private readonly datastreams = new Map<string, DatastreamInfo>();
  private mqtt: MqttSource | null = null;

  constructor(opts: SensorThingsSourceOptions) {
    super(opts);
    this.opts = opts;
    this.fetchFn = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  /** the MQTT extension's source, once started */
  get mqttSource(): MqttSource | null {
    return this.mqtt;
  }

  start(): void {
    if (this.running) return;
    this.sink.start();
    this.schedule(0);
  }

  stop(): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.inFlight?.abort();
    this.mqtt?.stop();
    this.mqtt = null;
    this.sink.stop();
  }

  pollNow(): void {
    if (!this.running || this.inFlight) return;
    this.schedule(0);
  }

  private schedule(delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.sink.h.nextPollAt = this.sink.now() + delay;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.loop();
    }, delay);
  }

  private async loop(): Promise<void> {
    if (this.inFlight) return;
    const ok = await this.pollOnce();
    if (!this.running || this.timer) return;
    this.schedule(ok ? (this.opts.pollMs ?? 30_000) : backoffDelay(this.sink.h.consecutiveFailures, this.opts.backoff, this.opts.random));
    this.sink.emitHealth();
  }

  /** One poll (every page) into the store. Never throws; false when it failed. */
  async pollOnce(): Promise<boolean> {
    const ctrl = new AbortController();
    this.inFlight = ctrl;
    this.sink.h.inFlightSince = this.sink.now();
    this.sink.h.nextPollAt = null;
    const readings: SourceReading[] = [];
    try {
      let url: string | null = latestUrl(this.opts.url);
      const seen = new Map<string, DatastreamInfo>();
      for (let page = 0; url && page < (this.opts.maxPages ?? 50); page++) {
        const parsed: ThingsPage = parseThingsPage(await this.getJson(url, ctrl), this.opts.mapping ?? {}, this.store.registry, this.sink.now());
        for (const ds of parsed.datastreams) seen.set(String(ds.id), ds);
        for (const r of parsed.readings) readings.push(r);
        url = parsed.nextLink;
      }
      this.datastreams.clear();
      for (const [k, v] of seen) this.datastreams.set(k, v);
    } catch (err) {
      this.inFlight = null;
      this.sink.h.inFlightSince = null;
      if (!this.running) return false;
      if (err instanceof HttpFailure) this.sink.fail(err.kind, err.message, err.status);
      else if (ctrl.signal.aborted) this.sink.fail('timeout', `no complete response in ${this.opts.timeoutMs ?? 10_000} ms`);
      else this.sink.fail(err instanceof Error && /SensorThings/.test(err.message) ? 'malformed' : 'network', err instanceof Error ? err.message : String(err));
      return false;
    }
    this.inFlight = null;
    this.sink.h.inFlightSince = null;
    if (!this.running) return false;
    this.sink.deliver(readings);
    this.startMqtt();
    return true;
  }

  private async getJson(url: string, ctrl: AbortController): Promise<unknown> {
    const timer = setTimeout(() => ctrl.abort(), this.opts.timeoutMs ?? 10_000);
    try {
      const res = await this.fetchFn(url, { headers: { Accept: 'application/json' }, signal: ctrl.signal, cache: 'no-store' });
      if (!res.ok) {
        await res.body?.cancel().catch(() => undefined);
        throw new HttpFailure(`HTTP ${res.status}`, 'http', res.status);
      }
      const text = await res.text();
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new HttpFailure('the SensorThings answer is not JSON', 'malformed');
      }
    } finally {
      clearTimeout(timer);
    }
  }

  /** The MQTT extension, once the datastreams are known (their topics are fixed from then on). */
  private startMqtt(): void {
    const m = this.opts.mqtt;
    if (!m || this.mqtt || this.datastreams.size === 0) return;
    const version = apiVersion(this.opts.url);
    const registry = this.store.registry;
    this.mqtt = new MqttSource({
      store: this.store,
      now: this.sink.now,
      tickMs: 0, // the polling sink ticks the store
      url: m.url,
      topics: [...this.datastreams.values()].map((ds) => observationsTopic(version, ds.id)),
      connect: m.connect,
      backoff: this.opts.backoff,
      random: this.opts.random,
      decode: (topic, payload, at) => {
        const id = topicDatastream(topic);
        const ds = id === null ? undefined : this.datastreams.get(id);
        return ds ? [observationReading(ds, decodePayload(payload), registry, at)] : [];
      },
    });
    this.mqtt.start();
  }
}
