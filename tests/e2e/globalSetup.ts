/**
 * End-to-end setup: a small generated dataset (tmp/e2e), the app built in Vite's "e2e" mode (publicDir tmp/e2e/public,
 * outDir dist-e2e) and served by the real `vite preview` server (with the same Content-Security-Policy as production)
 * on 127.0.0.1. Tests get the base URL and the data folder through vitest's inject().
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build, preview, type PreviewServer } from 'vite';
import type { TestProject } from 'vitest/node';
import { ROOT, prepareDataset } from '../../tools/prepare-lib';

export const E2E_SEGMENTS = 500;
/**
 * Few features per tile, so that even this small network is a quadtree with coarse (line) tiles above the leaves:
 * the far view draws those and picking is tested on them (tests/e2e/status.test.ts).
 */
export const E2E_TILER_ARGS = ['--max-features', '150'];

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    e2eDataDir: string;
    /** the built app (a test file that needs a server of its own serves it with vite preview) */
    e2eOutDir: string;
  }
}

let server: PreviewServer | undefined;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dataDir = join(ROOT, 'tmp/e2e/data');
  const publicDir = join(ROOT, 'tmp/e2e/public');
  mkdirSync(publicDir, { recursive: true });
  prepareDataset({
    dataDir,
    publicDir,
    segments: E2E_SEGMENTS,
    force: !existsSync(join(dataDir, 'meta.json')),
    tilerArgs: E2E_TILER_ARGS,
  });
  copyFileSync(join(ROOT, 'public/config.json'), join(publicDir, 'config.json'));

  // the feed simulator's control endpoint (/api/feed/_control) drives faults in tests/e2e/feed.test.ts
  process.env.FEED_CONTROL = '1';
  // E2E_OUT_DIR lets several e2e runs share one checkout (each builds into its own folder); preview moves to the
  // next free port when 4319 is taken
  const outDir = process.env.E2E_OUT_DIR ? join(ROOT, process.env.E2E_OUT_DIR) : undefined;
  const buildOpts = outDir ? { outDir } : {};
  // E2E_REUSE_BUILD=1 serves the existing build as it is (for iterating on test files only; `npm test` always builds)
  const reuse = process.env.E2E_REUSE_BUILD === '1' && existsSync(join(outDir ?? join(ROOT, 'dist-e2e'), 'index.html'));
  if (reuse) console.warn(`e2e: E2E_REUSE_BUILD=1, serving the existing build in ${outDir ?? 'dist-e2e'} unchanged`);
  else await build({ root: ROOT, mode: 'e2e', configLoader: 'runner', logLevel: 'warn', build: buildOpts });
  server = await preview({ root: ROOT, mode: 'e2e', configLoader: 'runner', logLevel: 'warn', build: buildOpts, preview: { host: '127.0.0.1', port: 4319 } });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report a URL');
  project.provide('baseUrl', url.replace(/\/$/, ''));
  project.provide('e2eDataDir', dataDir);
  project.provide('e2eOutDir', outDir ?? join(ROOT, 'dist-e2e'));
  return async () => {
    await new Promise<void>((resolve) => server?.httpServer.close(() => resolve()));
  };
}
