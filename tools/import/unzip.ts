/**
 * Reads the entries of a .zip held in memory (stored or deflated; node:zlib inflates). Enough for Shapefile bundles;
 * a truncated or corrupt archive is an ImportError with one line of text, never a hang.
 */
import { inflateRawSync } from 'node:zlib';
import { guessUtf8OrGbk } from './encoding';
import { ImportError } from './errors';

export interface ZipEntry {
  name: string;
  data: Uint8Array;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export function unzip(buf: Uint8Array, label: string): ZipEntry[] {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const bad = (what: string): never => {
    throw new ImportError(`${label}: not a readable zip archive (${what})`);
  };
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65_535); i--) {
    if (view.getUint32(i, true) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) bad('no end-of-archive record');
  const count = view.getUint16(eocd + 10, true);
  let p = view.getUint32(eocd + 16, true);
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || view.getUint32(p, true) !== CENTRAL) bad('broken central directory');
    const flags = view.getUint16(p + 8, true);
    const method = view.getUint16(p + 10, true);
    const csize = view.getUint32(p + 20, true);
    const usize = view.getUint32(p + 24, true);
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    const local = view.getUint32(p + 42, true);
    const nameBytes = buf.subarray(p + 46, p + 46 + nameLen);
    const name = new TextDecoder(flags & 0x800 ? 'utf-8' : guessUtf8OrGbk(nameBytes).label).decode(nameBytes);
    p += 46 + nameLen + extraLen + commentLen;
    if (name.endsWith('/')) continue;
    if (local + 30 > buf.length || view.getUint32(local, true) !== LOCAL) bad(`broken entry ${name}`);
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    if (start + csize > buf.length) bad(`entry ${name} is cut short`);
    const raw = buf.subarray(start, start + csize);
    let data: Uint8Array;
    if (method === 0) data = raw;
    else if (method === 8) {
      try {
        data = inflateRawSync(raw);
      } catch {
        return bad(`entry ${name} does not inflate`);
      }
    } else return bad(`entry ${name} uses compression method ${method}`);
    if (data.length !== usize) bad(`entry ${name} has ${data.length} bytes, expected ${usize}`);
    entries.push({ name, data });
  }
  return entries;
}
