/**
 * Raw features → candidates: positions in lon/lat (CRS resolved per layer: `--crs`, `.prj`, the GeoJSON `crs`
 * member, RFC 7946, or guessed from the values; swapped axes corrected) and attributes read through the mapping
 * (category, size, material, depths, ground, burial, year, owner, point kind). Every repair on the way is a report line.
 */
import { crsDef, crsFromText, guessCoordinates, isSwappedForCrs, toLonLat, type CrsDef } from '../../src/analysis/crs';
import type { CategoryCode, LonLat, NodeType } from '../../src/domain/schema';
import { ImportError } from './errors';
import {
  cellText,
  categoryFromIdPrefix,
  categoryFromLayerName,
  lookupBurial,
  lookupCategory,
  lookupMaterial,
  lookupNodeType,
  parseLength,
  parseSize,
  parseYear,
  resolveColumns,
  type CategoryHit,
  type Columns,
  type MappingFile,
  type Size,
} from './mapping';
import type { RawLayer } from './model';
import { DEFAULT_SUB } from './presets';
import type { InputSummary, Issues, SourceRef } from './report';

export interface LineCand {
  ref: SourceRef;
  /** the source's id ('' when none) */
  srcId: string;
  coords: LonLat[];
  /** Z at the two ends, as stored (metres) */
  z: [number | undefined, number | undefined];
  /** point numbers at the ends (起点号, 终点号), when the line names them */
  ends?: [string, string];
  /** true when the geometry is the source's own (Shapefile, GeoJSON), false when built from a point table */
  drawn: boolean;
  cat: CategoryCode;
  sub: string;
  material: string;
  size: Size | undefined;
  sizeText: string;
  depth: [number | undefined, number | undefined];
  ground: [number | undefined, number | undefined];
  top: [number | undefined, number | undefined];
  invert: [number | undefined, number | undefined];
  burial: string;
  year: number;
  owner: string;
}

export interface PointCand {
  ref: SourceRef;
  srcId: string;
  position: LonLat;
  z: number | undefined;
  /** undefined when the point says nothing about its network (it takes its pipes') */
  cat: CategoryHit | undefined;
  type: NodeType;
  ground: number | undefined;
  depth: number | undefined;
  year: number;
  owner: string;
}

export interface LayerCrs {
  crs: CrsDef;
  swapped: boolean;
  source: NonNullable<InputSummary['crs']>['source'];
}

function samplePositions(layer: RawLayer, max = 2000): number[][] {
  const out: number[][] = [];
  for (const f of layer.features) {
    for (const part of f.parts) {
      for (const p of part) {
        if (Number.isFinite(p[0]) && Number.isFinite(p[1])) out.push(p);
        if (out.length >= max) return out;
      }
    }
  }
  return out;
}

/** The CRS of a layer and whether its axes are swapped; guesses and legacy datums are report lines. */
export function resolveLayerCrs(layer: RawLayer, option: CrsDef | undefined, regionCentre: LonLat, issues: Issues): LayerCrs | undefined {
  const pts = samplePositions(layer);
  if (pts.length === 0) return undefined;
  const at: SourceRef = { file: layer.file, row: 0 };
  let crs: CrsDef | undefined = option;
  let source: LayerCrs['source'] = 'option';
  if (!crs && layer.crsText) {
    crs = crsFromText(layer.crsText.text);
    source = layer.crsText.source;
    if (!crs) {
      const what = layer.crsText.source === 'prj' ? '.prj' : 'crs member';
      throw new ImportError(`${layer.file}: the ${what} names a coordinate system proj4 cannot read (${layer.crsText.text.slice(0, 80)}); pass --crs EPSG:…`);
    }
  }
  if (!crs && layer.rfc7946) {
    const g = guessCoordinates(pts);
    if (g.kind === 'lonlat') {
      crs = crsDef(4326)!;
      source = 'rfc7946';
    }
  }
  let swapped = false;
  if (!crs) {
    const g = guessCoordinates(pts, regionCentre);
    if (g.kind === 'unknown') {
      throw new ImportError(`${layer.file}: cannot tell the coordinate system from the values (first position ${pts[0].join(', ')}); pass --crs EPSG:…`);
    }
    source = 'guess';
    if (g.kind === 'lonlat' || g.kind === 'latlon') {
      crs = crsDef(4490)!;
      swapped = g.kind === 'latlon';
    } else {
      crs = g.candidates[0];
      swapped = g.swapped;
    }
    const others = g.kind === 'projected' && g.candidates.length > 1 ? ` (next: ${g.candidates.slice(1, 3).map((c) => c.code).join(', ')})` : '';
    issues.add('crs-guessed', layer.file, at, `${crs.code} ${crs.name}${others}`);
  } else if (crs.gk) {
    swapped = isSwappedForCrs(pts, crs);
  } else if (crs.kind === 'geographic') {
    swapped = pts.every((p) => Math.abs(p[0]) <= 90 && Math.abs(p[1]) <= 180) && !pts.every((p) => Math.abs(p[1]) <= 90);
  }
  if (swapped) issues.add('swapped-axes', layer.file, at, `first position stored as ${pts[0].slice(0, 2).join(', ')}: read as northing/latitude first`);
  if (crs.legacyDatum) issues.add('crs-no-datum-shift', layer.file, at, `${crs.name}: read as if it were CGCS2000`);
  return { crs, swapped, source };
}

