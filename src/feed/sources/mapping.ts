/**
 * Field mapping: a message from someone else's sensor system → feed v1 readings (docs/sources.md, "Field mapping").
 *
 * Each field of a reading is read from the message by a path: `a.b.c` (dotted, numbers index arrays), `$` (the whole
 * payload, e.g. a bare number), `$topic` (the MQTT topic) or `$topic.N` (its Nth level, from 0). What the mapping does
 * not find is filled from the sensor registry when the sensor is known: its asset, its metric, and the metric's own
 * unit (a reading without a unit is taken in the metric's canonical unit); a missing time is the time of receipt.
 * Numbers given as text ("0.31") are read as numbers; epoch times (ms, or s below 1e11) become ISO-8601.
 * Everything else is left for `validateDocument` to judge, so a bad message is rejected and counted, never guessed.
 *
 * Batches: a payload that is an array, or an object with an array at `readings` (the mapping's `readings` path; a feed
 * v1 document has one), gives one reading per element; any other object is one reading. Pure.
 */
import type { SensorRegistry } from '../registry';
import type { SourceReading } from './sink';

export interface FieldMapping {
  sensor?: string;
  asset?: string;
  metric?: string;
  value?: string;
  unit?: string;
  time?: string;
  /** path of the array that makes a message a batch (default "readings") */
  readings?: string;
}

export const MAPPING_FIELDS = ['sensor', 'asset', 'metric', 'value', 'unit', 'time', 'readings'] as const;

export const DEFAULT_MAPPING: Required<FieldMapping> = {
  sensor: 'sensor',
  asset: 'asset',
  metric: 'metric',
  value: 'value',
  unit: 'unit',
  time: 'time',
  readings: 'readings',
};

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value at `path` in `data` (see the header for the path forms); undefined when absent. */
export function valueAt(data: unknown, path: string, topic = ''): unknown {
  if (path === '$') return data;
  if (path === '$topic') return topic;
  if (path.startsWith('$topic.')) {
    const n = Number(path.slice(7));
    return Number.isInteger(n) && n >= 0 ? topic.split('/')[n] : undefined;
  }
  let cur: unknown = data;
  for (const key of path.split('.')) {
    if (Array.isArray(cur) && /^\d+$/.test(key)) cur = cur[Number(key)];
    else if (isObj(cur) && Object.hasOwn(cur, key)) cur = cur[key];
    else return undefined;
  }
  return cur;
}

/** Text that is a plain decimal number → that number; anything else unchanged. */
export function numeric(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const s = v.trim();
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) return v;
  return Number(s);
}

/** ISO-8601 text unchanged; an epoch number (ms, or seconds below 1e11) → ISO-8601; else unchanged (judged later). */
export function isoTime(v: unknown): unknown {
  if (typeof v !== 'number' || !Number.isFinite(v)) return v;
  const ms = Math.abs(v) < 1e11 ? v * 1000 : v;
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? v : d.toISOString();
}

/**
 * One reading from its parts: the sensor's asset, metric and canonical unit filled from the registry where the
 * message lacks them; the time of receipt when it has none.
 */
export function completeReading(
  parts: { sensor: unknown; asset?: unknown; metric?: unknown; value: unknown; unit?: unknown; time?: unknown },
  registry: SensorRegistry,
  receivedAt: number,
): SourceReading {
  const i = typeof parts.sensor === 'string' ? registry.index.get(parts.sensor) : undefined;
  const known = i !== undefined;
  return {
    sensor: parts.sensor,
    asset: parts.asset ?? (known ? registry.assetIds[i] : undefined),
    metric: parts.metric ?? (known ? registry.metrics[i].id : undefined),
    value: numeric(parts.value),
    unit: parts.unit ?? (known ? registry.metrics[i].unit : undefined),
    time: parts.time === undefined || parts.time === null ? new Date(receivedAt).toISOString() : isoTime(parts.time),
  };
}

/** Message text → JSON, or the text itself when it is not JSON (a bare "0.31" parses as a number either way). */
export function decodePayload(payload: Uint8Array | string): unknown {
  const text = typeof payload === 'string' ? payload : new TextDecoder('utf-8').decode(payload);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The readings one message carries (see the header). */
export function readingsOf(
  data: unknown,
  topic: string,
  mapping: FieldMapping,
  registry: SensorRegistry,
  receivedAt: number,
): SourceReading[] {
  const m = { ...DEFAULT_MAPPING, ...mapping };
  const list = Array.isArray(data) ? data : isObj(data) && Array.isArray(valueAt(data, m.readings)) ? (valueAt(data, m.readings) as unknown[]) : [data];
  const out: SourceReading[] = [];
  for (const item of list) {
    // a bare value is a reading only when the mapping takes the value from the payload itself ("$")
    if (!isObj(item) && m.value !== '$') {
      out.push(item);
      continue;
    }
    out.push(
      completeReading(
        {
          sensor: valueAt(item, m.sensor, topic),
          asset: valueAt(item, m.asset, topic),
          metric: valueAt(item, m.metric, topic),
          value: valueAt(item, m.value, topic),
          unit: valueAt(item, m.unit, topic),
          time: valueAt(item, m.time, topic),
        },
        registry,
        receivedAt,
      ),
    );
  }
  return out;
}
