/**
 * The importer end to end on inputs made in the tests (fixtures.ts): a Shapefile zip in CGCS2000 GK (EPSG:4545) with a
 * GBK DBF and a `.cpg` of 936, and a survey CSV pair (GBK points with X = northing, UTF-8+BOM lines). Every planted
 * defect must appear in the report under its rule; positions land where computed by hand; depths are kept; the
 * tiles, ids and asset records are written with --tiles.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metresPerDegree } from '../../../../src/domain/geodesy';
import type { AssetRecord, PipeNode, PipeSegment } from '../../../../src/domain/schema';
import { readRecords } from '../../../../tools/dataset/read';
import { main } from '../../../../tools/import/cli';
import { ImportError } from '../../../../tools/import/errors';
import { runImport, type ImportResult } from '../../../../tools/import/importer';
import type { RuleId } from '../../../../tools/import/rules';
import { writeShapefile } from '../../../../tools/import/shapefileWriter';
import iconv from 'iconv-lite';
import { CSV_DE, LAT0, LON0, PRJ_4545, writeShapefileZip, writeSurveyCsvPair, E0, N0 } from './fixtures';

let dir: string;
let result: ImportResult;
let segs: Map<string, PipeSegment>;
let nodes: Map<string, PipeNode>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'import-test-'));
  const zip = writeShapefileZip(dir);
  const csv = writeSurveyCsvPair(dir);
  result = await runImport({ inputs: [zip, csv.points, csv.lines], out: join(dir, 'out'), tiles: true, workers: 0 });
  segs = new Map(readRecords<PipeSegment>(join(dir, 'out'), 'segments.ndjson').map((s) => [s.id, s]));
  nodes = new Map(readRecords<PipeNode>(join(dir, 'out'), 'nodes.ndjson').map((n) => [n.id, n]));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const K = metresPerDegree(LAT0);
// By hand: 1.42° west of the zone's central meridian (108°E), grid north is turned from true north by the
// convergence γ = Δλ·sin φ (−0.70°), and grid metres are longer by k = 1 + (Δλ·cos φ)²/2 (1.00027).
const DLAMBDA = ((LON0 - 108) * Math.PI) / 180;
const GAMMA = DLAMBDA * Math.sin((LAT0 * Math.PI) / 180);
const SCALE = 1 + (DLAMBDA * Math.cos((LAT0 * Math.PI) / 180)) ** 2 / 2;
/** lon/lat of a point dE, dN grid metres from the check point */
const at = (dE: number, dN: number): [number, number] => {
  const east = (dE * Math.cos(GAMMA) + dN * Math.sin(GAMMA)) / SCALE;
  const north = (-dE * Math.sin(GAMMA) + dN * Math.cos(GAMMA)) / SCALE;
  return [LON0 + east / K.lon, LAT0 + north / K.lat];
};
const closeTo = (p: readonly number[], q: readonly number[], eps = 2e-6): void => {
  expect(Math.abs(p[0] - q[0])).toBeLessThan(eps);
  expect(Math.abs(p[1] - q[1])).toBeLessThan(eps);
};

const line = (coords: number[][], props: Record<string, unknown>): unknown => ({ type: 'Feature', properties: props, geometry: { type: 'LineString', coordinates: coords } });

