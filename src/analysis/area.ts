/**
 * The drawn or uploaded area: parse GeoJSON, check it, and normalise it to lon/lat polygons.
 *
 * Accepted: a Polygon or MultiPolygon geometry, a Feature holding one, or a FeatureCollection of such features (their
 * polygons become the parts of one MultiPolygon). Coordinates are lon/lat (RFC 7946) unless a CRS is declared, by
 * option or by the legacy GeoJSON `crs` member; projected Gauss-Krüger areas are transformed with proj4 (crs.ts), and a
 * northing-first file is detected and corrected with a warning.
 *
 * Rejected with an AreaError (errors.ts): not JSON / not GeoJSON / not a polygon / bad or out-of-range numbers /
 * projected-looking numbers declared (or defaulted) as lon/lat / lat-lon order / unclosed rings / fewer than 3 distinct
 * vertices / zero area / degrees declared as a projected CRS / edges of a ring crossing or touching each other, or rings
 * crossing or sharing a run of boundary (exact predicates; this also catches collinear overlaps and spikes, which
 * turf's `kinks` misses) / holes outside their shell or inside each other / overlapping MultiPolygon parts. As in OGC
 * simple features, rings may touch at points: a hole may touch its shell at a vertex, parts may meet at a corner.
 *
 * Normalisation: consecutive duplicate vertices are dropped; rings stay closed; orientation is left as drawn (the
 * query uses the even-odd rule, which for a valid area is the same region either way).
 */
import Flatbush from 'flatbush';
import type { GeoJsonProperties, MultiPolygon, Polygon } from 'geojson';
import { crsDef, guessCoordinates, isSwappedForCrs, toLonLat, type CrsDef } from './crs';
import { AreaError } from './errors';
import { ringAreaM2 } from '../domain/geodesy';
import { orient2d, pointInRing, segmentsIntersect } from './predicates';

export type Ring = [number, number][];
/** [outer ring, ...holes] */
export type PolygonRings = Ring[];

export interface AreaWarning {
  code: 'swapped-xy-corrected' | 'reprojected';
  en: string;
  zh: string;
}

export interface Area {
  /** Parts, each [outer, ...holes]: lon/lat, closed, no consecutive duplicates. */
  polygons: PolygonRings[];
  /** [west, south, east, north] */
  bbox: [number, number, number, number];
  /** Area in m² (outer rings minus holes, local metric at each ring's mean latitude). */
  areaM2: number;
  /** Distinct vertices over all rings (closing positions not counted). */
  vertexCount: number;
  /** The CRS the input was read in, e.g. "EPSG:4326" or "EPSG:4545". */
  sourceCrs: string;
  warnings: AreaWarning[];
  /** Properties of the input feature (the first one for a collection), kept for export. */
  properties: GeoJsonProperties;
}

export interface ParseAreaOptions {
  /** CRS of the input coordinates; overrides a `crs` member in the GeoJSON. Default lon/lat (EPSG:4326). */
  crs?: string;
  /** lon/lat near the data (e.g. the network's centre), to name the likely zone in a projected-coordinates error. */
  near?: readonly [number, number];
  /** Upper bound on vertices (default 20 000). */
  maxVertices?: number;
}

export const DEFAULT_MAX_VERTICES = 20_000;
/** A ring enclosing less than this is taken for a slip of the mouse, not an area. */
export const MIN_RING_AREA_M2 = 1;

type Json = unknown;

function isObject(v: Json): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fmt(n: number): string {
  return Number.isFinite(n) ? String(Math.round(n * 1e6) / 1e6) : String(n);
}

interface RawPart {
  rings: unknown[];
  where: string;
}

