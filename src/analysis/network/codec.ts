/**
 * network.bin: a NetworkData in one ArrayBuffer (built by tools/network/buildNetwork.ts, fetched by the Worker).
 *
 *   0  "CQNW"            magic
 *   4  uint32            format version
 *   8  uint32            header byte length H
 *   12 header JSON       { segmentCount, nodeCount, tables, sections: [name, byteOffset, length][] }
 *   …  sections          every typed-array column of model.ts, then the id tables; each 8-byte aligned, little-endian
 * Decoding views the columns in place (no copy); the id hashes are rebuilt.
 */
import { IdTable } from './ids';
import { COLUMN_NAMES, COLUMN_TYPES, type NetworkColumns, type NetworkData, type NetworkTables } from './model';

export const NETWORK_MAGIC = 'CQNW';
export const NETWORK_VERSION = 1;

type Section = [name: string, byteOffset: number, length: number];

interface Header {
  segmentCount: number;
  nodeCount: number;
  tables: NetworkTables;
  sections: Section[];
}

type Typed = Uint8Array | Uint16Array | Uint32Array | Float32Array | Float64Array;

const ID_SECTIONS = {
  segIdBytes: Uint8Array,
  segIdOffsets: Uint32Array,
  nodeIdBytes: Uint8Array,
  nodeIdOffsets: Uint32Array,
} as const;

const align8 = (n: number): number => (n + 7) & ~7;

export function encodeNetwork(net: NetworkData): ArrayBuffer {
  const parts: [string, Typed][] = COLUMN_NAMES.map((k) => [k, net[k]]);
  parts.push(['segIdBytes', net.segIds.bytes], ['segIdOffsets', net.segIds.offsets], ['nodeIdBytes', net.nodeIds.bytes], ['nodeIdOffsets', net.nodeIds.offsets]);
  // header size depends on the offsets it holds: lay out with a generous header estimate, then fix
  const sections: Section[] = [];
  const headerOf = (): Uint8Array =>
    new TextEncoder().encode(JSON.stringify({ segmentCount: net.segmentCount, nodeCount: net.nodeCount, tables: net.tables, sections } satisfies Header));
  let headerLen = headerOf().length + parts.length * 24 + 64;
  for (;;) {
    sections.length = 0;
    let off = align8(12 + headerLen);
    for (const [name, a] of parts) {
      sections.push([name, off, a.length]);
      off = align8(off + a.byteLength);
    }
    const h = headerOf();
    if (h.length <= headerLen) {
      const buf = new ArrayBuffer(off);
      const u8 = new Uint8Array(buf);
      u8.set(new TextEncoder().encode(NETWORK_MAGIC), 0);
      const dv = new DataView(buf);
      dv.setUint32(4, NETWORK_VERSION, true);
      dv.setUint32(8, headerLen, true);
      u8.fill(0x20, 12, 12 + headerLen);
      u8.set(h, 12);
      parts.forEach(([, a], i) => u8.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), sections[i][1]));
      return buf;
    }
    headerLen = h.length + 64;
  }
}

export function decodeNetwork(buf: ArrayBuffer): NetworkData {
  if (buf.byteLength < 12 || new TextDecoder().decode(new Uint8Array(buf, 0, 4)) !== NETWORK_MAGIC) throw new Error('not a network file (magic)');
  const dv = new DataView(buf);
  const version = dv.getUint32(4, true);
  if (version !== NETWORK_VERSION) throw new Error(`network file version ${version}, expected ${NETWORK_VERSION}`);
  const H = dv.getUint32(8, true);
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buf, 12, H))) as Header;
  const byName = new Map(header.sections.map((s) => [s[0], s]));
  const view = <T extends Typed>(name: string, Ctor: new (b: ArrayBuffer, o: number, l: number) => T): T => {
    const s = byName.get(name);
    if (!s) throw new Error(`network file: section ${name} missing`);
    return new Ctor(buf, s[1], s[2]);
  };
  const cols = {} as Record<keyof NetworkColumns, Typed>;
  for (const k of COLUMN_NAMES) cols[k] = view(k, COLUMN_TYPES[k] as unknown as new (b: ArrayBuffer, o: number, l: number) => Typed);
  return {
    ...(cols as unknown as NetworkColumns),
    segmentCount: header.segmentCount,
    nodeCount: header.nodeCount,
    tables: header.tables,
    segIds: new IdTable(view('segIdBytes', ID_SECTIONS.segIdBytes), view('segIdOffsets', ID_SECTIONS.segIdOffsets)),
    nodeIds: new IdTable(view('nodeIdBytes', ID_SECTIONS.nodeIdBytes), view('nodeIdOffsets', ID_SECTIONS.nodeIdOffsets)),
  };
}
