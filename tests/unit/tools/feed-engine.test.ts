import { describe, expect, it } from 'vitest';
import { FeedStore } from '../../../src/feed/store';
import { validateDocument } from '../../../src/feed/validate';
import { FeedEngine, demand, wqValueForClass, type EngineOptions, type IncidentKind } from '../../../tools/feed/engine';
import { classifyParam } from '../../../src/domain/waterQuality';
import { T0, fixtureRegistry, fixtureSections, fixtureSensors } from '../feed/feed-fixture';

const MIN = 60_000;

function engine(opts: Partial<EngineOptions> = {}): FeedEngine {
  return new FeedEngine({ seed: 7, sensors: fixtureSensors(), sections: fixtureSections(), scenario: 'none', ...opts });
}

/** Poll the engine every `stepMs` from `from` to `to` into a fresh store; returns the store. */
function run(e: FeedEngine, from: number, to: number, stepMs = 10_000, onStep?: (s: FeedStore, t: number) => void): FeedStore {
  let now = from;
  const store = new FeedStore({ registry: fixtureRegistry(), now: () => now });
  for (; now <= to; now += stepMs) {
    const r = validateDocument(e.documentAt(now), store.registry);
    if (!r.ok) throw new Error(r.error);
    expect(r.batch.rejectedTotal).toBe(0);
    store.apply(r.batch, now);
    onStep?.(store, now);
  }
  return store;
}

const status = (s: FeedStore, sensor: string) => s.sensor(s.sensorIndex(sensor)!).status;

type Incident = [kind: IncidentKind, opts: Parameters<FeedEngine['trigger']>[2]];

/** A fresh engine whose incidents start a minute after T0, polled every `stepMs` up to `minutes` after T0. */
function afterIncidents(minutes: number, incidents: readonly Incident[], stepMs?: number): { e: FeedEngine; s: FeedStore } {
  const e = engine();
  for (const [kind, opts] of incidents) e.trigger(kind, T0 + MIN, opts);
  return { e, s: run(e, T0, T0 + minutes * MIN, stepMs) };
}

describe('determinism and sequence', () => {
  it('the same seed and time give the same document; another seed does not', () => {
    const a = engine().documentAt(T0 + 12_345);
    const b = engine().documentAt(T0 + 12_345);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(engine({ seed: 8 }).documentAt(T0 + 12_345))).not.toBe(JSON.stringify(a));
  });

  it('the sequence increases with time and is equal within a step', () => {
    const e = engine({ stepMs: 1000 });
    expect(e.documentAt(T0 + 100).sequence).toBe(e.documentAt(T0 + 900).sequence);
    let last = -1;
    for (let t = T0; t < T0 + 30_000; t += 1000) {
      const s = e.documentAt(t).sequence;
      expect(s).toBeGreaterThan(last);
      last = s;
    }
  });

  it('each sensor reports at its interval; reading times never pass the document time', () => {
    const e = engine();
    const d1 = e.documentAt(T0);
    const d2 = e.documentAt(T0 + MIN);
    for (const r of d1.readings) expect(Date.parse(r.time)).toBeLessThanOrEqual(T0);
    const p1 = d1.readings.find((r) => r.sensor === 'P-1')!;
    const p2 = d2.readings.find((r) => r.sensor === 'P-1')!;
    expect(Date.parse(p2.time) - Date.parse(p1.time)).toBe(MIN);
  });
});

