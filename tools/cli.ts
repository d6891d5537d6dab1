/**
 * The command-line pattern every tool shares, on `node:util` `parseArgs` (strict: `--x=v` and `--x v` both work):
 * - `--help` / `-h` prints the usage on stdout and exits 0;
 * - an unknown flag, a missing value or a bad value prints one line (`<name>: <what>`) and the usage on stderr and
 *   exits 2.
 *
 *   const cli = parseCli({ name: 'npm run tiles --', usage: USAGE, options: { ...valued('in', 'workers'), ...flags('plain') } });
 *   const workers = cli.int('workers', { min: 0 });
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;
type Parsed<O extends OptionsConfig> = ReturnType<typeof parseArgs<{ options: O; strict: true; allowPositionals: true }>>;
type StringOption<O extends OptionsConfig> = { [K in keyof O]: O[K] extends { type: 'string'; multiple?: false } ? K : never }[keyof O] &
  string;

/** Options that take a value (`--name VALUE`), for `CliSpec.options`. */
export function valued<const N extends string>(...names: N[]): { [K in N]: { type: 'string' } } {
  return Object.fromEntries(names.map((n) => [n, { type: 'string' }])) as { [K in N]: { type: 'string' } };
}

/** Options that are on or off (`--name`), for `CliSpec.options`. */
export function flags<const N extends string>(...names: N[]): { [K in N]: { type: 'boolean' } } {
  return Object.fromEntries(names.map((n) => [n, { type: 'boolean' }])) as { [K in N]: { type: 'boolean' } };
}

export interface CliSpec<O extends OptionsConfig> {
  /** the command as a user types it, e.g. `npm run tiles --`: starts every error line */
  name: string;
  /** the usage text (what --help prints, and what follows an error) */
  usage: string;
  options: O;
  /** positional arguments allowed (default: none; one is an error) */
  positionals?: boolean;
}

/** Where the helper writes and how it stops (the process by default; tests pass their own). */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  exit(code: number): never;
}

const processIo: CliIo = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
  exit: (code) => process.exit(code),
};

export interface Cli<O extends OptionsConfig> {
  values: Parsed<O>['values'];
  positionals: string[];
  /** One line + usage on stderr, exit 2. */
  fail(message: string): never;
  /** A string flag read as an integer ≥ `min` (default 1); undefined when absent. `_` separators allowed. */
  int(name: StringOption<O>, opts?: { min?: number }): number | undefined;
  /** A string flag read as a finite number > 0; undefined when absent. `_` separators allowed. */
  positive(name: StringOption<O>): number | undefined;
  /** A string flag that must be one of `allowed`; undefined when absent. */
  oneOf<const V extends string>(name: StringOption<O>, allowed: readonly V[]): V | undefined;
}

export function parseCli<const O extends OptionsConfig>(spec: CliSpec<O>, argv: string[] = process.argv.slice(2), io: CliIo = processIo): Cli<O> {
  const usage = spec.usage.endsWith('\n') ? spec.usage : `${spec.usage}\n`;
  const fail = (message: string): never => {
    io.err(`${spec.name}: ${message}\n${usage}`);
    return io.exit(2);
  };
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(usage);
    io.exit(0);
  }
  let parsed: Parsed<O>;
  try {
    parsed = parseArgs({ args: argv, options: spec.options, strict: true, allowPositionals: true });
  } catch (e) {
    return fail(e instanceof Error ? e.message.split('\n')[0] : String(e));
  }
  if (!spec.positionals && parsed.positionals.length > 0) fail(`unexpected argument '${parsed.positionals[0]}'`);
  const values = parsed.values as Record<string, unknown>;
  const str = (name: string): string | undefined => {
    const v = values[name];
    return typeof v === 'string' ? v : undefined;
  };
  const number = (v: string): number => (v.trim() === '' ? Number.NaN : Number(v.replace(/_/g, '')));
  return {
    values: parsed.values,
    positionals: parsed.positionals,
    fail,
    int(name, opts) {
      const v = str(name);
      if (v === undefined) return undefined;
      const min = opts?.min ?? 1;
      const n = number(v);
      if (!Number.isInteger(n) || n < min) fail(`--${name} needs an integer ≥ ${min}, got '${v}'`);
      return n;
    },
    positive(name) {
      const v = str(name);
      if (v === undefined) return undefined;
      const n = number(v);
      if (!Number.isFinite(n) || n <= 0) fail(`--${name} needs a positive number, got '${v}'`);
      return n;
    },
    oneOf(name, allowed) {
      const v = str(name);
      if (v === undefined) return undefined;
      if (!(allowed as readonly string[]).includes(v)) fail(`--${name} must be ${allowed.join(', ')}; got '${v}'`);
      return v as (typeof allowed)[number];
    },
  };
}
