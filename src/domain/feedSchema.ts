/**
 * Live feed format, version 1 (docs/feed.md, docs/feed.schema.json). Pure types and constants.
 *
 *   { "version": 1, "generatedAt": ISO-8601, "sequence": n,
 *     "readings": [ { "sensor", "asset", "metric", "value", "unit", "time" } ] }
 *
 * Unknown fields anywhere are ignored. A document that fails the envelope checks is rejected whole (the last good
 * state stays); a reading that fails its checks is rejected alone and counted by reason.
 */

export const FEED_VERSION = 1;

export interface FeedReadingV1 {
  /** Sensor id, as in sensors.json. */
  sensor: string;
  /** Asset id (segment / node id, as in ids.txt) or river section id. */
  asset: string;
  /** Metric id (src/domain/metrics.ts). */
  metric: string;
  /** Finite number in `unit`. */
  value: number;
  /** The metric's unit or one it accepts (converted on ingest). */
  unit: string;
  /** When the value was measured, ISO-8601 with a time zone (Z or ±hh:mm). */
  time: string;
}

export interface FeedDocumentV1 {
  version: 1;
  /** When the server produced the document, ISO-8601 with a time zone (the server's clock). */
  generatedAt: string;
  /** Strictly increasing per feed; a document with a sequence ≤ the last applied one is rejected. */
  sequence: number;
  readings: FeedReadingV1[];
}

/** Why a whole document was rejected (the last good state is kept). */
export type DocumentError =
  | 'tooLarge'
  | 'malformed'
  | 'notObject'
  | 'badVersion'
  | 'badSequence'
  | 'badGeneratedAt'
  | 'badReadings'
  | 'staleSequence';

/** Why one reading was rejected. */
export type ReadingError =
  | 'notObject'
  | 'badSensor'
  | 'badAsset'
  | 'badMetric'
  | 'badValue'
  | 'badUnit'
  | 'badTime'
  | 'unknownSensor'
  | 'unknownAsset'
  | 'mismatch'
  | 'outOfRange'
  | 'future'
  | 'outOfOrder';

export const READING_ERRORS: readonly ReadingError[] = [
  'notObject',
  'badSensor',
  'badAsset',
  'badMetric',
  'badValue',
  'badUnit',
  'badTime',
  'unknownSensor',
  'unknownAsset',
  'mismatch',
  'outOfRange',
  'future',
  'outOfOrder',
];

/** Limits the validator enforces. */
export const FEED_LIMITS = {
  /** Longest id string accepted (sensor, asset). */
  maxIdLength: 128,
  /** Most readings accepted in one document; a longer array rejects the document ("badReadings"). */
  maxReadings: 1_000_000,
  /** A reading may be at most this far ahead of the document's generatedAt (clock skew), ms. */
  maxFutureMs: 5 * 60_000,
} as const;
