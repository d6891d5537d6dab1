/**
 * How each node type is drawn: a vertical cylinder or an axis-aligned box (east/north/up), sized from the pipes that
 * meet at the node, placed at its recorded depth. Heights are relative to the node's ground (0 in "ellipsoid" mode).
 *
 *  - manhole, inlet: a shaft from just below the ground down to the recorded depth (the chamber bottom);
 *  - outfall: a head-wall block whose bottom is at the recorded depth;
 *  - hydrant: a post from the pipe up to 0.75 m above ground (above-ground hydrant, the common type);
 *  - valve, tee, bend, junction, meter, sensor: a small block centred on the pipe's centreline depth.
 */
import { NODE_TYPES } from './store';

export interface NodeSolid {
  shape: 'cylinder' | 'box';
  /** half-extents east and north (cylinder: both = radius), metres */
  hx: number;
  hy: number;
  /** heights of the bottom and top relative to ground, metres */
  bottom: number;
  top: number;
}

/** Cover plates sit this far below the ground so they do not z-fight with the globe surface. */
export const COVER_GAP = 0.02;
/** Pipe size assumed for fittings whose segments are unknown. */
const DEFAULT_PIPE = 0.3;

export function nodeSolid(typeIndex: number, depth: number, pipeSize: number): NodeSolid {
  const pipe = pipeSize > 0 ? pipeSize : DEFAULT_PIPE;
  const d = Math.max(0, depth);
  const type = NODE_TYPES[typeIndex];
  switch (type) {
    case 'manhole': {
      const r = Math.max(0.5, pipe / 2 + 0.2);
      return { shape: 'cylinder', hx: r, hy: r, bottom: -Math.max(d, COVER_GAP + 0.3), top: -COVER_GAP };
    }
    case 'inlet':
      return { shape: 'box', hx: 0.4, hy: 0.25, bottom: -Math.max(d, COVER_GAP + 0.3), top: -COVER_GAP };
    case 'outfall': {
      const h = Math.max(0.6, pipe / 2 + 0.3);
      const bottom = -d;
      return { shape: 'box', hx: h, hy: h, bottom, top: Math.min(-COVER_GAP, bottom + Math.max(1.2, pipe + 0.4)) };
    }
    case 'hydrant':
      return { shape: 'cylinder', hx: 0.12, hy: 0.12, bottom: -d - 0.1, top: 0.75 };
    case 'valve': {
      const h = Math.max(0.25, 0.65 * pipe);
      return { shape: 'box', hx: h, hy: h, bottom: -d - h, top: -d + h };
    }
    case 'meter': {
      const h = Math.max(0.2, 0.6 * pipe);
      return { shape: 'box', hx: h * 1.5, hy: h, bottom: -d - h, top: -d + h };
    }
    case 'sensor': {
      const h = Math.max(0.15, 0.55 * pipe);
      return { shape: 'box', hx: h, hy: h, bottom: -d - h, top: -d + h };
    }
    default: {
      // tee, bend, junction
      const h = Math.max(0.15, 0.6 * pipe);
      return { shape: 'box', hx: h, hy: h, bottom: -d - h, top: -d + h };
    }
  }
}
