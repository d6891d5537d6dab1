/**
 * The one growable typed-array helper: values survive growth, the kind of array is kept, and a full array is the
 * only one replaced.
 */
import { describe, expect, it } from 'vitest';
import { GrowableArray, withCapacity } from '../../../src/domain/growable';

describe('withCapacity', () => {
  it('returns the same array while it is big enough', () => {
    const a = new Uint16Array([1, 2, 3]);
    expect(withCapacity(a, 3)).toBe(a);
    expect(withCapacity(a, 0)).toBe(a);
  });

  it('grows to twice the length (or the need, if larger) of the same kind, keeping the values', () => {
    const a = new Float32Array([0.5, 1.5, 2.5]);
    const b = withCapacity(a, 4);
    expect(b).toBeInstanceOf(Float32Array);
    expect(Array.from(b)).toEqual([0.5, 1.5, 2.5, 0, 0, 0]);
    const c = withCapacity(new Uint8Array([7, 8]), 9);
    expect(c).toBeInstanceOf(Uint8Array);
    expect(Array.from(c)).toEqual([7, 8, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('copies only the first `keep` values when told', () => {
    const b = withCapacity(new Int32Array([4, 5, 6, 7]), 5, 2);
    expect(Array.from(b)).toEqual([4, 5, 0, 0, 0, 0, 0, 0]);
  });
});

describe('GrowableArray', () => {
  it('keeps every pushed value, in order, across several growths', () => {
    const g = new GrowableArray(new Uint32Array(1));
    g.push1(1);
    g.push2(2, 3);
    g.push3(4, 5, 6);
    g.push4(7, 8, 9, 10);
    for (let i = 11; i <= 40; i++) g.push1(i);
    expect(g.length).toBe(40);
    expect(g.view()).toBeInstanceOf(Uint32Array);
    expect(Array.from(g.view())).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(g.data.length).toBeGreaterThanOrEqual(40);
  });

  it('reserve makes room without adding values', () => {
    const g = new GrowableArray(new Float64Array(2));
    g.push1(0.25);
    g.reserve(10);
    expect(g.length).toBe(1);
    expect(g.data.length).toBeGreaterThanOrEqual(11);
    expect(Array.from(g.view())).toEqual([0.25]);
  });
});
