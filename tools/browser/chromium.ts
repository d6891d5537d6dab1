/**
 * Headless Chromium (Debian's package) driven by playwright-core, launched the way shared/design.md measured: no
 * background networking, no component updates, Google hosts unresolvable, software GL (SwiftShader) made explicit.
 *
 * The one launcher for everything that drives a browser: the end-to-end tests (tests/e2e/browser.ts) and the browser
 * benchmarks (bench/lib/site.ts) both import it from here, so neither imports the other's harness.
 */
import { execSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Flags for every launch; no own `--disable-features` (it would replace Playwright's list). */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--component-updater=url-source=http://127.0.0.1:9/',
  '--gaia-url=http://127.0.0.1:9/',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
];

/** CHROMIUM_PATH when set, else Debian's binary, else whatever `chromium` on the PATH is. */
export function chromiumPath(): string {
  for (const c of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (c) {
      try {
        accessSync(c, constants.X_OK);
        return c;
      } catch {
        /* try next */
      }
    }
  }
  return execSync('command -v chromium || command -v chromium-browser', { shell: '/bin/sh' }).toString().trim();
}

/** A fresh headless Chromium (Playwright gives it a fresh temporary profile); `extraArgs` come after CHROMIUM_ARGS. */
export async function launchBrowser(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
}
