/**
 * `npm run server` (and the last step of `npm start`): the operations server in one process. Configuration: the
 * environment and server.config.json (server/config.ts, docs/server.md). Prints one line when it listens
 * (`server: listening on URL`), and on the very first start the generated admin password, once.
 */
import { createServer } from './app';

try {
  const server = await createServer();
  console.log(`server: listening on ${server.url} (database: ${server.db.kind}${server.db.kind === 'pglite' ? ` in ${server.config.dataDir}` : ''})`);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`server: ${signal}, closing`);
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
} catch (e) {
  console.error(`server: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
