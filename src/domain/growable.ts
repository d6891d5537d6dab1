/**
 * Growable typed arrays: the one home for "copy into a bigger typed array of the same kind when it is full".
 * Builders that append millions of numbers (the tiler's meshes and stores, the query copy, the area query's
 * scratch buffers) use these instead of arrays of numbers or a local copy of the same loop. Pure: runs anywhere.
 */

export type GrowableTypedArray =
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array;

/**
 * `a` itself when it already holds `need` elements; otherwise a new array of the same kind with room for at least
 * `need` (twice the old length when that is more) holding a copy of `a`'s first `keep` elements (default: all).
 */
export function withCapacity<T extends GrowableTypedArray>(a: T, need: number, keep: number = a.length): T {
  if (need <= a.length) return a;
  const Kind = a.constructor as new (length: number) => T;
  const next = new Kind(Math.max(need, a.length * 2));
  next.set(keep >= a.length ? a : a.subarray(0, keep));
  return next;
}

/** An append-only typed array: `data[0 … length-1]` are the values, the rest is spare room. */
export class GrowableArray<T extends GrowableTypedArray> {
  data: T;
  length = 0;

  /** `initial`: the first backing store (its length is the first capacity; its contents are ignored). */
  constructor(initial: T) {
    this.data = initial;
  }

  /** Make room for `extra` more values. */
  reserve(extra: number): void {
    const need = this.length + extra;
    if (need > this.data.length) this.data = withCapacity(this.data, need, this.length);
  }

  push1(a: number): void {
    this.reserve(1);
    this.data[this.length++] = a;
  }

  push2(a: number, b: number): void {
    this.reserve(2);
    const d = this.data;
    const l = this.length;
    d[l] = a;
    d[l + 1] = b;
    this.length = l + 2;
  }

  push3(a: number, b: number, c: number): void {
    this.reserve(3);
    const d = this.data;
    const l = this.length;
    d[l] = a;
    d[l + 1] = b;
    d[l + 2] = c;
    this.length = l + 3;
  }

  push4(a: number, b: number, c: number, e: number): void {
    this.reserve(4);
    const d = this.data;
    const l = this.length;
    d[l] = a;
    d[l + 1] = b;
    d[l + 2] = c;
    d[l + 3] = e;
    this.length = l + 4;
  }

  /** The values (a view on the backing store: valid until the next push). */
  view(): T {
    return this.data.subarray(0, this.length) as T;
  }
}
