/**
 * Durability: the server (a child process, embedded PGlite) is killed with SIGKILL in the middle of a storm of
 * writes; after a restart on the same data folder every write that was answered 2xx is there (and nothing else).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, expect, it } from 'vitest';
import type { Ack } from '../../../src/domain/ops';
import { createServer } from '../../../server/app';
import { Client } from './client';
import { freshPgliteDir, removePgliteDirs } from './pglite-template';

interface Child {
  proc: ChildProcess;
  url: string;
  output: string;
}

function startChild(dataDir: string): Promise<Child> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    TWIN_DATA_DIR: dataDir,
    TWIN_DIST_DIR: 'tmp/server-test/no-dist',
    TWIN_FEED: 'none',
    TWIN_CONFIG: '',
  };
  delete env.DATABASE_URL;
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (b: Buffer): void => {
      output += b.toString();
      const m = /listening on (http:\/\/\S+)/.exec(output);
      if (m) resolve({ proc, url: m[1], get output() {
        return output;
      } });
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    proc.on('exit', (code) => reject(new Error(`server exited (${code}) before listening:\n${output}`)));
  });
}

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  removePgliteDirs();
}, 60_000);

it('loses no answered write when killed with SIGKILL during a storm of writes', async () => {
  const dir = await freshPgliteDir();
  const first = await startChild(dir);
  children.push(first.proc);
  const password = /password (\S+)/.exec(first.output)?.[1] ?? '';
  expect(password).not.toBe('');
  const op = new Client(first.url);
  expect((await op.login('admin', password)).status).toBe(200);

  const answered: string[] = [];
  let n = 0;
  let killed = false;
  const exited = new Promise((resolve) => first.proc.on('exit', resolve));
  const worker = async (): Promise<void> => {
    while (!killed) {
      const episode = `CRASH-${n++}|pressure|2026-05-01T00:00:00.000Z`;
      try {
        const r = await op.call('POST', '/api/acks', { sensor: 'CRASH', metric: 'pressure', asset: 'JS-1', episode });
        if (r.status >= 200 && r.status < 300) answered.push(episode);
      } catch {
        // the connection died with the server: not answered, so not promised
      }
      if (!killed && answered.length >= 40) {
        killed = true;
        first.proc.kill('SIGKILL');
      }
    }
  };
  await Promise.all(Array.from({ length: 12 }, worker));
  await exited;
  expect(answered.length).toBeGreaterThanOrEqual(40);

  // the restart: in this process (the child's lock file names a dead process, so the folder is free)
  const second = await createServer({ dataDir: dir, port: 0, distDir: 'tmp/server-test/no-dist', feed: { source: 'none' }, env: {}, configFile: 'tmp/server-test/none.json', log: () => {} });
  try {
    const again = new Client(second.url);
    expect((await again.login('admin', password)).status).toBe(200);
    const stored = new Set((await again.get<Ack[]>('/api/acks')).body.map((a) => a.episode));
    const lost = answered.filter((e) => !stored.has(e));
    expect(lost).toEqual([]);
    // nothing was invented either: every stored acknowledgement is one that was sent
    expect([...stored].every((e) => e.startsWith('CRASH-'))).toBe(true);
  } finally {
    await second.close();
  }
}, 120_000);
