/**
 * The live-feed UI's pure parts against the feed fixture (tests/fixtures/feed): alarm rows from a real FeedStore,
 * their order and words, acknowledgements that survive a reload, KPIs, the health badge in both languages, the
 * sparkline geometry and the readings panel's lines.
 */
import { describe, expect, test } from 'vitest';
import type { FeedHealth } from '../../../src/feed/client';
import { validateDocument } from '../../../src/feed/validate';
import { STATUS_ALARM, STATUS_OFFLINE, STATUS_WARNING } from '../../../src/domain/status';
import {
  ACK_STORAGE_KEY,
  AckStore,
  buildAlarmView,
  describeGroup,
  describeRow,
  groupOfId,
  orderRows,
  type AlarmRow,
  type KeyValueStorage,
} from '../../../src/ui/alarmList';
import { badgeModel } from '../../../src/ui/feedBadge';
import { ageText, failureText, timeText } from '../../../src/ui/feedFormat';
import { computeKpis } from '../../../src/ui/kpiStrip';
import { readingLines } from '../../../src/ui/readingsPanel';
import { sparkGeometry } from '../../../src/ui/sparkline';
import { doc, fixtureStore, reading, T0 } from '../feed/feed-fixture';

const buildAlarmRows = (source: Parameters<typeof buildAlarmView>[0]): AlarmRow[] => buildAlarmView(source).rows;

function applied(readings: unknown[], seq = 1, at = T0) {
  const { store, clock } = fixtureStore();
  clock.now = at;
  const r = validateDocument(doc(seq, at, readings), store.registry);
  if (!r.ok) throw new Error(r.message);
  store.apply(r.batch, at);
  return { store, clock };
}

class MapStorage implements KeyValueStorage {
  readonly map = new Map<string, string>();
  getItem(k: string): string | null {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string): void {
    this.map.set(k, v);
  }
}

function row(id: string, code: AlarmRow['code'], since: number): AlarmRow {
  return {
    kind: 'asset',
    id,
    gid: 0,
    sensor: null,
    code,
    stale: false,
    since,
    group: groupOfId(id),
    metric: null,
    value: null,
    time: null,
    limits: null,
    cls: null,
    targetClass: null,
    primary: [],
  };
}

