/**
 * Valve isolation on the hand-drawn water network (tests/fixtures/network/water-zones.json): every case's valves,
 * isolated pipes, secondary outage and customers as worked out by hand in water-zones.expected.json.
 */
import { describe, expect, it } from 'vitest';
import { NetworkEngine } from '../../../../src/analysis/network/engine';
import { NetworkError } from '../../../../src/analysis/network/errors';
import { fixtureNetwork, readFixture, type FixtureNetwork } from './fixture-network';

interface Case {
  name: string;
  pipe: string;
  /** input (valves marked stuck) and expected (the stuck valves met and passed) */
  stuck: string[];
  close: string[];
  inoperable: string[];
  alreadyClosed: string[];
  isolated: string[];
  outage: string[];
  servicePoints: string[];
  customers: number;
  demand: number;
}
interface Expected {
  cases: Case[];
  errors: { name: string; pipe: string; stuckIds?: string[]; code: string }[];
}

const engine = new NetworkEngine(fixtureNetwork(readFixture<FixtureNetwork>('water-zones.json')));
const expected = readFixture<Expected>('water-zones.expected.json');
const ids = (xs: { id: string }[]): string[] => xs.map((x) => x.id).sort();

describe('valve isolation on a hand-drawn water network', () => {
  for (const c of expected.cases) {
    it(c.name, () => {
      const r = engine.isolate(c.pipe, { stuck: c.stuck });
      expect(ids(r.valves.close)).toEqual(c.close);
      expect(ids(r.valves.inoperable)).toEqual(c.inoperable);
      expect(ids(r.valves.stuck)).toEqual(c.stuck);
      expect(ids(r.valves.alreadyClosed)).toEqual(c.alreadyClosed);
      expect(ids(r.isolated)).toEqual(c.isolated);
      expect(ids(r.outage)).toEqual(c.outage);
      expect(ids(r.customers)).toEqual(c.servicePoints);
      expect(r.counts.customers).toBe(c.customers);
      expect(r.demand).toBeCloseTo(c.demand, 6);
      expect(r.counts.valvesToClose).toBe(c.close.length);
      expect(r.counts.isolatedPipes).toBe(c.isolated.length);
      expect(r.counts.outagePipes).toBe(c.outage.length);
      // lengths add up from the listed pipes
      const sum = (xs: { length: number }[]): number => xs.reduce((a, x) => a + x.length, 0);
      expect(r.lengths.isolated).toBeCloseTo(sum(r.isolated), 1);
      expect(r.lengths.outage).toBeCloseTo(sum(r.outage), 1);
    });
  }

  it('lists valves with gid, position and depth, and the doubled main P18 with its true (bent) length', () => {
    const r = engine.isolate('P4');
    const v2 = r.valves.close.find((v) => v.id === 'V2');
    expect(v2).toMatchObject({ type: 'valve', role: 'close', state: 'open', operable: true, depth: 1.5 });
    expect(v2?.gid).toBe(18 + 3); // 18 pipes, then the nodes in order: S, V1, T1, V2
    expect(v2?.position[0]).toBeCloseTo(106.5 + 120 / 97000, 4);
    const p5 = r.isolated.find((p) => p.id === 'P5');
    const p18 = r.isolated.find((p) => p.id === 'P18');
    expect(p5?.length).toBeCloseTo(100, 0);
    expect(p18?.length).toBeCloseTo(2 * Math.hypot(50, 10), 0);
    expect(r.valves.inoperable[0]).toMatchObject({ id: 'V4', operable: false, role: 'inoperable' });
    expect(r.sources.map((s) => s.name)).toEqual(['Inlet A', 'Reservoir B']);
  });

  it('names what is unknown, of the wrong kind or cannot be isolated, in both languages', () => {
    for (const e of expected.errors) {
      let caught: unknown;
      try {
        engine.isolate(e.pipe, { stuck: e.stuckIds });
      } catch (x) {
        caught = x;
      }
      expect(caught, e.name).toBeInstanceOf(NetworkError);
      const info = (caught as NetworkError).info;
      expect(info.code, e.name).toBe(e.code);
      expect(info.en.length).toBeGreaterThan(10);
      expect(info.zh).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('a source in the section is named in the message', () => {
    expect(() => engine.isolate('P1')).toThrowError(/Inlet A \(S\)/);
  });
});
