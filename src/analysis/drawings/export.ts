/**
 * Clearance / cover check results as CSV (UTF-8 with BOM so spreadsheet programs read the Chinese; headers in both
 * languages; one row per violation). Pure.
 */
import type { CheckResult } from './types';

const KIND = {
  horizontal: { zh: '水平净距', en: 'horizontal clearance' },
  vertical: { zh: '垂直净距', en: 'vertical clearance' },
  cover: { zh: '覆土深度', en: 'cover' },
} as const;

const HEADER = [
  'kind 类型', 'kind_zh 类型名称', 'pipe_a 管线A', 'pipe_b 管线B', 'category_a 类别A', 'category_b 类别B',
  'measured_m 实测（m）', 'minimum_m 最小（m）', 'sureness 可信度', 'source 依据', 'lon 经度', 'lat 纬度',
];

function cell(v: string | number | null): string {
  const s = v === null ? '' : String(v);
  // quote when needed; a leading = + - @ would be read as a formula: prefix it with a quote
  const safe = /^[=+\-@]/.test(s) && !/^-?\d/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function checkCsv(r: CheckResult): string {
  const lines = [HEADER.map(cell).join(',')];
  for (const v of r.violations) {
    lines.push(
      [v.kind, KIND[v.kind].zh, v.a, v.b, v.catA, v.catB, v.value, v.min, v.sure, v.source, v.position[0].toFixed(7), v.position[1].toFixed(7)]
        .map(cell)
        .join(','),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export { KIND as CHECK_KIND_NAMES };