describe('alarm rows', () => {
  test('a low pressure and a gas warning become rows, alarm first, with metric, value and band', () => {
    const { store } = applied([reading('P-1', 0.1, T0 - 1000), reading('G-1', 12, T0 - 1000), reading('P-2', 0.3, T0 - 1000)]);
    const rows = buildAlarmRows(store);
    expect(rows.map((r) => [r.id, r.code])).toEqual([
      ['JP-000001', STATUS_ALARM],
      ['TR-000010', STATUS_WARNING],
    ]);
    const [p, g] = rows;
    expect(p.group).toBe('JS');
    expect(g.group).toBe('RQ');
    expect(p.metric?.id).toBe('pressure');
    expect(p.value).toBeCloseTo(0.1);
    const en = describeRow(p, 'en');
    expect(en).toContain('Water pressure');
    expect(en).toContain('0.1 MPa');
    expect(en).toMatch(/normal 0\.2 – 0\.45 MPa/);
    expect(describeRow(p, 'zh-CN')).toContain('供水压力');
    expect(describeRow(g, 'en')).toContain('12 %LEL');
  });

  test('a river section one class worse than its target is a warning row with class and target', () => {
    // S-ZT targets class II; NH3-N 0.8 mg/L is class III
    const { store } = applied([reading('WQ-ZT-nh3n', 0.8, T0 - 1000), reading('WQ-ZT-do', 8, T0 - 1000)]);
    const rows = buildAlarmRows(store);
    const sec = rows.find((r) => r.id === 'S-ZT');
    expect(sec?.kind).toBe('section');
    expect(sec?.code).toBe(STATUS_WARNING);
    expect(sec?.metric?.id).toBe('nh3n');
    expect(describeRow(sec as AlarmRow, 'en')).toContain('class III (target II)');
  });

  test('a section worse than class III names its primary pollutants, worst first', () => {
    // S-ZT: NH3-N 2.5 劣V, TP 0.35 V ((0.35−0.2)/0.2 = 0.75), CODMn 12 V ((12−6)/6 = 1.0), DO 8 I
    const { store } = applied([
      reading('WQ-ZT-nh3n', 2.5, T0 - 1000),
      reading('WQ-ZT-tp', 0.35, T0 - 1000),
      reading('WQ-ZT-codmn', 12, T0 - 1000),
      reading('WQ-ZT-do', 8, T0 - 1000),
    ]);
    const sec = buildAlarmRows(store).find((r) => r.id === 'S-ZT') as AlarmRow;
    expect(sec.primary.map((m) => m.id)).toEqual(['nh3n', 'codmn', 'tp']);
    expect(describeRow(sec, 'en')).toBe(
      'Ammonia nitrogen 2.5 mg/L · class 劣V (target II) · primary pollutants: Ammonia nitrogen, Permanganate index, Total phosphorus',
    );
  });

  test('an alarm whose sensor goes silent stays an alarm row with its last value, "no data since", in its place', () => {
    const { store, clock } = applied([reading('G-1', 32, T0 - 1000), reading('P-1', 0.5, T0 - 1000), reading('P-2', 0.3, T0 - 1000)]);
    clock.now = T0 + 91_000; // G-1 reports every 30 s: silent; P-1/P-2 (60 s) still inside their window
    store.tick();
    const view = buildAlarmView(store);
    expect(view.rows.map((r) => [r.id, r.code, r.stale])).toEqual([
      ['TR-000010', STATUS_ALARM, true],
      ['JP-000001', STATUS_WARNING, false],
    ]);
    expect(view.alarms).toBe(1);
    expect(view.stale).toBe(1);
    const gas = view.rows[0];
    expect(gas.value).toBe(32);
    expect(describeRow(gas, 'en')).toMatch(/^no data since 15:59:59 · .*32 %LEL/);
    expect(describeRow(gas, 'zh-CN')).toMatch(/^自15:59:59起无数据 · .*32 %LEL/);
  });

  test('offline assets are grouped by category and pressure zone, one row per group with a count, not listed as alarms', () => {
    const { store, clock } = applied([
      reading('P-1', 0.3, T0 - 1000),
      reading('P-2', 0.3, T0 - 1000),
      reading('P-3', 0.3, T0 - 1000),
      reading('G-3', 1, T0 - 1000),
      reading('G-1', 25, T0 - 1000),
    ]);
    clock.now = T0 + 4 * 60_000; // > 3 × 60 s: every sensor of the fixture is silent or never heard (offline)
    store.tick();
    const view = buildAlarmView(store);
    expect(view.rows.map((r) => r.id)).toEqual(['TR-000010']); // the gas alarm stays; nothing offline among the rows
    const js = view.offline.filter((g) => g.group === 'JS').map((g) => [g.area, g.count]);
    // JP-000001, JP-000002 in Yuzhong-High; JP-000003 and SS-000004 (never heard) in Jiangbei
    expect(js).toEqual([
      ['Jiangbei', 2],
      ['Yuzhong-High', 2],
    ]);
    expect(view.offlineTotal).toBe(view.offline.reduce((n, g) => n + g.count, 0));
    const zh = view.offline.find((g) => g.group === 'QT'); // ZH-000011: a sub-type of QT
    expect(zh).toMatchObject({ area: null, count: 1 });
    expect(describeGroup(view.offline[0], 'en')).toBe('2 offline · Water supply · Jiangbei');
    expect(describeGroup(zh!, 'zh-CN')).toMatch(/^1个离线 · .+ · 未记录区域$/);
  });

  test('counts are true totals when the rows are capped', () => {
    const { store } = applied([reading('P-1', 0.1, T0 - 1000), reading('P-2', 0.1, T0 - 1000), reading('G-1', 12, T0 - 1000)]);
    const view = buildAlarmView(store, 1);
    expect(view.rows).toHaveLength(1);
    expect(view.active).toHaveLength(3);
    expect(view.alarms).toBe(2);
    expect(view.warnings).toBe(1);
    expect(view.alarmsByGroup).toEqual([{ group: 'JS', count: 2 }]);
  });

  test('severity first, then most recent; acknowledged rows after the others', () => {
    const rows = [row('JP-1', STATUS_WARNING, 5), row('JP-2', STATUS_ALARM, 1), row('JP-3', STATUS_ALARM, 9), row('JP-4', STATUS_OFFLINE, 10)];
    expect(orderRows(rows, () => false).map((r) => r.id)).toEqual(['JP-3', 'JP-2', 'JP-1', 'JP-4']);
    expect(orderRows(rows, (r) => r.id === 'JP-3').map((r) => r.id)).toEqual(['JP-2', 'JP-1', 'JP-4', 'JP-3']);
  });

  test('category of an asset id from its prefix', () => {
    expect(groupOfId('JS-000001')).toBe('JS');
    expect(groupOfId('JP-S000001')).toBe('JS');
    expect(groupOfId('WS-M000006')).toBe('PS');
    expect(groupOfId('NOPE-1')).toBeNull();
  });
});

