/** Generated administrative units (tools/generate/adminUnits.ts): lattice outlines, and levels that nest exactly. */
import { describe, expect, it } from 'vitest';
import { parseAdminUnits } from '../../../src/domain/adminUnits';
import { ringAreaM2 } from '../../../src/domain/geodesy';
import { buildAdminUnits, traceCells } from '../../../tools/generate/adminUnits';
import { LocalFrame, type XY } from '../../../tools/generate/geo';

describe('admin units', () => {
  it('traces a ring of 8 cells as one polygon with a hole, and two cells touching at a corner as two polygons', () => {
    const ring = new Set(['0,0', '1,0', '2,0', '0,1', '2,1', '0,2', '1,2', '2,2']);
    const polys = traceCells(ring);
    expect(polys).toHaveLength(1);
    expect(polys[0]).toHaveLength(2);
    expect(polys[0][0]).toHaveLength(4); // the outer square, corners only
    expect(polys[0][1]).toHaveLength(4); // the hole
    expect(traceCells(new Set(['0,0', '1,1']))).toHaveLength(2);
  });

  it('every grid lies in one street and every street in one district: their areas add up exactly', () => {
    const frame = new LocalFrame(106.57, 29.565);
    // the Jialing as a straight line at 29.57: north of it Jiangbei, south Yuzhong
    const district = (p: XY): string => (frame.toLonLat(p)[1] > 29.57 ? 'jiangbei' : 'yuzhong');
    const fc = buildAdminUnits({ frame, bbox: [106.555, 29.555, 106.585, 29.58], district });
    const { tree, problems } = parseAdminUnits(fc);
    expect(problems).toEqual([]);
    const area = (id: string): number => {
      const g = tree.units.get(id)?.geometry;
      const polys = g?.type === 'Polygon' ? [g.coordinates] : (g?.coordinates ?? []);
      return polys.reduce((s, rings) => s + ringAreaM2(rings[0]) - rings.slice(1).reduce((h, r) => h + ringAreaM2(r), 0), 0);
    };
    expect(tree.byLevel.district.map((id) => tree.units.get(id)?.name)).toEqual(['渝中区', '江北区']);
    expect(tree.byLevel.grid.length).toBeGreaterThan(20);
    for (const level of ['district', 'street'] as const) {
      for (const id of tree.byLevel[level]) {
        const children = tree.units.get(id)?.children ?? [];
        expect(children.length).toBeGreaterThan(0);
        const sum = children.reduce((s, c) => s + area(c), 0);
        // ringAreaM2 works at each ring's mean latitude (≈1e-5 apart between rings): a gap or overlap of one cell is ~1e-2
        expect(Math.abs(sum - area(id)) / area(id)).toBeLessThan(1e-4);
      }
    }
    // same input, same file
    expect(JSON.stringify(buildAdminUnits({ frame, bbox: [106.555, 29.555, 106.585, 29.58], district }))).toBe(JSON.stringify(fc));
  });
});
