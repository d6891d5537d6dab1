import { MeshoptEncoder } from 'meshoptimizer';

/**
 * A minimal glTF 2.0 binary writer. Written by hand rather than through glTF-Transform because glTF-Transform 4.5
 * packs EXT_structural_metadata buffer views without padding (shared/design.md, measured pitfall): here EVERY buffer
 * view starts on an 8-byte boundary of the BIN chunk, so every accessor and property-table column is aligned for
 * any component type.
 *
 * Buffer views can be meshopt-encoded: the encoded bytes live in the GLB BIN chunk (buffer 0), the view itself points
 * into a fallback buffer (buffer 1, no data, `fallback: true`) whose layout is the decoded one, also 8-byte aligned.
 * Two spellings of the same scheme: EXT_meshopt_compression (vertex codec v0) and its ratified successor
 * KHR_meshopt_compression, which also allows the v1 vertex codec (about 10 % smaller here). CesiumJS ≥ 1.13x
 * reads both. Call `await initMeshopt()` once before writing compressed views.
 */

export const VIEW_ALIGN = 8;
/** GLB chunk lengths are multiples of this (EXT_structural_metadata: 8). */
export const CHUNK_ALIGN = 8;

export const ARRAY_BUFFER = 34962;
export const ELEMENT_ARRAY_BUFFER = 34963;

export const UNSIGNED_BYTE = 5121;
export const UNSIGNED_SHORT = 5123;
export const UNSIGNED_INT = 5125;
export const FLOAT = 5126;
export const BYTE = 5120;
export const SHORT = 5122;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue | undefined };
export type JsonObject = { [k: string]: JsonValue | undefined };

export interface BufferViewDef extends JsonObject {
  buffer: number;
  byteOffset: number;
  byteLength: number;
  byteStride?: number;
  target?: number;
  extensions?: JsonObject;
}

export interface AccessorDef extends JsonObject {
  bufferView: number;
  byteOffset?: number;
  componentType: number;
  normalized?: boolean;
  count: number;
  type: string;
  min?: number[];
  max?: number[];
}

export interface GltfJson extends JsonObject {
  asset: JsonObject;
  extensionsUsed?: string[];
  extensionsRequired?: string[];
  buffers: JsonObject[];
  bufferViews: BufferViewDef[];
  accessors: AccessorDef[];
  meshes: JsonObject[];
  nodes: JsonObject[];
  scenes: JsonObject[];
  scene: number;
  materials?: JsonObject[];
  extensions?: JsonObject;
}

export type MeshoptExtension = 'EXT_meshopt_compression' | 'KHR_meshopt_compression';

/** Vertex codec version each extension allows. */
const CODEC_VERSION: Record<MeshoptExtension, 0 | 1> = { EXT_meshopt_compression: 0, KHR_meshopt_compression: 1 };

export type MeshoptMode = 'ATTRIBUTES' | 'TRIANGLES' | 'INDICES';

export interface MeshoptView {
  mode: MeshoptMode;
  /** meshopt filter already applied to the data (the decoder undoes it) */
  filter?: 'OCTAHEDRAL' | 'QUATERNION' | 'EXPONENTIAL' | 'COLOR';
  /** element size in bytes: vertex stride (multiple of 4) or index size (2 or 4) */
  stride: number;
  count: number;
}

let meshoptReady = false;

export async function initMeshopt(): Promise<void> {
  await MeshoptEncoder.ready;
  meshoptReady = true;
}

