#!/usr/bin/env node
/**
 * `npm test` after bootstrap: the type check, the layer lint and the e2e build (dataset + `vite build`) side by side —
 * the two checks are single-threaded, so on two cores the build takes the idle one —, then the unit tests, then the
 * end-to-end tests against that build (E2E_PREBUILT=1). The side-by-side jobs print only when they fail (or with
 * --verbose); vitest prints its own summary. Exits with the first failing stage's status.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const verbose = process.argv.includes('--verbose');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

const seconds = (ms) => `${Math.round(ms / 1000)} s`;

/** Runs a command; with `capture` its output is collected and returned instead of shown. */
function run(name, cmd, args, { capture = false, env = {} } = {}) {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    });
    let out = '';
    child.stdout?.on('data', (d) => (out += d));
    child.stderr?.on('data', (d) => (out += d));
    child.on('close', (code, signal) => resolve({ name, code: code ?? (signal ? 1 : 0), out, ms: Date.now() - t0, child }));
    child.on('error', (err) => resolve({ name, code: 1, out: String(err), ms: Date.now() - t0, child }));
  });
}

const total0 = Date.now();
const times = [];

// 1. side by side: type check, layer lint, e2e build
const side = await Promise.all([
  run('typecheck', npm, ['run', '--silent', 'typecheck'], { capture: true }),
  run('lint', npm, ['run', '--silent', 'lint'], { capture: true }),
  run('e2e build', npx, ['tsx', 'tests/e2e/buildApp.ts'], { capture: true }),
]);
let failed = false;
for (const r of side) {
  times.push(`${r.name} ${seconds(r.ms)}`);
  if (r.code !== 0 || verbose) {
    process.stdout.write(`\n── ${r.name} ${r.code === 0 ? 'passed' : `FAILED (exit ${r.code})`} ──\n${r.out}\n`);
  }
  if (r.code !== 0) failed = true;
}
console.log(`test: ${side.map((r) => `${r.name} ${r.code === 0 ? 'ok' : 'FAILED'}`).join(', ')} (side by side, ${seconds(Math.max(...side.map((r) => r.ms)))})`);
if (failed) process.exit(1);

// 2. unit tests, 3. end-to-end tests against the build made above
for (const [name, script, env] of [
  ['unit', 'test:unit', {}],
  ['e2e', 'test:e2e', { E2E_PREBUILT: '1' }],
]) {
  const r = await run(name, npm, ['run', '--silent', script], { env });
  times.push(`${name} ${seconds(r.ms)}`);
  if (r.code !== 0) {
    console.log(`test: ${name} FAILED (exit ${r.code}); ${times.join(', ')}`);
    process.exit(r.code);
  }
}
console.log(`test: all passed in ${seconds(Date.now() - total0)} (${times.join(', ')})`);
