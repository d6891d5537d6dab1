/**
 * Survey inputs made in the tests, with planted defects (each named in PLANTED with the id the report must list):
 * a Shapefile zip in CGCS2000 3° Gauss-Krüger CM 108°E (EPSG:4545, no zone prefix) whose DBF is GBK with a `.cpg`
 * of `936`, and a survey CSV pair (points GBK, lines UTF-8 with BOM) with X = northing as Chinese surveys write it.
 *
 * Positions by hand: the origin (E0, N0) is standards.md §5's check point, 106.5772°E 29.5647°N ⇄ EPSG:4545
 * E 362116.8, N 3272705.7; other points are whole metres east/north of it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { writeShapefile, zip } from '../../../../tools/import/shapefileWriter';

export const E0 = 362116.8;
export const N0 = 3272705.7;
export const LON0 = 106.5772;
export const LAT0 = 29.5647;

const gbk = (s: string): Uint8Array => new Uint8Array(iconv.encode(s, 'gbk'));

export const PRJ_4545 =
  'PROJCS["CGCS2000_3_Degree_GK_CM_108E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",108.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';

/** [point number, dE, dN, ground, depth, 特征, 附属物] */
const SHP_POINTS: Array<[string, number, number, number | null, number | null, string, string]> = [
  ['WS1', 0, 0, 250.0, 3.0, '', '污水井'],
  ['WS2', 50, 0, 249.5, 3.2, '', '污水井'],
  ['WS3', 100, 0, 249.0, 2.0, '', '污水井'],
  ['WS4', 100, 0.02, 249.0, 2.0, '', '污水井'], // planted: a second point 2 cm from WS3
  ['JS1', 0, 30, 250.0, 1.2, '', '阀门'],
  ['JS2', 60, 30, 249.8, null, '三通', ''],
  ['JS3', 30, 10, 250.0, 1.0, '直线点', ''],
  ['JS4', 30, 50, 250.0, 1.0, '直线点', ''],
  ['JS9', 200, 200, 251.0, 1.0, '神秘点', ''], // planted: isolated, unknown kind
];

/** [编号, from dE,dN,Z, to dE,dN,Z, 管径, 材质, 起点埋深, 终点埋深, 权属单位, 埋设年代, 起点号, 终点号] */
type ShpLine = [string, [number, number, number], [number, number, number], string, string, number | null, number | null, string, string, string, string];
const SHP_LINES: Array<ShpLine | null> = [
  ['WS001', [0, 0, 247.5], [50, 0, 246.9], 'DN400', '砼', 2.5, 2.6, '重庆市排水有限公司', '2008', 'WS1', 'WS2'],
  ['WS002', [50, 0, 246.9], [100, 0, 248.0], 'Φ400', '钢筋混凝土', 2.6, 1.0, '重庆市排水有限公司', '2008年', 'WS2', 'WS3'], // planted: uphill
  ['WS003', [0, 0, 247.5], [50, 0, 246.9], 'DN400', '砼', 2.5, 2.6, '重庆市排水有限公司', '2008', 'WS1', 'WS2'], // planted: duplicate of WS001
  ['WS004', [100, 0, 248.0], [100.01, 0, 248.0], 'DN400', '砼', 1.0, 1.0, '重庆市排水有限公司', '2008', 'WS3', 'WS3'], // planted: zero length
  ['JS001', [0, 30, 248.8], [60.03, 30, 248.6], 'DN150', '钛合金', null, null, '重庆水务集团', '2015', 'JS1', 'JS2'], // planted: snapped end, unknown material, depths from Z
  ['JS001', [60, 30, 0], [60, 80, 0], '150', '球墨铸铁', null, null, '重庆水务集团', '2015', 'JS2', ''], // planted: duplicate id, depth missing, dangling end
  ['JS005', [30, 10, 249.0], [30, 50, 249.0], 'DN100', 'PE', 1.0, 1.0, '重庆水务集团', '2016', 'JS3', 'JS1'], // planted: crosses JS001 without a node; 终点号 names JS1, 36 m away
  ['QX001', [150, -50, 0], [150, -10, 0], '<b>约三百', '砖', 1.5, 1.5, '未知', '', '', ''], // planted: unknown category, unreadable size
  null, // planted: a null shape
];

export const SHP_FILE = 'pipes.shp';

