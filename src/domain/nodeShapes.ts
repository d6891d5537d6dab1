/**
 * How each node type is drawn: the one home of these rules, used by the tiler (the solids in the tiles) and the
 * viewer (where it frames and clicks a node). A node is a vertical cylinder or an axis-aligned box (east/north/up),
 * sized from the pipes that meet at it, placed at its recorded depth. Heights are relative to the node's ground (0 in
 * "ellipsoid" mode).
 *
 *  - manhole: a shaft (cylinder) from just below the ground down to the recorded depth (the chamber bottom);
 *  - inlet: a gully box, same span;
 *  - outfall: a head-wall block whose bottom is at the recorded depth;
 *  - hydrant: a post from the pipe up to 0.75 m above ground (above-ground hydrant, the common type);
 *  - valve, meter, sensor, tee, bend, junction: a small block centred on the pipe's centreline depth.
 * Pure: no Cesium, no DOM, no Node.
 */
import type { NodeType } from './schema';

/** Every node type, in the order whose index the tiler stores per node. */
export const NODE_TYPES = [
  'manhole',
  'valve',
  'hydrant',
  'tee',
  'bend',
  'outfall',
  'meter',
  'sensor',
  'junction',
  'inlet',
] as const satisfies readonly NodeType[];

/** Index of a node type in NODE_TYPES; -1 for anything else. */
export function nodeTypeIndex(t: string): number {
  return (NODE_TYPES as readonly string[]).indexOf(t);
}

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

/** Block sizes of the fittings centred on the pipe: half-size = max(minimum, factor × pipe size), metres. */
const FITTING_BLOCKS = {
  valve: { min: 0.25, factor: 0.65, eastStretch: 1 },
  meter: { min: 0.2, factor: 0.6, eastStretch: 1.5 },
  sensor: { min: 0.15, factor: 0.55, eastStretch: 1 },
  /** tee, bend, junction */
  fitting: { min: 0.15, factor: 0.6, eastStretch: 1 },
} as const;

/**
 * The solid of a node of `type` at `depth` (m below ground) where pipes of `pipeSize` (m across, ≤ 0 = unknown)
 * meet.
 */
export function nodeSolid(type: NodeType, depth: number, pipeSize: number): NodeSolid {
  const pipe = pipeSize > 0 ? pipeSize : DEFAULT_PIPE;
  const d = Math.max(0, depth);
  const shaftBottom = -Math.max(d, COVER_GAP + 0.3);
  switch (type) {
    case 'manhole': {
      const r = Math.max(0.5, pipe / 2 + 0.2);
      return { shape: 'cylinder', hx: r, hy: r, bottom: shaftBottom, top: -COVER_GAP };
    }
    case 'inlet':
      return { shape: 'box', hx: 0.4, hy: 0.25, bottom: shaftBottom, top: -COVER_GAP };
    case 'outfall': {
      const h = Math.max(0.6, pipe / 2 + 0.3);
      const bottom = -d;
      return { shape: 'box', hx: h, hy: h, bottom, top: Math.min(-COVER_GAP, bottom + Math.max(1.2, pipe + 0.4)) };
    }
    case 'hydrant':
      return { shape: 'cylinder', hx: 0.12, hy: 0.12, bottom: -d - 0.1, top: 0.75 };
    default: {
      const b = type === 'valve' || type === 'meter' || type === 'sensor' ? FITTING_BLOCKS[type] : FITTING_BLOCKS.fitting;
      const h = Math.max(b.min, b.factor * pipe);
      return { shape: 'box', hx: h * b.eastStretch, hy: h, bottom: -d - h, top: -d + h };
    }
  }
}

/**
 * Height of the middle of a node's solid relative to its ground, when the size of its pipes is not known (the
 * viewer's case): inside the solid the tiler draws for any pipe size, since only an outfall's top depends on it and
 * only grows with it.
 */
export function nodeCentreOffset(type: NodeType, depth: number): number {
  const s = nodeSolid(type, depth, 0);
  return (s.bottom + s.top) / 2;
}
