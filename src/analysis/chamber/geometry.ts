/**
 * The chamber close-up's geometry: a chamber (manhole, valve or meter chamber, gully, outfall head wall) to scale and
 * the pipes that enter it, in local metres around the node — x east, y north, z up with 0 at the node's ground. Pure:
 * no three.js, no DOM; the viewer (src/viewer/chamberScene.ts) only turns this into meshes and the panel
 * (src/ui/chamberPanel.ts) only words the labels.
 *
 * - Plan shape and size follow the node-shape rules (src/domain/nodeShapes.ts): a manhole is round, the others are
 *   rectangular. For the fittings that the tiles draw as a block on the pipe (valve, meter) the chamber is that block
 *   plus working space round it.
 * - Wall, slab and cover sizes are typical values of the national standard atlases for brick and concrete chambers
 *   (240 mm brick walls, 200 mm concrete, a Φ700 cover, steps every 360 mm) — engineering estimates, not survey data,
 *   and kept here as data (CHAMBER_BUILD).
 * - A pipe enters along the bearing of its first coordinate leg away from the node (the first leg for a pipe that
 *   starts here, the last leg reversed for one that ends here), aimed at the chamber's centre line, horizontal; its
 *   invert is the recorded invert for drainage (invert0/invert1), else ground − depth − height
 *   (src/analysis/drawings/pipeGeometry.ts, the one home of that rule).
 */
import { category, material as materialDef, type RGB } from '../../domain/categories';
import { offsetMetres } from '../../domain/geodesy';
import { nodeSolid } from '../../domain/nodeShapes';
import type { NodeType, PipeNode, PipeSegment } from '../../domain/schema';
import { invertAt, pipeSize } from '../drawings/pipeGeometry';

export { CHAMBER_TYPES, hasChamber } from './chamberTypes';

/** Typical build-up (engineering estimates, see the module comment), metres. */
export const CHAMBER_BUILD = {
  /** brick walls of manholes and gullies */
  brickWall: 0.24,
  /** cast concrete walls of valve and meter chambers and outfall head walls */
  concreteWall: 0.2,
  /** base slab under the floor */
  base: 0.2,
  /** roof slab (rectangular chambers) or cover frame ring (manholes) */
  roof: 0.2,
  /** clear opening of the cover */
  coverDiameter: 0.7,
  /** vertical spacing of the steps (踏步) */
  stepSpacing: 0.36,
  /** the first step this far below the ground, the last no lower than this above the floor */
  stepTop: 0.5,
  stepBottom: 0.3,
  /** step tread: how far it stands off the wall, and its width */
  stepDepth: 0.12,
  stepWidth: 0.3,
  /** valve / meter chambers: working space round the fitting's block, and under it */
  workingSpace: 0.5,
  floorClearance: 0.3,
  /** shortest pipe stub drawn outside the wall */
  stubMin: 1.5,
  /** pipe wall drawn for the cut (the records carry no wall thickness): this share of the size, at least 10 mm */
  pipeWallRatio: 0.08,
  pipeWallMin: 0.01,
} as const;

export interface ChamberShell {
  shape: 'round' | 'rect';
  /** inner half-extents east and north (round: both = the inner radius), metres */
  hx: number;
  hy: number;
  wall: number;
  /** floor (inside bottom) height, relative to ground; always < 0 */
  floor: number;
  /** base slab thickness under the floor */
  base: number;
  /** roof slab / cover ring thickness under the ground */
  roof: number;
  /** clear cover opening, metres */
  coverDiameter: number;
}

export interface ChamberStep {
  /** height of the tread, relative to ground */
  z: number;
}

export interface PipeEntry {
  id: string;
  /** 'start' when the pipe starts at this node (flows out of it for gravity networks), 'end' when it ends here */
  end: 'start' | 'end';
  /** bearing of the pipe away from the node, degrees clockwise from north, [0, 360) */
  bearing: number;
  /** unit direction away from the node, [east, north] */
  dir: [number, number];
  /** outer width and height, metres (round: both = DN/1000) */
  width: number;
  height: number;
  round: boolean;
  /** inner (bore) width and height, metres: the outer size less the drawn pipe wall */
  boreWidth: number;
  boreHeight: number;
  /** invert (bottom of the pipe), centre line and crown heights relative to the node's ground */
  invert: number;
  centre: number;
  crown: number;
  /** invert elevation (m above datum) and depth to the crown at this end as recorded (管顶埋深) */
  invertElevation: number;
  depth: number;
  /** where the pipe's axis meets the inner and the outer wall face, [x, y] */
  inner: [number, number];
  outer: [number, number];
  /** where the drawn pipe starts, [x, y]: the inner wall face, or the fitting's face in a valve or meter chamber */
  from: [number, number];
  /** length drawn from `from` outwards */
  length: number;
  /** where its label hangs: above the crown at the far end of the stub, [x, y, z] */
  labelAt: [number, number, number];
  /** CJJ 61 standard colour of the category */
  color: RGB;
  /** label parts; the panel words them */
  label: PipeLabel;
}