function collectParts(root: Json): { parts: RawPart[]; properties: GeoJsonProperties; crsName?: string } {
  if (!isObject(root)) throw new AreaError('not-geojson', { detail: 'expected a JSON object' });
  const crsName = legacyCrsName(root);
  const type = root.type;
  if (typeof type !== 'string') throw new AreaError('not-geojson', { detail: 'no "type" member' });
  const fromGeometry = (g: Json, where: string): RawPart[] => {
    if (!isObject(g)) throw new AreaError('not-polygon', { type: 'null' });
    const gt = g.type;
    if (gt === 'Polygon') {
      if (!Array.isArray(g.coordinates)) throw new AreaError('not-geojson', { detail: `${where}: Polygon without coordinates` });
      return [{ rings: g.coordinates, where }];
    }
    if (gt === 'MultiPolygon') {
      if (!Array.isArray(g.coordinates)) throw new AreaError('not-geojson', { detail: `${where}: MultiPolygon without coordinates` });
      return g.coordinates.map((rings: unknown, i: number) => {
        if (!Array.isArray(rings)) throw new AreaError('not-geojson', { detail: `${where} part ${i}: not an array of rings` });
        return { rings, where: `${where}[${i}]` };
      });
    }
    throw new AreaError('not-polygon', { type: typeof gt === 'string' ? gt : 'unknown' });
  };
  if (type === 'FeatureCollection') {
    const features = root.features;
    if (!Array.isArray(features)) throw new AreaError('not-geojson', { detail: 'FeatureCollection without "features"' });
    if (features.length === 0) throw new AreaError('empty');
    const parts: RawPart[] = [];
    features.forEach((f: unknown, i: number) => {
      if (!isObject(f) || f.type !== 'Feature') throw new AreaError('not-geojson', { detail: `features[${i}] is not a Feature` });
      parts.push(...fromGeometry(f.geometry, `feature ${i}`));
    });
    const first = features[0] as Record<string, unknown>;
    return { parts, properties: (isObject(first.properties) ? first.properties : null) as GeoJsonProperties, crsName };
  }
  if (type === 'Feature') {
    return {
      parts: fromGeometry(root.geometry, 'polygon'),
      properties: (isObject(root.properties) ? root.properties : null) as GeoJsonProperties,
      crsName,
    };
  }
  if (type === 'Polygon' || type === 'MultiPolygon') return { parts: fromGeometry(root, 'polygon'), properties: null, crsName };
  const known = ['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'GeometryCollection'];
  if (known.includes(type)) throw new AreaError('not-polygon', { type });
  throw new AreaError('not-geojson', { detail: `unknown type "${type}"` });
}

function legacyCrsName(root: Record<string, unknown>): string | undefined {
  const crs = root.crs;
  if (!isObject(crs)) return undefined;
  const props = crs.properties;
  if (isObject(props) && typeof props.name === 'string') return props.name;
  return undefined;
}

/** Parse, check and normalise an area. `input` is a GeoJSON object or its JSON text. Throws AreaError. */
export function parseArea(input: unknown, options: ParseAreaOptions = {}): Area {
  let root: Json = input;
  if (typeof input === 'string') {
    try {
      root = JSON.parse(input.replace(/^\uFEFF/, ''));
    } catch (e) {
      throw new AreaError('not-json', { detail: e instanceof Error ? e.message.split('\n')[0] : String(e) });
    }
  }
  const { parts: rawParts, properties, crsName } = collectParts(root);
  if (rawParts.length === 0) throw new AreaError('empty');

  // 1. Shape and numbers.
  const partsXY: Ring[][] = rawParts.map((part) => {
    if (part.rings.length === 0) throw new AreaError('empty');
    return part.rings.map((ring, r) => {
      const where = `${part.where} ring ${r}`;
      if (!Array.isArray(ring)) throw new AreaError('not-geojson', { detail: `${where} is not an array of positions` });
      return ring.map((p: unknown, k: number): [number, number] => {
        if (!Array.isArray(p) || p.length < 2 || typeof p[0] !== 'number' || typeof p[1] !== 'number' || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
          throw new AreaError('bad-coordinates', { where: `${where} position ${k}` });
        }
        return [p[0], p[1]];
      });
    });
  });

  // 2. CRS.
  const warnings: AreaWarning[] = [];
  const declaredName = options.crs ?? crsName;
  let crs: CrsDef | undefined = crsDef('EPSG:4326');
  if (declaredName !== undefined) {
    crs = crsDef(declaredName);
    if (!crs) throw new AreaError('unknown-crs', { crs: declaredName });
  }
  const all: [number, number][] = [];
  for (const rings of partsXY) for (const ring of rings) for (const p of ring) all.push(p);
  let parts: Ring[][];
  if (crs!.kind === 'projected') {
    const def = crs!;
    // Degrees declared as metres would become a speck near the equator ("no area") or an empty result: say what they are.
    const degreesLike = all.length > 0 && all.every((p) => Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90);
    if (degreesLike) {
      throw new AreaError('degrees-as-projected', { x: fmt(all[0][0]), y: fmt(all[0][1]), crs: def.code, suggest: 'EPSG:4490' });
    }
    const swapped = isSwappedForCrs(all, def);
    if (swapped) {
      warnings.push({
        code: 'swapped-xy-corrected',
        en: `Coordinates were stored northing first; read them as easting, northing (${def.code}).`,
        zh: `坐标按“北坐标, 东坐标”顺序存储，已按“东, 北”读取（${def.code}）。`,
      });
    }
    warnings.push({ code: 'reprojected', en: `Transformed from ${def.code} to longitude/latitude.`, zh: `已从 ${def.code} 转换为经纬度。` });
    parts = partsXY.map((rings) => rings.map((ring) => ring.map((p) => toLonLat(def, swapped ? [p[1], p[0]] : p))));
  } else {
    parts = partsXY;
  }
  checkLonLat(parts, options.near);

  // 3. Rings: closed, distinct vertices, non-degenerate.
  let vertexCount = 0;
  const polygons: PolygonRings[] = parts.map((rings, pi) =>
    rings.map((ring, ri) => {
      const where = `${rawParts[pi].where} ring ${ri}`;
      if (ring.length < 2) throw new AreaError('too-few-vertices', { where, count: ring.length });
      const first = ring[0];
      const last = ring[ring.length - 1];
      if (ring.length < 4 && !(first[0] === last[0] && first[1] === last[1])) {
        throw new AreaError('too-few-vertices', { where, count: ring.length });
      }
      if (first[0] !== last[0] || first[1] !== last[1]) throw new AreaError('ring-not-closed', { where });
      const out: Ring = [first];
      for (let k = 1; k < ring.length; k++) {
        const p = ring[k];
        const q = out[out.length - 1];
        if (p[0] !== q[0] || p[1] !== q[1]) out.push(p);
      }
      if (out.length < 4) throw new AreaError('too-few-vertices', { where, count: Math.max(0, out.length - 1) });
      if (isCollinear(out)) throw new AreaError('degenerate', { where });
      vertexCount += out.length - 1;
      return out;
    }),
  );
  const maxVertices = options.maxVertices ?? DEFAULT_MAX_VERTICES;
  if (vertexCount > maxVertices) throw new AreaError('too-many-vertices', { count: vertexCount, max: maxVertices });

  // 4. Topology.
  const touching = checkEdges(polygons);
  polygons.forEach((rings, pi) =>
    rings.forEach((ring, ri) => {
      // After the crossing check: a self-crossing ring's net shoelace area can be 0 without it being degenerate.
      if (ringAreaM2(ring.slice(0, -1)) < MIN_RING_AREA_M2) throw new AreaError('degenerate', { where: `${rawParts[pi].where} ring ${ri}` });
    }),
  );
  checkNesting(polygons, rawParts.map((p) => p.where), touching);

  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  let areaM2 = 0;
  for (const rings of polygons) {
    rings.forEach((ring, ri) => {
      for (const p of ring) {
        if (p[0] < w) w = p[0];
        if (p[0] > e) e = p[0];
        if (p[1] < s) s = p[1];
        if (p[1] > n) n = p[1];
      }
      const a = ringAreaM2(ring.slice(0, -1));
      areaM2 += ri === 0 ? a : -a;
    });
  }
  return { polygons, bbox: [w, s, e, n], areaM2, vertexCount, sourceCrs: crs!.code, warnings, properties };
}

function checkLonLat(parts: Ring[][], near?: readonly [number, number]): void {
  const all: [number, number][] = [];
  for (const rings of parts) for (const ring of rings) for (const p of ring) all.push(p);
  const guess = guessCoordinates(all, near);
  if (guess.kind === 'lonlat') return;
  const bad = all.find((p) => Math.abs(p[0]) > 180 || Math.abs(p[1]) > 90) ?? all[0];
  if (guess.kind === 'latlon') throw new AreaError('swapped-axes', { x: fmt(bad[0]), y: fmt(bad[1]) });
  if (guess.kind === 'projected') {
    const best = guess.candidates[0];
    const swapNote = guess.swapped ? ', northing first' : '';
    throw new AreaError('projected-coordinates', {
      x: fmt(bad[0]),
      y: fmt(bad[1]),
      guess: `${best.code} ${best.name}${swapNote}`,
      suggest: best.code,
    });
  }
  throw new AreaError('out-of-range', { x: fmt(bad[0]), y: fmt(bad[1]) });
}

function isCollinear(ring: Ring): boolean {
  const a = ring[0];
  const b = ring[1];
  for (let k = 2; k < ring.length - 1; k++) {
    if (orient2d(a[0], a[1], b[0], b[1], ring[k][0], ring[k][1]) !== 0) return false;
  }
  return true;
}

interface EdgeRef {
  part: number;
  ring: number;
  k: number;
  /** edges in this ring */
  n: number;
}

const ringKey = (part: number, ring: number): string => `${part}:${ring}`;
const pairKey = (a: EdgeRef, b: EdgeRef): string => {
  const ka = ringKey(a.part, a.ring);
  const kb = ringKey(b.part, b.ring);
  return ka < kb ? `${ka}|${kb}` : `${kb}|${ka}`;
};

/**
 * How two segments of different rings meet: 'none', 'point' (they touch at one point: an end of one on the other),
 * or 'conflict' (they cross at a point inside both, or overlap along a run). Exact.
 */
function contact(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number): 'none' | 'point' | 'conflict' {
  if (!segmentsIntersect(ax, ay, bx, by, cx, cy, dx, dy)) return 'none';
  const o1 = orient2d(ax, ay, bx, by, cx, cy);
  const o2 = orient2d(ax, ay, bx, by, dx, dy);
  if (o1 === 0 && o2 === 0) {
    // collinear: a run in common unless they only share an end point (compare along the longer axis)
    const useX = Math.abs(bx - ax) >= Math.abs(by - ay);
    const [p0, p1] = useX ? [Math.min(ax, bx), Math.max(ax, bx)] : [Math.min(ay, by), Math.max(ay, by)];
    const [q0, q1] = useX ? [Math.min(cx, dx), Math.max(cx, dx)] : [Math.min(cy, dy), Math.max(cy, dy)];
    return Math.min(p1, q1) > Math.max(p0, q0) ? 'conflict' : 'point';
  }
  const o3 = orient2d(cx, cy, dx, dy, ax, ay);
  const o4 = orient2d(cx, cy, dx, dy, bx, by);
  if (o1 !== 0 && o2 !== 0 && o3 !== 0 && o4 !== 0) return 'conflict'; // a proper crossing
  return 'point';
}

/**
 * The edge rules of OGC simple features: a ring is simple (no two of its edges meet, except consecutive edges at their
 * shared vertex, without folding back); two different rings (a shell and its holes, or two parts) may touch at points
 * but never cross or share a run of boundary. Returns the pairs of rings that touch (keys "part:ring|part:ring"), for
 * the nesting check, which must then look past the touching points. Throws `self-intersecting` (within one polygon)
 * or `parts-overlap` (between parts).
 */
function checkEdges(polygons: PolygonRings[]): Set<string> {
  const refs: EdgeRef[] = [];
  const xy: number[] = [];
  polygons.forEach((rings, part) =>
    rings.forEach((ring, r) => {
      const n = ring.length - 1;
      for (let k = 0; k < n; k++) {
        refs.push({ part, ring: r, k, n });
        xy.push(ring[k][0], ring[k][1], ring[k + 1][0], ring[k + 1][1]);
      }
    }),
  );
  const touching = new Set<string>();
  const count = refs.length;
  const index = new Flatbush(count);
  for (let i = 0; i < count; i++) {
    index.add(Math.min(xy[4 * i], xy[4 * i + 2]), Math.min(xy[4 * i + 1], xy[4 * i + 3]), Math.max(xy[4 * i], xy[4 * i + 2]), Math.max(xy[4 * i + 1], xy[4 * i + 3]));
  }
  index.finish();
  for (let i = 0; i < count; i++) {
    const ax = xy[4 * i];
    const ay = xy[4 * i + 1];
    const bx = xy[4 * i + 2];
    const by = xy[4 * i + 3];
    const ri = refs[i];
    for (const j of index.search(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by))) {
      if (j <= i) continue;
      const rj = refs[j];
      const cx = xy[4 * j];
      const cy = xy[4 * j + 1];
      const dx = xy[4 * j + 2];
      const dy = xy[4 * j + 3];
      const sameRing = ri.part === rj.part && ri.ring === rj.ring;
      if (sameRing && (rj.k === ri.k + 1 || (ri.k === 0 && rj.k === ri.n - 1))) {
        // Consecutive: they share one vertex; they must not fold back over each other.
        const [px, py, qx, qy, sx, sy] = rj.k === ri.k + 1 ? [ax, ay, bx, by, dx, dy] : [cx, cy, dx, dy, bx, by];
        // p → q → s around the shared vertex q
        if (orient2d(px, py, qx, qy, sx, sy) === 0 && (qx - px) * (sx - qx) + (qy - py) * (sy - qy) < 0) {
          throw new AreaError('self-intersecting', { at: `${fmt(qx)}, ${fmt(qy)}` });
        }
        continue;
      }
      if (sameRing) {
        if (segmentsIntersect(ax, ay, bx, by, cx, cy, dx, dy)) {
          throw new AreaError('self-intersecting', { at: approximateMeeting(ax, ay, bx, by, cx, cy, dx, dy) });
        }
        continue;
      }
      const c = contact(ax, ay, bx, by, cx, cy, dx, dy);
      if (c === 'point') touching.add(pairKey(ri, rj));
      else if (c === 'conflict') {
        const at = approximateMeeting(ax, ay, bx, by, cx, cy, dx, dy);
        if (ri.part !== rj.part) throw new AreaError('parts-overlap', { a: Math.min(ri.part, rj.part), b: Math.max(ri.part, rj.part), at });
        throw new AreaError('self-intersecting', { at });
      }
    }
  }
  return touching;
}

