/**
 * Asset ids in a compact table: UTF-8 bytes of all ids one after another, byte offsets, and an open-addressing hash
 * (FNV-1a over the bytes, linear probing) so an id is found without a Map of a million strings. The hash is rebuilt
 * on load (tens of milliseconds at a million ids), not stored.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function fnv(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) {
    h ^= bytes[i];
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class IdTable {
  readonly count: number;
  private readonly slots: Int32Array;
  private readonly cache: (string | undefined)[];
  private readonly tmp: number[] = [];
  private readonly mask: number;

  constructor(
    readonly bytes: Uint8Array,
    /** count + 1 byte offsets */
    readonly offsets: Uint32Array,
  ) {
    this.count = offsets.length - 1;
    this.cache = new Array<string | undefined>(this.count);
    let size = 16;
    while (size < this.count * 2) size <<= 1;
    this.mask = size - 1;
    this.slots = new Int32Array(size).fill(-1);
    for (let i = 0; i < this.count; i++) {
      let h = fnv(bytes, offsets[i], offsets[i + 1]) & this.mask;
      while (this.slots[h] >= 0) h = (h + 1) & this.mask;
      this.slots[h] = i;
    }
  }

  /** The id at index i (decoded once, then kept: results list the same ids again and again). */
  get(i: number): string {
    const hit = this.cache[i];
    if (hit !== undefined) return hit;
    const a = this.offsets[i];
    const b = this.offsets[i + 1];
    let id: string | null = null;
    // ASCII ids (all the generator's) without TextDecoder or a subarray: several times faster for short strings
    if (b - a <= 64) {
      const t = this.tmp;
      t.length = b - a;
      for (let k = a; k < b; k++) {
        const c = this.bytes[k];
        if (c > 127) {
          t.length = 0;
          break;
        }
        t[k - a] = c;
      }
      if (t.length === b - a) id = String.fromCharCode.apply(null, t);
    }
    id ??= decoder.decode(this.bytes.subarray(a, b));
    this.cache[i] = id;
    return id;
  }

  /** Index of an id, or −1. */
  find(id: string): number {
    const q = encoder.encode(id);
    let h = fnv(q, 0, q.length) & this.mask;
    for (;;) {
      const i = this.slots[h];
      if (i < 0) return -1;
      const a = this.offsets[i];
      if (this.offsets[i + 1] - a === q.length) {
        let same = true;
        for (let k = 0; k < q.length; k++) {
          if (this.bytes[a + k] !== q[k]) {
            same = false;
            break;
          }
        }
        if (same) return i;
      }
      h = (h + 1) & this.mask;
    }
  }
}

export class IdTableBuilder {
  private buf = new Uint8Array(1 << 16);
  private used = 0;
  private readonly offs: number[] = [0];

  add(id: string): void {
    if (this.used + id.length * 3 > this.buf.length) {
      const next = new Uint8Array(Math.max(this.buf.length * 2, this.used + id.length * 3));
      next.set(this.buf.subarray(0, this.used));
      this.buf = next;
    }
    this.used += encoder.encodeInto(id, this.buf.subarray(this.used)).written;
    this.offs.push(this.used);
  }

  finish(): IdTable {
    return new IdTable(this.buf.slice(0, this.used), Uint32Array.from(this.offs));
  }
}
