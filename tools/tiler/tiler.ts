/**
 * The tiler: a dataset folder (src/domain/schema.ts) → a 3D Tiles 1.1 tileset of the pipe network, plus ids.txt
 * and the assets sidecar.
 *
 *  1. ingest: stream the NDJSON into typed-array stores, writing the assets chunks on the way;
 *  2. partition: explicit quadtree, ≤ maxFeatures assets per leaf (each asset in exactly one leaf);
 *  3. LOD (lod.ts): leaves hold solids, inner tiles the centrelines of their most important segments; refine REPLACE;
 *  4. content: one glb per tile (content.ts), built on worker threads, quantised and meshopt-compressed;
 *  5. tileset.json: every tile has its own ENU frame (`transform`) and a tight `box` in it, from the content.
 */
import { availableParallelism } from 'node:os';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_ENCODING, GENERATOR, type ContentEncoding } from './content';
import { enuToEcef } from './geodesy';
import { initMeshopt } from './glb';
import { idsText } from './ids';
import { ingest, type Log } from './ingest';
import type { JobResult, TileJob } from './jobs';
import { DEFAULT_LOD, segmentPriority, selectLines, type LodOptions } from './lod';
import { runJobs } from './pool';
import { anchors, buildQuadtree, type QuadNode } from './quadtree';
import { DEFAULT_CHUNK_SIZE, SidecarWriter } from './sidecar';
import { shareDataset } from './store';
import { Aabb, encloseChildren, toTileJson, type TileRec, type TilesetJson } from './tileset';

export interface TilerOptions {
  inDir: string;
  outDir: string;
  /** most assets in one leaf tile */
  maxFeatures?: number;
  /** widest leaf cell, metres */
  maxLeafSize?: number;
  maxDepth?: number;
  /** radial sides of round pipes and cylinders */
  sides?: number;
  chunkSize?: number;
  lod?: Partial<LodOptions>;
  encoding?: ContentEncoding;
  /** worker threads for building tile content; 0 builds in this thread */
  workers?: number;
  log?: Log;
}

export interface TilerResult {
  segments: number;
  nodes: number;
  tiles: number;
  contentTiles: number;
  leafTiles: number;
  maxFeaturesInLeaf: number;
  vertices: number;
  triangles: number;
  lines: number;
  bytes: { content: number; tileset: number; ids: number; assets: number };
  seconds: { read: number; content: number; total: number };
}

function diagonal(b: Aabb): number {
  return b.empty ? 0 : Math.hypot(b.max[0] - b.min[0], b.max[1] - b.min[1], b.max[2] - b.min[2]);
}

export function contentUri(level: number, x: number, y: number): string {
  return `content/${level}/${x}_${y}.glb`;
}

