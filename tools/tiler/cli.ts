/**
 * `npm run tiles -- [--in data/sample] [--out public/tiles/pipes] [--max-features 4000] [--sides 8]`
 * Builds the 3D Tiles 1.1 pipe-network tileset and the id/asset sidecar from a dataset folder.
 */
import { resolve } from 'node:path';
import { InputError } from './ingest';
import { runTiler } from './tiler';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function intFlag(name: string): number | undefined {
  const v = flag(name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) {
    console.error(`tiler: ${name} needs a positive integer, got ${v}`);
    process.exit(2);
  }
  return n;
}

const inDir = resolve(flag('--in') ?? 'data/sample');
const outDir = resolve(flag('--out') ?? 'public/tiles/pipes');

runTiler({ inDir, outDir, maxFeatures: intFlag('--max-features'), sides: intFlag('--sides') }).catch((err: unknown) => {
  if (err instanceof InputError) console.error(`tiler: bad input: ${err.message}`);
  else if (err instanceof Error && 'code' in err && err.code === 'ENOENT') console.error(`tiler: ${err.message}`);
  else console.error(err);
  process.exit(1);
});
