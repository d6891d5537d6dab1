/**
 * GeoJSON reader: RFC 7946 (lon/lat, no `crs` member) and the legacy 2008 `crs` member
 * (`{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4545"}}` or `{"type":"EPSG","properties":{"code":4545}}`).
 * A FeatureCollection, a single Feature or a bare geometry.
 */
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { Feature, Geometry } from 'geojson';
import { decodeText } from './encoding';
import { ImportError } from './errors';
import type { RawLayer } from './model';
import { toRaw } from './shapefile';

function crsMember(doc: Record<string, unknown>): string | undefined {
  const crs = doc.crs as { type?: unknown; properties?: Record<string, unknown> } | undefined;
  if (!crs || typeof crs !== 'object') return undefined;
  const p = crs.properties ?? {};
  if (typeof p.name === 'string') return p.name;
  if (typeof p.code === 'number' || typeof p.code === 'string') return `EPSG:${p.code}`;
  return undefined;
}

export function readGeojsonInput(path: string, encodingOption: string | undefined): RawLayer {
  const file = basename(path);
  const { text, encoding } = decodeText(readFileSync(path), encodingOption);
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new ImportError(`${file}: not JSON`);
  }
  let features: Feature[];
  if (doc?.type === 'FeatureCollection' && Array.isArray(doc.features)) features = doc.features as Feature[];
  else if (doc?.type === 'Feature') features = [doc as unknown as Feature];
  else if (typeof doc?.type === 'string' && 'coordinates' in doc) features = [{ type: 'Feature', geometry: doc as unknown as Geometry, properties: {} }];
  else throw new ImportError(`${file}: not a GeoJSON FeatureCollection, Feature or geometry`);
  const crs = crsMember(doc);
  const layer: RawLayer = {
    file,
    format: 'geojson',
    layerName: basename(file, extname(file)),
    encoding,
    crsText: crs ? { text: crs, source: 'crs-member' } : undefined,
    rfc7946: !crs,
    fields: [],
    features: [],
    rejected: [],
    hasZ: false,
  };
  const fields = new Set<string>();
  features.forEach((f, i) => {
    const ref = { file, row: i + 1 };
    const props = (f?.properties ?? {}) as Record<string, unknown>;
    for (const k of Object.keys(props)) fields.add(k);
    const id = f?.id !== undefined ? String(f.id) : `#${i + 1}`;
    const g = f?.geometry;
    if (!g || !Array.isArray((g as { coordinates?: unknown }).coordinates)) {
      layer.rejected.push({ ref, id, rule: 'bad-geometry', detail: g ? `${g.type} without coordinates` : 'null geometry' });
      return;
    }
    const raw = toRaw(g, ref, f.id !== undefined && props.id === undefined ? { id: f.id, ...props } : props);
    if (raw === 'unsupported') layer.rejected.push({ ref, id, rule: 'unsupported-geometry', detail: g.type });
    else {
      if (raw.parts.some((p) => p.some((q) => q.length > 2))) layer.hasZ = true;
      layer.features.push(raw);
    }
  });
  layer.fields = [...fields];
  return layer;
}
