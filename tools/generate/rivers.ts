/**
 * The Yangtze and the Jialing: hand-placed centrelines (shared/reference/standards.md §6, error up to a few hundred
 * metres), extended a little beyond the main urban area so the water reaches the edges of every dataset, smoothed,
 * given a slowly varying width, and buffered into water polygons by hand in the local metric frame.
 *
 * `WaterIndex` answers "how far is this point from the water's edge" (negative inside the water) quickly through a
 * uniform grid of centreline pieces, and "which side of each river is it on" for district classification.
 */
import type { LonLat } from '../../src/domain/schema';
import { LocalFrame, pointSegment, smoothResample, vertexNormals, type XY } from './geo';
import { valueNoise2 } from './prng';

export type RiverId = 'yangtze' | 'jialing';

export interface RiverDef {
  id: RiverId;
  name: string;
  nameEn: string;
  /** Centreline control points, upstream → downstream, [lon, lat]. */
  centreline: LonLat[];
  /** Width range in metres (E): the width varies smoothly inside it. */
  width: [number, number];
}

/** standards.md §6 centrelines; the first and last points beyond them are extensions (E), marked by comments. */
export const RIVERS: readonly RiverDef[] = [
  {
    id: 'yangtze', name: '长江', nameEn: 'Yangtze River', width: [520, 720],
    centreline: [
      [106.478, 29.428], [106.492, 29.440], [106.503, 29.455], [106.510, 29.468], // extension upstream (E)
      [106.515, 29.48], [106.523, 29.497], [106.531, 29.513], [106.538, 29.527], [106.546, 29.538], [106.556, 29.544],
      [106.566, 29.547], [106.575, 29.55], [106.583, 29.554], [106.589, 29.56], [106.593, 29.567], [106.596, 29.576],
      [106.599, 29.588], [106.603, 29.6], [106.607, 29.612],
      [106.612, 29.624], [106.620, 29.636], [106.632, 29.645], [106.648, 29.651], [106.668, 29.654], [106.700, 29.655], // extension downstream (E)
    ],
  },
  {
    id: 'jialing', name: '嘉陵江', nameEn: 'Jialing River', width: [330, 420],
    centreline: [
      [106.405, 29.606], [106.418, 29.600], [106.430, 29.594], [106.441, 29.589], // extension upstream (E)
      [106.452, 29.585], [106.465, 29.586], [106.48, 29.584], [106.495, 29.579], [106.507, 29.575], [106.516, 29.573],
      [106.527, 29.57], [106.537, 29.567], [106.546, 29.569], [106.555, 29.571], [106.565, 29.57], [106.573, 29.568],
      [106.579, 29.567], [106.585, 29.567], [106.591, 29.567],
    ],
  },
];

export interface RiverGeom {
  def: RiverDef;
  /** Smoothed centreline in local metres, ~40 m steps. */
  line: XY[];
  /** Unit left normals at each vertex. */
  normals: XY[];
  /** Half width at each vertex, metres. */
  half: number[];
  /** Cumulative arc length at each vertex. */
  arc: number[];
  /** Control polyline in local metres (for side tests far from the river). */
  ctrl: XY[];
}

export function buildRiver(def: RiverDef, frame: LocalFrame, seed: number): RiverGeom {
  const ctrl = def.centreline.map((p) => frame.toXY(p));
  const line = smoothResample(ctrl, 40);
  const normals = vertexNormals(line);
  const arc: number[] = [0];
  for (let i = 1; i < line.length; i++) {
    arc.push(arc[i - 1] + Math.hypot(line[i][0] - line[i - 1][0], line[i][1] - line[i - 1][1]));
  }
  const [w0, w1] = def.width;
  const half = arc.map((s) => {
    const n = 0.5 + 0.5 * (0.7 * valueNoise2(seed, s / 2500, 0.5) + 0.3 * valueNoise2(seed + 7, s / 900, 3.5));
    return (w0 + (w1 - w0) * Math.min(1, Math.max(0, n))) / 2;
  });
  return { def, line, normals, half, arc, ctrl };
}

