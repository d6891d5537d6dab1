/**
 * Riverbank project review (两江四岸): what lies under and around a riverbank project.
 *
 * - **Buffer**: the project polygon buffered by `distanceM` metres in its CGCS2000 3° zone (buffer.ts).
 * - **Pipes**: `under` = segments meeting the project polygon (length inside the project); `near` = segments meeting
 *   the buffer but not the project (length inside the buffer). Both by CJJ 61 category: count, metres, ids, gids.
 *   The area query (query.ts: flatbush prefilter + exact clipping) answers both.
 * - **Outfalls** in the buffer (closed: on its edge counts), each flagged when inside the project itself.
 * - **River sections** on the project's river (its `river` property, else the nearest centreline): chainage along
 *   the centreline (centrelines run upstream → downstream, network/section.ts) of the section line's midpoint against
 *   the span of the project's vertices: `upstream` / `downstream` by the gap in metres along the river, `alongside`
 *   within the span. Target class (GB 3838) from the section, current class from `classOf` when given (null: no
 *   reading), and its status against the target (waterQuality.ts). Sections on other rivers are not listed.
 * - **Drainage through it**: the catchment (network engine, `catchment`) of every outfall in the buffer — the sewers
 *   that drain through the project; null when no network engine is given.
 */
import { booleanPointInPolygon } from '@turf/turf';
import type { FeatureCollection, LineString, MultiPolygon, Point, Polygon } from 'geojson';
import { CATEGORY_CODES } from '../../domain/categories';
import type { StatusCode } from '../../domain/status';
import { wqStatus, type WqClass } from '../../domain/waterQuality';
import type { CategoryCode, LonLat, OutfallProps, ProjectProps, SectionProps } from '../../domain/schema';
import { parseArea } from '../area';
import { chainageOf } from '../network/section';
import type { CatchmentResult } from '../network/types';
import { queryArea, type QueryItem } from '../query';
import type { QueryCopy } from '../queryCopy';
import { bufferPolygon } from './buffer';
import { ReviewInputError } from './excavation';
import { frameFor, meanLon } from './frame';

export interface RiverbankProject {
  id: string;
  name: string;
  nameEn: string;
  river?: ProjectProps['river'];
  /** [outer, ...holes], lon/lat */
  polygon: LonLat[][];
}

export interface RiverbankData {
  copy: QueryCopy;
  outfalls?: FeatureCollection<Point, OutfallProps>;
  sections?: FeatureCollection<LineString, SectionProps>;
  /** river centrelines, upstream → downstream */
  centrelines?: readonly { river: string; coords: LonLat[] }[];
  /** current GB 3838 class of a section (null: none) */
  classOf?: (sectionId: string) => WqClass | null;
  /** the network engine's catchment (throws for an unknown outfall) */
  catchment?: (outfallId: string) => CatchmentResult;
}

export interface CategoryGroup {
  cat: CategoryCode;
  count: number;
  /** metres inside the project (under) or the buffer (near) */
  lengthM: number;
  ids: string[];
  gids: number[];
}

export interface ReviewOutfall {
  id: string;
  gid: number;
  sub: string;
  river: string;
  dn: number;
  position: LonLat;
  inProject: boolean;
}

export interface ReviewSection {
  id: string;
  name: string;
  nameEn: string;
  river: string;
  position: 'upstream' | 'downstream' | 'alongside';
  /** metres along the river from the project's span (0 alongside) */
  distanceM: number;
  targetClass: number;
  currentClass: WqClass | null;
  status: StatusCode;
}

export interface ReviewCatchment {
  outfall: string;
  pipes: number;
  lengthM: number;
  areaKm2: number;
  pipeGids: number[];
}

export interface RiverbankResult {
  kind: 'riverbank';
  project: { id: string; name: string; nameEn: string; river: string | null; areaM2: number };
  distanceM: number;
  buffer: { geometry: Polygon | MultiPolygon; crs: string; areaM2: number };
  pipes: { under: CategoryGroup[]; near: CategoryGroup[]; counts: { under: number; near: number }; lengthM: { under: number; near: number } };
  outfalls: ReviewOutfall[];
  sections: ReviewSection[];
  drainage: { catchments: ReviewCatchment[]; pipes: number; lengthM: number } | null;
}

const r1 = (x: number): number => Math.round(x * 10) / 10;

function groupByCategory(items: readonly QueryItem[]): CategoryGroup[] {
  const by = new Map<CategoryCode, CategoryGroup>();
  for (const it of items) {
    let g = by.get(it.cat);
    if (!g) by.set(it.cat, (g = { cat: it.cat, count: 0, lengthM: 0, ids: [], gids: [] }));
    g.count++;
    g.lengthM += it.lengthInside;
    g.ids.push(it.id);
    g.gids.push(it.gid);
  }
  return CATEGORY_CODES.filter((c) => by.has(c)).map((c) => {
    const g = by.get(c)!;
    return { ...g, lengthM: r1(g.lengthM) };
  });
}

const sum = (gs: readonly CategoryGroup[], f: (g: CategoryGroup) => number): number => gs.reduce((a, g) => a + f(g), 0);

