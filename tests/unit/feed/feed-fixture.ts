/** Shared fixture for the feed tests: tests/fixtures/feed (12 assets, 21 sensors, 2 river sections). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FeedDocumentV1, FeedReadingV1 } from '../../../src/domain/feedSchema';
import type { SensorDef } from '../../../src/domain/schema';
import { parseIdList } from '../../../src/feed/ids';
import { SensorRegistry, type SectionDef } from '../../../src/feed/registry';
import { FeedStore } from '../../../src/feed/store';
import { readSections } from '../../../tools/feed/dataset';

export const FIXTURE_DIR = join(__dirname, '..', '..', 'fixtures', 'feed');

export function fixtureSensors(): SensorDef[] {
  return JSON.parse(readFileSync(join(FIXTURE_DIR, 'sensors.json'), 'utf8')) as SensorDef[];
}

export function fixtureSections(): SectionDef[] {
  return readSections(join(FIXTURE_DIR, 'sections.geojson'));
}

export function fixtureRegistry(): SensorRegistry {
  const ids = parseIdList(readFileSync(join(FIXTURE_DIR, 'ids.txt'), 'utf8'));
  return new SensorRegistry({ sensors: fixtureSensors(), gids: ids.gid, sections: fixtureSections() });
}

export const T0 = Date.parse('2024-06-01T08:00:00Z');

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** A reading for a fixture sensor (asset, metric, unit looked up). */
export function reading(sensor: string, value: number, time: number): FeedReadingV1 {
  const def = fixtureSensors().find((s) => s.sensor === sensor);
  if (!def) throw new Error(`no fixture sensor ${sensor}`);
  return { sensor, asset: def.asset, metric: def.metric, value, unit: def.unit, time: iso(time) };
}

export function doc(sequence: number, generatedAt: number, readings: unknown[]): FeedDocumentV1 {
  return { version: 1, generatedAt: iso(generatedAt), sequence, readings: readings as FeedReadingV1[] };
}

/** A store with a controllable client clock starting at T0. */
export function fixtureStore(): { store: FeedStore; clock: { now: number } } {
  const clock = { now: T0 };
  const store = new FeedStore({ registry: fixtureRegistry(), now: () => clock.now, historySize: 5 });
  return { store, clock };
}
