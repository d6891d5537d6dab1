/**
 * What the readers hand to the importer: features in the source's own coordinates and attribute names, with where
 * they came from. Readers know file formats only; mapping, CRS and topology come after.
 */
import type { DetectedEncoding } from './encoding';
import type { InputSummary, SourceRef } from './report';

/** A position as stored: [x, y] or [x, y, z]. */
export type RawPosition = number[];

export interface RawFeature {
  ref: SourceRef;
  kind: 'line' | 'point';
  /** line: one array of positions per part; point: one part per point (a MultiPoint has several), one position each */
  parts: RawPosition[][];
  props: Record<string, unknown>;
}

export interface RawLayer {
  file: string;
  format: InputSummary['format'];
  /** file name without extension: CJJ 61 codes in layer names (e.g. "WS_LINE") hint at the category */
  layerName: string;
  encoding?: DetectedEncoding;
  /** a declared CRS: `.prj` WKT or the GeoJSON `crs` member; `rfc7946`: a GeoJSON file without one (lon/lat) */
  crsText?: { text: string; source: 'prj' | 'crs-member' };
  rfc7946?: boolean;
  fields: string[];
  features: RawFeature[];
  /** features dropped while reading (bad or unsupported geometry), with why */
  rejected: Array<{ ref: SourceRef; id: string; rule: 'bad-geometry' | 'deleted-record' | 'unsupported-geometry' | 'missing-point' | 'duplicate-point-id'; detail: string }>;
  hasZ: boolean;
}
