/**
 * Asset status codes as data: the values written into the GPU status texture (one byte per gid) and the colours the
 * viewer draws them with in status colour mode. Names live in the UI's i18n tables (key `status.<key>`).
 */
import type { RGB } from './categories';

export type StatusCode = 0 | 1 | 2 | 3 | 4;
export type StatusKey = 'unknown' | 'normal' | 'warning' | 'alarm' | 'offline';

export interface StatusDef {
  code: StatusCode;
  key: StatusKey;
  /** display colour on the dark theme (sRGB) */
  color: RGB;
  /** Names as data (the UI's i18n tables carry the same words under `status.<key>`). */
  zh: string;
  en: string;
  /**
   * Rank when several sensors of one asset disagree: the highest wins.
   * alarm > warning > offline > normal > unknown (an asset with a silent sensor is never shown as normal).
   */
  rank: number;
}

export const STATUSES: readonly StatusDef[] = [
  { code: 0, key: 'unknown', color: [96, 112, 132], zh: '未知', en: 'Unknown', rank: 0 },
  { code: 1, key: 'normal', color: [46, 204, 113], zh: '正常', en: 'Normal', rank: 1 },
  { code: 2, key: 'warning', color: [255, 193, 7], zh: '预警', en: 'Warning', rank: 3 },
  { code: 3, key: 'alarm', color: [255, 45, 45], zh: '报警', en: 'Alarm', rank: 4 },
  { code: 4, key: 'offline', color: [170, 140, 200], zh: '离线', en: 'Offline', rank: 2 },
];

export const STATUS_UNKNOWN: StatusCode = 0;
export const STATUS_NORMAL: StatusCode = 1;
export const STATUS_WARNING: StatusCode = 2;
export const STATUS_ALARM: StatusCode = 3;
export const STATUS_OFFLINE: StatusCode = 4;

export function isStatusCode(v: number): v is StatusCode {
  return Number.isInteger(v) && v >= 0 && v < STATUSES.length;
}

export function statusDef(code: number): StatusDef {
  return STATUSES[isStatusCode(code) ? code : 0];
}

const RANK: readonly number[] = STATUSES.map((s) => s.rank);

/** Rank of a status (see StatusDef.rank): higher = more urgent; for sorting alarm lists. */
export function statusRank(code: StatusCode): number {
  return RANK[code];
}

/** The status that wins when two sensors of one asset disagree (see StatusDef.rank). */
export function worseStatus(a: StatusCode, b: StatusCode): StatusCode {
  return RANK[a] >= RANK[b] ? a : b;
}
