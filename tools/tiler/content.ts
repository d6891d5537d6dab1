/**
 * One tile's content as a glb:
 *  - leaf tiles: triangles — tubes / box prisms for segments, solids for nodes (geometry.ts);
 *  - inner (far) tiles: lines — each segment's centreline, no nodes (the cheap far representation).
 * Vertex attributes: POSITION, NORMAL (triangles: the surface's; lines: along the line, see addSegmentLine; glTF
 * y-up: local ENU (e, n, u) is stored as (e, u, −n) and Cesium turns y-up into z-up), COLOR_0 (category display colour, unsigned byte normalised RGBA), _FEATURE_ID_0
 * (EXT_mesh_features, index into the property table), _GID (plain float = the asset gid, what a CustomShader reads
 * as fsInput.attributes.gid at any feature count). EXT_structural_metadata: one property table (gid, id, category)
 * with count = featureCount.
 * Encoding (ContentEncoding): positions quantised to 16 bits with the node's translation/scale (KHR_mesh_quantization),
 * normals to 8 bits, and every vertex, index and numeric metadata view meshopt-compressed (EXT_meshopt_compression).
 */
import { CATEGORIES } from '../../src/domain/categories';
import {
  ARRAY_BUFFER,
  BYTE,
  ELEMENT_ARRAY_BUFFER,
  FLOAT,
  GltfBuilder,
  UNSIGNED_BYTE,
  UNSIGNED_INT,
  UNSIGNED_SHORT,
  type JsonObject,
  type MeshoptExtension,
  type MeshoptView,
} from './glb';
import type { LocalFrame } from './geodesy';
import { addNode, addSegment, addSegmentLine } from './geometry';
import { MeshoptEncoder } from 'meshoptimizer';
import { Mesh, permuteVertices, type VertexFeature } from './mesh';
import { encodeColumns, METADATA_CLASS, metadataSchema } from './metadata';
import type { Dataset } from './store';

export const GENERATOR = 'cq-pipe-twin tiler';

export interface ContentEncoding {
  /** quantise positions (16-bit) and normals (8-bit): KHR_mesh_quantization */
  quantize: boolean;
  /** meshopt-compress vertex, index and numeric property views: EXT_meshopt_compression */
  compress: boolean;
  /**
   * Largest acceptable position step for quantised triangle content, metres; a tile whose extent would need a
   * coarser step keeps float positions.
   */
  maxStep: number;
  /** normals through meshopt's octahedral filter instead of plain 8-bit xyz */
  octNormals: boolean;
  /** which meshopt extension (and so vertex codec) to write */
  meshopt: MeshoptExtension;
}

export const DEFAULT_ENCODING: ContentEncoding = {
  quantize: true,
  compress: true,
  maxStep: 0.02,
  octNormals: true,
  meshopt: 'KHR_meshopt_compression',
};
export const PLAIN_ENCODING: ContentEncoding = {
  quantize: false,
  compress: false,
  maxStep: 0,
  octNormals: false,
  meshopt: 'EXT_meshopt_compression',
};

const displayRgb = CATEGORIES.map((c) => c.display);

function featureOf(data: Dataset, gid: number, fid: number, f: VertexFeature): VertexFeature {
  const S = data.segments.count;
  f.fid = fid;
  f.gid = gid;
  f.rgb = displayRgb[gid < S ? data.segments.cat[gid] : data.nodes.cat[gid - S]];
  return f;
}

/** Triangle mesh of the given assets (gids in property-table order) in a local frame. */
export function buildMesh(data: Dataset, gids: ArrayLike<number>, frame: LocalFrame, sides: number): Mesh {
  const mesh = new Mesh(4, true);
  const S = data.segments.count;
  const f: VertexFeature = { fid: 0, gid: 0, rgb: [0, 0, 0] };
  for (let i = 0; i < gids.length; i++) {
    const gid = gids[i];
    featureOf(data, gid, i, f);
    if (gid < S) addSegment(mesh, frame, data, gid, f, sides);
    else addNode(mesh, frame, data, gid - S, f, sides);
  }
  return mesh;
}

/** Line mesh (centrelines) of the given segments in a local frame. */
export function buildLines(data: Dataset, gids: ArrayLike<number>, frame: LocalFrame): Mesh {
  const mesh = new Mesh(1, true);
  const f: VertexFeature = { fid: 0, gid: 0, rgb: [0, 0, 0] };
  for (let i = 0; i < gids.length; i++) addSegmentLine(mesh, frame, data, gids[i], featureOf(data, gids[i], i, f));
  return mesh;
}

