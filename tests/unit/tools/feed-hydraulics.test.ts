import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hourlyPattern } from '../../../src/analysis/hydraulics/pattern';
import type { PipeNode, PipeSegment, SensorDef } from '../../../src/domain/schema';
import { SensorRegistry } from '../../../src/feed/registry';
import { validateDocument } from '../../../src/feed/validate';
import { FeedEngine } from '../../../tools/feed/engine';
import { HydraulicFeed } from '../../../tools/feed/hydraulics';

// The five-node fixture (tests/fixtures/hydraulics): source head 50 m, all elevations 9 m, 2 L/s at meter B fed round
// a symmetric loop, so 1 L/s comes through each of B's pipes.
const fixture = JSON.parse(readFileSync(new URL('../../fixtures/hydraulics/five-node.json', import.meta.url), 'utf8')) as {
  segments: PipeSegment[];
  nodes: PipeNode[];
};
const ctx = { cat: 'JS' as const, sub: 'JP', pressureZone: 'Z1' };
const sensors: SensorDef[] = [
  { sensor: 'PRS-T', asset: 'T', metric: 'pressure', unit: 'MPa', interval: 60, ...ctx },
  { sensor: 'PRS-B', asset: 'B', metric: 'pressure', unit: 'MPa', interval: 60, ...ctx },
  { sensor: 'FLW-B', asset: 'B', metric: 'flow', unit: 'm3/h', interval: 60, ...ctx },
];
const gids = new Map([...fixture.segments, ...fixture.nodes].map((r) => [r.id, r.gid]));
// 08:00 UTC = 16:00 in Chongqing: the pattern's 16:00–17:00 multiplier
const T0 = Date.parse('2024-06-01T08:00:00Z');
const HOUR16 = hourlyPattern()[16];

let dir: string;
let hyd: HydraulicFeed;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hyd-feed-'));
  writeFileSync(join(dir, 'segments.ndjson'), fixture.segments.map((s) => JSON.stringify(s)).join('\n') + '\n');
  writeFileSync(join(dir, 'nodes.ndjson'), fixture.nodes.map((n) => JSON.stringify(n)).join('\n') + '\n');
  hyd = (await HydraulicFeed.create(dir, sensors, 1))!;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const engine = () => new FeedEngine({ seed: 3, sensors, scenario: 'none', hydraulics: hyd });
const value = (e: FeedEngine, t: number, sensor: string) => e.documentAt(t).readings.find((r) => r.sensor === sensor)!.value;

describe('feed simulator with EPANET hydraulics (five-node fixture)', () => {
  it('reads the model at the sensors: ~41 m of pressure (0.40 MPa), 1 L/s × the pattern through the meter', () => {
    expect(hyd.sensorCount).toBe(3);
    expect(hyd.steps).toBe(24);
    const e = engine();
    // 41 m = 0.402 MPa, less friction, ± sensor noise (0.0005 MPa, 1 σ)
    expect(value(e, T0, 'PRS-T')).toBeGreaterThan(0.398);
    expect(value(e, T0, 'PRS-T')).toBeLessThan(0.404);
    expect(value(e, T0, 'FLW-B')).toBeCloseTo(3.6 * HOUR16, 0);
  });

  it('every document validates against feed v1 and is the same for the same seed and time', () => {
    const registry = new SensorRegistry({ sensors, gids });
    const e = engine();
    for (let t = T0; t < T0 + 3600_000; t += 600_000) {
      const r = validateDocument(e.documentAt(t), registry);
      expect(r.ok).toBe(true);
      if (r.ok) expect(r.batch.rejectedTotal).toBe(0);
    }
    expect(engine().documentAt(T0 + 123_000)).toEqual(e.documentAt(T0 + 123_000));
  });

  it('a main leak is a burst on a pipe of the zone: pressures fall while it runs, seeded', () => {
    const e = engine();
    const before = value(e, T0 + 300_000, 'PRS-B');
    const inc = e.trigger('mainLeak', T0, { target: 'Z1', durationS: 900 });
    const burst = hyd.leakFor(inc)!;
    expect(['P1', 'P2', 'P3', 'P4', 'P5']).toContain(burst.pipe);
    expect(burst.leakLps).toBeGreaterThanOrEqual(30);
    expect(burst.leakLps).toBeLessThanOrEqual(80);
    // fully developed after the 90 s rise: tens of L/s more through the mains lower B by well over the noise (6 σ)
    const during = value(e, T0 + 300_000, 'PRS-B');
    expect(before - during).toBeGreaterThan(0.003);
    // and the readings return once the burst has decayed (90 s after its end)
    expect(Math.abs(value(e, T0 + 1200_000, 'PRS-B') - value(engine(), T0 + 1200_000, 'PRS-B'))).toBeLessThan(1e-9);
    expect(hyd.leakFor(inc)).toEqual(burst);
  });
});
