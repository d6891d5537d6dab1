/**
 * The clearance check's input in the browser: the query copy (tiles/pipes/query.bin, the same file and decoder as the
 * area query) as PipeColumns, and "the pipes in an area" as the command line picks them. Pure.
 *
 * The query copy carries geometry, category, sub-type, size, burial and pipe-top depths, but not the topology, the gas
 * pressure class or the surface above: pipes sharing an end point (same coordinates) are taken as connected (the
 * generator and the importer place a node's pipes on its exact position); gas is checked as low/medium pressure; the
 * surface is unknown, so cover is checked against the carriageway row (the stricter, as check.ts does for records
 * without `underCarriageway`). The command line reads the full records; on data where these fields matter the two
 * answers can differ (docs/drawings.md).
 */
import { parseArea, type Area } from '../area';
import { OUTSIDE, PreparedArea } from '../preparedArea';
import { segmentCategory, segmentCoords, segmentId, type QueryCopy } from '../queryCopy';
import { coverRow, DEFAULT_COVER, type CoverTable } from '../../domain/cover';
import { PipeColumnsBuilder, type CheckPipe, type PipeColumns } from './check';
import type { CheckResult, CheckViolation } from './types';

/** The query copy as the check's columns (row i = segment i of the copy). */
export function columnsFromQueryCopy(copy: QueryCopy): PipeColumns {
  const b = new PipeColumnsBuilder();
  const { tables } = copy;
  for (let i = 0; i < copy.count; i++) {
    const coords = segmentCoords(copy, i);
    const first = coords[0];
    const last = coords[coords.length - 1];
    const dn = copy.dn[i];
    const box = copy.boxW[i] > 0 ? { w: copy.boxW[i], h: copy.boxH[i] } : null;
    b.add({
      id: segmentId(copy, i),
      cat: segmentCategory(copy, i),
      sub: tables.sub[copy.sub[i]] ?? '',
      // end points as node ids: pipes meeting at a node share its position exactly
      from: `${first[0]},${first[1]}`,
      to: `${last[0]},${last[1]}`,
      coords,
      dn: dn > 0 ? dn : null,
      box,
      depth0: copy.depth0[i],
      depth1: copy.depth1[i],
      burial: (tables.burial[copy.burial[i]] ?? '') as CheckPipe['burial'],
      crossing: null,
      pressureClass: null,
    });
  }
  return b.build();
}

/** The gid of each segment of the copy, by id (for the highlight of the pipes of the violations). */
export function gidsOf(copy: QueryCopy, ids: Iterable<string>): Record<string, number> {
  const want = new Set(ids);
  const out: Record<string, number> = {};
  if (want.size === 0) return out;
  for (let i = 0; i < copy.count && Object.keys(out).length < want.size; i++) {
    const id = segmentId(copy, i);
    if (want.has(id)) out[id] = copy.gid[i];
  }
  return out;
}

/**
 * Pipes of `cols` in an area: a vertex or the middle of a piece inside it (the command line's rule, tools/check/cli.ts).
 * `input` is what the area query takes (a GeoJSON object or its text); throws AreaError.
 */
export function withinArea(cols: PipeColumns, input: unknown, crs?: string): (i: number) => boolean {
  const area: Area = parseArea(input, crs ? { crs } : {});
  const prepared = new PreparedArea(area.polygons);
  const [w, s, e, n] = area.bbox;
  const inside = (x: number, y: number): boolean => x >= w && x <= e && y >= s && y <= n && prepared.locate(x, y) !== OUTSIDE;
  return (i) => {
    for (let v = cols.start[i]; v < cols.start[i + 1]; v++) {
      const x = cols.lonlat[2 * v];
      const y = cols.lonlat[2 * v + 1];
      if (inside(x, y)) return true;
      if (v + 1 < cols.start[i + 1] && inside((x + cols.lonlat[2 * v + 2]) / 2, (y + cols.lonlat[2 * v + 3]) / 2)) return true;
    }
    return false;
  };
}

/** What the page knows of a pipe's surface from its record (the asset catalog); null: no record. */
export type SurfaceOf = (id: string) => { sub: string; underCarriageway?: boolean } | null;

/**
 * The cover violations judged again with the surface each pipe's record gives (the query copy has none, so the Worker
 * used the carriageway row): a pipe under a sidewalk with cover between the two rows is no violation. Violations of
 * pipes without a record or without a surface stay as they are. The same cover rule as check.ts, so with every record
 * known the cover violations are those of the check on the records.
 */
export function withSurface(r: CheckResult, surfaceOf: SurfaceOf, table: CoverTable = DEFAULT_COVER): CheckResult {
  const violations: CheckViolation[] = [];
  for (const v of r.violations) {
    if (v.kind !== 'cover') {
      violations.push(v);
      continue;
    }
    const rec = surfaceOf(v.a);
    if (!rec || rec.underCarriageway === undefined) {
      violations.push(v);
      continue;
    }
    const row = coverRow(v.catA, rec.sub, table);
    const min = rec.underCarriageway ? row.carriageway : row.sidewalk;
    if (v.value < min - 1e-6) violations.push({ ...v, min, sure: row.sure, source: `GB 50289-2016 minimum cover, ${rec.underCarriageway ? 'carriageway' : 'sidewalk'}` });
  }
  const counts = { horizontal: 0, vertical: 0, cover: 0 };
  for (const v of violations) counts[v.kind]++;
  return { ...r, violations, counts };
}
