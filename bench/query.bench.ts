/**
 * Area query on a 1,000,000-segment network. Run: `npm run bench -- query`.
 *
 * Network: data/big/segments.ndjson when present (made by `npm run data -- --segments 1000000 --out data/big`);
 * otherwise a synthetic one (seeded, said so in the output) at the generator's density (~1,500 segments per km²,
 * 550 km² for 1M). QUERY_BENCH_DENSE=1 packs 1M synthetic segments into the sample's ~20 km² instead (~50,000 per km²:
 * a stress case where a 1 km² query returns ~50k pipes). QUERY_BENCH_SYNTHETIC=1 ignores data/big;
 * QUERY_BENCH_SEGMENTS=N changes the synthetic size (for trying the bench quickly).
 *
 * Figures, each as a ratio against a baseline measured in the same run (wall and CPU time: these machines are shared):
 *   - index build: records → query copy (typed arrays + flatbush), streamed in batches as the tool does, vs
 *     @turf/geojson-rbush loading the same segments as GeoJSON features; plus the Worker's decode of query.bin.
 *   - query p50/p95 for a ~1 km² square and a 200-vertex star polygon (~1 km²) at 25 positions, vs
 *       naive: turf.booleanIntersects over every feature (timed on every 10th feature and scaled, since a full scan of
 *              the star takes minutes; the output says so), and
 *       rbush+turf: geojson-rbush search, then turf.booleanIntersects on the candidates.
 *     The engine's answers are checked against rbush+turf's on every measured polygon.
 * Targets (issue): index < 2 s, query p50 < 50 ms.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import geojsonRbush from '@turf/geojson-rbush';
import * as turf from '@turf/turf';
import type { Feature, LineString, Polygon } from 'geojson';
import { parseArea } from '../src/analysis/area';
import { queryArea } from '../src/analysis/query';
import { QueryCopyBuilder, decodeQueryCopy, encodeQueryCopy, segmentCoords } from '../src/analysis/queryCopy';
import { metresPerDegree } from '../src/domain/geodesy';
import { CATEGORY_CODES } from '../src/domain/categories';
import type { LonLat, PipeSegment } from '../src/domain/schema';
import { readSegments } from '../tools/query/network';

const N_SEGMENTS = Number(process.env.QUERY_BENCH_SEGMENTS ?? 1_000_000); // override only to try the bench quickly
const POSITIONS = 25;
const NAIVE_SAMPLE = 100_000;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const mb = (n: number): string => `${(n / 1048576).toFixed(0)} MiB`;

/** Garbage-collection time observed so far, ms (major collections of the 1M records dominate the build figures). */
let gcMs = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcMs += e.duration;
}).observe({ entryTypes: ['gc'] });
const gcSince = (start: number): string => `${(gcMs - start).toFixed(0)} ms of it garbage collection`;
/** CPU time (user + system, all threads: V8's GC helpers count too) since `start`, ms. */
const cpuMs = (start: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
};

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((s.length - 1) * p + 0.5))];
}

/**
 * Synthetic extent: the generator's rule (tools/generate/area.ts: ~1,500 segments per km² of bbox, at most 550 km²,
 * aspect 5:4, centred on Yuzhong), so the synthetic network has the density the generated one would have.
 */
function syntheticBbox(n: number): [number, number, number, number] {
  const areaKm2 = Math.min(550, Math.max(1.8, n / 1500));
  const [lon, lat] = [106.566, 29.5605];
  const wKm = Math.sqrt(areaKm2 * 1.25);
  const hKm = areaKm2 / wKm;
  const dLon = wKm / 2 / (111.32 * Math.cos((lat * Math.PI) / 180));
  const dLat = hKm / 2 / 110.57;
  return [lon - dLon, lat - dLat, lon + dLon, lat + dLat];
}
const BBOX: [number, number, number, number] = process.env.QUERY_BENCH_DENSE
  ? [106.536182, 29.541912, 106.587818, 29.578088] // data/sample extent
  : syntheticBbox(N_SEGMENTS);

