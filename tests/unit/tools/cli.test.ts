/**
 * The shared command-line helper (tools/cli.ts): --help exits 0 with the usage, an unknown or bad flag exits 2 with
 * one line and the usage on stderr, and `--x=v` reads the same as `--x v`.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flags, parseCli, valued, type CliIo } from '../../../tools/cli';

const ROOT = resolve(import.meta.dirname, '../../..');

class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

function io(): CliIo & { stdout: string; stderr: string } {
  const o = {
    stdout: '',
    stderr: '',
    out: (t: string) => void (o.stdout += t),
    err: (t: string) => void (o.stderr += t),
    exit: (code: number): never => {
      throw new Exit(code);
    },
  };
  return o;
}

const spec = {
  name: 'npm run demo --',
  usage: 'usage: npm run demo -- [--in DIR] [--workers N] [--mode a|b] [--plain]',
  options: { in: { type: 'string' }, workers: { type: 'string' }, mode: { type: 'string' }, plain: { type: 'boolean' } },
} as const;

function exitCode(f: () => unknown): number | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof Exit) return e.code;
    throw e;
  }
  return undefined;
}

describe('parseCli', () => {
  it('reads --x=v and --x v alike, and booleans', () => {
    const a = parseCli(spec, ['--in=data/x', '--workers', '3', '--plain'], io());
    expect(a.values).toEqual({ in: 'data/x', workers: '3', plain: true });
    expect(a.int('workers', { min: 0 })).toBe(3);
    const b = parseCli(spec, ['--in', 'data/x', '--workers=1_000'], io());
    expect(b.values.in).toBe('data/x');
    expect(b.int('workers')).toBe(1000);
    expect(b.int('mode')).toBeUndefined();
  });

  it('valued() and flags() declare options that take a value and options that are on or off', () => {
    expect({ ...valued('in', 'workers', 'mode'), ...flags('plain') }).toEqual(spec.options);
    const declared = { ...spec, options: { ...valued('in'), ...flags('plain') } };
    expect(parseCli(declared, ['--in', 'x', '--plain'], io()).values).toEqual({ in: 'x', plain: true });
    expect(exitCode(() => parseCli(declared, ['--plain=yes'], io()))).toBe(2);
    expect(exitCode(() => parseCli(declared, ['--in'], io()))).toBe(2);
  });

  it('--help prints the usage on stdout and exits 0, even beside a bad flag', () => {
    const o = io();
    expect(exitCode(() => parseCli(spec, ['--bogus', '--help'], o))).toBe(0);
    expect(o.stdout).toBe(`${spec.usage}\n`);
    expect(o.stderr).toBe('');
  });

  it('an unknown flag: one line naming it, then the usage, on stderr; exit 2', () => {
    const o = io();
    expect(exitCode(() => parseCli(spec, ['--colour', 'red'], o))).toBe(2);
    const lines = o.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^npm run demo --: .*--colour/);
    expect(lines[1]).toBe(spec.usage);
    expect(o.stdout).toBe('');
  });

  it('refuses positionals unless allowed, a missing value, and bad numbers or choices', () => {
    expect(exitCode(() => parseCli(spec, ['extra'], io()))).toBe(2);
    expect(parseCli({ ...spec, positionals: true }, ['extra'], io()).positionals).toEqual(['extra']);
    expect(exitCode(() => parseCli(spec, ['--in'], io()))).toBe(2);
    const o = io();
    expect(exitCode(() => parseCli(spec, ['--workers=-1'], o).int('workers', { min: 0 }))).toBe(2);
    expect(o.stderr.split('\n')[0]).toBe("npm run demo --: --workers needs an integer ≥ 0, got '-1'");
    expect(exitCode(() => parseCli(spec, ['--workers', '2.5'], io()).int('workers'))).toBe(2);
    expect(exitCode(() => parseCli(spec, ['--workers='], io()).positive('workers'))).toBe(2);
    expect(parseCli(spec, ['--mode', 'b'], io()).oneOf('mode', ['a', 'b'])).toBe('b');
    expect(exitCode(() => parseCli(spec, ['--mode', 'c'], io()).oneOf('mode', ['a', 'b']))).toBe(2);
  });
});

describe('every command-line tool under tools/ uses it', () => {
  // the tools as users run them (npm scripts run tsx): --help → usage on stdout, exit 0; an unknown flag → one line
  // and the usage on stderr, exit 2, before any work starts
  const tools = [
    'tools/generate/cli.ts',
    'tools/generate/preview.ts',
    'tools/tiler/cli.ts',
    'tools/tiler/cesiumCheck.ts',
    'tools/prepare.ts',
    'tools/feed/cli.ts',
  ];
  const run = (script: string, args: string[]) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
      execFile(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT }, (err, stdout, stderr) => {
        done({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr });
      });
    });

  it.each(tools)('%s: --help exits 0 with usage; --no-such-flag exits 2 with one line + usage', async (script) => {
    const [help, bad] = await Promise.all([run(script, ['--help']), run(script, ['--no-such-flag'])]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: /);
    expect(help.stdout).toContain('--help');
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    const lines = bad.stderr.split('\n');
    expect(lines[0]).toMatch(/no-such-flag/);
    expect(lines[1]).toBe(help.stdout.split('\n')[0]);
  });
});
