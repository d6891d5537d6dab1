/**
 * Level of detail. Leaves hold every asset as solids; the tiles right above the leaves hold the centrelines (lines)
 * of all their segments (up to `lineBudget`); each tile higher up holds the lines of 1/`reduction` of what its
 * children show (up to `lineBudget`), the most important first: largest cross-section, then longest, then gid. So the
 * line pyramid costs about 1 + 1/4 + 1/16 + … ≈ 1.33 copies of the centrelines.
 * Because the order is global, a tile's selection is contained in each child's selection over the child's area, so
 * refining (REPLACE) only ever adds pipes and zooming out only drops the least important ones: big mains never
 * vanish, small pipes fade out from the far end.
 *
 * Geometric errors (metres; Cesium refines while error × screenHeight / (distance × 2·tan(fov/2)) > maxSSE):
 *  - leaf: 0;
 *  - inner tile holding all its subtree's segments: `lineError`, the error of lines instead of tubes and of
 *    leaving out the node solids (8 m: tubes replace lines at roughly 400 m on a 900 px high view);
 *  - inner tile that leaves segments out: the length of the longest segment left out (so a left-out pipe
 *    appears before it could span maxSSE pixels), and at least twice its children's error.
 */
import { segmentLength } from './geometry';
import type { Dataset } from './store';

export interface LodOptions {
  /** most lines in one tile */
  lineBudget: number;
  /** each level up shows 1/reduction of the lines below it */
  reduction: number;
  /** geometric error of lines instead of solids, metres */
  lineError: number;
}

export const DEFAULT_LOD: LodOptions = { lineBudget: 16384, reduction: 4, lineError: 8 };

export interface SegmentPriority {
  /** rank[gid] = position in importance order (0 = most important) */
  rank: Uint32Array;
  /** order[rank] = gid */
  order: Uint32Array;
  /** length of each segment, metres */
  length: Float32Array;
}

export function segmentPriority(data: Dataset): SegmentPriority {
  const seg = data.segments;
  const n = seg.count;
  const length = new Float32Array(n);
  for (let s = 0; s < n; s++) length[s] = segmentLength(data, s);
  const order = new Uint32Array(n);
  for (let s = 0; s < n; s++) order[s] = s;
  const size = (s: number): number => Math.max(seg.width[s], seg.height[s]);
  order.sort((a, b) => size(b) - size(a) || length[b] - length[a] || a - b);
  const rank = new Uint32Array(n);
  for (let r = 0; r < n; r++) rank[order[r]] = r;
  return { rank, order, length };
}

export interface LineSelection {
  /** selected segment gids, ascending */
  gids: Uint32Array;
  /** every subtree segment is selected */
  complete: boolean;
  /** longest left-out segment, metres (0 when complete) */
  maxOmittedLength: number;
}

/** The `budget` most important of `segments` (gids). */
export function selectLines(segments: Uint32Array, p: SegmentPriority, budget: number): LineSelection {
  if (segments.length <= budget) {
    return { gids: Uint32Array.from(segments).sort(), complete: true, maxOmittedLength: 0 };
  }
  const ranks = new Uint32Array(segments.length);
  for (let i = 0; i < segments.length; i++) ranks[i] = p.rank[segments[i]];
  ranks.sort();
  const gids = new Uint32Array(budget);
  for (let i = 0; i < budget; i++) gids[i] = p.order[ranks[i]];
  gids.sort();
  let maxOmitted = 0;
  for (let i = budget; i < ranks.length; i++) maxOmitted = Math.max(maxOmitted, p.length[p.order[ranks[i]]]);
  return { gids, complete: false, maxOmittedLength: maxOmitted };
}
