/**
 * Reading tiler output back (tests, benchmarks, debugging): tileset traversal with computed transforms, accessor
 * and property-table decoding from a glb.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MeshoptDecoder } from 'meshoptimizer';
import { BYTE, FLOAT, parseGlb, SHORT, UNSIGNED_BYTE, UNSIGNED_INT, UNSIGNED_SHORT, type GltfJson } from './glb';
import { ecefToGeodetic, multiply, transformPoint, type Mat4 } from './geodesy';
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
  /** length of the JSON chunk as stored, padding included (GLBs read from a file) */
  jsonByteLength?: number;
}

export function readGlb(path: string): ParsedGlb {
  return parseGlb(new Uint8Array(readFileSync(path)));
}

interface MeshoptViewExt {
  buffer: number;
  byteOffset?: number;
  byteLength: number;
  byteStride: number;
  count: number;
  mode: string;
  filter?: string;
}

export function meshoptExtOf(view: { extensions?: Record<string, unknown> }): MeshoptViewExt | undefined {
  const e = view.extensions;
  return (e?.KHR_meshopt_compression ?? e?.EXT_meshopt_compression) as MeshoptViewExt | undefined;
}

/**
 * The glb with every meshopt-compressed buffer view decoded (as a client would see it): returns a copy whose JSON
 * has all views in one plain buffer 0. Compressed views are checked to lie inside the BIN chunk.
 */
export async function decodeGlb(g: ParsedGlb): Promise<ParsedGlb> {
  if (!g.json.bufferViews.some((v) => meshoptExtOf(v))) return g;
  await MeshoptDecoder.ready;
  const parts: Uint8Array[] = [];
  let length = 0;
  const views = g.json.bufferViews.map((v) => {
    const ext = meshoptExtOf(v);
    let bytes: Uint8Array;
    if (ext) {
      if (ext.buffer !== 0) throw new Error('meshopt data must be in the GLB buffer');
      const start = ext.byteOffset ?? 0;
      if (start + ext.byteLength > g.bin.byteLength) throw new Error('meshopt data beyond the BIN chunk');
      bytes = new Uint8Array(ext.count * ext.byteStride);
      MeshoptDecoder.decodeGltfBuffer(bytes, ext.count, ext.byteStride, g.bin.subarray(start, start + ext.byteLength), ext.mode, ext.filter);
      bytes = bytes.subarray(0, v.byteLength);
    } else {
      bytes = g.bin.subarray(v.byteOffset ?? 0, (v.byteOffset ?? 0) + v.byteLength);
    }
    const pad = (8 - (length % 8)) % 8;
    if (pad) parts.push(new Uint8Array(pad));
    length += pad;
    const byteOffset = length;
    parts.push(bytes);
    length += bytes.byteLength;
    const plain = { ...v, buffer: 0, byteOffset };
    delete plain.extensions;
    return plain;
  });
  const bin = new Uint8Array(length);
  let p = 0;
  for (const part of parts) {
    bin.set(part, p);
    p += part.byteLength;
  }
  return { json: { ...g.json, bufferViews: views, buffers: [{ byteLength: length }] }, bin };
}

/** POSITION of the first primitive in glTF space, dequantised through its node's translation and scale. */
export function readPositions(g: ParsedGlb): Float64Array {
  const prim = firstPrimitive(g);
  const pos = readAccessor(g, prim.attributes.POSITION).data;
  const node = g.json.nodes[0] as { translation?: number[]; scale?: number[]; matrix?: number[] };
  if (node.matrix) throw new Error('node matrices are not expected');
  const t = node.translation ?? [0, 0, 0];
  const sc = node.scale ?? [1, 1, 1];
  for (let i = 0; i < pos.length; i += 3) for (let k = 0; k < 3; k++) pos[i + k] = pos[i + k] * sc[k] + t[k];
  return pos;
}

export interface PrimitiveJson {
  attributes: Record<string, number>;
  indices: number;
  mode?: number;
  extensions: { EXT_mesh_features: { featureIds: { featureCount: number; attribute: number; propertyTable: number }[] } };
}

