/**
 * Long profile (纵断面) along a path of pipes (path.ts): stations at the nodes (ground, inverts in and out, depth,
 * drops), segments with chainage, length, inverts, crowns, slope and diameter; adverse slopes (the invert rises along
 * the profile) and steps up at nodes flagged. Pure.
 */
import { polylineLength } from '../../domain/geodesy';
import { invertAt, pipeSize } from './pipeGeometry';
import type { PathStep } from './path';
import type { DrawingNode, LongProfile, ProfileSegment, ProfileStation } from './types';

/** Tolerances, metres: a rise over ADVERSE_M along a pipe is adverse; a difference over STEP_M at a node is a drop / step. */
export const ADVERSE_M = 0.001;
export const STEP_M = 0.005;

export function longProfile(path: readonly PathStep[], nodes: ReadonlyMap<string, DrawingNode> = new Map()): LongProfile {
  if (path.length === 0) throw new Error('a profile needs at least one pipe');
  const segments: ProfileSegment[] = [];
  let ch = 0;
  for (const { pipe: p, reversed } of path) {
    const length = p.coords.length >= 2 ? polylineLength(p.coords) : 0;
    const { height } = pipeSize(p);
    const i0 = invertAt(p, reversed ? 1 : 0);
    const i1 = invertAt(p, reversed ? 0 : 1);
    const slope = length > 0 ? (i0 - i1) / length : 0;
    segments.push({
      id: p.id,
      gid: p.gid,
      cat: p.cat,
      sub: p.sub,
      dn: p.dn,
      box: p.box,
      material: p.material,
      reversed,
      chainage0: ch,
      chainage1: ch + length,
      length,
      ground0: reversed ? p.ground1 : p.ground0,
      ground1: reversed ? p.ground0 : p.ground1,
      invert0: i0,
      invert1: i1,
      crown0: i0 + height,
      crown1: i1 + height,
      slope,
      adverse: i1 - i0 > ADVERSE_M,
    });
    ch += length;
  }
  const nodeIds = [path[0].reversed ? path[0].pipe.to : path[0].pipe.from, ...path.map((s) => (s.reversed ? s.pipe.from : s.pipe.to))];
  const stations: ProfileStation[] = nodeIds.map((id, k) => {
    const inSeg = k > 0 ? segments[k - 1] : null;
    const outSeg = k < segments.length ? segments[k] : null;
    const node = nodes.get(id);
    const ground = node?.ground ?? (outSeg ? outSeg.ground0 : (inSeg as ProfileSegment).ground1);
    const invertIn = inSeg ? inSeg.invert1 : null;
    const invertOut = outSeg ? outSeg.invert0 : null;
    const lowest = Math.min(invertIn ?? Infinity, invertOut ?? Infinity);
    const drop = invertIn !== null && invertOut !== null ? invertIn - invertOut : null;
    const flag = drop === null ? null : drop > STEP_M ? 'drop' : drop < -STEP_M ? 'step-up' : null;
    return {
      id,
      type: node?.type ?? 'unknown',
      chainage: inSeg ? inSeg.chainage1 : 0,
      ground,
      invertIn,
      invertOut,
      depth: ground - lowest,
      drop: drop === null ? null : Math.round(drop * 1000) / 1000,
      flag,
    };
  });
  return {
    kind: 'long-profile',
    from: nodeIds[0],
    to: nodeIds[nodeIds.length - 1],
    stations,
    segments,
    length: ch,
    counts: {
      adverse: segments.filter((s) => s.adverse).length,
      drops: stations.filter((s) => s.flag === 'drop').length,
      stepUps: stations.filter((s) => s.flag === 'step-up').length,
    },
  };
}
