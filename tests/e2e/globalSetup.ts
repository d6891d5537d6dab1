/**
 * End-to-end setup: a small generated dataset (tmp/e2e), the app built in Vite's "e2e" mode (publicDir tmp/e2e/public,
 * outDir dist-e2e) and served by the real `vite preview` server (with the same Content-Security-Policy as production)
 * on 127.0.0.1. Tests get the base URL and the data folder through vitest's inject().
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { preview, type PreviewServer } from 'vite';
import type { TestProject } from 'vitest/node';
import { ROOT } from '../../tools/prepare-lib';
import { buildE2eApp, E2E_DATA_DIR, e2eOutDir, prepareE2eData } from './buildApp';

export { E2E_SEGMENTS, E2E_TILER_ARGS } from './buildApp';

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
  // the feed simulator's control endpoint (/api/feed/_control) drives faults in tests/e2e/feed.test.ts
  process.env.FEED_CONTROL = '1';
  const outDir = e2eOutDir();
  const buildOpts = { outDir };
  // E2E_PREBUILT=1: the test runner (tools/test.mjs) has just made the data and the build (tests/e2e/buildApp.ts).
  // E2E_REUSE_BUILD=1 serves an existing build as it is (for iterating on test files only).
  const built = existsSync(join(outDir, 'index.html'));
  if (process.env.E2E_PREBUILT === '1' && built) {
    // made moments ago by the runner
  } else if (process.env.E2E_REUSE_BUILD === '1' && built) {
    prepareE2eData();
    console.warn(`e2e: E2E_REUSE_BUILD=1, serving the existing build in ${outDir} unchanged`);
  } else {
    prepareE2eData();
    await buildE2eApp();
  }
  server = await preview({ root: ROOT, mode: 'e2e', configLoader: 'runner', logLevel: 'warn', build: buildOpts, preview: { host: '127.0.0.1', port: 4319 } });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report a URL');
  project.provide('baseUrl', url.replace(/\/$/, ''));
  project.provide('e2eDataDir', E2E_DATA_DIR);
  project.provide('e2eOutDir', outDir);
  return async () => {
    await new Promise<void>((resolve) => server?.httpServer.close(() => resolve()));
  };
}
