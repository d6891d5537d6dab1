/**
 * Spatial partition of assets: an explicit quadtree over the dataset's extent (made square in metres), split until a
 * cell holds at most `maxFeatures` assets and, unless it holds only a few (≤ maxFeatures / 8), is at most
 * `maxLeafSize` metres wide (so 16-bit positions stay finer than a centimetre), or `maxDepth` is reached. Each asset belongs to exactly one leaf, chosen
 * by its anchor (a segment's bounding-box centre, a node's position), so every gid appears once in the tileset.
 */
import { metresPerDegree } from './geodesy';
import { featureCount, type Dataset } from './store';

export interface QuadNode {
  level: number;
  x: number;
  y: number;
  /** cell in degrees (the split grid; content may spill over, bounding volumes come from content) */
  west: number;
  south: number;
  east: number;
  north: number;
  /** gids of the assets in this cell, ascending (leaves only) */
  gids: Uint32Array | null;
  children: QuadNode[];
  /** assets in this subtree */
  count: number;
}

/** Anchor point [lon, lat] of every asset, by gid. */
export function anchors(data: Dataset): Float64Array {
  const seg = data.segments;
  const nd = data.nodes;
  const out = new Float64Array(featureCount(data) * 2);
  const xy = seg.coords;
  for (let s = 0; s < seg.count; s++) {
    let w = Infinity, e = -Infinity, so = Infinity, no = -Infinity;
    for (let i = seg.coordStart[s]; i < seg.coordStart[s + 1]; i++) {
      const lon = xy[i * 2], lat = xy[i * 2 + 1];
      if (lon < w) w = lon;
      if (lon > e) e = lon;
      if (lat < so) so = lat;
      if (lat > no) no = lat;
    }
    out[s * 2] = (w + e) / 2;
    out[s * 2 + 1] = (so + no) / 2;
  }
  for (let n = 0; n < nd.count; n++) {
    out[(seg.count + n) * 2] = nd.lon[n];
    out[(seg.count + n) * 2 + 1] = nd.lat[n];
  }
  return out;
}

export interface QuadtreeOptions {
  maxFeatures: number;
  maxDepth: number;
  /** widest leaf cell, metres */
  maxLeafSize: number;
}

export function buildQuadtree(anchor: Float64Array, opts: QuadtreeOptions): QuadNode {
  const n = anchor.length / 2;
  let w = Infinity, e = -Infinity, s = Infinity, no = -Infinity;
  for (let i = 0; i < n; i++) {
    const lon = anchor[i * 2], lat = anchor[i * 2 + 1];
    if (lon < w) w = lon;
    if (lon > e) e = lon;
    if (lat < s) s = lat;
    if (lat > no) no = lat;
  }
  if (n === 0) {
    w = e = s = no = 0;
  }
  // square in metres, with a little room so no anchor sits on the outer edge
  const m = metresPerDegree((s + no) / 2);
  const half = Math.max(((e - w) * m.lon) / 2, ((no - s) * m.lat) / 2, 1) * 1.001;
  const cx = (w + e) / 2, cy = (s + no) / 2;
  const all = new Uint32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  const sizeAt = (level: number): number => (2 * half) / 2 ** level;
  return split(anchor, all, 0, 0, 0, cx - half / m.lon, cy - half / m.lat, cx + half / m.lon, cy + half / m.lat, { ...opts, sizeAt });
}

function split(
  anchor: Float64Array,
  gids: Uint32Array,
  level: number,
  x: number,
  y: number,
  west: number,
  south: number,
  east: number,
  north: number,
  opts: QuadtreeOptions & { sizeAt: (level: number) => number },
): QuadNode {
  const node: QuadNode = { level, x, y, west, south, east, north, gids: null, children: [], count: gids.length };
  // a cell wider than maxLeafSize is split only when it holds enough assets for its size to matter: sparse cells
  // stay whole (a few hundred assets with float positions cost less than many tiny tiles)
  const small =
    gids.length <= opts.maxFeatures && (opts.sizeAt(level) <= opts.maxLeafSize || gids.length <= opts.maxFeatures / 8);
  if (small || gids.length <= 1 || level >= opts.maxDepth) {
    node.gids = gids;
    return node;
  }
  const midLon = (west + east) / 2;
  const midLat = (south + north) / 2;
  // quadrant q = (north ? 2 : 0) + (east ? 1 : 0)
  const counts = [0, 0, 0, 0];
  const quad = new Uint8Array(gids.length);
  for (let i = 0; i < gids.length; i++) {
    const g = gids[i];
    const q = (anchor[g * 2 + 1] >= midLat ? 2 : 0) + (anchor[g * 2] >= midLon ? 1 : 0);
    quad[i] = q;
    counts[q]++;
  }
  const parts = counts.map((c) => new Uint32Array(c));
  const fill = [0, 0, 0, 0];
  for (let i = 0; i < gids.length; i++) parts[quad[i]][fill[quad[i]]++] = gids[i];
  for (let q = 0; q < 4; q++) {
    if (counts[q] === 0) continue;
    const east_ = (q & 1) === 1;
    const north_ = (q & 2) === 2;
    node.children.push(
      split(
        anchor,
        parts[q],
        level + 1,
        x * 2 + (east_ ? 1 : 0),
        y * 2 + (north_ ? 1 : 0),
        east_ ? midLon : west,
        north_ ? midLat : south,
        east_ ? east : midLon,
        north_ ? north : midLat,
        opts,
      ),
    );
  }
  return node;
}

export function* leaves(node: QuadNode): Generator<QuadNode> {
  if (node.gids) yield node;
  for (const c of node.children) yield* leaves(c);
}
