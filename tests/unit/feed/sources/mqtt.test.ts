/**
 * MqttSource: batching and reconnect backoff with a scripted client (fake timers), then the real thing: Debian's
 * mosquitto over WebSockets, mqtt.js as the browser would use it, a publisher beside it; a broker that stops leaves the
 * sensors to go offline by staleness (never normal), a broker that comes back is reconnected to.
 */
import { connect as mqttConnect, type MqttClient } from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { STATUS_ALARM, STATUS_NORMAL, STATUS_OFFLINE } from '../../../../src/domain/status';
import { MqttSource, type MqttClientLike, type MqttConnect } from '../../../../src/feed/sources/mqtt';
import { Mosquitto, hasMosquitto } from '../../../helpers/mosquitto';
import { T0, fixtureStore, iso } from '../feed-fixture';

type Handlers = Partial<Record<'connect' | 'message' | 'close' | 'error', (...a: never[]) => void>>;

/** A scripted client: the test says when it connects, what arrives, when it closes. */
class ScriptedClient implements MqttClientLike {
  handlers: Handlers = {};
  subscribed: string[] = [];
  ended = false;
  on(event: string, fn: (...a: never[]) => void): this {
    this.handlers[event as keyof Handlers] = fn;
    return this;
  }
  subscribe(topics: string[], _o: unknown, cb?: (err: Error | null) => void): void {
    this.subscribed.push(...topics);
    cb?.(null);
  }
  end(): void {
    this.ended = true;
  }
  fire(event: keyof Handlers, ...args: unknown[]): void {
    (this.handlers[event] as ((...a: unknown[]) => void) | undefined)?.(...args);
  }
}

function scripted(): { connect: MqttConnect; clients: ScriptedClient[] } {
  const clients: ScriptedClient[] = [];
  return {
    clients,
    connect: () => {
      const c = new ScriptedClient();
      clients.push(c);
      return c;
    },
  };
}

describe('MqttSource (scripted client)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('gathers the messages of one batch window into one document', () => {
    vi.useFakeTimers();
    const { store } = fixtureStore();
    const { connect, clients } = scripted();
    const src = new MqttSource({ store, now: () => T0, tickMs: 0, url: 'ws://b', topics: ['cq/#'], connect, batchMs: 200 });
    src.start();
    clients[0].fire('connect');
    expect(clients[0].subscribed).toEqual(['cq/#']);
    expect(src.health().state).toBe('ok');
    const enc = (o: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(o));
    clients[0].fire('message', 'cq/a', enc({ sensor: 'P-1', value: 0.3, time: iso(T0 - 2000) }));
    clients[0].fire('message', 'cq/b', enc([{ sensor: 'P-2', value: 0.31, time: iso(T0 - 2000) }, { sensor: 'P-3', value: 0.32, time: iso(T0 - 2000) }]));
    expect(store.lastSequence).toBe(-1); // still gathering
    vi.advanceTimersByTime(200);
    expect(store.lastSequence).toBe(0); // one document
    expect(src.health().lastDocument).toMatchObject({ received: 3, accepted: 3, rejected: 0 });
    clients[0].fire('message', 'cq/a', enc({ sensor: 'P-1', value: 0.05, time: iso(T0 - 1000) }));
    vi.advanceTimersByTime(200);
    expect(store.lastSequence).toBe(1);
    expect(store.sensor(store.sensorIndex('P-1')!).status).toBe(STATUS_ALARM);
    src.stop();
    expect(clients[0].ended).toBe(true);
  });

  it('retries a refused or lost connection with growing delays, and resets them once connected', () => {
    vi.useFakeTimers();
    const { store } = fixtureStore();
    const { connect, clients } = scripted();
    // random = 1: no jitter, delays 100, 200, 400 ms
    const src = new MqttSource({ store, now: () => T0, tickMs: 0, url: 'ws://b', topics: ['t'], connect, backoff: { initialMs: 100, maxMs: 1000 }, random: () => 1 });
    src.start();
    expect(clients).toHaveLength(1);
    const attemptsAfter = (ms: number): number => {
      vi.advanceTimersByTime(ms);
      return clients.length;
    };
    clients[0].fire('error', new Error('ECONNREFUSED'));
    clients[0].fire('close');
    expect(src.health()).toMatchObject({ state: 'retrying', consecutiveFailures: 1, lastError: { kind: 'network', message: 'ECONNREFUSED' } });
    expect(attemptsAfter(99)).toBe(1);
    expect(attemptsAfter(1)).toBe(2);
    clients[1].fire('close');
    expect(attemptsAfter(199)).toBe(2);
    expect(attemptsAfter(1)).toBe(3);
    clients[2].fire('close');
    expect(attemptsAfter(399)).toBe(3);
    expect(attemptsAfter(1)).toBe(4);
    clients[3].fire('connect');
    expect(src.health()).toMatchObject({ state: 'ok', consecutiveFailures: 0 });
    clients[3].fire('close'); // lost after it held: the first delay again
    expect(attemptsAfter(99)).toBe(4);
    expect(attemptsAfter(1)).toBe(5);
    // a broker that never answers the CONNECT is a failed attempt too
    expect(attemptsAfter(10_000)).toBe(5);
    expect(src.health().lastError?.kind).toBe('timeout');
    src.stop();
    expect(attemptsAfter(60_000)).toBe(5); // the retry scheduled before stop() never runs
  });

  it('loads the MQTT library only on start, through the loader', async () => {
    const { store } = fixtureStore();
    const { connect, clients } = scripted();
    const load = vi.fn(async () => connect);
    const src = new MqttSource({ store, tickMs: 0, url: 'ws://b', topics: ['t'], connect: { load } });
    expect(load).not.toHaveBeenCalled();
    src.start();
    await vi.waitFor(() => expect(clients).toHaveLength(1));
    expect(load).toHaveBeenCalledTimes(1);
    src.stop();
  });
});

