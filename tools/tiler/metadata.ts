/**
 * EXT_structural_metadata for tile content: one class `asset` with the dense gid, the human id and the CJJ 61
 * category, and the encoding of one property table (columns as typed arrays, strings as UTF-8 + UINT32 offsets).
 */
import { CATEGORIES } from '../../src/domain/categories';
import type { JsonObject } from './glb';

export const METADATA_CLASS = 'asset';

export function metadataSchema(): JsonObject {
  return {
    id: 'cq_pipe_network',
    name: 'Chongqing pipe network',
    version: '1',
    classes: {
      [METADATA_CLASS]: {
        name: 'Pipe network asset (segment or node)',
        properties: {
          gid: {
            type: 'SCALAR',
            componentType: 'UINT32',
            required: true,
            description: 'Dense asset id, 0…N-1: segments first, then nodes (line number in ids.txt).',
          },
          id: { type: 'STRING', required: true, description: 'Human asset id, e.g. JP-000123.' },
          category: { type: 'ENUM', enumType: 'category', required: true, description: 'CJJ 61 category.' },
        },
      },
    },
    enums: {
      category: {
        valueType: 'UINT8',
        values: CATEGORIES.map((c, i) => ({ name: c.code, value: i, description: `${c.zh} ${c.en}` })),
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

const encoder = new TextEncoder();

/** Encodes the property table columns for features in fid order. */
export function encodeColumns(gids: ArrayLike<number>, ids: readonly string[], cats: ArrayLike<number>): PropertyColumns {
  const n = gids.length;
  const gid = new Uint32Array(n);
  const category = new Uint8Array(n);
  const idOffsets = new Uint32Array(n + 1);
  const parts: Uint8Array[] = [];
  let total = 0;
  for (let i = 0; i < n; i++) {
    gid[i] = gids[i];
    category[i] = cats[i];
    const b = encoder.encode(ids[gids[i]]);
    parts.push(b);
    total += b.byteLength;
    idOffsets[i + 1] = total;
  }
  const idBytes = new Uint8Array(total);
  let p = 0;
  for (const b of parts) {
    idBytes.set(b, p);
    p += b.byteLength;
  }
  return { gid, idBytes, idOffsets, category };
}
