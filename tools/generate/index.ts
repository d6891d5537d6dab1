/**
 * Deterministic synthetic dataset for the Chongqing main urban area: `generateDataset({ segments, seed, outDir })`
 * writes the file set of src/domain/schema.ts and returns its meta. Same seed and size → byte-identical files.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CategoryCode, DatasetMeta } from '../../src/domain/schema';
import { areaFor, DISTRICTS, districtOf, groundAt, regionOf, REGIONS, type Region } from './area';
import { dist, LocalFrame, round, type XY } from './geo';
import {
  labelsGeoJSON, outfallsGeoJSON, projectsGeoJSON, riversGeoJSON, sectionsGeoJSON, streetsGeoJSON, type OverlayInput,
} from './overlays';
import { MinHeap } from './heap';
import { buildInletMeters } from './inletMeters';
import type { PipeNetwork } from './network';
import { buildPipes } from './pipes';
import { buildRiver, RIVERS, WaterIndex } from './rivers';
import { buildSensors } from './sensors';
import { buildStreets, type Street, type StreetNet } from './streets';
import { writeJSON, writeNodes, writeSegments } from './write';
import { buildAdminUnits, writeAdminIndex } from './adminUnits';

export interface GenerateOptions {
  segments: number;
  seed: number;
  outDir: string;
  /** progress lines (default: none) */
  log?: (line: string) => void;
}

export const DEFAULT_SEED = 20261129;
export const DEFAULT_SEGMENTS = 30000;

/** Expected pipe segments per metre of street, by class (measured on generated data; used to size the network). */
const RATE: Record<string, number> = { arterial: 0.2, secondary: 0.16, local: 0.12, bridge: 0.04 };

function estimate(net: StreetNet, edges: readonly number[] = net.edges.map((_, i) => i)): number {
  let s = 0;
  for (const i of edges) {
    const e = net.edges[i];
    s += dist(net.nodes[e.a].xy, net.nodes[e.b].xy) * RATE[e.cls] + 1.5;
  }
  return s;
}

/**
 * Keep the part of the street network nearest (along the streets) to the start nodes until it carries about `target`
 * segments; streets broken by the cut are split into their remaining pieces.
 */
function trimNetwork(net: StreetNet, starts: number[], target: number): StreetNet {
  const N = net.nodes.length;
  const adj: { e: number; to: number }[][] = Array.from({ length: N }, () => []);
  net.edges.forEach((e, ei) => {
    adj[e.a].push({ e: ei, to: e.b });
    adj[e.b].push({ e: ei, to: e.a });
  });
  const d = new Float64Array(N).fill(Infinity);
  const heap = new MinHeap();
  for (const s of starts) {
    d[s] = 0;
    heap.push(0, s);
  }
  const keep = new Uint8Array(net.edges.length);
  const settled = new Uint8Array(N);
  let est = 0;
  while (heap.size && est < target) {
    const [du, u] = heap.pop();
    if (settled[u] || du > d[u]) continue;
    settled[u] = 1;
    // an edge joins the kept network once both its ends are reached
    for (const { e, to } of adj[u]) {
      if (settled[to] && !keep[e]) {
        keep[e] = 1;
        est += estimate(net, [e]);
      }
      const nd = du + dist(net.nodes[u].xy, net.nodes[to].xy);
      if (nd < d[to]) {
        d[to] = nd;
        heap.push(nd, to);
      }
    }
  }
  const edges: StreetNet['edges'] = [];
  const streets: Street[] = [];
  for (const s of net.streets) {
    let piece: number[] = [];
    const flush = (): void => {
      if (piece.length) streets.push({ ...s, id: '', edges: piece });
      piece = [];
    };
    for (const ei of s.edges) {
      if (!keep[ei]) {
        flush();
        continue;
      }
      edges.push({ ...net.edges[ei], street: streets.length });
      piece.push(edges.length - 1);
    }
    flush();
  }
  streets.forEach((s, i) => {
    s.id = `ST-${String(i + 1).padStart(5, '0')}`;
  });
  const used = new Uint8Array(N);
  for (const e of edges) used[e.a] = used[e.b] = 1;
  return { ...net, edges, streets, crossingSites: net.crossingSites.filter((c) => used[c.a] && used[c.b]) };
}

