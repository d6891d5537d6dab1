/**
 * Area query: which pipe segments lie in a drawn area, how much of each, and totals.
 *
 * Modes (DE-9IM / OGC semantics; the area is closed: its boundary belongs to it):
 *   - 'intersects' (default): the segment shares at least one point with the area — crossing it, lying inside, running
 *     along its edge, or only touching it at one point (a vertex on the boundary, a polygon corner on the pipe).
 *   - 'within': every point of the segment is in the closed area AND some point is in its interior. A segment lying
 *     entirely on the boundary is not within (it only touches); one inside that touches the boundary from inside is.
 * Each result says how it relates: 'within' (as above), 'crosses' (parts inside and outside), 'touches' (meets the
 * area only on its boundary).
 *
 * Depth filter (for excavation planning: "what will I hit if I dig to M metres here?"):
 *   depths are pipe-top depths below ground (管顶埋深), interpolated linearly along the segment by length from depth0 at
 *   its start to depth1 at its end. A segment passes when SOME POINT OF IT INSIDE THE AREA has a depth d with
 *   minDepth ≤ d ≤ maxDepth (either bound optional). So `maxDepth: 3` keeps every pipe whose top comes within 3 m of
 *   the surface somewhere inside the area — the ones a 3 m dig would reach; `minDepth: 5` keeps pipes that reach 5 m or
 *   deeper inside the area. Results report depthMin/depthMax: the range of pipe-top depth over the part inside.
 *
 * Lengths are metres on the GRS80 ellipsoid, local metric per straight piece (geodesy.ts; < 1e-5 relative to the
 * geodesic for pieces of a few km). lengthInside counts the part in the closed area, boundary runs included.
 *
 * Engine: flatbush prefilter over segment boxes, then exact clipping of each straight piece (preparedArea.ts).
 */
import { CATEGORY_CODES, isCategoryCode } from '../domain/categories';
import type { CategoryCode } from '../domain/schema';
import { aggregate, diameterClass, type DiameterClass, type Totals } from './aggregate';
import { areaGeometry, type Area } from './area';
import { AreaError } from './errors';
import { pieceLength } from '../domain/geodesy';
import { withCapacity } from '../domain/growable';
import { PreparedArea, SegmentClip } from './preparedArea';
import { segmentId, type QueryCopy } from './queryCopy';
import type { MultiPolygon, Polygon } from 'geojson';

export type QueryMode = 'intersects' | 'within';
export type Relation = 'within' | 'crosses' | 'touches';

export interface QueryOptions {
  mode?: QueryMode;
  /** Keep only these CJJ 61 categories (all when empty or absent). */
  categories?: readonly string[];
  /** metres; see the module comment */
  minDepth?: number;
  maxDepth?: number;
}

export interface QueryFilters {
  mode: QueryMode;
  categories: CategoryCode[];
  minDepth: number | null;
  maxDepth: number | null;
}

export interface QueryItem {
  gid: number;
  id: string;
  cat: CategoryCode;
  sub: string;
  material: string;
  burial: string;
  owner: string;
  /** nominal diameter, mm (null for box sections) */
  dn: number | null;
  /** box section, mm (null for round pipes) */
  box: { w: number; h: number } | null;
  diameterClass: DiameterClass;
  /** pipe-top depth at start / end, m */
  depth0: number;
  depth1: number;
  /** pipe-top depth range over the part inside the area, m */
  depthMin: number;
  depthMax: number;
  year: number;
  /** whole segment, m */
  length: number;
  /** part in the closed area, m */
  lengthInside: number;
  relation: Relation;
}

export interface AreaSummary {
  geometry: Polygon | MultiPolygon;
  parts: number;
  holes: number;
  vertices: number;
  areaM2: number;
  bbox: [number, number, number, number];
  sourceCrs: string;
}

