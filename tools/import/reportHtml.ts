/**
 * The validation report as one HTML page: bilingual (中文 first, English beside it), inline CSS, no scripts, every
 * value from the data escaped. Opens from disk with no network. The same facts as import-report.json.
 */
import type { ImportReport } from './report';
import { RULES } from './rules';

/** Every data value goes through this: & < > " ' escaped. */
export function esc(v: unknown): string {
  return String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A bilingual label: Chinese, then English in a lighter span. */
function bi(zh: string, en: string): string {
  return zh === en ? esc(zh) : `${esc(zh)} <span class="en">${esc(en)}</span>`;
}

const SEVERITY: Record<string, [string, string]> = { error: ['错误', 'error'], warning: ['警告', 'warning'], info: ['提示', 'info'] };
const ACTION: Record<string, [string, string]> = { dropped: ['已剔除', 'dropped'], repaired: ['已修复', 'repaired'], flagged: ['已标记', 'flagged'] };
const FORMAT: Record<string, [string, string]> = {
  shapefile: ['Shapefile', 'Shapefile'],
  geojson: ['GeoJSON', 'GeoJSON'],
  'survey-points': ['点成果表', 'survey point table'],
  'survey-lines': ['线成果表', 'survey line table'],
};
const CRS_SOURCE: Record<string, [string, string]> = {
  option: ['命令行 --crs', '--crs option'],
  prj: ['.prj 文件', '.prj file'],
  'crs-member': ['GeoJSON crs 成员', 'GeoJSON crs member'],
  rfc7946: ['RFC 7946（经纬度）', 'RFC 7946 (lon/lat)'],
  guess: ['按坐标值推断', 'inferred from the values'],
};

/** Rows of the line table shown on the page; the JSON file always has every line. */
const MAX_LINES = 10_000;
const MAX_IDS = 60;

export function renderReportHtml(r: ImportReport): string {
  const t = r.totals;
  const inputs = r.inputs
    .map((i) => {
      const f = FORMAT[i.format];
      const enc = i.encoding ? `${i.encoding.label}${i.encoding.evidence ? ` (${i.encoding.evidence})` : ''} · ${i.encoding.source}` : '—';
      const crs = i.crs
        ? `${esc(i.crs.code)} ${esc(i.crs.name)}<br>${bi(...(CRS_SOURCE[i.crs.source] ?? [i.crs.source, i.crs.source]))}${i.crs.swapped ? `<br>${bi('X/Y 互换', 'axes swapped')}` : ''}${i.crs.legacyDatum ? `<br>${bi('无基准转换', 'no datum shift')}` : ''}`
        : '—';
      const mapped = Object.entries(i.mapped).map(([k, v]) => `${esc(k)} ← ${esc(v)}`).join(', ');
      return `<tr><td>${esc(i.file)}</td><td>${bi(f[0], f[1])}</td><td class="n">${i.records}</td><td class="n">${i.lines}</td><td class="n">${i.points}</td><td>${esc(enc)}</td><td>${crs}</td><td>${i.hasZ ? 'Z' : ''}</td><td class="small">${mapped}</td></tr>`;
    })
    .join('\n');
  const rules = r.rules
    .map((s) => {
      const ids = s.ids.slice(0, MAX_IDS).map(esc).join(', ') + (s.ids.length > MAX_IDS ? ` … (+${s.ids.length - MAX_IDS})` : '');
      return `<tr class="${s.count ? s.severity : 'zero'}"><td><code>${esc(s.rule)}</code></td><td>${bi(s.zh, s.en)}</td><td>${bi(...SEVERITY[s.severity])}</td><td>${bi(...ACTION[s.action])}</td><td class="n">${s.count}</td><td class="small">${ids}</td></tr>`;
    })
    .join('\n');
  const lines = r.lines
    .slice(0, MAX_LINES)
    .map((l) => {
      const def = RULES[l.rule];
      return `<tr class="${def.severity}"><td><code>${esc(l.rule)}</code></td><td>${bi(...ACTION[def.action])}</td><td>${esc(l.id)}</td><td>${esc(l.file)}${l.row ? `:${l.row}` : ''}</td><td>${esc(l.detail)}</td></tr>`;
    })
    .join('\n');
  const more = r.lines.length > MAX_LINES ? `<p>${bi(`另有 ${r.lines.length - MAX_LINES} 行，见 import-report.json。`, `${r.lines.length - MAX_LINES} more lines in import-report.json.`)}</p>` : '';
  const cats = Object.entries(r.result.categories).map(([c, n]) => `${esc(c)}: ${n!.segments} / ${n!.nodes}`).join(' · ');
  const bbox = r.result.bbox ? r.result.bbox.map((v) => v.toFixed(6)).join(', ') : '—';
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>数据导入检查报告 · Import validation report</title>
<style>
body{font:14px/1.5 system-ui,"Microsoft YaHei","PingFang SC",sans-serif;margin:24px;color:#1c2430;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d0d7e2;padding-bottom:4px}
.en{color:#5b6675;font-weight:normal}table{border-collapse:collapse;width:100%;margin:6px 0}
th,td{border:1px solid #d0d7e2;padding:4px 6px;text-align:left;vertical-align:top}th{background:#eef2f7}
td.n{text-align:right;font-variant-numeric:tabular-nums}.small{font-size:12px}code{font-size:12px}
tr.error td:first-child{border-left:4px solid #c62828}tr.warning td:first-child{border-left:4px solid #ef8f00}
tr.info td:first-child{border-left:4px solid #1e88e5}tr.zero{color:#8a94a3}
.kpi{display:flex;gap:16px;flex-wrap:wrap}.kpi div{border:1px solid #d0d7e2;border-radius:6px;padding:8px 12px;min-width:120px}
.kpi b{display:block;font-size:20px}
@media print{body{margin:8mm}}
</style>
</head>
<body>
<h1>数据导入检查报告 <span class="en">Import validation report</span></h1>
<p>${bi('生成时间：', 'Generated:')} ${esc(r.generatedAt)} · ${bi('输出：', 'Output:')} ${esc(r.out)}</p>
<div class="kpi">
<div>${bi('管段', 'segments')}<b>${r.result.segments}</b></div>
<div>${bi('节点', 'nodes')}<b>${r.result.nodes}</b></div>
<div>${bi('已剔除', 'dropped')}<b>${t.dropped}</b></div>
<div>${bi('已修复', 'repaired')}<b>${t.repaired}</b></div>
<div>${bi('已标记', 'flagged')}<b>${t.flagged}</b></div>
</div>
<h2>${bi('读取的数据', 'What was read')}</h2>
<table><tr><th>${bi('文件', 'file')}</th><th>${bi('格式', 'format')}</th><th>${bi('记录', 'records')}</th><th>${bi('线', 'lines')}</th><th>${bi('点', 'points')}</th><th>${bi('字符编码', 'encoding')}</th><th>${bi('坐标系', 'CRS')}</th><th>Z</th><th>${bi('字段对应', 'fields used')}</th></tr>
${inputs}
</table>
<h2>${bi('设置与结果', 'Settings and result')}</h2>
<table>
<tr><th>${bi('吸附容差', 'snapping tolerance')}</th><td>${esc(r.settings.snapTolerance)} m${r.settings.snapDefault ? ` (${bi('默认', 'default')})` : ''}</td></tr>
<tr><th>${bi('高程方式', 'height mode')}</th><td>${bi('椭球面为地面，按埋深显示', 'ground at the ellipsoid, drawn by depth')} (${esc(r.settings.heightMode)})</td></tr>
<tr><th>${bi('数据范围', 'data bbox')}</th><td>${esc(bbox)}</td></tr>
<tr><th>${bi('配置区域', 'configured region')}</th><td>${esc(r.settings.region.join(', '))} · ${bi('距离', 'distance')} ${esc(r.result.kmOutsideRegion.toFixed(1))} km</td></tr>
<tr><th>${bi('分类（管段／节点）', 'categories (segments / nodes)')}</th><td>${cats || '—'}</td></tr>
</table>
<h2>${bi('各规则计数', 'Counts per rule')}</h2>
<table><tr><th>${bi('规则', 'rule')}</th><th>${bi('说明', 'meaning')}</th><th>${bi('级别', 'severity')}</th><th>${bi('处理', 'action')}</th><th>${bi('数量', 'count')}</th><th>${bi('要素编号', 'feature ids')}</th></tr>
${rules}
</table>
<h2>${bi('逐条记录', 'Every line')}</h2>
<p>${bi('每一个被剔除、修复或标记的要素都在此列出。', 'Every feature dropped, repaired or flagged is listed here.')}</p>
<table><tr><th>${bi('规则', 'rule')}</th><th>${bi('处理', 'action')}</th><th>${bi('编号', 'id')}</th><th>${bi('来源', 'source')}</th><th>${bi('详情', 'detail')}</th></tr>
${lines}
</table>
${more}
</body>
</html>
`;
}
