/**
 * Dev-only Vite config for the browser benchmarks' page (bench/pages): never part of the app's build. Built into
 * tmp/bench/site by bench/lib/site.ts and served by `vite preview`, with Cesium's static files and the benchmark
 * datasets mounted by a small middleware (bench/lib/site.ts), so nothing is copied.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));

export const BENCH_SITE_DIR = resolve(here, '../tmp/bench/site');

export default defineConfig({
  root: resolve(here, 'pages'),
  publicDir: false,
  logLevel: 'warn',
  build: { outDir: BENCH_SITE_DIR, emptyOutDir: true, chunkSizeWarningLimit: 8000 },
  define: { CESIUM_BASE_URL: JSON.stringify('/cesiumStatic') },
});
