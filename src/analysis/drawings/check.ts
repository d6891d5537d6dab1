/**
 * Clearance (净距) and cover (覆土) check over an area or the whole network: every pair of pipes near each other
 * (flatbush candidates within the largest horizontal minimum) is either a crossing (their plan lines intersect:
 * vertical clearance at the crossing, GB 50289 Table 4.1.14) or, when nearly parallel (≤ PARALLEL_DEG), a horizontal
 * clear distance edge to edge (Table 4.1.9); pipes sharing a node are connected, not neighbours. Every pipe's
 * shallower end against the minimum cover for its category and carriageway (domain/cover.ts; unknown surface = the
 * carriageway row, the stricter). Overhead (JK), underwater (SX), utility-tunnel (ZH) pipes and bridge crossings are
 * not buried in soil: skipped.
 *
 * Columnar input (PipeColumns) so a million pipes fit in typed arrays. Pure; progress and cancel by callback.
 */
import Flatbush from 'flatbush';
import { CATEGORY_CODES } from '../../domain/categories';
import { clearanceClass, DEFAULT_CLEARANCES, maxHorizontal, pairKey, type ClearanceClass, type ClearanceRule, type ClearanceTable } from '../../domain/clearances';
import { coverRow, DEFAULT_COVER, type CoverTable } from '../../domain/cover';
import { metresPerDegree } from '../../domain/geodesy';
import { GrowableArray } from '../../domain/growable';
import type { CategoryCode } from '../../domain/schema';
import { acuteAngle, intersectPieces, pieceDistance } from './pipeGeometry';
import type { CheckResult, CheckViolation, DrawingPipe } from './types';

/** Two pipes whose directions differ by at most this many degrees are parallel (horizontal clearance). */
export const PARALLEL_DEG = 20;

const CLASSES: readonly ClearanceClass[] = [
  'water-small', 'water-large', 'drain', 'gas-low', 'gas-medium', 'gas-subhighB', 'gas-subhighA', 'gas-high', 'heat', 'power', 'telecom', 'other',
];
const NOT_IN_SOIL = new Set(['JK', 'SX', 'ZH']);

/** The fields of a pipe the check reads (a DrawingPipe or a segment record satisfies it). */
export type CheckPipe = Pick<DrawingPipe, 'id' | 'cat' | 'sub' | 'from' | 'to' | 'coords' | 'dn' | 'box' | 'depth0' | 'depth1' | 'burial' | 'crossing' | 'pressureClass' | 'underCarriageway'>;

/** The pipes of a check as typed arrays (PipeColumnsBuilder makes them from records). */
export interface PipeColumns {
  count: number;
  ids: string[];
  /** index into CATEGORY_CODES / CLASSES */
  cat: Uint8Array;
  cls: Uint8Array;
  sub: string[];
  /** node ids interned to numbers (pipes sharing one are connected) */
  from: Int32Array;
  to: Int32Array;
  /** coordinates: pipe i's vertices are lonlat[2·start[i] … 2·start[i+1]) */
  start: Uint32Array;
  lonlat: Float64Array;
  width: Float32Array;
  height: Float32Array;
  depth0: Float32Array;
  depth1: Float32Array;
  /** 1 carriageway, 0 sidewalk, 2 unknown */
  under: Uint8Array;
  /** 1 = not buried in soil (overhead, underwater, utility tunnel, bridge): skipped */
  skip: Uint8Array;
}

export class PipeColumnsBuilder {
  private ids: string[] = [];
  private subs: string[] = [];
  private nodeIds = new Map<string, number>();
  private cat = new GrowableArray(new Uint8Array(1024));
  private cls = new GrowableArray(new Uint8Array(1024));
  private from = new GrowableArray(new Int32Array(1024));
  private to = new GrowableArray(new Int32Array(1024));
  private start = new GrowableArray(new Uint32Array(1025));
  private lonlat = new GrowableArray(new Float64Array(4096));
  private size = new GrowableArray(new Float32Array(2048));
  private depth = new GrowableArray(new Float32Array(2048));
  private under = new GrowableArray(new Uint8Array(1024));
  private skip = new GrowableArray(new Uint8Array(1024));

