/**
 * An area prepared for many exact segment tests: its edges, a uniform grid over its bounding box, and exact
 * point location and segment clipping on top.
 *
 * Grid: each cell lists the area edges that pass through it (registered conservatively: a cell widened by 1 % on each
 * side); a cell with no edge is wholly inside or wholly outside, decided once by an exact point test at its centre.
 * Rows double as the slab index for point-in-polygon ray casting (an edge is listed in every row its y-range meets,
 * using the same floor() mapping as the lookup, so no edge a ray needs can be missed).
 *
 * Semantics: the area is CLOSED (its boundary belongs to it). Point location and every decision about which side of an
 * edge a point lies on use exact orientation predicates (predicates.ts), so touching a vertex, running along an edge,
 * or ending exactly on the boundary are decided exactly on the given doubles. Only the positions of crossing points
 * along a segment (used for clipped lengths) are rounded.
 *
 * Rings are combined with the even-odd rule, which for a validated area (area.ts: disjoint parts, holes inside their
 * shell) is the union of the parts minus their holes.
 */
import { withCapacity } from '../domain/growable';
import type { PolygonRings } from './area';
import { orient2d } from './predicates';

export const OUTSIDE = 0;
export const INSIDE = 1;
export const BOUNDARY = 2;
export type Location = typeof OUTSIDE | typeof INSIDE | typeof BOUNDARY;

const MIXED = 0;
/** cellState of a cell with no edge that lies outside (0 is MIXED, 1 INSIDE). */
const CELL_OUT = 3;

/** Result buffer of PreparedArea.clipSegment; reuse one for many calls. */
export class SegmentClip {
  /** Pieces of the segment inside the closed area, as [t0, t1] parameter pairs along a → b (t0 == t1: one contact point). */
  pieces: Float64Array = new Float64Array(16);
  pieceCount = 0;
  /** Some part of the segment lies in the area's interior. */
  interior = false;
  /** Some part of the segment lies outside the closed area. */
  exterior = false;

  reset(): void {
    this.pieceCount = 0;
    this.interior = false;
    this.exterior = false;
  }

  push(t0: number, t1: number): void {
    const k = this.pieceCount * 2;
    this.pieces = withCapacity(this.pieces, k + 2, k);
    this.pieces[k] = t0;
    this.pieces[k + 1] = t1;
    this.pieceCount++;
  }
}

export class PreparedArea {
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
  readonly edgeCount: number;
  /** ax, ay, bx, by per edge */
  private readonly edges: Float64Array;
  private readonly gx: number;
  private readonly gy: number;
  private readonly cellW: number;
  private readonly cellH: number;
  private readonly cellStart: Uint32Array;
  private readonly cellEdges: Uint32Array;
  /** MIXED (has edges), INSIDE or OUTSIDE per cell */
  private readonly cellState: Uint8Array;
  private readonly rowStart: Uint32Array;
  private readonly rowEdges: Uint32Array;
  private readonly stamp: Uint32Array;
  private stampValue = 0;
  // scratch for clipSegment
  private candidates: Uint32Array = new Uint32Array(64);
  private evT: Float64Array = new Float64Array(32);
  private evContact: Uint8Array = new Uint8Array(32);
  private bLo: Float64Array = new Float64Array(8);
  private bHi: Float64Array = new Float64Array(8);
  private states: Uint8Array = new Uint8Array(32);

  constructor(polygons: readonly PolygonRings[]) {
    const xy: number[] = [];
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const rings of polygons) {
      for (const ring of rings) {
        for (let k = 0; k + 1 < ring.length; k++) {
          const a = ring[k];
          const b = ring[k + 1];
          if (a[0] === b[0] && a[1] === b[1]) continue;
          xy.push(a[0], a[1], b[0], b[1]);
        }
        for (const p of ring) {
          if (p[0] < minX) minX = p[0];
          if (p[0] > maxX) maxX = p[0];
          if (p[1] < minY) minY = p[1];
          if (p[1] > maxY) maxY = p[1];
        }
      }
    }
    const edges = new Float64Array(xy);
    const edgeCount = edges.length / 4;
    if (edgeCount < 3 || !(maxX > minX) || !(maxY > minY)) throw new Error('PreparedArea: area has no extent (validate it with parseArea first)');
    this.edges = edges;
    this.edgeCount = edgeCount;
    this.minX = minX;
    this.minY = minY;
    this.maxX = maxX;
    this.maxY = maxY;
    this.stamp = new Uint32Array(edgeCount);

