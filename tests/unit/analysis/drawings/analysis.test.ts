import { describe, expect, it } from 'vitest';
import { checkClearances, pipeColumns } from '../../../../src/analysis/drawings/check';
import { chainDownstream, findPath } from '../../../../src/analysis/drawings/path';
import { longProfile } from '../../../../src/analysis/drawings/profile';
import { crossSection } from '../../../../src/analysis/drawings/section';
import { DEFAULT_CLEARANCES, horizontalRule, verticalRule } from '../../../../src/domain/clearances';
import { checkFixture, profileFixture, readFixture, sectionFixture } from './fixtures';

const ids = (xs: { pipe: { id: string } }[] | null): string[] => (xs ?? []).map((s) => s.pipe.id);

describe('GB 50289 tables', () => {
  it('are symmetric and carry the reference rows and sureness', () => {
    expect(horizontalRule('water-large', 'drain')).toMatchObject({ min: 1.5, sure: 'V*' });
    expect(horizontalRule('drain', 'water-large')).toEqual(horizontalRule('water-large', 'drain'));
    expect(horizontalRule('drain', 'gas-subhighA')?.min).toBe(2.0);
    expect(verticalRule('drain', 'water-small')).toMatchObject({ min: 0.4, sure: 'E' });
    expect(verticalRule('power', 'heat')?.min).toBe(0.5);
    expect(horizontalRule('water-small', 'water-large')).toBeUndefined();
    expect(Object.keys(DEFAULT_CLEARANCES.horizontal).length).toBeGreaterThan(20);
  });
});

describe('cross-section', () => {
  const { line, pipes } = sectionFixture();
  const s = crossSection(line, pipes);
  const want = readFixture<{ pipes: Record<string, number | string>[]; pairs: Record<string, unknown>[]; violations: number }>('section.expected.json');

  it('finds every crossed pipe with its offset, depths and ground (hand-worked)', () => {
    expect(s.length).toBeCloseTo(20, 6);
    expect(s.pipes.map((p) => p.id)).toEqual(want.pipes.map((p) => p.id));
    s.pipes.forEach((p, k) => {
      const w = want.pipes[k];
      expect(p.offset).toBeCloseTo(w.offset as number, 6);
      expect(p.crownDepth).toBeCloseTo(w.crownDepth as number, 6);
      expect(p.invertDepth).toBeCloseTo(w.invertDepth as number, 6);
      expect(p.ground).toBeCloseTo(w.ground as number, 6);
      expect(p.angle).toBeCloseTo(w.angle as number, 4);
    });
  });

  it('measures neighbours against the tables and flags the planted violations', () => {
    expect(s.pairs.map(({ a, b, kind, clear, min, ok }) => ({ a, b, kind, clear, min, ok }))).toEqual(want.pairs);
    expect(s.violations).toBe(want.violations);
    expect(s.ground[0]).toEqual({ offset: 0, elevation: 101 });
  });
});

describe('long profile', () => {
  const { pipes, nodes } = profileFixture();
  const want = readFixture<{ length: number; segments: Record<string, unknown>[]; stations: Record<string, unknown>[]; counts: unknown }>('profile.expected.json');

  it('follows the flow from a manhole to the outfall with slopes, drops and adverse pipes (hand-worked)', () => {
    const path = findPath(pipes, 'M1', 'O1');
    expect(ids(path)).toEqual(['P1', 'P2', 'P3']);
    const p = longProfile(path ?? [], nodes);
    expect(p.length).toBeCloseTo(want.length, 3);
    p.segments.forEach((s, k) => {
      const w = want.segments[k];
      expect(s.id).toBe(w.id);
      expect(s.chainage0).toBeCloseTo(w.chainage0 as number, 3);
      expect(s.chainage1).toBeCloseTo(w.chainage1 as number, 3);
      expect(s.slope).toBeCloseTo(w.slope as number, 5);
      expect(s.adverse).toBe(w.adverse);
    });
    p.stations.forEach((s, k) => {
      const w = want.stations[k];
      expect(s.id).toBe(w.id);
      expect(s.chainage).toBeCloseTo(w.chainage as number, 3);
      expect(s.invertIn).toBe(w.invertIn);
      expect(s.invertOut).toBe(w.invertOut);
      expect(s.depth).toBeCloseTo(w.depth as number, 6);
      expect(s.drop).toBe(w.drop);
      expect(s.flag).toBe(w.flag);
    });
    expect(p.counts).toEqual(want.counts);
  });

  it('walks against the flow when asked upstream, and chains a downstream trace to the outfall', () => {
    const back = findPath(pipes, 'O1', 'M1');
    expect(back?.map((s) => [s.pipe.id, s.reversed])).toEqual([['P3', true], ['P2', true], ['P1', true]]);
    const p = longProfile(back ?? [], nodes);
    expect(p.segments[0].slope).toBeCloseTo(-0.01, 5);
    expect(p.segments[0].adverse).toBe(true);
    const p4 = pipes.find((x) => x.id === 'P4');
    expect(ids(chainDownstream(p4!, pipes))).toEqual(['P4', 'P2', 'P3']);
    expect(findPath(pipes, 'M1', 'nowhere')).toBeNull();
  });
});

