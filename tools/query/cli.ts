/**
 * Area query from the command line: the same engine and output as the browser Worker.
 *
 *   npm run query -- <area.geojson | -> [--within] [--max-depth M] [--min-depth M] [--category JS,RQ]
 *                    [--format json|csv|geojson] [--data data/sample] [--crs EPSG:4545]
 *
 * --data: a dataset folder (segments.ndjson), a query.bin, a segments .ndjson, or a fixture .geojson network.
 * --crs:  CRS of the area's coordinates when they are not lon/lat (e.g. a Gauss-Krüger survey outline).
 * Output (stdout): json (default) {area, filters, totals, items}; csv (UTF-8 with BOM); geojson (area + pipes).
 * Warnings go to stderr. Bad input exits 2 (bad arguments, bad area, bad filter) or 1 (data problems) with one line on
 * stderr: "error [code]: reason".
 */
import { readFileSync } from 'node:fs';
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

export const USAGE =
  'usage: npm run query -- <area.geojson|-> [--within] [--max-depth M] [--min-depth M] [--category JS,RQ] [--format json|csv|geojson] [--data data/sample] [--crs EPSG:4545]';

function num(v: string | undefined, flag: string): number {
  if (v === undefined || v.trim() === '' || !Number.isFinite(Number(v))) throw new UsageError(`${flag} needs a number of metres, got ${v === undefined ? 'nothing' : JSON.stringify(v)}`);
  return Number(v);
}

export function parseArgs(argv: readonly string[]): CliArgs {
  let area: string | undefined;
  const options: QueryOptions = {};
  let format: CliArgs['format'] = 'json';
  let data = 'data/sample';
  let crs: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string | undefined => (inline !== undefined ? inline : argv[++i]);
    switch (flag) {
      case '--within':
        options.mode = 'within';
        break;
      case '--intersects':
        options.mode = 'intersects';
        break;
      case '--max-depth':
        options.maxDepth = num(value(), flag);
        break;
      case '--min-depth':
        options.minDepth = num(value(), flag);
        break;
      case '--category': {
        const v = value();
        if (!v) throw new UsageError('--category needs codes, e.g. JS,RQ');
        options.categories = v.split(',').map((s) => s.trim()).filter(Boolean);
        break;
      }
      case '--format': {
        const v = value();
        if (v !== 'json' && v !== 'csv' && v !== 'geojson') throw new UsageError(`--format must be json, csv or geojson, got ${String(v)}`);
        format = v;
        break;
      }
      case '--data': {
        const v = value();
        if (!v) throw new UsageError('--data needs a path');
        data = v;
        break;
      }
      case '--crs': {
        const v = value();
        if (!v) throw new UsageError('--crs needs a code, e.g. EPSG:4545');
        crs = v;
        break;
      }
      default:
        if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
        if (area !== undefined) throw new UsageError(`only one area file, got ${area} and ${a}`);
        area = a;
    }
  }
  if (area === undefined) throw new UsageError('no area file given');
  return { area, options, format, data, crs };
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

export async function run(argv: readonly string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  try {
    if (argv.includes('--help') || argv.includes('-h')) {
      out(`${USAGE}\n`);
      return 0;
    }
    const args = parseArgs(argv);
    const text = await readArea(args.area);
    const copy = await loadNetwork(args.data);
    const b = copy.bbox;
    const near: [number, number] | undefined = b ? [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2] : undefined;
    const area = parseArea(text, { crs: args.crs, near });
    const result = queryArea(copy, area, args.options);
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
    if (e instanceof NetworkError) {
      err(`error [data]: ${e.message}\n`);
      return 1;
    }
    err(`error [internal]: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}\n`);
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  void run(process.argv.slice(2), (s) => process.stdout.write(s), (s) => process.stderr.write(s)).then((code) => {
    process.exitCode = code;
  });
}