/** ENU (e, n, u) → glTF y-up (e, u, −n). */
function toYUp(enu: Float32Array): Float32Array {
  const out = new Float32Array(enu.length);
  for (let i = 0; i < enu.length; i += 3) {
    out[i] = enu[i];
    out[i + 1] = enu[i + 2];
    out[i + 2] = -enu[i + 1];
  }
  return out;
}

function minMax3(a: Float32Array): { min: number[]; max: number[] } {
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < a.length; i += 3) {
    for (let k = 0; k < 3; k++) {
      const v = a[i + k];
      if (v < min[k]) min[k] = v;
      if (v > max[k]) max[k] = v;
    }
  }
  return { min, max };
}

interface PositionEncoding {
  data: ArrayBufferView;
  componentType: number;
  stride: number;
  min: number[];
  max: number[];
  /** node transform that dequantises, if quantised */
  translation?: number[];
  scale?: number[];
}

/**
 * Positions as 16-bit unsigned integers on a grid (uniform step for triangles, so normals stay undistorted; per
 * axis for lines), padded to 8 bytes per vertex; or float when the step would exceed maxStep. `coarseStep` lets far
 * (line) content use a coarser grid than 16 bits allow — fewer significant bits compress better.
 */
function encodePositions(pos: Float32Array, triangles: boolean, enc: ContentEncoding, coarseStep = 0): PositionEncoding {
  const mm = minMax3(pos);
  const ext = [0, 1, 2].map((k) => mm.max[k] - mm.min[k]);
  const uniform = Math.max(...ext) / 65535;
  const step = triangles ? [uniform, uniform, uniform] : ext.map((e) => Math.max(e / 65535, coarseStep));
  if (!enc.quantize || (triangles && uniform > enc.maxStep)) {
    return { data: pos, componentType: FLOAT, stride: 12, min: mm.min, max: mm.max };
  }
  for (let k = 0; k < 3; k++) if (!(step[k] > 0)) step[k] = 1;
  const n = pos.length / 3;
  const q = new Uint16Array(n * 4);
  const qmin = [65535, 65535, 65535];
  const qmax = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < 3; k++) {
      const v = Math.min(65535, Math.max(0, Math.round((pos[i * 3 + k] - mm.min[k]) / step[k])));
      q[i * 4 + k] = v;
      if (v < qmin[k]) qmin[k] = v;
      if (v > qmax[k]) qmax[k] = v;
    }
  }
  return { data: q, componentType: UNSIGNED_SHORT, stride: 8, min: qmin, max: qmax, translation: mm.min, scale: step };
}

function encodeNormals(nor: Float32Array): Int8Array {
  const n = nor.length / 3;
  const q = new Int8Array(n * 4);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < 3; k++) q[i * 4 + k] = Math.round(Math.max(-1, Math.min(1, nor[i * 3 + k])) * 127);
  }
  return q;
}

export interface WrittenContent {
  glb: Uint8Array;
  /** largest difference between a stored and an exact position component, metres */
  positionError: number;
}

/**
 * Writes the glb for a mesh whose feature ids index `gids`. `coarseStep`: position grid for line content, metres
 * (the tiler passes geometricError / 32, far below a pixel wherever the tile is shown).
 */
