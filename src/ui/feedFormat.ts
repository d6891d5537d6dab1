/**
 * Words and numbers for the live-feed UI (alarm list, badge, KPI strip, readings panel): values with their unit,
 * threshold bands, times in Chongqing local time, ages, and feed failures in plain words. Pure (no DOM).
 */
import type { FailureKind } from '../feed/client';
import type { MetricDef } from '../domain/metrics';
import type { Limits } from '../domain/thresholds';
import { trimNumber } from './format';
import { isI18nKey, localName, translate, type Lang } from './i18n';

/** Chongqing local time (UTC+8), the operators' clock whatever the browser's zone. */
export const FEED_TIME_ZONE = 'Asia/Shanghai';

export function unitText(metric: MetricDef): string {
  return metric.unit === '1' ? '' : metric.unit;
}

export function numberText(metric: MetricDef, v: number): string {
  return trimNumber(v, metric.decimals);
}

/** "0.312 MPa", "2.5 %LEL", "0.42" (dimensionless) */
export function valueText(metric: MetricDef, v: number): string {
  const u = unitText(metric);
  return u ? `${numberText(metric, v)} ${u}` : numberText(metric, v);
}

export function metricName(metric: MetricDef, lang: Lang): string {
  return localName(metric, lang);
}

function bandBetween(metric: MetricDef, lo: number, hi: number, lang: Lang): string | null {
  const u = unitText(metric);
  const suffix = u ? ` ${u}` : '';
  const loOk = Number.isFinite(lo);
  const hiOk = Number.isFinite(hi);
  if (loOk && hiOk) return translate(lang, 'band.between', { lo: numberText(metric, lo), hi: numberText(metric, hi) }) + suffix;
  if (loOk) return translate(lang, 'band.above', { v: numberText(metric, lo) }) + suffix;
  if (hiOk) return translate(lang, 'band.below', { v: numberText(metric, hi) }) + suffix;
  return null;
}

/** The normal band ("0.200 – 0.450 MPa", "below 10 %LEL"), null when the limits bound nothing. */
export function normalBandText(metric: MetricDef, l: Limits, lang: Lang): string | null {
  return bandBetween(metric, l.warnLow, l.warnHigh, lang);
}

/** Where the alarm starts, e.g. "below 0.140 / above 0.600 MPa"; null when there are no alarm limits. */
export function alarmBandText(metric: MetricDef, l: Limits, lang: Lang): string | null {
  const u = unitText(metric);
  const suffix = u ? ` ${u}` : '';
  const parts: string[] = [];
  if (Number.isFinite(l.alarmLow)) parts.push(translate(lang, 'band.below', { v: numberText(metric, l.alarmLow) }));
  if (Number.isFinite(l.alarmHigh)) parts.push(translate(lang, 'band.above', { v: numberText(metric, l.alarmHigh) }));
  return parts.length ? parts.join(' / ') + suffix : null;
}

const timeFormats = new Map<Lang, Intl.DateTimeFormat>();

/** "14:05:09" in Chongqing time. */
export function timeText(ms: number, lang: Lang): string {
  let f = timeFormats.get(lang);
  if (!f) {
    f = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', {
      timeZone: FEED_TIME_ZONE,
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    timeFormats.set(lang, f);
  }
  return f.format(new Date(ms));
}

/** "12 s", "4 min", "3 h" (rounded down; negative ages read as 0 s). */
export function ageText(ms: number, lang: Lang): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 120) return translate(lang, 'age.s', { n: s });
  const m = Math.floor(s / 60);
  if (m < 120) return translate(lang, 'age.m', { n: m });
  return translate(lang, 'age.h', { n: Math.floor(m / 60) });
}

/** A feed failure in plain words (the technical message stays in the badge's tooltip): message `feed.err.<kind>`. */
export function failureText(kind: FailureKind | 'staleSequence', lang: Lang, status?: number): string {
  const key = `feed.err.${kind}` as const;
  // a kind this build has no words for (a newer client) reads as the network failure
  return isI18nKey(key) ? translate(lang, key, { status: status ?? '?' }) : translate(lang, 'feed.err.network');
}
