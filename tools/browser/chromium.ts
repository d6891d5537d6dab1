/**
 * Headless Chromium (Debian's package) driven by playwright-core, launched the way shared/design.md measured: no
 * background networking, no component updates, Google hosts unresolvable, software GL made explicit.
 *
 * Software GL: Mesa's llvmpipe (through ANGLE on EGL) when Mesa is installed, else Chromium's own SwiftShader. Both are
 * real WebGL 2 implementations in software, as on a machine without a GPU driver; llvmpipe needed about 40 % less CPU
 * here (tmp scripts: a frame of the default view 125 ms of GPU-process CPU against 210 ms; a page load to idle 9–10 s of
 * CPU against 15–17 s), which is most of the end-to-end suite's time on this 2-core machine. Mesa keeps compiled shaders
 * in tmp/mesa-shader-cache, so a browser after the first one does not compile them again. TWIN_BROWSER_GL=swiftshader
 * (or llvmpipe) chooses; the app's `effects: auto` counts either as software (src/domain/effects.ts).
 *
 * The one launcher for everything that drives a browser: the end-to-end tests (tests/e2e/browser.ts) and the browser
 * benchmarks (bench/lib/site.ts) both import it from here, so neither imports the other's harness.
 */
import { execSync } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

/** Flags for every launch; no own `--disable-features` (it would replace Playwright's list). */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--enable-unsafe-swiftshader',
  '--component-updater=url-source=http://127.0.0.1:9/',
  '--gaia-url=http://127.0.0.1:9/',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
];

export type SoftwareGl = 'llvmpipe' | 'swiftshader';

/** Mesa's EGL and its software rasteriser (Debian: libegl-mesa0, libgl1-mesa-dri), in any of the library folders. */
export function hasMesaLlvmpipe(): boolean {
  const libDirs = ['/usr/lib64', '/usr/lib'];
  try {
    for (const d of readdirSync('/usr/lib')) if (d.endsWith('-linux-gnu')) libDirs.unshift(join('/usr/lib', d));
  } catch {
    /* no /usr/lib */
  }
  return libDirs.some((d) => existsSync(join(d, 'libEGL_mesa.so.0')) && existsSync(join(d, 'dri', 'swrast_dri.so')));
}

/** The software GL a launch uses: TWIN_BROWSER_GL when set, else llvmpipe where Mesa is installed, else SwiftShader. */
export function softwareGl(): SoftwareGl {
  const asked = process.env.TWIN_BROWSER_GL;
  if (asked === 'llvmpipe' || asked === 'swiftshader') return asked;
  if (asked) throw new Error(`TWIN_BROWSER_GL must be llvmpipe or swiftshader (got ${asked})`);
  return hasMesaLlvmpipe() ? 'llvmpipe' : 'swiftshader';
}

/** Chromium's flags for a software GL (llvmpipe is on Chromium's GPU block list: it is asked for explicitly). */
export function glArgs(gl: SoftwareGl): string[] {
  return gl === 'llvmpipe' ? ['--use-angle=gl-egl', '--ignore-gpu-blocklist'] : ['--use-angle=swiftshader'];
}

/** Where Mesa keeps the shaders it compiled (one folder for every launch, so only the first compiles them). */
const MESA_SHADER_CACHE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'tmp', 'mesa-shader-cache');

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

/**
 * A fresh headless Chromium (Playwright gives it a fresh temporary profile) on the software GL of softwareGl();
 * `extraArgs` come after CHROMIUM_ARGS and the GL flags.
 */
export async function launchBrowser(extraArgs: readonly string[] = []): Promise<Browser> {
  const gl = softwareGl();
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [...CHROMIUM_ARGS, ...glArgs(gl), ...extraArgs],
    env: gl === 'llvmpipe' ? { ...process.env, MESA_SHADER_CACHE_DIR: MESA_SHADER_CACHE } : process.env,
  });
}
