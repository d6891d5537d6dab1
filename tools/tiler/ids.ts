/**
 * Asset ids by gid, stored as one UTF-8 byte buffer plus offsets: compact for millions of ids, shareable with
 * worker threads, and written straight out as ids.txt (one id per line, line number = gid).
 */
import { withCapacity } from '../../src/domain/growable';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export interface IdTableData {
  bytes: Uint8Array;
  /** count + 1 offsets into bytes */
  offsets: Uint32Array;
  count: number;
}

export class IdTable {
  private bytes: Uint8Array;
  private offsets: Uint32Array;
  count = 0;

  constructor(capacity = 1024) {
    this.bytes = new Uint8Array(Math.max(64, capacity * 10));
    this.offsets = new Uint32Array(Math.max(16, capacity) + 1);
  }

  add(id: string): void {
    this.bytes = withCapacity(this.bytes, this.offsets[this.count] + id.length * 3);
    this.offsets = withCapacity(this.offsets, this.count + 2);
    const start = this.offsets[this.count];
    const { written } = encoder.encodeInto(id, this.bytes.subarray(start));
    this.offsets[++this.count] = start + written;
  }

  /** Trimmed views (or copies into shared memory when `shared`). */
  data(shared = false): IdTableData {
    const used = this.offsets[this.count];
    if (!shared) return { bytes: this.bytes.subarray(0, used), offsets: this.offsets.subarray(0, this.count + 1), count: this.count };
    const bytes = new Uint8Array(new SharedArrayBuffer(Math.max(1, used)));
    bytes.set(this.bytes.subarray(0, used));
    const offsets = new Uint32Array(new SharedArrayBuffer((this.count + 1) * 4));
    offsets.set(this.offsets.subarray(0, this.count + 1));
    return { bytes, offsets, count: this.count };
  }
}

export function idAt(t: IdTableData, gid: number): string {
  return decoder.decode(t.bytes.subarray(t.offsets[gid], t.offsets[gid + 1]));
}

export function idBytesAt(t: IdTableData, gid: number): Uint8Array {
  return t.bytes.subarray(t.offsets[gid], t.offsets[gid + 1]);
}

/** ids.txt content: every id followed by '\n'. */
export function idsText(t: IdTableData): Uint8Array {
  const used = t.offsets[t.count];
  const out = new Uint8Array(used + t.count);
  let p = 0;
  for (let i = 0; i < t.count; i++) {
    const s = t.offsets[i];
    const e = t.offsets[i + 1];
    out.set(t.bytes.subarray(s, e), p);
    p += e - s;
    out[p++] = 10;
  }
  return out;
}