describe('models stay in their normal bands without incidents', () => {
  it('a whole simulated day of polls raises nothing', () => {
    const e = engine({ dayLengthS: 3600 }); // a day in an hour of wall time
    const seen = new Set<number>();
    run(e, T0, T0 + 3600_000, 30_000, (s) => {
      for (const c of s.snapshot().codes) seen.add(c);
      for (const sec of s.sections()) seen.add(sec.code);
    });
    expect([...seen].sort()).toEqual([1]);
  });

  it('the demand curve peaks in the morning and evening and dips at night', () => {
    expect(demand(19.5)).toBeGreaterThan(demand(12));
    expect(demand(7.5)).toBeGreaterThan(demand(12));
    expect(demand(3.5)).toBeLessThan(0.5);
  });

  it('water-quality values land in the class they are generated for', () => {
    for (const p of ['do', 'codmn', 'cod', 'bod5', 'nh3n', 'tp'] as const) {
      for (const x of [0.5, 1.5, 2.5, 3.5, 4.5, 5.5]) {
        const c = classifyParam(p, wqValueForClass(p, x));
        // COD and BOD5 share the I/II limit: class II values read as class I
        const expected = Math.ceil(x);
        if ((p === 'cod' || p === 'bod5') && expected === 2) expect(c).toBe(1);
        else expect(c).toBe(expected);
      }
    }
  });
});

describe('incidents drive the statuses the viewer will show', () => {
  it('a gas leak raises %LEL to alarm at its asset', () => {
    const { s } = afterIncidents(6, [['gasLeak', { target: 'TR-000010', durationS: 600 }]]);
    expect(status(s, 'G-1')).toBe(3);
    expect(s.assetStatusOf(s.registry.gidOf('TR-000010')!)).toBe(3);
  });

  it('a main leak drops pressure across its zone only', () => {
    const { s } = afterIncidents(5, [['mainLeak', { target: 'Jiangbei', durationS: 600 }]]);
    expect(status(s, 'P-3')).toBeGreaterThanOrEqual(2);
    expect(status(s, 'P-4')).toBeGreaterThanOrEqual(2);
    expect(status(s, 'P-1')).toBe(1);
    expect(status(s, 'P-2')).toBe(1);
  });

  it('a sewer blockage raises the manhole level to alarm', () => {
    const { s } = afterIncidents(7, [['blockage', { target: 'WS-000008', durationS: 900 }]]);
    expect(status(s, 'L-1')).toBe(3);
    expect(status(s, 'L-2')).toBe(1);
  });

  it('a section turning class IV is an alarm against target II and a warning against target III', () => {
    const { s } = afterIncidents(
      20,
      [
        ['sectionIV', { target: 'S-ZT', durationS: 3600 }],
        ['sectionIV', { target: 'S-DXG', durationS: 3600 }],
      ],
      30_000,
    );
    expect(s.section('S-ZT')).toMatchObject({ cls: 4, code: 3 });
    expect(s.section('S-DXG')).toMatchObject({ cls: 4, code: 2 });
  });

  it('silent sensors go offline after 3 × their interval, then recover when the spell ends', () => {
    const { e, s } = afterIncidents(6, [['silent', { sensors: ['P-1', 'G-3'], durationS: 600 }]]);
    expect(status(s, 'P-1')).toBe(4);
    expect(status(s, 'G-3')).toBe(4);
    expect(status(s, 'P-2')).toBe(1);
    const later = run(e, T0, T0 + 14 * MIN);
    expect(status(later, 'P-1')).toBe(1);
  });

  it('the demo scenario replays all incidents within one period', () => {
    const e = engine({ scenario: 'demo', scenarioPeriodS: 1200 });
    const start = Math.ceil(T0 / 1_200_000) * 1_200_000;
    const kinds = new Set<string>();
    const worst = new Set<number>();
    run(e, start, start + 1_200_000, 30_000, (s, t) => {
      for (const i of e.activeAt(t)) kinds.add(i.kind);
      for (const c of s.snapshot().codes) worst.add(c);
    });
    expect([...kinds].sort()).toEqual(['blockage', 'gasLeak', 'mainLeak', 'rain', 'sectionIV', 'silent']);
    expect(worst.has(3)).toBe(true);
  });

  it('rejects an unknown incident target', () => {
    expect(() => engine().trigger('mainLeak', T0, { target: 'Atlantis' })).toThrow(/zone/);
  });
});
