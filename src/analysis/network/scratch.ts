/**
 * Reusable visit marks for searches: one Uint32Array per kind, a new epoch per search (no clearing, no allocation
 * per query), and one stack.
 */
export class Marks {
  private readonly a: Uint32Array;
  private epoch = 0;
  constructor(size: number) {
    this.a = new Uint32Array(size);
  }
  /** Start a new search: every mark is cleared. */
  reset(): void {
    this.epoch++;
    if (this.epoch === 0xffffffff) {
      this.a.fill(0);
      this.epoch = 1;
    }
  }
  has(i: number): boolean {
    return this.a[i] === this.epoch;
  }
  /** Marks i; false when it was marked already. */
  add(i: number): boolean {
    if (this.a[i] === this.epoch) return false;
    this.a[i] = this.epoch;
    return true;
  }
}

export class Stack {
  data: Uint32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Uint32Array(capacity);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Uint32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  pop(): number {
    return this.data[--this.length];
  }
}
