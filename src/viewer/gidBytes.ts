/**
 * One byte per gid, laid out as the rows of a texture `width` texels wide (gid → (gid % width, gid / width)), with the
 * range of rows changed since the last upload. The viewer's pipe style keeps its status and highlight textures in
 * these and uploads only the dirty rows in place (PipeStyle), so a change of a few assets costs a few kilobytes and
 * one of every asset costs one sub-image copy. Pure (no Cesium), so it is tested in Node.
 */
export interface DirtyRows {
  /** first changed row */
  first: number;
  /** number of rows from `first` */
  count: number;
}

export class GidBytes {
  readonly bytes: Uint8Array;
  readonly rows: number;
  private dirtyFirst = Infinity;
  private dirtyLast = -1;

  /**
   * @param count number of gids
   * @param width texels per row (a multiple of 4 keeps every row 4-byte aligned for the upload)
   * @param fill initial byte of every gid
   */
  constructor(
    readonly count: number,
    readonly width: number,
    fill = 0,
  ) {
    this.rows = Math.max(1, Math.ceil(count / width));
    this.bytes = new Uint8Array(this.rows * width);
    if (fill !== 0) this.bytes.fill(fill);
  }

  /**
   * bytes[gids[i]] = values[i] for every i where gids[i] is an integer gid in range and values[i] an integer in
   * 0…maxValue; returns how many were written. Typed arrays and plain arrays both work; nothing is allocated.
   */
  setMany(gids: ArrayLike<number>, values: ArrayLike<number>, maxValue: number): number {
    const n = Math.min(gids.length, values.length);
    // The feed's path: Uint32Array gids and Uint8Array codes are integers ≥ 0 by construction, so only the upper
    // bounds are checked. When the changes are many compared with the gids (≥ 1/16), they touch nearly every row:
    // every row is marked instead of tracking the range, which would cost more than uploading the few rows it saves.
    if (gids instanceof Uint32Array && values instanceof Uint8Array && n * 16 >= this.count) {
      return this.setManyTyped(gids, values, n, maxValue);
    }
    const bytes = this.bytes;
    const count = this.count;
    let lo = Infinity;
    let hi = -1;
    let written = 0;
    for (let i = 0; i < n; i++) {
      const gid = gids[i];
      const v = values[i];
      // `x >>> 0 === x`: a non-negative integer below 2^32 (NaN, fractions, negatives and non-numbers fail)
      if (gid >>> 0 === gid && gid < count && v >>> 0 === v && v <= maxValue) {
        bytes[gid] = v;
        if (gid < lo) lo = gid;
        if (gid > hi) hi = gid;
        written++;
      }
    }
    if (written > 0) this.markGids(lo, hi);
    return written;
  }

  private setManyTyped(gids: Uint32Array, values: Uint8Array, n: number, maxValue: number): number {
    const bytes = this.bytes;
    const count = this.count;
    let refused = 0;
    for (let i = 0; i < n; i++) {
      const gid = gids[i];
      const v = values[i];
      if (gid < count && v <= maxValue) bytes[gid] = v;
      else refused++;
    }
    if (refused < n) this.markGids(0, count - 1);
    return n - refused;
  }

  /** Every gid to `value`; all rows dirty. */
  fill(value: number): void {
    this.bytes.fill(value);
    this.markGids(0, this.bytes.length - 1);
  }

  get(gid: number): number {
    return gid >>> 0 === gid && gid < this.count ? this.bytes[gid] : 0;
  }

  /** Marks the rows holding gids lo…hi as changed. */
  markGids(lo: number, hi: number): void {
    const first = Math.floor(lo / this.width);
    const last = Math.floor(hi / this.width);
    if (first < this.dirtyFirst) this.dirtyFirst = first;
    if (last > this.dirtyLast) this.dirtyLast = last;
  }

  /** The rows changed since the last call (null if none), and forgets them. */
  takeDirty(): DirtyRows | null {
    if (this.dirtyLast < 0) return null;
    const first = this.dirtyFirst;
    const count = this.dirtyLast - first + 1;
    this.dirtyFirst = Infinity;
    this.dirtyLast = -1;
    return { first, count };
  }

  /** The bytes of rows first…first+count-1 (a view, no copy). */
  rowsView(d: DirtyRows): Uint8Array {
    return this.bytes.subarray(d.first * this.width, (d.first + d.count) * this.width);
  }
}
