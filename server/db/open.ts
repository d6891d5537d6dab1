/** Open the configured engine: PostgreSQL when a URL is given, else PGlite under the data folder. */
import type { Database } from './database';
import { openPglite } from './pglite';
import { openPostgres } from './postgres';

export interface OpenDatabaseOptions {
  /** postgres://… — a real PostgreSQL; absent: PGlite under dataDir */
  databaseUrl?: string | null;
  /** PGlite's folder (created when missing); 'memory://' for a throwaway database */
  dataDir: string;
}

export async function openDatabase(opts: OpenDatabaseOptions): Promise<Database> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl) : openPglite(opts.dataDir);
}
