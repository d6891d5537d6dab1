/** `npm run backup -- [--out FILE]`: the shared state as one JSON file (default var/backup-<time>.json). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseCli, valued } from '../../tools/cli';
import { backup } from '../backup';
import { openConfigured } from './common';

const cli = parseCli({
  name: 'npm run backup --',
  usage: `usage: npm run backup -- [--out FILE]
  --out FILE  where to write (default var/backup-<UTC time>.json)
Database: DATABASE_URL, else PGlite in TWIN_DATA_DIR / server.config.json's dataDir (stop a PGlite server first).`,
  options: valued('out'),
});
const out = typeof cli.values.out === 'string' ? cli.values.out : `var/backup-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
const { db, close } = await openConfigured();
try {
  const b = await backup(db);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(b));
  console.log(`backup: ${Object.entries(b.tables).map(([t, rows]) => `${rows.length} ${t}`).join(', ')} → ${out}`);
} catch (e) {
  console.error(`backup: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
} finally {
  await close();
}
