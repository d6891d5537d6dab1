/**
 * Boundary cases (tests/fixtures/query/<case>): GeoJSON in → expected ids, relations, lengths out. The engine runs on
 * the serialised query copy (encode → decode), as the Worker does.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as turf from '@turf/turf';
import type { Feature, LineString, MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { parseArea, areaGeometry } from '../../../src/analysis/area';
import { queryArea, type QueryOptions } from '../../../src/analysis/query';
import { buildQueryCopy, decodeQueryCopy, encodeQueryCopy } from '../../../src/analysis/queryCopy';
import { segmentsFromGeoJson } from '../../../tools/query/network';

interface Expect {
  relation?: string;
  lengthInsideRatio?: number;
  depthMin?: number;
  depthMax?: number;
}
interface Expected {
  description: string;
  queries: { options: QueryOptions; expect: Record<string, Expect> }[];
  /** "<id> intersects" / "<id> within" → why Turf answers otherwise (the engine follows the documented semantics) */
  turfDisagrees?: Record<string, string>;
}

const root = join(__dirname, '../../fixtures/query');
const cases = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

describe('area query fixtures', () => {
  it('has the boundary cases the issue asks for', () => {
    expect(cases).toEqual(expect.arrayContaining(['touch-vertex', 'along-edge', 'holes', 'multipolygon', 'crossing', 'concave-notch', 'depth-filter', 'hole-touching-shell', 'parts-touching-corner']));
  });

  for (const name of cases) {
    describe(name, () => {
      const dir = join(root, name);
      const area = parseArea(readFileSync(join(dir, 'area.geojson'), 'utf8'));
      const segments = segmentsFromGeoJson(readFileSync(join(dir, 'network.geojson'), 'utf8'));
      const copy = decodeQueryCopy(encodeQueryCopy(buildQueryCopy(segments)));
      const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected;

      expected.queries.forEach((q, qi) => {
        it(`query ${qi} ${JSON.stringify(q.options)}`, () => {
          const r = queryArea(copy, area, q.options);
          expect(r.items.map((i) => i.id).sort()).toEqual(Object.keys(q.expect).sort());
          for (const it of r.items) {
            const e = q.expect[it.id];
            if (e.relation) expect(it.relation, it.id).toBe(e.relation);
            if (e.lengthInsideRatio !== undefined) expect(Math.abs(it.lengthInside / it.length - e.lengthInsideRatio), it.id).toBeLessThan(0.001);
            if (e.depthMin !== undefined) expect(it.depthMin, it.id).toBeCloseTo(e.depthMin, 3);
            if (e.depthMax !== undefined) expect(it.depthMax, it.id).toBeCloseTo(e.depthMax, 3);
            expect(it.lengthInside).toBeLessThanOrEqual(it.length);
          }
          expect(r.totals.count).toBe(r.items.length);
          expect(r.totals.lengthInside).toBeCloseTo(r.items.reduce((s, i) => s + i.lengthInside, 0), 1);
        });
      });

      it('agrees with Turf (booleanIntersects / booleanWithin) on every segment', () => {
        const geom = areaGeometry(area) as Polygon | MultiPolygon;
        const inter = new Set(queryArea(copy, area).items.map((i) => i.id));
        const within = new Set(queryArea(copy, area, { mode: 'within' }).items.map((i) => i.id));
        const differs = expected.turfDisagrees ?? {};
        for (const s of segments) {
          const line: Feature<LineString> = turf.lineString(s.coords);
          const turfIntersects = turf.booleanIntersects(line, geom);
          const turfWithin = turf.booleanWithin(line, geom);
          // a listed disagreement must still be one (else the note is stale)
          expect(inter.has(s.id), `${s.id} intersects`).toBe(`${s.id} intersects` in differs ? !turfIntersects : turfIntersects);
          expect(within.has(s.id), `${s.id} within`).toBe(`${s.id} within` in differs ? !turfWithin : turfWithin);
        }
      });
    });
  }
});
