/**
 * SensorThings API 1.1: recorded answers in the standard's shape (tests/fixtures/sensorthings) → readings, worked out
 * by hand: P-1 0.31 MPa (normal), P-2 52 kPa = 0.052 MPa (below the 0.14 MPa alarm limit), L-1 120 cm = 1.2 m at the
 * end of its phenomenonTime interval, G-1 no observation, X-9 unknown to the twin (rejected, counted).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { STATUS_ALARM, STATUS_NORMAL } from '../../../../src/domain/status';
import {
  LATEST_EXPAND,
  SensorThingsSource,
  apiVersion,
  latestUrl,
  observationsTopic,
  parseThingsPage,
  topicDatastream,
} from '../../../../src/feed/sources/sensorthings';
import type { MqttClientLike, MqttConnect } from '../../../../src/feed/sources/mqtt';
import { T0, fixtureRegistry, fixtureStore } from '../feed-fixture';

const FIX = join(__dirname, '..', '..', '..', 'fixtures', 'sensorthings');
const page = (n: number): unknown => JSON.parse(readFileSync(join(FIX, `things-latest-${n}.json`), 'utf8'));
const registry = fixtureRegistry();

/** Serves page 1 at the latest URL and page 2 at its nextLink; records the URLs asked for. */
function recordedServer(): { fetch: typeof fetch; urls: string[]; fail: { status: number } | null } {
  const state = { urls: [] as string[], fail: null as { status: number } | null, fetch: (async () => new Response()) as typeof fetch };
  state.fetch = (async (input: RequestInfo | URL) => {
    const url = String(input);
    state.urls.push(url);
    if (state.fail) return new Response('down', { status: state.fail.status });
    const u = new URL(url);
    if (u.pathname !== '/v1.1/Things' || u.searchParams.get('$expand') !== LATEST_EXPAND) return new Response('no', { status: 404 });
    return Response.json(page(u.searchParams.get('$skip') === '1' ? 2 : 1));
  }) as typeof fetch;
  return state;
}

describe('SensorThings responses', () => {
  it('the latest-observation request expands Datastreams/Observations, newest first, one each', () => {
    const u = new URL(latestUrl('http://sta.test/v1.1/'));
    expect(u.pathname).toBe('/v1.1/Things');
    expect(u.searchParams.get('$expand')).toBe('Datastreams/Observations($top=1;$orderby=phenomenonTime desc)');
  });

  it('a page gives its datastreams, their latest readings in the metric units, and the next page', () => {
    const p1 = parseThingsPage(page(1), {}, registry, T0);
    expect(p1.datastreams.map((d) => [d.id, d.sensor, d.unit])).toEqual([
      [11, 'P-1', 'MPa'],
      [12, 'P-2', 'kPa'],
      [13, 'X-9', '°C'],
    ]);
    expect(p1.readings).toEqual([
      { sensor: 'P-1', asset: 'JP-000001', metric: 'pressure', value: 0.31, unit: 'MPa', time: '2024-06-01T07:59:00Z' },
      { sensor: 'P-2', asset: 'JP-000002', metric: 'pressure', value: 52, unit: 'kPa', time: '2024-06-01T07:59:30Z' },
      { sensor: 'X-9', asset: undefined, metric: undefined, value: 21.5, unit: '°C', time: '2024-06-01T07:59:00Z' },
    ]);
    expect(p1.nextLink).toContain('$skip=1');
    const p2 = parseThingsPage(page(2), {}, registry, T0);
    expect(p2.readings).toEqual([{ sensor: 'L-1', asset: 'WS-000008', metric: 'level', value: 120, unit: 'cm', time: '2024-06-01T07:58:00Z' }]);
    expect(p2.datastreams.map((d) => d.sensor)).toEqual(['L-1', 'G-1']); // G-1 known, no observation yet
    expect(p2.nextLink).toBeNull();
  });

  it('the sensor id may come from elsewhere on the datastream or its Thing', () => {
    const p = parseThingsPage(page(1), { sensor: 'Thing.properties.district' }, registry, T0);
    expect(p.datastreams.map((d) => d.sensor)).toEqual(['Yuzhong', 'Yuzhong', 'Yuzhong']);
    expect(() => parseThingsPage({ items: [] }, {}, registry, T0)).toThrow(/SensorThings/);
  });

  it('MQTT extension topics', () => {
    expect(apiVersion('https://x.cn/FROST-Server/v1.1')).toBe('v1.1');
    expect(apiVersion('https://x.cn/sta/')).toBe('v1.1');
    expect(observationsTopic('v1.1', 11)).toBe('v1.1/Datastreams(11)/Observations');
    expect(observationsTopic('v1.0', 'ab-1')).toBe("v1.0/Datastreams('ab-1')/Observations");
    expect(topicDatastream("v1.1/Datastreams('ab-1')/Observations")).toBe('ab-1');
    expect(topicDatastream('v1.1/Datastreams(11)/Observations')).toBe('11');
  });
});