/** Point on the river at vertex i, offset by `d` metres to the left (d > 0) or right (d < 0). */
export function offsetPoint(r: RiverGeom, i: number, d: number): XY {
  return [r.line[i][0] + r.normals[i][0] * d, r.line[i][1] + r.normals[i][1] * d];
}

/**
 * Water polygon ring (closed, counter-clockwise not guaranteed) for the vertex range [i0, i1], in local metres.
 */
export function waterRing(r: RiverGeom, i0: number, i1: number): XY[] {
  const left: XY[] = [];
  const right: XY[] = [];
  for (let i = i0; i <= i1; i++) {
    left.push(offsetPoint(r, i, r.half[i]));
    right.push(offsetPoint(r, i, -r.half[i]));
  }
  const ring = [...left, ...right.reverse()];
  ring.push([ring[0][0], ring[0][1]]);
  return ring;
}

interface Piece {
  river: number;
  i: number; // segment from vertex i to i+1
  /** lower bound of (distance − half width) for any point of the cell */
  lb: number;
}

/** Signed distance to the water's edge (positive on land) with a uniform-grid index over centreline pieces. */
export class WaterIndex {
  readonly rivers: RiverGeom[];
  private readonly cell = 250;
  private readonly reach = 1200;
  private readonly cells = new Map<number, Piece[]>();

  constructor(rivers: RiverGeom[]) {
    this.rivers = rivers;
    rivers.forEach((r, ri) => {
      for (let i = 0; i < r.line.length - 1; i++) {
        const a = r.line[i];
        const b = r.line[i + 1];
        const x0 = Math.floor((Math.min(a[0], b[0]) - this.reach) / this.cell);
        const x1 = Math.floor((Math.max(a[0], b[0]) + this.reach) / this.cell);
        const y0 = Math.floor((Math.min(a[1], b[1]) - this.reach) / this.cell);
        const y1 = Math.floor((Math.max(a[1], b[1]) + this.reach) / this.cell);
        for (let x = x0; x <= x1; x++) {
          for (let y = y0; y <= y1; y++) {
            const k = key(x, y);
            let list = this.cells.get(k);
            if (!list) this.cells.set(k, (list = []));
            list.push({ river: ri, i, lb: 0 });
          }
        }
      }
    });
    // nearest pieces first, with a lower bound for an early exit
    const halfDiag = (this.cell * Math.SQRT2) / 2;
    for (const [k, list] of this.cells) {
      const cx = (Math.floor(k / 65536) - 32768 + 0.5) * this.cell;
      const cy = ((k % 65536) - 32768 + 0.5) * this.cell;
      for (const pc of list) {
        const r = this.rivers[pc.river];
        const { d } = pointSegment([cx, cy], r.line[pc.i], r.line[pc.i + 1]);
        pc.lb = d - halfDiag - Math.max(r.half[pc.i], r.half[pc.i + 1]);
      }
      list.sort((p, q) => p.lb - q.lb || p.river - q.river || p.i - q.i);
    }
  }

  private raster: Float32Array | null = null;
  private rx0 = 0;
  private ry0 = 0;
  private rnx = 0;
  private rny = 0;
  private readonly rstep = 10;

  /**
   * Cache `landDist` on a lazily filled 10 m lattice over a box (local metres): queries inside it interpolate
   * bilinearly (a distance field is 1-Lipschitz: error well under a metre near the banks), which makes the millions
   * of queries of a large dataset cheap. Queries outside the box stay exact.
   */
  useRaster(box: [number, number, number, number]): void {
    const m = 50;
    this.rx0 = box[0] - m;
    this.ry0 = box[1] - m;
    this.rnx = Math.ceil((box[2] - box[0] + 2 * m) / this.rstep) + 2;
    this.rny = Math.ceil((box[3] - box[1] + 2 * m) / this.rstep) + 2;
    this.raster = new Float32Array(this.rnx * this.rny).fill(NaN);
  }

