/**
 * `npm run tiles -- [options]`: builds the 3D Tiles 1.1 pipe-network tileset and the id/asset sidecar from a dataset
 * folder. Options in USAGE below (`npm run tiles -- --help`).
 */
import { resolve } from 'node:path';
import { flags, parseCli, valued } from '../cli';
import { DatasetError } from '../dataset/read';
import { DEFAULT_ENCODING, PLAIN_ENCODING, type ContentEncoding } from './content';
import { runTiler } from './tiler';

const USAGE = `usage: npm run tiles -- [--in DIR] [--out DIR] [--max-features N] [--sides N] [--meshopt khr|ext|none] [--plain] [--workers N]
  --in DIR          dataset folder (default data/sample)
  --out DIR         tileset folder (default public/tiles/pipes)
  --max-features N  features per tile before it splits (default 4000)
  --sides N         sides of a pipe's tube (default 6)
  --meshopt M       khr: KHR_meshopt_compression, v1 vertex codec (default, smallest); ext: EXT_meshopt_compression
                    (v0); none: quantised but uncompressed
  --plain           float positions and normals, no compression (for inspection)
  --workers N       threads building tile content (default: up to 4, by CPU count; 0 = main thread)
  -h, --help        this text`;

const cli = parseCli({
  name: 'tiler',
  usage: USAGE,
  options: { ...valued('in', 'out', 'max-features', 'sides', 'meshopt', 'workers'), ...flags('plain') },
});

const meshopt = cli.oneOf('meshopt', ['khr', 'ext', 'none']) ?? 'khr';
const encoding: ContentEncoding =
  meshopt === 'none'
    ? { ...DEFAULT_ENCODING, compress: false }
    : { ...DEFAULT_ENCODING, meshopt: meshopt === 'ext' ? 'EXT_meshopt_compression' : 'KHR_meshopt_compression' };
if (cli.values.plain) Object.assign(encoding, PLAIN_ENCODING);

runTiler({
  inDir: resolve(cli.values.in ?? 'data/sample'),
  outDir: resolve(cli.values.out ?? 'public/tiles/pipes'),
  maxFeatures: cli.int('max-features'),
  sides: cli.int('sides'),
  encoding,
  workers: cli.int('workers', { min: 0 }),
}).catch((err: unknown) => {
  if (err instanceof DatasetError) console.error(`tiler: bad input: ${err.message}`);
  else if (err instanceof Error && 'code' in err && err.code === 'ENOENT') console.error(`tiler: ${err.message}`);
  else console.error(err);
  process.exit(1);
});
