/**
 * Export of a query result.
 *
 * CSV: UTF-8 with a byte-order mark (so Excel opens Chinese text correctly), CRLF line ends, RFC 4180 quoting (fields
 * with a comma, quote, CR or LF, or leading/trailing space are quoted; quotes doubled). Headers carry Chinese and
 * English ("编号 ID"). Text cells that a spreadsheet would run as a formula (starting with = + - @ or a tab/CR) get a
 * leading apostrophe.
 *
 * GeoJSON: a FeatureCollection with the drawn area first (properties.role = "area") and then one LineString feature per
 * result (full segment geometry, properties = the result item).
 */
import type { Feature, FeatureCollection, Geometry, LineString } from 'geojson';
import { category, material as materialDef } from '../domain/categories';
import type { QueryItem, QueryResult } from './query';
import { segmentCoords, type QueryCopy } from './queryCopy';

export interface CsvColumn {
  zh: string;
  en: string;
  value: (it: QueryItem) => string | number | null;
  text?: boolean;
}

const RELATION_ZH: Record<QueryItem['relation'], string> = { within: '在区内', crosses: '穿越边界', touches: '接触边界' };

export const CSV_COLUMNS: readonly CsvColumn[] = [
  { zh: '编号', en: 'ID', value: (it) => it.id, text: true },
  { zh: '要素序号', en: 'GID', value: (it) => it.gid },
  { zh: '类别', en: 'Category', value: (it) => it.cat, text: true },
  { zh: '类别名称', en: 'Category name', value: (it) => { const c = category(it.cat); return c ? `${c.zh} ${c.en}` : it.cat; }, text: true },
  { zh: '子类', en: 'Sub-type', value: (it) => it.sub, text: true },
  { zh: '材质', en: 'Material', value: (it) => { const m = materialDef(it.material); return m ? `${it.material} ${m.zh}` : it.material; }, text: true },
  { zh: '管径(mm)', en: 'DN (mm)', value: (it) => it.dn },
  { zh: '断面宽×高(mm)', en: 'Box W×H (mm)', value: (it) => (it.box ? `${it.box.w}×${it.box.h}` : null), text: true },
  { zh: '起点埋深(m)', en: 'Depth start (m)', value: (it) => it.depth0 },
  { zh: '终点埋深(m)', en: 'Depth end (m)', value: (it) => it.depth1 },
  { zh: '区内最浅埋深(m)', en: 'Min depth inside (m)', value: (it) => it.depthMin },
  { zh: '区内最深埋深(m)', en: 'Max depth inside (m)', value: (it) => it.depthMax },
  { zh: '建设年份', en: 'Year', value: (it) => (it.year > 0 ? it.year : null) },
  { zh: '管段长度(m)', en: 'Length (m)', value: (it) => it.length },
  { zh: '区内长度(m)', en: 'Length inside (m)', value: (it) => it.lengthInside },
  { zh: '与区域关系', en: 'Relation', value: (it) => `${RELATION_ZH[it.relation]} ${it.relation}`, text: true },
  { zh: '埋设方式', en: 'Burial', value: (it) => it.burial, text: true },
  { zh: '权属单位', en: 'Owner', value: (it) => it.owner, text: true },
];

/** One CSV field, quoted when needed. */
export function csvField(v: string | number | null, text = false): string {
  if (v === null || v === undefined) return '';
  let s = typeof v === 'number' ? String(v) : v;
  if (text && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  if (/[",\r\n]/.test(s) || /^\s|\s$/.test(s)) return `"${s.replace(/"/g, '""')}"`;
  return s;
}

/** The result as CSV text, starting with a UTF-8 byte-order mark (U+FEFF). */
export function toCsv(result: QueryResult): string {
  const lines: string[] = [CSV_COLUMNS.map((c) => csvField(`${c.zh} ${c.en}`, true)).join(',')];
  for (const it of result.items) lines.push(CSV_COLUMNS.map((c) => csvField(c.value(it), c.text)).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The result as GeoJSON: the area feature, then one LineString per item. Needs the copy for the geometries. */
export function toGeoJson(result: QueryResult, copy: QueryCopy): FeatureCollection<Geometry> {
  const area: Feature = {
    type: 'Feature',
    geometry: result.area.geometry,
    properties: {
      role: 'area',
      areaM2: result.area.areaM2,
      mode: result.filters.mode,
      categories: result.filters.categories,
      minDepth: result.filters.minDepth,
      maxDepth: result.filters.maxDepth,
      count: result.totals.count,
      lengthInside: result.totals.lengthInside,
    },
  };
  const byGid = gidLookup(copy, result.items);
  const features: Feature<Geometry>[] = [area];
  for (const it of result.items) {
    const i = byGid.get(it.gid);
    if (i === undefined) continue;
    const geometry: LineString = { type: 'LineString', coordinates: segmentCoords(copy, i) };
    features.push({ type: 'Feature', id: it.id, geometry, properties: { role: 'pipe', ...it } });
  }
  return { type: 'FeatureCollection', features };
}

/** gid → copy index, cheap when gids are dense and in order (the usual case). */
function gidLookup(copy: QueryCopy, items: readonly QueryItem[]): Map<number, number> {
  const m = new Map<number, number>();
  const wanted = new Set(items.map((it) => it.gid));
  for (const g of wanted) if (g < copy.count && copy.gid[g] === g) m.set(g, g);
  if (m.size < wanted.size) for (let i = 0; i < copy.count; i++) if (wanted.has(copy.gid[i])) m.set(copy.gid[i], i);
  return m;
}