  /**
   * Distance from p to the nearest water edge, metres: positive on land, negative in the water. Points further than
   * about a kilometre from any river get a large positive value (≥ 600).
   */
  landDist(p: XY): number {
    const r = this.raster;
    if (r) {
      const fx = (p[0] - this.rx0) / this.rstep;
      const fy = (p[1] - this.ry0) / this.rstep;
      const ix = Math.floor(fx);
      const iy = Math.floor(fy);
      if (ix >= 0 && iy >= 0 && ix < this.rnx - 1 && iy < this.rny - 1) {
        const tx = fx - ix;
        const ty = fy - iy;
        const i = iy * this.rnx + ix;
        const a = this.corner(r, i, ix, iy);
        const b = this.corner(r, i + 1, ix + 1, iy);
        const c = this.corner(r, i + this.rnx, ix, iy + 1);
        const d = this.corner(r, i + this.rnx + 1, ix + 1, iy + 1);
        return a + (b - a) * tx + (c - a) * ty + (a - b - c + d) * tx * ty;
      }
    }
    return this.exactLandDist(p);
  }

  private corner(r: Float32Array, i: number, ix: number, iy: number): number {
    let v = r[i];
    if (v !== v) {
      v = this.exactLandDist([this.rx0 + ix * this.rstep, this.ry0 + iy * this.rstep]);
      r[i] = v;
    }
    return v;
  }

  /** `landDist` without the lattice. */
  exactLandDist(p: XY): number {
    const list = this.cells.get(key(Math.floor(p[0] / this.cell), Math.floor(p[1] / this.cell)));
    if (!list) return 2000;
    let best = 2000;
    for (const pc of list) {
      if (pc.lb > best) break;
      const r = this.rivers[pc.river];
      const { d, t } = pointSegment(p, r.line[pc.i], r.line[pc.i + 1]);
      const h = r.half[pc.i] + (r.half[pc.i + 1] - r.half[pc.i]) * t;
      if (d - h < best) best = d - h;
    }
    return best;
  }

  /** Nearest river vertex (river index, vertex index, signed offset: + left) within the search reach, or null. */
  nearest(p: XY): { river: number; i: number; offset: number } | null {
    const list = this.cells.get(key(Math.floor(p[0] / this.cell), Math.floor(p[1] / this.cell)));
    if (!list) return null;
    let best = Infinity;
    let out: { river: number; i: number; offset: number } | null = null;
    for (const pc of list) {
      const r = this.rivers[pc.river];
      const { d, t } = pointSegment(p, r.line[pc.i], r.line[pc.i + 1]);
      const h = r.half[pc.i] + (r.half[pc.i + 1] - r.half[pc.i]) * t;
      if (d - h < best) {
        best = d - h;
        const i = t < 0.5 ? pc.i : pc.i + 1;
        const n = r.normals[i];
        const off = (p[0] - r.line[i][0]) * n[0] + (p[1] - r.line[i][1]) * n[1];
        out = { river: pc.river, i, offset: off };
      }
    }
    return out;
  }

  /** +1 if p is left of river `ri` (looking downstream), −1 if right; decided by the nearest control segment. */
  side(p: XY, ri: number): 1 | -1 {
    const c = this.rivers[ri].ctrl;
    let best = Infinity;
    let s: 1 | -1 = 1;
    for (let i = 0; i < c.length - 1; i++) {
      const { d } = pointSegment(p, c[i], c[i + 1]);
      if (d < best) {
        best = d;
        const cross = (c[i + 1][0] - c[i][0]) * (p[1] - c[i][1]) - (c[i + 1][1] - c[i][1]) * (p[0] - c[i][0]);
        s = cross >= 0 ? 1 : -1;
      }
    }
    return s;
  }
}

function key(x: number, y: number): number {
  return (x + 32768) * 65536 + (y + 32768);
}