function approximateMeeting(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number): string {
  const den = (bx - ax) * (dy - cy) - (by - ay) * (dx - cx);
  if (den !== 0) {
    const t = ((cx - ax) * (dy - cy) - (cy - ay) * (dx - cx)) / den;
    if (t >= 0 && t <= 1) return `${fmt(ax + t * (bx - ax))}, ${fmt(ay + t * (by - ay))}`;
  }
  return `${fmt(cx)}, ${fmt(cy)}`;
}

/**
 * Which side of `other` the ring `ring` lies on: 1 inside, -1 outside. Rings that do not touch: the first vertex
 * decides (no vertex lies on the other ring). Rings that touch at points: every vertex and edge midpoint off the other
 * ring must agree; when they do not, the rings cross at a touching point and `crossing` is thrown.
 */
function sideOf(ring: Ring, other: Ring, touches: boolean, crossing: () => AreaError): 1 | -1 {
  if (!touches) return pointInRing(ring[0][0], ring[0][1], other) > 0 ? 1 : -1;
  let side = 0;
  for (let k = 0; k + 1 < ring.length; k++) {
    for (const [x, y] of [ring[k], [(ring[k][0] + ring[k + 1][0]) / 2, (ring[k][1] + ring[k + 1][1]) / 2]]) {
      const s = pointInRing(x, y, other);
      if (s === 0) continue;
      if (side !== 0 && s !== side) throw crossing();
      side = s;
    }
  }
  return side > 0 ? 1 : -1;
}

