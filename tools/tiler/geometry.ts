/**
 * Geometry of one asset in a tile's local ENU frame:
 *  - segments: a tube (round pipes, `sides` sides, one vertex pointing straight up so the top line is exact) or a
 *    rectangular prism (box sections) swept along the polyline, mitred at bends. Centreline height at a point is
 *    ground − depth − H/2 with depth (pipe top) and ground interpolated by length along the polyline; ground is 0 in
 *    "ellipsoid" mode and the recorded ground elevation in "absolute" mode;
 *  - nodes: the vertical cylinders and boxes of src/domain/nodeShapes.ts.
 */
import type { Dataset } from './store';
import { metresPerDegree, type LocalFrame, type Vec3 } from './geodesy';
import type { Mesh, VertexFeature } from './mesh';
import { NODE_TYPES, nodeSolid } from '../../src/domain/nodeShapes';

interface Profile {
  /** per profile point: side offset, up offset, normal side, normal up */
  pts: Float64Array;
  /** pairs of profile-point indices joined by a face */
  edges: number[];
}

const circleProfiles = new Map<number, { unit: Float64Array; edges: number[] }>();

function circle(sides: number): { unit: Float64Array; edges: number[] } {
  let c = circleProfiles.get(sides);
  if (!c) {
    const unit = new Float64Array(sides * 2);
    const edges: number[] = [];
    for (let k = 0; k < sides; k++) {
      const t = (2 * Math.PI * k) / sides; // k = 0 points up
      unit[k * 2] = Math.sin(t);
      unit[k * 2 + 1] = Math.cos(t);
      edges.push(k, (k + 1) % sides);
    }
    c = { unit, edges };
    circleProfiles.set(sides, c);
  }
  return c;
}

function profileFor(width: number, height: number, round: boolean, sides: number): Profile {
  if (round) {
    const c = circle(sides);
    const r = width / 2;
    const pts = new Float64Array(sides * 4);
    for (let k = 0; k < sides; k++) {
      const s = c.unit[k * 2];
      const v = c.unit[k * 2 + 1];
      pts[k * 4] = s * r;
      pts[k * 4 + 1] = v * r;
      pts[k * 4 + 2] = s;
      pts[k * 4 + 3] = v;
    }
    return { pts, edges: c.edges };
  }
  const w = width / 2;
  const h = height / 2;
  // counter-clockwise around the direction of travel: top, right, bottom, left faces, each with its own normal
  // prettier-ignore
  const pts = new Float64Array([
    -w, h, 0, 1,   w, h, 0, 1,
    w, h, 1, 0,    w, -h, 1, 0,
    w, -h, 0, -1,  -w, -h, 0, -1,
    -w, -h, -1, 0, -w, h, -1, 0,
  ]);
  return { pts, edges: [0, 1, 2, 3, 4, 5, 6, 7] };
}

/** Height of the centreline at fraction t (0 at start, 1 at end) of the segment's length. */
function centreHeight(data: Dataset, s: number, t: number): number {
  const seg = data.segments;
  const ground = data.heightMode === 'absolute' ? seg.ground0[s] + (seg.ground1[s] - seg.ground0[s]) * t : 0;
  const depth = seg.depth0[s] + (seg.depth1[s] - seg.depth0[s]) * t;
  return ground - depth - seg.height[s] / 2;
}

/** Fractions of length along the polyline at each point (planar, metres at the first point's latitude). */
function lengthFractions(data: Dataset, s: number): Float64Array {
  const seg = data.segments;
  const a = seg.coordStart[s];
  const b = seg.coordStart[s + 1];
  const xy = seg.coords;
  const out = new Float64Array(b - a);
  const m = metresPerDegree(xy[a * 2 + 1]);
  let total = 0;
  for (let i = a + 1; i < b; i++) {
    total += Math.hypot((xy[i * 2] - xy[i * 2 - 2]) * m.lon, (xy[i * 2 + 1] - xy[i * 2 - 1]) * m.lat);
    out[i - a] = total;
  }
  const n = b - a;
  for (let i = 0; i < n; i++) out[i] = total > 0 ? out[i] / total : n > 1 ? i / (n - 1) : 0;
  return out;
}

/** Called per ring vertex with the ring (= point) index, the offset from that point and the unit normal. */
type Emit = (ring: number, ox: number, oy: number, oz: number, nx: number, ny: number, nz: number) => void;

