/**
 * Shared geometry of the drawings: a pipe's outer size, inverts and crowns, interpolation along its polyline, and
 * plane geometry in local metres around an origin (domain/geodesy.ts metric). Pure.
 */
import { metresPerDegree } from '../../domain/geodesy';
import type { LonLat } from '../../domain/schema';
import type { DrawingPipe } from './types';

/** Outer width and height of a pipe's section in metres (DN for round pipes, box w × h); 0 when neither is known. */
export function pipeSize(p: Pick<DrawingPipe, 'dn' | 'box'>): { width: number; height: number } {
  if (p.box) return { width: p.box.w / 1000, height: p.box.h / 1000 };
  const d = (p.dn ?? 0) / 1000;
  return { width: d, height: d };
}

/** Invert elevation at the start (end = 0 / 1) of a pipe: the recorded invert, else ground − depth − height. */
export function invertAt(p: DrawingPipe, end: 0 | 1): number {
  const rec = end === 0 ? p.invert0 : p.invert1;
  if (rec !== null && Number.isFinite(rec)) return rec;
  const { height } = pipeSize(p);
  return end === 0 ? p.ground0 - p.depth0 - height : p.ground1 - p.depth1 - height;
}

/** A local plane in metres (x east, y north) around an origin; good for a few kilometres. */
export interface LocalPlane {
  x(lon: number): number;
  y(lat: number): number;
  lonLat(x: number, y: number): LonLat;
}

export function localPlane(origin: readonly [number, number]): LocalPlane {
  const k = metresPerDegree(origin[1]);
  return {
    x: (lon) => (lon - origin[0]) * k.lon,
    y: (lat) => (lat - origin[1]) * k.lat,
    lonLat: (x, y) => [origin[0] + x / k.lon, origin[1] + y / k.lat],
  };
}

/**
 * Intersection of the pieces p0→p1 and q0→q1 (plane coordinates): the parameters (t along p, u along q, both in
 * [0, 1]) or null when they do not meet (parallel pieces never meet here).
 */
export function intersectPieces(
  p0x: number, p0y: number, p1x: number, p1y: number,
  q0x: number, q0y: number, q1x: number, q1y: number,
): { t: number; u: number } | null {
  const rx = p1x - p0x;
  const ry = p1y - p0y;
  const sx = q1x - q0x;
  const sy = q1y - q0y;
  const den = rx * sy - ry * sx;
  if (den === 0) return null;
  const qpx = q0x - p0x;
  const qpy = q0y - p0y;
  const t = (qpx * sy - qpy * sx) / den;
  const u = (qpx * ry - qpy * rx) / den;
  if (t < 0 || t > 1 || u < 0 || u > 1) return null;
  return { t, u };
}

/** Distance from point (px, py) to the piece a→b. */
export function pointPieceDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const l2 = dx * dx + dy * dy;
  let t = l2 === 0 ? 0 : ((px - ax) * dx + (py - ay) * dy) / l2;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const ex = ax + t * dx - px;
  const ey = ay + t * dy - py;
  return Math.sqrt(ex * ex + ey * ey);
}

/** Shortest distance between two pieces that do not cross. */
export function pieceDistance(
  p0x: number, p0y: number, p1x: number, p1y: number,
  q0x: number, q0y: number, q1x: number, q1y: number,
): number {
  return Math.min(
    pointPieceDistance(p0x, p0y, q0x, q0y, q1x, q1y),
    pointPieceDistance(p1x, p1y, q0x, q0y, q1x, q1y),
    pointPieceDistance(q0x, q0y, p0x, p0y, p1x, p1y),
    pointPieceDistance(q1x, q1y, p0x, p0y, p1x, p1y),
  );
}

/** Acute angle between two directions, degrees 0…90. */
export function acuteAngle(ax: number, ay: number, bx: number, by: number): number {
  const la = Math.hypot(ax, ay);
  const lb = Math.hypot(bx, by);
  if (la === 0 || lb === 0) return 0;
  const c = Math.abs(ax * bx + ay * by) / (la * lb);
  return (Math.acos(Math.min(1, c)) * 180) / Math.PI;
}

/** Linear interpolation of a start / end value at fraction f. */
export function lerp(a: number, b: number, f: number): number {
  return a + (b - a) * f;
}