function bytesOf(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

export class GltfBuilder {
  readonly json: GltfJson;
  private readonly parts: Uint8Array[] = [];
  private length = 0;
  /** decoded length of the meshopt fallback buffer */
  private fallbackLength = 0;

  constructor(
    generator: string,
    private readonly meshoptExtension: MeshoptExtension = 'EXT_meshopt_compression',
  ) {
    this.json = {
      asset: { version: '2.0', generator },
      buffers: [],
      bufferViews: [],
      accessors: [],
      meshes: [],
      nodes: [],
      scenes: [],
      scene: 0,
    };
  }

  /** Reserves aligned room in the BIN chunk and returns its offset. */
  private append(data: Uint8Array): number {
    const pad = (VIEW_ALIGN - (this.length % VIEW_ALIGN)) % VIEW_ALIGN;
    if (pad) {
      this.parts.push(new Uint8Array(pad));
      this.length += pad;
    }
    const offset = this.length;
    this.parts.push(data);
    this.length += data.byteLength;
    return offset;
  }

  /**
   * Adds a buffer view holding `data` (kept by reference; do not mutate afterwards), meshopt-encoded when `meshopt`
   * is given.
   */
  addView(data: ArrayBufferView, opts: { target?: number; byteStride?: number; meshopt?: MeshoptView } = {}): number {
    const bytes = bytesOf(data);
    let view: BufferViewDef;
    const mo = opts.meshopt;
    if (mo) {
      if (!meshoptReady) throw new Error('call initMeshopt() before writing meshopt-compressed views');
      if (mo.count * mo.stride !== bytes.byteLength) throw new Error('meshopt view: count × stride ≠ byteLength');
      const MESHOPT = this.meshoptExtension;
      const encoded = MeshoptEncoder.encodeGltfBuffer(bytes, mo.count, mo.stride, mo.mode, CODEC_VERSION[MESHOPT]);
      const at = this.append(encoded);
      this.fallbackLength = Math.ceil(this.fallbackLength / VIEW_ALIGN) * VIEW_ALIGN;
      view = {
        buffer: 1,
        byteOffset: this.fallbackLength,
        byteLength: bytes.byteLength,
        extensions: {
          [MESHOPT]: {
            buffer: 0,
            byteOffset: at,
            byteLength: encoded.byteLength,
            byteStride: mo.stride,
            count: mo.count,
            mode: mo.mode,
            ...(mo.filter ? { filter: mo.filter } : {}),
          },
        },
      };
      this.fallbackLength += bytes.byteLength;
      this.useExtension(MESHOPT, true);
    } else {
      view = { buffer: 0, byteOffset: this.append(bytes), byteLength: bytes.byteLength };
    }
    if (opts.byteStride !== undefined) view.byteStride = opts.byteStride;
    if (opts.target !== undefined) view.target = opts.target;
    this.json.bufferViews.push(view);
    return this.json.bufferViews.length - 1;
  }

  /** Adds raw bytes to the BIN chunk without a view (e.g. compressed payloads referenced by an extension). */
  addRaw(data: ArrayBufferView): { byteOffset: number; byteLength: number } {
    const bytes = bytesOf(data);
    return { byteOffset: this.append(bytes), byteLength: bytes.byteLength };
  }

  addAccessor(a: AccessorDef): number {
    this.json.accessors.push(a);
    return this.json.accessors.length - 1;
  }

  useExtension(name: string, required = false): void {
    const used = (this.json.extensionsUsed ??= []);
    if (!used.includes(name)) used.push(name);
    if (required) {
      const req = (this.json.extensionsRequired ??= []);
      if (!req.includes(name)) req.push(name);
    }
  }

  get binLength(): number {
    return this.length;
  }

  /**
   * Serialises to a GLB: JSON chunk padded with spaces, BIN chunk with zeros, both to a multiple of 8 bytes
   * (glTF asks for 4; EXT_structural_metadata's binary storage wants 8).
   */
  toGlb(): Uint8Array {
    const binLength = Math.ceil(this.length / CHUNK_ALIGN) * CHUNK_ALIGN;
    // the buffer spans the padding too (the Khronos validator warns about more than 3 bytes of chunk padding)
    this.json.buffers = [{ byteLength: binLength }];
    if (this.fallbackLength > 0) {
      this.json.buffers.push({
        byteLength: this.fallbackLength,
        extensions: { [this.meshoptExtension]: { fallback: true } },
      });
    }
    const jsonText = JSON.stringify(this.json);
    const jsonBytes = new TextEncoder().encode(jsonText);
    const jsonLength = Math.ceil(jsonBytes.byteLength / CHUNK_ALIGN) * CHUNK_ALIGN;
    const total = 12 + 8 + jsonLength + (this.length > 0 ? 8 + binLength : 0);
    const out = new Uint8Array(total);
    const dv = new DataView(out.buffer);
    dv.setUint32(0, 0x46546c67, true); // 'glTF'
    dv.setUint32(4, 2, true);
    dv.setUint32(8, total, true);
    dv.setUint32(12, jsonLength, true);
    dv.setUint32(16, 0x4e4f534a, true); // 'JSON'
    out.set(jsonBytes, 20);
    out.fill(0x20, 20 + jsonBytes.byteLength, 20 + jsonLength);
    if (this.length > 0) {
      let p = 20 + jsonLength;
      dv.setUint32(p, binLength, true);
      dv.setUint32(p + 4, 0x004e4942, true); // 'BIN\0'
      p += 8;
      for (const part of this.parts) {
        out.set(part, p);
        p += part.byteLength;
      }
    }
    return out;
  }
}

/** Parses a GLB into its JSON and BIN chunk (for tests and tools). */
export function parseGlb(glb: Uint8Array): { json: GltfJson; bin: Uint8Array; jsonByteLength: number } {
  const dv = new DataView(glb.buffer, glb.byteOffset, glb.byteLength);
  if (dv.getUint32(0, true) !== 0x46546c67) throw new Error('not a GLB (magic)');
  if (dv.getUint32(4, true) !== 2) throw new Error('GLB version is not 2');
  if (dv.getUint32(8, true) !== glb.byteLength) throw new Error('GLB length mismatch');
  const jsonLength = dv.getUint32(12, true);
  if (dv.getUint32(16, true) !== 0x4e4f534a) throw new Error('first chunk is not JSON');
  const json = JSON.parse(new TextDecoder().decode(glb.subarray(20, 20 + jsonLength))) as GltfJson;
  let bin: Uint8Array = new Uint8Array(0);
  const p = 20 + jsonLength;
  if (p < glb.byteLength) {
    const binLength = dv.getUint32(p, true);
    if (dv.getUint32(p + 4, true) !== 0x004e4942) throw new Error('second chunk is not BIN');
    bin = glb.subarray(p + 8, p + 8 + binLength);
  }
  return { json, bin, jsonByteLength: jsonLength };
}
