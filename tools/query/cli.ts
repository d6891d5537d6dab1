/**
 * Area query from the command line: the same engine and output as the browser Worker.
 *
 *   npm run query -- <area.geojson | -> [--within] [--max-depth M] [--min-depth M] [--category JS,RQ]
 *                    [--format json|csv|geojson] [--data data/sample] [--crs EPSG:4545]
 *
 * --data: a dataset folder (segments.ndjson), a query.bin, a segments .ndjson, or a fixture .geojson network.
 * --crs:  CRS of the area's coordinates when they are not lon/lat (e.g. a Gauss-Krüger survey outline).
 * Output (stdout): json (default) {area, filters, totals, items}; csv (UTF-8 with BOM); geojson (area + pipes).
 * Warnings go to stderr. Bad input exits 2 (bad arguments, bad area, bad filter) or 1 (data problems), an area wholly
 * outside the data exits 3, each with one line on stderr: "error [code]: reason". Arguments: node:util parseArgs.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { parseArea } from '../../src/analysis/area';
import { isAreaError } from '../../src/analysis/errors';
import { toCsv, toGeoJson } from '../../src/analysis/export';
import { queryArea, type QueryOptions } from '../../src/analysis/query';
import { loadNetwork, NetworkError } from './network';

export class UsageError extends Error {}

export interface CliArgs {
  area: string;
  options: QueryOptions;
  format: 'json' | 'csv' | 'geojson';
  data: string;
  crs?: string;
}

export const USAGE = `usage: npm run query -- <area.geojson|-> [options]

  <area.geojson|->       the area: a Polygon/MultiPolygon GeoJSON file, or - for stdin
  --within               pipes that lie within the area (default: pipes that touch it)
  --intersects           pipes that touch the area (the default)
  --max-depth M          only pipes whose top is at most M metres deep somewhere inside the area
  --min-depth M          only pipes whose top is at least M metres deep somewhere inside the area
  --category JS,RQ       only these CJJ 61 categories
  --format json|csv|geojson   output format (default json)
  --data PATH            dataset folder, query.bin, segments .ndjson or fixture .geojson (default data/sample)
  --crs EPSG:4545        CRS of the area's coordinates when they are not longitude/latitude
  -h, --help             this text

Both --x v and --x=v work. Exit codes: 0 results printed (possibly none); 1 data problem; 2 bad arguments, area or
filter; 3 the area lies entirely outside the data (nothing printed on stdout). Errors and warnings are one line each
on stderr: "error [code]: reason".`;

const OPTIONS = {
  within: { type: 'boolean' },
  intersects: { type: 'boolean' },
  'max-depth': { type: 'string' },
  'min-depth': { type: 'string' },
  category: { type: 'string' },
  format: { type: 'string' },
  data: { type: 'string' },
  crs: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function num(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  if (v.trim() === '' || !Number.isFinite(Number(v))) throw new UsageError(`--${flag} needs a number of metres, got ${JSON.stringify(v)}`);
  return Number(v);
}

/** The command line as arguments (node:util parseArgs, strict); throws UsageError. `help` when -h/--help was given. */
export function parseCliArgs(argv: readonly string[]): CliArgs | 'help' {
  if (argv.includes('--help') || argv.includes('-h')) return 'help';
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message.split('\n')[0] : String(e));
  }
  const v = parsed.values;
  if (v.help) return 'help';
  const options: QueryOptions = {};
  if (v.within && v.intersects) throw new UsageError('--within and --intersects exclude each other');
  if (v.within) options.mode = 'within';
  if (v.intersects) options.mode = 'intersects';
  const maxDepth = num(v['max-depth'], 'max-depth');
  if (maxDepth !== undefined) options.maxDepth = maxDepth;
  const minDepth = num(v['min-depth'], 'min-depth');
  if (minDepth !== undefined) options.minDepth = minDepth;
  if (v.category !== undefined) {
    const codes = v.category.split(',').map((s) => s.trim()).filter(Boolean);
    if (codes.length === 0) throw new UsageError('--category needs codes, e.g. JS,RQ');
    options.categories = codes;
  }
  const format = v.format ?? 'json';
  if (format !== 'json' && format !== 'csv' && format !== 'geojson') throw new UsageError(`--format must be json, csv or geojson, got ${JSON.stringify(format)}`);
  if (v.data === '') throw new UsageError('--data needs a path');
  if (v.crs === '') throw new UsageError('--crs needs a code, e.g. EPSG:4545');
  const [area, ...more] = parsed.positionals;
  if (area === undefined) throw new UsageError('no area file given');
  if (more.length > 0) throw new UsageError(`only one area file, got ${area} and ${more[0]}`);
  return { area, options, format, data: v.data ?? 'data/sample', crs: v.crs };
}

async function readArea(path: string): Promise<string> {
  if (path === '-') {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

/** Thrown for an area wholly outside the network's extent (exit 3). */
class OutsideDataError extends Error {}

export async function run(argv: readonly string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  try {
    const args = parseCliArgs(argv);
    if (args === 'help') {
      out(`${USAGE}\n`);
      return 0;
    }
    const text = await readArea(args.area);
    const copy = await loadNetwork(args.data);
    const b = copy.bbox;
    const near: [number, number] | undefined = b ? [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2] : undefined;
    const area = parseArea(text, { crs: args.crs, near });
    const result = queryArea(copy, area, args.options);
    const outside = result.warnings.find((w) => w.code === 'outside-data');
    if (outside) throw new OutsideDataError(outside.en);
    for (const w of result.warnings) err(`warning [${w.code}]: ${w.en}\n`);
    if (args.format === 'csv') out(toCsv(result));
    else if (args.format === 'geojson') out(`${JSON.stringify(toGeoJson(result, copy))}\n`);
    else out(`${JSON.stringify({ area: result.area, filters: result.filters, totals: result.totals, items: result.items }, null, 2)}\n`);
    return 0;
  } catch (e) {
    if (isAreaError(e)) {
      err(`error [${e.code}]: ${e.message}\n`);
      return 2;
    }
    if (e instanceof UsageError) {
      err(`error [usage]: ${e.message}\n`);
      return 2;
    }
    if (e instanceof OutsideDataError) {
      err(`error [outside-data]: ${e.message}\n`);
      return 3;
    }
    if (e instanceof NetworkError) {
      err(`error [data]: ${e.message}\n`);
      return 1;
    }
    err(`error [internal]: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}\n`);
    return 1;
  }
}

/** `npm run query … | head`: the reader went away; stop quietly (what a Unix filter does), not with a stack trace. */
function exitQuietlyOnEpipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  exitQuietlyOnEpipe(process.stdout);
  void run(process.argv.slice(2), (s) => process.stdout.write(s), (s) => process.stderr.write(s)).then((code) => {
    process.exitCode = code;
  });
}
