/** A real PostgreSQL through a `pg` pool (DATABASE_URL). The pool reconnects by itself when the server comes back. */
import pg from 'pg';
import { classifyDbError, withTimeout, type Database, type Sql } from './database';

export async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 8, connectionTimeoutMillis: 2000, idleTimeoutMillis: 10_000 });
  // an idle client losing its connection (server stopped) must not crash the process: the next query reconnects
  pool.on('error', () => {});
  const wrap = (c: pg.Pool | pg.PoolClient): Sql => ({
    async query<T>(text: string, params?: unknown[]): Promise<T[]> {
      try {
        return (await c.query(text, params)).rows as T[];
      } catch (e) {
        throw classifyDbError(e);
      }
    },
  });
  const base = wrap(pool);
  const db: Database = {
    kind: 'postgres',
    query: base.query,
    async exec(text) {
      await base.query(text);
    },
    async tx(fn) {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (e) {
        throw classifyDbError(e);
      }
      let broken = false;
      client.on('error', () => {
        broken = true;
      });
      try {
        await client.query('BEGIN');
        const out = await fn(wrap(client));
        await client.query('COMMIT');
        return out;
      } catch (e) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true;
        }
        throw classifyDbError(e);
      } finally {
        client.release(broken);
      }
    },
    async ping(timeoutMs = 2000) {
      await withTimeout(base.query('SELECT 1'), timeoutMs, 'ping');
    },
    async close() {
      await pool.end();
    },
  };
  // fail early with a clear reason when the URL is wrong
  await db.ping(5000);
  return db;
}
