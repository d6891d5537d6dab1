/**
 * The feed inside the server: the simulator in-process at /api/feed (tests/fixtures/feed), gzip for clients that
 * accept it with 304s still working, the control endpoint when enabled, config.json with sharedState, and the
 * policy header on every answer.
 */
import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../../src/domain/csp';
import { createServer, type TwinServer } from '../../../server/app';
import { freshPgliteDir, removePgliteDirs } from './pglite-template';

let server: TwinServer;
beforeAll(async () => {
  server = await createServer({
    dataDir: await freshPgliteDir(),
    port: 0,
    distDir: 'tmp/server-test/no-dist',
    feed: { source: 'simulator', control: true, dataDir: 'tests/fixtures/feed' },
    env: {},
    configFile: 'tmp/server-test/none.json',
    log: () => {},
  });
}, 120_000);
afterAll(async () => {
  await server?.close();
  removePgliteDirs();
}, 60_000);

/** A raw GET (no automatic decompression): status, headers, body bytes. */
function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(server.url + path, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

it('serves the simulator, gzipped for clients that accept it, and keeps 304s working', async () => {
  const plain = await get('/api/feed');
  expect(plain.status).toBe(200);
  expect(plain.headers['content-encoding']).toBeUndefined();
  const doc = JSON.parse(plain.body.toString()) as { version: number; readings: unknown[] };
  expect(doc.version).toBe(1);
  expect(doc.readings.length).toBeGreaterThan(0);
  expect(plain.headers['content-security-policy']).toBe(contentSecurityPolicy());

  const gz = await get('/api/feed', { 'accept-encoding': 'gzip, deflate, br' });
  expect(gz.status).toBe(200);
  expect(gz.headers['content-encoding']).toBe('gzip');
  const etag = String(gz.headers.etag);
  expect(etag.startsWith('W/"')).toBe(true);
  const unzipped = JSON.parse(gunzipSync(gz.body).toString()) as { version: number; sequence: number };
  expect(unzipped.version).toBe(1);
  expect(gz.body.byteLength).toBeLessThan(Buffer.byteLength(JSON.stringify(unzipped)));

  // the same document again: 304 for the weak tag the browser holds (unless the simulator moved on meanwhile)
  const again = await get('/api/feed', { 'accept-encoding': 'gzip', 'if-none-match': etag });
  if (again.status === 200) expect(again.headers.etag).not.toBe(etag);
  else expect(again.status).toBe(304);
});

it('keeps the control endpoint and its faults', async () => {
  const ctl = await get('/api/feed/_control?fault=500&count=1');
  expect(ctl.status).toBe(200);
  expect((await get('/api/feed', { 'accept-encoding': 'gzip' })).status).toBe(500);
  expect((await get('/api/feed')).status).toBe(200);
  // a truncated document stays truncated through gzip
  await get('/api/feed/_control?fault=malformed&count=1');
  const bad = await get('/api/feed', { 'accept-encoding': 'gzip' });
  expect(() => JSON.parse(gunzipSync(bad.body).toString())).toThrow();
});

it('serves config.json with sharedState', async () => {
  const r = await get('/config.json');
  expect(r.status).toBe(200);
  expect(JSON.parse(r.body.toString())).toMatchObject({ sharedState: { url: '/api' } });
  expect((await get('/api/nothing-here')).status).toBe(404);
});
