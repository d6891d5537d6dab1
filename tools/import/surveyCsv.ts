/**
 * Survey tables as CSV (also CSV exported from Excel): a point table (物探点号, X, Y, 地面高程, 埋深, 特征, 附属物 …) and a
 * line table (起点号, 终点号, 管径 or 断面尺寸, 材质, 起点埋深, 终点埋深 …), joined by point number. UTF-8 with or
 * without BOM, or GBK (decided from the bytes, or `--encoding`). Comma, semicolon or tab separated; quotes per RFC 4180.
 */
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { decodeText } from './encoding';
import { ImportError } from './errors';
import { cellText, parseNumber, resolveColumns, type MappingFile } from './mapping';
import type { RawFeature, RawLayer } from './model';

/** Rows of a CSV text (the first is the header); each row with the file line it starts on. */
export function parseCsv(text: string): Array<{ cells: string[]; line: number }> {
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0);
  const delim = [',', '\t', ';'].map((d) => ({ d, n: firstLine.split(d).length })).sort((a, b) => b.n - a.n)[0].d;
  const rows: Array<{ cells: string[]; line: number }> = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        cell += c;
      }
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === delim) {
      cells.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      cells.push(cell);
      if (cells.some((x) => x.trim() !== '')) rows.push({ cells, line: rowLine });
      cells = [];
      cell = '';
      line++;
      rowLine = line;
    } else cell += c;
  }
  cells.push(cell);
  if (cells.some((x) => x.trim() !== '')) rows.push({ cells, line: rowLine });
  return rows;
}

/** Reads one CSV table and decides whether it is a point or a line table from its columns. */
export function readSurveyCsv(path: string, encodingOption: string | undefined, mapping: MappingFile): RawLayer {
  const file = basename(path);
  const { text, encoding } = decodeText(readFileSync(path), encodingOption);
  const rows = parseCsv(text);
  if (rows.length === 0) throw new ImportError(`${file}: empty CSV`);
  const header = rows[0].cells.map((h) => h.trim().replace(/^\uFEFF/, ''));
  const cols = resolveColumns(header, mapping).col;
  const isLines = cols.from !== undefined && cols.to !== undefined;
  const isPoints = !isLines && cols.id !== undefined && cols.x !== undefined && cols.y !== undefined;
  if (!isLines && !isPoints) {
    throw new ImportError(
      `${file}: wrong columns for a survey table: a point table needs 物探点号, X, Y; a line table 起点号, 终点号 (found: ${header.join(', ')}; --mapping names other columns)`,
    );
  }
  const layer: RawLayer = {
    file,
    format: isLines ? 'survey-lines' : 'survey-points',
    layerName: basename(file, extname(file)),
    encoding,
    fields: header,
    features: [],
    rejected: [],
    hasZ: false,
  };
  for (const r of rows.slice(1)) {
    const props: Record<string, unknown> = {};
    header.forEach((h, i) => (props[h] = r.cells[i]?.trim() ?? ''));
    const ref = { file, row: r.line };
    if (isPoints) {
      const id = cellText(props[cols.id!]);
      const x = parseNumber(props[cols.x!]);
      const y = parseNumber(props[cols.y!]);
      if (x === undefined || y === undefined) {
        layer.rejected.push({ ref, id: id || `#${r.line}`, rule: 'bad-geometry', detail: `X/Y not numbers: '${cellText(props[cols.x!])}', '${cellText(props[cols.y!])}'` });
        continue;
      }
      layer.features.push({ ref, kind: 'point', parts: [[[x, y]]], props });
    } else {
      layer.features.push({ ref, kind: 'line', parts: [], props });
    }
  }
  return layer;
}

/**
 * Gives the line tables their geometry from the point tables: each line runs from its 起点号's point to its 终点号's.
 * A duplicate point number keeps the first point (the others are rejected); a line whose point number is not in any
 * point table is rejected.
 */
export function joinSurvey(pointLayers: RawLayer[], lineLayers: RawLayer[], mapping: MappingFile): void {
  const byId = new Map<string, RawFeature>();
  for (const layer of pointLayers) {
    const idCol = resolveColumns(layer.fields, mapping).col.id!;
    layer.features = layer.features.filter((f) => {
      const id = cellText(f.props[idCol]);
      const first = byId.get(id);
      if (first) {
        layer.rejected.push({ ref: f.ref, id, rule: 'duplicate-point-id', detail: `point number ${id} already at ${first.ref.file}:${first.ref.row}` });
        return false;
      }
      byId.set(id, f);
      return true;
    });
  }
  for (const layer of lineLayers) {
    const c = resolveColumns(layer.fields, mapping).col;
    layer.features = layer.features.filter((f) => {
      const a = cellText(f.props[c.from!]);
      const b = cellText(f.props[c.to!]);
      const pa = byId.get(a);
      const pb = byId.get(b);
      if (!pa || !pb) {
        const missing = [!pa ? a || '(blank)' : null, !pb ? b || '(blank)' : null].filter(Boolean).join(', ');
        const id = c.id ? cellText(f.props[c.id]) : '';
        layer.rejected.push({ ref: f.ref, id: id || `${a}-${b}`, rule: 'missing-point', detail: `no point ${missing}` });
        return false;
      }
      f.parts = [[pa.parts[0][0].slice(), pb.parts[0][0].slice()]];
      return true;
    });
  }
}