/**
 * Sweeps a profile along a polyline (flat xyz, metres, z up, no repeated points): one ring per point, the section
 * perpendicular to the mean direction there, its "up" as close to +z as the direction allows, and offsets stretched
 * along the bend by 1 / cos(half the turn) (a mitre, capped at 4×) so the section keeps its size through bends.
 */
function sweep(pts: ArrayLike<number>, prof: Profile, emit: Emit): void {
  const n = pts.length / 3;
  const dir = new Float64Array((n - 1) * 3);
  for (let i = 0; i < n - 1; i++) {
    const dx = pts[i * 3 + 3] - pts[i * 3];
    const dy = pts[i * 3 + 4] - pts[i * 3 + 1];
    const dz = pts[i * 3 + 5] - pts[i * 3 + 2];
    const l = Math.hypot(dx, dy, dz);
    dir[i * 3] = dx / l;
    dir[i * 3 + 1] = dy / l;
    dir[i * 3 + 2] = dz / l;
  }
  const np = prof.pts.length / 4;
  for (let i = 0; i < n; i++) {
    const i0 = Math.max(0, i - 1);
    const i1 = Math.min(n - 2, i);
    let tx = dir[i0 * 3] + dir[i1 * 3];
    let ty = dir[i0 * 3 + 1] + dir[i1 * 3 + 1];
    let tz = dir[i0 * 3 + 2] + dir[i1 * 3 + 2];
    let tl = Math.hypot(tx, ty, tz);
    if (tl < 1e-9) {
      // a full U-turn: use the incoming direction
      tx = dir[i0 * 3];
      ty = dir[i0 * 3 + 1];
      tz = dir[i0 * 3 + 2];
      tl = 1;
    }
    tx /= tl;
    ty /= tl;
    tz /= tl;
    // side = T × up (horizontal), up' = side × T
    let sx = ty;
    let sy = -tx;
    const sz = 0;
    const sl = Math.hypot(sx, sy);
    if (sl < 1e-6) {
      sx = 1;
      sy = 0;
    } else {
      sx /= sl;
      sy /= sl;
    }
    const vx = sy * tz - sz * ty;
    const vy = sz * tx - sx * tz;
    const vz = sx * ty - sy * tx;
    // mitre: stretch offsets along the bend direction k by 1 / cos(half the turn)
    let kx = 0, ky = 0, kz = 0, stretch = 0;
    if (i0 !== i1) {
      kx = dir[i1 * 3] - dir[i0 * 3];
      ky = dir[i1 * 3 + 1] - dir[i0 * 3 + 1];
      kz = dir[i1 * 3 + 2] - dir[i0 * 3 + 2];
      const kl = Math.hypot(kx, ky, kz);
      if (kl > 1e-9) {
        kx /= kl;
        ky /= kl;
        kz /= kl;
        const c = tx * dir[i0 * 3] + ty * dir[i0 * 3 + 1] + tz * dir[i0 * 3 + 2];
        stretch = Math.min(4, 1 / Math.max(c, 0.25)) - 1;
      }
    }
    for (let j = 0; j < np; j++) {
      const os = prof.pts[j * 4], ov = prof.pts[j * 4 + 1];
      const ns = prof.pts[j * 4 + 2], nv = prof.pts[j * 4 + 3];
      let ox = os * sx + ov * vx;
      let oy = os * sy + ov * vy;
      let oz = os * sz + ov * vz;
      if (stretch > 0) {
        const d = (ox * kx + oy * ky + oz * kz) * stretch;
        ox += d * kx;
        oy += d * ky;
        oz += d * kz;
      }
      emit(i, ox, oy, oz, ns * sx + nv * vx, ns * sy + nv * vy, ns * sz + nv * vz);
    }
  }
}

function nodeGround(data: Dataset, n: number): number {
  return data.heightMode === 'absolute' ? data.nodes.ground[n] : 0;
}

const tmpA: Vec3 = [0, 0, 0];
/** a centreline's points in the local frame (reused: the tiler writes millions of lines) */
let lineScratch = new Float64Array(256);

/**
 * Appends segment s as a swept solid. Returns the number of vertices written (0 for a degenerate segment whose
 * points all coincide).
 */
