/**
 * `npm run tiles -- [--in data/sample] [--out public/tiles/pipes] [--max-features 4000] [--sides 6]
 *                   [--meshopt khr|ext|none] [--plain] [--workers N]`
 * Builds the 3D Tiles 1.1 pipe-network tileset and the id/asset sidecar from a dataset folder.
 *   --meshopt  khr: KHR_meshopt_compression, v1 vertex codec (default, smallest); ext: EXT_meshopt_compression (v0);
 *              none: quantised but uncompressed
 *   --plain    float positions and normals, no compression (for inspection)
 *   --workers  threads building tile content (default: up to 4, by CPU count; 0 = main thread)
 */
import { resolve } from 'node:path';
import { DEFAULT_ENCODING, PLAIN_ENCODING, type ContentEncoding } from './content';
import { InputError } from './ingest';
import { runTiler } from './tiler';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function intFlag(name: string, zeroOk = false): number | undefined {
  const v = flag(name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < (zeroOk ? 0 : 1)) {
    console.error(`tiler: ${name} needs a ${zeroOk ? 'non-negative' : 'positive'} integer, got ${v}`);
    process.exit(2);
  }
  return n;
}

const inDir = resolve(flag('--in') ?? 'data/sample');
const outDir = resolve(flag('--out') ?? 'public/tiles/pipes');

const meshopt = flag('--meshopt') ?? 'khr';
if (!['ext', 'khr', 'none'].includes(meshopt)) {
  console.error(`tiler: --meshopt must be ext, khr or none, got ${meshopt}`);
  process.exit(2);
}
const encoding: ContentEncoding =
  meshopt === 'none'
    ? { ...DEFAULT_ENCODING, compress: false }
    : { ...DEFAULT_ENCODING, meshopt: meshopt === 'ext' ? 'EXT_meshopt_compression' : 'KHR_meshopt_compression' };
if (process.argv.includes('--plain')) Object.assign(encoding, PLAIN_ENCODING);
const workers = intFlag('--workers', true);

runTiler({
  inDir,
  outDir,
  maxFeatures: intFlag('--max-features'),
  sides: intFlag('--sides'),
  encoding,
  workers,
}).catch((err: unknown) => {
  if (err instanceof InputError) console.error(`tiler: bad input: ${err.message}`);
  else if (err instanceof Error && 'code' in err && err.code === 'ENOENT') console.error(`tiler: ${err.message}`);
  else console.error(err);
  process.exit(1);
});