    const w = maxX - minX;
    const h = maxY - minY;
    let target = 32;
    while (target < Math.sqrt(edgeCount) * 8 && target < 512) target *= 2;
    const size = Math.max(w, h) / target;
    const gx = Math.max(1, Math.min(1024, Math.ceil(w / size)));
    const gy = Math.max(1, Math.min(1024, Math.ceil(h / size)));
    this.gx = gx;
    this.gy = gy;
    this.cellW = w / gx;
    this.cellH = h / gy;

    // Rows (slab index): every row an edge's y-range meets.
    const rowCount = new Uint32Array(gy + 1);
    for (let e = 0; e < edgeCount; e++) {
      const [j0, j1] = this.rowRange(edges[4 * e + 1], edges[4 * e + 3]);
      for (let j = j0; j <= j1; j++) rowCount[j + 1]++;
    }
    for (let j = 0; j < gy; j++) rowCount[j + 1] += rowCount[j];
    this.rowStart = rowCount.slice();
    const rowFill = rowCount.slice(0, gy);
    this.rowEdges = new Uint32Array(rowCount[gy]);
    for (let e = 0; e < edgeCount; e++) {
      const [j0, j1] = this.rowRange(edges[4 * e + 1], edges[4 * e + 3]);
      for (let j = j0; j <= j1; j++) this.rowEdges[rowFill[j]++] = e;
    }

    // Cells: edges through each (widened) cell.
    const cellCount = gx * gy;
    const counts = new Uint32Array(cellCount + 1);
    const visit = (e: number, f: (cell: number) => void): void => {
      const ax = edges[4 * e];
      const ay = edges[4 * e + 1];
      const bx = edges[4 * e + 2];
      const by = edges[4 * e + 3];
      const i0 = this.cellX(Math.min(ax, bx));
      const i1 = this.cellX(Math.max(ax, bx));
      const [j0, j1] = this.rowRange(ay, by);
      const padX = this.cellW * 0.01 + 1e-12;
      const padY = this.cellH * 0.01 + 1e-12;
      const ux = bx - ax;
      const uy = by - ay;
      for (let j = j0; j <= j1; j++) {
        const y0 = minY + j * this.cellH - padY - ay;
        const y1 = minY + (j + 1) * this.cellH + padY - ay;
        for (let i = i0; i <= i1; i++) {
          const x0 = minX + i * this.cellW - padX - ax;
          const x1 = minX + (i + 1) * this.cellW + padX - ax;
          const c0 = ux * y0 - uy * x0;
          const c1 = ux * y0 - uy * x1;
          const c2 = ux * y1 - uy * x0;
          const c3 = ux * y1 - uy * x1;
          if ((c0 > 0 && c1 > 0 && c2 > 0 && c3 > 0) || (c0 < 0 && c1 < 0 && c2 < 0 && c3 < 0)) continue;
          f(j * gx + i);
        }
      }
    };
    for (let e = 0; e < edgeCount; e++) visit(e, (c) => counts[c + 1]++);
    for (let c = 0; c < cellCount; c++) counts[c + 1] += counts[c];
    this.cellStart = counts.slice();
    const fill = counts.slice(0, cellCount);
    this.cellEdges = new Uint32Array(counts[cellCount]);
    for (let e = 0; e < edgeCount; e++) visit(e, (c) => (this.cellEdges[fill[c]++] = e));