/** Review a riverbank project. Throws ReviewInputError for a bad distance or polygon. */
export function riverbankReview(project: RiverbankProject, distanceM: number, data: RiverbankData): RiverbankResult {
  if (!(distanceM >= 0) || !Number.isFinite(distanceM) || distanceM > 5000) {
    throw new ReviewInputError('bad-distance', `review distance must be 0 … 5000 m, got ${distanceM}`, `审查距离须在0至5000米之间，实际为${distanceM}。`);
  }
  if (!project.polygon.length || project.polygon[0].length < 3) throw new ReviewInputError('bad-polygon', 'the project needs a polygon', '项目范围须为多边形。');
  const frame = frameFor(meanLon(project.polygon[0]));
  const projectArea = parseArea({ type: 'Polygon', coordinates: project.polygon });
  const buf = bufferPolygon(project.polygon, distanceM, frame);
  const bufferArea = parseArea(buf.geometry);

  const under = queryArea(data.copy, projectArea).items;
  const underGids = new Set(under.map((i) => i.gid));
  const near = queryArea(data.copy, bufferArea).items.filter((i) => !underGids.has(i.gid));
  const underG = groupByCategory(under);
  const nearG = groupByCategory(near);

  const projectPoly: Polygon = { type: 'Polygon', coordinates: project.polygon };
  const outfalls: ReviewOutfall[] = [];
  for (const f of data.outfalls?.features ?? []) {
    const p = f.geometry.coordinates as LonLat;
    if (!booleanPointInPolygon(p, buf.geometry)) continue;
    const pr = f.properties;
    outfalls.push({ id: pr.id, gid: pr.gid, sub: pr.sub, river: pr.river, dn: pr.dn, position: [p[0], p[1]], inProject: booleanPointInPolygon(p, projectPoly) });
  }
  outfalls.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  // the project's river and its span along the centreline
  const lines = data.centrelines ?? [];
  let line = project.river ? lines.find((c) => c.river === project.river) : undefined;
  if (!line && lines.length) {
    let best = Infinity;
    for (const c of lines) {
      const off = chainageOf(c.coords, project.polygon[0][0]).off;
      if (off < best) [best, line] = [off, c];
    }
  }
  const sections: ReviewSection[] = [];
  if (line) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const p of project.polygon[0]) {
      const a = chainageOf(line.coords, p).along;
      lo = Math.min(lo, a);
      hi = Math.max(hi, a);
    }
    for (const f of data.sections?.features ?? []) {
      const s = f.properties;
      if (s.river !== line.river) continue;
      const c = f.geometry.coordinates;
      const mid: LonLat = [(c[0][0] + c[c.length - 1][0]) / 2, (c[0][1] + c[c.length - 1][1]) / 2];
      const a = chainageOf(line.coords, mid).along;
      const position = a < lo ? 'upstream' : a > hi ? 'downstream' : 'alongside';
      const currentClass = data.classOf ? data.classOf(s.id) : null;
      sections.push({
        id: s.id,
        name: s.name,
        nameEn: s.nameEn,
        river: s.river,
        position,
        distanceM: r1(position === 'upstream' ? lo - a : position === 'downstream' ? a - hi : 0),
        targetClass: s.targetClass,
        currentClass,
        status: wqStatus(currentClass, s.targetClass),
      });
    }
    const rank = { upstream: 0, alongside: 1, downstream: 2 } as const;
    sections.sort((x, y) => rank[x.position] - rank[y.position] || x.distanceM - y.distanceM);
  }

  let drainage: RiverbankResult['drainage'] = null;
  if (data.catchment) {
    const catchments: ReviewCatchment[] = [];
    for (const o of outfalls) {
      let c: CatchmentResult;
      try {
        c = data.catchment(o.id);
      } catch {
        continue; // an outfall the network does not know (older dataset): listed without a catchment
      }
      catchments.push({ outfall: o.id, pipes: c.counts.pipes, lengthM: r1(c.length), areaKm2: c.area, pipeGids: c.pipes.map((p) => p.gid) });
    }
    drainage = { catchments, pipes: catchments.reduce((a, c) => a + c.pipes, 0), lengthM: r1(catchments.reduce((a, c) => a + c.lengthM, 0)) };
  }

  const projXY = project.polygon.map((r) => r.map((p) => frame.toXY(p)));
  let areaM2 = 0;
  projXY.forEach((r, i) => {
    let s = 0;
    for (let k = 1; k < r.length; k++) s += (r[k - 1][0] + r[k][0]) * (r[k - 1][1] - r[k][1]);
    areaM2 += (i === 0 ? 1 : -1) * Math.abs(s / 2);
  });
  return {
    kind: 'riverbank',
    project: { id: project.id, name: project.name, nameEn: project.nameEn, river: line?.river ?? project.river ?? null, areaM2: r1(areaM2) },
    distanceM,
    buffer: buf,
    pipes: {
      under: underG,
      near: nearG,
      counts: { under: under.length, near: near.length },
      lengthM: { under: r1(sum(underG, (g) => g.lengthM)), near: r1(sum(nearG, (g) => g.lengthM)) },
    },
    outfalls,
    sections,
    drainage,
  };
}
