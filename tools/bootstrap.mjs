#!/usr/bin/env node
/**
 * First step of `npm start` and `npm test` on a fresh clone, in plain Node (no dependencies yet):
 *  - installs the npm dependencies (`npm ci`) when node_modules is missing or older than package-lock.json;
 *  - with `--browser` (the test command): makes sure Debian's Chromium is there for the end-to-end tests, installing it
 *    with apt-get when running as root, or saying exactly what to run otherwise.
 */
import { execSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
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

if (process.argv.includes('--browser') && !process.env.CHROMIUM_PATH && !has('chromium') && !has('chromium-browser')) {
  if (process.getuid?.() === 0 && has('apt-get')) {
    run('apt-get', ['update', '-qq']);
    run('apt-get', ['install', '-y', '-qq', 'chromium']);
  } else {
    console.error('bootstrap: the end-to-end tests need Debian Chromium: run `sudo apt-get install -y chromium` (or set CHROMIUM_PATH)');
    process.exit(1);
  }
}
