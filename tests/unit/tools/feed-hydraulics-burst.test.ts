import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localiseLeak } from '../../../src/analysis/hydraulics/localise';
import { buildWaterModel } from '../../../src/analysis/hydraulics/model';
import { plausibleModel } from '../../../src/analysis/hydraulics/plausible';
import { computeSignatures } from '../../../src/analysis/hydraulics/signatures';
import { loadEngine, type Engine } from '../../../src/analysis/hydraulics/solver';
import type { SensorDef } from '../../../src/domain/schema';
import { defaultThresholds, resolveLimits, severity } from '../../../src/domain/thresholds';
import { readWaterRecords, type WaterRecords } from '../../../tools/epanet/dataset';
import { readSensors } from '../../../tools/feed/dataset';
import { FeedEngine } from '../../../tools/feed/engine';
import { BURST_TOP_RANK, HydraulicFeed } from '../../../tools/feed/hydraulics';
import { generateDataset } from '../../../tools/generate/index';

// The demo's main leak must be observable end to end, as an operator meets it: on a small generated dataset (1500
// segments, three pressure zones) the simulator's burst takes a pressure sensor of its zone into alarm, and the
// localisation of that alarm (the browser Worker's method: residual = reading − no-leak model at the hour, against
// the whole zone's signatures) ranks the burst's pipe in its top 5.
const M_PER_MPA = 101.97;
// 11:00 UTC = 19:00 in Chongqing, the evening peak
const T0 = Date.parse('2024-06-01T11:00:00Z');
const HOUR = 19;

let dir: string;
let sensors: SensorDef[];
let rec: WaterRecords;
let hyd: HydraulicFeed;
let engine: Engine;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hyd-burst-'));
  await generateDataset({ segments: 1500, seed: 20261129, outDir: dir });
  sensors = readSensors(join(dir, 'sensors.json'));
  rec = readWaterRecords(dir);
  hyd = (await HydraulicFeed.create(dir, sensors, 1))!;
  engine = await loadEngine(await import('epanet-js'));
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the simulator main leak is observable (generated dataset, 1500 segments)', () => {
  it('in every zone: a pressure sensor of the zone alarms and "Locate leak" ranks the burst pipe in its top 5', () => {
    const zones = [...new Set(sensors.filter((s) => s.cat === 'JS' && s.metric === 'pressure').map((s) => s.pressureZone!))].sort();
    expect(zones.length).toBeGreaterThanOrEqual(2);
    const { sources } = plausibleModel(engine, rec);
    const thresholds = defaultThresholds();
    for (const zone of zones) {
      const feed = new FeedEngine({ seed: 1, sensors, scenario: 'none', hydraulics: hyd });
      const inc = feed.trigger('mainLeak', T0, { target: zone, durationS: 900 });
      const burst = hyd.leakFor(inc)!;
      // two minutes in: past the 90 s rise
      const doc = feed.documentAt(T0 + 120_000);
      const zoneSensors = sensors.filter((s) => s.cat === 'JS' && s.metric === 'pressure' && s.pressureZone === zone);
      const reading = new Map(doc.readings.map((r) => [r.sensor, r.value]));
      const alarming = zoneSensors.filter((s) => severity(reading.get(s.sensor)!, resolveLimits(thresholds, { ...s })!) === 3);
      expect(alarming.length, zone).toBeGreaterThan(0);
      expect(alarming.map((s) => s.sensor), zone).toContain(burst.alarmSensor);
      // before the burst none of them was in alarm: the burst raised it
      const before = new Map(new FeedEngine({ seed: 1, sensors, scenario: 'none', hydraulics: hyd }).documentAt(T0 + 120_000).readings.map((r) => [r.sensor, r.value]));
      for (const s of alarming) expect(severity(before.get(s.sensor)!, resolveLimits(thresholds, { ...s })!), s.sensor).toBeLessThan(3);

      // Locate leak: the zone's model and signatures at the alarm's hour, residual = reading − the no-leak model
      const model = buildWaterModel(rec.segments, rec.nodes, { zone, sources });
      const sig = computeSignatures(engine, model, zoneSensors.map((s) => ({ sensor: s.sensor, node: s.asset })), { hour: HOUR });
      const residual = new Map(sig.sensors.map((id, i) => [id, reading.get(id)! * M_PER_MPA - sig.base[i]]));
      const loc = localiseLeak(model, sig, residual);
      const rank = loc.candidates.findIndex((c) => c.pipe === burst.pipe) + 1;
      expect(rank, `${zone}: ${burst.pipe} ranked ${rank}`).toBeGreaterThan(0);
      expect(rank, `${zone}: ${burst.pipe} ranked ${rank}`).toBeLessThanOrEqual(BURST_TOP_RANK);
      expect(loc.confidence, zone).not.toBe('none');
    }
  }, 60_000);
});
