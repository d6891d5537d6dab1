/**
 * The tiler: a dataset folder (src/domain/schema.ts) → a 3D Tiles 1.1 tileset of the pipe network plus its id and
 * asset sidecar. Phase 1: content on the leaves of an explicit quadtree, refine ADD, empty inner tiles.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildMesh, GENERATOR, writeContent } from './content';
import { LocalFrame } from './geodesy';
import { nodeBounds, segmentBounds } from './geometry';
import { ingest, type Log } from './ingest';
import { anchors, buildQuadtree, type QuadNode } from './quadtree';
import { Region } from './region';
import { SidecarWriter, DEFAULT_CHUNK_SIZE } from './sidecar';
import type { Dataset } from './store';
import { toTileJson, type TileRec, type TilesetJson } from './tileset';

export interface TilerOptions {
  inDir: string;
  outDir: string;
  /** most assets in one leaf tile */
  maxFeatures?: number;
  maxDepth?: number;
  /** radial sides of round pipes */
  sides?: number;
  chunkSize?: number;
  log?: Log;
}

export interface TilerResult {
  segments: number;
  nodes: number;
  tiles: number;
  contentTiles: number;
  maxFeaturesInTile: number;
  vertices: number;
  triangles: number;
  bytes: { content: number; tileset: number; sidecar: number };
  seconds: number;
}

export function contentUri(level: number, x: number, y: number): string {
  return `content/${level}/${x}_${y}.glb`;
}

/** Bounds of the given assets' geometry. */
export function assetsRegion(data: Dataset, gids: ArrayLike<number>, sides: number): Region {
  const r = new Region();
  const S = data.segments.count;
  for (let i = 0; i < gids.length; i++) {
    const g = gids[i];
    if (g < S) segmentBounds(data, g, r, sides);
    else nodeBounds(data, g - S, r);
  }
  return r;
}

export async function runTiler(opts: TilerOptions): Promise<TilerResult> {
  const t0 = performance.now();
  const log = opts.log ?? ((l: string) => console.log(l));
  const maxFeatures = opts.maxFeatures ?? 4000;
  const maxDepth = opts.maxDepth ?? 16;
  const sides = opts.sides ?? 8;
  const out = opts.outDir;

  // fresh output: only the paths the tiler owns
  for (const p of ['tileset.json', 'ids.txt', 'content', 'assets']) rmSync(join(out, p), { recursive: true, force: true });
  mkdirSync(join(out, 'content'), { recursive: true });

  log(`tiler: reading ${opts.inDir}`);
  const sidecar = new SidecarWriter(out, opts.chunkSize ?? DEFAULT_CHUNK_SIZE);
  const { meta, data } = await ingest({ inDir: opts.inDir, sidecar, log });
  sidecar.finish(data.segments.count, data.nodes.count);
  log(
    `tiler: ${data.segments.count} segments, ${data.nodes.count} nodes (heightMode ${meta.heightMode}) read in ` +
      `${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );

  const tree = buildQuadtree(anchors(data), { maxFeatures, maxDepth });
  const stats = { tiles: 0, contentTiles: 0, maxFeatures: 0, vertices: 0, triangles: 0, bytes: 0 };
  let done = 0;
  const total = data.segments.count + data.nodes.count;

  const build = (node: QuadNode): TileRec => {
    stats.tiles++;
    if (node.gids) {
      const region = assetsRegion(data, node.gids, sides);
      const rec: TileRec = { region, geometricError: 0, children: [] };
      if (node.gids.length > 0 && !region.empty) {
        const frame = new LocalFrame(region.centreLon, region.centreLat, 0);
        const mesh = buildMesh(data, node.gids, frame, { sides });
        const glb = writeContent(data, node.gids, mesh);
        const uri = contentUri(node.level, node.x, node.y);
        mkdirSync(join(out, 'content', String(node.level)), { recursive: true });
        writeFileSync(join(out, uri), glb);
        rec.uri = uri;
        rec.world = frame.toEcef;
        stats.contentTiles++;
        stats.maxFeatures = Math.max(stats.maxFeatures, node.gids.length);
        stats.vertices += mesh.vertexCount;
        stats.triangles += mesh.indices.length / 3;
        stats.bytes += glb.byteLength;
      }
      done += node.gids.length;
      if (stats.contentTiles % 50 === 0) log(`  tiled ${done}/${total} assets, ${stats.contentTiles} tiles`);
      return rec;
    }
    const children = node.children.map(build);
    const region = new Region();
    for (const c of children) region.union(c.region);
    // inner tiles carry no content (phase 1): refine whenever the tile is more than a few pixels on screen
    return { region, geometricError: region.diagonal(), children };
  };
  const root = build(tree);

  const tileset: TilesetJson = {
    asset: { version: '1.1', generator: GENERATOR },
    geometricError: Math.max(root.geometricError * 2, 100),
    root: toTileJson(root, 'ADD'),
    extras: {
      name: meta.name,
      heightMode: meta.heightMode,
      segmentCount: data.segments.count,
      nodeCount: data.nodes.count,
      ids: 'ids.txt',
      assets: 'assets/index.json',
    },
  };
  const tilesetText = JSON.stringify(tileset);
  // written last and atomically: a tileset.json on disk means the output is complete
  writeFileSync(join(out, 'tileset.json.tmp'), tilesetText);
  renameSync(join(out, 'tileset.json.tmp'), join(out, 'tileset.json'));

  const seconds = (performance.now() - t0) / 1000;
  const result: TilerResult = {
    segments: data.segments.count,
    nodes: data.nodes.count,
    tiles: stats.tiles,
    contentTiles: stats.contentTiles,
    maxFeaturesInTile: stats.maxFeatures,
    vertices: stats.vertices,
    triangles: stats.triangles,
    bytes: { content: stats.bytes, tileset: Buffer.byteLength(tilesetText), sidecar: sidecar.bytes },
    seconds,
  };
  log(
    `tiler: ${result.contentTiles} content tiles (${result.tiles} tiles), ${result.vertices} vertices, ` +
      `${result.triangles} triangles, ${(result.bytes.content / 1e6).toFixed(1)} MB glb + ` +
      `${(result.bytes.sidecar / 1e6).toFixed(1)} MB ids/assets, ${seconds.toFixed(1)} s → ${out}`,
  );
  return result;
}
