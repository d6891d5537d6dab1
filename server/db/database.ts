/**
 * One SQL dialect (PostgreSQL) over two engines: embedded PGlite (PostgreSQL compiled to WebAssembly, a data folder,
 * no install) by default, or a real PostgreSQL through `pg` when DATABASE_URL is set. The rest of the server sees only
 * this interface.
 *
 * Errors: a failure to reach the database (connection refused or lost, server shutting down) becomes a
 * `DatabaseUnavailableError` (the API answers 503 with its reason); an SQL error stays what it is (500, or what the
 * caller makes of its SQLSTATE).
 */
export type DatabaseKind = 'pglite' | 'postgres';

export interface Sql {
  /** Run one statement with $1… parameters; the rows. */
  query<T>(text: string, params?: unknown[]): Promise<T[]>;
}

export interface Database extends Sql {
  readonly kind: DatabaseKind;
  /** Several statements, no parameters (migrations). */
  exec(text: string): Promise<void>;
  /** Run `fn` in one transaction (BEGIN … COMMIT, ROLLBACK on a throw). */
  tx<T>(fn: (sql: Sql) => Promise<T>): Promise<T>;
  /** Throws DatabaseUnavailableError when the database does not answer `SELECT 1` within `timeoutMs`. */
  ping(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export class DatabaseUnavailableError extends Error {
  constructor(readonly reason: string) {
    super(`database unavailable: ${reason}`);
    this.name = 'DatabaseUnavailableError';
  }
}

/** SQLSTATE classes that mean "the database is not there" rather than "the statement is wrong". */
const UNAVAILABLE_STATES = /^(08|57|53)/;
const UNAVAILABLE_NODE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EPIPE', 'ENOENT', 'EHOSTUNREACH']);

/** Turn a driver error into DatabaseUnavailableError when it is about reaching the database. */
export function classifyDbError(e: unknown): unknown {
  if (e instanceof DatabaseUnavailableError) return e;
  const err = e as { code?: unknown; message?: unknown };
  const code = typeof err?.code === 'string' ? err.code : '';
  const message = typeof err?.message === 'string' ? err.message : String(e);
  if (UNAVAILABLE_STATES.test(code) || UNAVAILABLE_NODE.has(code)) return new DatabaseUnavailableError(`${code}: ${message}`);
  if (/Connection terminated|connection timeout|Client has encountered a connection error|not queryable|PGlite is closed/i.test(message)) {
    return new DatabaseUnavailableError(message);
  }
  return e;
}

/** Reject with DatabaseUnavailableError after `ms`. */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DatabaseUnavailableError(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
