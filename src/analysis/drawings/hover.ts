/**
 * Hover on a drawing → a point in the world (the viewer's 3D marker): a pointer's x on the SVG → metres along the
 * drawing's axis (svg.ts `DrawingAxis`) → on a long profile the point along the path at that chainage at its invert
 * (elevations interpolated along the pipe), on a cross-section the point along the section line at the ground. Pure.
 */
import { pieceLength } from '../../domain/geodesy';
import type { LonLat } from '../../domain/schema';
import type { PathStep } from './path';
import type { DrawingAxis } from './svg';
import type { CrossSection, LongProfile } from './types';

/** A point of a drawing in the world: position, and elevations (metres, the data's datum) where known. */
export interface DrawingPoint {
  lon: number;
  lat: number;
  /** metres along the path or the line */
  chainage: number;
  /** the point's elevation: the invert on a profile, the ground on a section (null: no ground known) */
  elevation: number | null;
  /** the ground elevation there (null: none known) */
  ground: number | null;
}

/**
 * Metres along the drawing's axis at `x` (SVG user units); null left of metre 0 or right of the end by more than
 * `slackPx` (the table's first column, the margin).
 */
export function chainageAtX(axis: DrawingAxis, x: number, slackPx = 4): number | null {
  if (!(axis.right > axis.left) || x < axis.left - slackPx || x > axis.right + slackPx) return null;
  const m = ((x - axis.left) / (axis.right - axis.left)) * axis.span;
  return Math.min(Math.max(m, 0), axis.span);
}

/** The point `metres` along a polyline (clamped to its ends), straight pieces in the local metric. */
export function pointAlong(coords: readonly LonLat[], metres: number): LonLat {
  if (coords.length === 0) throw new Error('an empty line has no points');
  let walked = 0;
  for (let i = 1; i < coords.length; i++) {
    const a = coords[i - 1];
    const b = coords[i];
    const l = pieceLength(a[0], a[1], b[0], b[1]);
    if (l > 0 && walked + l >= metres) {
      const t = Math.max(0, (metres - walked) / l);
      return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
    }
    walked += l;
  }
  const last = metres <= 0 ? coords[0] : coords[coords.length - 1];
  return [last[0], last[1]];
}

const lerp = (a: number, b: number, t: number): number => a + (b - a) * t;

/**
 * The point of a long profile at `chainage` (clamped to the profile): on the segment that holds it, the position along
 * the pipe walked in the profile's direction, its invert and ground interpolated between the segment's ends. `path` is
 * the path the profile was made from (same order).
 */
export function profilePointAt(profile: LongProfile, path: readonly PathStep[], chainage: number): DrawingPoint | null {
  const segs = profile.segments;
  if (segs.length === 0 || segs.length !== path.length) return null;
  const ch = Math.min(Math.max(chainage, 0), profile.length);
  let k = segs.findIndex((s) => ch <= s.chainage1);
  if (k < 0) k = segs.length - 1;
  const s = segs[k];
  const step = path[k];
  const coords = step.reversed ? [...step.pipe.coords].reverse() : step.pipe.coords;
  const along = ch - s.chainage0;
  const f = s.length > 0 ? Math.min(Math.max(along / s.length, 0), 1) : 0;
  const [lon, lat] = pointAlong(coords, along);
  return { lon, lat, chainage: ch, elevation: lerp(s.invert0, s.invert1, f), ground: lerp(s.ground0, s.ground1, f) };
}

/**
 * The point of a cross-section at `offset` along its line (clamped): the ground there interpolated between the ground
 * points the section knows (its ends and every crossing); null ground when nothing was crossed.
 */
export function sectionPointAt(section: CrossSection, offset: number): DrawingPoint {
  const off = Math.min(Math.max(offset, 0), section.length);
  const [lon, lat] = pointAlong(section.line, off);
  const g = section.ground;
  let ground: number | null = null;
  if (g.length > 0) {
    ground = g[g.length - 1].elevation;
    for (let i = 1; i < g.length; i++) {
      if (off <= g[i].offset) {
        const d = g[i].offset - g[i - 1].offset;
        ground = d > 0 ? lerp(g[i - 1].elevation, g[i].elevation, (off - g[i - 1].offset) / d) : g[i].elevation;
        break;
      }
    }
  }
  return { lon, lat, chainage: off, elevation: ground, ground };
}
