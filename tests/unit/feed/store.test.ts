import { describe, expect, it } from 'vitest';
import type { FeedDocumentV1 } from '../../../src/domain/feedSchema';
import type { FeedStore, SectionState, StatusBatch } from '../../../src/feed/store';
import { validateDocument } from '../../../src/feed/validate';
import { T0, doc, fixtureStore, reading } from './feed-fixture';

const S = 1000;

function apply(store: FeedStore, d: FeedDocumentV1, receivedAt = Date.parse(d.generatedAt)) {
  const r = validateDocument(d, store.registry);
  if (!r.ok) throw new Error(r.error);
  return store.apply(r.batch, receivedAt);
}

function collect(store: FeedStore): { status: StatusBatch[]; sections: SectionState[][] } {
  const out = { status: [] as StatusBatch[], sections: [] as SectionState[][] };
  store.on('status', (b) => out.status.push(b));
  store.on('sections', (s) => out.sections.push(s));
  return out;
}

const gidOf = (store: FeedStore, id: string) => store.registry.gidOf(id)!;

describe('applying documents', () => {
  it('emits only the assets whose status changed, as (gids, codes)', () => {
    const { store } = fixtureStore();
    const ev = collect(store);
    apply(store, doc(1, T0, [reading('P-1', 0.3, T0), reading('G-1', 25, T0)]));
    expect(ev.status).toHaveLength(1);
    expect(Array.from(ev.status[0].gids)).toEqual([0, 9]);
    expect(Array.from(ev.status[0].codes)).toEqual([1, 3]);
    apply(store, doc(2, T0 + S, [reading('P-1', 0.31, T0 + S), reading('G-1', 26, T0 + S)]));
    expect(ev.status).toHaveLength(1); // nothing changed status
    apply(store, doc(3, T0 + 2 * S, [reading('P-1', 0.5, T0 + 2 * S)]));
    expect(Array.from(ev.status[1].gids)).toEqual([0]);
    expect(Array.from(ev.status[1].codes)).toEqual([2]);
  });

  it('refuses an older or equal sequence and keeps everything', () => {
    const { store } = fixtureStore();
    apply(store, doc(5, T0, [reading('P-1', 0.3, T0)]));
    const ev = collect(store);
    for (const seq of [5, 4, 0]) {
      const r = apply(store, doc(seq, T0 + 10 * S, [reading('P-1', 0.1, T0 + 10 * S)]));
      expect(r.applied).toBe(false);
      expect(r.error).toBe('staleSequence');
    }
    expect(store.sensor(store.sensorIndex('P-1')!).value).toBe(0.3);
    expect(store.lastSequence).toBe(5);
    expect(ev.status).toHaveLength(0);
  });

  it('counts an older reading as outOfOrder and the same reading again as unchanged', () => {
    const { store } = fixtureStore();
    apply(store, doc(1, T0, [reading('P-1', 0.3, T0)]));
    const r = apply(store, doc(2, T0 + S, [reading('P-1', 0.1, T0 - S), reading('P-2', 0.3, T0)]));
    expect(r.rejected.outOfOrder).toBe(1);
    expect(r.accepted).toBe(1);
    const r2 = apply(store, doc(3, T0 + 2 * S, [reading('P-1', 0.3, T0)]));
    expect(r2.unchanged).toBe(1);
    expect(store.sensor(store.sensorIndex('P-1')!).value).toBe(0.3);
  });

  it('applies hysteresis across documents', () => {
    const { store } = fixtureStore();
    const seen: number[] = [];
    const values = [0.13, 0.142, 0.144, 0.146, 0.203, 0.21];
    values.forEach((v, k) => {
      apply(store, doc(k + 1, T0 + k * S, [reading('P-1', v, T0 + k * S)]));
      seen.push(store.assetStatusOf(0));
    });
    expect(seen).toEqual([3, 3, 3, 2, 2, 1]);
  });

  it('an asset takes its worst sensor (alarm > warning > offline > normal > unknown)', () => {
    const { store, clock } = fixtureStore();
    const g = gidOf(store, 'SS-000004');
    apply(store, doc(1, T0, [reading('P-4', 0.3, T0), reading('F-1', 100, T0)]));
    expect(store.assetStatusOf(g)).toBe(1);
    apply(store, doc(2, T0 + S, [reading('P-4', 0.1, T0 + S)]));
    expect(store.assetStatusOf(g)).toBe(3);
    // the flow sensor goes silent while pressure recovers: offline beats normal
    for (let k = 0; k < 4; k++) {
      const t = T0 + (k + 1) * 60 * S;
      clock.now = t;
      apply(store, doc(3 + k, t, [reading('P-4', 0.3, t)]));
    }
    expect(store.sensor(store.sensorIndex('F-1')!).status).toBe(4);
    expect(store.assetStatusOf(g)).toBe(4);
  });
});