export interface QueryResult {
  area: AreaSummary;
  filters: QueryFilters;
  totals: Totals;
  /** sorted by gid */
  items: QueryItem[];
  warnings: { code: string; en: string; zh: string }[];
  /** segments the index prefilter returned (a diagnostic) */
  candidates: number;
}

/** Check and normalise query options; throws AreaError('bad-filter'). */
export function resolveFilters(options: QueryOptions = {}): QueryFilters {
  const mode = options.mode ?? 'intersects';
  if (mode !== 'intersects' && mode !== 'within') throw new AreaError('bad-filter', { detail: `mode must be "intersects" or "within", got "${String(mode)}"` });
  const categories: CategoryCode[] = [];
  for (const c of options.categories ?? []) {
    const code = c.trim().toUpperCase();
    if (!isCategoryCode(code)) throw new AreaError('bad-filter', { detail: `unknown category "${c}" (use ${CATEGORY_CODES.join(', ')})` });
    if (!categories.includes(code)) categories.push(code);
  }
  const depth = (v: number | undefined, name: string): number | null => {
    if (v === undefined || v === null) return null;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new AreaError('bad-filter', { detail: `${name} must be a depth in metres ≥ 0, got ${String(v)}` });
    return v;
  };
  const minDepth = depth(options.minDepth, 'minDepth');
  const maxDepth = depth(options.maxDepth, 'maxDepth');
  if (minDepth !== null && maxDepth !== null && minDepth > maxDepth) {
    throw new AreaError('bad-filter', { detail: `minDepth ${minDepth} is greater than maxDepth ${maxDepth}` });
  }
  return { mode, categories, minDepth, maxDepth };
}

const mm = (x: number): number => Math.round(x * 1000) / 1000;
const cm = (x: number): number => Math.round(x * 100) / 100;
const DEPTH_EPS = 1e-9;

