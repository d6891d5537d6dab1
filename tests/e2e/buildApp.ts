/**
 * What the e2e files run against, made once: the small generated dataset (tmp/e2e) and the app built in Vite's "e2e"
 * mode (publicDir tmp/e2e/public, outDir dist-e2e or $E2E_OUT_DIR). globalSetup.ts calls it before serving; the test
 * runner (tools/test.mjs) runs this file on its own beside the type checks, so that the e2e stage finds the build ready
 * (E2E_PREBUILT=1).
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'vite';
import { ROOT, prepareDataset } from '../../tools/prepare-lib';

export const E2E_SEGMENTS = 500;
/**
 * Few features per tile, so that even this small network is a quadtree with coarse (line) tiles above the leaves:
 * the far view draws those and picking is tested on them (tests/e2e/status.test.ts).
 */
export const E2E_TILER_ARGS = ['--max-features', '150'];

/** The e2e build's drawing-buffer resolution relative to the page (config.json resolutionScale). */
export const E2E_RESOLUTION_SCALE = 0.75;

export const E2E_DATA_DIR = join(ROOT, 'tmp/e2e/data');
export const E2E_PUBLIC_DIR = join(ROOT, 'tmp/e2e/public');

/** The build folder: $E2E_OUT_DIR (relative to the root) lets several e2e runs share one checkout. */
export function e2eOutDir(): string {
  return process.env.E2E_OUT_DIR ? join(ROOT, process.env.E2E_OUT_DIR) : join(ROOT, 'dist-e2e');
}

/** The dataset, its tiles and overlays, and the runtime config in tmp/e2e (each step only when stale). */
export function prepareE2eData(): void {
  mkdirSync(E2E_PUBLIC_DIR, { recursive: true });
  prepareDataset({
    dataDir: E2E_DATA_DIR,
    publicDir: E2E_PUBLIC_DIR,
    segments: E2E_SEGMENTS,
    force: !existsSync(join(E2E_DATA_DIR, 'meta.json')),
    tilerArgs: E2E_TILER_ARGS,
  });
  // the shipped config, drawn at 3/4 resolution: software GL's cost grows with the pixels (about half the time per
  // frame here); every test still sees the same CSS layout, clicks and screenshots in CSS pixels
  // the shipped favicon too: a page that is not the app (a JSON file opened before routes are set) asks for it
  copyFileSync(join(ROOT, 'public/favicon.ico'), join(E2E_PUBLIC_DIR, 'favicon.ico'));
  const config = JSON.parse(readFileSync(join(ROOT, 'public/config.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(E2E_PUBLIC_DIR, 'config.json'), `${JSON.stringify({ ...config, resolutionScale: E2E_RESOLUTION_SCALE }, null, 2)}\n`);
}

/** Builds the app for the e2e files into e2eOutDir(). */
export async function buildE2eApp(): Promise<void> {
  await build({ root: ROOT, mode: 'e2e', configLoader: 'runner', logLevel: 'warn', build: { outDir: e2eOutDir() } });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const t0 = Date.now();
  prepareE2eData();
  await buildE2eApp();
  console.log(`e2e: app built in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}
