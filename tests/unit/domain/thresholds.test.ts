import { describe, expect, it } from 'vitest';
import shipped from '../../../data/thresholds.json';
import {
  assetCategory,
  defaultThresholds,
  evaluateLimits,
  matchRule,
  parseThresholds,
  resolveLimits,
  severity,
  sureness,
  type Limits,
} from '../../../src/domain/thresholds';

const cfg = defaultThresholds();

function limitsFor(ctx: Parameters<typeof resolveLimits>[1]): Limits {
  const l = resolveLimits(cfg, ctx);
  if (!l) throw new Error(`no rule for ${ctx.metric}`);
  return l;
}

/** Checks the severity at each value: `cases` are [value, severity] pairs (a failure lists every value's). */
function expectSeverities(l: Limits, cases: readonly (readonly [number, number])[]): void {
  expect(cases.map(([v]) => [v, severity(v, l)])).toEqual(cases);
}

describe('shipped data/thresholds.json', () => {
  it('is valid', () => {
    const r = parseThresholds(shipped);
    expect(r.ok ? [] : r.errors).toEqual([]);
    expect(cfg.stalenessIntervals).toBe(3);
  });

  it('water pressure: alarm < 0.14 (V), normal 0.20–0.45, alarm > 0.60', () => {
    const l = limitsFor({ asset: 'JP-000001', metric: 'pressure' });
    // 0.14 meets the service standard: not an alarm, but below the normal band
    expectSeverities(l, [[0.139, 3], [0.14, 2], [0.199, 2], [0.2, 1], [0.45, 1], [0.451, 2], [0.6, 2], [0.601, 3]]);
    const rule = matchRule(cfg, { asset: 'JP-000001', metric: 'pressure' })!;
    expect(sureness(rule, 'alarmLow')).toBe('V');
    expect(sureness(rule, 'warnLow')).toBe('E');
  });

  it('gas %LEL: warn at 10, alarm at 20 (inclusive)', () => {
    const l = limitsFor({ asset: 'WS-000001', metric: 'lel' });
    expectSeverities(l, [[9.9, 1], [10, 2], [19.9, 2], [20, 3]]);
  });

  it('manhole level: warn within 1.0 m of the cover, alarm within 0.3 m or surcharge', () => {
    const l = limitsFor({ asset: 'WS-000002', metric: 'level', depth: 4 });
    expectSeverities(l, [[2.9, 1], [3.0, 2], [3.69, 2], [3.7, 3], [4.5, 3]]); // 4.5: surcharge
    // without a depth the default manhole depth (3.0 m, E) applies
    const d = limitsFor({ asset: 'WS-000002', metric: 'level' });
    expect(d.warnHigh).toBeCloseTo(2.0);
    expect(d.alarmHigh).toBeCloseTo(2.7);
  });

  it('gas pressure: ±10 % of the design pressure warns, from the sensor or the class default', () => {
    const l = limitsFor({ asset: 'TR-000001', metric: 'gasPressure', design: 0.4 });
    expectSeverities(l, [[0.4, 1], [0.445, 2], [0.35, 2], [0.31, 3]]);
    const byClass = limitsFor({ asset: 'TR-000001', metric: 'gasPressure', pressureClass: 'mediumA' });
    expect(matchRule(cfg, { asset: 'TR-000001', metric: 'gasPressure', pressureClass: 'mediumA' })!.id).toBe(
      'gas-pressure-mediumA',
    );
    expect(byClass.warnLow).toBeCloseTo(0.27);
    expect(byClass.warnHigh).toBeCloseTo(0.33);
    expect(byClass.hysteresis).toBeCloseTo(0.003);
  });

  it('sewer fill ratio depends on DN (most specific rule wins)', () => {
    const at = (dn: number | undefined) => matchRule(cfg, { asset: 'WS-000003', metric: 'fill', dn })!.id;
    expect(at(200)).toBe('sewer-fill-dn300');
    expect(at(300)).toBe('sewer-fill-dn300');
    expect(at(400)).toBe('sewer-fill-dn450');
    expect(at(600)).toBe('sewer-fill-dn900');
    expect(at(1200)).toBe('sewer-fill-dn1000');
    expect(at(undefined)).toBe('sewer-fill');
    expect(severity(0.56, limitsFor({ asset: 'WS-000003', metric: 'fill', dn: 300 }))).toBe(2);
    expect(severity(0.56, limitsFor({ asset: 'WS-000003', metric: 'fill', dn: 1200 }))).toBe(1);
  });

  it('flow has no rule: not evaluated', () => {
    expect(resolveLimits(cfg, { asset: 'JP-000001', metric: 'flow' })).toBeNull();
  });

  it('a category rule does not match another category', () => {
    expect(resolveLimits(cfg, { asset: 'TR-000001', metric: 'pressure' })).toBeNull();
    expect(resolveLimits(cfg, { asset: 'TR-000001', metric: 'pressure', cat: 'JS' })).not.toBeNull();
  });
});

