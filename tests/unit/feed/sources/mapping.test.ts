import { describe, expect, it } from 'vitest';
import { decodePayload, isoTime, numeric, readingsOf, valueAt } from '../../../../src/feed/sources/mapping';
import { ReadingSink } from '../../../../src/feed/sources/sink';
import { STATUS_ALARM, STATUS_NORMAL } from '../../../../src/domain/status';
import { T0, fixtureRegistry, fixtureStore, iso } from '../feed-fixture';

const registry = fixtureRegistry();
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('field mapping', () => {
  it('reads paths, the payload itself and topic levels', () => {
    const msg = { d: { id: 'P-1', v: [1, 2] } };
    expect(valueAt(msg, 'd.id')).toBe('P-1');
    expect(valueAt(msg, 'd.v.1')).toBe(2);
    expect(valueAt(msg, 'd.missing')).toBeUndefined();
    expect(valueAt(msg, 'd.toString')).toBeUndefined(); // own fields only
    expect(valueAt(0.3, '$')).toBe(0.3);
    expect(valueAt({}, '$topic.1', 'cq/P-2/pressure')).toBe('P-2');
    expect(valueAt({}, '$topic', 'cq/P-2/pressure')).toBe('cq/P-2/pressure');
  });

  it('reads numbers given as text and epoch times (s and ms); leaves the rest for validation', () => {
    expect([numeric('0.31'), numeric(' 52 '), numeric('1e-3'), numeric('0x10'), numeric(''), numeric('abc')]).toEqual([0.31, 52, 0.001, '0x10', '', 'abc']);
    expect(isoTime(1717228800)).toBe('2024-06-01T08:00:00.000Z');
    expect(isoTime(1717228800000)).toBe('2024-06-01T08:00:00.000Z');
    expect(isoTime('2024-06-01T08:00:00Z')).toBe('2024-06-01T08:00:00Z');
  });

  it('one reading per message: asset, metric and canonical unit come from the registry when the message lacks them', () => {
    const out = readingsOf({ sensor: 'P-1', value: '0.31', time: 1717228740 }, 't', {}, registry, T0);
    expect(out).toEqual([{ sensor: 'P-1', asset: 'JP-000001', metric: 'pressure', value: 0.31, unit: 'MPa', time: '2024-06-01T07:59:00.000Z' }]);
  });

  it('a bare number with the sensor in the topic; no time = the time of receipt', () => {
    const out = readingsOf(decodePayload(bytes('0.052')), 'cq/P-2/pressure', { sensor: '$topic.1', value: '$' }, registry, T0);
    expect(out).toEqual([{ sensor: 'P-2', asset: 'JP-000002', metric: 'pressure', value: 0.052, unit: 'MPa', time: iso(T0) }]);
  });

  it('renamed fields and a batch under a custom path', () => {
    const msg = { ts: 'x', data: [{ id: 'P-1', val: 310, u: 'kPa' }, { id: 'G-1', val: 25 }] };
    const out = readingsOf(msg, 't', { sensor: 'id', value: 'val', unit: 'u', readings: 'data' }, registry, T0);
    expect(out.map((r) => (r as { sensor: string; value: number; unit: string }))).toMatchObject([
      { sensor: 'P-1', value: 310, unit: 'kPa' },
      { sensor: 'G-1', value: 25, unit: '%LEL' },
    ]);
  });

  it('a batch through the shared pipeline: converted, judged, bad items rejected one by one and counted', () => {
    const { store } = fixtureStore();
    const sink = new ReadingSink({ store, now: () => T0, tickMs: 0 });
    const batch = [
      { sensor: 'P-1', value: 310, unit: 'kPa', time: iso(T0 - 1000) }, // 0.31 MPa: normal
      { sensor: 'P-2', value: '0.05', time: iso(T0 - 1000) }, // 0.05 MPa < 0.14: alarm
      'junk', // not an object
      { sensor: 'P-3', value: 'n/a', time: iso(T0) }, // not a number
      { sensor: 'P-1', value: 0.3, metric: 'flow', time: iso(T0) }, // wrong metric for the sensor
    ];
    const outcome = sink.deliver(readingsOf(batch, 't', {}, registry, T0));
    expect(outcome).toEqual({ kind: 'applied', sequence: 0, accepted: 2, rejected: 3 });
    const h = sink.health();
    expect(h.rejectedReadings).toMatchObject({ notObject: 1, badValue: 1, mismatch: 1 });
    expect(store.sensor(store.sensorIndex('P-1')!)).toMatchObject({ value: 0.31, status: STATUS_NORMAL });
    expect(store.sensor(store.sensorIndex('P-2')!)).toMatchObject({ value: 0.05, status: STATUS_ALARM });
    // the next document follows the store's sequence
    expect(sink.deliver(readingsOf({ sensor: 'P-1', value: 0.32, time: iso(T0) }, 't', {}, registry, T0))).toMatchObject({ kind: 'applied', sequence: 1, accepted: 1 });
  });
});