describe('import: Shapefile (GBK, EPSG:4545) + survey CSV pair', () => {
  it('says what it read: encoding from the .cpg, CRS from the .prj, Z; the CSV CRS guessed with swapped axes', () => {
    const [pipes, points, csvPoints, csvLines] = result.report.inputs;
    expect(pipes).toMatchObject({ file: 'network.zip/pipes.shp', format: 'shapefile', records: 9, lines: 8, hasZ: true });
    expect(pipes.encoding).toEqual({ label: 'gbk', source: 'cpg', evidence: '.cpg: 936' });
    expect(pipes.crs).toMatchObject({ code: 'EPSG:4545', source: 'prj', swapped: false });
    expect(pipes.fields).toContain('权属单位');
    expect(points).toMatchObject({ format: 'shapefile', points: 9 });
    expect(csvPoints).toMatchObject({ format: 'survey-points', encoding: { label: 'gbk' }, crs: { code: 'EPSG:4545', source: 'guess', swapped: true } });
    expect(csvLines).toMatchObject({ format: 'survey-lines', encoding: { label: 'utf-8', source: 'bom' } });
    expect(result.report.settings).toMatchObject({ snapTolerance: 0.05, snapUnit: 'm', snapDefault: true });
  });

  it('puts positions where computed by hand and keeps depths, sizes and attributes', () => {
    closeTo(nodes.get('WS1')!.position, [LON0, LAT0]);
    closeTo(nodes.get('WS2')!.position, at(50, 0));
    closeTo(nodes.get('JS4')!.position, at(30, 50));
    closeTo(nodes.get('YS1')!.position, at(CSV_DE, 0)); // X/Y swap corrected
    closeTo(nodes.get('YS3')!.position, at(CSV_DE + 80, 0));

    expect(segs.get('WS001')).toMatchObject({
      cat: 'PS', sub: 'WS', code: '52021000', from: 'WS1', to: 'WS2', dn: 400, box: null, material: 'T',
      depth0: 2.5, depth1: 2.6, ground0: 250, ground1: 249.5, invert0: 247.1, invert1: 246.5, owner: '重庆市排水有限公司', year: 2008,
    });
    expect(segs.get('WS002')).toMatchObject({ dn: 400, material: 'T', year: 2008 });
    // depth from Z (PolyLineZ, Z = pipe top): 250 − 248.8 and 249.8 − 248.6; the snapped end sits on JS2
    const js = segs.get('JS001')!;
    expect(js).toMatchObject({ cat: 'JS', sub: 'JP', depth0: 1.2, depth1: 1.2, dn: 150, material: '钛合金', to: 'JS2' });
    expect(js.coords[1]).toEqual(nodes.get('JS2')!.position);
    // JS005's 终点号 names JS1, 36 m from its drawn end: joined by geometry to JS4, and reported
    expect(segs.get('JS005')).toMatchObject({ from: 'JS3', to: 'JS4' });
    const box = [...segs.values()].find((s) => s.from === 'YS1' && s.to === 'YS2')!;
    expect(box).toMatchObject({ cat: 'PS', sub: 'YS', box: { w: 600, h: 400 }, dn: null, material: 'Z', depth0: 1.5, depth1: 1.6, ground0: 245, ground1: 244.6, year: 1998 });
    expect(nodes.get('YS1')).toMatchObject({ type: 'manhole', ground: 245, depth: 2.5, cat: 'PS', sub: 'YS' });
    expect(nodes.get('YS4')).toMatchObject({ type: 'outfall' });
    expect(nodes.get('JS1')).toMatchObject({ type: 'valve', depth: 1.2 });
    expect(nodes.get('WS1')!.segments).toEqual(['WS001']);
  });

  it('lists every planted defect under its rule, with the feature id', () => {
    const planted: Array<[RuleId, string]> = [
      ['bad-geometry', '#9'], // null shape
      ['bad-geometry', 'YS9'], // no X
      ['duplicate-point-id', 'YS2'],
      ['missing-point', 'YS3-YS7'],
      ['duplicate-point', 'WS4'],
      ['duplicate-segment', 'WS003'],
      ['zero-length', 'WS004'],
      ['duplicate-id', 'JS001'],
      ['snapped', 'JS001'],
      ['uphill-gravity', 'WS002'],
      ['crossing-without-node', 'JS001'],
      ['crossing-without-node', 'JS005'],
      ['end-point-mismatch', 'JS005'],
      ['unknown-material', 'JS001'],
      ['unknown-category', 'QX001'],
      ['unknown-category', 'YS3-YS4'],
      ['size-missing', 'QX001'],
      ['depth-from-z', 'JS001'],
      ['unknown-node-type', 'JS9'],
      ['isolated-point', 'JS9'],
      ['swapped-axes', '点成果表.csv'],
      ['crs-guessed', '点成果表.csv'],
    ];
    const rules = new Map(result.report.rules.map((r) => [r.rule, r]));
    const missing = planted.filter(([rule, id]) => !rules.get(rule)!.ids.includes(id));
    expect(missing).toEqual([]);
    // the renamed JS001 (second) lost its depths (Z = 0 is no Z) and ends at no point: default depth, dangling end
    const renamed = [...segs.values()].find((s) => s.from === 'JS2' && s.id !== 'JS001')!;
    expect(rules.get('depth-missing')!.ids).toContain(renamed.id);
    expect(renamed).toMatchObject({ depth0: 0.7, depth1: 0.7 });
    expect(rules.get('dangling-end')!.ids).toContain(renamed.to);
    const zeroAndBlank = result.report.lines.filter((l) => l.rule === 'depth-missing' && l.file === '线成果表.csv').map((l) => l.detail);
    expect(zeroAndBlank).toEqual(['start: zero → 0.7 m', 'end: blank → 0.7 m']);
  });

  it('drops nothing without a line: every record is in the dataset or on a "dropped" line', () => {
    const r = result.report;
    const records = r.inputs.reduce((s, i) => s + i.records, 0);
    const dropped = r.lines.filter((l) => r.rules.find((x) => x.rule === l.rule)!.action === 'dropped');
    expect(dropped.map((l) => l.id).sort()).toEqual(['#9', 'WS003', 'WS004', 'WS4', 'YS2', 'YS3-YS7', 'YS9']);
    const created = r.rules.find((x) => x.rule === 'node-created')!.count;
    expect(r.result).toMatchObject({ segments: 9, nodes: 15 });
    expect(records).toBe(r.result.segments + (r.result.nodes - created) + dropped.length);
    expect(r.totals.dropped).toBe(dropped.length);
  });

  it('writes the bilingual HTML page with every value escaped and no script', () => {
    const html = readFileSync(result.reportHtml, 'utf8');
    expect(html).toContain('数据导入检查报告');
    expect(html).toContain('Import validation report');
    expect(html).toContain('&lt;b&gt;约三百');
    expect(html).not.toContain('<b>约三百');
    expect(html).not.toMatch(/<script|<link|src=|href=/i);
    const json = JSON.parse(readFileSync(result.reportJson, 'utf8')) as { lines: unknown[] };
    expect(json.lines).toHaveLength(result.report.lines.length);
  });

  it('tiles with --tiles: tileset, ids in gid order, asset records with depths, query copy, network, overlays', () => {
    const tiles = join(dir, 'out', 'public', 'tiles', 'pipes');
    expect(existsSync(join(tiles, 'tileset.json'))).toBe(true);
    expect(existsSync(join(tiles, 'query.bin'))).toBe(true);
    expect(existsSync(join(tiles, 'network.bin'))).toBe(true);
    expect(existsSync(join(dir, 'out', 'public', 'data', 'meta.json'))).toBe(true);
    const ids = readFileSync(join(tiles, 'ids.txt'), 'utf8').trim().split('\n');
    const inOrder = [...segs.values(), ...nodes.values()].sort((a, b) => a.gid - b.gid).map((r) => r.id);
    expect(ids).toEqual(inOrder);
    const chunk = JSON.parse(readFileSync(join(tiles, 'assets', '00000.json'), 'utf8')) as AssetRecord[];
    expect(chunk.find((r) => r.id === 'WS001')).toMatchObject({ depth0: 2.5, depth1: 2.6, dn: 400 });
    expect(result.tiles).toMatchObject({ segments: 9, nodes: 15 });
  });
});