export function firstPrimitive(g: ParsedGlb): PrimitiveJson {
  return (g.json.meshes[0] as unknown as { primitives: PrimitiveJson[] }).primitives[0];
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

/** The gid, id (null when the table has no id column) and category columns of a decoded glb's property table. */
export function readProperties(g: ParsedGlb): { gid: Uint32Array; id: string[] | null; category: Uint8Array } {
  const t = propertyTable(g);
  const gb = viewBytes(g, t.properties.gid.values);
  const gid = new Uint32Array(gb.buffer.slice(gb.byteOffset, gb.byteOffset + t.count * 4));
  let id: string[] | null = null;
  if (t.properties.id) {
    const ib = viewBytes(g, t.properties.id.values);
    const ob = viewBytes(g, t.properties.id.stringOffsets as number);
    const offsets = new Uint32Array(ob.buffer.slice(ob.byteOffset, ob.byteOffset + (t.count + 1) * 4));
    const dec = new TextDecoder();
    id = Array.from({ length: t.count }, (_, i) => dec.decode(ib.subarray(offsets[i], offsets[i + 1])));
  }
  const category = viewBytes(g, t.properties.category.values).slice(0, t.count);
  return { gid, id, category };
}

/** glTF y-up → ENU, as Cesium's Axis.Y_UP_TO_Z_UP does: (x, y, z) → (x, −z, y). */
export function yUpToEnu(x: number, y: number, z: number): [number, number, number] {
  return [x, -z, y];
}

export interface LoadedVertex {
  gid: number;
  fid: number;
  /** tile-local ENU, metres */
  enu: [number, number, number];
  /** unit normal in ENU (along the line for line vertices; zero if the primitive has none) */
  normal: [number, number, number];
  lon: number;
  lat: number;
  h: number;
  /** RGBA 0…255 */
  rgba: [number, number, number, number];
}

export interface LoadedTile {
  tile: TileJson;
  parent: TileJson | null;
  world: Mat4;
  uri?: string;
  /** decoded glb */
  glb?: ParsedGlb;
  /** raw glb as stored */
  raw?: ParsedGlb;
  mode?: number;
  vertices: LoadedVertex[];
  indices: Float64Array;
  props?: ReturnType<typeof readProperties>;
}

/** Reads a tiler output folder back the way a client would: every tile, its decoded content and its vertices. */
export async function loadOutput(dir: string): Promise<{ tileset: TilesetJson; tiles: LoadedTile[] }> {
  const tileset = readTileset(dir);
  const tiles: LoadedTile[] = [];
  for (const v of visitTiles(tileset)) {
    const t: LoadedTile = { tile: v.tile, parent: v.parent, world: v.world, vertices: [], indices: new Float64Array(0) };
    tiles.push(t);
    if (!v.tile.content) continue;
    t.uri = v.tile.content.uri;
    t.raw = readGlb(join(dir, t.uri));
    const g = await decodeGlb(t.raw);
    t.glb = g;
    const prim = firstPrimitive(g);
    t.mode = prim.mode ?? 4;
    t.props = readProperties(g);
    const pos = readPositions(g);
    const nor = prim.attributes.NORMAL !== undefined ? readAccessor(g, prim.attributes.NORMAL).data : null;
    const col = readAccessor(g, prim.attributes.COLOR_0).data;
    const fid = readAccessor(g, prim.attributes._FEATURE_ID_0).data;
    const gid = readAccessor(g, prim.attributes._GID).data;
    t.indices = readAccessor(g, prim.indices).data;
    for (let i = 0; i < fid.length; i++) {
      const enu = yUpToEnu(pos[i * 3], pos[i * 3 + 1], pos[i * 3 + 2]);
      let normal: [number, number, number] = [0, 0, 0];
      if (nor) {
        const n = yUpToEnu(nor[i * 3], nor[i * 3 + 1], nor[i * 3 + 2]);
        const l = Math.hypot(n[0], n[1], n[2]) || 1;
        normal = [n[0] / l, n[1] / l, n[2] / l];
      }
      const e = transformPoint(v.world, enu[0], enu[1], enu[2]);
      const [lon, lat, h] = ecefToGeodetic(e[0], e[1], e[2]);
      const rgba = [0, 1, 2, 3].map((k) => Math.round(col[i * 4 + k] * 255)) as [number, number, number, number];
      t.vertices.push({ gid: gid[i], fid: fid[i], enu, normal, lon, lat, h, rgba });
    }
  }
  return { tileset, tiles };
}