describe('staleness', () => {
  it('a sensor silent for more than 3 × its interval goes offline, and back when it reports', () => {
    const { store, clock } = fixtureStore();
    const ev = collect(store);
    apply(store, doc(1, T0, [reading('P-1', 0.3, T0)]), T0);
    clock.now = T0 + 180 * S;
    store.tick();
    expect(store.assetStatusOf(0)).toBe(1);
    clock.now = T0 + 181 * S;
    store.tick();
    expect(store.assetStatusOf(0)).toBe(4);
    expect(Array.from(ev.status.at(-1)!.codes)).toContain(4);
    apply(store, doc(2, clock.now, [reading('P-1', 0.3, clock.now)]));
    expect(store.assetStatusOf(0)).toBe(1);
  });

  it('a reading that arrives already stale is offline, never normal', () => {
    const { store } = fixtureStore();
    apply(store, doc(1, T0, [reading('P-1', 0.3, T0 - 600 * S)]));
    expect(store.assetStatusOf(0)).toBe(4);
    expect(store.sensor(store.sensorIndex('P-1')!).value).toBe(0.3);
  });

  it('a sensor never heard from is unknown, then offline after 3 × interval from the start', () => {
    const { store, clock } = fixtureStore();
    const g = gidOf(store, 'WS-000009');
    apply(store, doc(1, T0, [reading('P-1', 0.3, T0)]));
    expect(store.assetStatusOf(g)).toBe(0);
    clock.now = T0 + 181 * S;
    store.tick();
    expect(store.assetStatusOf(g)).toBe(4);
  });

  it('the feed going quiet does not keep sensors normal: the client clock advances server time', () => {
    const { store, clock } = fixtureStore();
    apply(store, doc(1, T0, [reading('G-1', 1, T0)]), T0);
    clock.now = T0 + 91 * S; // G-1 reports every 30 s
    store.tick();
    expect(store.assetStatusOf(gidOf(store, 'TR-000010'))).toBe(4);
  });

  it('judges staleness on the server clock even when the browser clock is an hour off', () => {
    const { store, clock } = fixtureStore();
    const skew = 3600 * S;
    clock.now = T0 + skew;
    apply(store, doc(1, T0, [reading('P-1', 0.3, T0)]), clock.now);
    clock.now = T0 + skew + 100 * S;
    store.tick();
    expect(store.assetStatusOf(0)).toBe(1);
    expect(store.serverNow()).toBe(T0 + 100 * S);
    clock.now = T0 + skew + 200 * S;
    store.tick();
    expect(store.assetStatusOf(0)).toBe(4);
  });
});

describe('river sections', () => {
  it('classes a section by its worst parameter and judges it against its target', () => {
    const { store } = fixtureStore();
    const ev = collect(store);
    apply(
      store,
      doc(1, T0, [
        reading('WQ-ZT-do', 7, T0),
        reading('WQ-ZT-nh3n', 0.4, T0),
        reading('WQ-ZT-tn', 5, T0), // rivers are not rated on TN
        reading('WQ-DXG-do', 5.5, T0),
        reading('WQ-DXG-nh3n', 0.9, T0),
      ]),
    );
    expect(store.section('S-ZT')).toMatchObject({ cls: 2, code: 1, targetClass: 2 });
    expect(store.section('S-DXG')).toMatchObject({ cls: 3, code: 1 });
    apply(store, doc(2, T0 + S, [reading('WQ-ZT-nh3n', 1.2, T0 + S), reading('WQ-DXG-nh3n', 1.2, T0 + S)]));
    const zt = store.section('S-ZT')!;
    expect(zt).toMatchObject({ cls: 4, code: 3, worst: ['nh3n'] });
    expect(store.section('S-DXG')).toMatchObject({ cls: 4, code: 2 });
    const last = ev.sections.at(-1)!;
    expect(last.map((s) => [s.id, s.code])).toEqual([
      ['S-ZT', 3],
      ['S-DXG', 2],
    ]);
  });

  it('pH outside 6–9 is 劣V → alarm', () => {
    const { store } = fixtureStore();
    apply(store, doc(1, T0, [reading('WQ-ZT-ph', 9.4, T0)]));
    expect(store.section('S-ZT')).toMatchObject({ cls: 6, code: 3, worst: ['ph'] });
  });

  it('emits a section whose class changes while its status does not', () => {
    const { store } = fixtureStore();
    const ev = collect(store);
    apply(store, doc(1, T0, [reading('WQ-DXG-nh3n', 0.1, T0)]));
    apply(store, doc(2, T0 + S, [reading('WQ-DXG-nh3n', 0.9, T0 + S)]));
    expect(ev.sections.map((c) => c[0].cls)).toEqual([1, 3]);
    expect(ev.sections.map((c) => c[0].code)).toEqual([1, 1]);
  });
});

