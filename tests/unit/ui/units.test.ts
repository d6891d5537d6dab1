import { describe, expect, test } from 'vitest';
import { areaText, lengthIn, lengthText, lengthUnitFor } from '../../../src/ui/format';

describe('one unit per column of lengths', () => {
  test('a column whose largest value is 10 km or more is all in km, otherwise all in m', () => {
    expect(lengthUnitFor([850.24, 12_345, 3.4])).toBe('km');
    expect(lengthUnitFor([850.24, 9_999.9, 3.4])).toBe('m');
    expect(lengthUnitFor([10_000])).toBe('km');
    expect(lengthUnitFor([])).toBe('m');
  });

  test('every cell of a km column is in km with 2 decimals, small values included', () => {
    const col = [12_345, 850.24, 3.4];
    const unit = lengthUnitFor(col);
    expect(col.map((v) => lengthIn(v, unit, 'en'))).toEqual(['12.35 km', '0.85 km', '0.00 km']);
    expect(col.map((v) => lengthIn(v, unit, 'zh-CN'))).toEqual(['12.35 千米', '0.85 千米', '0.00 千米']);
  });

  test('every cell of a m column is in m with 1 decimal', () => {
    const col = [9_876.54, 850.24, 3];
    const unit = lengthUnitFor(col);
    expect(col.map((v) => lengthIn(v, unit, 'en'))).toEqual(['9876.5 m', '850.2 m', '3.0 m']);
    expect(lengthIn(850.24, unit, 'zh-CN')).toBe('850.2 米');
  });

  test('a length or an area on its own picks its own unit', () => {
    expect(lengthText(15_500, 'en')).toBe('15.50 km');
    expect(lengthText(1_234.56, 'en')).toBe('1234.6 m');
    expect(areaText(2_345_678, 'en')).toBe('2.346 km²');
    expect(areaText(2_345_678, 'zh-CN')).toBe('2.346 平方千米');
    expect(areaText(98_765.4, 'zh-CN')).toBe('98765 平方米');
  });
});