  constructor() {
    this.start.push1(0);
  }

  private node(id: string): number {
    let n = this.nodeIds.get(id);
    if (n === undefined) {
      n = this.nodeIds.size;
      this.nodeIds.set(id, n);
    }
    return n;
  }

  add(p: CheckPipe): void {
    this.ids.push(p.id);
    this.subs.push(p.sub);
    this.cat.push1(CATEGORY_CODES.indexOf(p.cat));
    this.cls.push1(CLASSES.indexOf(clearanceClass(p.cat, p.dn, p.pressureClass)));
    this.from.push1(this.node(p.from));
    this.to.push1(this.node(p.to));
    for (const c of p.coords) this.lonlat.push2(c[0], c[1]);
    this.start.push1(this.lonlat.length / 2);
    const w = p.box ? p.box.w / 1000 : (p.dn ?? 0) / 1000;
    const h = p.box ? p.box.h / 1000 : (p.dn ?? 0) / 1000;
    this.size.push2(w, h);
    this.depth.push2(p.depth0, p.depth1);
    this.under.push1(p.underCarriageway === undefined ? 2 : p.underCarriageway ? 1 : 0);
    this.skip.push1(NOT_IN_SOIL.has(p.burial) || p.crossing === 'bridge' ? 1 : 0);
  }

  build(): PipeColumns {
    const n = this.ids.length;
    const size = this.size.data.subarray(0, 2 * n);
    const depth = this.depth.data.subarray(0, 2 * n);
    const width = new Float32Array(n);
    const height = new Float32Array(n);
    const depth0 = new Float32Array(n);
    const depth1 = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      width[i] = size[2 * i];
      height[i] = size[2 * i + 1];
      depth0[i] = depth[2 * i];
      depth1[i] = depth[2 * i + 1];
    }
    return {
      count: n,
      ids: this.ids,
      sub: this.subs,
      cat: this.cat.data.slice(0, n),
      cls: this.cls.data.slice(0, n),
      from: this.from.data.slice(0, n),
      to: this.to.data.slice(0, n),
      start: this.start.data.slice(0, n + 1),
      lonlat: this.lonlat.data.slice(0, this.lonlat.length),
      width,
      height,
      depth0,
      depth1,
      under: this.under.data.slice(0, n),
      skip: this.skip.data.slice(0, n),
    };
  }
}

export function pipeColumns(pipes: Iterable<CheckPipe>): PipeColumns {
  const b = new PipeColumnsBuilder();
  for (const p of pipes) b.add(p);
  return b.build();
}

export interface CheckOptions {
  clearances?: ClearanceTable;
  cover?: CoverTable;
  /** only pipes for which this returns true are checked (an area); their neighbours outside still count as neighbours */
  within?: (i: number) => boolean;
  /** called every `progressEvery` pipes (default 20,000) with (done, total); return true to cancel */
  onProgress?: (done: number, total: number) => boolean | void;
  progressEvery?: number;
  /** 'index' (flatbush, default) or 'naive' (every pair: the benchmark's baseline) */
  method?: 'index' | 'naive';
}

/** The clearance and cover check, in one go (progress and cancel through `options.onProgress`). */
export function checkClearances(cols: PipeColumns, options: CheckOptions = {}): CheckResult {
  const run = clearanceCheckRun(cols, options);
  run.step(cols.count);
  return run.result();
}

/**
 * A check that runs in steps (a Worker checks a chunk of pipes, posts its progress and reads its messages between
 * steps): `step(k)` checks the next k pipes and returns true while pipes are left; `cancel()` ends it; `result()` is
 * the answer so far (the whole answer once `step` returned false). The same pairs and violations as one run.
 */
