/**
 * The importer: survey inputs (Shapefile, GeoJSON, survey CSV pairs) → a dataset folder, its validation report
 * (import-report.json + import-report.html) and, with `tiles`, what tools/prepare-lib.ts makes for a generated
 * dataset, with the same tools called in-process: 3D Tiles and id/asset sidecar (the tiler), query.bin
 * (tools/query/buildQueryCopy.ts), network.bin (tools/network/buildNetwork.ts), admin-index.json, and the overlay
 * files for the viewer.
 */
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { CHONGQING_REGION, crsFromText, kmOutsideRegion, type CrsDef } from '../../src/analysis/crs';
import type { LonLat } from '../../src/domain/schema';
import { OVERLAY_FILES } from '../prepare-lib';
import { writeAdminIndex } from '../generate/adminUnits';
import { writeNetworkFile } from '../network/buildNetwork';
import { writeQueryCopy } from '../query/buildQueryCopy';
import { runTiler, type TilerResult } from '../tiler/tiler';
import { ImportError } from './errors';
import { lineCandidates, mappedColumns, pointCandidates, resolveLayerCrs, type LineCand, type PointCand } from './features';
import { readGeojsonInput } from './geojson';
import { readMapping, type MappingFile } from './mapping';
import type { RawLayer } from './model';
import { buildNetwork } from './network';
import { DEFAULT_SNAP_M } from './presets';
import { Issues, type ImportReport, type InputSummary } from './report';
import { renderReportHtml } from './reportHtml';
import { joinSurvey, readSurveyCsv } from './surveyCsv';
import { readShapefileInput } from './shapefile';
import { categoryCounts, networkBbox, writeDataset } from './write';

export interface ImportOptions {
  inputs: string[];
  /** dataset folder to write */
  out: string;
  /** `--crs`: EPSG code, proj4 string or WKT; overrides every input's own */
  crs?: string;
  /** a mapping file path, or the mapping itself */
  mapping?: string | MappingFile;
  /** `--encoding` for DBF and CSV text (a BOM still wins for CSV) */
  encoding?: string;
  /** snapping tolerance, metres (default: the mapping's, else DEFAULT_SNAP_M) */
  snap?: number;
  /** [west, south, east, north]: data farther than `farKm` from it are reported (default Chongqing) */
  region?: [number, number, number, number];
  farKm?: number;
  /** dataset name in meta.json (default: the out folder's name) */
  name?: string;
  /** also build tiles + query copy into `<publicDir>/tiles/pipes` and the overlays into `<publicDir>/data` */
  tiles?: boolean;
  /** default `<out>/public` */
  publicDir?: string;
  /** tiler worker threads (default: the tiler's) */
  workers?: number;
  /** progress and summary lines (default: none) */
  log?: (line: string) => void;
}

export interface ImportResult {
  report: ImportReport;
  reportJson: string;
  reportHtml: string;
  tiles?: TilerResult & { dir: string; queryCopy: string };
}

function readInput(path: string, encoding: string | undefined, mapping: MappingFile): RawLayer[] {
  if (!existsSync(path)) throw new ImportError(`${path}: no such file`);
  const ext = extname(path).toLowerCase();
  if (ext === '.zip' || ext === '.shp') return readShapefileInput(path, encoding);
  if (ext === '.geojson' || ext === '.json') return [readGeojsonInput(path, encoding)];
  if (ext === '.csv' || ext === '.txt') return [readSurveyCsv(path, encoding, mapping)];
  throw new ImportError(`${basename(path)}: unknown input type '${ext || '(none)'}' (.zip or .shp, .geojson/.json, .csv)`);
}

