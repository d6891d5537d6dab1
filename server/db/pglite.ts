/** The embedded engine: PGlite under a data folder (one connection; PGlite runs one statement at a time). */
import { mkdirSync } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { classifyDbError, withTimeout, type Database, type Sql } from './database';

export async function openPglite(dataDir: string): Promise<Database> {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const pg = await PGlite.create(dataDir.startsWith('memory://') ? {} : { dataDir });
  const wrap = (q: Pick<Transaction, 'query'>): Sql => ({
    async query<T>(text: string, params?: unknown[]): Promise<T[]> {
      try {
        return (await q.query<T>(text, params)).rows;
      } catch (e) {
        throw classifyDbError(e);
      }
    },
  });
  const base = wrap(pg);
  return {
    kind: 'pglite',
    query: base.query,
    async exec(text) {
      try {
        await pg.exec(text);
      } catch (e) {
        throw classifyDbError(e);
      }
    },
    async tx(fn) {
      try {
        return await pg.transaction((t) => fn(wrap(t)));
      } catch (e) {
        throw classifyDbError(e);
      }
    },
    async ping(timeoutMs = 2000) {
      await withTimeout(base.query('SELECT 1'), timeoutMs, 'ping');
    },
    async close() {
      if (!pg.closed) await pg.close();
    },
  };
}