    this.cellState = new Uint8Array(cellCount);
    for (let j = 0; j < gy; j++) {
      for (let i = 0; i < gx; i++) {
        const c = j * gx + i;
        if (this.cellStart[c + 1] > this.cellStart[c]) continue; // MIXED
        const loc = this.locateExact(minX + (i + 0.5) * this.cellW, minY + (j + 0.5) * this.cellH);
        this.cellState[c] = loc === INSIDE ? INSIDE : CELL_OUT;
      }
    }
  }

  private cellX(x: number): number {
    const i = Math.floor((x - this.minX) / this.cellW);
    return i < 0 ? 0 : i >= this.gx ? this.gx - 1 : i;
  }

  private cellY(y: number): number {
    const j = Math.floor((y - this.minY) / this.cellH);
    return j < 0 ? 0 : j >= this.gy ? this.gy - 1 : j;
  }

  private rowRange(y0: number, y1: number): [number, number] {
    return y0 <= y1 ? [this.cellY(y0), this.cellY(y1)] : [this.cellY(y1), this.cellY(y0)];
  }

  /** Exact location of a point: OUTSIDE, INSIDE or BOUNDARY. */
  locate(x: number, y: number): Location {
    if (x < this.minX || x > this.maxX || y < this.minY || y > this.maxY) return OUTSIDE;
    const state = this.cellState[this.cellY(y) * this.gx + this.cellX(x)];
    if (state === INSIDE) return INSIDE;
    if (state === CELL_OUT) return OUTSIDE;
    return this.locateExact(x, y);
  }

  private locateExact(x: number, y: number): Location {
    if (x < this.minX || x > this.maxX || y < this.minY || y > this.maxY) return OUTSIDE;
    const row = this.cellY(y);
    const edges = this.edges;
    let inside = false;
    for (let k = this.rowStart[row], end = this.rowStart[row + 1]; k < end; k++) {
      const e = this.rowEdges[k] * 4;
      const ax = edges[e];
      const ay = edges[e + 1];
      const bx = edges[e + 2];
      const by = edges[e + 3];
      if (ay > y !== by > y) {
        // Quick decision when the point is clearly left or right of the edge's x-extent.
        if (x < ax && x < bx) {
          inside = !inside;
          continue;
        }
        if (x > ax && x > bx) continue;
        const o = orient2d(ax, ay, bx, by, x, y);
        if (o === 0) return BOUNDARY;
        if (by > ay ? o > 0 : o < 0) inside = !inside;
      } else if ((ay > by ? ay : by) === y && x >= (ax < bx ? ax : bx) && x <= (ax > bx ? ax : bx)) {
        if (orient2d(ax, ay, bx, by, x, y) === 0) return BOUNDARY;
      }
    }
    return inside ? INSIDE : OUTSIDE;
  }

  /**
   * Clip the straight segment a → b against the closed area. Fills `out` with the pieces inside (parameter ranges
   * along a → b), and whether the segment reaches the interior and the exterior.
   */
  clipSegment(ax: number, ay: number, bx: number, by: number, out: SegmentClip): void {
    out.reset();
    if (ax === bx && ay === by) {
      const loc = this.locate(ax, ay);
      if (loc === OUTSIDE) out.exterior = true;
      else {
        out.push(0, 0);
        out.interior = loc === INSIDE;
      }
      return;
    }
    const sx0 = ax < bx ? ax : bx;
    const sx1 = ax < bx ? bx : ax;
    const sy0 = ay < by ? ay : by;
    const sy1 = ay < by ? by : ay;
    if (sx1 < this.minX || sx0 > this.maxX || sy1 < this.minY || sy0 > this.maxY) {
      out.exterior = true;
      return;
    }
    const beyond = sx0 < this.minX || sx1 > this.maxX || sy0 < this.minY || sy1 > this.maxY;
    const i0 = this.cellX(sx0);
    const i1 = this.cellX(sx1);
    const j0 = this.cellY(sy0);
    const j1 = this.cellY(sy1);
    const gx = this.gx;
    let uniform = -1;
    let mixed = false;
    for (let j = j0; j <= j1 && !mixed; j++) {
      for (let i = i0; i <= i1; i++) {
        const s = this.cellState[j * gx + i];
        if (s === MIXED || (uniform !== -1 && s !== uniform)) {
          mixed = true;
          break;
        }
        uniform = s;
      }
    }
    if (!mixed) {
      if (uniform === CELL_OUT) {
        out.exterior = true;
        return;
      }
      if (!beyond) {
        out.push(0, 1);
        out.interior = true;
        return;
      }
    }
    this.clipExact(ax, ay, bx, by, i0, i1, j0, j1, out);
  }

  private clipExact(ax: number, ay: number, bx: number, by: number, i0: number, i1: number, j0: number, j1: number, out: SegmentClip): void {
    // Candidate edges from the cells the segment's box covers.
    this.stampValue++;
    if (this.stampValue === 0xffffffff) {
      this.stamp.fill(0);
      this.stampValue = 1;
    }
    const stamp = this.stamp;
    const sv = this.stampValue;
    let nc = 0;
    for (let j = j0; j <= j1; j++) {
      for (let i = i0; i <= i1; i++) {
        const c = j * this.gx + i;
        for (let k = this.cellStart[c], end = this.cellStart[c + 1]; k < end; k++) {
          const e = this.cellEdges[k];
          if (stamp[e] === sv) continue;
          stamp[e] = sv;
          if (nc === this.candidates.length) this.candidates = withCapacity(this.candidates, nc + 1);
          this.candidates[nc++] = e;
        }
      }
    }

    const sx0 = ax < bx ? ax : bx;
    const sx1 = ax < bx ? bx : ax;
    const sy0 = ay < by ? ay : by;
    const sy1 = ay < by ? by : ay;
    const useX = Math.abs(bx - ax) >= Math.abs(by - ay);
    const param = (px: number, py: number): number => (useX ? (px - ax) / (bx - ax) : (py - ay) / (by - ay));
    let ne = 0;
    let nb = 0;
    const addEvent = (t: number, contact: number): void => {
      if (ne === this.evT.length) {
        this.evT = withCapacity(this.evT, ne + 1);
        this.evContact = withCapacity(this.evContact, ne + 1);
      }
      this.evT[ne] = t < 0 ? 0 : t > 1 ? 1 : t;
      this.evContact[ne] = contact;
      ne++;
    };
    addEvent(0, 0);
    addEvent(1, 0);
    const edges = this.edges;
    for (let k = 0; k < nc; k++) {
      const e = this.candidates[k] * 4;
      const cx = edges[e];
      const cy = edges[e + 1];
      const dx = edges[e + 2];
      const dy = edges[e + 3];
      if ((cx < dx ? dx : cx) < sx0 || (cx < dx ? cx : dx) > sx1 || (cy < dy ? dy : cy) < sy0 || (cy < dy ? cy : dy) > sy1) continue;
      const o1 = orient2d(ax, ay, bx, by, cx, cy);
      const o2 = orient2d(ax, ay, bx, by, dx, dy);
      if ((o1 > 0 && o2 > 0) || (o1 < 0 && o2 < 0)) continue;
      if (o1 === 0 && o2 === 0) {
        // Collinear: the overlap (if any) is boundary.
        const tc = param(cx, cy);
        const td = param(dx, dy);
        const lo = Math.max(0, Math.min(tc, td));
        const hi = Math.min(1, Math.max(tc, td));
        if (lo > hi) continue;
        addEvent(lo, 1);
        if (hi > lo) {
          addEvent(hi, 1);
          if (nb === this.bLo.length) {
            this.bLo = withCapacity(this.bLo, nb + 1);
            this.bHi = withCapacity(this.bHi, nb + 1);
          }
          this.bLo[nb] = lo;
          this.bHi[nb] = hi;
          nb++;
        }
        continue;
      }
      const o3 = orient2d(cx, cy, dx, dy, ax, ay);
      const o4 = orient2d(cx, cy, dx, dy, bx, by);
      if ((o3 > 0 && o4 > 0) || (o3 < 0 && o4 < 0)) continue;
      let t: number;
      if (o3 === 0) t = 0;
      else if (o4 === 0) t = 1;
      else if (o1 === 0) t = param(cx, cy);
      else if (o2 === 0) t = param(dx, dy);
      else t = o3 / (o3 - o4);
      addEvent(t, 1);
    }

    // Sort events by t (insertion sort: usually a handful), merging equal ones.
    const T = this.evT;
    const C = this.evContact;
    for (let k = 1; k < ne; k++) {
      const t = T[k];
      const c = C[k];
      let m = k - 1;
      while (m >= 0 && T[m] > t) {
        T[m + 1] = T[m];
        C[m + 1] = C[m];
        m--;
      }
      T[m + 1] = t;
      C[m + 1] = c;
    }
    let n = 0;
    for (let k = 0; k < ne; k++) {
      if (n > 0 && T[n - 1] === T[k]) C[n - 1] |= C[k];
      else {
        T[n] = T[k];
        C[n] = C[k];
        n++;
      }
    }

    // Classify the open intervals between events.
    if (this.states.length < n) this.states = new Uint8Array(this.evT.length);
    const S = this.states;
    for (let k = 0; k + 1 < n; k++) {
      const t0 = T[k];
      const t1 = T[k + 1];
      let s: Location = OUTSIDE;
      let onEdge = false;
      for (let q = 0; q < nb; q++) {
        if (this.bLo[q] <= t0 && t1 <= this.bHi[q]) {
          onEdge = true;
          break;
        }
      }
      if (onEdge) s = BOUNDARY;
      else if (C[k] === 0 && t0 === 0) {
        // The segment's own end, not on the boundary: its exact location holds for the whole open interval (no
        // boundary point lies between). Exact even when the interval is too short for a representable midpoint.
        s = this.locate(ax, ay);
      } else if (C[k + 1] === 0 && t1 === 1) {
        s = this.locate(bx, by);
      } else {
        const tm = t0 + (t1 - t0) / 2;
        s = this.locate(ax + tm * (bx - ax), ay + tm * (by - ay));
      }
      S[k] = s;
      if (s === INSIDE) out.interior = true;
      else if (s === OUTSIDE) out.exterior = true;
    }

    // Pieces: maximal runs of closed-inside intervals, plus isolated contact points.
    let open = false;
    let start = 0;
    for (let k = 0; k < n; k++) {
      const nextIn = k + 1 < n && S[k] !== OUTSIDE;
      if (!open && (C[k] === 1 || nextIn)) {
        open = true;
        start = T[k];
      }
      if (open && !nextIn) {
        out.push(start, T[k]);
        open = false;
      }
    }
  }
}