export interface PipeLabel {
  id: string;
  /** the size as recorded (the panel words it with ui/format.ts sizeText) */
  dn: number | null;
  box: { w: number; h: number } | null;
  materialCode: string;
  material: { zh: string; en: string } | null;
  /** invert elevation, metres, 2 decimals */
  invertElevation: string;
  /** depth to the crown, metres, 2 decimals */
  depth: string;
  /** true when the invert came from the record (drainage), false when derived from depth and size */
  recordedInvert: boolean;
}

export interface ChamberModel {
  nodeId: string;
  type: NodeType;
  ground: number;
  depth: number;
  shell: ChamberShell;
  /** valve and meter chambers: the fitting itself (the node's solid from nodeShapes.ts), heights relative to ground */
  fitting: { hx: number; hy: number; bottom: number; top: number } | null;
  /** steps on the inner wall at this bearing (degrees from north), top to bottom */
  stepBearing: number;
  steps: ChamberStep[];
  pipes: PipeEntry[];
  /** the node's own records that the panel names: segment ids listed on the node but not given */
  missing: string[];
  /** half-size of the scene (for the camera): the widest reach of the pipes, metres */
  reach: number;
}

const round2 = (v: number): string => (Math.round(v * 100) / 100).toFixed(2);

/** Bearing in degrees clockwise from north of the direction [east, north], in [0, 360). */
export function bearingOf(east: number, north: number): number {
  const b = (Math.atan2(east, north) * 180) / Math.PI;
  const r = b < 0 ? b + 360 : b;
  return r >= 360 ? 0 : r;
}

/** Distance from the centre along unit direction (ux, uy) to the face of a box of half-extents hx, hy or a circle. */
function reachToFace(shape: 'round' | 'rect', hx: number, hy: number, ux: number, uy: number): number {
  if (shape === 'round') return hx;
  const ax = Math.abs(ux) > 1e-12 ? hx / Math.abs(ux) : Infinity;
  const ay = Math.abs(uy) > 1e-12 ? hy / Math.abs(uy) : Infinity;
  return Math.min(ax, ay);
}

/** A chamber built round a fitting on the pipe (valve, meter), rather than a shaft the pipes run into. */
function isFitting(type: NodeType): boolean {
  return type !== 'manhole' && type !== 'inlet' && type !== 'outfall';
}

function fittingBlock(type: NodeType, depth: number, pipeSize: number): { hx: number; hy: number; bottom: number; top: number } {
  const s = nodeSolid(type, depth, pipeSize);
  return { hx: s.hx, hy: s.hy, bottom: s.bottom, top: s.top };
}

/** The chamber's shell: plan from the node-shape rules, depth from the record. */
export function chamberShell(type: NodeType, depth: number, pipeSize: number): ChamberShell {
  const solid = nodeSolid(type, depth, pipeSize);
  const b = CHAMBER_BUILD;
  const fitting = isFitting(type);
  const hx = fitting ? solid.hx + b.workingSpace : solid.hx;
  const hy = fitting ? solid.hy + b.workingSpace : solid.hy;
  const floor = fitting ? solid.bottom - b.floorClearance : Math.min(solid.bottom, -(b.roof + 0.3));
  return {
    shape: solid.shape === 'cylinder' ? 'round' : 'rect',
    hx,
    hy,
    wall: type === 'manhole' || type === 'inlet' ? b.brickWall : b.concreteWall,
    floor,
    base: b.base,
    roof: b.roof,
    coverDiameter: Math.min(b.coverDiameter, 2 * Math.min(hx, hy)),
  };
}

/** The middle of the widest angular gap between the bearings (degrees); 0 (north) when there are none. */
export function widestGapBearing(bearings: readonly number[]): number {
  if (bearings.length === 0) return 0;
  const s = [...bearings].sort((a, b) => a - b);
  let best = -1;
  let at = 0;
  for (let i = 0; i < s.length; i++) {
    const a = s[i]!;
    const next = i + 1 < s.length ? s[i + 1]! : s[0]! + 360;
    const gap = next - a;
    if (gap > best) {
      best = gap;
      at = a + gap / 2;
    }
  }
  return at % 360;
}

