import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as turf from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { parseArea } from '../../../src/analysis/area';
import { fromLonLat, crsDef } from '../../../src/analysis/crs';
import { AreaError, type AreaErrorCode } from '../../../src/analysis/errors';

const sq = (x0: number, y0: number, s: number): number[][] => [[x0, y0], [x0 + s, y0], [x0 + s, y0 + s], [x0, y0 + s], [x0, y0]];
const poly = (...rings: number[][][]) => ({ type: 'Polygon', coordinates: rings });

function code(input: unknown, opts = {}): AreaErrorCode | 'ok' {
  try {
    parseArea(input, opts);
    return 'ok';
  } catch (e) {
    if (e instanceof AreaError) {
      // every error carries a one-line English and Chinese reason
      expect(e.message).not.toMatch(/\n/);
      expect(e.messageZh).not.toMatch(/\n/);
      expect(e.messageZh.length).toBeGreaterThan(3);
      return e.code;
    }
    throw e;
  }
}

interface ValidationCase {
  name: string;
  area: unknown;
  crs?: string;
  code: AreaErrorCode | 'ok';
  messageContains?: string;
}
const validation = JSON.parse(readFileSync(join(__dirname, '../../fixtures/query/validation.json'), 'utf8')) as { cases: ValidationCase[] };

describe('area validation fixtures (tests/fixtures/query/validation.json)', () => {
  for (const c of validation.cases) {
    it(`${c.name}: ${c.code}`, () => {
      expect(code(c.area, { crs: c.crs })).toBe(c.code);
      if (c.messageContains) {
        try {
          parseArea(c.area, { crs: c.crs });
        } catch (e) {
          expect((e as AreaError).message).toContain(c.messageContains);
        }
      }
    });
  }
});