describe('asset category from id', () => {
  it('reads category or sub-type prefixes', () => {
    expect(assetCategory('JP-000123')).toBe('JS');
    expect(assetCategory('WS-1')).toBe('PS');
    expect(assetCategory('RQ-9')).toBe('RQ');
    expect(assetCategory('XX-9')).toBe('TX');
    expect(assetCategory('nope')).toBeUndefined();
  });
});

describe('hysteresis', () => {
  const l = limitsFor({ asset: 'JP-000001', metric: 'pressure' }); // h = 0.005
  it('entering a worse state is immediate', () => {
    expect(evaluateLimits(0.13, l, 1)).toBe(3);
    expect(evaluateLimits(0.19, l, 1)).toBe(2);
  });
  it('an alarm holds until the value is back by the margin', () => {
    expect(evaluateLimits(0.142, l, 3)).toBe(3);
    expect(evaluateLimits(0.1449, l, 3)).toBe(3);
    expect(evaluateLimits(0.146, l, 3)).toBe(2);
    expect(evaluateLimits(0.21, l, 3)).toBe(1);
  });
  it('a warning holds inside the margin, then clears', () => {
    expect(evaluateLimits(0.452, l, 2)).toBe(2);
    expect(evaluateLimits(0.202, l, 2)).toBe(2);
    expect(evaluateLimits(0.206, l, 2)).toBe(1);
    expect(evaluateLimits(0.44, l, 2)).toBe(1);
  });
  it('from alarm the value may drop to warning, not below, while inside the warning margin', () => {
    expect(evaluateLimits(0.203, l, 3)).toBe(2);
  });
  it('from unknown or offline there is no hysteresis', () => {
    expect(evaluateLimits(0.142, l, 0)).toBe(2);
    expect(evaluateLimits(0.142, l, 4)).toBe(2);
  });
  it('a value that oscillates across a limit by less than the margin does not flap', () => {
    let s = evaluateLimits(0.61, l, 1);
    const seen = new Set<number>();
    for (const v of [0.599, 0.601, 0.598, 0.602, 0.597]) {
      s = evaluateLimits(v, l, s);
      seen.add(s);
    }
    expect([...seen]).toEqual([3]);
  });
  it('inclusive limits hold as well (LEL)', () => {
    const g = limitsFor({ asset: 'WS-1', metric: 'lel' }); // warn 10, alarm 20, h = 1
    expect(evaluateLimits(19.5, g, 3)).toBe(3);
    expect(evaluateLimits(19, g, 3)).toBe(3); // at the relaxed limit: inclusive still counts it as beyond
    expect(evaluateLimits(18.9, g, 3)).toBe(2);
    expect(evaluateLimits(9.5, g, 2)).toBe(2);
    expect(evaluateLimits(8.9, g, 2)).toBe(1);
  });
});