/** Step treads from CHAMBER_BUILD.stepTop below ground down to stepBottom above the floor, every stepSpacing. */
export function chamberSteps(shell: ChamberShell): ChamberStep[] {
  const b = CHAMBER_BUILD;
  const out: ChamberStep[] = [];
  const lowest = shell.floor + b.stepBottom;
  // whole millimetres, so that 0.5 + k × 0.36 does not drift past the last step
  for (let k = 0; ; k++) {
    const z = -Math.round((b.stepTop + k * b.stepSpacing) * 1000) / 1000;
    if (z < lowest - 1e-9) break;
    out.push({ z });
  }
  return out;
}

/**
 * The chamber close-up of `node` with the segments that meet there (any order; those not touching the node are
 * ignored). Pipes are sorted by bearing.
 */
export function chamberModel(node: PipeNode, segments: readonly PipeSegment[]): ChamberModel {
  const touching = segments.filter((s) => (s.from === node.id || s.to === node.id) && s.coords.length >= 2);
  const biggest = touching.reduce((m, s) => Math.max(m, pipeSize(s).height, pipeSize(s).width), 0);
  const shell = chamberShell(node.type, node.depth, biggest);
  const fitting = isFitting(node.type) ? fittingBlock(node.type, node.depth, biggest) : null;
  const b = CHAMBER_BUILD;
  const pipes: PipeEntry[] = [];
  for (const s of touching) {
    // a loop segment (from = to = node) enters twice: once at each end
    const ends: ('start' | 'end')[] = [];
    if (s.from === node.id) ends.push('start');
    if (s.to === node.id) ends.push('end');
    for (const end of ends) {
      const n = s.coords.length;
      const here = end === 'start' ? s.coords[0]! : s.coords[n - 1]!;
      const next = end === 'start' ? s.coords[1]! : s.coords[n - 2]!;
      let [e, nn] = offsetMetres(here, next);
      const len = Math.hypot(e, nn);
      if (len < 1e-9) {
        e = 0;
        nn = 1;
      } else {
        e /= len;
        nn /= len;
      }
      const { width, height } = pipeSize(s);
      const endIdx = end === 'start' ? 0 : 1;
      const invertElevation = invertAt(s, endIdx);
      const invert = invertElevation - node.ground;
      const depth = end === 'start' ? s.depth0 : s.depth1;
      const rec = end === 'start' ? s.invert0 : s.invert1;
      const recorded = rec !== null && Number.isFinite(rec);
      const rIn = reachToFace(shell.shape, shell.hx, shell.hy, e, nn);
      const rOut = reachToFace(shell.shape, shell.hx + shell.wall, shell.hy + shell.wall, e, nn);
      const stub = Math.max(b.stubMin, 3 * Math.max(width, height));
      const mat = materialDef(s.material);
      const pipeWall = Math.max(b.pipeWallMin, b.pipeWallRatio * Math.max(width, height));
      const far = rIn + (rOut - rIn + stub);
      const rFrom = fitting ? reachToFace('rect', fitting.hx, fitting.hy, e, nn) : rIn;
      pipes.push({
        id: s.id,
        end,
        bearing: bearingOf(e, nn),
        dir: [e, nn],
        width,
        height,
        round: s.box === null,
        boreWidth: Math.max(0, width - 2 * pipeWall),
        boreHeight: Math.max(0, height - 2 * pipeWall),
        invert,
        centre: invert + height / 2,
        crown: invert + height,
        invertElevation,
        depth,
        inner: [rIn * e, rIn * nn],
        outer: [rOut * e, rOut * nn],
        from: [rFrom * e, rFrom * nn],
        length: far - rFrom,
        labelAt: [far * e, far * nn, invert + height + 0.15],
        color: category(s.cat)?.standard ?? [128, 128, 128],
        label: {
          id: s.id,
          dn: s.dn,
          box: s.box,
          materialCode: s.material,
          material: mat ? { zh: mat.zh, en: mat.en } : null,
          invertElevation: round2(invertElevation),
          depth: round2(depth),
          recordedInvert: recorded,
        },
      });
    }
  }
  pipes.sort((a, c) => a.bearing - c.bearing || a.id.localeCompare(c.id));
  const given = new Set(touching.map((s) => s.id));
  const reach = pipes.reduce((m, p) => Math.max(m, Math.hypot(p.from[0], p.from[1]) + p.length), Math.max(shell.hx, shell.hy) + shell.wall);
  return {
    nodeId: node.id,
    type: node.type,
    ground: node.ground,
    depth: node.depth,
    shell,
    fitting,
    stepBearing: widestGapBearing(pipes.map((p) => p.bearing)),
    steps: chamberSteps(shell),
    pipes,
    missing: node.segments.filter((id) => !given.has(id)),
    reach,
  };
}
