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
}

export const STATUSES: readonly StatusDef[] = [
  { code: 0, key: 'unknown', color: [96, 112, 132] },
  { code: 1, key: 'normal', color: [46, 204, 113] },
  { code: 2, key: 'warning', color: [255, 193, 7] },
  { code: 3, key: 'alarm', color: [255, 45, 45] },
  { code: 4, key: 'offline', color: [170, 140, 200] },
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
