/**
 * The operations API against both databases: embedded PGlite and a real PostgreSQL 15 started for the run. Each suite
 * starts the server in-process on a free port with no built app and no feed (the API only).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeKpis, type Ack, type AuditEntry, type Health, type Incident, type Kpis } from '../../../src/domain/ops';
import { createServer, type TwinServer } from '../../../server/app';
import { hashPassword } from '../../../server/auth';
import { backup, restore } from '../../../server/backup';
import { openDatabase } from '../../../server/db/open';
import { migrate } from '../../../server/db/migrations';
import { Client, SseReader } from './client';
import { freshPgliteDir, removePgliteDirs } from './pglite-template';
import { startPostgres, type TestPostgres } from '../../../server/db/localCluster';

let pg: TestPostgres;
beforeAll(async () => {
  pg = await startPostgres();
}, 120_000);
afterAll(() => {
  pg?.destroy();
  removePgliteDirs();
}, 60_000);

const EP = (sensor: string, start = '2026-05-01T08:00:00.000Z'): string => `${sensor}|pressure|${start}`;

describe.each(['pglite', 'postgres'] as const)('the API on %s', (kind) => {
  let server: TwinServer;
  let admin: Client;
  let anon: Client;
  let password = '';

  beforeAll(async () => {
    const where = kind === 'pglite' ? { dataDir: await freshPgliteDir() } : { databaseUrl: await pg.createDatabase('api') };
    server = await createServer({
      ...where,
      port: 0,
      distDir: 'tmp/server-test/no-dist',
      feed: { source: 'none' },
      env: {},
      configFile: 'tmp/server-test/none.json',
      log: (line) => {
        const m = /password (\S+)/.exec(line);
        if (m) password = m[1];
      },
    });
    admin = new Client(server.url);
    anon = new Client(server.url);
    expect((await admin.login('admin', password)).status).toBe(200);
    // an operator and a viewer, as `npm run user -- add` makes them
    await server.store.putUser('op', 'operator', await hashPassword('operator-pass-1'), 'test');
    await server.store.putUser('view', 'viewer', await hashPassword('viewer-pass-12'), 'test');
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  }, 60_000);

  it('reports its health and database', async () => {
    const r = await anon.get<Health>('/api/health');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: true, db: kind, dbOk: true });
  });

  it('logs in with the first-start admin password, sets a strict cookie, and refuses a wrong password', async () => {
    expect(password).toMatch(/^[A-Za-z0-9_-]{16}$/);
    const c = new Client(server.url);
    expect((await c.login('admin', 'not-the-password')).status).toBe(401);
    const r = await c.call('POST', '/api/session', { name: 'admin', password });
    expect(r.status).toBe(200);
    const cookie = r.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^twin_session=[^;]+;/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\//);
    expect(r.body).toMatchObject({ user: { name: 'admin', role: 'admin' }, viewOpen: true });
    expect((await anon.get('/api/session')).body).toEqual({ user: null, csrfToken: null, viewOpen: true });
  });

  it('refuses unauthenticated, cross-site, token-less and under-privileged writes', async () => {
    const ack = { sensor: 'S-W', metric: 'pressure', asset: 'JS-1', episode: EP('S-W') };
    expect((await anon.call('POST', '/api/acks', ack)).status).toBe(401);
    // a logged-in browser tricked by another site: the Origin gives it away
    expect((await admin.call('POST', '/api/acks', ack, { Origin: 'https://evil.example' })).status).toBe(403);
    expect((await admin.call('POST', '/api/acks', ack, { 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    // the session cookie without the CSRF token
    expect((await admin.call('POST', '/api/acks', ack, { 'X-CSRF-Token': 'wrong' })).status).toBe(403);
    const viewer = new Client(server.url);
    await viewer.login('view', 'viewer-pass-12');
    const r = await viewer.call('POST', '/api/acks', ack);
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ error: { code: 'forbidden' } });
    expect((await anon.get<Ack[]>('/api/acks')).body.some((a) => a.sensor === 'S-W')).toBe(false);
  });

  it('validates every body and says why', async () => {
    const r = await admin.call('POST', '/api/incidents', { type: 'flood', title: ' ', location: [200, 29] });
    expect(r.status).toBe(400);
    const e = (r.body as { error: { code: string; en: string; zh: string } }).error;
    expect(e.code).toBe('badRequest');
    expect(e.en).toContain('type: one of leak');
    expect(e.en).toContain('title: empty');
    expect(e.en).toContain('lon > 180');
    expect(e.zh).toContain('请求无效');
    expect((await admin.call('PATCH', '/api/incidents/1', { stage: 'closed' })).status).toBe(400);
  });

  it('keeps one acknowledgement per alarm episode', async () => {
    const op = new Client(server.url);
    await op.login('op', 'operator-pass-1');
    const body = { sensor: 'S-1', metric: 'pressure', asset: 'JS-000001', episode: EP('S-1'), note: 'crew informed' };
    // a browser on the page's own origin sends Origin: accepted
    const first = await op.call<Ack>('POST', '/api/acks', body, { Origin: server.url });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ ...body, by: 'op' });
    const again = await admin.call<Ack>('POST', '/api/acks', { ...body, note: 'second' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const all = (await anon.get<Ack[]>('/api/acks')).body.filter((a) => a.episode === body.episode);
    expect(all).toEqual([first.body]);
  });

  it('moves an incident through its stages with a timeline, versions and an audit trail', async () => {
    const created = await admin.call<Incident>('POST', '/api/incidents', {
      type: 'leak',
      title: 'Leak on Jiefangbei Rd',
      asset: 'JS-000042',
      location: [106.577, 29.557],
      severity: 'high',
      alarm: { sensor: 'S-1', metric: 'pressure', episode: EP('S-1') },
      isolationPlan: { valves: ['FM-1', 'FM-2'], customers: 120 },
    });
    expect(created.status).toBe(201);
    let inc = created.body;
    expect(inc).toMatchObject({ stage: 'reported', version: 1, createdBy: 'admin', team: null, isolationPlan: { valves: ['FM-1', 'FM-2'], customers: 120 } });
    const patch = async (body: Record<string, unknown>) => admin.call<Incident>('PATCH', `/api/incidents/${inc.id}`, { version: inc.version, ...body });

    let r = await patch({ stage: 'dispatched', team: 'Yuzhong crew 3' });
    expect(r.status).toBe(200);
    inc = r.body;
    // a stale version: someone else saw version 1
    expect((await admin.call('PATCH', `/api/incidents/${inc.id}`, { version: 1, stage: 'on-site' })).status).toBe(409);
    for (const stage of ['isolated', 'repaired', 'closed']) {
      r = await patch({ stage });
      expect(r.status).toBe(200);
      inc = r.body;
    }
    // no way back except a reopen
    const back = await patch({ stage: 'repaired' });
    expect(back.status).toBe(400);
    expect(back.body).toMatchObject({ error: { code: 'illegalTransition' } });
    r = await patch({ stage: 'reported', note: 'leak returned' });
    inc = r.body;
    expect(inc.stage).toBe('reported');
    expect(inc.version).toBe(6);
    expect(inc.team).toBe('Yuzhong crew 3');
    expect(inc.notes).toBe('leak returned');
    expect(inc.transitions.map((t) => t.stage)).toEqual(['reported', 'dispatched', 'isolated', 'repaired', 'closed', 'reopened']);
    expect(inc.transitions.every((t) => t.by === 'admin' && !Number.isNaN(Date.parse(t.at)))).toBe(true);

    const audit = (await anon.get<AuditEntry[]>(`/api/incidents/${inc.id}/audit`)).body;
    expect(audit.map((a) => a.action)).toEqual(['incident.create', ...Array(5).fill('incident.update')]);
    expect(audit[0].before).toBeNull();
    expect((audit[1].before as Incident).stage).toBe('reported');
    expect((audit[1].after as Incident).stage).toBe('dispatched');
    expect((audit[5].after as Incident).version).toBe(6);
    // the audit log is append-only in the database itself
    await expect(server.db.query('DELETE FROM audit')).rejects.toThrow(/append-only/);

    expect((await anon.get(`/api/incidents/${inc.id}`)).body).toEqual(inc);
    expect((await anon.get('/api/incidents/99999')).status).toBe(404);
    const open = (await anon.get<Incident[]>('/api/incidents?open=1&type=leak')).body;
    expect(open.map((i) => i.id)).toContain(inc.id);
    expect((await anon.get('/api/incidents?stage=nonsense')).status).toBe(400);
  });

  it('computes the KPIs in SQL exactly as the shared computeKpis does', async () => {
    // one incident closed quickly, one still open on site
    const a = (await admin.call<Incident>('POST', '/api/incidents', { type: 'blockage', title: 'Blocked sewer' })).body;
    await admin.call('PATCH', `/api/incidents/${a.id}`, { version: 1, stage: 'closed' });
    const b = (await admin.call<Incident>('POST', '/api/incidents', { type: 'gas', title: 'Gas smell' })).body;
    await admin.call('PATCH', `/api/incidents/${b.id}`, { version: 1, stage: 'on-site' });
    const kpis = (await anon.get<Kpis>('/api/kpis')).body;
    const incidents = (await anon.get<Incident[]>('/api/incidents')).body;
    const acks = (await anon.get<Ack[]>('/api/acks')).body;
    const expected = computeKpis(incidents, acks, new Date(kpis.generatedAt));
    expect(kpis.openByStage).toEqual(expected.openByStage);
    expect(kpis.open).toBe(expected.open);
    expect(kpis.openByStage['on-site']).toBeGreaterThanOrEqual(1);
    expect(kpis.closedWithin24hShare).toBe(1);
    expect(kpis.ackP50S).toBeCloseTo(expected.ackP50S ?? Number.NaN, 3);
    expect(kpis.closeP50S).toBeCloseTo(expected.closeP50S ?? Number.NaN, 3);
  });

  it('streams every change to every screen and replays what a reconnecting screen missed', async () => {
    const screenA = await SseReader.open(server.url, '');
    const screenB = await SseReader.open(server.url, '');
    const hello = await screenA.next((e) => e.event === 'kpis');
    const before = Number(hello.id);
    const ack = { sensor: 'S-SSE', metric: 'pressure', asset: 'JS-000007', episode: EP('S-SSE') };
    await admin.call('POST', '/api/acks', ack);
    for (const s of [screenA, screenB]) {
      const e = await s.next((x) => x.event === 'ack');
      expect(e.data).toMatchObject(ack);
      expect(Number(e.id)).toBeGreaterThan(before);
    }
    const seen = Number((await screenA.next((x) => x.event === 'ack')).id);
    screenA.end();
    // while screen A is away: two changes
    const inc = (await admin.call<Incident>('POST', '/api/incidents', { type: 'burst', title: 'Burst main' })).body;
    await admin.call('PATCH', `/api/incidents/${inc.id}`, { version: 1, stage: 'dispatched' });
    const back = await SseReader.open(server.url, '', seen);
    const e1 = await back.next((x) => x.event === 'incident');
    const e2 = await back.next((x) => x.event === 'incident' && x !== e1);
    expect((e1.data as Incident).stage).toBe('reported');
    expect((e2.data as Incident).stage).toBe('dispatched');
    expect(Number(e2.id)).toBeGreaterThan(Number(e1.id));
    expect(Number(e1.id)).toBeGreaterThan(seen);
    // screen B, never away, saw the same two with the same ids
    expect((await screenB.next((x) => x.id === e2.id)).data).toEqual(e2.data);
    back.end();
    screenB.end();
  });

  it('rate-limits logins', async () => {
    const c = new Client(server.url);
    for (let i = 0; i < 5; i++) expect((await c.login('view', `wrong-${i}`)).status).toBe(401);
    const r = await c.login('view', 'viewer-pass-12');
    expect(r.status).toBe(429);
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('logs out: the session no longer writes', async () => {
    const c = new Client(server.url);
    await c.login('op', 'operator-pass-1');
    const cookie = c.cookie;
    expect((await c.call('DELETE', '/api/session')).status).toBe(200);
    c.cookie = cookie;
    expect((await c.call('POST', '/api/acks', { sensor: 'S-X', metric: 'pressure', asset: 'JS-1', episode: EP('S-X') })).status).toBe(401);
  });

  it('backs up and restores the shared state', async () => {
    const b = await backup(server.db);
    const target = await openDatabase(kind === 'pglite' ? { dataDir: await freshPgliteDir() } : { databaseUrl: await pg.createDatabase('restored'), dataDir: '' });
    try {
      await migrate(target);
      const counts = await restore(target, JSON.parse(JSON.stringify(b)));
      expect(counts.incidents).toBe(b.tables.incidents.length);
      const again = await backup(target);
      expect(JSON.parse(JSON.stringify(again.tables))).toEqual(JSON.parse(JSON.stringify(b.tables)));
      // identities continue after the restored ids
      const next = await target.query<{ id: number }>(
        `INSERT INTO incidents (type, title, severity, stage, created_at, updated_at, created_by, version, transitions)
         VALUES ('other', 't', 'low', 'reported', now(), now(), 'x', 1, '[]') RETURNING id`,
      );
      expect(next[0].id).toBe(Math.max(...b.tables.incidents.map((r) => Number(r.id))) + 1);
    } finally {
      await target.close();
    }
  }, 60_000);
});

describe('PostgreSQL stopped mid-run', () => {
  it('answers 503 with a reason, and recovers when the database returns', async () => {
    const closedView = await createServer({ databaseUrl: await pg.createDatabase('fault'), port: 0, distDir: 'tmp/server-test/no-dist', feed: { source: 'none' }, viewOpen: false, env: {}, configFile: 'tmp/server-test/none.json', log: () => {} });
    try {
      const anon = new Client(closedView.url);
      // viewing closed by config: reads need a session too
      expect((await anon.get('/api/incidents')).status).toBe(401);
      await closedView.store.putUser('op', 'operator', await hashPassword('operator-pass-1'), 'test');
      const op = new Client(closedView.url);
      await op.login('op', 'operator-pass-1');
      expect((await op.get('/api/incidents')).status).toBe(200);

      pg.stop();
      const health = await anon.get<Health & { reason: string }>('/api/health');
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({ ok: false, dbOk: false, db: 'postgres' });
      expect(health.body.reason.length).toBeGreaterThan(0);
      const write = await op.call('POST', '/api/incidents', { type: 'leak', title: 'while down' });
      expect(write.status).toBe(503);
      expect(write.body).toMatchObject({ error: { code: 'dbDown' } });

      pg.start();
      expect((await anon.get('/api/health')).status).toBe(200);
      const after = await op.call<Incident>('POST', '/api/incidents', { type: 'leak', title: 'after the restart' });
      expect(after.status).toBe(201);
      expect((await op.get<Incident[]>('/api/incidents')).body.map((i) => i.title)).toEqual(['after the restart']);
    } finally {
      pg.start();
      await closedView.close();
    }
  }, 60_000);
});
