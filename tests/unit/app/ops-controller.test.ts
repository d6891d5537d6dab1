/**
 * The viewer's link to the operations server (src/app/opsController.ts, opsApi.ts, opsEvents.ts) against a fake
 * server (a fetch function over a few in-memory records) and a fake EventSource the test opens, feeds and drops.
 */
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { Ack, Incident, Kpis, SessionInfo } from '../../../src/domain/ops';
import { OpsApi } from '../../../src/app/opsApi';
import { OpsController } from '../../../src/app/opsController';
import type { EventSourceLike } from '../../../src/app/opsEvents';

class FakeEventSource implements EventSourceLike {
  readyState = 0;
  onopen: EventSourceLike['onopen'] = null;
  onerror: EventSourceLike['onerror'] = null;
  readonly listeners = new Map<string, ((ev: MessageEvent) => void)[]>();
  closed = false;
  constructor(readonly url: string) {}
  addEventListener(name: string, fn: (ev: MessageEvent) => void): void {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), fn]);
  }
  close(): void {
    this.closed = true;
    this.readyState = 2;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.call(this, new Event('open'));
  }
  /** the connection dropped: the browser retries (CONNECTING) or gives up (CLOSED) */
  fail(giveUp: boolean): void {
    this.readyState = giveUp ? 2 : 0;
    this.onerror?.call(this, new Event('error'));
  }
  emit(name: string, data: unknown, lastEventId = ''): void {
    for (const fn of this.listeners.get(name) ?? []) fn({ data: typeof data === 'string' ? data : JSON.stringify(data), lastEventId } as MessageEvent);
  }
}

function incident(id: number, version: number, stage: Incident['stage']): Incident {
  return {
    id,
    type: 'leak',
    title: 'Leak',
    asset: 'JS-000001',
    location: null,
    severity: 'high',
    stage,
    team: null,
    notes: '',
    alarm: null,
    isolationPlan: null,
    createdAt: '2026-12-03T08:00:00.000Z',
    updatedAt: '2026-12-03T08:00:00.000Z',
    createdBy: 'op',
    version,
    transitions: [{ stage: 'reported', at: '2026-12-03T08:00:00.000Z', by: 'op' }],
  };
}

const KPIS: Kpis = {
  openByStage: { reported: 1, dispatched: 0, 'on-site': 0, isolated: 0, repaired: 0, closed: 0 },
  open: 1,
  ackP50S: null,
  closeP50S: null,
  closedWithin24hShare: null,
  generatedAt: '2026-12-03T08:00:00.000Z',
};

interface Call {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

/** A fake operations server: answers from its records; `down` answers nothing (connection refused), `status` overrides. */
function fakeServer() {
  const state = {
    down: false,
    /** a status every request gets instead (e.g. 503 with the database down) */
    status: null as number | null,
    session: { user: null, csrfToken: null, viewOpen: true } as SessionInfo,
    incidents: [incident(1, 1, 'reported')],
    acks: [] as Ack[],
    calls: [] as Call[],
  };
  const json = (status: number, body: unknown): Response => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const fetchFn = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = String(input);
    const method = init?.method ?? 'GET';
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const body: unknown = init?.body ? JSON.parse(String(init.body)) : undefined;
    state.calls.push({ method, url, headers, body });
    if (state.down) throw new TypeError('Failed to fetch');
    if (state.status === 503) return json(503, { error: { code: 'dbDown', en: 'The database is not answering', zh: '数据库无响应' } });
    const path = url.replace(/^\/api/, '');
    if (path === '/session' && method === 'GET') return json(200, state.session);
    if (path === '/session' && method === 'POST') {
      const b = body as { name: string; password: string };
      if (b.password !== 'right-password') return json(401, { error: { code: 'badLogin', en: 'Wrong name or password', zh: '用户名或密码错误' } });
      state.session = { user: { name: b.name, role: 'operator' }, csrfToken: 'tok-1', viewOpen: true };
      return json(200, state.session);
    }
    if (method !== 'GET' && headers['X-CSRF-Token'] !== state.session.csrfToken) {
      return json(403, { error: { code: 'csrf', en: 'Missing or wrong CSRF token', zh: 'CSRF令牌缺失或错误' } });
    }
    const closed = !state.session.viewOpen && !state.session.user;
    if (closed && method === 'GET') return json(401, { error: { code: 'unauthenticated', en: 'Log in first', zh: '请先登录' } });
    if (path === '/acks' && method === 'GET') return json(200, state.acks);
    if (path === '/acks' && method === 'POST') {
      const a = { ...(body as Omit<Ack, 'by' | 'at'>), by: 'op', at: '2026-12-03T08:05:00.000Z', note: '' } as Ack;
      state.acks.push(a);
      return json(200, a);
    }
    if (path === '/incidents' && method === 'GET') return json(200, state.incidents);
    if (path === '/kpis') return json(200, KPIS);
    const m = /^\/incidents\/(\d+)$/.exec(path);
    if (m && method === 'GET') return json(200, state.incidents.find((i) => i.id === Number(m[1])));
    if (m && method === 'PATCH') {
      const held = state.incidents.find((i) => i.id === Number(m[1]));
      const p = body as { version: number; stage?: Incident['stage'] };
      if (!held) return json(404, { error: { code: 'notFound', en: 'Not found', zh: '未找到' } });
      if (p.version !== held.version) return json(409, { error: { code: 'staleVersion', en: 'Someone changed this incident first; reload it', zh: '该事件已被他人修改' } });
      const next = { ...held, version: held.version + 1, stage: p.stage ?? held.stage };
      state.incidents = state.incidents.map((i) => (i.id === next.id ? next : i));
      return json(200, next);
    }
    return json(404, { error: { code: 'notFound', en: 'Not found', zh: '未找到' } });
  };
  return { state, fetchFn };
}

