import { describe, expect, it } from 'vitest';
import { parseIdList } from '../../../src/feed/ids';
import { SensorRegistry } from '../../../src/feed/registry';
import { parseIsoTime } from '../../../src/feed/time';
import { parseFeedText, validateDocument } from '../../../src/feed/validate';
import { T0, doc, fixtureRegistry, iso, reading } from './feed-fixture';

const reg = fixtureRegistry();

function ok(d: unknown) {
  const r = validateDocument(d, reg);
  if (!r.ok) throw new Error(`document rejected: ${r.error}`);
  return r.batch;
}

describe('registry from the fixture', () => {
  it('registers every fixture sensor with its gid or section', () => {
    expect(reg.count).toBe(21);
    expect(reg.skipped).toEqual([]);
    expect(reg.gid[reg.index.get('P-1')!]).toBe(0);
    expect(reg.gid[reg.index.get('G-1')!]).toBe(9);
    expect(reg.section[reg.index.get('WQ-DXG-tp')!]).toBe(1);
    expect(reg.sensorsOf('SS-000004').map((i) => reg.sensorIds[i])).toEqual(['P-4', 'F-1']);
    expect(reg.gidCount).toBe(12);
  });
  it('skips sensors on unknown assets or with unknown metrics, with the reason', () => {
    const r = new SensorRegistry({
      sensors: [
        { sensor: 'a', asset: 'NOPE', metric: 'pressure', unit: 'MPa', interval: 60 },
        { sensor: 'b', asset: 'JP-000001', metric: 'vibes', unit: '', interval: 60 },
        { sensor: 'c', asset: 'JP-000001', metric: 'pressure', unit: 'MPa', interval: 0 },
        { sensor: 'd', asset: 'S-ZT', metric: 'pressure', unit: 'MPa', interval: 60 },
      ],
      gids: new Map([['JP-000001', 0]]),
      sections: [{ id: 'S-ZT', targetClass: 2 }],
    });
    expect(r.count).toBe(0);
    expect(r.skipped.map((s) => s.reason)).toEqual(['unknownAsset', 'unknownMetric', 'badInterval', 'notWaterQuality']);
  });
});

describe('envelope', () => {
  const cases: [string, unknown, string][] = [
    ['not an object', [], 'notObject'],
    ['null', null, 'notObject'],
    ['version 2', { version: 2, generatedAt: iso(T0), sequence: 1, readings: [] }, 'badVersion'],
    ['version "1"', { version: '1', generatedAt: iso(T0), sequence: 1, readings: [] }, 'badVersion'],
    ['sequence string', { version: 1, generatedAt: iso(T0), sequence: '1', readings: [] }, 'badSequence'],
    ['sequence negative', { version: 1, generatedAt: iso(T0), sequence: -1, readings: [] }, 'badSequence'],
    ['sequence fractional', { version: 1, generatedAt: iso(T0), sequence: 1.5, readings: [] }, 'badSequence'],
    ['sequence huge', { version: 1, generatedAt: iso(T0), sequence: 2 ** 60, readings: [] }, 'badSequence'],
    ['generatedAt number', { version: 1, generatedAt: T0, sequence: 1, readings: [] }, 'badGeneratedAt'],
    ['generatedAt no zone', { version: 1, generatedAt: '2024-06-01T08:00:00', sequence: 1, readings: [] }, 'badGeneratedAt'],
    ['readings object', { version: 1, generatedAt: iso(T0), sequence: 1, readings: {} }, 'badReadings'],
    ['readings missing', { version: 1, generatedAt: iso(T0), sequence: 1 }, 'badReadings'],
  ];
  for (const [name, d, error] of cases) {
    it(`rejects ${name} as ${error}`, () => {
      const r = validateDocument(d, reg);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toBe(error);
    });
  }
  it('malformed JSON is a document error, not an exception', () => {
    const r = parseFeedText('{"version":1,"readings":[', reg);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toBe('malformed');
  });
  it('ignores unknown fields at both levels', () => {
    const b = ok({ ...doc(1, T0, [{ ...reading('P-1', 0.3, T0), extra: { a: 1 } }]), producer: 'x', schema: 'y' });
    expect(b.count).toBe(1);
    expect(b.rejectedTotal).toBe(0);
  });
});