/** The area being generated: its lon/lat box, the local metric frame, the rivers and fast per-point lookups. */
interface Site {
  frame: LocalFrame;
  water: WaterIndex;
  /** [west, south, east, north] of the area, degrees */
  area: [number, number, number, number];
  /** the same box in local metres [x0, y0, x1, y1] */
  box: [number, number, number, number];
  centre: XY;
  region: (p: XY) => Region;
  district: (p: XY) => string;
  ground: (p: XY) => number;
}

/**
 * The dataset in named steps, each reading the previous ones' outputs:
 *  1. site: area, local frame, rivers, region / district / ground lookups;
 *  2. streets: a street network sized for the target, trimmed around the centre for small targets;
 *  3. pipes: every category along the streets (pipes.ts);
 *  4. bbox of the network;
 *  5. files: segments and nodes, overlays, sensors, meta.json.
 */
export async function generateDataset(opts: GenerateOptions): Promise<DatasetMeta> {
  const t0 = Date.now();
  const log = opts.log ?? ((): void => undefined);
  const target = Math.max(100, Math.round(opts.segments));
  const seed = opts.seed >>> 0;

  const site = buildSite(target, seed);
  const { net, spacing } = sizeStreets(site, target, seed, log);
  log(`streets: ${net.streets.length} streets, ${net.edges.length} edges, spacing ${spacing.toFixed(0)} m (${Date.now() - t0} ms)`);

  const pn = buildPipes({
    net, water: site.water, seed, ground: site.ground, district: site.district, heatCentre: site.frame.toXY([106.585, 29.5735]), log,
  });
  pn.finalize();
  log(`pipes: ${pn.segs.length} segments, ${pn.nodes.length} nodes (${Date.now() - t0} ms)`);

  const bbox = networkBbox(pn, site);
  const out = opts.outDir;
  mkdirSync(out, { recursive: true });
  await writeSegments(join(out, 'segments.ndjson'), pn, site.frame);
  await writeNodes(join(out, 'nodes.ndjson'), pn, site.frame);
  log(`wrote segments.ndjson, nodes.ndjson (${Date.now() - t0} ms)`);
  const sensors = writeOverlaysAndSensors(out, { frame: site.frame, water: site.water, net, pn, bbox, seed, district: site.district }, target);
  const meta = datasetMeta(pn, seed, bbox);
  writeJSON(join(out, 'meta.json'), meta, true);
  // administrative units over the network's bbox, and the dataset placed in their grids (docs/admin-units.md)
  writeJSON(join(out, 'admin.geojson'), buildAdminUnits({ frame: site.frame, bbox, district: site.district }));
  const admin = writeAdminIndex(out);
  log(`admin units: ${admin.grids} grids, ${admin.placed} of ${admin.assets} monitored assets and sections placed`);
  log(`done: ${pn.segs.length} segments, ${pn.nodes.length} nodes, ${sensors} sensors in ${Date.now() - t0} ms`);
  return meta;
}

