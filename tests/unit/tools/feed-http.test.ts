/**
 * The real thing over HTTP: FeedClient (undici fetch) against the node:http simulator on 127.0.0.1, ephemeral port.
 * Faults come from the control endpoint. Server, client and store share one simulated clock (`sim.now`), so
 * staleness is tested without waiting; only timeouts and backoff use real time (tens of milliseconds).
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FeedClient, type PollOutcome } from '../../../src/feed/client';
import { FeedStore } from '../../../src/feed/store';
import { badgeModel } from '../../../src/ui/feedBadge';
import { FeedEngine } from '../../../tools/feed/engine';
import { createFeedServer, FeedService } from '../../../tools/feed/server';
import { T0, fixtureRegistry, fixtureSections, fixtureSensors } from '../feed/feed-fixture';

const sim = { now: T0 };
let server: Server;
let service: FeedService;
let base = '';

beforeAll(async () => {
  const engine = new FeedEngine({ seed: 3, sensors: fixtureSensors(), sections: fixtureSections(), scenario: 'none', stepMs: 1000 });
  service = new FeedService({ engine, control: true, now: () => sim.now });
  server = createFeedServer(service);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/feed`;
});

afterAll(async () => {
  service.close();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

beforeEach(async () => {
  await control('reset=1');
});

async function control(q: string): Promise<unknown> {
  const res = await fetch(`${base}/_control?${q}`);
  expect(res.status).toBe(200);
  return res.json();
}

function newClient(extra: Partial<ConstructorParameters<typeof FeedClient>[0]> = {}): FeedClient {
  const store = new FeedStore({ registry: fixtureRegistry(), now: () => sim.now });
  return new FeedClient({ url: base, store, now: () => sim.now, timeoutMs: 400, maxBytes: 1024 * 1024, tickMs: 0, ...extra });
}

function values(c: FeedClient): (number | null)[] {
  return Array.from({ length: c.store.registry.count }, (_, i) => c.store.sensor(i).value);
}

/** A client holding a good state. */
async function primed(): Promise<FeedClient> {
  const c = newClient();
  sim.now += 1000;
  const o = await c.pollOnce();
  expect(o.kind).toBe('applied');
  return c;
}

describe('the control endpoint', () => {
  it('advance=S moves the simulator clock ahead, never back, and refuses a bad S', async () => {
    const read = async (): Promise<{ generatedAt: string; sequence: number }> =>
      (await (await fetch(base)).json()) as { generatedAt: string; sequence: number };
    const before = await read();
    await control('advance=120');
    const after = await read();
    expect(Date.parse(after.generatedAt) - Date.parse(before.generatedAt)).toBeGreaterThanOrEqual(120_000);
    expect(after.sequence).toBeGreaterThan(before.sequence);
    await control('reset=1'); // a reset ends faults and incidents, not the time already passed
    expect(Date.parse((await read()).generatedAt)).toBeGreaterThanOrEqual(Date.parse(after.generatedAt));
    for (const bad of ['0', '-5', 'soon', '100000']) {
      expect((await fetch(`${base}/_control?advance=${bad}`)).status, bad).toBe(400);
    }
  });
});

