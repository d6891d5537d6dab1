/**
 * Build the network file (src/analysis/network/codec.ts) of a dataset: nodes.ndjson + segments.ndjson + sensors.json
 * + outfalls / rivers / sections GeoJSON → network.bin, beside query.bin in the tiles folder. A file of its own
 * (rather than deriving the graph from query.bin) because the query copy holds segments only: the graph needs the
 * nodes (valves, their states, sources, meters, outfalls), the segments' ends and inverts, and the river tables.
 *
 *   tsx tools/network/buildNetwork.ts [--data data/sample] [--out public/tiles/pipes/network.bin]   (--help)
 *
 * From code: `loadNetwork(dir)` → NetworkData (the CLI, bench and tests use it); `writeNetworkFile(dir, out)`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { encodeNetwork } from '../../src/analysis/network/codec';
import { NetworkBuilder, type CentrelineRec, type NetworkData, type SectionRec } from '../../src/analysis/network/model';
import { defaultThresholds, resolveLimits } from '../../src/domain/thresholds';
import type { LonLat, PipeNode, PipeSegment, SensorDef } from '../../src/domain/schema';
import { parseCli } from '../cli';
import { forEachRecord } from '../dataset/read';

interface GeoJsonFC {
  features: { geometry: { type: string; coordinates: unknown } | null; properties: Record<string, unknown> | null }[];
}

function readFC(path: string): GeoJsonFC {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as GeoJsonFC) : { features: [] };
}

/** Reads a dataset folder into the engine's typed arrays. */
export function loadNetwork(dir: string): NetworkData {
  const b = new NetworkBuilder();
  forEachRecord<PipeNode>(join(dir, 'nodes.ndjson'), (n) => b.addNode(n));
  forEachRecord<PipeSegment>(join(dir, 'segments.ndjson'), (s) => b.addSegment(s));
  const thresholds = defaultThresholds();
  const sensorsPath = join(dir, 'sensors.json');
  const sensorDefs = existsSync(sensorsPath) ? (JSON.parse(readFileSync(sensorsPath, 'utf8')) as SensorDef[]) : [];
  const sensors = sensorDefs.map((d) => ({
    sensor: d.sensor,
    asset: d.asset,
    metric: d.metric,
    alarmCapable: resolveLimits(thresholds, { ...d, asset: d.asset, metric: d.metric }) !== null,
  }));
  const outfalls = readFC(join(dir, 'outfalls.geojson')).features.map((f) => ({ id: String(f.properties?.id), river: String(f.properties?.river ?? '') }));
  const centrelines: CentrelineRec[] = readFC(join(dir, 'rivers.geojson'))
    .features.filter((f) => f.properties?.kind === 'centreline' && f.geometry?.type === 'LineString')
    .map((f) => ({ river: String(f.properties?.river), coords: f.geometry?.coordinates as LonLat[] }));
  const sections: SectionRec[] = readFC(join(dir, 'sections.geojson'))
    .features.filter((f) => f.geometry?.type === 'LineString')
    .map((f) => ({
      id: String(f.properties?.id), name: String(f.properties?.name ?? ''), nameEn: String(f.properties?.nameEn ?? ''),
      river: String(f.properties?.river ?? ''), coords: f.geometry?.coordinates as LonLat[],
    }));
  return b.finish({ sensors, outfalls, centrelines, sections });
}

export interface NetworkFileStats {
  segments: number;
  nodes: number;
  bytes: number;
  ms: number;
}

export function writeNetworkFile(dir: string, outFile: string): NetworkFileStats {
  const t0 = performance.now();
  const net = loadNetwork(dir);
  const buf = encodeNetwork(net);
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, new Uint8Array(buf));
  return { segments: net.segmentCount, nodes: net.nodeCount, bytes: buf.byteLength, ms: performance.now() - t0 };
}

const USAGE = `usage: tsx tools/network/buildNetwork.ts [--data DIR] [--out FILE]

  --data   dataset folder (default data/sample)
  --out    where to write the network file (default public/tiles/pipes/network.bin)
  -h, --help`;

function main(argv: string[]): void {
  const cli = parseCli({ name: 'buildNetwork', usage: USAGE, options: { data: { type: 'string' }, out: { type: 'string' } } }, argv);
  const data = cli.values.data ?? 'data/sample';
  const out = cli.values.out ?? 'public/tiles/pipes/network.bin';
  const s = writeNetworkFile(data, out);
  process.stdout.write(`network: ${s.segments} segments, ${s.nodes} nodes, ${(s.bytes / 1048576).toFixed(1)} MiB → ${out} (${Math.round(s.ms)} ms)\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
}