export async function runTiler(opts: TilerOptions): Promise<TilerResult> {
  const t0 = performance.now();
  const log = opts.log ?? ((l: string) => console.log(l));
  const maxFeatures = opts.maxFeatures ?? 4000;
  const maxDepth = opts.maxDepth ?? 16;
  const sides = opts.sides ?? 6;
  const lod: LodOptions = { ...DEFAULT_LOD, ...opts.lod };
  const encoding = opts.encoding ?? DEFAULT_ENCODING;
  let workers = opts.workers;
  const out = opts.outDir;
  if (encoding.compress) await initMeshopt();

  // fresh output: only the paths the tiler owns
  for (const p of ['tileset.json', 'ids.txt', 'content', 'assets']) rmSync(join(out, p), { recursive: true, force: true });
  mkdirSync(join(out, 'content'), { recursive: true });

  log(`tiler: reading ${opts.inDir}`);
  const sidecar = new SidecarWriter(out, opts.chunkSize ?? DEFAULT_CHUNK_SIZE);
  const { meta, data: local } = ingest({ inDir: opts.inDir, sidecar, log });
  sidecar.finish(local.segments.count, local.nodes.count);
  const ids = idsText(local.ids);
  writeFileSync(join(out, 'ids.txt'), ids);
  const tRead = performance.now();
  const S = local.segments.count;
  const N = S + local.nodes.count;
  // threads pay off from a few tens of thousands of assets (each costs about a second to start)
  workers ??= N < 20_000 ? 0 : Math.min(4, availableParallelism());
  log(`tiler: ${S} segments, ${N - S} nodes (heightMode ${meta.heightMode}) read in ${((tRead - t0) / 1000).toFixed(1)} s`);

  const data = workers > 0 ? shareDataset(local) : local;
  const tree = buildQuadtree(anchors(data), { maxFeatures, maxDepth, maxLeafSize: opts.maxLeafSize ?? 1024 });
  const priority = segmentPriority(data);

  // tiles and their content jobs; geometric errors follow from the partition alone
  const jobs: TileJob[] = [];
  const recOfJob: TileRec[] = [];
  const stats = { tiles: 0, leaves: 0, maxLeaf: 0 };
  const addJob = (rec: TileRec, job: Omit<TileJob, 'id'>): void => {
    jobs.push({ ...job, id: jobs.length });
    recOfJob.push(rec);
    rec.uri = job.uri;
  };
  /** `shown`: how many segments the tile's content draws (a leaf: all of its own) */
  const walk = (node: QuadNode): { rec: TileRec; segments: Uint32Array; shown: number; leaf: boolean } => {
    stats.tiles++;
    const lon = (node.west + node.east) / 2;
    const lat = (node.south + node.north) / 2;
    const rec: TileRec = { box: new Aabb(), geometricError: 0, world: enuToEcef(lon, lat, 0), children: [] };
    const uri = contentUri(node.level, node.x, node.y);
    if (node.gids) {
      stats.leaves++;
      stats.maxLeaf = Math.max(stats.maxLeaf, node.gids.length);
      addJob(rec, { kind: 'solids', gids: node.gids, lon, lat, uri, coarseStep: 0 });
      let k = 0;
      while (k < node.gids.length && node.gids[k] < S) k++;
      return { rec, segments: node.gids.subarray(0, k), shown: k, leaf: true };
    }
    const parts = node.children.map(walk);
    rec.children = parts.map((p) => p.rec);
    const total = parts.reduce((n, p) => n + p.segments.length, 0);
    const segments = new Uint32Array(total);
    let o = 0;
    for (const p of parts) {
      segments.set(p.segments, o);
      o += p.segments.length;
    }
    // right above the leaves: every segment as a line; higher up, a quarter of what the children show
    const aboveLeaves = parts.every((p) => p.leaf);
    const shownBelow = parts.reduce((n, p) => n + p.shown, 0);
    const budget = aboveLeaves ? lod.lineBudget : Math.min(lod.lineBudget, Math.ceil(shownBelow / lod.reduction));
    const sel = selectLines(segments, priority, budget);
    const childError = Math.max(...rec.children.map((c) => c.geometricError));
    rec.geometricError = sel.complete
      ? Math.max(lod.lineError, childError)
      : Math.max(lod.lineError, 2 * childError, sel.maxOmittedLength);
    const coarseStep = rec.geometricError / 32;
    if (sel.gids.length > 0) addJob(rec, { kind: 'lines', gids: sel.gids, lon, lat, uri, coarseStep });
    return { rec, segments, shown: sel.gids.length, leaf: false };
  };
  const root = walk(tree).rec;

  log(`tiler: ${jobs.length} content tiles of ${stats.tiles} tiles, building on ${workers > 0 ? `${workers} worker thread${workers === 1 ? '' : 's'}` : 'the main thread'}`);
  const tContent = performance.now();
  const totals = { vertices: 0, triangles: 0, lines: 0, bytes: 0 };
  let done = 0;
  let emptyJobs = 0;
  await runJobs({ data, encoding, sides, outDir: out }, jobs, workers, (r: JobResult) => {
    const rec = recOfJob[r.id];
    if (r.vertices === 0) {
      delete rec.uri;
      emptyJobs++;
      return;
    }
    rec.box.addPoint(r.min[0], r.min[1], r.min[2]);
    rec.box.addPoint(r.max[0], r.max[1], r.max[2]);
    totals.vertices += r.vertices;
    if (jobs[r.id].kind === 'solids') totals.triangles += r.primitives;
    else totals.lines += r.primitives;
    totals.bytes += r.bytes;
    if (++done % 100 === 0) log(`  ${done}/${jobs.length} tiles`);
  });
  encloseChildren(root);
  const tEnd = performance.now();

  const tileset: TilesetJson = {
    asset: { version: '1.1', generator: GENERATOR },
    // not drawing the tileset at all loses the whole network: its extent (so the mains stay visible from far away)
    geometricError: Math.max(root.geometricError * 2, diagonal(root.box), 100),
    root: toTileJson(root, 'REPLACE'),
    extras: {
      name: meta.name,
      heightMode: meta.heightMode,
      segmentCount: S,
      nodeCount: N - S,
      ids: 'ids.txt',
      assets: 'assets/index.json',
    },
  };
  const tilesetText = JSON.stringify(tileset);
  // written last and atomically: a tileset.json on disk means the output is complete
  writeFileSync(join(out, 'tileset.json.tmp'), tilesetText);
  renameSync(join(out, 'tileset.json.tmp'), join(out, 'tileset.json'));

  const result: TilerResult = {
    segments: S,
    nodes: N - S,
    tiles: stats.tiles,
    contentTiles: jobs.length - emptyJobs,
    leafTiles: stats.leaves,
    maxFeaturesInLeaf: stats.maxLeaf,
    vertices: totals.vertices,
    triangles: totals.triangles,
    lines: totals.lines,
    bytes: { content: totals.bytes, tileset: Buffer.byteLength(tilesetText), ids: ids.byteLength, assets: sidecar.bytes },
    seconds: { read: (tRead - t0) / 1000, content: (tEnd - tContent) / 1000, total: (performance.now() - t0) / 1000 },
  };
  const mb = (b: number): string => (b / 1e6).toFixed(1);
  log(
    `tiler: ${result.contentTiles} content tiles (${result.leafTiles} leaves), ${result.vertices} vertices, ` +
      `${result.triangles} triangles, ${result.lines} lines; ${mb(result.bytes.content)} MB glb, ` +
      `${mb(result.bytes.ids)} MB ids.txt, ${mb(result.bytes.assets)} MB assets; ` +
      `${result.seconds.total.toFixed(1)} s (read ${result.seconds.read.toFixed(1)} s) → ${out}`,
  );
  return result;
}