function setup() {
  const server = fakeServer();
  const streams: FakeEventSource[] = [];
  const c = new OpsController('/api', {
    fetch: server.fetchFn as typeof fetch,
    createEventSource: (url) => {
      const es = new FakeEventSource(url);
      streams.push(es);
      return es;
    },
    probeMs: 1000,
    retryMs: 1000,
  });
  return { c, server, streams, latest: () => streams[streams.length - 1] };
}

/** lets the fake server's answers (promises) settle */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
  await new Promise((r) => setTimeout(r, 0));
};

afterEach(() => {
  vi.useRealTimers();
});

describe('OpsApi', () => {
  test('the CSRF header goes on writes only; an ApiError becomes the problem; no answer is status 0', async () => {
    const { state, fetchFn } = fakeServer();
    state.session = { user: { name: 'op', role: 'operator' }, csrfToken: 'tok-1', viewOpen: true };
    const api = new OpsApi('/api', () => 'tok-1', fetchFn as typeof fetch);
    expect((await api.incidents()).ok).toBe(true);
    expect(state.calls[0].headers['X-CSRF-Token']).toBeUndefined();
    const patched = await api.patchIncident(1, { version: 1, stage: 'dispatched' });
    expect(patched.ok && patched.value.stage).toBe('dispatched');
    expect(state.calls[1].headers['X-CSRF-Token']).toBe('tok-1');
    const stale = await api.patchIncident(1, { version: 1, stage: 'isolated' });
    expect(stale).toEqual({ ok: false, problem: { status: 409, code: 'staleVersion', en: 'Someone changed this incident first; reload it', zh: '该事件已被他人修改' } });
    state.down = true;
    expect(await api.kpis()).toEqual({ ok: false, problem: { status: 0, code: 'unreachable' } });
  });

  test('an answer of the wrong shape is a problem, never state', async () => {
    const api = new OpsApi('/api', () => null, (async () => new Response('[{"id":"x"}]', { status: 200 })) as typeof fetch);
    expect(await api.incidents()).toEqual({ ok: false, problem: { status: 200, code: 'badResponse' } });
  });
});