describe('FeedClient against the simulator over HTTP', () => {
  it('applies a document, then gets 304 for the same sequence, then the next one', async () => {
    const c = await primed();
    expect(c.store.snapshot().gids.length).toBe(10);
    expect(c.health().etag).toMatch(/^"3-\d+-\d+"$/);
    expect((await c.pollOnce()).kind).toBe('notModified');
    sim.now += 1000;
    const o = await c.pollOnce();
    expect(o.kind).toBe('applied');
    expect(c.health()).toMatchObject({ applied: 2, notModified: 1, consecutiveFailures: 0, state: 'ok' });
  });

  const failures: [string, string, Partial<Record<string, unknown>>][] = [
    ['malformed', 'malformed', {}],
    ['500', 'http', { status: 500 }],
    ['hang', 'timeout', {}],
    ['huge', 'tooLarge', {}],
    ['wrongTypes', 'badVersion', {}],
  ];
  for (const [fault, kind, more] of failures) {
    it(`fault ${fault} → ${kind}; the last good state and ETag are kept; recovery after`, async () => {
      const c = await primed();
      const before = { values: values(c), seq: c.store.lastSequence, etag: c.health().etag, snap: c.store.snapshot() };
      await control(`fault=${fault}`);
      sim.now += 1000;
      const t = performance.now();
      const o = await c.pollOnce();
      expect(o).toMatchObject({ kind: 'failed', failure: kind, ...more });
      if (fault === 'huge') expect(performance.now() - t).toBeLessThan(5000);
      expect(values(c)).toEqual(before.values);
      expect(c.store.lastSequence).toBe(before.seq);
      expect(c.health().etag).toBe(before.etag);
      expect(c.store.snapshot()).toEqual(before.snap);
      expect(c.health()).toMatchObject({ state: 'retrying', consecutiveFailures: 1 });
      expect(c.health().lastError?.kind).toBe(kind);

      await control('fault=ok');
      sim.now += 1000;
      expect((await c.pollOnce()).kind).toBe('applied');
      expect(c.store.lastSequence).toBeGreaterThan(before.seq);
      expect(c.health()).toMatchObject({ state: 'ok', consecutiveFailures: 0 });
    });
  }

  it('an older sequence is refused even with newer reading times; the last good values stay', async () => {
    const c = await primed();
    sim.now += 1000;
    await c.pollOnce();
    const before = values(c);
    const seq = c.store.lastSequence;
    await control('fault=olderSequence');
    sim.now += 1000;
    const o = await c.pollOnce();
    expect(o.kind).toBe('staleSequence');
    expect(values(c)).toEqual(before);
    expect(c.store.lastSequence).toBe(seq);
    expect(c.health().staleSequences).toBe(1);
  });

  it('broken readings are rejected one by one and counted; the valid half is applied', async () => {
    const c = await primed();
    await control('fault=badItems&count=1');
    sim.now += 70_000; // every sensor has a newer sample
    const o = await c.pollOnce();
    expect(o.kind).toBe('applied');
    const h = c.health();
    expect(h.lastDocument?.received).toBe(21);
    expect(h.lastDocument?.rejected).toBe(10);
    expect(h.rejectedReadings).toMatchObject({ badValue: 2, outOfRange: 1, badTime: 1, badUnit: 1, unknownAsset: 1, badSensor: 1, mismatch: 1, notObject: 2 });
    expect(h.lastDocument?.examples.length).toBe(10);
  });

  it('faults allRejected and empty are applied documents with nothing usable; the badge says so in amber', async () => {
    const c = await primed();
    await control('fault=allRejected&count=1');
    sim.now += 70_000;
    expect((await c.pollOnce()).kind).toBe('applied');
    expect(c.health().lastDocument).toMatchObject({ received: 21, accepted: 0, unchanged: 0, rejected: 21 });
    expect(badgeModel({ health: c.health(), staleSequence: false, now: sim.now }, 'en').state).toBe('degraded');
    await control('fault=empty&count=1');
    sim.now += 1000;
    expect((await c.pollOnce()).kind).toBe('applied');
    expect(c.health().lastDocument).toMatchObject({ received: 0, accepted: 0 });
    expect(badgeModel({ health: c.health(), staleSequence: false, now: sim.now }, 'en').problem).toBe('Documents arrive with no readings.');
    sim.now += 70_000;
    expect((await c.pollOnce()).kind).toBe('applied');
    expect(badgeModel({ health: c.health(), staleSequence: false, now: sim.now }, 'en').state).toBe('ok');
  });

  it('silent sensors turn offline on the shared clock, and come back', async () => {
    const c = await primed();
    await control('fault=silent&sensors=P-1,P-2');
    for (let k = 0; k < 4; k++) {
      sim.now += 60_000;
      await c.pollOnce();
    }
    c.store.tick();
    expect(c.store.assetStatusOf(0)).toBe(4);
    expect(c.store.assetStatusOf(1)).toBe(4);
    expect(c.store.assetStatusOf(2)).toBe(1);
    await control('fault=ok');
    sim.now += 61_000;
    await c.pollOnce();
    expect(c.store.assetStatusOf(0)).toBe(1);
  });

  it('the polling loop backs off on failures and recovers', async () => {
    const c = newClient({ pollMs: 10, backoff: { initialMs: 40, maxMs: 400, factor: 2 }, random: () => 1 });
    await control('fault=500&count=3');
    const seen: { o: PollOutcome; at: number }[] = [];
    const done = new Promise<void>((resolve) => {
      c.on('poll', (o) => {
        seen.push({ o, at: performance.now() });
        sim.now += 1000;
        if (o.kind === 'applied') resolve();
      });
    });
    c.start();
    await done;
    c.stop();
    expect(seen.map((s) => s.o.kind)).toEqual(['failed', 'failed', 'failed', 'applied']);
    const gaps = seen.slice(1).map((s, i) => s.at - seen[i].at);
    // random() = 1 → delays are exactly 40, 80, 160 ms (plus request time)
    expect(gaps[0]).toBeGreaterThanOrEqual(35);
    expect(gaps[1]).toBeGreaterThanOrEqual(75);
    expect(gaps[2]).toBeGreaterThanOrEqual(155);
    expect(gaps[2]).toBeGreaterThan(gaps[0]);
    expect(c.health()).toMatchObject({ consecutiveFailures: 0, state: 'ok', running: false, failures: { http: 3 } });
  });

  it('the control endpoint is off unless enabled', async () => {
    const engine = new FeedEngine({ seed: 1, sensors: fixtureSensors(), scenario: 'none' });
    const closed = new FeedService({ engine });
    const srv = createFeedServer(closed);
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}/api/feed`;
    expect((await fetch(`${url}/_control?fault=500`)).status).toBe(404);
    expect((await fetch(url)).status).toBe(200);
    srv.closeAllConnections();
    await new Promise((r) => srv.close(r));
  });
});