describe('SensorThingsSource', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reads every page into the store through the shared validation; polls again; backs off while the service fails', async () => {
    vi.useFakeTimers();
    const { store } = fixtureStore();
    const server = recordedServer();
    const src = new SensorThingsSource({ store, now: () => T0, tickMs: 0, url: 'http://sta.test/v1.1', fetch: server.fetch, pollMs: 30_000, backoff: { initialMs: 1000, maxMs: 8000 }, random: () => 1 });
    src.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(server.urls).toHaveLength(2); // page 1, then its nextLink
    const s = (id: string) => store.sensor(store.sensorIndex(id)!);
    expect(s('P-1')).toMatchObject({ value: 0.31, status: STATUS_NORMAL });
    expect(s('P-2').status).toBe(STATUS_ALARM);
    expect(s('P-2').value).toBeCloseTo(0.052, 9);
    expect(s('L-1').value).toBeCloseTo(1.2, 9);
    expect(s('G-1').value).toBeNull();
    expect(src.health()).toMatchObject({ state: 'ok', lastDocument: { received: 4, accepted: 3, rejected: 1 } });
    expect(src.health().rejectedReadings.badAsset).toBe(1); // not a sensor of ours, no asset

    await vi.advanceTimersByTimeAsync(30_000);
    expect(server.urls).toHaveLength(4);
    expect(src.health().lastDocument).toMatchObject({ accepted: 0, unchanged: 3 }); // the same observations again

    server.fail = { status: 503 };
    await vi.advanceTimersByTimeAsync(30_000);
    expect(src.health()).toMatchObject({ state: 'retrying', consecutiveFailures: 1, lastError: { kind: 'http', status: 503 } });
    const before = server.urls.length;
    await vi.advanceTimersByTimeAsync(999);
    expect(server.urls.length).toBe(before); // first retry after 1 s
    await vi.advanceTimersByTimeAsync(1);
    expect(server.urls.length).toBe(before + 1);
    await vi.advanceTimersByTimeAsync(1999);
    expect(server.urls.length).toBe(before + 1); // then 2 s
    await vi.advanceTimersByTimeAsync(1);
    expect(server.urls.length).toBe(before + 2);
    expect(s('P-2').status).toBe(STATUS_ALARM); // the store keeps its state
    server.fail = null;
    await vi.advanceTimersByTimeAsync(4000);
    expect(src.health()).toMatchObject({ state: 'ok', consecutiveFailures: 0 });
    src.stop();
  });

  it('MQTT extension: subscribes to each datastream\'s observations and takes their entities as readings', async () => {
    const { store } = fixtureStore();
    const server = recordedServer();
    let client: (MqttClientLike & { fire(e: string, ...a: unknown[]): void; topics: string[] }) | null = null;
    const connect: MqttConnect = () => {
      const handlers = new Map<string, (...a: unknown[]) => void>();
      const c = {
        topics: [] as string[],
        on(e: string, fn: (...a: never[]) => void) {
          handlers.set(e, fn as (...a: unknown[]) => void);
          return c;
        },
        subscribe(t: string[], _o: unknown, cb?: (err: Error | null) => void) {
          c.topics.push(...t);
          cb?.(null);
        },
        end() {},
        fire(e: string, ...a: unknown[]) {
          handlers.get(e)?.(...a);
        },
      };
      client = c;
      return c;
    };
    const src = new SensorThingsSource({ store, now: () => T0, tickMs: 0, url: 'http://sta.test/v1.1', fetch: server.fetch, mqtt: { url: 'ws://b', connect } });
    src.start();
    await vi.waitFor(() => expect(client).not.toBeNull());
    const c = client!;
    c.fire('connect');
    expect(c.topics).toEqual([11, 12, 13, 21, 22].map((id) => `v1.1/Datastreams(${id})/Observations`));
    const obs = { '@iot.id': 1202, phenomenonTime: '2024-06-01T07:59:50Z', resultTime: '2024-06-01T07:59:51Z', result: 310 };
    c.fire('message', 'v1.1/Datastreams(12)/Observations', new TextEncoder().encode(JSON.stringify(obs)));
    src.mqttSource?.flush();
    expect(store.sensor(store.sensorIndex('P-2')!)).toMatchObject({ value: 0.31, status: STATUS_NORMAL });
    src.stop();
  });
});
