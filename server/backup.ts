/**
 * Logical backups of the shared state as one JSON file: the same file restores into PGlite or PostgreSQL (so it also
 * moves an embedded database to a real server). Sessions are not kept (everyone logs in again after a restore).
 */
import type { Database } from './db/database';
import { MIGRATIONS } from './db/migrations';

export const BACKUP_FORMAT = 'cq-twin-ops-backup';
/** Tables in restore order (references first), with their identity column if any. */
export const BACKUP_TABLES: readonly { name: string; identity?: string }[] = [
  { name: 'users' },
  { name: 'acks' },
  { name: 'incidents', identity: 'id' },
  { name: 'audit', identity: 'id' },
  { name: 'events', identity: 'id' },
];

export interface Backup {
  format: typeof BACKUP_FORMAT;
  schemaVersion: number;
  createdAt: string;
  tables: Record<string, Record<string, unknown>[]>;
}

export async function backup(db: Database): Promise<Backup> {
  const version = await db.query<{ v: number }>('SELECT max(version) AS v FROM schema_migrations');
  const tables: Backup['tables'] = {};
  // one snapshot: every table read in one transaction
  await db.tx(async (sql) => {
    await sql.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    for (const t of BACKUP_TABLES) tables[t.name] = await sql.query<Record<string, unknown>>(`SELECT * FROM ${t.name} ORDER BY 1`);
  });
  return { format: BACKUP_FORMAT, schemaVersion: Number(version[0]?.v ?? 0), createdAt: new Date().toISOString(), tables };
}

const JSONB: Record<string, readonly string[]> = {
  incidents: ['location', 'alarm', 'isolation_plan', 'transitions'],
  audit: ['before', 'after'],
  events: ['payload'],
};

/** Replace the shared state with a backup's (the database must be migrated to the backup's schema version). */
export async function restore(db: Database, b: Backup, opts: { force?: boolean } = {}): Promise<Record<string, number>> {
  if (b?.format !== BACKUP_FORMAT) throw new Error(`not a backup file (format ${JSON.stringify(b?.format)})`);
  const known = MIGRATIONS.at(-1)?.version ?? 0;
  if (b.schemaVersion !== known) throw new Error(`backup schema version ${b.schemaVersion}, this server's ${known}`);
  const counts: Record<string, number> = {};
  await db.tx(async (sql) => {
    const users = await sql.query<{ n: number }>('SELECT (SELECT count(*) FROM incidents) + (SELECT count(*) FROM acks) AS n');
    if (Number(users[0].n) > 0 && !opts.force) throw new Error('the database already holds incidents or acknowledgements (use --force to replace them)');
    await sql.query(`TRUNCATE ${[...BACKUP_TABLES].reverse().map((t) => t.name).join(', ')}, sessions`);
    for (const t of BACKUP_TABLES) {
      const rows = b.tables[t.name] ?? [];
      for (const row of rows) {
        const cols = Object.keys(row);
        const values = cols.map((c) => ((JSONB[t.name] ?? []).includes(c) && row[c] !== null ? JSON.stringify(row[c]) : row[c]));
        await sql.query(
          `INSERT INTO ${t.name} (${cols.join(', ')}) ${t.identity ? 'OVERRIDING SYSTEM VALUE' : ''} VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`,
          values,
        );
      }
      if (t.identity) {
        await sql.query(`SELECT setval(pg_get_serial_sequence('${t.name}', '${t.identity}'), coalesce((SELECT max(${t.identity}) FROM ${t.name}), 0) + 1, false)`);
      }
      counts[t.name] = rows.length;
    }
  });
  return counts;
}