/** Step 1: the area for the target size, its frame and rivers, and cached region / district / ground lookups. */
function buildSite(target: number, seed: number): Site {
  const area = areaFor(target);
  const frame = new LocalFrame(area.centre[0], area.centre[1]);
  const rivers = RIVERS.map((def, i) => buildRiver(def, frame, seed + 17 * (i + 1)));
  const water = new WaterIndex(rivers);
  const [w, s, e, n] = area.bbox;
  const sw = frame.toXY([w, s]);
  const ne = frame.toXY([e, n]);
  const box: [number, number, number, number] = [sw[0], sw[1], ne[0], ne[1]];
  water.useRaster(box);
  // region per 10 m cell of the box, filled lazily (points within metres of a region border are never on land)
  const RCELL = 10;
  const rnx = Math.ceil((box[2] - box[0]) / RCELL) + 1;
  const rny = Math.ceil((box[3] - box[1]) / RCELL) + 1;
  const rgrid = new Int8Array(rnx * rny).fill(-1);
  const region = (p: XY): Region => {
    const ix = Math.round((p[0] - box[0]) / RCELL);
    const iy = Math.round((p[1] - box[1]) / RCELL);
    if (ix < 0 || iy < 0 || ix >= rnx || iy >= rny) return regionOf(water, p);
    const i = iy * rnx + ix;
    if (rgrid[i] < 0) rgrid[i] = REGIONS.indexOf(regionOf(water, [box[0] + ix * RCELL, box[1] + iy * RCELL]));
    return REGIONS[rgrid[i]];
  };
  // district per 25 m cell of the box, filled lazily (district borders are rules on position and river side)
  const DCELL = 25;
  const dnx = Math.ceil((box[2] - box[0]) / DCELL) + 1;
  const dny = Math.ceil((box[3] - box[1]) / DCELL) + 1;
  const dkeys = Object.keys(DISTRICTS);
  const dgrid = new Int8Array(dnx * dny).fill(-1);
  const district = (p: XY): string => {
    const ix = Math.floor((p[0] - box[0]) / DCELL);
    const iy = Math.floor((p[1] - box[1]) / DCELL);
    if (ix < 0 || iy < 0 || ix >= dnx || iy >= dny) return districtOf(region(p), frame.toLonLat(p));
    const i = iy * dnx + ix;
    if (dgrid[i] < 0) {
      const c: XY = [box[0] + (ix + 0.5) * DCELL, box[1] + (iy + 0.5) * DCELL];
      dgrid[i] = dkeys.indexOf(districtOf(region(c), frame.toLonLat(c)));
    }
    return dkeys[dgrid[i]];
  };
  const ground = (p: XY): number => round(groundAt(seed, p, water.landDist(p)), 2);
  return { frame, water, area: area.bbox, box, centre: frame.toXY(area.centre), region, district, ground };
}

/**
 * Step 2: streets at a spacing that carries about `target` segments (a first guess from the land share, then up to
 * four corrections); when even the widest spacing carries too many, the part nearest the centre.
 */
function sizeStreets(site: Site, target: number, seed: number, log: (line: string) => void): { net: StreetNet; spacing: number } {
  const { frame, water, box } = site;
  // land share of the box (grid sample) → first guess of the street spacing
  let land = 0;
  const K = 40;
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      const p: XY = [box[0] + ((box[2] - box[0]) * (i + 0.5)) / K, box[1] + ((box[3] - box[1]) * (j + 0.5)) / K];
      if (water.landDist(p) > 60) land++;
    }
  }
  const landM2 = ((box[2] - box[0]) * (box[3] - box[1]) * land) / (K * K);
  const streetLenNeeded = target / 0.14;
  // beyond ~150 m blocks stop looking like a city: small datasets keep city blocks and are trimmed to size instead
  const hMax = target < 20000 ? 150 : 220;
  let h = Math.min(hMax, Math.max(70, (1.6 * landM2) / streetLenNeeded));
  let net = buildStreets({ frame, water, regionOf: site.region, box, spacing: h, seed });
  let est = estimate(net);
  for (let it = 0; it < 4 && Math.abs(est / target - 1) > 0.06; it++) {
    const h2 = Math.min(hMax, Math.max(60, h * Math.pow(est / target, 0.9)));
    if (Math.abs(h2 - h) < 1) break;
    h = h2;
    net = buildStreets({ frame, water, regionOf: site.region, box, spacing: h, seed });
    est = estimate(net);
    log(`streets: spacing ${h.toFixed(0)} m → ${net.edges.length} edges, ~${Math.round(est)} segments expected`);
  }
  if (est > target * 1.08) {
    net = trimNetwork(net, trimStarts(net, site.centre), target);
    est = estimate(net);
    log(`streets: trimmed around the centre to ${net.edges.length} edges, ~${Math.round(est)} segments expected`);
  }
  return { net, spacing: h };
}

