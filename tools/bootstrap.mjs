#!/usr/bin/env node
/**
 * First step of `npm start` and `npm test` on a fresh clone, in plain Node (no dependencies yet):
 *  - installs the npm dependencies (`npm ci`) when node_modules is missing or older than package-lock.json;
 *  - with `--browser` (the test command): makes sure the Debian packages the tests start are there (Chromium for the
 *    end-to-end tests, mosquitto for the MQTT feed, PostgreSQL for the server's API tests), installing the missing ones
 *    with apt-get when running as root, or saying exactly what to run otherwise; and Mesa's software GL (llvmpipe),
 *    which the browser tests prefer to Chromium's SwiftShader (about 40 % less CPU; tools/browser/chromium.ts) but can
 *    do without: installed along as root, else one line says how.
 */
import { execSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const marker = join(root, 'node_modules', '.package-lock.json');
const lock = join(root, 'package-lock.json');

function run(cmd, args) {
  console.log(`bootstrap: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (!existsSync(marker) || statSync(marker).mtimeMs < statSync(lock).mtimeMs) {
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

function has(cmd) {
  try {
    execSync(`command -v ${cmd}`, { stdio: 'ignore', shell: '/bin/sh' });
    return true;
  } catch {
    return false;
  }
}

/** Debian packages the test suite starts itself: [package, how to tell it is there]. */
const TEST_PACKAGES = [
  ['chromium', () => Boolean(process.env.CHROMIUM_PATH) || has('chromium') || has('chromium-browser')],
  ['mosquitto', () => has('mosquitto') || existsSync('/usr/sbin/mosquitto')],
  ['postgresql', () => has('pg_ctl') || postgresBinDir() !== null],
];

/** Mesa's EGL and software rasteriser in a library folder (the same test as tools/browser/chromium.ts). */
function hasMesa() {
  const dirs = ['/usr/lib64', '/usr/lib'];
  try {
    for (const d of readdirSync('/usr/lib')) if (d.endsWith('-linux-gnu')) dirs.push(join('/usr/lib', d));
  } catch {
    /* no /usr/lib */
  }
  return dirs.some((d) => existsSync(join(d, 'libEGL_mesa.so.0')) && existsSync(join(d, 'dri', 'swrast_dri.so')));
}

/** Wanted but optional: the tests run without them, only slower. */
const OPTIONAL_TEST_PACKAGES = [['libegl-mesa0 libgl1-mesa-dri', hasMesa]];

/** The newest /usr/lib/postgresql/N/bin that has initdb, or null. */
function postgresBinDir() {
  try {
    const dirs = readdirSync('/usr/lib/postgresql').filter((d) => existsSync(join('/usr/lib/postgresql', d, 'bin', 'initdb')));
    dirs.sort((a, b) => Number(b) - Number(a));
    return dirs.length ? join('/usr/lib/postgresql', dirs[0], 'bin') : null;
  } catch {
    return null;
  }
}

if (process.argv.includes('--browser')) {
  const missing = TEST_PACKAGES.filter(([, present]) => !present()).map(([name]) => name);
  const optional = OPTIONAL_TEST_PACKAGES.filter(([, present]) => !present()).flatMap(([names]) => names.split(' '));
  const canInstall = process.getuid?.() === 0 && has('apt-get');
  if (missing.length > 0 || (optional.length > 0 && canInstall)) {
    if (canInstall) {
      run('apt-get', ['update', '-qq']);
      run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing, ...optional]);
    } else {
      console.error(`bootstrap: the tests need Debian packages: run \`sudo apt-get install -y ${[...missing, ...optional].join(' ')}\``);
      process.exit(1);
    }
  } else if (optional.length > 0) {
    console.log(`bootstrap: the browser tests run on SwiftShader, about 40 % slower than on Mesa: \`sudo apt-get install -y ${optional.join(' ')}\``);
  }
}
