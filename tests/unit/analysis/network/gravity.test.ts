/**
 * Gravity traces, catchments and river section → outfalls on the hand-drawn sewage trees
 * (tests/fixtures/network/gravity-tree.json), answers in gravity-tree.expected.json.
 */
import { describe, expect, it } from 'vitest';
import { NetworkEngine } from '../../../../src/analysis/network/engine';
import { NetworkError } from '../../../../src/analysis/network/errors';
import { makeUpstreamDistance } from '../../../../src/analysis/network/section';
import { ringAreaM2 } from '../../../../src/domain/geodesy';
import { fixtureNetwork, lonLat, readFixture, type FixtureNetwork } from './fixture-network';

interface Expected {
  traces: { name: string; direction: 'upstream' | 'downstream'; from: string; pipes: string[]; adverse: string[]; outfalls: string[]; length: number }[];
  catchments: { outfall: string; pipes: string[]; nodes: number; length: number; sensors: string[]; alarmCapable: number; adverse: string[]; hull: [number, number][] | null; areaM2: number }[];
  sections: { name: string; section: string; withinM: number; outfalls: [string, number][] }[];
  errors: { name: string; op: 'isolate' | 'catchment' | 'section' | 'upstream'; id: string; code: string }[];
}

const engine = new NetworkEngine(fixtureNetwork(readFixture<FixtureNetwork>('gravity-tree.json')));
const expected = readFixture<Expected>('gravity-tree.expected.json');
const ids = (xs: { id: string }[]): string[] => xs.map((x) => x.id).sort();

describe('gravity traces on hand-drawn sewage trees', () => {
  for (const t of expected.traces) {
    it(t.name, () => {
      const r = engine.trace(t.direction, t.from);
      expect(ids(r.pipes)).toEqual(t.pipes);
      expect(r.slopeFlags.filter((f) => f.flag === 'adverse').map((f) => f.id).sort()).toEqual(t.adverse);
      expect(ids(r.outfalls)).toEqual(t.outfalls);
      expect(r.length).toBeCloseTo(t.length, 0);
      expect(r.counts.pipes).toBe(t.pipes.length);
    });
  }

  it('flags the adverse pipe with its rise, keeping the recorded direction', () => {
    const r = engine.trace('upstream', 'G2');
    expect(r.slopeFlags).toHaveLength(1);
    expect(r.slopeFlags[0]).toMatchObject({ id: 'G4', flag: 'adverse', rise: 0.3 });
  });

  for (const c of expected.catchments) {
    it(`catchment of ${c.outfall}`, () => {
      const r = engine.catchment(c.outfall);
      expect(ids(r.pipes)).toEqual(c.pipes);
      expect(r.counts.nodes).toBe(c.nodes);
      expect(r.length).toBeCloseTo(c.length, 0);
      expect(r.sensors.map((s) => s.sensor).sort()).toEqual(c.sensors);
      expect(r.counts.alarmCapable).toBe(c.alarmCapable);
      expect(r.slopeFlags.map((f) => f.id)).toEqual(c.adverse);
      if (c.hull === null) {
        expect(r.outline).toBeNull();
      } else {
        const ring = r.outline?.coordinates[0] ?? [];
        // the hull's corners are exactly the hand-picked nodes (in some order), closed
        const want = c.hull.map(lonLat);
        expect(ring[0]).toEqual(ring[ring.length - 1]);
        for (const p of want) expect(ring.some((q) => Math.abs(q[0] - p[0]) < 1e-7 && Math.abs(q[1] - p[1]) < 1e-7)).toBe(true);
        expect(ringAreaM2(ring)).toBeCloseTo(c.areaM2, -1);
        expect(r.area * 1e6).toBeCloseTo(c.areaM2, -1);
      }
    });
  }

  for (const s of expected.sections) {
    it(s.name, () => {
      const r = engine.sectionOutfalls(s.section, { withinM: s.withinM });
      expect(r.outfalls.map((o) => [o.outfall.id, o.along])).toEqual(s.outfalls);
      const o1 = r.outfalls.find((o) => o.outfall.id === 'O1');
      if (o1) {
        expect(o1.counts.pipes).toBe(5);
        expect([...o1.pipeGids].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4]);
      }
    });
  }

  it('refuses unknown ids and assets of the wrong kind', () => {
    for (const e of expected.errors) {
      const call = (): unknown =>
        e.op === 'isolate' ? engine.isolate(e.id) : e.op === 'catchment' ? engine.catchment(e.id) : e.op === 'section' ? engine.sectionOutfalls(e.id) : engine.trace('upstream', e.id);
      let caught: unknown;
      try {
        call();
      } catch (x) {
        caught = x;
      }
      expect(caught, e.name).toBeInstanceOf(NetworkError);
      expect((caught as NetworkError).info.code, e.name).toBe(e.code);
    }
  });
});

describe('distance upstream along rivers, through a confluence', () => {
  // main river west → east along y = 0 (x 0 … 2000 m); a tributary flowing south from (1000, 1000) to (1000, 10),
  // joining the main river at its chainage 1000 m (tributary length 990 m)
  const upstream = makeUpstreamDistance([
    { river: 'main', coords: [lonLat([0, 0]), lonLat([2000, 0])] },
    { river: 'trib', coords: [lonLat([1000, 1000]), lonLat([1000, 10])] },
  ]);
  it('on the same river: the difference of chainages, upstream only', () => {
    expect(upstream('main', 1500, 'main', lonLat([1200, -30]))).toBeCloseTo(300, 0);
    expect(upstream('main', 1500, 'main', lonLat([1700, 30]))).toBeNull();
  });
  it('from a tributary: its stretch to the confluence plus the main river to the section; none above the confluence', () => {
    expect(upstream('main', 1500, 'trib', lonLat([1020, 600]))).toBeCloseTo(990 - 400 + 500, 0);
    expect(upstream('main', 800, 'trib', lonLat([1020, 600]))).toBeNull();
    expect(upstream('trib', 500, 'main', lonLat([300, 0]))).toBeNull();
  });
});