/** Where a trimmed network grows from: both ends of the bridge nearest the centre, else the node nearest it. */
function trimStarts(net: StreetNet, c: XY): number[] {
  let start = 0;
  net.nodes.forEach((nd, i) => {
    if (dist(nd.xy, c) < dist(net.nodes[start].xy, c)) start = i;
  });
  let starts = [start];
  let bestBridge = 1500;
  for (const ed of net.edges) {
    if (ed.cls !== 'bridge') continue;
    const a = net.nodes[ed.a].xy;
    const b = net.nodes[ed.b].xy;
    const dm = dist([(a[0] + b[0]) / 2, (a[1] + b[1]) / 2], c);
    if (dm < bestBridge) {
      bestBridge = dm;
      starts = [ed.a, ed.b];
    }
  }
  return starts;
}

/** Step 4: the network's extent plus a 120 m margin, inside the area, degrees rounded to 1e-6. */
function networkBbox(pn: PipeNetwork, site: Site): [number, number, number, number] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const grow = (x: number, y: number): void => {
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  };
  for (const nd of pn.nodes) grow(nd.xy[0], nd.xy[1]);
  for (const sg of pn.segs) for (let i = 0; i < sg.coords.length; i += 2) grow(sg.coords[i], sg.coords[i + 1]);
  const lo = site.frame.toLonLat([minX - 120, minY - 120]);
  const hi = site.frame.toLonLat([maxX + 120, maxY + 120]);
  const r6 = (v: number): number => Math.round(v * 1e6) / 1e6;
  const [w, s, e, n] = site.area;
  return [r6(Math.max(w, lo[0])), r6(Math.max(s, lo[1])), r6(Math.min(e, hi[0])), r6(Math.min(n, hi[1]))];
}

/** Step 5b: the overlay files and sensors.json. Returns the number of sensors. */
function writeOverlaysAndSensors(out: string, inp: OverlayInput, target: number): number {
  const sections = sectionsGeoJSON(inp);
  writeJSON(join(out, 'rivers.geojson'), riversGeoJSON(inp));
  writeJSON(join(out, 'streets.geojson'), streetsGeoJSON(inp));
  writeJSON(join(out, 'sections.geojson'), sections);
  writeJSON(join(out, 'projects.geojson'), projectsGeoJSON(inp));
  writeJSON(join(out, 'outfalls.geojson'), outfallsGeoJSON(inp, inp.pn.segs.length));
  writeJSON(join(out, 'labels.geojson'), labelsGeoJSON(inp));
  const sensors = buildSensors(inp.pn, sections.features.map((f) => f.properties.id), inp.seed, target);
  // step 5c: a flow meter at every sub-zone inlet of the water model (reads segments/nodes.ndjson, written before)
  sensors.push(...buildInletMeters(out));
  writeJSON(join(out, 'sensors.json'), sensors);
  return sensors.length;
}

/** Step 5c: meta.json — counts per category, and a generation time derived from the seed, not the clock. */
function datasetMeta(pn: PipeNetwork, seed: number, bbox: [number, number, number, number]): DatasetMeta {
  const categories: DatasetMeta['categories'] = {};
  const bump = (c: CategoryCode, k: 'segments' | 'nodes'): void => {
    const v = (categories[c] ??= { segments: 0, nodes: 0 });
    v[k]++;
  };
  for (const sg of pn.segs) bump(sg.cat, 'segments');
  for (const nd of pn.nodes) bump(nd.cat, 'nodes');
  return {
    name: `Chongqing main urban area (synthetic, ${pn.segs.length} segments)`,
    seed,
    // derived from the seed, not the clock, so files are byte-identical for a seed
    generatedAt: new Date(Date.UTC(2025, 0, 1) + (seed % 31_536_000) * 1000).toISOString(),
    synthetic: true,
    heightMode: 'ellipsoid',
    bbox,
    segmentCount: pn.segs.length,
    nodeCount: pn.nodes.length,
    categories,
    ...(pn.networkCounts ? { network: pn.networkCounts } : {}),
  };
}
