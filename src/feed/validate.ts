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

  /** Why reading `r` is rejected; null when it is accepted (then appended to the outputs). */
  const fault = (r: unknown): ReadingError | null => {
    if (!isPlainObject(r)) return 'notObject';
    const sensor = r.sensor;
    if (typeof sensor !== 'string' || sensor.length === 0 || sensor.length > maxId) return 'badSensor';
    const asset = r.asset;
    if (typeof asset !== 'string' || asset.length === 0 || asset.length > maxId) return 'badAsset';
    const metric = r.metric;
    if (typeof metric !== 'string') return 'badMetric';
    const raw = r.value;
    if (typeof raw !== 'number' || !Number.isFinite(raw)) return 'badValue';
    let value: number = raw;
    const unit = r.unit;
    if (typeof unit !== 'string') return 'badUnit';
    const timeStr = r.time;
    if (typeof timeStr !== 'string') return 'badTime';
    let t: number;
    if (timeStr === lastTimeStr) t = lastTimeMs;
    else {
      t = parseIsoTime(timeStr);
      if (!Number.isFinite(t)) return 'badTime';
      lastTimeStr = timeStr;
      lastTimeMs = t;
    }
    const i = index.get(sensor);
    if (i === undefined || assetIds[i] !== asset) {
      if (!registry.hasAsset(asset)) return 'unknownAsset';
      return i === undefined ? 'unknownSensor' : 'mismatch';
    }
    const m: MetricDef = metrics[i];
    if (m.id !== metric) return 'mismatch';
    if (unit !== m.unit) {
      const key = `${m.id}\u0000${unit}`;
      let conv = converters.get(key);
      if (conv === undefined && !converters.has(key)) {
        conv = unitConverter(m, unit);
        converters.set(key, conv);
      }
      if (!conv) return 'badUnit';
      value = conv(value);
    }
    if (!(value >= m.min && value <= m.max)) return 'outOfRange';
    if (t > latest) return 'future';
    sensorOut[count] = i;
    valueOut[count] = value;
    timeOut[count] = t;
    count++;
    return null;
  };

  for (let k = 0; k < n; k++) {
    const r: unknown = readings[k];
    const reason = fault(r);
    if (reason) {
      rejected[reason]++;
      rejectedTotal++;
      if (examples.length < MAX_EXAMPLES) {
        // past the sensor check the sensor is a valid id: name it
        const sensor = isPlainObject(r) && reason !== 'badSensor' ? r.sensor : undefined;
        examples.push(typeof sensor === 'string' ? { index: k, reason, sensor: sensor.slice(0, 64) } : { index: k, reason });
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
