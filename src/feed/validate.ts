/**
 * Feed v1 document validation: the envelope is all-or-nothing, readings are accepted or rejected one by one with a
 * counted reason. Never throws, whatever the input. Output is packed into typed arrays (sensor index, value in the
 * metric's canonical unit, time in epoch ms) for the store.
 */
import {
  FEED_LIMITS,
  FEED_VERSION,
  READING_ERRORS,
  type DocumentError,
  type ReadingError,
} from '../domain/feedSchema';
import { unitConverter, type MetricDef } from '../domain/metrics';
import type { SensorRegistry } from './registry';
import { parseIsoTime } from './time';

export interface RejectedExample {
  index: number;
  reason: ReadingError;
  /** the reading's sensor field when it was a string (cut to 64 characters) */
  sensor?: string;
}

export interface ValidatedBatch {
  sequence: number;
  generatedAtMs: number;
  /** readings in the document */
  received: number;
  /** accepted readings: the first `count` entries of the arrays below */
  count: number;
  sensor: Int32Array;
  value: Float64Array;
  time: Float64Array;
  rejected: Record<ReadingError, number>;
  rejectedTotal: number;
  /** the first few rejections, for the feed-health panel */
  examples: RejectedExample[];
}

export type ValidateResult =
  | { ok: true; batch: ValidatedBatch }
  | { ok: false; error: DocumentError; message: string };

const MAX_EXAMPLES = 20;

export function emptyRejectCounts(): Record<ReadingError, number> {
  const r = {} as Record<ReadingError, number>;
  for (const k of READING_ERRORS) r[k] = 0;
  return r;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fail(error: DocumentError, message: string): ValidateResult {
  return { ok: false, error, message };
}

/** JSON text → validated batch. Malformed JSON is a document error, never an exception. */
export function parseFeedText(text: string, registry: SensorRegistry): ValidateResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return fail('malformed', e instanceof Error ? e.message.slice(0, 200) : 'invalid JSON');
  }
  return validateDocument(doc, registry);
}

export function validateDocument(doc: unknown, registry: SensorRegistry): ValidateResult {
  if (!isPlainObject(doc)) return fail('notObject', 'document is not a JSON object');
  if (doc.version !== FEED_VERSION) return fail('badVersion', `version must be ${FEED_VERSION}`);
  const seq = doc.sequence;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) {
    return fail('badSequence', 'sequence must be a non-negative integer');
  }
  const gen = typeof doc.generatedAt === 'string' ? parseIsoTime(doc.generatedAt) : NaN;
  if (!Number.isFinite(gen)) return fail('badGeneratedAt', 'generatedAt must be an ISO-8601 time with a zone');
  const readings = doc.readings;
  if (!Array.isArray(readings)) return fail('badReadings', 'readings must be an array');
  if (readings.length > FEED_LIMITS.maxReadings) return fail('badReadings', 'too many readings');

  const n = readings.length;
  const sensorOut = new Int32Array(n);
  const valueOut = new Float64Array(n);
  const timeOut = new Float64Array(n);
  const rejected = emptyRejectCounts();
  const examples: RejectedExample[] = [];
  let rejectedTotal = 0;
  let count = 0;
  const latest = gen + FEED_LIMITS.maxFutureMs;
  const maxId = FEED_LIMITS.maxIdLength;
  const index = registry.index;
  const assetIds = registry.assetIds;
  const metrics = registry.metrics;
  // times repeat a lot in a snapshot: remember the last few
  let lastTimeStr: string | null = null; // not '': an empty time must not hit the cache
  let lastTimeMs = NaN;
  const converters = new Map<string, ((v: number) => number) | undefined>();

  for (let k = 0; k < n; k++) {
    const r = readings[k];
    let reason: ReadingError | null = null;
    let sensorStr: string | undefined;
    sensor: {
      if (!isPlainObject(r)) {
        reason = 'notObject';
        break sensor;
      }
      const sensor = r.sensor;
      if (typeof sensor !== 'string' || sensor.length === 0 || sensor.length > maxId) {
        reason = 'badSensor';
        break sensor;
      }
      sensorStr = sensor;
      const asset = r.asset;
      if (typeof asset !== 'string' || asset.length === 0 || asset.length > maxId) {
        reason = 'badAsset';
        break sensor;
      }
      const metric = r.metric;
      if (typeof metric !== 'string') {
        reason = 'badMetric';
        break sensor;
      }
      const raw = r.value;
      if (typeof raw !== 'number' || !Number.isFinite(raw)) {
        reason = 'badValue';
        break sensor;
      }
      let value: number = raw;
      const unit = r.unit;
      if (typeof unit !== 'string') {
        reason = 'badUnit';
        break sensor;
      }
      const timeStr = r.time;
      if (typeof timeStr !== 'string') {
        reason = 'badTime';
        break sensor;
      }
      let t: number;
      if (timeStr === lastTimeStr) t = lastTimeMs;
      else {
        t = parseIsoTime(timeStr);
        if (!Number.isFinite(t)) {
          reason = 'badTime';
          break sensor;
        }
        lastTimeStr = timeStr;
        lastTimeMs = t;
      }
      const i = index.get(sensor);
      if (i === undefined || assetIds[i] !== asset) {
        if (!registry.hasAsset(asset)) reason = 'unknownAsset';
        else if (i === undefined) reason = 'unknownSensor';
        else reason = 'mismatch';
        break sensor;
      }
      const m: MetricDef = metrics[i];
      if (m.id !== metric) {
        reason = 'mismatch';
        break sensor;
      }
      if (unit !== m.unit) {
        const key = `${m.id}\u0000${unit}`;
        let conv = converters.get(key);
        if (conv === undefined && !converters.has(key)) {
          conv = unitConverter(m, unit);
          converters.set(key, conv);
        }
        if (!conv) {
          reason = 'badUnit';
          break sensor;
        }
        value = conv(value);
      }
      if (!(value >= m.min && value <= m.max)) {
        reason = 'outOfRange';
        break sensor;
      }
      if (t > latest) {
        reason = 'future';
        break sensor;
      }
      sensorOut[count] = i;
      valueOut[count] = value;
      timeOut[count] = t;
      count++;
      continue;
    }
    if (reason) {
      rejected[reason]++;
      rejectedTotal++;
      if (examples.length < MAX_EXAMPLES) {
        examples.push(sensorStr === undefined ? { index: k, reason } : { index: k, reason, sensor: sensorStr.slice(0, 64) });
      }
    }
  }

  return {
    ok: true,
    batch: {
      sequence: seq,
      generatedAtMs: gen,
      received: n,
      count,
      sensor: sensorOut,
      value: valueOut,
      time: timeOut,
      rejected,
      rejectedTotal,
      examples,
    },
  };
}
