import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { FeedClient, backoffDelay } from '../../../src/feed/client';
import { FeedStore } from '../../../src/feed/store';
import { T0, doc, fixtureRegistry, reading } from './feed-fixture';

function client(fetchFn: typeof fetch, url = 'http://feed.invalid/api/feed'): FeedClient {
  const store = new FeedStore({ registry: fixtureRegistry(), now: () => T0 });
  return new FeedClient({ url, store, fetch: fetchFn, now: () => T0, tickMs: 0, timeoutMs: 500, maxBytes: 1000 });
}

describe('backoff', () => {
  it('grows exponentially to a ceiling, with half the delay jittered', () => {
    const o = { initialMs: 100, maxMs: 1000, factor: 2 };
    expect([1, 2, 3, 4, 5, 9].map((n) => backoffDelay(n, o, () => 1))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect([1, 2, 3].map((n) => backoffDelay(n, o, () => 0))).toEqual([50, 100, 200]);
    const d = backoffDelay(3, o, () => 0.5);
    expect(d).toBe(300);
  });
});

describe('FeedClient edge cases', () => {
  it('refuses a declared Content-Length over the cap without reading the body', async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        pulled++;
        c.enqueue(new Uint8Array(100));
      },
    });
    const c = client(async () => new Response(body, { status: 200, headers: { 'content-length': '5000000' } }));
    const o = await c.pollOnce();
    expect(o).toMatchObject({ kind: 'failed', failure: 'tooLarge' });
    expect(pulled).toBeLessThanOrEqual(1);
  });

  it('treats invalid UTF-8 as malformed', async () => {
    const c = client(async () => new Response(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), { status: 200 }));
    expect(await c.pollOnce()).toMatchObject({ kind: 'failed', failure: 'malformed' });
  });

  it('reports a refused connection as a network failure', async () => {
    const srv = createServer();
    const port = await new Promise<number>((r) => srv.listen(0, '127.0.0.1', () => r((srv.address() as { port: number }).port)));
    await new Promise((r) => srv.close(r)); // the port is now closed
    const c = client((i, init) => fetch(i, init), `http://127.0.0.1:${port}/api/feed`);
    expect(await c.pollOnce()).toMatchObject({ kind: 'failed', failure: 'network' });
  });

  it('sends If-None-Match with the ETag of the last applied document only', async () => {
    const seen: (string | null)[] = [];
    let n = 0;
    const c = client(async (_u, init) => {
      seen.push(new Headers(init?.headers).get('if-none-match'));
      n++;
      if (n === 2) return new Response('{"version":1', { status: 200, headers: { etag: '"bad"' } });
      const d = doc(n, T0, [reading('P-1', 0.3, T0 + n)]);
      return new Response(JSON.stringify(d), { status: 200, headers: { etag: `"e${n}"` } });
    });
    await c.pollOnce();
    await c.pollOnce(); // malformed, its ETag must not be kept
    await c.pollOnce();
    expect(seen).toEqual([null, '"e1"', '"e1"']);
    expect(c.health().etag).toBe('"e3"');
  });

  it('while a request hangs, health says since when it waits and has no next poll time (never "retrying in 0 s")', async () => {
    let release: (r: Response) => void = () => undefined;
    const c = client(() => new Promise<Response>((r) => (release = r)));
    const pending = c.pollOnce();
    expect(c.health()).toMatchObject({ inFlightSince: T0, nextPollAt: null });
    release(new Response('{}', { status: 500 }));
    await pending;
    expect(c.health().inFlightSince).toBeNull();
  });
});