export function addSegment(mesh: Mesh, frame: LocalFrame, data: Dataset, s: number, f: VertexFeature, sides: number): number {
  const seg = data.segments;
  const a = seg.coordStart[s];
  const b = seg.coordStart[s + 1];
  const xy = seg.coords;
  const t = lengthFractions(data, s);
  // local centreline, dropping repeated points
  const pts: number[] = [];
  for (let i = a; i < b; i++) {
    const p = frame.toLocal(xy[i * 2], xy[i * 2 + 1], centreHeight(data, s, t[i - a]), tmpA);
    const k = pts.length;
    if (k >= 3 && Math.hypot(p[0] - pts[k - 3], p[1] - pts[k - 2], p[2] - pts[k - 1]) < 1e-3) continue;
    pts.push(p[0], p[1], p[2]);
  }
  const n = dropStraightPoints(pts, STRAIGHT_TOLERANCE) / 3;
  if (n < 2) return 0;
  const prof = profileFor(seg.width[s], seg.height[s], seg.round[s] === 1, sides);
  const np = prof.pts.length / 4;
  const base = mesh.vertexCount;
  sweep(pts, prof, (i, ox, oy, oz, nx, ny, nz) =>
    mesh.vertex(f, pts[i * 3] + ox, pts[i * 3 + 1] + oy, pts[i * 3 + 2] + oz, nx, ny, nz),
  );
  const e = prof.edges;
  for (let i = 0; i < n - 1; i++) {
    const r0 = base + i * np;
    const r1 = r0 + np;
    for (let k = 0; k < e.length; k += 2) mesh.quad(r0 + e[k], r0 + e[k + 1], r1 + e[k + 1], r1 + e[k]);
  }
  return n * np;
}

/**
 * Appends node n (index among nodes) as its solid, kept light because nodes are as many as segments: a box is its
 * 8 corners and a cylinder its two rings, with normals averaged over the faces that meet there (edges shade soft;
 * at fitting sizes of 0.3–1 m that reads as a block, at a third of the vertices of flat faces).
 * Returns the number of vertices written.
 */
export function addNode(mesh: Mesh, frame: LocalFrame, data: Dataset, n: number, f: VertexFeature, sides: number): number {
  const nd = data.nodes;
  const solid = nodeSolid(NODE_TYPES[nd.type[n]], nd.depth[n], nd.pipeSize[n]);
  const g = nodeGround(data, n);
  const bot = frame.toLocal(nd.lon[n], nd.lat[n], g + solid.bottom, [0, 0, 0]);
  const top = frame.toLocal(nd.lon[n], nd.lat[n], g + solid.top, [0, 0, 0]);
  const base = mesh.vertexCount;
  const S = Math.SQRT1_2;
  if (solid.shape === 'cylinder') {
    const c = circle(sides);
    const r = solid.hx;
    // ring k: bottom vertex base + 2k, top vertex base + 2k + 1; normals half radial, half down / up
    for (let k = 0; k < sides; k++) {
      const ex = c.unit[k * 2], ny = c.unit[k * 2 + 1];
      mesh.vertex(f, bot[0] + ex * r, bot[1] + ny * r, bot[2], ex * S, ny * S, -S);
      mesh.vertex(f, top[0] + ex * r, top[1] + ny * r, top[2], ex * S, ny * S, S);
    }
    for (let k = 0; k < sides; k++) {
      const k1 = (k + 1) % sides;
      mesh.quad(base + k * 2, base + k1 * 2, base + k1 * 2 + 1, base + k * 2 + 1);
    }
    // caps: fans over the ring vertices
    for (let k = 1; k < sides - 1; k++) {
      mesh.triangle(base + 1, base + k * 2 + 1, base + (k + 1) * 2 + 1);
      mesh.triangle(base, base + k * 2, base + (k + 1) * 2);
    }
    return mesh.vertexCount - base;
  }
  const hx = solid.hx, hy = solid.hy;
  const cx = (bot[0] + top[0]) / 2, cy = (bot[1] + top[1]) / 2;
  const z0 = bot[2], z1 = top[2];
  const R = 1 / Math.sqrt(3);
  // corner c: bit 0 east, bit 1 north, bit 2 top
  for (let c = 0; c < 8; c++) {
    const sx = c & 1 ? 1 : -1, sy = c & 2 ? 1 : -1, sz = c & 4 ? 1 : -1;
    mesh.vertex(f, cx + sx * hx, cy + sy * hy, sz > 0 ? z1 : z0, sx * R, sy * R, sz * R);
  }
  // faces as corner quads (ring order); triangle() winds each outwards
  const faces = [
    [1, 3, 7, 5], // east
    [0, 4, 6, 2], // west
    [2, 6, 7, 3], // north
    [0, 1, 5, 4], // south
    [4, 5, 7, 6], // top
    [0, 2, 3, 1], // bottom
  ];
  for (const q of faces) mesh.quad(base + q[0], base + q[1], base + q[2], base + q[3]);
  return mesh.vertexCount - base;
}