describe('OpsController', () => {
  test('loads the shared state, is online once the stream opens, and applies events (never an older version)', async () => {
    const { c, latest } = setup();
    await c.start();
    expect(latest().url).toBe('/api/events');
    expect(c.state.get().link).toBe('connecting');
    expect(c.state.get().incidents.map((i) => i.id)).toEqual([1]);
    expect(c.state.get().kpis?.open).toBe(1);
    latest().open();
    await settle();
    expect(c.state.get().link).toBe('online');

    latest().emit('incident', incident(1, 3, 'isolated'));
    latest().emit('incident', incident(1, 2, 'dispatched'));
    latest().emit('incident', { id: 'not an incident' });
    latest().emit('ack', 'not json {');
    expect(c.state.get().incidents).toHaveLength(1);
    expect(c.state.get().incidents[0].stage).toBe('isolated');
    latest().emit('ack', { sensor: 'S1', metric: 'pressure', asset: 'JS-000001', episode: 'S1|pressure|2026-12-03T08:00:00.000Z', by: 'op', at: '2026-12-03T08:01:00.000Z', note: '' });
    expect(c.state.get().acks.map((a) => a.episode)).toEqual(['S1|pressure|2026-12-03T08:00:00.000Z']);
    c.dispose();
  });

  test('a write without login is refused and changes nothing; after login it is saved with the CSRF token', async () => {
    const { c, server, latest } = setup();
    await c.start();
    latest().open();
    await settle();
    const refused = await c.ack({ sensor: 'S1', metric: 'pressure', asset: 'JS-000001', episode: 'S1|pressure|x', note: '' });
    expect(refused.ok).toBe(false);
    expect(c.state.get().acks).toEqual([]);
    expect(c.state.get().link).toBe('online'); // a refusal is not an outage

    const bad = await c.login('op', 'wrong');
    expect(bad.ok || bad.problem.en).toBe('Wrong name or password');
    expect((await c.login('op', 'right-password')).ok).toBe(true);
    expect(c.state.get().session?.user?.name).toBe('op');
    const saved = await c.ack({ sensor: 'S1', metric: 'pressure', asset: 'JS-000001', episode: 'S1|pressure|x', note: '' });
    expect(saved.ok).toBe(true);
    expect(c.state.get().acks.map((a) => a.episode)).toEqual(['S1|pressure|x']);
    expect(server.state.calls.filter((x) => x.method === 'POST' && x.url === '/api/acks').map((x) => x.headers['X-CSRF-Token'])).toEqual([undefined, 'tok-1']);
    c.dispose();
  });

  test('a stale stage change (409) says so and shows the latest version', async () => {
    const { c, server, latest } = setup();
    await c.start();
    latest().open();
    await c.login('op', 'right-password');
    await settle();
    // someone else moved it first (the event has not arrived yet)
    server.state.incidents = [incident(1, 2, 'dispatched')];
    const out = await c.patchIncident(1, { version: 1, stage: 'isolated' });
    expect(out.ok).toBe(false);
    expect(c.state.get().incidents[0]).toMatchObject({ version: 2, stage: 'dispatched' });
    c.dispose();
  });

  test('server gone: offline; the browser gives up on the stream, a new one opens after the backoff and the state reloads', async () => {
    vi.useFakeTimers();
    const { c, server, streams, latest } = setup();
    await c.start();
    latest().open();
    await vi.advanceTimersByTimeAsync(0);
    expect(c.state.get().link).toBe('online');

    latest().emit('kpis', KPIS, '41');
    server.state.down = true;
    latest().fail(true);
    expect(c.state.get().link).toBe('offline');
    expect(c.state.get().offlineReason).toBeNull();
    expect(streams).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(streams).toHaveLength(2); // a new EventSource after the first retry delay
    expect(latest().url).toBe('/api/events?lastEventId=41'); // it asks for what it missed

    server.state.down = false;
    server.state.incidents = [incident(2, 1, 'reported'), incident(1, 1, 'reported')];
    latest().open();
    await vi.advanceTimersByTimeAsync(0);
    expect(c.state.get().link).toBe('online');
    expect(c.state.get().incidents.map((i) => i.id)).toEqual([2, 1]);
    c.dispose();
  });

  test('database down while the stream stays up: offline with the reason, and back online when it answers again', async () => {
    vi.useFakeTimers();
    const { c, server, latest } = setup();
    await c.start();
    latest().open();
    await vi.advanceTimersByTimeAsync(0);
    await c.login('op', 'right-password');
    latest().open(); // the login reopened the stream (the session changed)
    await vi.advanceTimersByTimeAsync(0);
    expect(c.state.get().link).toBe('online');

    server.state.status = 503;
    const out = await c.patchIncident(1, { version: 1, stage: 'dispatched' });
    expect(out.ok).toBe(false);
    expect(c.state.get().incidents[0].stage).toBe('reported'); // not shown as saved
    expect(c.state.get()).toMatchObject({ link: 'offline', offlineReason: { en: 'The database is not answering', zh: '数据库无响应' } });
    await vi.advanceTimersByTimeAsync(1000);
    expect(c.state.get().link).toBe('offline');

    server.state.status = null;
    await vi.advanceTimersByTimeAsync(1000);
    expect(c.state.get().link).toBe('online');
    expect(c.state.get().offlineReason).toBeNull();
    c.dispose();
  });

  test('viewing closed: no outage, the stream waits for a login, and everything loads after it', async () => {
    vi.useFakeTimers();
    const { c, server, streams, latest } = setup();
    server.state.session = { user: null, csrfToken: null, viewOpen: false };
    await c.start();
    latest().fail(true); // the server refuses the stream (401)
    await vi.advanceTimersByTimeAsync(0);
    expect(c.state.get()).toMatchObject({ link: 'online', needLogin: true, incidents: [] });
    await vi.advanceTimersByTimeAsync(30_000);
    expect(streams).toHaveLength(1); // no retries while nobody may read
    expect(streams[0].closed).toBe(true);

    await c.login('op', 'right-password');
    server.state.session = { ...server.state.session, viewOpen: false };
    expect(streams).toHaveLength(2);
    latest().open();
    await vi.advanceTimersByTimeAsync(0);
    expect(c.state.get()).toMatchObject({ link: 'online', needLogin: false });
    expect(c.state.get().incidents.map((i) => i.id)).toEqual([1]);
    c.dispose();
  });

  test('dispose closes the stream and stops retrying', async () => {
    vi.useFakeTimers();
    const { c, streams, latest } = setup();
    await c.start();
    latest().fail(true);
    c.dispose();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(streams).toHaveLength(1);
    expect(streams[0].closed).toBe(true);
  });
});

describe('config.sharedState', () => {
  test('absent or false: no server; {"url"}: that server; anything else falls back to none with a message', async () => {
    const { validateConfig } = await import('../../../src/app/config');
    expect(validateConfig({}).config.sharedState).toBe(false);
    expect(validateConfig({ sharedState: false }).config.sharedState).toBe(false);
    expect(validateConfig({ sharedState: { url: '/api' } }).config.sharedState).toEqual({ url: '/api' });
    const bad = validateConfig({ sharedState: { url: 'javascript:alert(1)' } });
    expect(bad.config.sharedState).toBe(false);
    expect(bad.problems.map((p) => p.params?.field)).toContain('sharedState');
  });
});
