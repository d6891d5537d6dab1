import type { FeatureCollection, LineString, Point } from 'geojson';
import { describe, expect, it } from 'vitest';
import { bufferXY } from '../../../../src/analysis/review/buffer';
import { ReviewInputError } from '../../../../src/analysis/review/excavation';
import { riverbankReview } from '../../../../src/analysis/review/riverbank';
import type { CatchmentResult } from '../../../../src/analysis/network/types';
import { buildQueryCopy } from '../../../../src/analysis/queryCopy';
import { STATUS_NORMAL, STATUS_UNKNOWN, STATUS_WARNING } from '../../../../src/domain/status';
import type { OutfallProps, SectionProps } from '../../../../src/domain/schema';
import fx from '../../../fixtures/review/riverbank.json';
import { lonLatOf, segmentsOf } from './fixtures';

const ll = (p: number[]) => lonLatOf(fx.origin, p);
const copy = buildQueryCopy(segmentsOf(fx.origin, fx.pipes));
const outfalls: FeatureCollection<Point, OutfallProps> = {
  type: 'FeatureCollection',
  features: fx.outfalls.map((o) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: ll(o.xy) }, properties: { id: o.id, gid: o.gid, sub: 'YS', river: 'yangtze', dn: 800 } })),
};
const sections: FeatureCollection<LineString, SectionProps> = {
  type: 'FeatureCollection',
  features: fx.sections.map((s) => ({
    type: 'Feature',
    geometry: { type: 'LineString', coordinates: s.xy.map(ll) },
    properties: { id: s.id, name: s.id, nameEn: s.id, river: s.river as SectionProps['river'], targetClass: s.targetClass as SectionProps['targetClass'], level: 'municipal' },
  })),
};
const project = { ...fx.project, river: 'yangtze' as const, polygon: fx.project.polygon.map((r) => r.map(ll)) };
const catchment = (id: string): CatchmentResult => {
  if (id !== 'O1') throw new Error('unknown-id');
  return { counts: { pipes: 3 }, length: 120.44, area: 0.012, pipes: [{ gid: 7 }, { gid: 8 }, { gid: 9 }] } as unknown as CatchmentResult;
};
const classes: Record<string, 2 | 4> = { S1: 2, S2: 4 };

const result = riverbankReview(project, fx.distanceM, {
  copy,
  outfalls,
  sections,
  centrelines: [{ river: 'yangtze', coords: fx.centreline.map(ll) }, { river: 'jialing', coords: [ll([0, 400]), ll([0, 900])] }],
  classOf: (id) => classes[id] ?? null,
  catchment,
});

const near = (got: number, want: number, tol: number) => expect(Math.abs(got - want)).toBeLessThan(tol);

describe('riverbankReview (hand-worked: 100 × 20 m project, 10 m buffer)', () => {
  it('buffers in projected metres (area of a rounded rectangle), not in degrees', () => {
    expect(result.buffer.crs).toBe('EPSG:4545');
    near(result.buffer.areaM2, fx.expected.bufferAreaM2, 0.5);
    near(result.project.areaM2, 2000, 0.5);
  });

  it('lists pipes under and near the project by category, with lengths inside', () => {
    const strip = (gs: typeof result.pipes.under) => gs.map((g) => ({ cat: g.cat, count: g.count, ids: g.ids }));
    expect(strip(result.pipes.under)).toEqual(fx.expected.under.map(({ cat, count, ids }) => ({ cat, count, ids })));
    expect(strip(result.pipes.near)).toEqual(fx.expected.near.map(({ cat, count, ids }) => ({ cat, count, ids })));
    fx.expected.under.forEach((g, i) => near(result.pipes.under[i].lengthM, g.lengthM, 0.2));
    near(result.pipes.near[0].lengthM, fx.expected.near[0].lengthM, 0.3);
    expect(result.pipes.counts).toEqual({ under: 2, near: 2 });
  });

  it('finds the outfalls in the buffer and the sections up- and downstream with their class', () => {
    expect(result.outfalls.map((o) => ({ id: o.id, inProject: o.inProject }))).toEqual(fx.expected.outfalls);
    expect(result.sections.map((s) => [s.id, s.position])).toEqual(fx.expected.sections.map((s) => [s.id, s.position]));
    fx.expected.sections.forEach((s, i) => near(result.sections[i].distanceM, s.distanceM, 1));
    const byId = Object.fromEntries(result.sections.map((s) => [s.id, s]));
    expect([byId.S1.currentClass, byId.S1.status]).toEqual([2, STATUS_NORMAL]);
    expect([byId.S2.currentClass, byId.S2.status]).toEqual([4, STATUS_WARNING]);
    expect([byId.S3.currentClass, byId.S3.status]).toEqual([null, STATUS_UNKNOWN]);
  });

  it('adds the catchments of the outfalls inside (the sewers draining through it)', () => {
    expect(result.drainage).toEqual({ catchments: [{ outfall: 'O1', pipes: 3, lengthM: 120.4, areaKm2: 0.012, pipeGids: [7, 8, 9] }], pipes: 3, lengthM: 120.4 });
    const without = riverbankReview(project, 10, { copy });
    expect(without.drainage).toBeNull();
    expect(without.sections).toEqual([]);
  });

  it('a zero distance keeps the project itself; bad distances are refused', () => {
    const zero = riverbankReview(project, 0, { copy, outfalls });
    expect(zero.pipes.near).toEqual([]);
    expect(zero.outfalls.map((o) => o.id)).toEqual(['O2']);
    expect(() => riverbankReview(project, -1, { copy })).toThrow(ReviewInputError);
    expect(() => riverbankReview(project, Number.NaN, { copy })).toThrow(ReviewInputError);
  });
});

describe('bufferXY', () => {
  it('a square of side 2 by 1 m: corners rounded, sides straight', () => {
    const g = bufferXY([[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]], 1);
    expect(g.type).toBe('Polygon');
    const ring = (g.type === 'Polygon' ? g.coordinates[0] : []) as number[][];
    const xs = ring.map((p) => p[0]);
    const ys = ring.map((p) => p[1]);
    near(Math.min(...xs), -1, 1e-6);
    near(Math.max(...ys), 3, 1e-6);
    // corners on the circle (JSTS): no vertex nearer than 1 m to the square, none farther
    for (const [x, y] of ring) {
      const dx = Math.max(0 - x, 0, x - 2);
      const dy = Math.max(0 - y, 0, y - 2);
      const d = Math.hypot(dx, dy);
      expect(d).toBeGreaterThan(1 - 1e-6);
      expect(d).toBeLessThan(1 + 1e-6);
    }
  });
});