describe('readings are rejected one by one with a reason', () => {
  const good = reading('P-1', 0.3, T0);
  const cases: [string, unknown, string][] = [
    ['a string', 'P-1', 'notObject'],
    ['an array', [good], 'notObject'],
    ['sensor number', { ...good, sensor: 1 }, 'badSensor'],
    ['sensor empty', { ...good, sensor: '' }, 'badSensor'],
    ['sensor too long', { ...good, sensor: 'x'.repeat(200) }, 'badSensor'],
    ['asset missing', { ...good, asset: undefined }, 'badAsset'],
    ['metric number', { ...good, metric: 3 }, 'badMetric'],
    ['value string', { ...good, value: '0.3' }, 'badValue'],
    ['value null', { ...good, value: null }, 'badValue'],
    ['unit missing', { ...good, unit: undefined }, 'badUnit'],
    ['unit wrong', { ...good, unit: 'psi' }, 'badUnit'],
    ['time number', { ...good, time: T0 }, 'badTime'],
    ['time loose', { ...good, time: 'June 1 2024' }, 'badTime'],
    ['time invalid date', { ...good, time: '2024-02-30T00:00:00Z' }, 'badTime'],
    ['asset unknown', { ...good, asset: 'JP-999999' }, 'unknownAsset'],
    ['sensor unknown', { ...good, sensor: 'P-99' }, 'unknownSensor'],
    ['asset of another sensor', { ...good, asset: 'JP-000002' }, 'mismatch'],
    ['metric of another kind', { ...good, metric: 'flow', unit: 'm3/h' }, 'mismatch'],
    ['value implausible', { ...good, value: 1e6 }, 'outOfRange'],
    ['time far ahead', { ...good, time: iso(T0 + 3600_000) }, 'future'],
  ];
  for (const [name, item, reason] of cases) {
    it(`${name} → ${reason}, the good one beside it is kept`, () => {
      const b = ok(doc(1, T0, [good, item]));
      expect(b.count).toBe(1);
      expect(b.rejectedTotal).toBe(1);
      expect(b.rejected[reason as keyof typeof b.rejected]).toBe(1);
      expect(b.examples[0]).toMatchObject({ index: 1, reason });
    });
  }
  it('an example names its sensor once the sensor field is valid', () => {
    const b = ok(doc(1, T0, [{ ...good, sensor: '' }, { ...good, value: '0.3' }, 'P-1', { ...good, sensor: 'P-99' }]));
    expect(b.examples.map((e) => e.sensor)).toEqual([undefined, 'P-1', undefined, 'P-99']);
  });
  it('converts accepted units to the canonical one', () => {
    const b = ok(
      doc(1, T0, [
        { ...reading('P-1', 300, T0), unit: 'kPa' },
        { ...reading('L-1', 120, T0), unit: 'cm' },
        { ...reading('FR-1', 55, T0), unit: '%' },
        { ...reading('WQ-ZT-nh3n', 0.5, T0), unit: 'mg/l' },
      ]),
    );
    expect(b.count).toBe(4);
    expect(Array.from(b.value.subarray(0, 4))).toEqual([0.3, 1.2, 0.55, 0.5]);
  });
  it('packs sensor index, value and time', () => {
    const b = ok(doc(7, T0, [reading('G-1', 12.5, T0 - 1000)]));
    expect(b.sequence).toBe(7);
    expect(b.generatedAtMs).toBe(T0);
    expect(b.sensor[0]).toBe(reg.index.get('G-1'));
    expect(b.value[0]).toBe(12.5);
    expect(b.time[0]).toBe(T0 - 1000);
  });
});

describe('ISO time parser', () => {
  it('agrees with Date.parse on valid zoned times', () => {
    for (const s of [
      '2024-06-01T08:00:00Z',
      '2024-06-01T08:00:00.5Z',
      '2024-06-01T08:00:00.123456Z',
      '2024-02-29T23:59:59+08:00',
      '1999-12-31T23:59:59-05:30',
      '2024-06-01 08:00:00Z',
    ]) {
      expect(parseIsoTime(s)).toBe(Date.parse(s.replace(' ', 'T')));
    }
  });
  it('rejects what Date.parse would guess at', () => {
    for (const s of ['2024-06-01', '2024-06-01T08:00:00', 'Sat, 01 Jun 2024 08:00:00 GMT', '2023-02-29T00:00:00Z', '2024-06-01T08:00:60Z', '2024-13-01T00:00:00Z', '2024-06-01T08:00:00.Z', '2024-06-01T08:00:00+8:00', '２０２４-06-01T08:00:00Z']) {
      expect(parseIsoTime(s)).toBeNaN();
    }
  });
});

describe('ids.txt', () => {
  it('maps line number to gid, tolerating CRLF and a final newline, reporting duplicates', () => {
    const l = parseIdList('A-1\r\nB-2\nA-1\n\nC-3\n');
    expect(l.gid.get('A-1')).toBe(0);
    expect(l.gid.get('B-2')).toBe(1);
    expect(l.gid.get('C-3')).toBe(4);
    expect(l.ids.length).toBe(5);
    expect(l.problems).toEqual([
      { line: 2, reason: 'duplicate' },
      { line: 3, reason: 'blank' },
    ]);
  });
});

describe('regressions', () => {
  it('an empty time string is badTime even as the first reading (found by the property test)', () => {
    const b = ok(doc(1, T0, [{ ...reading('P-1', 0.3, T0), time: '' }]));
    expect(b.count).toBe(0);
    expect(b.rejected.badTime).toBe(1);
  });
});
