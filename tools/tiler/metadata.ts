/**
 * EXT_structural_metadata for tile content: one class `asset` with the dense gid, the human id and the CJJ 61
 * category, and the encoding of one property table (columns as typed arrays, strings as UTF-8 + UINT32 offsets).
 */
import { CATEGORIES } from '../../src/domain/categories';
import type { JsonObject } from './glb';
import { idBytesAt } from './ids';
import type { Dataset } from './store';

export const METADATA_CLASS = 'asset';

export function metadataSchema(): JsonObject {
  return {
    id: 'cq_pipe_network',
    classes: {
      [METADATA_CLASS]: {
        properties: {
          // dense asset id 0…N-1 (segments, then nodes; the line number in ids.txt)
          gid: { type: 'SCALAR', componentType: 'UINT32', required: true },
          // human asset id, e.g. JP-000123: in leaf (solid) tiles only, far line tiles omit it (use ids.txt)
          id: { type: 'STRING' },
          // CJJ 61 category
          category: { type: 'ENUM', enumType: 'category', required: true },
        },
      },
    },
    enums: {
      category: {
        valueType: 'UINT8',
        values: CATEGORIES.map((c, i) => ({ name: c.code, value: i })),
      },
    },
  };
}

export interface PropertyColumns {
  gid: Uint32Array;
  idBytes: Uint8Array;
  idOffsets: Uint32Array;
  category: Uint8Array;
}

/** Encodes the property table columns for features in fid order. */
export function encodeColumns(gids: ArrayLike<number>, data: Dataset): PropertyColumns {
  const n = gids.length;
  const S = data.segments.count;
  const gid = new Uint32Array(n);
  const category = new Uint8Array(n);
  const idOffsets = new Uint32Array(n + 1);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const g = gids[i];
    gid[i] = g;
    category[i] = g < S ? data.segments.cat[g] : data.nodes.cat[g - S];
    total += data.ids.offsets[g + 1] - data.ids.offsets[g];
    idOffsets[i + 1] = total;
  }
  const idBytes = new Uint8Array(total);
  for (let i = 0; i < n; i++) idBytes.set(idBytesAt(data.ids, gids[i]), idOffsets[i]);
  return { gid, idBytes, idOffsets, category };
}
