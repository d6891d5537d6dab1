/**
 * One unit of tiling work: build a tile's mesh (solids or lines) in the ENU frame at (lon, lat, 0), encode it and
 * write the glb. Pure apart from the file write, so it runs the same in the main thread and in worker threads.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildLines, buildMesh, writeContent, type ContentEncoding } from './content';
import { LocalFrame } from './geodesy';
import type { Dataset } from './store';

export interface TileJob {
  id: number;
  kind: 'solids' | 'lines';
  /** assets in property-table order */
  gids: Uint32Array;
  /** origin of the tile frame */
  lon: number;
  lat: number;
  uri: string;
  /** position grid for line content, metres (0: as fine as 16 bits allow) */
  coarseStep: number;
}

export interface JobResult {
  id: number;
  /** bounds of the written content in the tile frame (ENU, metres), position error included */
  min: [number, number, number];
  max: [number, number, number];
  vertices: number;
  /** triangles or lines */
  primitives: number;
  bytes: number;
}

export interface JobContext {
  data: Dataset;
  encoding: ContentEncoding;
  sides: number;
  outDir: string;
}

export function runJob(ctx: JobContext, job: TileJob): JobResult {
  const frame = new LocalFrame(job.lon, job.lat, 0);
  const mesh = job.kind === 'solids' ? buildMesh(ctx.data, job.gids, frame, ctx.sides) : buildLines(ctx.data, job.gids, frame);
  if (mesh.vertexCount === 0) {
    // only degenerate assets (all points coincide): no content
    return { id: job.id, min: [0, 0, 0], max: [0, 0, 0], vertices: 0, primitives: 0, bytes: 0 };
  }
  const { glb, positionError } = writeContent(ctx.data, job.gids, mesh, ctx.encoding, job.coarseStep);
  const path = join(ctx.outDir, job.uri);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, glb);
  const p = mesh.positions.view();
  const min: [number, number, number] = [Infinity, Infinity, Infinity];
  const max: [number, number, number] = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < p.length; i += 3) {
    for (let k = 0; k < 3; k++) {
      const v = p[i + k];
      if (v < min[k]) min[k] = v;
      if (v > max[k]) max[k] = v;
    }
  }
  const m = positionError + 1e-3;
  for (let k = 0; k < 3; k++) {
    min[k] -= m;
    max[k] += m;
  }
  return {
    id: job.id,
    min,
    max,
    vertices: mesh.vertexCount,
    primitives: mesh.indices.length / (mesh.mode === 4 ? 3 : 2),
    bytes: glb.byteLength,
  };
}