describe('queries for the UI', () => {
  it('keeps a short history ring per sensor, oldest first', () => {
    const { store } = fixtureStore(); // history 5
    for (let k = 0; k < 7; k++) apply(store, doc(k + 1, T0 + k * S, [reading('P-1', 0.3 + k / 100, T0 + k * S)]));
    const h = store.history(store.sensorIndex('P-1')!);
    expect(Array.from(h.times)).toEqual([2, 3, 4, 5, 6].map((k) => T0 + k * S));
    expect(Array.from(h.values).map((v) => Math.round(v * 100) / 100)).toEqual([0.32, 0.33, 0.34, 0.35, 0.36]);
  });

  it('lists alarms most urgent first, and snapshots every known status', () => {
    const { store } = fixtureStore();
    apply(
      store,
      doc(1, T0, [
        reading('P-1', 0.5, T0),
        reading('G-1', 30, T0),
        reading('P-2', 0.3, T0),
        reading('WQ-ZT-nh3n', 1.8, T0),
      ]),
    );
    const alarms = store.alarms();
    expect(alarms.map((a) => [a.kind, a.id, a.code])).toEqual([
      ['asset', 'TR-000010', 3],
      ['section', 'S-ZT', 3],
      ['asset', 'JP-000001', 2],
    ]);
    const snap = store.snapshot();
    expect(Array.from(snap.gids)).toEqual([0, 1, 9]);
    expect(Array.from(snap.codes)).toEqual([2, 1, 3]);
    const c = store.counts();
    expect(c.assets[3]).toBe(1);
    expect(c.assets[0]).toBe(7); // 10 assets carry sensors, 3 reported
    expect(c.sections[3]).toBe(1);
  });

  it('reports sensor state with limits for "why is this red"', () => {
    const { store } = fixtureStore();
    apply(store, doc(1, T0, [reading('L-1', 3.8, T0)]));
    const [level, lel] = store.sensorsOf('WS-000008');
    expect(level).toMatchObject({ sensor: 'L-1', value: 3.8, status: 3 });
    expect(level.limits?.rule).toBe('manhole-level');
    expect(level.limits?.alarmHigh).toBeCloseTo(3.7);
    expect(lel).toMatchObject({ sensor: 'G-2', value: null, status: 0 });
  });
});

