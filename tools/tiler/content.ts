/**
 * One tile's content: the meshes of its assets in the tile's local frame, written as a glb with
 *  - POSITION, NORMAL (glTF y-up: local ENU (e, n, u) is stored as (e, u, −n); Cesium turns y-up into z-up),
 *  - COLOR_0 (category display colour, unsigned byte normalised, RGBA),
 *  - _FEATURE_ID_0 (EXT_mesh_features, index into the property table) and _GID (plain float = the asset gid, what a
 *    CustomShader reads as fsInput.attributes.gid at any feature count),
 *  - EXT_structural_metadata: one property table (gid, id, category) with count = featureCount.
 */
import { CATEGORIES } from '../../src/domain/categories';
import {
  ARRAY_BUFFER,
  ELEMENT_ARRAY_BUFFER,
  FLOAT,
  GltfBuilder,
  UNSIGNED_BYTE,
  UNSIGNED_INT,
  UNSIGNED_SHORT,
} from './glb';
import type { LocalFrame } from './geodesy';
import { addNode, addSegment } from './geometry';
import { Mesh, type VertexFeature } from './mesh';
import { encodeColumns, METADATA_CLASS, metadataSchema } from './metadata';
import type { Dataset } from './store';

export const GENERATOR = 'cq-pipe-twin tiler';

export interface ContentOptions {
  /** radial sides of round pipes and cylinders */
  sides: number;
}

export interface ContentStats {
  features: number;
  vertices: number;
  triangles: number;
  bytes: number;
}

const displayRgb = CATEGORIES.map((c) => c.display);

/** Builds the mesh of the given assets (gids in property-table order) in a local frame. */
export function buildMesh(data: Dataset, gids: ArrayLike<number>, frame: LocalFrame, opts: ContentOptions): Mesh {
  const mesh = new Mesh(4, true);
  const S = data.segments.count;
  const f: { fid: number; gid: number; rgb: readonly [number, number, number] } = { fid: 0, gid: 0, rgb: [0, 0, 0] };
  for (let i = 0; i < gids.length; i++) {
    const gid = gids[i];
    f.fid = i;
    f.gid = gid;
    if (gid < S) {
      f.rgb = displayRgb[data.segments.cat[gid]];
      addSegment(mesh, frame, data, gid, f as VertexFeature, opts.sides);
    } else {
      f.rgb = displayRgb[data.nodes.cat[gid - S]];
      addNode(mesh, frame, data, gid - S, f as VertexFeature, opts.sides);
    }
  }
  return mesh;
}

/** ENU (e, n, u) → glTF y-up (e, u, −n), in place on a copy. */
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

/** Writes the glb for a mesh whose feature ids index `gids`. */
export function writeContent(data: Dataset, gids: ArrayLike<number>, mesh: Mesh): Uint8Array {
  const b = new GltfBuilder(GENERATOR);
  const vcount = mesh.vertexCount;
  const featureCount = gids.length;

  const attributes: Record<string, number> = {};
  if (vcount > 0) {
    const pos = toYUp(mesh.positions.view());
    const mm = minMax3(pos);
    attributes.POSITION = b.addAccessor({
      bufferView: b.addView(pos, { target: ARRAY_BUFFER }),
      componentType: FLOAT,
      count: vcount,
      type: 'VEC3',
      min: mm.min,
      max: mm.max,
    });
    if (mesh.withNormals) {
      attributes.NORMAL = b.addAccessor({
        bufferView: b.addView(toYUp(mesh.normals.view()), { target: ARRAY_BUFFER }),
        componentType: FLOAT,
        count: vcount,
        type: 'VEC3',
      });
    }
    attributes.COLOR_0 = b.addAccessor({
      bufferView: b.addView(mesh.colors.view(), { target: ARRAY_BUFFER }),
      componentType: UNSIGNED_BYTE,
      normalized: true,
      count: vcount,
      type: 'VEC4',
    });
    attributes._FEATURE_ID_0 = b.addAccessor({
      bufferView: b.addView(mesh.featureIds.view(), { target: ARRAY_BUFFER }),
      componentType: FLOAT,
      count: vcount,
      type: 'SCALAR',
    });
    attributes._GID = b.addAccessor({
      bufferView: b.addView(mesh.gids.view(), { target: ARRAY_BUFFER }),
      componentType: FLOAT,
      count: vcount,
      type: 'SCALAR',
    });
  }
  const idx = mesh.indices.view();
  const small = vcount <= 65535;
  const indexData = small ? Uint16Array.from(idx) : idx;
  const indices = b.addAccessor({
    bufferView: b.addView(indexData, { target: ELEMENT_ARRAY_BUFFER }),
    componentType: small ? UNSIGNED_SHORT : UNSIGNED_INT,
    count: idx.length,
    type: 'SCALAR',
  });

  const cols = encodeColumns(
    gids,
    data.ids,
    Array.from(gids, (g) => (g < data.segments.count ? data.segments.cat[g] : data.nodes.cat[g - data.segments.count])),
  );
  const gidView = b.addView(cols.gid);
  const idView = b.addView(cols.idBytes);
  const idOffsetView = b.addView(cols.idOffsets);
  const catView = b.addView(cols.category);

  b.useExtension('EXT_mesh_features');
  b.useExtension('EXT_structural_metadata');
  b.json.materials = [
    {
      name: 'cjj61-vertex-colour',
      pbrMetallicRoughness: { baseColorFactor: [1, 1, 1, 1], metallicFactor: 0, roughnessFactor: 0.8 },
    },
  ];
  b.json.meshes.push({
    name: 'assets',
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
  b.json.nodes.push({ mesh: 0 });
  b.json.scenes.push({ nodes: [0] });
  b.json.extensions = {
    EXT_structural_metadata: {
      schema: metadataSchema(),
      propertyTables: [
        {
          class: METADATA_CLASS,
          count: featureCount,
          properties: {
            gid: { values: gidView },
            id: { values: idView, stringOffsets: idOffsetView, stringOffsetType: 'UINT32' },
            category: { values: catView },
          },
        },
      ],
    },
  };
  return b.toGlb();
}