describe('acknowledgements', () => {
  test('persist across a reload, can be undone, end when the asset is normal again', () => {
    const storage = new MapStorage();
    const a = new AckStore(storage, () => 42);
    a.set({ id: 'JP-1', code: 3 }, true);
    a.set({ id: 'JP-2', code: 2 }, true);
    const reloaded = new AckStore(storage);
    expect(reloaded.has({ id: 'JP-1', code: 3 })).toBe(true);
    expect(reloaded.has({ id: 'JP-1', code: 2 }), 'per status: a worse status is a new alarm').toBe(false);
    reloaded.set({ id: 'JP-2', code: 2 }, false);
    expect(new AckStore(storage).has({ id: 'JP-2', code: 2 })).toBe(false);
    reloaded.clearAsset('JP-1');
    expect(new AckStore(storage).size).toBe(0);
  });

  test('unreadable storage starts empty and notifies listeners on change', () => {
    const storage = new MapStorage();
    storage.setItem(ACK_STORAGE_KEY, '{not json');
    const a = new AckStore(storage);
    expect(a.size).toBe(0);
    let calls = 0;
    a.onChange(() => calls++);
    a.set({ id: 'X-1', code: 3 }, true);
    a.set({ id: 'X-1', code: 3 }, true); // no change
    expect(calls).toBe(1);
    expect(new AckStore(null).size).toBe(0);
  });
});

describe('KPIs', () => {
  test('true totals, sensors online, share of current sections in class I–III with the stale ones left out', () => {
    const view = { alarms: 1146, warnings: 7, alarmsByGroup: [{ group: 'JS' as const, count: 1100 }, { group: 'RQ' as const, count: 46 }] };
    const k = computeKpis(view, {
      sensorStatuses: () => [1, 2, 3, 4, 0, 1, 3],
      sensorSilent: () => [false, false, false, true, false, false, true], // the last one: an alarm kept from a silent sensor
      sections: () => [
        { cls: 2, stale: false },
        { cls: 4, stale: false },
        { cls: null, stale: false },
        { cls: 3, stale: false },
        { cls: 6, stale: true }, // last known 劣V, its sensor silent: not rated, not counted as good
      ],
    });
    expect(k.alarms).toBe(1146);
    expect(k.warnings).toBe(7);
    expect(k.alarmsByGroup).toEqual(view.alarmsByGroup);
    expect(k.online).toBe(4);
    expect(k.sensors).toBe(7);
    expect(k.goodRatio).toBeCloseTo(2 / 3);
    expect(k.sectionsRated).toBe(3);
    expect(k.sectionsStale).toBe(1);
  });
});