/** Run an area query on the query copy. Throws AreaError('bad-filter') for bad options. */
export function queryArea(copy: QueryCopy, area: Area, options: QueryOptions = {}): QueryResult {
  const filters = resolveFilters(options);
  const prepared = new PreparedArea(area.polygons);
  const catMask = new Uint8Array(CATEGORY_CODES.length);
  if (filters.categories.length === 0) catMask.fill(1);
  else for (const c of filters.categories) catMask[CATEGORY_CODES.indexOf(c)] = 1;
  const within = filters.mode === 'within';
  const minD = filters.minDepth ?? -Infinity;
  const maxD = filters.maxDepth ?? Infinity;
  const depthFiltered = filters.minDepth !== null || filters.maxDepth !== null;

  const candidates = copy.index
    ? copy.index.search(prepared.minX, prepared.minY, prepared.maxX, prepared.maxY)
    : [];
  const clip = new SegmentClip();
  let pieceS: Float64Array = new Float64Array(32); // [s0, s1] along the segment, metres
  const items: QueryItem[] = [];
  const coords = copy.coords;

  for (const i of candidates) {
    if (!catMask[copy.cat[i]]) continue;
    const v0 = copy.offsets[i];
    const v1 = copy.offsets[i + 1];
    let interior = false;
    let exterior = false;
    let contact = false;
    let nPieces = 0;
    let s = 0;
    let inside = 0;
    for (let v = v0; v + 1 < v1; v++) {
      const ax = coords[2 * v];
      const ay = coords[2 * v + 1];
      const bx = coords[2 * v + 2];
      const by = coords[2 * v + 3];
      const L = pieceLength(ax, ay, bx, by);
      prepared.clipSegment(ax, ay, bx, by, clip);
      if (clip.exterior) {
        exterior = true;
        if (within) break;
      }
      if (clip.interior) interior = true;
      for (let k = 0; k < clip.pieceCount; k++) {
        const t0 = clip.pieces[2 * k];
        const t1 = clip.pieces[2 * k + 1];
        contact = true;
        inside += (t1 - t0) * L;
        pieceS = withCapacity(pieceS, 2 * nPieces + 2, 2 * nPieces);
        pieceS[2 * nPieces] = s + t0 * L;
        pieceS[2 * nPieces + 1] = s + t1 * L;
        nPieces++;
      }
      s += L;
    }
    if (!contact) continue;
    if (within && (exterior || !interior)) continue;

    const d0 = mm(copy.depth0[i]);
    const d1 = mm(copy.depth1[i]);
    const total = s;
    // depth at distance x along the segment: d0 + slope·x (a zero-length segment takes the shallower end)
    const slope = total > 0 ? (d1 - d0) / total : 0;
    const base = total > 0 ? d0 : Math.min(d0, d1);
    let dMin = Infinity;
    let dMax = -Infinity;
    let depthOk = !depthFiltered;
    for (let k = 0; k < nPieces; k++) {
      const da = base + slope * pieceS[2 * k];
      const db = base + slope * pieceS[2 * k + 1];
      const lo = Math.min(da, db);
      const hi = Math.max(da, db);
      if (lo < dMin) dMin = lo;
      if (hi > dMax) dMax = hi;
      if (!depthOk && lo <= maxD + DEPTH_EPS && hi >= minD - DEPTH_EPS) depthOk = true;
    }
    if (!depthOk) continue;

    const dn = copy.dn[i] > 0 ? copy.dn[i] : null;
    const box = copy.boxW[i] > 0 ? { w: copy.boxW[i], h: copy.boxH[i] } : null;
    items.push({
      gid: copy.gid[i],
      id: segmentId(copy, i),
      cat: CATEGORY_CODES[copy.cat[i]],
      sub: copy.tables.sub[copy.sub[i]],
      material: copy.tables.material[copy.material[i]],
      burial: copy.tables.burial[copy.burial[i]],
      owner: copy.tables.owner[copy.owner[i]],
      dn,
      box,
      diameterClass: diameterClass(dn, box),
      depth0: d0,
      depth1: d1,
      depthMin: mm(dMin),
      depthMax: mm(dMax),
      year: copy.year[i],
      length: cm(total),
      lengthInside: cm(Math.min(inside, total)),
      relation: !interior ? 'touches' : exterior ? 'crosses' : 'within',
    });
  }
  items.sort((a, b) => a.gid - b.gid);

  let holes = 0;
  for (const p of area.polygons) holes += p.length - 1;
  return {
    area: {
      geometry: areaGeometry(area),
      parts: area.polygons.length,
      holes,
      vertices: area.vertexCount,
      areaM2: Math.round(area.areaM2 * 10) / 10,
      bbox: area.bbox,
      sourceCrs: area.sourceCrs,
    },
    filters,
    totals: aggregate(items),
    items,
    warnings: [...area.warnings, ...outsideData(copy, area)],
    candidates: candidates.length,
  };
}

const deg = (v: number): string => v.toFixed(4);

/** A warning when the area does not even reach the network's extent (wrong file or CRS, most likely). */
function outsideData(copy: QueryCopy, area: Area): QueryResult['warnings'] {
  const d = copy.bbox;
  const a = area.bbox;
  if (d && a[0] <= d[2] && a[2] >= d[0] && a[1] <= d[3] && a[3] >= d[1]) return [];
  const where = d ? `${deg(d[0])}…${deg(d[2])}°E, ${deg(d[1])}…${deg(d[3])}°N` : '';
  return [
    {
      code: 'outside-data',
      en: d
        ? `The area (${deg(a[0])}…${deg(a[2])}°E, ${deg(a[1])}…${deg(a[3])}°N) lies entirely outside the data (${where}): check its coordinates and their coordinate system.`
        : 'The network is empty: there is nothing to query.',
      zh: d
        ? `范围（${deg(a[0])}…${deg(a[2])}°E，${deg(a[1])}…${deg(a[3])}°N）完全在数据范围（${where}）之外：请检查坐标及其坐标系。`
        : '管网数据为空，没有可查询的内容。',
    },
  ];
}