describe('clearance and cover check', () => {
  const pipes = checkFixture();
  const cols = pipeColumns(pipes);
  const want = readFixture<{ violations: Record<string, unknown>[]; checked: Record<string, number> }>('clearances.expected.json');
  const pick = (r: ReturnType<typeof checkClearances>): Record<string, unknown>[] =>
    r.violations.map(({ kind, a, b, value, min }) => ({ kind, a, b, value, min }));

  it('finds exactly the planted violations (hand-worked)', () => {
    const r = checkClearances(cols);
    expect(pick(r)).toEqual(want.violations);
    expect(r.checked).toMatchObject(want.checked);
    expect(r.counts).toEqual({ horizontal: 1, vertical: 1, cover: 1 });
  });

  it('gives the naive all-pairs answer, limits to an area and cancels', () => {
    expect(pick(checkClearances(cols, { method: 'naive' }))).toEqual(want.violations);
    const onlyGas = checkClearances(cols, { within: (i) => cols.ids[i] === 'F' || cols.ids[i] === 'G' });
    expect(pick(onlyGas)).toEqual([want.violations[2]]);
    const calls: number[] = [];
    const cancelled = checkClearances(cols, { progressEvery: 2, onProgress: (done) => (calls.push(done), done >= 2) });
    expect(cancelled.cancelled).toBe(true);
    expect(calls).toEqual([0, 2]);
  });
});

describe('clearance check property', () => {
  it('the indexed check gives the naive all-pairs answer on random street grids', async () => {
    const fc = await import('fast-check');
    const { localPlane } = await import('../../../../src/analysis/drawings/pipeGeometry');
    const cats = ['JS', 'PS', 'RQ', 'RL', 'DL', 'TX'] as const;
    const pipeArb = fc.record({
      cat: fc.constantFrom(...cats),
      x0: fc.integer({ min: 0, max: 60 }),
      y0: fc.integer({ min: 0, max: 60 }),
      len: fc.integer({ min: 5, max: 40 }),
      vertical: fc.boolean(),
      depth: fc.integer({ min: 4, max: 30 }),
      dn: fc.constantFrom(100, 200, 300, 600),
    });
    const pl = localPlane([106.5, 29.5]);
    fc.assert(
      fc.property(fc.array(pipeArb, { minLength: 2, maxLength: 40 }), (specs) => {
        const recs = specs.map((s, i) => ({
          id: `P${i}`, gid: i, cat: s.cat, sub: '', from: `a${i}`, to: `b${i}`, material: 'PE', dn: s.dn, box: null,
          coords: [pl.lonLat(s.x0 / 2, s.y0 / 2), s.vertical ? pl.lonLat(s.x0 / 2, s.y0 / 2 + s.len) : pl.lonLat(s.x0 / 2 + s.len, s.y0 / 2)],
          depth0: s.depth / 10, depth1: s.depth / 10 + 0.3, ground0: 100, ground1: 100, burial: 'ZM', crossing: null,
          pressureClass: null, invert0: null, invert1: null, owner: '',
        }));
        const cols = pipeColumns(recs);
        const key = (r: ReturnType<typeof checkClearances>): string[] => r.violations.map((v) => `${v.kind} ${v.a} ${v.b} ${v.value}`).sort();
        const idx = checkClearances(cols);
        const naive = checkClearances(cols, { method: 'naive' });
        expect(key(idx)).toEqual(key(naive));
        expect([idx.checked.crossings, idx.checked.parallel, idx.checked.noRule]).toEqual([naive.checked.crossings, naive.checked.parallel, naive.checked.noRule]);
      }),
      { numRuns: 60, seed: 14 },
    );
  });
});