describe('an alarm that goes quiet (issue 9.1)', () => {
  it('stays an alarm with its last value, marked stale, in the count and in its place, until a fresh normal reading', () => {
    const { store, clock } = fixtureStore();
    const gas = gidOf(store, 'TR-000010');
    apply(store, doc(1, T0, [reading('G-1', 32, T0), reading('P-1', 0.5, T0)]), T0); // 32 %LEL alarm; P-1 warning
    const before = store.alarms().find((a) => a.id === 'TR-000010')!;
    expect(before).toMatchObject({ code: 3, stale: false });
    // G-1 reports every 30 s: 91 s later it is silent; P-1 (60 s) is still inside its window
    clock.now = T0 + 91 * S;
    store.tick();
    expect(store.assetStatusOf(gas)).toBe(3);
    expect(store.assetStaleOf(gas)).toBe(true);
    expect(store.sensor(store.sensorIndex('G-1')!)).toMatchObject({ value: 32, time: T0, status: 3, stale: true });
    const after = store.alarms().find((a) => a.id === 'TR-000010')!;
    expect(after).toMatchObject({ code: 3, stale: true, since: before.since });
    expect(store.alarms()[0].id).toBe('TR-000010'); // still first: alarms before warnings
    expect(store.counts().assets[3]).toBe(1);
    // a fresh normal reading ends it
    apply(store, doc(2, clock.now, [reading('G-1', 1, clock.now)]), clock.now);
    expect(store.assetStatusOf(gas)).toBe(1);
    expect(store.assetStaleOf(gas)).toBe(false);
  });

  it('a warning that goes quiet stays a warning; a fresh alarm reading makes it a live alarm again', () => {
    const { store, clock } = fixtureStore();
    apply(store, doc(1, T0, [reading('P-1', 0.5, T0)]), T0); // above 0.45: warning
    clock.now = T0 + 181 * S;
    store.tick();
    expect(store.assetStatusOf(0)).toBe(2);
    expect(store.assetStaleOf(0)).toBe(true);
    apply(store, doc(2, clock.now, [reading('P-1', 0.1, clock.now)]), clock.now);
    expect(store.assetStatusOf(0)).toBe(3);
    expect(store.assetStaleOf(0)).toBe(false);
  });

  it('an operator clear turns a silent alarm offline (until its next reading); it does nothing to a live one', () => {
    const { store, clock } = fixtureStore();
    const gas = gidOf(store, 'TR-000010');
    const ev = collect(store);
    apply(store, doc(1, T0, [reading('G-1', 32, T0)]), T0);
    expect(store.clearStale('TR-000010')).toBe(0); // live: nothing to clear
    expect(store.assetStatusOf(gas)).toBe(3);
    clock.now = T0 + 91 * S;
    store.tick();
    expect(store.clearStale('TR-000010')).toBe(1);
    expect(store.assetStatusOf(gas)).toBe(4);
    expect(Array.from(ev.status.at(-1)!.codes)).toEqual([4]);
    // a later reading in alarm is an alarm again
    apply(store, doc(2, clock.now, [reading('G-1', 25, clock.now)]), clock.now);
    expect(store.assetStatusOf(gas)).toBe(3);
  });

  it('a normal sensor that goes quiet is offline, as before', () => {
    const { store, clock } = fixtureStore();
    apply(store, doc(1, T0, [reading('G-1', 1, T0)]), T0);
    clock.now = T0 + 91 * S;
    store.tick();
    expect(store.assetStatusOf(gidOf(store, 'TR-000010'))).toBe(4);
    expect(store.alarms()[0]).toMatchObject({ code: 4, stale: false });
  });

  it('reports the pressure zone of an asset as its area (for grouping offline rows)', () => {
    const { store, clock } = fixtureStore();
    apply(store, doc(1, T0, [reading('P-3', 0.3, T0), reading('G-3', 1, T0)]), T0);
    clock.now = T0 + 181 * S;
    store.tick();
    const byId = new Map(store.alarms().map((a) => [a.id, a]));
    expect(byId.get('JP-000003')).toMatchObject({ code: 4, area: 'Jiangbei' });
    expect(byId.get('ZH-000011')).toMatchObject({ code: 4, area: null });
  });
});

describe('a river section whose deciding sensor goes quiet (issue 9.2)', () => {
  it('keeps its last known class, marked stale, instead of improving', () => {
    const { store, clock } = fixtureStore();
    apply(store, doc(1, T0, [reading('WQ-ZT-do', 7, T0), reading('WQ-ZT-nh3n', 2.5, T0)]), T0); // DO II, NH3-N 劣V
    expect(store.section('S-ZT')).toMatchObject({ cls: 6, stale: false, code: 3 });
    // NH3-N falls silent (300 s × 3), DO keeps reporting class II
    for (let k = 1; k <= 4; k++) {
      const t = T0 + k * 300 * S;
      clock.now = t;
      apply(store, doc(1 + k, t, [reading('WQ-ZT-do', 7, t)]), t);
    }
    const zt = store.section('S-ZT')!;
    expect(zt).toMatchObject({ cls: 6, stale: true, code: 3, worst: ['nh3n'], primary: ['nh3n'] });
    expect(zt.values.nh3n).toBe(2.5);
    // a fresh reading of the silent parameter makes it current again
    apply(store, doc(9, clock.now + S, [reading('WQ-ZT-nh3n', 0.3, clock.now + S)]), clock.now + S);
    expect(store.section('S-ZT')).toMatchObject({ cls: 2, stale: false, primary: [] });
  });

  it('is not stale when only a better parameter is silent', () => {
    const { store, clock } = fixtureStore();
    apply(store, doc(1, T0, [reading('WQ-ZT-do', 7.6, T0), reading('WQ-ZT-nh3n', 0.4, T0)]), T0); // DO I, NH3-N II
    for (let k = 1; k <= 4; k++) {
      const t = T0 + k * 300 * S;
      clock.now = t;
      apply(store, doc(1 + k, t, [reading('WQ-ZT-nh3n', 0.4, t + 1)]), t);
    }
    expect(store.section('S-ZT')).toMatchObject({ cls: 2, stale: false });
  });
});