function* synthesise(n: number): Generator<PipeSegment> {
  const rnd = mulberry32(20261129);
  const k = metresPerDegree(29.56);
  const subs: Record<string, string> = { JS: 'JP', PS: 'WS', RQ: 'TR', RL: 'RS', DL: 'GD', TX: 'XX', GY: 'YQ', QT: 'ZH' };
  const mats = ['QM', 'G', 'T', 'PE', 'PVC', 'ZT'];
  for (let gid = 0; gid < n; gid++) {
    let x = BBOX[0] + rnd() * (BBOX[2] - BBOX[0]);
    let y = BBOX[1] + rnd() * (BBOX[3] - BBOX[1]);
    const axis = rnd() < 0.7;
    let ang = axis ? Math.floor(rnd() * 4) * (Math.PI / 2) + (rnd() - 0.5) * 0.35 : rnd() * 2 * Math.PI;
    const coords: LonLat[] = [[x, y]];
    const nv = 2 + Math.floor(rnd() * 3);
    for (let v = 1; v < nv; v++) {
      const step = 15 + rnd() * 45;
      ang += (rnd() - 0.5) * 0.4;
      x += (step * Math.cos(ang)) / k.lon;
      y += (step * Math.sin(ang)) / k.lat;
      coords.push([Math.round(x * 1e7) / 1e7, Math.round(y * 1e7) / 1e7]);
    }
    coords[0] = [Math.round(coords[0][0] * 1e7) / 1e7, Math.round(coords[0][1] * 1e7) / 1e7];
    const cat = CATEGORY_CODES[Math.floor(rnd() * 6)];
    const box = cat === 'DL' && rnd() < 0.3;
    const d0 = 0.6 + rnd() * 3;
    yield {
      kind: 'segment', id: `${subs[cat]}-${String(gid).padStart(7, '0')}`, gid, cat, sub: subs[cat], code: '', from: '', to: '', coords,
      material: mats[Math.floor(rnd() * mats.length)], dn: box ? null : [100, 200, 300, 600, 1000][Math.floor(rnd() * 5)],
      box: box ? { w: 800, h: 600 } : null, depth0: d0, depth1: d0 + (rnd() - 0.5), ground0: 0, ground1: 0, burial: 'ZM',
      year: 1960 + Math.floor(rnd() * 65), owner: 'bench', street: null, crossing: null, pressureZone: null, pressureClass: null,
      invert0: null, invert1: null,
    };
  }
}

interface Source {
  segments: AsyncIterable<PipeSegment> | Iterable<PipeSegment>;
  expected: number;
  describe: string;
}

function openSource(): Source {
  const dir = 'data/big';
  const nd = join(dir, 'segments.ndjson');
  if (!process.env.QUERY_BENCH_SYNTHETIC && existsSync(join(dir, 'meta.json')) && existsSync(nd) && statSync(nd).size > 0) {
    const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { segmentCount: number };
    return { segments: readSegments(nd), expected: meta.segmentCount, describe: `${nd} (generator output; meta.json says ${meta.segmentCount} segments)` };
  }
  const dense = process.env.QUERY_BENCH_DENSE ? ' (dense stress case)' : '';
  return {
    segments: synthesise(N_SEGMENTS),
    expected: N_SEGMENTS,
    describe: `synthetic: ${N_SEGMENTS} seeded random segments in [${BBOX.map((v) => v.toFixed(3)).join(', ')}]${dense} (data/big ${process.env.QUERY_BENCH_SYNTHETIC ? "ignored" : "missing"})`,
  };
}

/** A polygon of `sides` vertices around (cx, cy) with area ≈ areaKm2; star = random radii (non-convex, simple). */
function polygonAt(cx: number, cy: number, sides: number, areaKm2: number, rnd: () => number, star: boolean): Polygon {
  const k = metresPerDegree(cy);
  const radii = Array.from({ length: sides }, () => (star ? 0.55 + rnd() * 0.9 : 1));
  // area of the polygon with unit mean radius scale: 1/2 Σ r_i r_{i+1} sin(2π/n)
  let unit = 0;
  for (let i = 0; i < sides; i++) unit += 0.5 * radii[i] * radii[(i + 1) % sides] * Math.sin((2 * Math.PI) / sides);
  const R = Math.sqrt((areaKm2 * 1e6) / unit);
  const ring: [number, number][] = [];
  for (let i = 0; i < sides; i++) {
    const a = (i / sides) * 2 * Math.PI + (sides === 4 ? Math.PI / 4 : 0);
    ring.push([cx + (R * radii[i] * Math.cos(a)) / k.lon, cy + (R * radii[i] * Math.sin(a)) / k.lat]);
  }
  ring.push(ring[0]);
  return { type: 'Polygon', coordinates: [ring] };
}

