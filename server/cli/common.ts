/** What the server's CLIs share: the configuration and the database, opened the way the server opens them. */
import { openStore } from '../app';
import { loadConfig } from '../config';
import type { Database } from '../db/database';
import type { Store } from '../store';

/** Open the configured database (PGlite: refuses while a server holds the data folder). */
export async function openConfigured(): Promise<{ db: Database; store: Store; close(): Promise<void> }> {
  const config = loadConfig();
  const { db, store, unlock } = await openStore(config, (l) => console.log(l));
  return {
    db,
    store,
    async close() {
      await db.close();
      unlock();
    },
  };
}