export async function runImport(opts: ImportOptions): Promise<ImportResult> {
  const log = opts.log ?? (() => undefined);
  const out = resolve(opts.out);
  const mapping: MappingFile = typeof opts.mapping === 'string' ? readMapping(opts.mapping) : (opts.mapping ?? {});
  let crsOption: CrsDef | undefined;
  if (opts.crs) {
    crsOption = crsFromText(opts.crs);
    if (!crsOption) throw new ImportError(`--crs '${opts.crs}': not an EPSG code, proj4 string or WKT this tool knows`);
  }
  if (opts.inputs.length === 0) throw new ImportError('no input files');
  const region = opts.region ?? ([...CHONGQING_REGION] as [number, number, number, number]);
  const regionCentre: LonLat = [(region[0] + region[2]) / 2, (region[1] + region[3]) / 2];
  const snap = opts.snap ?? mapping.snap ?? DEFAULT_SNAP_M;
  const issues = new Issues();
  const t0 = performance.now();

  const layers = opts.inputs.flatMap((p) => {
    const read = readInput(p, opts.encoding, mapping);
    for (const l of read) log(`import: ${l.file}: ${l.features.length + l.rejected.length} records (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    return read;
  });
  joinSurvey(
    layers.filter((l) => l.format === 'survey-points'),
    layers.filter((l) => l.format === 'survey-lines'),
    mapping,
  );
  const readCount = layers.reduce((s, l) => s + l.features.length + l.rejected.length, 0);
  log(`import: read ${readCount} records from ${layers.length} layer(s) (${((performance.now() - t0) / 1000).toFixed(1)} s)`);

  const summaries: InputSummary[] = [];
  const lines: LineCand[] = [];
  const points: PointCand[] = [];
  for (const layer of layers) {
    for (const r of layer.rejected) issues.add(r.rule, r.id, r.ref, r.detail);
    const summary: InputSummary = {
      file: layer.file,
      format: layer.format,
      records: layer.features.length + layer.rejected.length,
      lines: layer.features.filter((f) => f.kind === 'line').length,
      points: layer.features.filter((f) => f.kind === 'point').length,
      fields: layer.fields,
      mapped: mappedColumns(layer, mapping),
      hasZ: layer.hasZ,
      encoding: layer.encoding,
    };
    summaries.push(summary);
    if (layer.encoding && (layer.encoding.source === 'utf8-valid' || layer.encoding.source === 'gbk-fallback')) {
      issues.add('encoding-guessed', layer.file, { file: layer.file, row: 0 }, `read as ${layer.encoding.label}`);
    }
    const crs = resolveLayerCrs(layer, crsOption, regionCentre, issues);
    if (!crs) continue;
    summary.crs = { code: crs.crs.code, name: crs.crs.name, source: crs.source, swapped: crs.swapped, legacyDatum: crs.crs.legacyDatum };
    lines.push(...lineCandidates(layer, { mapping, crs }, issues));
    points.push(...pointCandidates(layer, { mapping, crs }, issues));
  }
  const big = lines.length + points.length > 5000;
  const net = buildNetwork(
    lines,
    points,
    {
      snap,
      z: mapping.z ?? 'top',
      progress: big ? (stage, done, total) => log(`import: ${stage} ${done}/${total}`) : undefined,
    },
    issues,
  );
  const bbox = networkBbox(net);
  const km = bbox ? kmOutsideRegion(bbox, region) : 0;
  if (bbox && km > (opts.farKm ?? 50)) {
    issues.add('far-from-region', basename(out), { file: opts.inputs.map((p) => basename(p)).join(', '), row: 0 }, `data centre ${km.toFixed(0)} km outside the region ${region.join(', ')}`);
  }

  const meta = writeDataset(out, net, opts.name ?? basename(out));
  const { rules, totals } = issues.summary();
  const report: ImportReport = {
    version: 1,
    generatedAt: meta.generatedAt,
    out,
    inputs: summaries,
    settings: { snapTolerance: snap, snapUnit: 'm', snapDefault: opts.snap === undefined && mapping.snap === undefined, region, heightMode: 'ellipsoid' },
    result: { segments: net.segments.length, nodes: net.nodes.length, bbox, kmOutsideRegion: Math.round(km * 10) / 10, categories: categoryCounts(net) },
    totals,
    rules,
    lines: issues.lines,
  };
  const reportJson = join(out, 'import-report.json');
  const reportHtml = join(out, 'import-report.html');
  writeFileSync(reportJson, `${JSON.stringify(report, null, 1)}\n`);
  writeFileSync(reportHtml, renderReportHtml(report));
  log(
    `import: ${net.segments.length} segments, ${net.nodes.length} nodes → ${out} (dropped ${totals.dropped}, repaired ${totals.repaired}, flagged ${totals.flagged}; ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
  );
  log(`import: report ${reportHtml}`);

  const result: ImportResult = { report, reportJson, reportHtml };
  if (opts.tiles) {
    if (net.segments.length === 0) throw new ImportError('nothing to tile: no segment survived the import (see the report)');
    const publicDir = resolve(opts.publicDir ?? join(out, 'public'));
    const tilesDir = join(publicDir, 'tiles', 'pipes');
    const tiles = await runTiler({ inDir: out, outDir: tilesDir, workers: opts.workers, log: (l) => log(l.replace(/^/, 'tiles: ')) });
    const queryCopy = join(tilesDir, 'query.bin');
    await writeQueryCopy(join(out, 'segments.ndjson'), queryCopy);
    // the graph for traces and valve isolation, and the admin-unit index, as tools/prepare-lib.ts makes them
    writeNetworkFile(out, join(tilesDir, 'network.bin'));
    writeAdminIndex(out);
    const dataDir = join(publicDir, 'data');
    mkdirSync(dataDir, { recursive: true });
    // the viewer's overlay files the dataset has (an import writes empty GeoJSON overlays; other files are skipped)
    for (const f of OVERLAY_FILES) if (existsSync(join(out, f))) copyFileSync(join(out, f), join(dataDir, f));
    log(`import: tiles ${tilesDir}, overlays ${dataDir}`);
    result.tiles = { ...tiles, dir: tilesDir, queryCopy };
  }
  return result;
}
