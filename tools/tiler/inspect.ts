/**
 * Reading tiler output back (tests, benchmarks, debugging): tileset traversal with computed transforms, accessor
 * and property-table decoding from a glb.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BYTE, FLOAT, parseGlb, SHORT, UNSIGNED_BYTE, UNSIGNED_INT, UNSIGNED_SHORT, type GltfJson } from './glb';
import { multiply, type Mat4 } from './geodesy';
import type { TileJson, TilesetJson } from './tileset';

export const COMPONENT_SIZE: Record<number, number> = {
  [BYTE]: 1,
  [UNSIGNED_BYTE]: 1,
  [SHORT]: 2,
  [UNSIGNED_SHORT]: 2,
  [UNSIGNED_INT]: 4,
  [FLOAT]: 4,
};

export const TYPE_SIZE: Record<string, number> = { SCALAR: 1, VEC2: 2, VEC3: 3, VEC4: 4, MAT4: 16 };

export interface VisitedTile {
  tile: TileJson;
  parent: TileJson | null;
  depth: number;
  /** product of the transforms from the root down to and including this tile */
  world: Mat4;
}

const IDENTITY: Mat4 = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];

export function visitTiles(tileset: TilesetJson): VisitedTile[] {
  const out: VisitedTile[] = [];
  const walk = (tile: TileJson, parent: TileJson | null, depth: number, parentWorld: Mat4): void => {
    const world = tile.transform ? multiply(parentWorld, tile.transform) : parentWorld;
    out.push({ tile, parent, depth, world });
    for (const c of tile.children ?? []) walk(c, tile, depth + 1, world);
  };
  walk(tileset.root, null, 0, IDENTITY);
  return out;
}

export function readTileset(dir: string): TilesetJson {
  return JSON.parse(readFileSync(join(dir, 'tileset.json'), 'utf8')) as TilesetJson;
}

export interface ParsedGlb {
  json: GltfJson;
  bin: Uint8Array;
}

export function readGlb(path: string): ParsedGlb {
  const { json, bin } = parseGlb(new Uint8Array(readFileSync(path)));
  return { json, bin };
}

/** The bytes of a buffer view. */
export function viewBytes(g: ParsedGlb, view: number): Uint8Array {
  const v = g.json.bufferViews[view];
  return g.bin.subarray(v.byteOffset ?? 0, (v.byteOffset ?? 0) + v.byteLength);
}

/** Decodes an accessor into plain numbers (normalised integers mapped to [0, 1] / [-1, 1]). */
export function readAccessor(g: ParsedGlb, index: number): { data: Float64Array; components: number } {
  const a = g.json.accessors[index];
  const v = g.json.bufferViews[a.bufferView];
  const comps = TYPE_SIZE[a.type];
  const csize = COMPONENT_SIZE[a.componentType];
  const stride = v.byteStride ?? comps * csize;
  const base = (v.byteOffset ?? 0) + (a.byteOffset ?? 0);
  const dv = new DataView(g.bin.buffer, g.bin.byteOffset, g.bin.byteLength);
  const out = new Float64Array(a.count * comps);
  for (let i = 0; i < a.count; i++) {
    for (let k = 0; k < comps; k++) {
      const p = base + i * stride + k * csize;
      let x: number;
      switch (a.componentType) {
        case FLOAT: x = dv.getFloat32(p, true); break;
        case UNSIGNED_INT: x = dv.getUint32(p, true); break;
        case UNSIGNED_SHORT: x = dv.getUint16(p, true); if (a.normalized) x /= 65535; break;
        case SHORT: x = dv.getInt16(p, true); if (a.normalized) x = Math.max(x / 32767, -1); break;
        case UNSIGNED_BYTE: x = dv.getUint8(p); if (a.normalized) x /= 255; break;
        case BYTE: x = dv.getInt8(p); if (a.normalized) x = Math.max(x / 127, -1); break;
        default: throw new Error(`componentType ${a.componentType}`);
      }
      out[i * comps + k] = x;
    }
  }
  return { data: out, components: comps };
}

interface PropertyTableJson {
  class: string;
  count: number;
  properties: Record<string, { values: number; stringOffsets?: number; stringOffsetType?: string }>;
}

export function propertyTable(g: ParsedGlb): PropertyTableJson {
  const ext = g.json.extensions?.EXT_structural_metadata as { propertyTables: PropertyTableJson[] } | undefined;
  if (!ext) throw new Error('no EXT_structural_metadata');
  return ext.propertyTables[0];
}

/** The gid, id and category columns of the glb's property table. */
export function readProperties(g: ParsedGlb): { gid: Uint32Array; id: string[]; category: Uint8Array } {
  const t = propertyTable(g);
  const gb = viewBytes(g, t.properties.gid.values);
  const gid = new Uint32Array(gb.buffer.slice(gb.byteOffset, gb.byteOffset + t.count * 4));
  const ib = viewBytes(g, t.properties.id.values);
  const ob = viewBytes(g, t.properties.id.stringOffsets as number);
  const offsets = new Uint32Array(ob.buffer.slice(ob.byteOffset, ob.byteOffset + (t.count + 1) * 4));
  const dec = new TextDecoder();
  const id = Array.from({ length: t.count }, (_, i) => dec.decode(ib.subarray(offsets[i], offsets[i + 1])));
  const category = viewBytes(g, t.properties.category.values).slice(0, t.count);
  return { gid, id, category };
}

/** glTF y-up → ENU, as Cesium's Axis.Y_UP_TO_Z_UP does: (x, y, z) → (x, −z, y). */
export function yUpToEnu(x: number, y: number, z: number): [number, number, number] {
  return [x, -z, y];
}
