#!/usr/bin/env node
/**
 * `npm test` after bootstrap: the type check, the layer lint and the e2e build (dataset + `vite build`) side by side —
 * the two checks are single-threaded, so on two cores the build takes the idle one —, then the end-to-end tests against
 * that build (E2E_PREBUILT=1) with the unit tests beside them: the browser tests leave a fifth of the machine idle
 * (they wait on the page, the feed's timeouts, brokers and servers) and the unit tests fill it. The e2e tests print as
 * they go; the other jobs' output is shown when they fail (or with --verbose), else the unit tests' totals. Exits with
 * the first failing stage's status.
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
  if (r.code !== 0 || verbose) showOutput(r);
  if (r.code !== 0) failed = true;
}
console.log(`test: ${side.map((r) => `${r.name} ${r.code === 0 ? 'ok' : 'FAILED'}`).join(', ')} (side by side, ${seconds(Math.max(...side.map((r) => r.ms)))})`);
if (failed) process.exit(1);

// 2. end-to-end tests against the build made above, the unit tests beside them (their output held back)
const [unit, e2e] = await Promise.all([
  run('unit', npm, ['run', '--silent', 'test:unit'], { capture: true }),
  run('e2e', npm, ['run', '--silent', 'test:e2e'], { env: { E2E_PREBUILT: '1' } }),
]);
if (unit.code !== 0 || verbose) showOutput(unit);
else process.stdout.write(`\n── unit (beside the e2e tests) ──\n${totals(unit.out)}\n`);
times.push(`unit ${seconds(unit.ms)}`, `e2e ${seconds(e2e.ms)}`);
const bad = [unit, e2e].filter((r) => r.code !== 0);
if (bad.length > 0) {
  console.log(`test: ${bad.map((r) => r.name).join(' and ')} FAILED; ${times.join(', ')}`);
  process.exit(bad[0].code);
}
console.log(`test: all passed in ${seconds(Date.now() - total0)} (${times.join(', ')}; unit and e2e side by side)`);

/** A captured job's whole output under a line that names it and how it ended. */
function showOutput(r) {
  process.stdout.write(`\n── ${r.name} ${r.code === 0 ? 'passed' : `FAILED (exit ${r.code})`} ──\n${r.out}\n`);
}

/** vitest's closing block (Test Files, Tests, Duration …): what a passing run's held-back output is reduced to. */
function totals(out) {
  const lines = out.split('\n');
  // eslint-disable-next-line no-control-regex
  const at = lines.findIndex((l) => /^\s*Test Files\s/.test(l.replace(/\x1b\[[0-9;]*m/g, '')));
  return (at >= 0 ? lines.slice(at) : lines.slice(-6)).join('\n').trimEnd();
}
