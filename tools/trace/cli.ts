/**
 * Network traces from the command line, with the engine the viewer's Worker uses (src/analysis/network/):
 *
 *   npm run trace -- isolate <pipe-id> [--stuck V1,V2]
 *   npm run trace -- upstream|downstream <pipe-or-node-id>
 *   npm run trace -- catchment <outfall-id>
 *   npm run trace -- section <section-id> [--within M]
 *   options: --data DIR (dataset folder, default data/sample) | --network FILE (a network.bin), --format json|csv
 *
 * JSON prints the result object exactly as the Worker returns it; CSV the export the viewer downloads. An unknown id
 * or an asset of the wrong kind prints one line (English, then Chinese) on stderr and exits 1.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { decodeNetwork } from '../../src/analysis/network/codec';
import { NetworkEngine } from '../../src/analysis/network/engine';
import { isNetworkError } from '../../src/analysis/network/errors';
import { exportNetworkResult } from '../../src/analysis/network/export';
import type { NetworkData } from '../../src/analysis/network/model';
import type { NetworkResult } from '../../src/analysis/network/types';
import { parseCli, valued, type CliIo } from '../cli';
import { loadNetwork } from '../network/buildNetwork';

const USAGE = `usage: npm run trace -- <command> <id> [options]

commands:
  isolate <pipe-id> [--stuck V1,V2]   valves to close around a water / gas / heat pipe (or the first pipe at a node),
                                      isolated pipes, secondary outage, customers
  upstream <id> | downstream <id>     gravity trace from a drainage pipe or node
  catchment <outfall-id>              everything draining into an outfall, its sensors and outline
  section <section-id> [--within M]   outfalls upstream of a river section within M metres (default 5000) and their catchments

options:
  --data DIR        dataset folder (default data/sample)
  --network FILE    read a network file (network.bin) instead of the dataset
  --format json|csv output (default json)
  -h, --help`;

const COMMANDS = ['isolate', 'upstream', 'downstream', 'catchment', 'section'] as const;
type Command = (typeof COMMANDS)[number];

const processIo: CliIo = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
  exit: (code) => process.exit(code),
};

/** Runs one command; returns the exit code (0, 1 for an engine error). Bad usage exits 2 through parseCli. */
export function runTrace(argv: string[], io: CliIo = processIo, load?: () => NetworkData): number {
  const cli = parseCli({ name: 'npm run trace --', usage: USAGE, positionals: true, options: valued('data', 'network', 'format', 'stuck', 'within') }, argv, io);
  const [command, id, extra] = cli.positionals;
  if (!command) return cli.fail('a command is needed');
  if (!(COMMANDS as readonly string[]).includes(command)) return cli.fail(`unknown command '${command}'`);
  if (!id) return cli.fail(`${command} needs an id`);
  if (extra !== undefined) return cli.fail(`unexpected argument '${extra}'`);
  const format = cli.oneOf('format', ['json', 'csv']) ?? 'json';
  const within = cli.positive('within');
  if (cli.values.stuck !== undefined && command !== 'isolate') return cli.fail('--stuck applies to isolate only');
  if (within !== undefined && command !== 'section') return cli.fail('--within applies to section only');
  const stuck = cli.values.stuck?.split(',').map((s) => s.trim()).filter(Boolean);
  const net = load
    ? load()
    : cli.values.network
      ? decodeNetwork(new Uint8Array(readFileSync(cli.values.network)).buffer)
      : loadNetwork(cli.values.data ?? 'data/sample');
  const engine = new NetworkEngine(net);
  let result: NetworkResult;
  try {
    result = run(engine, command as Command, id, stuck, within);
  } catch (e) {
    if (isNetworkError(e)) {
      io.err(`trace: ${e.info.en} ${e.info.zh}\n`);
      return 1;
    }
    throw e;
  }
  io.out(format === 'csv' ? exportNetworkResult(result, net, 'csv').text : `${JSON.stringify(result, null, 2)}\n`);
  return 0;
}

function run(engine: NetworkEngine, command: Command, id: string, stuck: string[] | undefined, within: number | undefined): NetworkResult {
  switch (command) {
    case 'isolate':
      return engine.isolate(id, { stuck });
    case 'upstream':
    case 'downstream':
      return engine.trace(command, id);
    case 'catchment':
      return engine.catchment(id);
    case 'section':
      return engine.sectionOutfalls(id, { withinM: within });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    process.exitCode = runTrace(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`trace: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  }
}