describe('import: unreadable inputs are one-line errors', () => {
  let bad: string;
  beforeAll(() => {
    bad = mkdtempSync(join(tmpdir(), 'import-bad-'));
  });
  afterAll(() => rmSync(bad, { recursive: true, force: true }));

  it('a .shp without its .dbf', async () => {
    const { shp } = writeShapefile({ kind: 'point', shapes: [[[[E0, N0]]]], fields: [], rows: [{}] });
    writeFileSync(join(bad, 'alone.shp'), shp);
    await expect(runImport({ inputs: [join(bad, 'alone.shp')], out: join(bad, 'o1') })).rejects.toThrow(new ImportError('alone.shp: no alone.dbf beside it (a Shapefile needs its .shp, .dbf and .shx; .prj and .cpg are advised)'));
  });

  it('the CLI prints one line and exits 1', async () => {
    let err = '';
    const io = { out: () => undefined, err: (t: string) => void (err += t), exit: (c: number): never => { throw new Error(`exit ${c}`); } };
    expect(await main([join(bad, 'alone.shp'), '--out', join(bad, 'cli')], io)).toBe(1);
    expect(err).toBe('import: alone.shp: no alone.dbf beside it (a Shapefile needs its .shp, .dbf and .shx; .prj and .cpg are advised)\n');
  });

  it('a corrupt zip, and a zip cut short', async () => {
    writeFileSync(join(bad, 'junk.zip'), 'PK this is not a zip at all');
    await expect(runImport({ inputs: [join(bad, 'junk.zip')], out: join(bad, 'o2') })).rejects.toThrow(/^junk\.zip: not a readable zip archive/);
    const good = readFileSync(writeShapefileZip(bad));
    writeFileSync(join(bad, 'cut.zip'), good.subarray(0, good.length - 200));
    await expect(runImport({ inputs: [join(bad, 'cut.zip')], out: join(bad, 'o3') })).rejects.toThrow(/^cut\.zip: not a readable zip archive/);
  });

  it('a CSV with the wrong columns, and a .prj proj4 cannot read', async () => {
    writeFileSync(join(bad, 'wrong.csv'), '名称,长度\nA,1\n');
    await expect(runImport({ inputs: [join(bad, 'wrong.csv')], out: join(bad, 'o4') })).rejects.toThrow(/^wrong\.csv: wrong columns for a survey table: .*found: 名称, 长度/);
    await expect(runImport({ inputs: [join(bad, 'wrong.csv')], out: join(bad, 'o5'), crs: 'EPSG:99999' })).rejects.toThrow(/--crs 'EPSG:99999'/);
  });
});