export interface FeatureOptions {
  mapping: MappingFile;
  crs: LayerCrs;
}

function toLL(crs: LayerCrs, p: number[]): LonLat {
  const xy: [number, number] = crs.swapped ? [p[1], p[0]] : [p[0], p[1]];
  const [lon, lat] = toLonLat(crs.crs, xy);
  return [Math.round(lon * 1e9) / 1e9, Math.round(lat * 1e9) / 1e9];
}

function zOf(p: number[] | undefined): number | undefined {
  const z = p?.[2];
  // "no data" is < -1e38 by the Shapefile spec; survey software writes 0 when it has no Z (no Chongqing pipe lies at
  // height 0), so 0 counts as none too
  return z !== undefined && Number.isFinite(z) && z > -1e38 && z !== 0 ? z : undefined;
}

interface Resolved {
  hit: CategoryHit | undefined;
  /** a category or code cell that says something this tool does not know */
  unknown?: string;
}

function resolveCategory(props: Record<string, unknown>, c: Columns, mapping: MappingFile, ids: string[], layerName: string): Resolved {
  const extra = mapping.values?.category;
  if (mapping.category) return { hit: lookupCategory(mapping.category, extra) };
  const raw = [c.col.category, c.col.code].map((k) => (k ? cellText(props[k]) : '')).filter(Boolean);
  for (const r of raw) {
    const hit = lookupCategory(r, extra);
    if (hit) return { hit };
  }
  const unknown = raw[0];
  for (const id of ids) {
    const hit = categoryFromIdPrefix(id);
    if (hit) return { hit, unknown };
  }
  return { hit: categoryFromLayerName(layerName), unknown };
}

/**
 * The full category of a feature: an unknown category cell is reported (and the id prefix or layer name used when
 * they name one, else QT/BM); a category without sub-type takes its usual sub-type (presets DEFAULT_SUB), reported.
 */
function finishCategory(r: Resolved, id: string, ref: SourceRef, issues: Issues): { cat: CategoryCode; sub: string } {
  if (!r.hit) {
    issues.add('unknown-category', id, ref, `${r.unknown ? `'${r.unknown}'` : 'no category column, code or id prefix'} → QT/BM`);
    return { cat: 'QT', sub: 'BM' };
  }
  const sub = r.hit.sub ?? DEFAULT_SUB[r.hit.cat];
  if (r.unknown) issues.add('unknown-category', id, ref, `'${r.unknown}' → ${r.hit.cat}/${sub} from the id or layer name`);
  if (!r.hit.sub) issues.add('sub-defaulted', id, ref, `${r.hit.cat} → ${sub}`);
  return { cat: r.hit.cat, sub };
}

