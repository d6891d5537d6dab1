/** 3D Tiles 1.1 tileset.json shapes and the top-down pass that turns each tile's world frame into a relative transform. */
import { invertRigid, multiply, type Mat4 } from './geodesy';
import type { Region } from './region';

export interface TileJson {
  boundingVolume: { region: number[] };
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

/** A tile while the tileset is being built. */
export interface TileRec {
  region: Region;
  geometricError: number;
  /** content uri relative to the tileset, if the tile has content */
  uri?: string;
  /** local frame → ECEF of the content, if the tile has content */
  world?: Mat4;
  children: TileRec[];
}

const IDENTITY: Mat4 = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];

/**
 * Turns built tiles into JSON. A tile's `transform` is relative to its parent's computed transform (3D Tiles), so a
 * tile with a world frame W under an ancestor frame P gets P⁻¹·W; tiles without content keep their parent's frame.
 */
export function toTileJson(rec: TileRec, refine: 'ADD' | 'REPLACE', parentWorld: Mat4 = IDENTITY, isRoot = true): TileJson {
  const json: TileJson = {
    boundingVolume: { region: outward(rec.region.toTiles()) },
    geometricError: round(rec.geometricError, 3),
  };
  if (isRoot) json.refine = refine;
  let world = parentWorld;
  if (rec.world) {
    json.transform = multiply(invertRigid(parentWorld), rec.world);
    world = rec.world;
  }
  if (rec.uri) json.content = { uri: rec.uri };
  if (rec.children.length) json.children = rec.children.map((c) => toTileJson(c, refine, world, false));
  return json;
}

/** Heights rounded to millimetres, outwards, so the volume still contains its content. */
function outward(r: number[]): number[] {
  return [r[0], r[1], r[2], r[3], Math.floor(r[4] * 1000) / 1000, Math.ceil(r[5] * 1000) / 1000];
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
