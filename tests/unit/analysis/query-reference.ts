/**
 * Both sides of "indexed query = naive Turf scan" (analysis-property and analysis-sample tests): the engine's
 * answer and a plain Turf loop over every segment, as segment ids in gid order, for intersects and within.
 */
import * as turf from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import { parseArea } from '../../../src/analysis/area';
import { queryArea } from '../../../src/analysis/query';
import type { QueryCopy } from '../../../src/analysis/queryCopy';
import type { LonLat, PipeSegment } from '../../../src/domain/schema';

export interface QueryAnswer {
  intersects: string[];
  within: string[];
}

/** What the indexed query answers. */
export function engineAnswer(copy: QueryCopy, geom: Polygon | MultiPolygon): QueryAnswer {
  const area = parseArea(geom);
  return {
    intersects: queryArea(copy, area).items.map((i) => i.id),
    within: queryArea(copy, area, { mode: 'within' }).items.map((i) => i.id),
  };
}

/** What Turf answers, testing every segment against the area. */
export function turfAnswer(segments: readonly PipeSegment[], geom: Polygon | MultiPolygon): QueryAnswer {
  const answer: QueryAnswer = { intersects: [], within: [] };
  for (const s of segments) {
    // Turf 7.4 misses every crossing of a line that repeats its first and its last vertex
    // ([[5,5],[5,5],[-1,5],[-1,5]] does not intersect a 0…10 square for it); the engine must handle repeated
    // vertices (surveys have them), the reference gets them removed.
    const line = turf.lineString(dedupe(s.coords));
    if (turf.booleanIntersects(line, geom)) answer.intersects.push(s.id);
    if (turf.booleanWithin(line, geom)) answer.within.push(s.id);
  }
  return answer;
}

function dedupe(coords: LonLat[]): LonLat[] {
  const out = coords.filter((p, k) => k === 0 || p[0] !== coords[k - 1][0] || p[1] !== coords[k - 1][1]);
  return out.length === 1 ? [out[0], out[0]] : out;
}
