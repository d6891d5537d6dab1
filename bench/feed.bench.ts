/**
 * Feed ingest cost: parse + validate + evaluate (store.apply: thresholds with hysteresis, staleness, aggregation,
 * change batch) of one 100,000-reading document, against JSON.parse of the same bytes alone (the floor).
 * Target: ≤ 3× the floor. Run: `npm run bench -- feed`.
 */
import type { SensorDef } from '../src/domain/schema';
import { SensorRegistry } from '../src/feed/registry';
import { FeedStore } from '../src/feed/store';
import { parseFeedText } from '../src/feed/validate';
import { FeedEngine } from '../tools/feed/engine';

const N = 100_000;
const RUNS = 11;

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

// 100k sensors on 100k assets: water pressure, flow, gas %LEL and pressure, manhole levels, sewer fill
const kinds = [
  { sub: 'JP', metric: 'pressure', unit: 'MPa', interval: 60 },
  { sub: 'JP', metric: 'flow', unit: 'm3/h', interval: 60 },
  { sub: 'TR', metric: 'lel', unit: '%LEL', interval: 30 },
  { sub: 'TR', metric: 'gasPressure', unit: 'MPa', interval: 60 },
  { sub: 'WS', metric: 'level', unit: 'm', interval: 60 },
  { sub: 'WS', metric: 'fill', unit: '1', interval: 60 },
] as const;
const sensors: SensorDef[] = [];
const gids = new Map<string, number>();
for (let i = 0; i < N; i++) {
  const k = kinds[i % kinds.length];
  const asset = `${k.sub}-${String(i).padStart(6, '0')}`;
  gids.set(asset, i);
  sensors.push({ sensor: `S${i}`, asset, metric: k.metric, unit: k.unit, interval: k.interval, pressureZone: `Z${i % 7}`, dn: 300 + (i % 5) * 200 });
}
const registry = new SensorRegistry({ sensors, gids });
const engine = new FeedEngine({ seed: 1, sensors, scenario: 'demo' });
const now = Date.parse('2024-06-01T10:05:00Z');
const text = JSON.stringify(engine.documentAt(now));
console.log(`document: ${N} readings, ${(text.length / 1e6).toFixed(1)} MB`);

// warm up both paths
for (let i = 0; i < 3; i++) {
  JSON.parse(text);
  const r = parseFeedText(text, registry);
  if (!r.ok || r.batch.count !== N) throw new Error('bench document did not validate');
  new FeedStore({ registry, now: () => now, historySize: 8 }).apply(r.batch, now);
}

const floor: number[] = [];
const validate: number[] = [];
const full: number[] = [];
let changed = 0;
for (let i = 0; i < RUNS; i++) {
  gc();
  let t = performance.now();
  JSON.parse(text);
  floor.push(performance.now() - t);

  gc();
  t = performance.now();
  parseFeedText(text, registry);
  validate.push(performance.now() - t);

  const store = new FeedStore({ registry, now: () => now, historySize: 8 });
  store.on('status', (b) => {
    changed = b.gids.length;
  });
  gc();
  t = performance.now();
  const r = parseFeedText(text, registry);
  if (r.ok) store.apply(r.batch, now);
  full.push(performance.now() - t);
}

const f = median(floor);
const v = median(validate);
const a = median(full);
console.log(`baseline  JSON.parse alone (floor)                 ${f.toFixed(1)} ms = 1.00×`);
console.log(`parse + validate                                   ${v.toFixed(1)} ms = ${(v / f).toFixed(2)}× floor`);
console.log(`parse + validate + evaluate (store.apply)          ${a.toFixed(1)} ms = ${(a / f).toFixed(2)}× floor  (target ≤ 3×; ${changed} status changes emitted)`);
console.log(`medians of ${RUNS} runs`);