describe('area validation', () => {
  it('accepts a Polygon, a Feature, a MultiPolygon and a FeatureCollection of polygons', () => {
    const p = poly(sq(106.5, 29.5, 0.01));
    expect(code(p)).toBe('ok');
    expect(code({ type: 'Feature', properties: { name: 'x' }, geometry: p })).toBe('ok');
    expect(code(JSON.stringify(p))).toBe('ok');
    expect(code({ type: 'MultiPolygon', coordinates: [[sq(106.5, 29.5, 0.01)], [sq(106.52, 29.5, 0.01)]] })).toBe('ok');
    const a = parseArea({ type: 'FeatureCollection', features: [
      { type: 'Feature', properties: {}, geometry: poly(sq(106.5, 29.5, 0.01)) },
      { type: 'Feature', properties: {}, geometry: poly(sq(106.52, 29.5, 0.01)) },
    ] });
    expect(a.polygons).toHaveLength(2);
  });

  it('normalises: drops repeated vertices, measures the area', () => {
    const a = parseArea(poly([[106.5, 29.5], [106.51, 29.5], [106.51, 29.5], [106.51, 29.51], [106.5, 29.51], [106.5, 29.5]]));
    expect(a.vertexCount).toBe(4);
    expect(a.polygons[0][0]).toHaveLength(5);
    const turfArea = turf.area(turf.polygon(a.polygons[0]));
    expect(Math.abs(a.areaM2 - turfArea) / turfArea).toBeLessThan(0.005);
    expect(a.sourceCrs).toBe('EPSG:4326');
  });

  it('rejects what is not JSON, not GeoJSON, or not a polygon', () => {
    expect(code('{"type": "Polygon", ')).toBe('not-json');
    expect(code(42)).toBe('not-geojson');
    expect(code({ hello: 1 })).toBe('not-geojson');
    expect(code({ type: 'Circle' })).toBe('not-geojson');
    expect(code({ type: 'LineString', coordinates: [[106.5, 29.5], [106.6, 29.6]] })).toBe('not-polygon');
    expect(code({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [106.5, 29.5] } })).toBe('not-polygon');
    expect(code({ type: 'Feature', properties: {}, geometry: null })).toBe('not-polygon');
    expect(code({ type: 'FeatureCollection', features: [] })).toBe('empty');
    expect(code({ type: 'Polygon', coordinates: [] })).toBe('empty');
  });

  it('rejects bad numbers', () => {
    expect(code(poly([[106.5, 29.5], [106.6, 'x' as unknown as number], [106.6, 29.6], [106.5, 29.5]]))).toBe('bad-coordinates');
    expect(code(poly([[106.5, 29.5], [106.6], [106.6, 29.6], [106.5, 29.5]]))).toBe('bad-coordinates');
    expect(code(JSON.stringify(poly([[106.5, 29.5], [106.6, 1e999], [106.6, 29.6], [106.5, 29.5]])))).toBe('bad-coordinates');
  });

  it('rejects too few vertices, unclosed rings and zero area', () => {
    expect(code(poly([[106.5, 29.5], [106.6, 29.5], [106.5, 29.5]]))).toBe('too-few-vertices');
    expect(code(poly([[106.5, 29.5], [106.6, 29.5], [106.6, 29.5], [106.5, 29.5]]))).toBe('too-few-vertices');
    expect(code(poly([[106.5, 29.5], [106.6, 29.5], [106.6, 29.6], [106.5, 29.6]]))).toBe('ring-not-closed');
    // exactly collinear in binary (dyadic steps) …
    expect(code(poly([[106.5, 29.5], [106.5 + 1 / 64, 29.5 + 1 / 64], [106.5 + 2 / 64, 29.5 + 2 / 64], [106.5, 29.5]]))).toBe('degenerate');
    // … and collinear in decimal, which in binary is a sliver of a few square nanometres
    expect(code(poly([[106.5, 29.5], [106.6, 29.6], [106.7, 29.7], [106.5, 29.5]]))).toBe('degenerate');
    expect(code(poly([[106.5, 29.5], [106.50002, 29.5], [106.50002, 29.50002], [106.5, 29.5]]))).toBe('ok'); // ≈ 0.5 × 1.9 m × 2.2 m
    expect(code(poly(sq(106.5, 29.5, 0.01)), { maxVertices: 3 })).toBe('too-many-vertices');
  });

  it('rejects self-intersections, including the ones turf kinks misses', () => {
    const bowtie = poly([[106.5, 29.5], [106.6, 29.6], [106.6, 29.5], [106.5, 29.6], [106.5, 29.5]]);
    expect(code(bowtie)).toBe('self-intersecting');
    expect(turf.kinks(bowtie as never).features.length).toBeGreaterThan(0);
    // A spike: the ring goes out along an edge and comes back over it. kinks sees nothing.
    const spike = poly([[106.5, 29.5], [106.6, 29.5], [106.7, 29.5], [106.65, 29.5], [106.6, 29.6], [106.5, 29.5]]);
    expect(code(spike)).toBe('self-intersecting');
    // Collinear overlap of two non-adjacent edges, which kinks also misses.
    const overlap = poly([[0, 0], [4, 0], [4, 2], [3, 2], [3, 0.000], [2, 0], [2, 2], [0, 2], [0, 0]].map(([x, y]) => [106.5 + x / 100, 29.5 + y / 100]));
    expect(code(overlap)).toBe('self-intersecting');
    // A vertex touching another edge.
    const touch = poly([[0, 0], [4, 0], [4, 4], [2, 0], [0, 4], [0, 0]].map(([x, y]) => [106.5 + x / 100, 29.5 + y / 100]));
    expect(code(touch)).toBe('self-intersecting');
  });

  it('checks holes and parts', () => {
    const shell = sq(106.5, 29.5, 0.04);
    expect(code(poly(shell, sq(106.51, 29.51, 0.01)))).toBe('ok');
    expect(code(poly(shell, sq(106.6, 29.6, 0.01)))).toBe('hole-outside');
    expect(code(poly(shell, sq(106.51, 29.51, 0.02), sq(106.515, 29.515, 0.005)))).toBe('hole-outside'); // hole in a hole
    expect(code(poly(shell, sq(106.53, 29.51, 0.02)))).toBe('self-intersecting'); // hole crossing the shell
    expect(code({ type: 'MultiPolygon', coordinates: [[shell], [sq(106.51, 29.51, 0.01)]] })).toBe('parts-overlap');
    expect(code({ type: 'MultiPolygon', coordinates: [[shell], [sq(106.53, 29.53, 0.02)]] })).toBe('parts-overlap'); // the documented code
    // An island inside another part's hole is fine.
    expect(code({ type: 'MultiPolygon', coordinates: [[shell, sq(106.51, 29.51, 0.02)], [sq(106.515, 29.515, 0.005)]] })).toBe('ok');
  });

  it('says when coordinates are projected, swapped or out of range', () => {
    const gk = crsDef(4545)!;
    const ring = sq(106.57, 29.56, 0.01).map((p) => fromLonLat(gk, p as [number, number]));
    try {
      parseArea(poly(ring));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AreaError);
      const err = e as AreaError;
      expect(err.code).toBe('projected-coordinates');
      expect(err.message).toContain('EPSG:4545');
    }
    expect(code(poly(sq(29.56, 106.57, 0.01)))).toBe('swapped-axes');
    expect(code(poly(sq(190, 29.5, 0.01)))).toBe('out-of-range');
    expect(code(poly(sq(106.5, 29.5, 0.01)), { crs: 'EPSG:9999' })).toBe('unknown-crs');
  });

  it('reads projected areas when the CRS is declared, and corrects northing-first files', () => {
    const gk = crsDef(4545)!;
    const lonlat = sq(106.57, 29.56, 0.01);
    const ring = lonlat.map((p) => fromLonLat(gk, p as [number, number]));
    const a = parseArea(poly(ring), { crs: 'EPSG:4545' });
    expect(a.sourceCrs).toBe('EPSG:4545');
    expect(a.polygons[0][0][2][0]).toBeCloseTo(106.58, 7);
    expect(a.polygons[0][0][2][1]).toBeCloseTo(29.57, 7);
    const swapped = parseArea(poly(ring.map(([e, n]) => [n, e])), { crs: 'EPSG:4545' });
    expect(swapped.warnings.map((w) => w.code)).toContain('swapped-xy-corrected');
    expect(swapped.polygons[0][0][2][0]).toBeCloseTo(106.58, 7);
    // legacy GeoJSON crs member
    const legacy = parseArea({ type: 'Polygon', crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4545' } }, coordinates: [ring] });
    expect(legacy.sourceCrs).toBe('EPSG:4545');
  });
});
