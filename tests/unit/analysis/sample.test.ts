/**
 * The engine on generated data (tools/generate, the same generator as data/sample, small and seeded): for areas drawn
 * over the network — a square, a star around the centre, a multipolygon with a hole, a street's corridor — the
 * indexed query returns exactly what a naive Turf scan over all segments returns, and the CLI prints the same.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as turf from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseArea } from '../../../src/analysis/area';
import { queryArea } from '../../../src/analysis/query';
import type { QueryCopy } from '../../../src/analysis/queryCopy';
import type { DatasetMeta, PipeSegment } from '../../../src/domain/schema';
import { generateDataset } from '../../../tools/generate/index';
import { buildFromNdjson } from '../../../tools/query/network';
import { engineAnswer, turfAnswer } from './query-reference';

const dir = mkdtempSync(join(tmpdir(), 'query-sample-'));
let meta: DatasetMeta;
let copy: QueryCopy;
let segments: PipeSegment[];

beforeAll(async () => {
  meta = await generateDataset({ segments: 3000, seed: 7, outDir: dir });
  copy = await buildFromNdjson(join(dir, 'segments.ndjson'));
  segments = readFileSync(join(dir, 'segments.ndjson'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as PipeSegment);
}, 120_000);

function areas(): [string, Polygon | MultiPolygon][] {
  const [w, s, e, n] = meta.bbox;
  const cx = (w + e) / 2;
  const cy = (s + n) / 2;
  const dx = (e - w) / 6;
  const dy = (n - s) / 6;
  const square: Polygon = { type: 'Polygon', coordinates: [[[cx - dx, cy - dy], [cx + dx, cy - dy], [cx + dx, cy + dy], [cx - dx, cy + dy], [cx - dx, cy - dy]]] };
  const star: Polygon = { type: 'Polygon', coordinates: [Array.from({ length: 41 }, (_, k) => {
    const a = ((k % 40) / 40) * 2 * Math.PI;
    const r = k % 2 ? 1 : 0.55;
    return [cx + 2 * dx * r * Math.cos(a), cy + 2 * dy * r * Math.sin(a)];
  })] };
  const multi: MultiPolygon = { type: 'MultiPolygon', coordinates: [
    [[[w + dx / 2, s + dy / 2], [cx - dx / 2, s + dy / 2], [cx - dx / 2, cy], [w + dx / 2, cy], [w + dx / 2, s + dy / 2]],
     [[w + dx, s + dy], [w + dx, s + 2 * dy], [w + 2 * dx, s + 2 * dy], [w + 2 * dx, s + dy], [w + dx, s + dy]]],
    [[[cx + dx / 2, cy], [e - dx / 2, cy], [e - dx / 2, n - dy / 2], [cx + dx / 2, n - dy / 2], [cx + dx / 2, cy]]],
  ] };
  // A 30 m corridor along a generated street: pipes run along streets, so many lie near its edges.
  const streets = JSON.parse(readFileSync(join(dir, 'streets.geojson'), 'utf8')) as { features: { geometry: { type: string; coordinates: number[][] } }[] };
  const street = streets.features.find((f) => f.geometry.type === 'LineString' && f.geometry.coordinates.length >= 2)!;
  const corridor = turf.buffer(turf.lineString(street.geometry.coordinates), 15, { units: 'meters' })!.geometry as Polygon;
  return [['square', square], ['star', star], ['multipolygon with hole', multi], ['street corridor', corridor]];
}

describe('area query on generated sample data', () => {
  it('the generator made a real network', () => {
    expect(copy.count).toBe(meta.segmentCount);
    expect(copy.count).toBeGreaterThan(2000);
  });

  it('indexed query = naive Turf scan over all segments, for intersects and within', () => {
    let total = 0;
    for (const [name, geom] of areas()) {
      const got = engineAnswer(copy, geom);
      expect(got, name).toEqual(turfAnswer(segments, geom));
      total += got.intersects.length;
    }
    expect(total).toBeGreaterThan(100);
  });

  it('inside lengths of the star agree with Turf line splitting to 0.5 %', () => {
    const [, star] = areas()[1];
    const r = queryArea(copy, parseArea(star));
    let mine = 0;
    let theirs = 0;
    for (const it of r.items) {
      mine += it.lengthInside;
      const s = segments[it.gid];
      const pieces = turf.lineSplit(turf.lineString(s.coords), turf.polygon((star as Polygon).coordinates));
      const parts = pieces.features.length ? pieces.features : [turf.lineString(s.coords)];
      for (const p of parts) {
        const c = p.geometry.coordinates;
        const mid = turf.along(p, turf.length(p) / 2);
        if (c.length >= 2 && turf.booleanPointInPolygon(mid, star)) theirs += turf.length(p, { units: 'meters' });
      }
    }
    expect(mine).toBeGreaterThan(1000);
    expect(Math.abs(mine - theirs) / theirs).toBeLessThan(0.005);
  });
});
