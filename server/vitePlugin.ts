/**
 * `npm run dev` with the operations API: Vite's dev server (hot reload) keeps serving the app, and this plugin starts
 * the API server in the same process on a private port and hands it `/api/*` (except `/api/feed`, which stays with
 * the feed plugin) and `/config.json` (the public folder's, with `sharedState`). Same origin for the page, so the
 * Content-Security-Policy holds. Only for `vite` (serve), never `vite preview` or a build. TWIN_API=0 turns it off;
 * when the database cannot be opened (e.g. `npm start` holds var/db) it says so once and the viewer runs without
 * shared state.
 */
import { request } from 'node:http';
import type { Plugin } from 'vite';
// a static import: Vite's config runner is closed by the time configureServer runs, so a dynamic import would fail
import { createServer } from './app';

export function opsApiPlugin(): Plugin {
  return {
    name: 'cq-ops-api',
    apply: 'serve',
    async configureServer(vite) {
      if (process.env.TWIN_API === '0') return;
      // Vite restarts its server (and re-evaluates this file) when the config's imports change: the previous API must
      // have closed its database before the next one opens the same folder (kept on globalThis across re-evaluations)
      const g = globalThis as { __twinOpsApiClosing?: Promise<void> };
      await g.__twinOpsApiClosing?.catch(() => {});
      let target: URL;
      let close: () => Promise<void>;
      try {
        const api = await createServer({ port: 0, host: '127.0.0.1', distDir: vite.config.publicDir, feed: { source: 'none' }, log: (l) => vite.config.logger.info(l) });
        target = new URL(api.url);
        close = api.close;
      } catch (e) {
        vite.config.logger.warn(`ops API not started (${e instanceof Error ? e.message : String(e)}); the viewer runs without shared state`);
        return;
      }
      vite.httpServer?.once('close', () => {
        g.__twinOpsApiClosing = close();
      });
      vite.middlewares.use((req, res, next) => {
        const url = req.url ?? '/';
        const mine = (url.startsWith('/api/') && !url.startsWith('/api/feed')) || url === '/config.json' || url.startsWith('/config.json?');
        if (!mine) return next();
        const up = request(
          { host: target.hostname, port: target.port, method: req.method, path: url, headers: req.headers },
          (r) => {
            res.writeHead(r.statusCode ?? 502, r.headers);
            r.pipe(res);
          },
        );
        up.on('error', (e) => {
          if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ error: { code: 'internal', en: `ops API: ${e.message}`, zh: `运维接口：${e.message}` } }));
        });
        req.pipe(up);
        res.on('close', () => up.destroy());
      });
    },
  };
}