describe('import: a loose .shp with .dbf, .shx, .prj and a .cpg of "ANSI 936"', () => {
  it('reads the set beside the .shp, decodes GBK, drops the record marked deleted with a line', async () => {
    const d = mkdtempSync(join(tmpdir(), 'import-loose-'));
    try {
      const gbk = (s: string): Uint8Array => new Uint8Array(iconv.encode(s, 'gbk'));
      const set = writeShapefile({
        kind: 'polyline',
        shapes: [[[[E0, N0], [E0 + 20, N0]]], [[[E0, N0 + 5], [E0 + 20, N0 + 5]]]],
        fields: [{ name: '编号', type: 'C', length: 8 }, { name: '管线类别', type: 'C', length: 8 }, { name: '权属单位', type: 'C', length: 20 }],
        rows: [{ 编号: 'A1', 管线类别: '燃气', 权属单位: '重庆燃气集团' }, { 编号: 'A2', 管线类别: '燃气', 权属单位: '已删除' }],
        encode: gbk,
        deleted: [1],
      });
      writeFileSync(join(d, '燃气管线.shp'), set.shp);
      writeFileSync(join(d, '燃气管线.shx'), set.shx);
      writeFileSync(join(d, '燃气管线.dbf'), set.dbf);
      writeFileSync(join(d, '燃气管线.prj'), PRJ_4545);
      writeFileSync(join(d, '燃气管线.cpg'), 'ANSI 936');
      const r = await runImport({ inputs: [join(d, '燃气管线.shp')], out: join(d, 'out') });
      expect(r.report.inputs[0]).toMatchObject({ file: '燃气管线.shp', encoding: { label: 'gbk', source: 'cpg' }, crs: { code: 'EPSG:4545' } });
      expect(r.report.lines.filter((l) => l.rule === 'deleted-record').map((l) => [l.id, l.row])).toEqual([['#2', 2]]);
      const s = readRecords<PipeSegment>(join(d, 'out'), 'segments.ndjson');
      expect(s.map((x) => [x.id, x.cat, x.sub, x.owner])).toEqual([['A1', 'RQ', 'TR', '重庆燃气集团']]);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('import: a mapping file (columns, units, values, elevations) and multi-part lines', () => {
  it('reads custom columns in their units, maps words, takes depths from invert elevations, splits parts', async () => {
    const d = mkdtempSync(join(tmpdir(), 'import-mapping-'));
    try {
      const mapping = {
        fields: { id: 'GXBM', size: 'KJ', depth0: 'S_DEEP', material: 'GC' },
        units: { size: 'cm', depth: 'mm' },
        category: 'WS',
        values: { material: { 砼管道: 'T' } },
        snap: 0.2,
      };
      writeFileSync(join(d, 'mapping.json'), JSON.stringify(mapping));
      const fc = {
        type: 'FeatureCollection',
        crs: { type: 'EPSG', properties: { code: 4545 } },
        features: [
          // 40 cm → DN400; start depth 2500 mm; end from the invert elevation: 249.0 − 247.6 − 0.4 = 1.0 m
          line([[E0, N0], [E0 + 30, N0]], { GXBM: 'P1', KJ: '40', S_DEEP: 2500, GC: '砼管道', 终点地面高程: 249.0, 终点管底高程: 247.6 }),
          // the end 0.15 m from P1's end: within the 0.2 m tolerance of the mapping, so it snaps
          { type: 'Feature', properties: { GXBM: 'P2', KJ: '30', S_DEEP: 1800 }, geometry: { type: 'MultiLineString', coordinates: [[[E0 + 30.15, N0], [E0 + 60, N0]], [[E0 + 60, N0 + 10], [E0 + 90, N0 + 10]]] } },
          // two valves in one MultiPoint: two nodes, one on P2-2's start
          { type: 'Feature', properties: { GXBM: 'V', 附属物: '阀门' }, geometry: { type: 'MultiPoint', coordinates: [[E0 + 60, N0 + 10], [E0 + 200, N0]] } },
        ],
      };
      writeFileSync(join(d, 'pipes.geojson'), JSON.stringify(fc));
      const r = await runImport({ inputs: [join(d, 'pipes.geojson')], out: join(d, 'out'), mapping: join(d, 'mapping.json') });
      const s = new Map(readRecords<PipeSegment>(join(d, 'out'), 'segments.ndjson').map((x) => [x.id, x]));
      expect(s.get('P1')).toMatchObject({ cat: 'PS', sub: 'WS', dn: 400, material: 'T', depth0: 2.5, depth1: 1, ground1: 249, invert1: 247.6 });
      expect([...s.keys()]).toEqual(['P1', 'P2-1', 'P2-2']);
      expect(s.get('P2-1')).toMatchObject({ dn: 300, depth0: 1.8, from: s.get('P1')!.to });
      expect(r.report.settings).toMatchObject({ snapTolerance: 0.2, snapDefault: false });
      expect(r.report.lines.filter((l) => l.rule === 'multipart-split').map((l) => l.id)).toEqual(['P2', 'V']);
      expect(s.get('P2-2')!.from).toBe('V-1');
      expect(readRecords<PipeNode>(join(d, 'out'), 'nodes.ndjson').filter((n) => n.type === 'valve').map((n) => n.id)).toEqual(['V-1', 'V-2']);
      expect(r.report.lines.find((l) => l.rule === 'snapped')).toMatchObject({ id: 'P2-1', detail: expect.stringMatching(/^start moved 0\.15\d m/) });
      writeFileSync(join(d, 'bad.json'), JSON.stringify({ feilds: {} }));
      await expect(runImport({ inputs: [join(d, 'pipes.geojson')], out: join(d, 'o2'), mapping: join(d, 'bad.json') })).rejects.toThrow(/bad\.json: .*feilds/);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('import: GeoJSON, legacy crs member, region and datum checks', () => {
  let gdir: string;
  beforeAll(() => {
    gdir = mkdtempSync(join(tmpdir(), 'import-geojson-'));
  });
  afterAll(() => rmSync(gdir, { recursive: true, force: true }));

  it('reads the legacy crs member (EPSG:4545) and keeps the position', async () => {
    const fc = { type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4545' } }, features: [line([[E0, N0], [E0 + 50, N0]], { 编号: 'JS100', 管径: 'DN200', 材质: '球墨铸铁管', 起点埋深: 1.1, 终点埋深: 1.3 })] };
    writeFileSync(join(gdir, 'a.geojson'), JSON.stringify(fc));
    const r = await runImport({ inputs: [join(gdir, 'a.geojson')], out: join(gdir, 'a') });
    expect(r.report.inputs[0].crs).toMatchObject({ code: 'EPSG:4545', source: 'crs-member' });
    const [s] = readRecords<PipeSegment>(join(gdir, 'a'), 'segments.ndjson');
    closeTo(s.coords[0], [LON0, LAT0]);
    expect(s).toMatchObject({ id: 'JS100', dn: 200, material: 'QM', depth0: 1.1, depth1: 1.3 });
    expect(r.report.rules.find((x) => x.rule === 'far-from-region')!.count).toBe(0);
  });

  it('reports data far from the region, and a Beijing 1954 CRS with no datum shift', async () => {
    const fc = { type: 'FeatureCollection', features: [line([[116.39, 39.9], [116.391, 39.9]], { 编号: 'RQ1', 管径: '100' })] };
    writeFileSync(join(gdir, 'b.geojson'), JSON.stringify(fc));
    const r = await runImport({ inputs: [join(gdir, 'b.geojson')], out: join(gdir, 'b') });
    expect(r.report.inputs[0].crs).toMatchObject({ code: 'EPSG:4326', source: 'rfc7946' });
    const far = r.report.lines.find((l) => l.rule === 'far-from-region')!;
    expect(far.detail).toMatch(/^data centre \d+ km outside the region/);

    const bj54 = PRJ_4545.replace('GCS_China_Geodetic_Coordinate_System_2000', 'GCS_Beijing_1954').replace('D_China_2000', 'D_Beijing_1954').replace('SPHEROID["CGCS2000",6378137.0,298.257222101]', 'SPHEROID["Krasovsky_1940",6378245.0,298.3]');
    const fc2 = { type: 'FeatureCollection', features: [line([[E0, N0], [E0 + 50, N0]], { 编号: 'JS1', 管径: '100' })] };
    writeFileSync(join(gdir, 'c.geojson'), JSON.stringify(fc2));
    const r2 = await runImport({ inputs: [join(gdir, 'c.geojson')], out: join(gdir, 'c'), crs: bj54 });
    expect(r2.report.inputs[0].crs).toMatchObject({ source: 'option', legacyDatum: 'beijing1954' });
    expect(r2.report.rules.find((x) => x.rule === 'crs-no-datum-shift')!.count).toBe(1);
    // no shift applied: tens of metres from where the same numbers land in CGCS2000, but near
    const [s] = readRecords<PipeSegment>(join(gdir, 'c'), 'segments.ndjson');
    const off = Math.hypot((s.coords[0][0] - LON0) * K.lon, (s.coords[0][1] - LAT0) * K.lat);
    expect(off).toBeGreaterThan(10);
    expect(off).toBeLessThan(200);
  });
});
