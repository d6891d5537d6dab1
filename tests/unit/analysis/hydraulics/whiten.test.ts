import { describe, expect, it } from 'vitest';
import type { ZoneSignatures } from '../../../../src/analysis/hydraulics/signatures';
import { whitening } from '../../../../src/analysis/hydraulics/whiten';

// Two loggers, one junction whose demand moves both by 1 m per 1 σ of its demand error, one inlet meter.
// Worked by hand: C = diag(1, 1) + (1, 1)(1, 1)ᵀ = [[2, 1], [1, 2]], C⁻¹ = [[2, −1], [−1, 2]] / 3.
function sig(): ZoneSignatures {
  return {
    hour: 8,
    probeLps: 5,
    sensors: ['A', 'B'],
    candidates: ['J'],
    base: Float64Array.of(30, 30),
    delta: Float32Array.of(-5, -5), // 5 L/s at J lowers both loggers by 5 m
    zoneDemand: Float64Array.of(0, 0),
    inlets: ['I.R'],
    inletBase: Float64Array.of(100),
    inletDelta: Float32Array.of(5),
    inletZoneDemand: Float64Array.of(5),
    inletDemandSq: Float64Array.of(4),
    demand: Float64Array.of(2), // 2 L/s × 50 % demand error = 1 L/s: −1 m at each logger, +1 L/s at the meter
  };
}

const norm2 = (v: ArrayLike<number>) => Array.from(v).reduce((a, x) => a + x * x, 0);

describe('noise whitening (loggers, meters, demand error)', () => {
  it('two loggers moved together by one demand: their common drop counts less than a drop at one of them', () => {
    const w = whitening(sig(), [0, 1], [], { noiseM: 1, meterRel: 0.01, demandSd: 0.5 });
    expect(norm2(w.solve([1, 0]))).toBeCloseTo(2 / 3, 10); // (1,0) C⁻¹ (1,0)ᵀ
    expect(norm2(w.solve([1, -1]))).toBeCloseTo(2, 10); // opposite signs: no demand explains it
    expect(norm2(w.solve([1, 1]))).toBeCloseTo(2 / 3, 10); // the demand's own pattern: explained by it
  });

  it('without demand error the loggers are whitened by their own noise alone; the meter by its share of the flow', () => {
    const w = whitening(sig(), [0, 1], [0], { noiseM: 0.5, meterRel: 0.01, demandSd: 0 });
    expect(Array.from(w.solve([1, 1, 3]))).toEqual([2, 2, 3]); // 1 / 0.5 m; 3 L/s / (1 % of 100 L/s)
    // the candidate's signature is whitened the same way
    expect(Array.from(w.rows)).toEqual([-10, -10, 5]);
  });
});