function health(patch: Partial<FeedHealth>): FeedHealth {
  return {
    running: true,
    state: 'ok',
    lastOkAt: T0,
    lastAttemptAt: T0,
    consecutiveFailures: 0,
    lastError: null,
    nextPollAt: null,
    inFlightSince: null,
    sequence: 1,
    etag: null,
    polls: 1,
    applied: 1,
    notModified: 0,
    staleSequences: 0,
    failures: {},
    rejectedReadings: { notObject: 0, badSensor: 0, badAsset: 0, badMetric: 0, badValue: 2, badUnit: 1, badTime: 0, unknownAsset: 0, unknownSensor: 0, mismatch: 0, outOfRange: 0, future: 0, outOfOrder: 0 },
    lastDocument: null,
    ...patch,
  };
}

describe('feed badge', () => {
  test('live: time in Chongqing, age and the last document\'s rejected count (the total since start is the tooltip)', () => {
    const lastDocument = { sequence: 1, received: 40, accepted: 30, unchanged: 7, rejected: 3, examples: [] };
    const m = badgeModel({ health: health({ lastDocument }), staleSequence: false, now: T0 + 12_000 }, 'en');
    expect(m.state).toBe('ok');
    expect(m.label).toBe('Live');
    expect(m.updated).toBe('Updated 16:00:00 (12 s ago)'); // T0 = 08:00Z = 16:00 in Chongqing
    expect(m.rejectedText).toBe('3 of 40 readings rejected in the last document');
    expect(m.rejectedTotalText).toBe('3 readings rejected since the page opened');
    expect(m.problem).toBeNull();
    // a clean document after a bad one: no rejected count any more (the counter does not stick)
    const clean = { ...lastDocument, accepted: 33, rejected: 0 };
    expect(badgeModel({ health: health({ lastDocument: clean }), staleSequence: false, now: T0 }, 'en').rejectedText).toBeNull();
  });

  test('amber, not green, when documents arrive but nothing in them is usable', () => {
    const doc1 = { sequence: 2, received: 40, accepted: 0, unchanged: 0, rejected: 40, examples: [] };
    const all = badgeModel({ health: health({ lastDocument: doc1 }), staleSequence: false, now: T0 + 2000 }, 'en');
    expect(all.state).toBe('degraded');
    expect(all.label).toBe('Receiving, 0 readings usable');
    expect(all.problem).toBe('Every reading of the last document was rejected (40).');
    const empty = { sequence: 3, received: 0, accepted: 0, unchanged: 0, rejected: 0, examples: [] };
    const e = badgeModel({ health: health({ lastDocument: empty }), staleSequence: false, now: T0 }, 'zh-CN');
    expect(e.state).toBe('degraded');
    expect(e.label).toBe('接收中，0条读数可用');
    expect(e.problem).toBe('收到的文档不含任何读数。');
    const older = badgeModel({ health: health({}), staleSequence: true, now: T0 }, 'en');
    expect(older.state).toBe('degraded');
    expect(older.problem).toContain('older document');
    // a snapshot whose readings are all unchanged is normal (sensors report every minute, documents every second)
    const same = { sequence: 4, received: 40, accepted: 0, unchanged: 40, rejected: 0, examples: [] };
    expect(badgeModel({ health: health({ lastDocument: same }), staleSequence: false, now: T0 }, 'en').state).toBe('ok');
  });

  test('a request that hangs shows how long it has waited, never "retrying in 0 s"', () => {
    const h = health({
      state: 'retrying',
      lastError: { kind: 'timeout', message: 'no complete response in 10000 ms', at: T0 },
      nextPollAt: null,
      inFlightSince: T0 + 1000,
    });
    const en = badgeModel({ health: h, staleSequence: false, now: T0 + 7400 }, 'en');
    expect(en.problem).toContain('(retrying now, waiting 6 s for an answer)');
    expect(en.problem).not.toContain('retrying in');
    expect(badgeModel({ health: h, staleSequence: false, now: T0 + 7400 }, 'zh-CN').problem).toContain('（正在重试，已等待应答6秒）');
  });

  test('failing: the problem in plain words, in either language, keeping the last data', () => {
    const h = health({ state: 'retrying', lastError: { kind: 'http', message: 'HTTP 500', at: T0 + 5000, status: 500 }, nextPollAt: T0 + 9000 });
    const en = badgeModel({ health: h, staleSequence: false, now: T0 + 6000 }, 'en');
    expect(en.label).toBe('Feed problem');
    expect(en.problem).toContain('HTTP 500');
    expect(en.problem).toContain('last good data');
    expect(en.problem).toContain('retrying in 3 s');
    const zh = badgeModel({ health: h, staleSequence: false, now: T0 + 6000 }, 'zh-CN');
    expect(zh.problem).toContain('数据服务器返回错误');
    const stale = badgeModel({ health: health({}), staleSequence: true, now: T0 }, 'en');
    expect(stale.problem).toContain('older document');
  });

  test('every failure kind has its own words', () => {
    const kinds = ['network', 'timeout', 'http', 'tooLarge', 'malformed', 'notObject', 'badVersion', 'badSequence', 'badGeneratedAt', 'badReadings', 'staleSequence'] as const;
    const texts = kinds.map((k) => failureText(k, 'en', 503));
    expect(new Set(texts).size).toBe(kinds.length);
    expect(kinds.map((k) => failureText(k, 'zh-CN'))).not.toContain(texts[0]);
  });

  test('no feed: says so, with the setup problem', () => {
    const m = badgeModel({ health: null, staleSequence: false, now: 0, setupError: 'x' }, 'en');
    expect(m.state).toBe('off');
    expect(m.problem).toBe('x');
  });

  test('ages and times', () => {
    expect(ageText(59_900, 'en')).toBe('59 s');
    expect(ageText(5 * 60_000, 'en')).toBe('5 min');
    expect(ageText(3 * 3600_000, 'zh-CN')).toBe('3 小时');
    expect(ageText(-5, 'en')).toBe('0 s');
    expect(timeText(T0, 'zh-CN')).toBe('16:00:00');
  });
});

