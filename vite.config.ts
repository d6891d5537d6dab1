import { defineConfig } from 'vite';
import { viteStaticCopy } from 'vite-plugin-static-copy';
import { feedPlugin } from './tools/feed/vitePlugin';
import { opsApiPlugin } from './server/vitePlugin';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configuredConnectSources, contentSecurityPolicy } from './src/domain/csp';

/**
 * Cesium's static assets (workers, third-party wasm, assets, widget CSS) are copied the way CesiumGS's own Vite
 * example does, to /cesiumStatic, and CESIUM_BASE_URL points there.
 *
 * Mode "e2e" serves a small generated dataset from tmp/e2e/public instead of public/ and builds into dist-e2e/.
 * Mode "city" (`npm run city`, the dev server) serves the 1,000,000-segment network from tmp/city/public; the dev
 * server reads the public folder in place, so its gigabyte of tiles and sidecar is never copied.
 */
const PUBLIC_DIRS: Record<string, string> = { e2e: 'tmp/e2e/public', city: 'tmp/city/public' };
const OUT_DIRS: Record<string, string> = { e2e: 'dist-e2e', city: 'dist-city' };
const cesiumSource = 'node_modules/cesium/Build/Cesium';
const cesiumBaseUrl = 'cesiumStatic';

/** The strict policy from shared/design.md (src/domain/csp.ts): CesiumWidget + our own UI run under it with zero violations. */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy();

/**
 * The policy for a public folder: the strict one, plus the origins its config.json configures for a live source or an
 * extra 3D Tiles layer in connect-src only (docs/sources.md). Read once when the server starts.
 */
function policyFor(publicDir: string): string {
  try {
    return contentSecurityPolicy(configuredConnectSources(JSON.parse(readFileSync(join(publicDir, 'config.json'), 'utf8'))));
  } catch {
    return CONTENT_SECURITY_POLICY;
  }
}

export default defineConfig(({ mode }) => ({
  publicDir: PUBLIC_DIRS[mode] ?? 'public',
  build: {
    outDir: OUT_DIRS[mode] ?? 'dist',
    chunkSizeWarningLimit: 8000,
  },
  define: {
    CESIUM_BASE_URL: JSON.stringify(`/${cesiumBaseUrl}`),
  },
  plugins: [
    // the built-in feed simulator at /api/feed (same origin, so connect-src 'self' holds)
    feedPlugin(),
    // `vite` (dev) only: the operations API (server/) at /api/*, and config.json with sharedState (docs/server.md)
    opsApiPlugin(),
    viteStaticCopy({
      targets: [
        { src: `${cesiumSource}/ThirdParty`, dest: cesiumBaseUrl },
        { src: `${cesiumSource}/Workers`, dest: cesiumBaseUrl },
        { src: `${cesiumSource}/Assets`, dest: cesiumBaseUrl },
        { src: `${cesiumSource}/Widgets`, dest: cesiumBaseUrl },
      ],
    }),
  ],
  server: { headers: { 'Content-Security-Policy': policyFor(PUBLIC_DIRS[mode] ?? 'public') } },
  preview: { headers: { 'Content-Security-Policy': policyFor(PUBLIC_DIRS[mode] ?? 'public') } },
}));