describe('validation and overlays', () => {
  it('rejects garbage with reasons instead of throwing', () => {
    for (const bad of [null, 1, 'x', [], { version: 2, rules: [] }, { version: 1 }, { version: 1, rules: [{}] }]) {
      const r = parseThresholds(bad);
      expect(r.ok).toBe(false);
    }
  });
  it('rejects limits out of order and unknown metrics', () => {
    const r = parseThresholds({
      version: 1,
      rules: [
        { id: 'a', metric: 'pressure', warnLow: 0.3, alarmLow: 0.4 },
        { id: 'b', metric: 'nonsense' },
        { id: 'c', metric: 'level', basis: 'belowRef', ref: 'depth' },
      ],
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.some((e) => e.includes('out of order'))).toBe(true);
      expect(r.errors.some((e) => e.includes('unknown metric'))).toBe(true);
      expect(r.errors.some((e) => e.includes('refDefault'))).toBe(true);
    }
  });
  it('an overlay replaces E defaults by rule id and adds per-asset overrides', () => {
    const r = parseThresholds(shipped, {
      rules: [{ id: 'water-pressure', warnLow: 0.25 }],
      overrides: { 'JP-000007': { pressure: { alarmLow: 0.1, warnLow: 0.12 } } },
      staleness: { intervals: 5 },
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const c = r.value;
    expect(c.stalenessIntervals).toBe(5);
    const l = resolveLimits(c, { asset: 'JP-000001', metric: 'pressure' })!;
    expect(l.warnLow).toBe(0.25);
    expect(l.alarmLow).toBe(0.14);
    const o = resolveLimits(c, { asset: 'JP-000007', metric: 'pressure' })!;
    expect(o.alarmLow).toBe(0.1);
    expect(o.warnLow).toBe(0.12);
    expect(severity(0.13, o)).toBe(1); // above this asset's warnLow 0.12
    expect(severity(0.11, o)).toBe(2);
    // the shipped default is untouched
    expect(resolveLimits(defaultThresholds(), { asset: 'JP-000007', metric: 'pressure' })!.alarmLow).toBe(0.14);
  });
  it('each reason names where it is, down to the field (one line per problem)', () => {
    const r = parseThresholds({
      version: 1,
      rules: [{ id: 'a', metric: 'pressure' }, { id: 'b', metric: 'nonsense' }],
      overrides: { 'JP-000007': { pressure: { hysteresis: -1 }, bogus: {} } },
    });
    expect(r.ok ? [] : r.errors.sort()).toEqual([
      'overrides.JP-000007.bogus: unknown metric',
      'overrides.JP-000007.pressure.hysteresis: negative',
      'rules[1].metric: unknown metric "nonsense"',
    ]);
    const dup = parseThresholds({ version: 1, rules: [{ id: 'a', metric: 'pressure' }, { id: 'a', metric: 'level' }] });
    expect(dup.ok ? [] : dup.errors).toEqual(['rules: duplicate rule id']);
  });
  it('an overlay that breaks ordering is rejected', () => {
    const r = parseThresholds(shipped, { rules: [{ id: 'water-pressure', warnLow: 0.1 }] });
    expect(r.ok).toBe(false);
  });
});

describe('shallow manholes', () => {
  it('cap the distance below the cover at half the depth (E): a 1.2 m manhole warns at half full', () => {
    const l = resolveLimits(defaultThresholds(), { asset: 'YS-1', metric: 'level', depth: 1.2 })!;
    expect(l.warnHigh).toBeCloseTo(0.6);
    expect(l.alarmHigh).toBeCloseTo(0.9);
    expect(severity(0.3, l)).toBe(1);
    expect(severity(0.6, l)).toBe(2);
    expect(severity(0.95, l)).toBe(3);
  });
  it('leave deep manholes at 1.0 m / 0.3 m below the cover', () => {
    const l = resolveLimits(defaultThresholds(), { asset: 'YS-1', metric: 'level', depth: 5 })!;
    expect(l.warnHigh).toBeCloseTo(4);
    expect(l.alarmHigh).toBeCloseTo(4.7);
  });
  it('reject a cap outside (0, 1]', () => {
    const r = parseThresholds(shipped, { rules: [{ id: 'manhole-level', maxFraction: 2 }] });
    expect(r.ok).toBe(false);
  });
});