export function writeContent(
  data: Dataset,
  gids: ArrayLike<number>,
  mesh: Mesh,
  enc: ContentEncoding,
  coarseStep = 0,
): WrittenContent {
  const b = new GltfBuilder(GENERATOR, enc.meshopt);
  if (enc.compress) {
    // vertex-cache and vertex-fetch order: what the meshopt codecs compress best
    const [remap, unique] = MeshoptEncoder.reorderMesh(mesh.indices.view(), mesh.mode === 4, true);
    if (unique !== mesh.vertexCount) throw new Error('reorderMesh: unreferenced vertices in a tile mesh');
    permuteVertices(mesh, remap);
  }
  const vcount = mesh.vertexCount;
  const featureCount = gids.length;
  const triangles = mesh.mode === 4;
  const mo = (stride: number, count: number, mode: MeshoptView['mode'] = 'ATTRIBUTES'): MeshoptView | undefined =>
    enc.compress && count > 0 ? { mode, stride, count } : undefined;

  /** An accessor over one value of `stride` bytes per vertex (meshopt-compressed when the encoding says so). */
  const vertexAttribute = (
    data: ArrayBufferView,
    stride: number,
    a: { componentType: number; type: string; normalized?: boolean; min?: number[]; max?: number[] },
    meshopt = mo(stride, vcount),
  ): number =>
    b.addAccessor({
      bufferView: b.addView(data, { target: ARRAY_BUFFER, byteStride: stride, meshopt }),
      componentType: a.componentType,
      normalized: a.normalized,
      count: vcount,
      type: a.type,
      min: a.min,
      max: a.max,
    });

  const attributes: Record<string, number> = {};
  const node: JsonObject = { mesh: 0 };
  const pos = encodePositions(toYUp(mesh.positions.view()), triangles, enc, coarseStep);
  if (pos.translation && pos.scale) {
    b.useExtension('KHR_mesh_quantization', true);
    node.translation = pos.translation;
    node.scale = pos.scale;
  }
  attributes.POSITION = vertexAttribute(pos.data, pos.stride, {
    componentType: pos.componentType,
    type: 'VEC3',
    min: pos.min,
    max: pos.max,
  });
  if (mesh.withNormals) {
    const quantized = enc.quantize;
    const yup = toYUp(mesh.normals.view());
    const normal = { componentType: quantized ? BYTE : FLOAT, type: 'VEC3', normalized: quantized ? true : undefined };
    if (quantized && enc.compress && enc.octNormals) {
      // 8-bit octahedral normals through meshopt's OCTAHEDRAL filter (decoded to BYTE normalised xyz + pad)
      const four = new Float32Array(vcount * 4);
      for (let i = 0; i < vcount; i++) {
        four[i * 4] = yup[i * 3];
        four[i * 4 + 1] = yup[i * 3 + 1];
        four[i * 4 + 2] = yup[i * 3 + 2];
      }
      const filtered = MeshoptEncoder.encodeFilterOct(four, vcount, 4, 8);
      attributes.NORMAL = vertexAttribute(filtered, 4, normal, { ...mo(4, vcount)!, filter: 'OCTAHEDRAL' });
    } else {
      attributes.NORMAL = vertexAttribute(quantized ? encodeNormals(mesh.normals.view()) : yup, quantized ? 4 : 12, normal);
    }
  }
  attributes.COLOR_0 = vertexAttribute(mesh.colors.view(), 4, { componentType: UNSIGNED_BYTE, type: 'VEC4', normalized: true });
  const fidFloat = mesh.featureIds.view();
  const smallFids = enc.quantize && featureCount <= 65536;
  let fidData: ArrayBufferView = fidFloat;
  if (smallFids) {
    const u = new Uint16Array(vcount * 2);
    for (let i = 0; i < vcount; i++) u[i * 2] = fidFloat[i];
    fidData = u;
  }
  attributes._FEATURE_ID_0 = vertexAttribute(fidData, 4, { componentType: smallFids ? UNSIGNED_SHORT : FLOAT, type: 'SCALAR' });
  attributes._GID = vertexAttribute(mesh.gids.view(), 4, { componentType: FLOAT, type: 'SCALAR' });

  const idx = mesh.indices.view();
  const small = vcount <= 65535;
  const indexData = small ? Uint16Array.from(idx) : idx;
  const indices = b.addAccessor({
    bufferView: b.addView(indexData, {
      target: ELEMENT_ARRAY_BUFFER,
      meshopt: mo(small ? 2 : 4, idx.length, triangles ? 'TRIANGLES' : 'INDICES'),
    }),
    componentType: small ? UNSIGNED_SHORT : UNSIGNED_INT,
    count: idx.length,
    type: 'SCALAR',
  });

  // far line tiles leave the id strings out (the largest column; gid → id is in ids.txt)
  const cols = encodeColumns(gids, data);
  const properties: JsonObject = { gid: { values: b.addView(cols.gid, { meshopt: mo(4, featureCount) }) } };
  if (triangles) {
    properties.id = {
      values: b.addView(cols.idBytes),
      stringOffsets: b.addView(cols.idOffsets, { meshopt: mo(4, featureCount + 1) }),
      stringOffsetType: 'UINT32',
    };
  }
  properties.category = { values: b.addView(cols.category) };

  b.useExtension('EXT_mesh_features');
  b.useExtension('EXT_structural_metadata');
  b.json.materials = [
    {
      pbrMetallicRoughness: { baseColorFactor: [1, 1, 1, 1], metallicFactor: 0, roughnessFactor: 0.8 },
    },
  ];
  b.json.meshes.push({
    primitives: [
      {
        attributes,
        indices,
        material: 0,
        mode: mesh.mode,
        extensions: {
          EXT_mesh_features: { featureIds: [{ featureCount, attribute: 0, propertyTable: 0 }] },
        },
      },
    ],
  });
  b.json.nodes.push(node);
  b.json.scenes.push({ nodes: [0] });
  b.json.extensions = {
    EXT_structural_metadata: {
      schema: metadataSchema(),
      propertyTables: [
        {
          class: METADATA_CLASS,
          count: featureCount,
          properties,
        },
      ],
    },
  };
  return { glb: b.toGlb(), positionError: pos.scale ? Math.max(...pos.scale) / 2 : 0 };
}