function checkNesting(polygons: PolygonRings[], names: string[], touching: Set<string>): void {
  const touches = (p: number, r: number, q: number, s: number): boolean => {
    const a = ringKey(p, r);
    const b = ringKey(q, s);
    return touching.has(a < b ? `${a}|${b}` : `${b}|${a}`);
  };
  const selfCrossing = (ring: Ring) => () => new AreaError('self-intersecting', { at: `${fmt(ring[0][0])}, ${fmt(ring[0][1])}` });
  polygons.forEach((rings, pi) => {
    const shell = rings[0];
    for (let h = 1; h < rings.length; h++) {
      if (sideOf(rings[h], shell, touches(pi, h, pi, 0), selfCrossing(rings[h])) < 0) {
        throw new AreaError('hole-outside', { where: `${names[pi]} ring ${h}` });
      }
      for (let g = 1; g < h; g++) {
        const t = touches(pi, h, pi, g);
        if (sideOf(rings[h], rings[g], t, selfCrossing(rings[h])) > 0 || sideOf(rings[g], rings[h], t, selfCrossing(rings[g])) > 0) {
          throw new AreaError('hole-outside', { where: `${names[pi]} ring ${h}` });
        }
      }
    }
  });
  for (let i = 0; i < polygons.length; i++) {
    for (let j = 0; j < polygons.length; j++) {
      if (i === j) continue;
      const overlap = () => new AreaError('parts-overlap', { a: Math.min(i, j), b: Math.max(i, j), at: `${fmt(polygons[i][0][0][0])}, ${fmt(polygons[i][0][0][1])}` });
      const shell = polygons[i][0];
      const poly = polygons[j];
      // part i's shell inside part j (inside its shell and in none of its holes): the parts overlap
      if (sideOf(shell, poly[0], touches(i, 0, j, 0), overlap) < 0) continue;
      let inHole = false;
      for (let h = 1; h < poly.length && !inHole; h++) inHole = sideOf(shell, poly[h], touches(i, 0, j, h), overlap) > 0;
      if (!inHole) throw overlap();
    }
  }
}

/** The area as one GeoJSON geometry (Polygon when it has one part). */
export function areaGeometry(area: Area): Polygon | MultiPolygon {
  if (area.polygons.length === 1) return { type: 'Polygon', coordinates: area.polygons[0] };
  return { type: 'MultiPolygon', coordinates: area.polygons };
}
