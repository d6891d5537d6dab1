/**
 * 3D Tiles 1.1 tileset.json shapes, bounding boxes in tile frames, and the pass that turns each tile's world frame
 * into a transform relative to its parent.
 */
import { invertRigid, multiply, transformPoint, type Mat4 } from './geodesy';

export interface TileJson {
  boundingVolume: { box?: number[]; region?: number[] };
  geometricError: number;
  refine?: 'ADD' | 'REPLACE';
  content?: { uri: string };
  transform?: number[];
  children?: TileJson[];
}

export interface TilesetJson {
  asset: { version: '1.1'; generator: string; tilesetVersion?: string };
  geometricError: number;
  root: TileJson;
  extras?: Record<string, unknown>;
}

/** Axis-aligned bounds in a tile's local ENU frame, metres. */
export class Aabb {
  min = [Infinity, Infinity, Infinity];
  max = [-Infinity, -Infinity, -Infinity];

  get empty(): boolean {
    return !(this.min[0] <= this.max[0]);
  }

  addPoint(x: number, y: number, z: number): void {
    const p = [x, y, z];
    for (let k = 0; k < 3; k++) {
      if (p[k] < this.min[k]) this.min[k] = p[k];
      if (p[k] > this.max[k]) this.max[k] = p[k];
    }
  }

  /** Adds another frame's box: its 8 corners through `m` (that frame → this frame). */
  addBox(b: Aabb, m: Mat4): void {
    if (b.empty) return;
    for (let c = 0; c < 8; c++) {
      const p = transformPoint(m, c & 1 ? b.max[0] : b.min[0], c & 2 ? b.max[1] : b.min[1], c & 4 ? b.max[2] : b.min[2]);
      this.addPoint(p[0], p[1], p[2]);
    }
  }

  /** 3D Tiles `box`: centre and half-axes, rounded outwards to millimetres. */
  toTiles(): number[] {
    if (this.empty) return [0, 0, 0, 0.001, 0, 0, 0, 0.001, 0, 0, 0, 0.001];
    const c = [0, 1, 2].map((k) => Math.round(((this.min[k] + this.max[k]) / 2) * 1000) / 1000);
    const h = [0, 1, 2].map((k) => Math.ceil((Math.max(this.max[k] - c[k], c[k] - this.min[k]) + 1e-9) * 1000) / 1000);
    return [c[0], c[1], c[2], h[0], 0, 0, 0, h[1], 0, 0, 0, h[2]];
  }
}

/** A tile while the tileset is being built. */
export interface TileRec {
  /** bounds in this tile's frame */
  box: Aabb;
  geometricError: number;
  /** content uri relative to the tileset, if the tile has content */
  uri?: string;
  /** this tile's frame (local ENU) → ECEF */
  world: Mat4;
  children: TileRec[];
}

const IDENTITY: Mat4 = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];

/** Grows every tile's box to contain its children's boxes (bottom-up). */
export function encloseChildren(rec: TileRec): void {
  for (const c of rec.children) {
    encloseChildren(c);
    rec.box.addBox(c.box, multiply(invertRigid(rec.world), c.world));
  }
}

/**
 * Turns built tiles into JSON. A tile's `transform` is relative to its parent's computed transform (3D Tiles), so a
 * tile with world frame W under a parent with frame P gets P⁻¹·W.
 */
export function toTileJson(rec: TileRec, refine: 'ADD' | 'REPLACE', parentWorld: Mat4 = IDENTITY, isRoot = true): TileJson {
  const json: TileJson = {
    boundingVolume: { box: rec.box.toTiles() },
    geometricError: Math.round(rec.geometricError * 1000) / 1000,
  };
  if (isRoot) json.refine = refine;
  json.transform = multiply(invertRigid(parentWorld), rec.world);
  if (rec.uri) json.content = { uri: rec.uri };
  if (rec.children.length) json.children = rec.children.map((c) => toTileJson(c, refine, rec.world, false));
  return json;
}
