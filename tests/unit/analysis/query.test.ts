import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseArea } from '../../../src/analysis/area';
import { AreaError } from '../../../src/analysis/errors';
import { pointInRing } from '../../../src/analysis/predicates';
import { BOUNDARY, INSIDE, OUTSIDE, PreparedArea } from '../../../src/analysis/preparedArea';
import { queryArea, resolveFilters } from '../../../src/analysis/query';
import { buildQueryCopy } from '../../../src/analysis/queryCopy';
import type { LonLat } from '../../../src/domain/schema';
import { featureToSegment } from '../../../tools/query/network';

const line = (id: string, coords: LonLat[], props: Record<string, unknown> = {}, gid = 0) =>
  featureToSegment({ type: 'Feature', geometry: { type: 'LineString', coordinates: coords }, properties: { id, ...props } }, gid);

const square = parseArea({ type: 'Polygon', coordinates: [[[106.5, 29.5], [106.51, 29.5], [106.51, 29.51], [106.5, 29.51], [106.5, 29.5]]] });

describe('PreparedArea.locate (grid + exact) = exact ray casting over all rings', () => {
  it('for random points around a random polygon with a hole', () => {
    const rings = [
      [[106.5, 29.5], [106.53, 29.502], [106.52, 29.52], [106.535, 29.53], [106.5, 29.535], [106.49, 29.52], [106.5, 29.5]],
      [[106.505, 29.51], [106.515, 29.51], [106.51, 29.52], [106.505, 29.51]],
    ] as [number, number][][];
    const p = new PreparedArea([rings]);
    fc.assert(
      fc.property(fc.double({ min: 106.48, max: 106.54, noNaN: true }), fc.double({ min: 29.49, max: 29.54, noNaN: true }), (x, y) => {
        const a = pointInRing(x, y, rings[0]);
        const b = pointInRing(x, y, rings[1]);
        const want = a === 0 || b === 0 ? BOUNDARY : a > 0 && b < 0 ? INSIDE : OUTSIDE;
        expect(p.locate(x, y)).toBe(want);
      }),
      { numRuns: 5000 },
    );
    // vertices and edge points are boundary
    for (const r of rings) for (const v of r) expect(p.locate(v[0], v[1])).toBe(BOUNDARY);
    expect(p.locate(106.5, 29.5 + 0.0)).toBe(BOUNDARY);
  });
});

describe('engine details', () => {
  it('handles repeated vertices (Turf 7.4 misses crossings of such lines)', () => {
    const copy = buildQueryCopy([line('A', [[106.505, 29.515], [106.505, 29.515], [106.505, 29.505], [106.505, 29.505]])]);
    const r = queryArea(copy, square);
    expect(r.items.map((i) => i.relation)).toEqual(['crosses']);
    expect(r.items[0].lengthInside / r.items[0].length).toBeCloseTo(0.5, 6);
  });

  it('decides a piece shorter than an ulp from a vertex exactly (no representable midpoint)', () => {
    // From the corner (106.5, 29.5) one ulp north-east: into the interior.
    const y = 29.5 + 2 ** -48;
    const x = 106.5 + 2 ** -46;
    const copy = buildQueryCopy([line('A', [[106.5, 29.5], [x, y]])]);
    expect(queryArea(copy, square, { mode: 'within' }).items.map((i) => i.id)).toEqual(['A']);
    const out = buildQueryCopy([line('B', [[106.5, 29.5], [106.5 - 2 ** -46, y]])]);
    expect(queryArea(out, square).items.map((i) => i.relation)).toEqual(['touches']);
  });

  it('reports the inside depth range and whole-segment figures', () => {
    const copy = buildQueryCopy([line('A', [[106.49, 29.505], [106.51, 29.505]], { depth0: 1, depth1: 3, dn: 150, material: 'PE', year: 1987 })]);
    const [it] = queryArea(copy, square).items;
    expect(it.depthMin).toBeCloseTo(2, 3);
    expect(it.depthMax).toBeCloseTo(3, 3);
    expect(it.depth0).toBe(1);
    expect(it.diameterClass).toBe('100-300');
    expect(it.lengthInside / it.length).toBeCloseTo(0.5, 4);
    expect(it.length).toBeCloseTo(1938.9, 0); // 0.02° of longitude at 29.5°N on GRS80
  });

  it('returns nothing for an empty network, and results sorted by gid', () => {
    expect(queryArea(buildQueryCopy([]), square).items).toEqual([]);
    const copy = buildQueryCopy([2, 0, 1].map((g, k) => line(`P${g}`, [[106.505, 29.5 + k * 0.003 + 0.001], [106.506, 29.5 + k * 0.003 + 0.001]], {}, k)));
    expect(queryArea(copy, square).items.map((i) => i.gid)).toEqual([0, 1, 2]);
  });

  it('rejects bad filters with a typed error', () => {
    expect(() => resolveFilters({ categories: ['XX'] })).toThrow(AreaError);
    expect(() => resolveFilters({ minDepth: -1 })).toThrow(/depth/);
    expect(() => resolveFilters({ minDepth: 3, maxDepth: 1 })).toThrow(/greater/);
    expect(() => resolveFilters({ mode: 'touches' as never })).toThrow(/mode/);
    expect(resolveFilters({ categories: ['js', 'RQ', 'JS'] }).categories).toEqual(['JS', 'RQ']);
  });
});
