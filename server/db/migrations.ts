/**
 * Versioned migrations, applied in order at start (each in its own transaction, recorded in schema_migrations).
 * Never edit a released migration: add the next version. The same SQL runs on PGlite and PostgreSQL.
 */
import type { Database } from './database';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'users, sessions, acks, incidents, audit, events',
    sql: `
      CREATE TABLE users (
        name text PRIMARY KEY,
        role text NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
        password_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE sessions (
        token_hash text PRIMARY KEY,
        user_name text NOT NULL REFERENCES users(name) ON DELETE CASCADE,
        csrf_token text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      );
      CREATE TABLE acks (
        episode text PRIMARY KEY,
        sensor text NOT NULL,
        metric text NOT NULL,
        asset text NOT NULL,
        by_user text NOT NULL,
        at timestamptz NOT NULL,
        note text NOT NULL DEFAULT '',
        episode_start timestamptz
      );
      CREATE TABLE incidents (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        type text NOT NULL,
        title text NOT NULL,
        asset text,
        location jsonb,
        severity text NOT NULL,
        stage text NOT NULL,
        team text,
        notes text NOT NULL DEFAULT '',
        alarm jsonb,
        isolation_plan jsonb,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        created_by text NOT NULL,
        version integer NOT NULL,
        transitions jsonb NOT NULL,
        closed_at timestamptz
      );
      CREATE INDEX incidents_stage ON incidents (stage);
      CREATE TABLE audit (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at timestamptz NOT NULL,
        actor text NOT NULL,
        action text NOT NULL,
        entity text NOT NULL,
        entity_id text NOT NULL,
        before jsonb,
        after jsonb
      );
      CREATE INDEX audit_entity ON audit (entity, entity_id);
      -- the audit log is append-only: UPDATE and DELETE are refused by the database itself
      CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$;
      CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit
        FOR EACH ROW EXECUTE FUNCTION audit_append_only();
      CREATE TABLE events (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        name text NOT NULL,
        payload jsonb NOT NULL
      );
    `,
  },
];

/** Apply the migrations the database lacks; returns the versions applied. Refuses a database newer than this code. */
export async function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const applied: number[] = [];
  for (const m of migrations) {
    const done = await db.tx(async (sql) => {
      // one migrator at a time on a shared PostgreSQL (a no-op cost on PGlite)
      await sql.query('SELECT pg_advisory_xact_lock(727274)');
      const have = await sql.query<{ version: number }>('SELECT version FROM schema_migrations WHERE version = $1', [m.version]);
      if (have.length) return false;
      for (const stmt of splitStatements(m.sql)) await sql.query(stmt);
      await sql.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      return true;
    });
    if (done) applied.push(m.version);
  }
  const newest = await db.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
  const known = migrations.at(-1)?.version ?? 0;
  if ((newest[0]?.v ?? 0) > known) throw new Error(`the database is at schema version ${newest[0].v}, newer than this server (${known})`);
  return applied;
}

/** Split a migration into statements at top-level semicolons (dollar-quoted bodies and -- comments respected). */
export function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inDollar = false;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    if (!inDollar && c === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i);
      i = nl < 0 ? sql.length : nl;
      cur += '\n';
      continue;
    }
    if (c === '$' && sql[i + 1] === '$') {
      inDollar = !inDollar;
      cur += '$$';
      i++;
      continue;
    }
    if (c === ';' && !inDollar) {
      if (cur.trim()) out.push(cur.trim());
      cur = '';
      continue;
    }
    cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}
