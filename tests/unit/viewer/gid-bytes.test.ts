/**
 * The byte-per-gid buffer behind the status and highlight textures: what a status change writes, what it refuses, and
 * which texture rows it marks for the in-place upload (only those rows are sent to the GPU).
 */
import { describe, expect, it } from 'vitest';
import { GidBytes } from '../../../src/viewer/gidBytes';

describe('GidBytes', () => {
  it('lays gids out in rows of `width` and sizes the last row up', () => {
    const b = new GidBytes(10, 4);
    expect(b.rows).toBe(3);
    expect(b.bytes.length).toBe(12);
    expect(new GidBytes(0, 4).rows).toBe(1);
    expect(Array.from(new GidBytes(3, 4, 255).bytes)).toEqual([255, 255, 255, 255]);
  });

  it('writes valid gid/value pairs, refuses the rest, and counts what it wrote', () => {
    const b = new GidBytes(10, 4);
    const written = b.setMany(
      [0, 9, 10, -1, 2.5, Number.NaN, 3, 4, 5],
      [1, 2, 3, 3, 3, 3, 5, 4.5, -1],
      4,
    );
    expect(written).toBe(2);
    expect(Array.from(b.bytes.subarray(0, 10))).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 2]);
    expect(b.get(9)).toBe(2);
    expect(b.get(10)).toBe(0);
    expect(b.get(-1)).toBe(0);
  });

  it('typed arrays give the same result as plain arrays; the shorter of the two lists wins', () => {
    const a = new GidBytes(100, 8);
    const c = new GidBytes(100, 8);
    expect(a.setMany([5, 50, 99, 7], [1, 2, 3], 4)).toBe(3);
    expect(c.setMany(new Uint32Array([5, 50, 99, 7]), new Uint8Array([1, 2, 3]), 4)).toBe(3);
    expect(Array.from(c.bytes)).toEqual(Array.from(a.bytes));
    expect(a.get(7)).toBe(0);
  });

  it('marks only the rows that changed, as one range, and forgets them once taken', () => {
    const b = new GidBytes(40, 4); // 10 rows
    expect(b.takeDirty()).toBeNull();
    b.setMany([9, 22], [1, 1], 4); // rows 2 and 5
    const d = b.takeDirty();
    expect(d).toEqual({ first: 2, count: 4 });
    expect(b.takeDirty()).toBeNull();
    // the view handed to the upload is exactly those rows
    expect(b.rowsView(d!).length).toBe(16);
    expect(b.rowsView(d!)[1]).toBe(1); // gid 9 = row 2, column 1
    expect(b.rowsView(d!)[14]).toBe(1); // gid 22 = row 5, column 2
  });

  it('a call that writes nothing marks nothing; fill marks every row', () => {
    const b = new GidBytes(40, 4);
    b.setMany([100, -3], [1, 1], 4);
    expect(b.takeDirty()).toBeNull();
    b.fill(2);
    expect(b.takeDirty()).toEqual({ first: 0, count: 10 });
    expect(b.get(39)).toBe(2);
  });

  it('changes accumulate until taken: two calls before an upload send the union of their rows', () => {
    const b = new GidBytes(40, 4);
    b.setMany([30], [3], 4);
    b.setMany([5], [1], 4);
    expect(b.takeDirty()).toEqual({ first: 1, count: 7 });
  });
});

describe('GidBytes, many changes as typed arrays (the feed path)', () => {
  it('writes and refuses exactly like the plain-array path', () => {
    const gids = [3, 40, 7, 39, 0, 12];
    const codes = [1, 2, 9, 4, 3, 0];
    const plain = new GidBytes(40, 4);
    const typed = new GidBytes(40, 4);
    expect(plain.setMany(gids, codes, 4)).toBe(4);
    expect(typed.setMany(new Uint32Array(gids), new Uint8Array(codes), 4)).toBe(4);
    expect(Array.from(typed.bytes)).toEqual(Array.from(plain.bytes));
    // many changes for few gids: every row of the gid range is sent, not just the touched ones
    expect(typed.takeDirty()).toEqual({ first: 0, count: 10 });
    expect(plain.takeDirty()).toEqual({ first: 0, count: 10 });
  });

  it('a batch that writes nothing marks nothing', () => {
    const b = new GidBytes(40, 4);
    expect(b.setMany(new Uint32Array([40, 41, 5]), new Uint8Array([1, 1, 7]), 4)).toBe(0);
    expect(b.takeDirty()).toBeNull();
  });
});