/** Line candidates of a layer (one per part of a multi-part line). */
export function lineCandidates(layer: RawLayer, opts: FeatureOptions, issues: Issues): LineCand[] {
  const c = resolveColumns(layer.fields, opts.mapping);
  const extra = opts.mapping.values;
  const out: LineCand[] = [];
  for (const f of layer.features) {
    if (f.kind !== 'line') continue;
    const get = (k: keyof Columns['col']): unknown => (c.col[k] ? f.props[c.col[k]!] : undefined);
    const srcId = cellText(get('id'));
    const fromTo: [string, string] = [cellText(get('from')), cellText(get('to'))];
    const ends = fromTo[0] || fromTo[1] ? fromTo : undefined;
    const label = srcId || (ends ? `${ends[0]}-${ends[1]}` : `${layer.file}#${f.ref.row}`);
    const parts = f.parts.filter((p) => p.length >= 2 && p.every((q) => Number.isFinite(q[0]) && Number.isFinite(q[1])));
    if (parts.length === 0) {
      issues.add('bad-geometry', label, f.ref, 'no part with two numeric positions');
      continue;
    }
    if (parts.length > 1) issues.add('multipart-split', label, f.ref, `${parts.length} parts → ${parts.length} segments`);
    const cat = finishCategory(resolveCategory(f.props, c, opts.mapping, [srcId, ...(ends ?? [])].filter(Boolean), layer.layerName), label, f.ref, issues);
    const materialText = cellText(get('material'));
    const material = lookupMaterial(materialText, extra?.material);
    if (materialText && !material) issues.add('unknown-material', label, f.ref, `'${materialText}'`);
    const burialText = cellText(get('burial'));
    const burial = lookupBurial(burialText, extra?.burial);
    if (burialText && !burial) issues.add('unknown-burial', label, f.ref, `'${burialText}'`);
    const sizeText = cellText(get('size'));
    const len = (k: keyof Columns['col'], u: 'depth' | 'ground'): number | undefined => parseLength(get(k), c[u]);
    parts.forEach((part, i) => {
      out.push({
        ref: f.ref,
        srcId: parts.length > 1 ? `${srcId || label}-${i + 1}` : srcId,
        coords: part.map((p) => toLL(opts.crs, p)),
        z: [zOf(part[0]), zOf(part[part.length - 1])],
        ends: parts.length === 1 ? ends : undefined,
        drawn: layer.format !== 'survey-lines',
        cat: cat.cat,
        sub: cat.sub,
        material: material ?? materialText,
        size: parseSize(get('size'), c.size),
        sizeText,
        depth: [len('depth0', 'depth'), len('depth1', 'depth')],
        ground: [len('ground0', 'ground'), len('ground1', 'ground')],
        top: [len('top0', 'ground'), len('top1', 'ground')],
        invert: [len('invert0', 'ground'), len('invert1', 'ground')],
        burial: burial ?? burialText,
        year: parseYear(get('year')),
        owner: cellText(get('owner')),
      });
    });
  }
  return out;
}

/** Point candidates of a layer. */
export function pointCandidates(layer: RawLayer, opts: FeatureOptions, issues: Issues): PointCand[] {
  const c = resolveColumns(layer.fields, opts.mapping);
  const out: PointCand[] = [];
  for (const f of layer.features) {
    if (f.kind !== 'point') continue;
    const get = (k: keyof Columns['col']): unknown => (c.col[k] ? f.props[c.col[k]!] : undefined);
    const srcId = cellText(get('id'));
    const label = srcId || `${layer.file}#${f.ref.row}`;
    const positions = f.parts.map((part) => part[0]).filter((p) => p && Number.isFinite(p[0]) && Number.isFinite(p[1]));
    if (positions.length === 0) {
      issues.add('bad-geometry', label, f.ref, 'no numeric position');
      continue;
    }
    if (positions.length > 1) issues.add('multipart-split', label, f.ref, `${positions.length} points → ${positions.length} nodes`);
    const r = resolveCategory(f.props, c, opts.mapping, srcId ? [srcId] : [], layer.layerName);
    if (r.unknown) issues.add('unknown-category', label, f.ref, `'${r.unknown}'${r.hit ? ` → ${r.hit.cat} from the id or layer name` : ': taken from its pipes'}`);
    const appurtenance = cellText(get('appurtenance'));
    const feature = cellText(get('feature'));
    let type = lookupNodeType(appurtenance, feature, opts.mapping.values?.nodeType);
    if (!type) {
      if (appurtenance || feature) issues.add('unknown-node-type', label, f.ref, `'${[appurtenance, feature].filter(Boolean).join("', '")}'`);
      type = 'junction';
    }
    const nodeType: NodeType = type;
    positions.forEach((p, i) => {
      out.push({
        ref: f.ref,
        srcId: positions.length > 1 ? `${srcId || label}-${i + 1}` : srcId,
        position: toLL(opts.crs, p),
        z: zOf(p),
        cat: r.hit,
        type: nodeType,
        ground: parseLength(get('ground'), c.ground),
        depth: parseLength(get('depth'), c.depth),
        year: parseYear(get('year')),
        owner: cellText(get('owner')),
      });
    });
  }
  return out;
}

/** What the summary says about a layer's columns. */
export function mappedColumns(layer: RawLayer, mapping: MappingFile): Record<string, string> {
  const c = resolveColumns(layer.fields, mapping);
  return Object.fromEntries(Object.entries(c.col).filter((e): e is [string, string] => e[1] !== undefined));
}