/** Writes network.zip (pipes + points layers, GBK DBF, .cpg 936, .prj EPSG:4545) into dir; returns its path. */
export function writeShapefileZip(dir: string): string {
  const lines = writeShapefile({
    kind: 'polylineZ',
    shapes: SHP_LINES.map((l) => (l ? [[[E0 + l[1][0], N0 + l[1][1], l[1][2]], [E0 + l[2][0], N0 + l[2][1], l[2][2]]]] : null)),
    fields: [
      { name: '编号', type: 'C', length: 12 },
      { name: '管径', type: 'C', length: 12 },
      { name: '材质', type: 'C', length: 12 },
      { name: '起点埋深', type: 'N', length: 8, decimals: 2 },
      { name: '终点埋深', type: 'N', length: 8, decimals: 2 },
      { name: '权属单位', type: 'C', length: 40 },
      { name: '埋设年代', type: 'C', length: 10 },
      { name: '起点号', type: 'C', length: 10 },
      { name: '终点号', type: 'C', length: 10 },
    ],
    rows: SHP_LINES.map((l) =>
      l ? { 编号: l[0], 管径: l[3], 材质: l[4], 起点埋深: l[5], 终点埋深: l[6], 权属单位: l[7], 埋设年代: l[8], 起点号: l[9], 终点号: l[10] } : { 编号: 'NULL1' },
    ),
    encode: gbk,
    ldid: 0x4d,
  });
  const points = writeShapefile({
    kind: 'pointZ',
    shapes: SHP_POINTS.map((p) => [[[E0 + p[1], N0 + p[2], p[3] ?? 0]]]),
    fields: [
      { name: '物探点号', type: 'C', length: 10 },
      { name: '地面高程', type: 'N', length: 10, decimals: 2 },
      { name: '埋深', type: 'N', length: 8, decimals: 2 },
      { name: '特征', type: 'C', length: 10 },
      { name: '附属物', type: 'C', length: 10 },
    ],
    rows: SHP_POINTS.map((p) => ({ 物探点号: p[0], 地面高程: p[3], 埋深: p[4], 特征: p[5], 附属物: p[6] })),
    encode: gbk,
    ldid: 0x4d,
  });
  const path = join(dir, 'network.zip');
  writeFileSync(
    path,
    zip({
      'pipes.shp': lines.shp, 'pipes.shx': lines.shx, 'pipes.dbf': lines.dbf, 'pipes.prj': PRJ_4545, 'pipes.cpg': '936',
      'points.shp': points.shp, 'points.shx': points.shx, 'points.dbf': points.dbf, 'points.prj': PRJ_4545, 'points.cpg': '936',
    }),
  );
  return path;
}

/** The survey CSV pair, 500 m east of the Shapefile network: X is the northing, Y the easting (swapped). */
export const CSV_DE = 500;
export function writeSurveyCsvPair(dir: string): { points: string; lines: string } {
  mkdirSync(dir, { recursive: true });
  const n = (dn: number): string => (N0 + dn).toFixed(3);
  const e = (de: number): string => (E0 + CSV_DE + de).toFixed(3);
  const pointRows = [
    '物探点号,X,Y,地面高程,埋深,特征,附属物',
    `YS1,${n(0)},${e(0)},245.00,2.5,,雨水井`,
    `YS2,${n(0)},${e(40)},244.60,2.6,,雨水井`,
    `YS3,${n(0)},${e(80)},244.20,2.4,,雨水篦`,
    `YS2,${n(5)},${e(45)},244.60,2.6,,雨水井`, // planted: duplicate point number
    `YS9,,${e(90)},244.00,2.0,,雨水井`, // planted: no X
    `YS4,${n(0)},${e(120)},244.00,2.0,出水口,`,
  ];
  const lineRows = [
    '起点号,终点号,管线类别,断面尺寸,材质,起点埋深,终点埋深,权属单位,埋设年代',
    'YS1,YS2,雨水,600×400,砖,1.50,1.60,重庆市排水有限公司,1998',
    'YS2,YS3,雨水,DN300,PVC,0,,重庆市排水有限公司,2001', // planted: zero and blank depths
    'YS3,YS7,雨水,DN300,PVC,1.2,1.3,重庆市排水有限公司,2001', // planted: YS7 is not in the point table
    'YS3,YS4,暖通,DN300,PVC,1.2,1.3,重庆市排水有限公司,2001', // planted: unknown category
  ];
  const points = join(dir, '点成果表.csv');
  const lines = join(dir, '线成果表.csv');
  writeFileSync(points, iconv.encode(`${pointRows.join('\r\n')}\r\n`, 'gbk'));
  writeFileSync(lines, `\uFEFF${lineRows.join('\n')}\n`, 'utf8');
  return { points, lines };
}
