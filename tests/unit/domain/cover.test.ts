import { describe, expect, it } from 'vitest';
import { DEFAULT_COVER, coverRow, minCover, type CoverTable } from '../../../src/domain/cover';
import { CATEGORY_CODES } from '../../../src/domain/categories';

describe('minCover (GB 50289 minimum cover as data)', () => {
  it('gives the standards.md §3 values for sidewalk and carriageway', () => {
    expect(minCover('PS', 'WS', false)).toBe(0.6);
    expect(minCover('PS', 'YS', true)).toBe(0.7);
    expect(minCover('RQ', 'TR', false)).toBe(0.6);
    expect(minCover('RQ', 'TR', true)).toBe(0.9);
    expect(minCover('JS', 'JP', true)).toBe(0.7);
    expect(minCover('RL', 'RS', true)).toBe(1.0);
    expect(minCover('DL', 'GD', false)).toBe(0.7);
    expect(minCover('TX', 'XX', true)).toBe(0.9);
  });

  it('never asks less under the carriageway than under the sidewalk', () => {
    for (const cat of CATEGORY_CODES) {
      expect(minCover(cat, '', true)).toBeGreaterThanOrEqual(minCover(cat, '', false));
    }
  });

  it('falls back to the strictest buried row for categories without one', () => {
    expect(coverRow('GY', 'QQ')).toBe(DEFAULT_COVER.fallback);
    expect(minCover('QT', 'ZH', true)).toBe(1.0);
  });

  it('lets a caller override by category and by sub-type', () => {
    const table: CoverTable = {
      ...DEFAULT_COVER,
      categories: { ...DEFAULT_COVER.categories, JS: { sidewalk: 0.8, carriageway: 1.1, sure: 'E' } },
      subs: { LD: { sidewalk: 0.5, carriageway: 0.7, sure: 'E' } },
    };
    expect(minCover('JS', 'JP', true, table)).toBe(1.1);
    expect(minCover('DL', 'LD', false, table)).toBe(0.5);
    expect(minCover('DL', 'GD', false, table)).toBe(0.7);
  });
});