describe('sparkline and readings', () => {
  test('points span the box; the band is shaded where it lies', () => {
    const g = sparkGeometry([0, 1000, 2000], [0, 5, 10], 102, 22, { lo: 2, hi: 8 });
    expect(g.path).toBe('M1 21 L51 11 L101 1');
    expect(g.last).toEqual({ x: 101, y: 1 });
    expect(g.band).toEqual({ y: 5, height: 12 });
    expect(sparkGeometry([], [], 10, 10).path).toBe('');
    // a one-sided band reaches the edge; a flat line sits mid-height
    expect(sparkGeometry([0, 1], [3, 3], 12, 12, { lo: -Infinity, hi: 3 }).band?.y).toBeGreaterThanOrEqual(0);
    expect(sparkGeometry([0, 1], [3, 3], 12, 12).path).toBe('M1 6 L11 6');
  });

  test('a reading against its bands, and one never heard', () => {
    const { store } = applied([reading('P-1', 0.1, T0 - 1000)]);
    const [p1] = store.sensorsOf('JP-000001');
    const lines = readingLines(p1, 'en', T0);
    expect(lines.title).toBe('Water pressure · P-1');
    expect(lines.value).toBe('0.1 MPa');
    expect(lines.detail.join(' | ')).toMatch(/normal 0\.2 – 0\.45 MPa/);
    expect(lines.detail.join(' | ')).toMatch(/alarm below 0\.14 \/ above 0\.6 MPa/);
    const [never] = store.sensorsOf('JP-000003');
    expect(readingLines(never, 'en', T0).value).toBe('no reading yet');
  });
});
