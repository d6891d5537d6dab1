/**
 * Survey import at 20,000 pipes (target: < 30 s, with progress on the terminal): a Shapefile zip (PolyLineZ pipes +
 * PointZ manholes, EPSG:4545, Chinese field names) and the same network as a survey CSV pair, through
 * `runImport` (read, CRS, mapping, topology with crossing checks, dataset + report), then once more with --tiles.
 * Baseline in the same run: reading the same pipes as GeoJSON text — JSON.parse and the proj4 transform of every
 * vertex, the floor any importer pays. Run: `npm run bench -- import`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crsDef, toLonLat } from '../src/analysis/crs';
import { runImport } from '../tools/import/importer';
import { writeShapefile, zip } from '../tools/import/shapefileWriter';

const PIPES = 20_000;
const ROW = 200; // manholes per street, 40 m apart; streets 60 m apart
const RUNS = 3;
const E0 = 355_000;
const N0 = 3_268_000;

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const dir = mkdtempSync(join(tmpdir(), 'import-bench-'));
mkdirSync(dir, { recursive: true });
const rows = Math.ceil(PIPES / (ROW - 1));
const pts: Array<{ id: string; e: number; n: number; ground: number }> = [];
for (let r = 0; r < rows; r++) {
  for (let c = 0; c < ROW; c++) pts.push({ id: `WS${r * ROW + c + 1}`, e: E0 + c * 40, n: N0 + r * 60, ground: 260 - c * 0.05 - r * 0.01 });
}
const lines: Array<{ id: string; a: (typeof pts)[number]; b: (typeof pts)[number] }> = [];
for (let r = 0; r < rows && lines.length < PIPES; r++) {
  for (let c = 0; c + 1 < ROW && lines.length < PIPES; c++) lines.push({ id: `WS${String(lines.length + 1).padStart(6, '0')}`, a: pts[r * ROW + c], b: pts[r * ROW + c + 1] });
}
const used = new Set(lines.flatMap((l) => [l.a.id, l.b.id]));
const points = pts.filter((p) => used.has(p.id));

const t0 = performance.now();
const pipeLayer = writeShapefile({
  kind: 'polylineZ',
  shapes: lines.map((l) => [[[l.a.e, l.a.n, l.a.ground - 2], [l.b.e, l.b.n, l.b.ground - 2.05]]]),
  fields: [
    { name: 'BH', type: 'C', length: 10 },
    { name: 'QDDH', type: 'C', length: 10 },
    { name: 'ZDDH', type: 'C', length: 10 },
    { name: 'GJ', type: 'C', length: 8 },
    { name: 'CZ', type: 'C', length: 8 },
    { name: 'QDMS', type: 'N', length: 6, decimals: 2 },
    { name: 'ZDMS', type: 'N', length: 6, decimals: 2 },
    { name: 'QSDW', type: 'C', length: 30 },
  ],
  rows: lines.map((l) => ({ BH: l.id, QDDH: l.a.id, ZDDH: l.b.id, GJ: 'DN400', CZ: '砼', QDMS: 2, ZDMS: 2.05, QSDW: '重庆市排水有限公司' })),
});
const pointLayer = writeShapefile({
  kind: 'pointZ',
  shapes: points.map((p) => [[[p.e, p.n, p.ground]]]),
  fields: [
    { name: 'WTDH', type: 'C', length: 10 },
    { name: 'DMGC', type: 'N', length: 8, decimals: 2 },
    { name: 'MS', type: 'N', length: 6, decimals: 2 },
    { name: 'FSW', type: 'C', length: 9 },
  ],
  rows: points.map((p) => ({ WTDH: p.id, DMGC: p.ground, MS: 2.6, FSW: '污水井' })),
});
// UTF-8 DBF (its field names are the usual pinyin abbreviations: Chinese names take 3 bytes a character in UTF-8 and
// the DBF allows 10); ESRI .prj of EPSG:4545
const prj =
  'PROJCS["CGCS2000_3_Degree_GK_CM_108E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",108.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
const zipPath = join(dir, 'network.zip');
writeFileSync(
  zipPath,
  zip({ 'pipes.shp': pipeLayer.shp, 'pipes.shx': pipeLayer.shx, 'pipes.dbf': pipeLayer.dbf, 'pipes.cpg': 'UTF-8', 'pipes.prj': prj, 'points.shp': pointLayer.shp, 'points.shx': pointLayer.shx, 'points.dbf': pointLayer.dbf, 'points.cpg': 'UTF-8', 'points.prj': prj }),
);
const pointsCsv = join(dir, 'points.csv');
const linesCsv = join(dir, 'lines.csv');
writeFileSync(pointsCsv, `物探点号,X,Y,地面高程,埋深,附属物\n${points.map((p) => `${p.id},${p.n.toFixed(3)},${p.e.toFixed(3)},${p.ground.toFixed(2)},2.6,污水井`).join('\n')}\n`);
writeFileSync(linesCsv, `起点号,终点号,管径,材质,起点埋深,终点埋深,权属单位\n${lines.map((l) => `${l.a.id},${l.b.id},DN400,砼,2.00,2.05,重庆市排水有限公司`).join('\n')}\n`);
const geojson = JSON.stringify({
  type: 'FeatureCollection',
  crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4545' } },
  features: lines.map((l) => ({ type: 'Feature', properties: { 编号: l.id, 管径: 'DN400', 材质: '砼', 起点埋深: 2, 终点埋深: 2.05 }, geometry: { type: 'LineString', coordinates: [[l.a.e, l.a.n], [l.b.e, l.b.n]] } })),
});
console.log(`inputs: ${lines.length} pipes, ${points.length} manholes; written in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

// baseline: the same pipes as GeoJSON text, parsed and every vertex transformed (the floor of any importer)
const crs = crsDef(4545)!;
const base: number[] = [];
for (let i = 0; i < RUNS + 2; i++) {
  gc();
  const t = performance.now();
  const doc = JSON.parse(geojson) as { features: Array<{ geometry: { coordinates: number[][] } }> };
  let s = 0;
  for (const f of doc.features) for (const p of f.geometry.coordinates) s += toLonLat(crs, [p[0], p[1]])[0];
  if (!(s > 0)) throw new Error('baseline went wrong');
  base.push(performance.now() - t);
}
const b = median(base);

async function timeImport(inputs: string[], tiles: boolean, label: string, runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    gc();
    const out = join(dir, `out-${label}-${i}`);
    const t = performance.now();
    const r = await runImport({ inputs, out, tiles, log: i === 0 ? (l) => console.log(`  ${l}`) : undefined });
    times.push(performance.now() - t);
    if (r.report.result.segments !== PIPES) throw new Error(`${label}: ${r.report.result.segments} segments, expected ${PIPES}`);
    rmSync(out, { recursive: true, force: true });
  }
  return median(times);
}

console.log('shapefile zip, first run with its progress:');
const shp = await timeImport([zipPath], false, 'shp', RUNS);
console.log('survey CSV pair:');
const csv = await timeImport([pointsCsv, linesCsv], false, 'csv', RUNS);
console.log('shapefile zip with --tiles:');
const tiled = await timeImport([zipPath], true, 'tiles', 1);

const sec = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
console.log(`baseline  GeoJSON text: JSON.parse + proj4 per vertex        ${sec(b)} = 1.00×`);
console.log(`import    Shapefile zip → dataset + report                 ${sec(shp)} = ${(shp / b).toFixed(1)}× baseline  (target < 30 s)`);
console.log(`import    survey CSV pair → dataset + report               ${sec(csv)} = ${(csv / b).toFixed(1)}× baseline  (target < 30 s)`);
console.log(`import    Shapefile zip --tiles (tiles, sidecar, query copy) ${sec(tiled)} = ${(tiled / b).toFixed(1)}× baseline  (target < 30 s)`);
console.log(`medians of ${RUNS} runs (baseline ${RUNS + 2}; --tiles one run), ${PIPES} pipes`);
if (!process.env.KEEP) rmSync(dir, { recursive: true, force: true });
else console.log(dir);