describe.runIf(hasMosquitto())('MqttSource against mosquitto over WebSockets', () => {
  let broker: Mosquitto;
  let publisher: MqttClient | undefined;
  beforeAll(async () => {
    broker = await Mosquitto.start();
  });
  afterAll(async () => {
    publisher?.end(true);
    await broker.dispose();
  });

  it('colours from published readings; a stopped broker turns the sensors offline (never normal); it reconnects', async () => {
    const { store, clock } = fixtureStore();
    const src = new MqttSource({
      store,
      now: () => clock.now,
      tickMs: 0,
      url: broker.url,
      topics: ['cq/+/reading'],
      mapping: { sensor: '$topic.1', value: 'v', time: 't' },
      connect: mqttConnect as unknown as MqttConnect,
      batchMs: 20,
      backoff: { initialMs: 100, maxMs: 400 },
    });
    src.start();
    await vi.waitFor(() => expect(src.isConnected).toBe(true), { timeout: 10_000 });
    const pub = mqttConnect(broker.url, { reconnectPeriod: 0 });
    publisher = pub;
    await new Promise<void>((resolve, reject) => {
      pub.once('connect', () => resolve());
      pub.once('error', reject);
    });
    await pub.publishAsync('cq/P-1/reading', JSON.stringify({ v: 0.33, t: iso(T0 - 5000) }));
    await pub.publishAsync('cq/P-2/reading', JSON.stringify({ v: 0.1, t: iso(T0 - 5000) }));
    const P1 = store.sensorIndex('P-1')!;
    const P2 = store.sensorIndex('P-2')!;
    await vi.waitFor(() => expect(store.sensor(P2).value).toBe(0.1), { timeout: 10_000 });
    expect(store.sensor(P1).status).toBe(STATUS_NORMAL);
    expect(store.sensor(P2).status).toBe(STATUS_ALARM);

    pub.end(true);
    await broker.stop();
    await vi.waitFor(() => expect(src.health().state).toBe('retrying'), { timeout: 10_000 });
    expect(src.isConnected).toBe(false);
    // nothing arrives any more: once the staleness window (3 × 60 s) has passed, the silent sensors are offline,
    // and the one in alarm keeps its alarm, marked stale; none turns normal
    clock.now = T0 + 3 * 60_000 + 1000;
    store.tick(clock.now);
    expect(store.sensor(P1)).toMatchObject({ status: STATUS_OFFLINE, stale: true });
    expect(store.sensor(P2)).toMatchObject({ status: STATUS_ALARM, stale: true });

    await broker.start();
    await vi.waitFor(() => expect(src.isConnected).toBe(true), { timeout: 15_000 });
    expect(src.health().state).toBe('ok');
    src.stop();
  });
});
