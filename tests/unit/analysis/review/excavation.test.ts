import { describe, expect, it } from 'vitest';
import { excavationCheck, ReviewInputError } from '../../../../src/analysis/review/excavation';
import { buildQueryCopy } from '../../../../src/analysis/queryCopy';
import fixture from '../../../fixtures/review/excavation.json';
import { lonLatOf, segmentsOf } from './fixtures';

const copy = buildQueryCopy(segmentsOf(fixture.origin, fixture.pipes));
const polygon = fixture.pit.polygon.map((r) => r.map((p) => lonLatOf(fixture.origin, p)));
const pit = { polygon, depthM: fixture.pit.depthM, sideSlope: fixture.pit.sideSlope };

const close = (got: number, want: number) => expect(Math.abs(got - want)).toBeLessThan(2e-3);

describe('excavationCheck (hand-worked pit: 10 × 10 m, 3 m deep, slope 0.5, safety 1 m)', () => {
  const r = excavationCheck(pit, copy, fixture.safetyM);

  it('lists the reached and near pipes in order, with offset, crown depth and margin', () => {
    expect(r.items.map((i) => [i.id, i.status])).toEqual(fixture.expected.items.map((i) => [i.id, i.status]));
    for (const want of fixture.expected.items) {
      const got = r.items.find((i) => i.id === want.id)!;
      close(got.offsetM, want.offsetM);
      close(got.depthM, want.depthM);
      close(got.marginM, want.marginM);
    }
    expect(r.items.some((i) => i.id === 'P5')).toBe(false);
    expect(r.counts).toEqual({ reached: 3, near: 2, owners: 4 });
    close(r.reachM, 3);
    close(r.pit.areaM2, 100);
    expect(r.pit.crs).toBe('EPSG:4545');
  });

  it('groups by owner (权属单位) to notify, the unrecorded owner last', () => {
    expect(r.owners.map((o) => ({ owner: o.owner, reached: o.reached, near: o.near, ids: o.items.map((i) => i.id) }))).toEqual(fixture.expected.owners);
    const gas = r.owners.find((o) => o.owner === '燃气公司')!;
    expect(gas.items[0].cat).toBe('RQ');
  });

  it('with vertical walls only the footprint reaches; the safety distance still counts beside it', () => {
    const v = excavationCheck({ ...pit, sideSlope: 0 }, copy, fixture.safetyM);
    expect(v.items.map((i) => [i.id, i.status])).toEqual(fixture.expected.verticalWalls.items.map((i) => [i.id, i.status]));
    for (const want of fixture.expected.verticalWalls.items) close(v.items.find((i) => i.id === want.id)!.marginM, want.marginM);
  });

  it('a deeper pit reaches the deep cable; a hole in the footprint (a kept island) is not dug', () => {
    const deeper = excavationCheck({ ...pit, depthM: 3.6 }, copy, 0);
    expect(deeper.items.find((i) => i.id === 'P2')?.status).toBe('reached');
    // hole 4 m wide around y = 5 … 6 (both inside pipes run through it; x from 3 to 7), the rest is dug: still reached
    const hole = [[3, 4], [7, 4], [7, 7], [3, 7], [3, 4]].map((p) => lonLatOf(fixture.origin, p));
    const h = excavationCheck({ ...pit, polygon: [polygon[0], hole] }, copy, 0);
    expect(h.items.find((i) => i.id === 'P1')?.offsetM).toBe(0);
    close(h.pit.areaM2, 100 - 12);
  });

  it('rejects a bad pit', () => {
    expect(() => excavationCheck({ ...pit, depthM: 0 }, copy, 1)).toThrow(ReviewInputError);
    expect(() => excavationCheck({ ...pit, sideSlope: -1 }, copy, 1)).toThrow(ReviewInputError);
    expect(() => excavationCheck(pit, copy, -1)).toThrow(ReviewInputError);
  });
});
