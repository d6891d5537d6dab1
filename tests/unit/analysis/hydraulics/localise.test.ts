import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGraph, distancesFrom, toPipeMiddle } from '../../../../src/analysis/hydraulics/graph';
import { writeInp } from '../../../../src/analysis/hydraulics/inp';
import { localiseLeak } from '../../../../src/analysis/hydraulics/localise';
import { buildWaterModel, splitPipe } from '../../../../src/analysis/hydraulics/model';
import { computeSignatures, type ZoneSignatures } from '../../../../src/analysis/hydraulics/signatures';
import { loadEngine, solveSnapshot, type Engine } from '../../../../src/analysis/hydraulics/solver';
import type { PipeNode, PipeSegment } from '../../../../src/domain/schema';

// tests/fixtures/hydraulics/grid.json: a 4 × 4 grid fed at N00; P19 joins N22 and N32.
const grid = JSON.parse(readFileSync(new URL('../../../fixtures/hydraulics/grid.json', import.meta.url), 'utf8')) as {
  segments: PipeSegment[];
  nodes: PipeNode[];
};
const SENSORS = ['N03', 'N30', 'N33', 'N12', 'N21', 'N22'];
const model = buildWaterModel(grid.segments, grid.nodes);

let engine: Engine;
let sig: ZoneSignatures;
beforeAll(async () => {
  engine = await loadEngine(await import('epanet-js'));
  sig = computeSignatures(engine, model, SENSORS.map((n) => ({ sensor: `S-${n}`, node: n })), { hour: 8 });
});

/** Sensor residuals of a leak of `lps` at fraction `at` of `pipe` (noise-free, same demands). */
function residuals(pipe: string, at: number, lps: number): Map<string, number> {
  const leaky = splitPipe(model, pipe, at, 'LEAK');
  const s = solveSnapshot(engine, writeInp(leaky, { durationH: 0, startH: 8, emitters: new Map([['LEAK', lps / Math.sqrt(40)]]) }), SENSORS);
  return new Map(SENSORS.map((n, i) => [`S-${n}`, s.pressure[i] - sig.base[i]]));
}

describe('leak signatures and localisation (4 × 4 grid)', () => {
  it('signatures: one row per junction, a probe lowers every sensor, most at the probed node', () => {
    expect(sig.candidates).toHaveLength(16);
    expect(sig.sensors).toEqual(SENSORS.map((n) => `S-${n}`));
    const row = sig.candidates.indexOf('N22');
    const d = Array.from(sig.delta.subarray(row * SENSORS.length, (row + 1) * SENSORS.length));
    for (const v of d) expect(v).toBeLessThan(0);
    expect(Math.min(...d)).toBe(d[SENSORS.indexOf('N22')]);
  });

  it('ranks the leaking pipe first and fits its size', () => {
    const loc = localiseLeak(model, sig, residuals('P19', 0.5, 6), { noiseM: 0.01 });
    expect(loc.candidates[0].pipe).toBe('P19');
    expect(loc.candidates[0].score).toBeGreaterThan(0.99);
    expect(loc.candidates[0].leakLps).toBeGreaterThan(4);
    expect(loc.candidates[0].leakLps).toBeLessThan(8);
    // the largest drop is not at the leak but at the far corner, downstream of it: the baseline's trap
    expect(loc.largestDrop).toBe('S-N33');
    expect(loc.sensorsUsed).toBe(6);
    expect(loc.confidence).not.toBe('none');
  });

  it('says there is no signal when the residuals are noise-sized', () => {
    const tiny = new Map(SENSORS.map((n, i) => [`S-${n}`, (i % 2 ? 1 : -1) * 0.002]));
    expect(localiseLeak(model, sig, tiny, { noiseM: 0.05 }).confidence).toBe('none');
  });

  it('leaves out sensors without a reading', () => {
    const r = residuals('P19', 0.5, 6);
    r.delete('S-N03');
    const loc = localiseLeak(model, sig, r, { noiseM: 0.01 });
    expect(loc.sensorsUsed).toBe(5);
    expect(loc.candidates[0].pipe).toBe('P19');
  });

  it('measures distances along the mains: N00 to the middle of P19 is two blocks east, two north and half a block', () => {
    const g = buildGraph(model);
    const d = distancesFrom(g, [['N00', 0]]);
    const p19 = model.links.find((l) => l.id === 'P19')!;
    const east = model.links.find((l) => l.id === 'P01')!.length; // N00–N10, 0.001° of longitude ≈ 96.9 m
    const north = model.links.find((l) => l.id === 'P02')!.length; // N00–N01, 0.001° of latitude ≈ 110.9 m
    expect(east).toBeCloseTo(96.9, 0);
    expect(north).toBeCloseTo(110.9, 0);
    expect(toPipeMiddle(g, d, p19)).toBeCloseTo(2 * east + 2 * north + p19.length / 2, 1);
  });
});
