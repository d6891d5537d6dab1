import { describe, expect, it } from 'vitest';
import { aggregate, decadeOf, diameterClass } from '../../../src/analysis/aggregate';
import { parseArea } from '../../../src/analysis/area';
import { CSV_COLUMNS, csvField, toCsv, toGeoJson } from '../../../src/analysis/export';
import { queryArea } from '../../../src/analysis/query';
import { buildQueryCopy } from '../../../src/analysis/queryCopy';
import type { LonLat } from '../../../src/domain/schema';
import { featureToSegment } from '../../../tools/query/network';

const line = (id: string, coords: LonLat[], props: Record<string, unknown> = {}, gid = 0) =>
  featureToSegment({ type: 'Feature', geometry: { type: 'LineString', coordinates: coords }, properties: { id, ...props } }, gid);
const area = parseArea({ type: 'Feature', properties: { name: '解放碑 test' }, geometry: { type: 'Polygon', coordinates: [[[106.5, 29.5], [106.51, 29.5], [106.51, 29.51], [106.5, 29.51], [106.5, 29.5]]] } });

const copy = buildQueryCopy([
  line('JP-1', [[106.501, 29.501], [106.502, 29.501]], { dn: 80, material: 'PE', year: 1999 }, 0),
  line('WS-1', [[106.501, 29.502], [106.509, 29.502]], { cat: 'PS', sub: 'WS', dn: 1200, material: 'T', year: 1990 }, 1),
  line('YS-1', [[106.501, 29.503], [106.502, 29.503]], { cat: 'PS', sub: 'YS', dn: null, box: { w: 1500, h: 1000 }, material: 'T', year: 0 }, 2),
  line('=cmd', [[106.501, 29.504], [106.502, 29.504]], { cat: 'DL', sub: 'GD', dn: 300, owner: '国网重庆, "城区" 分公司', year: 2021 }, 3),
]);
const result = queryArea(copy, area);

describe('classes', () => {
  it('diameter classes have the documented edges', () => {
    expect(diameterClass(99, null)).toBe('lt100');
    expect(diameterClass(100, null)).toBe('100-300');
    expect(diameterClass(299, null)).toBe('100-300');
    expect(diameterClass(300, null)).toBe('300-600');
    expect(diameterClass(600, null)).toBe('600-1000');
    expect(diameterClass(1000, null)).toBe('ge1000');
    expect(diameterClass(null, { w: 800, h: 600 })).toBe('box');
    expect(diameterClass(null, null)).toBe('unknown');
  });

  it('decades', () => {
    expect(decadeOf(1990)).toBe('1990s');
    expect(decadeOf(1999)).toBe('1990s');
    expect(decadeOf(2000)).toBe('2000s');
    expect(decadeOf(0)).toBe('unknown');
  });
});

describe('totals', () => {
  it('by category, material, diameter class and decade add up to the overall figures', () => {
    const t = result.totals;
    expect(t.count).toBe(4);
    for (const rows of [t.byCategory, t.byMaterial, t.byDiameter, t.byDecade]) {
      expect(rows.reduce((s, r) => s + r.count, 0)).toBe(4);
      expect(rows.reduce((s, r) => s + r.lengthInside, 0)).toBeCloseTo(t.lengthInside, 1);
    }
    expect(t.byCategory.map((r) => r.key)).toEqual(['JS', 'PS', 'DL']); // CJJ 61 order
    expect(t.byCategory.find((r) => r.key === 'PS')!.count).toBe(2);
    expect(t.byDiameter.map((r) => r.key)).toEqual(['lt100', '300-600', 'ge1000', 'box']);
    expect(t.byDecade.map((r) => r.key)).toEqual(['1990s', '2020s', 'unknown']);
    expect(t.byDecade[0].count).toBe(2);
    expect(t.byMaterial[0].key).toBe('T'); // longest first
    expect(t.byMaterial[0].zh).toBe('混凝土');
  });

  it('aggregate of nothing is zero', () => {
    expect(aggregate([])).toMatchObject({ count: 0, lengthInside: 0, byCategory: [] });
  });
});

describe('CSV', () => {
  const csv = toCsv(result);

  it('starts with a BOM, uses CRLF, has bilingual headers and one row per item', () => {
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines).toHaveLength(1 + 4 + 1);
    expect(lines[0].split(',')).toHaveLength(CSV_COLUMNS.length);
    expect(lines[0]).toContain('编号 ID');
    expect(lines[0]).toContain('区内长度(m) Length inside (m)');
    expect(lines[1].startsWith('JP-1,0,JS,给水 Water supply,JP,PE 聚乙烯,80,')).toBe(true);
  });

  it('quotes commas and quotes, and defuses formula-looking text', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' padded')).toBe('" padded"');
    expect(csvField('=SUM(A1)', true)).toBe("'=SUM(A1)");
    expect(csvField(-1.5)).toBe('-1.5');
    expect(csvField(null)).toBe('');
    expect(csv).toContain('"国网重庆, ""城区"" 分公司"');
    expect(csv).toContain("\r\n'=cmd,3,DL");
  });

  it('round-trips through a strict RFC 4180 parser', () => {
    const rows = parseCsv(csv.slice(1));
    expect(rows).toHaveLength(5);
    for (const r of rows) expect(r).toHaveLength(CSV_COLUMNS.length);
    expect(rows[4][CSV_COLUMNS.findIndex((c) => c.en === 'Owner')]).toBe('国网重庆, "城区" 分公司');
  });
});

describe('GeoJSON', () => {
  it('holds the area first, then one LineString per item with its properties', () => {
    const fc = toGeoJson(result, copy);
    expect(fc.features).toHaveLength(5);
    expect(fc.features[0].properties).toMatchObject({ role: 'area', count: 4 });
    expect(fc.features[0].geometry.type).toBe('Polygon');
    const ws = fc.features.find((f) => f.id === 'WS-1')!;
    expect(ws.geometry).toEqual({ type: 'LineString', coordinates: [[106.501, 29.502], [106.509, 29.502]] });
    expect(ws.properties).toMatchObject({ role: 'pipe', cat: 'PS', dn: 1200, relation: 'within' });
  });
});

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
    i++;
  }
  return rows;
}
