/**
 * The operations server under an operations-centre load: 200 screens on Server-Sent Events while 50 writes per second
 * (acknowledgements; one in ten a new incident) run for 60 s on loopback. For each database (embedded
 * PGlite and a local PostgreSQL 15 started for the run) the server runs as its own process (`tsx server/main.ts`) and
 * the benchmark prints: write latency p50/p99 (request sent → 2xx answer), fan-out delay p99 (write sent → the event
 * at a screen, over every screen), events delivered/expected, and the server's RSS before the screens connect and
 * after the run. Ratios: PGlite against PostgreSQL (the baseline) measured in the same run.
 *
 *   npm run bench -- server [--seconds 60] [--clients 200] [--rate 50]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { join, resolve } from 'node:path';
import { flags, parseCli, valued } from '../tools/cli';
import { openDatabase } from '../server/db/open';
import { startPostgres } from '../server/db/localCluster';
import { migrate } from '../server/db/migrations';

const cli = parseCli({
  name: 'npm run bench -- server',
  usage: `usage: npm run bench -- server [--seconds S] [--clients N] [--rate W]
  --seconds S  how long the writes run per database (default 60)
  --clients N  SSE screens connected (default 200)
  --rate W     writes per second (default 50)
  --only KIND  pglite or postgres (default both)`,
  options: { ...valued('seconds', 'clients', 'rate', 'only'), ...flags('quiet') },
});
const SECONDS = cli.positive('seconds') ?? 60;
const CLIENTS = cli.int('clients') ?? 200;
const RATE = cli.positive('rate') ?? 50;
const ONLY = cli.oneOf('only', ['pglite', 'postgres'] as const);

interface Result {
  kind: string;
  writes: number;
  failed: number;
  p50: number;
  p99: number;
  fanP99: number;
  delivered: number;
  expected: number;
  rssBefore: number;
  rssAfter: number;
}

const quantile = (xs: number[], q: number): number => {
  if (!xs.length) return Number.NaN;
  const s = Float64Array.from(xs).sort();
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

function startServer(env: Record<string, string>): Promise<{ proc: ChildProcess; url: string; password: string }> {
  const e: Record<string, string | undefined> = { ...process.env, PORT: '0', HOST: '127.0.0.1', TWIN_FEED: 'none', TWIN_DIST_DIR: 'tmp/bench/no-dist', TWIN_CONFIG: '', ...env };
  if (!env.DATABASE_URL) delete e.DATABASE_URL;
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env: e, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((res, rej) => {
    let out = '';
    const on = (b: Buffer): void => {
      out += b.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) res({ proc, url: m[1], password: /password (\S+)/.exec(out)?.[1] ?? '' });
    };
    proc.stdout?.on('data', on);
    proc.stderr?.on('data', on);
    proc.on('exit', (c) => rej(new Error(`server exited ${c}: ${out}`)));
  });
}

async function json(url: string, method: string, body: unknown, headers: Record<string, string>): Promise<{ status: number; body: unknown; cookie: string | null }> {
  const r = await fetch(url, { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : null, cookie: r.headers.get('set-cookie') };
}

async function run(kind: string, env: Record<string, string>): Promise<Result> {
  const server = await startServer(env);
  const base = server.url;
  try {
    const login = await json(`${base}/api/session`, 'POST', { name: 'admin', password: server.password }, {});
    if (login.status !== 200) throw new Error(`login ${login.status}`);
    const cookie = /^([^;]+)/.exec(login.cookie ?? '')?.[1] ?? '';
    const auth = { cookie, 'X-CSRF-Token': (login.body as { csrfToken: string }).csrfToken };
    const rssBefore = rssMiB(server.proc.pid ?? 0);

    // the screens
    const sent = new Map<string, number>();
    const fan: number[] = [];
    let delivered = 0;
    const screens: (() => void)[] = [];
    await Promise.all(
      Array.from(
        { length: CLIENTS },
        () =>
          new Promise<void>((ok, fail) => {
            const req = request(`${base}/api/events`, { headers: { accept: 'text/event-stream' } }, (res) => {
              res.setEncoding('utf8');
              let buf = '';
              res.on('data', (chunk: string) => {
                buf += chunk;
                let i: number;
                while ((i = buf.indexOf('\n\n')) >= 0) {
                  const block = buf.slice(0, i);
                  buf = buf.slice(i + 2);
                  const key = /"(?:episode|title)":"([^"]+)"/.exec(block)?.[1];
                  const t0 = key ? sent.get(key) : undefined;
                  if (t0 !== undefined) {
                    fan.push(performance.now() - t0);
                    delivered++;
                  }
                }
              });
              ok();
            });
            req.on('error', fail);
            req.end();
            screens.push(() => req.destroy());
          }),
      ),
    );

    // the writes: RATE per second for SECONDS
    const lat: number[] = [];
    let failed = 0;
    const failures = new Map<string, number>();
    let n = 0;
    const total = Math.round(SECONDS * RATE);
    const inflight: Promise<void>[] = [];
    const start = performance.now();
    await new Promise<void>((done) => {
      const tick = (): void => {
        const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * RATE) + 1);
        while (n < due) {
          const i = n++;
          const t0 = performance.now();
          let p: Promise<{ status: number }>;
          if (i % 10 === 9) {
            // an incident reported from the field
            const title = `bench-${i}`;
            sent.set(title, t0);
            p = json(`${base}/api/incidents`, 'POST', { type: 'leak', title, asset: 'JS-000001' }, auth);
          } else {
            const episode = `B${i}|pressure|2026-05-01T00:00:00.000Z`;
            sent.set(episode, t0);
            p = json(`${base}/api/acks`, 'POST', { sensor: `B${i}`, metric: 'pressure', asset: 'JS-000001', episode }, auth);
          }
          inflight.push(
            p.then(
              (r) => {
                if (r.status >= 200 && r.status < 300) lat.push(performance.now() - t0);
                else {
                  failed++;
                  failures.set(String(r.status), (failures.get(String(r.status)) ?? 0) + 1);
                }
              },
              (e: unknown) => {
                failed++;
                const k = e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e);
                failures.set(k, (failures.get(k) ?? 0) + 1);
              },
            ),
          );
        }
        if (n >= total) return done();
        setTimeout(tick, 5);
      };
      tick();
    });
    await Promise.all(inflight);
    // let the last events reach the screens (bounded)
    const expected = (total - failed) * CLIENTS;
    const until = performance.now() + 5000;
    while (delivered < expected && performance.now() < until) await new Promise((r) => setTimeout(r, 50));
    const rssAfter = rssMiB(server.proc.pid ?? 0);
    for (const s of screens) s();
    if (failures.size) console.log(`${kind}: failures ${[...failures].map(([k, n]) => `${k} ×${n}`).join(', ')}`);
    return { kind, writes: total, failed, p50: quantile(lat, 0.5), p99: quantile(lat, 0.99), fanP99: quantile(fan, 0.99), delivered, expected, rssBefore, rssAfter };
  } finally {
    server.proc.kill('SIGTERM');
    await new Promise((r) => server.proc.once('exit', r));
  }
}

const f1 = (x: number): string => x.toFixed(1);
function print(r: Result, base: Result | null): void {
  const ratio = (a: number, b: number | undefined): string => (base && b ? ` (${(a / b).toFixed(2)}× ${base.kind})` : '');
  console.log(`${r.kind}: ${r.writes} writes over ${SECONDS} s to ${CLIENTS} screens, ${r.failed} failed`);
  console.log(`  write latency p50 ${f1(r.p50)} ms${ratio(r.p50, base?.p50)}, p99 ${f1(r.p99)} ms${ratio(r.p99, base?.p99)}`);
  console.log(`  fan-out delay p99 ${f1(r.fanP99)} ms${ratio(r.fanP99, base?.fanP99)}; events delivered ${r.delivered}/${r.expected}`);
  console.log(`  server RSS ${f1(r.rssBefore)} MiB before, ${f1(r.rssAfter)} MiB after${ratio(r.rssAfter, base?.rssAfter)}`);
}

const results: Result[] = [];
const pgliteDir = mkdtempSync(join(resolve('tmp'), 'bench-server-'));
let cluster: Awaited<ReturnType<typeof startPostgres>> | null = null;
try {
  if (ONLY !== 'pglite') {
    cluster = await startPostgres();
    results.push(await run('postgres', { DATABASE_URL: await cluster.createDatabase('bench') }));
  }
  if (ONLY !== 'postgres') {
    // PGlite's initdb (first start of a data folder) happens here, not in the measured server
    const db = await openDatabase({ dataDir: pgliteDir });
    await migrate(db);
    await db.close();
    results.push(await run('pglite', { TWIN_DATA_DIR: pgliteDir }));
  }
} finally {
  cluster?.destroy();
  rmSync(pgliteDir, { recursive: true, force: true });
}
const baseline = results.find((r) => r.kind === 'postgres') ?? null;
console.log(`baseline: PostgreSQL 15 (local cluster) in the same run; ${CLIENTS} SSE screens, ${RATE} writes/s, ${SECONDS} s, loopback`);
for (const r of results) print(r, r === baseline ? null : baseline);