async function main(): Promise<void> {
  // --- index build -------------------------------------------------------------------------------------------------
  // Records are streamed into the builder in batches (as tools/query/buildQueryCopy.ts does), so the heap stays small
  // and the build is timed apart from reading and parsing. The Turf baselines get their GeoJSON features afterwards,
  // made from the copy.
  const src = openSource();
  console.log(`network: ${src.describe}`);
  const builder = new QueryCopyBuilder(src.expected);
  let addMs = 0;
  let addCpu = 0;
  let batch: PipeSegment[] = [];
  const flush = (): void => {
    const c = process.cpuUsage();
    const t0 = performance.now();
    for (const s of batch) builder.add(s);
    addMs += performance.now() - t0;
    addCpu += cpuMs(c);
    batch = [];
  };
  const tRead = performance.now();
  for await (const s of src.segments) {
    batch.push(s);
    if (batch.length === 10_000) flush();
  }
  flush();
  const readMs = performance.now() - tRead - addMs;
  gc();
  await new Promise((r) => setTimeout(r, 10)); // let the observer count that collection before we start
  let g0 = gcMs;
  let c0 = process.cpuUsage();
  let t = performance.now();
  const copy = builder.finish();
  const finishMs = performance.now() - t;
  const finishCpu = cpuMs(c0);
  const buildMs = addMs + finishMs;
  await new Promise((r) => setTimeout(r, 10));
  const finishGc = gcSince(g0);
  const buf = encodeQueryCopy(copy);
  t = performance.now();
  const decoded = decodeQueryCopy(buf);
  const decodeMs = performance.now() - t;
  if (decoded.count !== copy.count) throw new Error('decode mismatch');

  const features: Feature<LineString, { gid: number }>[] = [];
  for (let i = 0; i < copy.count; i++) features.push(turf.lineString(segmentCoords(copy, i), { gid: copy.gid[i] }));
  gc();
  await new Promise((r) => setTimeout(r, 10));
  g0 = gcMs;
  c0 = process.cpuUsage();
  t = performance.now();
  const tree = geojsonRbush<LineString, { gid: number }>();
  tree.load(features);
  const rbushMs = performance.now() - t;
  const rbushCpu = cpuMs(c0);
  await new Promise((r) => setTimeout(r, 10));
  const rbushGc = gcSince(g0);
  console.log(`\nindex build (${copy.count} segments)`);
  console.log(`  (reading + parsing the records, not counted below: ${(readMs / 1000).toFixed(1)} s)`);
  console.log(`  baseline geojson-rbush load: ${rbushMs.toFixed(0)} ms wall, ${rbushCpu.toFixed(0)} ms cpu (${rbushGc}; GeoJSON features made beforehand, not counted)`);
  console.log(`  query copy: records → typed arrays ${addMs.toFixed(0)} ms (cpu ${addCpu.toFixed(0)}) + finish (flatbush) ${finishMs.toFixed(0)} ms (cpu ${finishCpu.toFixed(0)}; ${finishGc})`);
  console.log(`    = ${buildMs.toFixed(0)} ms wall = ${(buildMs / rbushMs).toFixed(2)}× baseline, ${(addCpu + finishCpu).toFixed(0)} ms cpu = ${((addCpu + finishCpu) / rbushCpu).toFixed(2)}× baseline cpu  [target < 2000 ms]`);
  console.log(`  query.bin: ${mb(buf.byteLength)}; Worker decode ${decodeMs.toFixed(1)} ms = ${(decodeMs / rbushMs).toFixed(4)}× baseline`);

  // --- queries -----------------------------------------------------------------------------------------------------
  const rnd = mulberry32(7);
  const b = copy.bbox!;
  const margin = 0.006;
  const kinds = [
    { name: '~1 km² square (4 vertices)', sides: 4, star: false },
    { name: '~1 km² star (200 vertices)', sides: 200, star: true },
  ];
  for (const kind of kinds) {
    const polys: Polygon[] = [];
    for (let i = 0; i < POSITIONS; i++) {
      const cx = b[0] + margin + rnd() * (b[2] - b[0] - 2 * margin);
      const cy = b[1] + margin + rnd() * (b[3] - b[1] - 2 * margin);
      polys.push(polygonAt(cx, cy, kind.sides, 1, rnd, kind.star));
    }
    // warm up
    for (const p of polys.slice(0, 3)) queryArea(decoded, parseArea(p));

    const engine: number[] = [];
    const engineCpu: number[] = [];
    const counts: number[] = [];
    let candidates = 0;
    for (const p of polys) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const r = queryArea(decoded, parseArea(p));
      engine.push(performance.now() - t0);
      engineCpu.push(cpuMs(c0));
      counts.push(r.items.length);
      candidates += r.candidates;
    }
    const rb: number[] = [];
    const rbCpu: number[] = [];
    for (let i = 0; i < polys.length; i++) {
      const p = polys[i];
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const hits = tree.search(turf.feature(p)).features.filter((f) => turf.booleanIntersects(f, p));
      rb.push(performance.now() - t0);
      rbCpu.push(cpuMs(c0));
      if (hits.length !== counts[i]) throw new Error(`engine found ${counts[i]} segments, rbush+turf ${hits.length} (polygon ${i})`);
    }
    // naive: every feature through booleanIntersects
    const p0 = polys[0];
    let naiveMs: number;
    let naiveHow: string;
    const sample = Math.min(NAIVE_SAMPLE, features.length);
    const step = features.length / sample;
    const t0 = performance.now();
    for (let i = 0; i < sample; i++) turf.booleanIntersects(features[Math.floor(i * step)], p0);
    const sampleMs = performance.now() - t0;
    if (sample === features.length) {
      naiveMs = sampleMs;
      naiveHow = 'full scan';
    } else {
      naiveMs = (sampleMs * features.length) / sample;
      naiveHow = `timed on every ${step.toFixed(0)}th feature (${sample}), scaled ×${(features.length / sample).toFixed(0)}`;
    }
    const p50 = pct(engine, 0.5);
    const p95 = pct(engine, 0.95);
    console.log(`\nquery: ${kind.name}, ${POSITIONS} positions, mean ${Math.round(counts.reduce((s, c) => s + c, 0) / counts.length)} results, ${Math.round(candidates / POSITIONS)} index candidates`);
    console.log(`  baseline naive turf.booleanIntersects over all ${features.length}: ${naiveMs.toFixed(0)} ms (${naiveHow})`);
    console.log(`  baseline rbush+turf: p50 ${pct(rb, 0.5).toFixed(1)} ms, p95 ${pct(rb, 0.95).toFixed(1)} ms; cpu p50 ${pct(rbCpu, 0.5).toFixed(1)} ms (same answers as the engine on every polygon)`);
    console.log(`  engine: p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms; cpu p50 ${pct(engineCpu, 0.5).toFixed(1)} ms, p95 ${pct(engineCpu, 0.95).toFixed(1)} ms  [target p50 < 50 ms]`);
    console.log(`    p50 = ${(p50 / naiveMs).toFixed(4)}× naive (${(naiveMs / p50).toFixed(0)}× faster), = ${(p50 / pct(rb, 0.5)).toFixed(3)}× rbush+turf (${(pct(rb, 0.5) / p50).toFixed(1)}× faster); cpu p50 = ${(pct(engineCpu, 0.5) / pct(rbCpu, 0.5)).toFixed(3)}× rbush+turf cpu`);
  }
  const mem = process.memoryUsage();
  console.log(`\nmemory at end: heap ${mb(mem.heapUsed)}, array buffers ${mb(mem.arrayBuffers)}, rss ${mb(mem.rss)}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
