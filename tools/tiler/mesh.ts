/**
 * A growable triangle mesh in a tile's local east-north-up frame (metres), with per-vertex feature id, gid and
 * colour. Geometry builders (geometry.ts) append to it; the glb writer converts ENU to glTF's y-up at write time.
 */
import { GrowableArray } from '../../src/domain/growable';

/** The feature a vertex belongs to and how it is drawn. */
export interface VertexFeature {
  /** index into the tile's property table (EXT_mesh_features feature id) */
  fid: number;
  /** dataset-wide dense asset id */
  gid: number;
  rgb: readonly [number, number, number];
}

/** Triangles (mode 4) or line segments (mode 1). */
export type PrimitiveMode = 4 | 1;

export class Mesh {
  readonly positions = new GrowableArray(new Float32Array(1024));
  readonly normals = new GrowableArray(new Float32Array(1024));
  readonly colors = new GrowableArray(new Uint8Array(1024));
  readonly featureIds = new GrowableArray(new Float32Array(1024));
  readonly gids = new GrowableArray(new Float32Array(1024));
  readonly indices = new GrowableArray(new Uint32Array(1024));

  constructor(readonly mode: PrimitiveMode = 4, readonly withNormals = true) {}

  get vertexCount(): number {
    return this.positions.length / 3;
  }

  /** Appends a vertex (ENU metres, unit normal in ENU) and returns its index. */
  vertex(f: VertexFeature, e: number, n: number, u: number, ne = 0, nn = 0, nu = 1): number {
    const i = this.positions.length / 3;
    this.positions.push3(e, n, u);
    if (this.withNormals) this.normals.push3(ne, nn, nu);
    this.colors.push4(f.rgb[0], f.rgb[1], f.rgb[2], 255);
    this.featureIds.push1(f.fid);
    this.gids.push1(f.gid);
    return i;
  }

  /**
   * Appends a triangle, wound counter-clockwise when seen from the side its vertex normals point to (glTF front
   * face), whatever order the caller gave.
   */
  triangle(a: number, b: number, c: number): void {
    const p = this.positions.data;
    const n = this.normals.data;
    const ax = p[a * 3], ay = p[a * 3 + 1], az = p[a * 3 + 2];
    const ux = p[b * 3] - ax, uy = p[b * 3 + 1] - ay, uz = p[b * 3 + 2] - az;
    const vx = p[c * 3] - ax, vy = p[c * 3 + 1] - ay, vz = p[c * 3 + 2] - az;
    const cx = uy * vz - uz * vy;
    const cy = uz * vx - ux * vz;
    const cz = ux * vy - uy * vx;
    const nx = n[a * 3] + n[b * 3] + n[c * 3];
    const ny = n[a * 3 + 1] + n[b * 3 + 1] + n[c * 3 + 1];
    const nz = n[a * 3 + 2] + n[b * 3 + 2] + n[c * 3 + 2];
    if (cx * nx + cy * ny + cz * nz >= 0) this.indices.push3(a, b, c);
    else this.indices.push3(a, c, b);
  }

  /** Quad a-b-c-d (in ring order) as two front-facing triangles. */
  quad(a: number, b: number, c: number, d: number): void {
    this.triangle(a, b, c);
    this.triangle(a, c, d);
  }

  line(a: number, b: number): void {
    this.indices.push1(a);
    this.indices.push1(b);
  }
}

/**
 * Reorders a mesh's vertices: vertex i moves to remap[i] (meshopt's vertex-fetch remap). Indices are expected to be
 * already remapped by the caller.
 */
export function permuteVertices(mesh: Mesh, remap: Uint32Array): void {
  const n = mesh.vertexCount;
  const perm3 = (g: GrowableArray<Float32Array>): void => {
    const src = g.view().slice();
    const d = g.data;
    for (let i = 0; i < n; i++) {
      const j = remap[i];
      d[j * 3] = src[i * 3];
      d[j * 3 + 1] = src[i * 3 + 1];
      d[j * 3 + 2] = src[i * 3 + 2];
    }
  };
  const perm1 = (g: GrowableArray<Float32Array>): void => {
    const src = g.view().slice();
    const d = g.data;
    for (let i = 0; i < n; i++) d[remap[i]] = src[i];
  };
  perm3(mesh.positions);
  if (mesh.withNormals) perm3(mesh.normals);
  perm1(mesh.featureIds);
  perm1(mesh.gids);
  const c = new Uint32Array(mesh.colors.data.buffer, 0, n);
  const csrc = c.slice();
  for (let i = 0; i < n; i++) c[remap[i]] = csrc[i];
}