/** A polyline point closer than this to the line through its neighbours adds no visible bend to a tube. */
const STRAIGHT_TOLERANCE = 0.02;

/**
 * Drops interior points (flat xyz, in place) that lie within `tol` metres of the line joining the previous kept point
 * and the next point; returns the new length of the array.
 */
function dropStraightPoints(pts: number[], tol: number): number {
  let w = 3; // points [0, w) are kept; the first always is
  const n = pts.length / 3;
  for (let i = 1; i < n; i++) {
    if (i < n - 1) {
      const ax = pts[w - 3], ay = pts[w - 2], az = pts[w - 1];
      const cx = pts[i * 3 + 3] - ax, cy = pts[i * 3 + 4] - ay, cz = pts[i * 3 + 5] - az;
      const bx = pts[i * 3] - ax, by = pts[i * 3 + 1] - ay, bz = pts[i * 3 + 2] - az;
      const cl = Math.hypot(cx, cy, cz);
      if (cl > 0) {
        const t = (bx * cx + by * cy + bz * cz) / (cl * cl);
        const d = Math.hypot(bx - t * cx, by - t * cy, bz - t * cz);
        if (t > 0 && t < 1 && d < tol) continue;
      }
    }
    pts[w] = pts[i * 3];
    pts[w + 1] = pts[i * 3 + 1];
    pts[w + 2] = pts[i * 3 + 2];
    w += 3;
  }
  pts.length = w;
  return w;
}

/**
 * Appends segment s as its centreline (a line strip written as LINES pairs). Returns the vertices written.
 *
 * Each vertex gets a unit NORMAL along the line: outward at the two ends (first vertex backwards, last forwards),
 * the mean direction of its two edges in between. The pipe shader grows every vertex along its normal by about a
 * pixel so that thin tubes stay visible (src/viewer/pipeShader.ts); along the line that growth only lengthens the
 * line by a pixel at each end, never lifts it off its depth. Without a NORMAL Cesium would disable the custom vertex
 * shader on line tiles, with a console warning.
 */
export function addSegmentLine(mesh: Mesh, frame: LocalFrame, data: Dataset, s: number, f: VertexFeature): number {
  const seg = data.segments;
  const a = seg.coordStart[s];
  const b = seg.coordStart[s + 1];
  const xy = seg.coords;
  const t = lengthFractions(data, s);
  const n = b - a;
  if (lineScratch.length < n * 3) lineScratch = new Float64Array(n * 6);
  const local = lineScratch;
  for (let i = 0; i < n; i++) {
    const p = frame.toLocal(xy[(a + i) * 2], xy[(a + i) * 2 + 1], centreHeight(data, s, t[i]), tmpA);
    local[i * 3] = p[0];
    local[i * 3 + 1] = p[1];
    local[i * 3 + 2] = p[2];
  }
  const base = mesh.vertexCount;
  for (let i = 0; i < n; i++) {
    // direction from the previous point to the next one (one-sided at the ends), pointing forwards
    const from = Math.max(0, i - 1);
    const to = Math.min(n - 1, i + 1);
    let de = local[to * 3] - local[from * 3];
    let dn = local[to * 3 + 1] - local[from * 3 + 1];
    let du = local[to * 3 + 2] - local[from * 3 + 2];
    const len = Math.hypot(de, dn, du);
    if (len > 0) {
      de /= len;
      dn /= len;
      du /= len;
    } else {
      // a degenerate (zero-length) segment: any unit vector keeps the accessor valid; up is harmless for a point
      de = 0;
      dn = 0;
      du = 1;
    }
    const sign = i === 0 ? -1 : 1;
    mesh.vertex(f, local[i * 3], local[i * 3 + 1], local[i * 3 + 2], sign * de, sign * dn, sign * du);
    if (i > 0) mesh.line(base + i - 1, base + i);
  }
  return n;
}

/** Length of segment s in metres (planar at its first point). */
export function segmentLength(data: Dataset, s: number): number {
  const seg = data.segments;
  const a = seg.coordStart[s];
  const b = seg.coordStart[s + 1];
  const xy = seg.coords;
  const m = metresPerDegree(xy[a * 2 + 1]);
  let total = 0;
  for (let i = a + 1; i < b; i++) {
    total += Math.hypot((xy[i * 2] - xy[i * 2 - 2]) * m.lon, (xy[i * 2 + 1] - xy[i * 2 - 1]) * m.lat);
  }
  return total;
}
