import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashPassword, LoginLimiter, sameOrigin, verifyPassword } from '../../../server/auth';
import { loadConfig } from '../../../server/config';
import { classifyDbError, DatabaseUnavailableError } from '../../../server/db/database';
import { EventHub, MAX_BUFFERED } from '../../../server/events';
import { splitStatements } from '../../../server/db/migrations';

describe('passwords', () => {
  it('are stored as salted scrypt hashes and verified', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('correct');
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
  });
});

describe('same-origin check', () => {
  const h = (extra: Record<string, string>) => ({ host: '127.0.0.1:5173', ...extra });
  it('lets same-origin and Origin-less requests through and refuses cross-site ones', () => {
    expect(sameOrigin(h({}), 'http')).toBe(true);
    expect(sameOrigin(h({ origin: 'http://127.0.0.1:5173' }), 'http')).toBe(true);
    expect(sameOrigin(h({ origin: 'http://127.0.0.1:5174' }), 'http')).toBe(false);
    expect(sameOrigin(h({ origin: 'https://127.0.0.1:5173' }), 'http')).toBe(false);
    expect(sameOrigin(h({ origin: 'null' }), 'http')).toBe(false);
    expect(sameOrigin(h({ 'sec-fetch-site': 'cross-site' }), 'http')).toBe(false);
    expect(sameOrigin(h({ 'sec-fetch-site': 'same-origin' }), 'http')).toBe(true);
    // behind a trusted TLS proxy: the forwarded scheme and host
    expect(sameOrigin(h({ origin: 'https://twin.example.cn' }), 'https', 'twin.example.cn')).toBe(true);
    expect(sameOrigin(h({ origin: 'https://twin.example.cn' }), 'http')).toBe(false);
  });
});

describe('login limiter', () => {
  it('blocks after max failures in the window, and forgets them after it', () => {
    const l = new LoginLimiter(3, 60_000);
    for (let i = 0; i < 3; i++) {
      expect(l.blocked(['a'], 1000 * i)).toBe(0);
      l.fail(['a'], 1000 * i);
    }
    expect(l.blocked(['a'], 3000)).toBe(57_000);
    expect(l.blocked(['b'], 3000)).toBe(0);
    expect(l.blocked(['a'], 59_000)).toBe(1000);
    // the first failure leaves the window: two remain, under the limit
    expect(l.blocked(['a'], 60_000)).toBe(0);
    l.fail(['c'], 0);
    l.succeed('c');
    expect(l.blocked(['c'], 0)).toBe(0);
  });
});

describe('configuration', () => {
  it('layers defaults, the file, the environment and overrides, and names bad fields', () => {
    const dir = mkdtempSync(join(tmpdir(), 'twin-cfg-'));
    const file = join(dir, 'server.json');
    writeFileSync(file, JSON.stringify({ port: 8080, viewOpen: false, feed: { control: true } }));
    const c = loadConfig({ host: '0.0.0.0' }, { DATABASE_URL: 'postgres://x@y/z', TWIN_FEED: 'https://feed.example.cn/v1' }, file);
    expect(c).toMatchObject({ host: '0.0.0.0', port: 8080, viewOpen: false, databaseUrl: 'postgres://x@y/z', dataDir: 'var/db', distDir: 'dist' });
    expect(c.feed).toEqual({ source: 'proxy', url: 'https://feed.example.cn/v1', control: true, dataDir: null });
    expect(loadConfig({}, { PORT: '9000' }, file).port).toBe(9000);
    expect(loadConfig({}, {}, join(dir, 'absent.json'))).toMatchObject({ port: 5173, host: '127.0.0.1', feed: { source: 'simulator', control: false } });
    writeFileSync(file, JSON.stringify({ port: 'eighty', feed: { source: 'carrier pigeon' } }));
    expect(() => loadConfig({}, {}, file)).toThrow(/port: a number.*feed.source: one of simulator, none, proxy|feed.source.*port/);
    expect(() => loadConfig({}, { TWIN_CONFIG: join(dir, 'missing.json') }, join(dir, 'missing.json'))).toThrow(/no such file/);
  });
});

describe('database errors', () => {
  it('tell "unreachable" (503) from "wrong statement"', () => {
    expect(classifyDbError({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:5432' })).toBeInstanceOf(DatabaseUnavailableError);
    expect(classifyDbError({ code: '57P01', message: 'terminating connection due to administrator command' })).toBeInstanceOf(DatabaseUnavailableError);
    const syntax = { code: '42601', message: 'syntax error' };
    expect(classifyDbError(syntax)).toBe(syntax);
  });
});

describe('migration statements', () => {
  it('split at top-level semicolons, keeping function bodies and dropping comments', () => {
    const sql = `CREATE TABLE a (x int); -- a comment; with a semicolon
      CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'no'; END $$;
      CREATE TRIGGER t BEFORE DELETE ON a FOR EACH ROW EXECUTE FUNCTION f()`;
    const parts = splitStatements(sql);
    expect(parts).toHaveLength(3);
    expect(parts[1]).toBe("CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'no'; END $$");
    expect(parts[2].startsWith('CREATE TRIGGER')).toBe(true);
  });
});

describe('the event hub', () => {
  /** Just enough of a ServerResponse: what was written, how much is unsent, whether it was cut. */
  const fakeRes = (unsent = 0) => {
    const res = {
      text: '',
      writableLength: unsent,
      writableEnded: false,
      destroyed: false,
      write(t: string) {
        res.text += t;
        return true;
      },
      destroy() {
        res.destroyed = true;
      },
      end() {
        res.writableEnded = true;
      },
      on() {
        return res;
      },
    };
    return res;
  };

  it('replays after Last-Event-ID, then streams each event once, and cuts a screen that stops reading', async () => {
    const stored = [1, 2, 3].map((id) => ({ id, name: 'ack' as const, payload: { n: id } }));
    const kpis = { openByStage: { reported: 0, dispatched: 0, 'on-site': 0, isolated: 0, repaired: 0, closed: 0 }, open: 0, ackP50S: null, closeP50S: null, closedWithin24hShare: null, generatedAt: 'now' };
    const hub = new EventHub({ heartbeatMs: 60_000, replay: async (after) => stored.filter((e) => e.id > after), lastId: async () => 3, kpis: async () => kpis, kpisEveryMs: 60_000 });
    const back = fakeRes();
    const stuck = fakeRes();
    await hub.attach(back as never, 1);
    await hub.attach(stuck as never, null);
    expect(back.text).toContain('id: 2\nevent: ack\ndata: {"n":2}');
    expect(back.text).toContain('id: 3\n');
    expect(back.text).not.toContain('id: 1\n');
    // the hello snapshot carries the last id, so a reconnect replays from there
    expect(stuck.text).toContain('id: 3\nevent: kpis');
    hub.publish({ id: 3, name: 'ack', payload: { n: 3 } });
    expect(back.text.match(/id: 3\nevent: ack/g)).toHaveLength(1);
    stuck.writableLength = MAX_BUFFERED + 1;
    hub.publish({ id: 4, name: 'incident', payload: { n: 4 } });
    expect(back.text).toContain('id: 4\nevent: incident');
    expect(stuck.destroyed).toBe(true);
    expect(stuck.text).not.toContain('id: 4');
    expect(hub.size).toBe(1);
    hub.close();
  });
});