export interface ClearanceCheckRun {
  readonly total: number;
  /** pipes looked at so far */
  readonly done: number;
  step(pipes: number): boolean;
  cancel(): void;
  result(): CheckResult;
}

export function clearanceCheckRun(cols: PipeColumns, options: CheckOptions = {}): ClearanceCheckRun {
  const table = options.clearances ?? DEFAULT_CLEARANCES;
  const coverTable = options.cover ?? DEFAULT_COVER;
  const n = cols.count;
  const { start, lonlat } = cols;
  // per class pair rules as a dense lookup
  const C = CLASSES.length;
  const hRules: (ClearanceRule | undefined)[] = new Array(C * C);
  const vRules: (ClearanceRule | undefined)[] = new Array(C * C);
  for (let a = 0; a < C; a++)
    for (let b = 0; b < C; b++) {
      hRules[a * C + b] = table.horizontal[pairKey(CLASSES[a], CLASSES[b])];
      vRules[a * C + b] = table.vertical[pairKey(CLASSES[a], CLASSES[b])];
    }
  let maxHalf = 0;
  for (let i = 0; i < n; i++) maxHalf = Math.max(maxHalf, cols.width[i] / 2);
  // a pair is a neighbour while its edge-to-edge gap is within the largest minimum; the search pads by that plus
  // both half-widths (centre lines are that far apart at most)
  const maxGap = maxHorizontal(table);
  const reach = maxGap + 2 * maxHalf;
  // one metric for the whole run (Chongqing spans < 1° of latitude: < 1 % error on a few metres)
  let latSum = 0;
  for (let i = 0; i < n; i++) latSum += lonlat[2 * start[i] + 1];
  const k = metresPerDegree(n > 0 ? latSum / n : 30);
  const kx = k.lon;
  const ky = k.lat;
  const padLon = reach / kx;
  const padLat = reach / ky;

  const useIndex = (options.method ?? 'index') === 'index';
  let index: Flatbush | null = null;
  if (useIndex && n > 0) {
    index = new Flatbush(n);
    for (let i = 0; i < n; i++) {
      let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
      for (let v = start[i]; v < start[i + 1]; v++) {
        const x = lonlat[2 * v], y = lonlat[2 * v + 1];
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
      index.add(x0, y0, x1, y1);
    }
    index.finish();
  }

  const violations: CheckViolation[] = [];
  const checked = { segments: 0, candidatePairs: 0, parallel: 0, crossings: 0, noRule: 0, cover: 0 };
  const within = options.within;
  const every = options.progressEvery ?? 20000;
  let cancelled = false;
  const candidates: number[] = [];

  const fractionAt = (i: number, piece: number, t: number): number => {
    // length fraction along pipe i at parameter t of its piece `piece` (0-based)
    let total = 0;
    let at = 0;
    for (let v = start[i] + 1; v < start[i + 1]; v++) {
      const dx = (lonlat[2 * v] - lonlat[2 * v - 2]) * kx;
      const dy = (lonlat[2 * v + 1] - lonlat[2 * v - 1]) * ky;
      const l = Math.sqrt(dx * dx + dy * dy);
      if (v - start[i] - 1 === piece) at = total + t * l;
      total += l;
    }
    return total > 0 ? at / total : 0;
  };

  let next = 0;
  const checkPipe = (i: number): void => {
    if (within && !within(i)) return;
    checked.segments++;
    if (cols.skip[i]) return;
    // cover
    checked.cover++;
    const cat = CATEGORY_CODES[cols.cat[i]];
    const row = coverRow(cat, cols.sub[i], coverTable);
    const min = cols.under[i] === 0 ? row.sidewalk : row.carriageway;
    const shallowEnd = cols.depth0[i] <= cols.depth1[i] ? 0 : 1;
    const cover = shallowEnd === 0 ? cols.depth0[i] : cols.depth1[i];
    if (cover < min - 1e-6) {
      const v = shallowEnd === 0 ? start[i] : start[i + 1] - 1;
      violations.push({
        kind: 'cover', a: cols.ids[i], b: null, catA: cat, catB: null, value: round3(cover), min, sure: row.sure,
        source: `GB 50289-2016 minimum cover, ${cols.under[i] === 0 ? 'sidewalk' : cols.under[i] === 1 ? 'carriageway' : 'surface unknown: carriageway'}`,
        position: [lonlat[2 * v], lonlat[2 * v + 1]],
      });
    }
    // neighbours
    candidates.length = 0;
    if (index) {
      let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
      for (let v = start[i]; v < start[i + 1]; v++) {
        const x = lonlat[2 * v], y = lonlat[2 * v + 1];
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
      for (const j of index.search(x0 - padLon, y0 - padLat, x1 + padLon, y1 + padLat)) candidates.push(j);
    } else {
      for (let j = 0; j < n; j++) candidates.push(j);
    }
    for (const j of candidates) {
      // each pair once: j > i, or j < i when j lies outside the area (never checked as the first of a pair)
      if (j === i || cols.skip[j]) continue;
      if (j < i && (!within || within(j))) continue;
      if (cols.from[i] === cols.from[j] || cols.from[i] === cols.to[j] || cols.to[i] === cols.from[j] || cols.to[i] === cols.to[j]) continue;
      checked.candidatePairs++;
      pairCheck(i, j);
    }
  };

  function pairCheck(i: number, j: number): void {
    const key = cols.cls[i] * C + cols.cls[j];
    // crossings first
    for (let a = start[i] + 1; a < start[i + 1]; a++) {
      const ax0 = lonlat[2 * a - 2] * kx, ay0 = lonlat[2 * a - 1] * ky, ax1 = lonlat[2 * a] * kx, ay1 = lonlat[2 * a + 1] * ky;
      for (let b = start[j] + 1; b < start[j + 1]; b++) {
        const bx0 = lonlat[2 * b - 2] * kx, by0 = lonlat[2 * b - 1] * ky, bx1 = lonlat[2 * b] * kx, by1 = lonlat[2 * b + 1] * ky;
        const hit = intersectPieces(ax0, ay0, ax1, ay1, bx0, by0, bx1, by1);
        if (!hit) continue;
        checked.crossings++;
        const rule = vRules[key];
        if (!rule) {
          checked.noRule++;
          return;
        }
        const fi = fractionAt(i, a - start[i] - 1, hit.t);
        const fj = fractionAt(j, b - start[j] - 1, hit.u);
        const ci = cols.depth0[i] + (cols.depth1[i] - cols.depth0[i]) * fi;
        const cj = cols.depth0[j] + (cols.depth1[j] - cols.depth0[j]) * fj;
        const clear = ci <= cj ? cj - (ci + cols.height[i]) : ci - (cj + cols.height[j]);
        if (clear < rule.min - 1e-6) {
          violations.push({
            kind: 'vertical', a: cols.ids[i], b: cols.ids[j], catA: CATEGORY_CODES[cols.cat[i]], catB: CATEGORY_CODES[cols.cat[j]],
            value: round3(clear), min: rule.min, sure: rule.sure, source: rule.source,
            position: [(ax0 + hit.t * (ax1 - ax0)) / kx, (ay0 + hit.t * (ay1 - ay0)) / ky],
          });
        }
        return;
      }
    }
    // parallel neighbours: the closest pair of nearly parallel pieces
    const rule = hRules[key];
    let best = Infinity;
    let bestX = 0, bestY = 0;
    for (let a = start[i] + 1; a < start[i + 1]; a++) {
      const ax0 = lonlat[2 * a - 2] * kx, ay0 = lonlat[2 * a - 1] * ky, ax1 = lonlat[2 * a] * kx, ay1 = lonlat[2 * a + 1] * ky;
      for (let b = start[j] + 1; b < start[j + 1]; b++) {
        const bx0 = lonlat[2 * b - 2] * kx, by0 = lonlat[2 * b - 1] * ky, bx1 = lonlat[2 * b] * kx, by1 = lonlat[2 * b + 1] * ky;
        if (acuteAngle(ax1 - ax0, ay1 - ay0, bx1 - bx0, by1 - by0) > PARALLEL_DEG) continue;
        const d = pieceDistance(ax0, ay0, ax1, ay1, bx0, by0, bx1, by1);
        if (d < best) {
          best = d;
          bestX = (ax0 + ax1) / 2;
          bestY = (ay0 + ay1) / 2;
        }
      }
    }
    if (best === Infinity) return;
    const gap = best - cols.width[i] / 2 - cols.width[j] / 2;
    if (gap > maxGap) return;
    checked.parallel++;
    if (!rule) {
      checked.noRule++;
      return;
    }
    if (gap < rule.min - 1e-6) {
      violations.push({
        kind: 'horizontal', a: cols.ids[i], b: cols.ids[j], catA: CATEGORY_CODES[cols.cat[i]], catB: CATEGORY_CODES[cols.cat[j]],
        value: round3(gap), min: rule.min, sure: rule.sure, source: rule.source, position: [bestX / kx, bestY / ky],
      });
    }
  }

  let reported = false;
  return {
    total: n,
    get done() {
      return next;
    },
    step(pipes: number): boolean {
      const end = Math.min(n, next + Math.max(0, Math.floor(pipes)));
      while (!cancelled && next < end) {
        if (options.onProgress && next % every === 0 && options.onProgress(next, n) === true) {
          cancelled = true;
          break;
        }
        checkPipe(next++);
      }
      if (!cancelled && next >= n && !reported) {
        reported = true;
        options.onProgress?.(n, n);
      }
      return !cancelled && next < n;
    },
    cancel() {
      if (next < n) cancelled = true;
    },
    result(): CheckResult {
      const counts = { horizontal: 0, vertical: 0, cover: 0 };
      for (const v of violations) counts[v.kind]++;
      return { kind: 'clearance-check', checked: { ...checked }, violations: violations.slice(), counts, cancelled };
    },
  };
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}

/** The categories a check result touches (for a legend). */
export function violationCategories(r: CheckResult): CategoryCode[] {
  const s = new Set<CategoryCode>();
  for (const v of r.violations) {
    s.add(v.catA);
    if (v.catB) s.add(v.catB);
  }
  return [...s];
}

/** The pipes `indices` of `cols` as columns of their own (a sample, an area's pipes). Node ids stay comparable. */
export function selectColumns(cols: PipeColumns, indices: readonly number[]): PipeColumns {
  const n = indices.length;
  let verts = 0;
  for (const i of indices) verts += cols.start[i + 1] - cols.start[i];
  const start = new Uint32Array(n + 1);
  const lonlat = new Float64Array(2 * verts);
  const pick = <T extends Uint8Array | Int32Array | Float32Array>(a: T): T => {
    const out = new (a.constructor as new (l: number) => T)(n);
    indices.forEach((i, k) => (out[k] = a[i]));
    return out;
  };
  let v = 0;
  indices.forEach((i, k) => {
    for (let j = cols.start[i]; j < cols.start[i + 1]; j++, v++) {
      lonlat[2 * v] = cols.lonlat[2 * j];
      lonlat[2 * v + 1] = cols.lonlat[2 * j + 1];
    }
    start[k + 1] = v;
  });
  return {
    count: n,
    ids: indices.map((i) => cols.ids[i]),
    sub: indices.map((i) => cols.sub[i]),
    cat: pick(cols.cat),
    cls: pick(cols.cls),
    from: pick(cols.from),
    to: pick(cols.to),
    start,
    lonlat,
    width: pick(cols.width),
    height: pick(cols.height),
    depth0: pick(cols.depth0),
    depth1: pick(cols.depth1),
    under: pick(cols.under),
    skip: pick(cols.skip),
  };
}
