/** `npm run restore -- FILE [--force]`: replace the shared state with a backup's. */
import { readFileSync } from 'node:fs';
import { flags, parseCli } from '../../tools/cli';
import { restore, type Backup } from '../backup';
import { openConfigured } from './common';

const cli = parseCli({
  name: 'npm run restore --',
  usage: `usage: npm run restore -- FILE [--force]
  --force  replace a database that already holds incidents or acknowledgements
Database: DATABASE_URL, else PGlite in TWIN_DATA_DIR / server.config.json's dataDir (stop a PGlite server first).`,
  options: flags('force'),
  positionals: true,
});
const file = cli.positionals[0];
if (!file) cli.fail('FILE is needed');
const { db, close } = await openConfigured();
try {
  const counts = await restore(db, JSON.parse(readFileSync(file, 'utf8')) as Backup, { force: cli.values.force === true });
  console.log(`restore: ${Object.entries(counts).map(([t, n]) => `${n} ${t}`).join(', ')} from ${file}`);
} catch (e) {
  console.error(`restore: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
} finally {
  await close();
}
