/**
 * Write the query copy (src/analysis/queryCopy.ts) of a dataset: segments.ndjson → query.bin.
 *
 *   tsx tools/query/buildQueryCopy.ts [--data data/sample] [--out public/tiles/pipes/query.bin]   (--help; tools/cli.ts)
 *
 * For tools/prepare.ts: `await writeQueryCopy('data/sample/segments.ndjson', 'public/tiles/pipes/query.bin')`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { encodeQueryCopy } from '../../src/analysis/queryCopy';
import { parseCli } from '../cli';
import { buildFromNdjson } from './network';

export interface QueryCopyStats {
  segments: number;
  bytes: number;
  ms: number;
}

/** Build and write query.bin from a segments.ndjson file. */
export async function writeQueryCopy(segmentsNdjson: string, outFile: string): Promise<QueryCopyStats> {
  const t0 = performance.now();
  const copy = await buildFromNdjson(segmentsNdjson);
  const buf = encodeQueryCopy(copy);
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, new Uint8Array(buf));
  return { segments: copy.count, bytes: buf.byteLength, ms: performance.now() - t0 };
}

const USAGE = `usage: tsx tools/query/buildQueryCopy.ts [--data DIR|FILE.ndjson] [--out FILE]

  --data   dataset folder with segments.ndjson, or the .ndjson itself (default data/sample)
  --out    where to write the query copy (default public/tiles/pipes/query.bin)
  -h, --help`;

async function main(argv: string[]): Promise<void> {
  const cli = parseCli({ name: 'buildQueryCopy', usage: USAGE, options: { data: { type: 'string' }, out: { type: 'string' } } }, argv);
  const data = cli.values.data ?? 'data/sample';
  const out = cli.values.out ?? 'public/tiles/pipes/query.bin';
  const src = data.endsWith('.ndjson') ? data : join(data, 'segments.ndjson');
  const s = await writeQueryCopy(src, out);
  process.stdout.write(`query copy: ${s.segments} segments, ${(s.bytes / 1048576).toFixed(1)} MiB → ${out} (${Math.round(s.ms)} ms)\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
