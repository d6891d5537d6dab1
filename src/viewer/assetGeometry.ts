/**
 * Where an asset is drawn, from its record: the middle of a segment's centreline (by length) or a node's centre, at
 * the render height the tiler uses (shared/design.md "Depth": centreline = ground − depth − size/2; with heightMode
 * "ellipsoid" ground is 0). Pure (no Cesium): used to frame, click and test assets.
 */
import { DEG, offsetMetres, polylineLength } from '../domain/geodesy';
import { nodeCentreOffset } from '../domain/nodeShapes';
import type { AssetRecord, HeightMode, PipeNode, PipeSegment } from '../domain/schema';

export interface Anchor {
  lon: number;
  lat: number;
  /** ellipsoid height of the centre, metres */
  height: number;
  /** compass bearing of the segment at its middle, degrees (0 north, clockwise); 0 for nodes */
  bearing: number;
  /** segment length (m); 0 for nodes */
  length: number;
  /** outer size across (m): diameter, box width, or a node's nominal size */
  size: number;
}

export { polylineLength } from '../domain/geodesy';

/** Pipe height (m) across: DN or box height. */
export function segmentHeightM(s: Pick<PipeSegment, 'dn' | 'box'>): number {
  if (s.box) return s.box.h / 1000;
  return (s.dn ?? 0) / 1000;
}

export function segmentWidthM(s: Pick<PipeSegment, 'dn' | 'box'>): number {
  if (s.box) return s.box.w / 1000;
  return (s.dn ?? 0) / 1000;
}

function segmentAnchor(s: PipeSegment, heightMode: HeightMode): Anchor {
  const total = polylineLength(s.coords);
  const half = total / 2;
  let walked = 0;
  let lon = s.coords[0][0];
  let lat = s.coords[0][1];
  let bearing = 0;
  for (let i = 1; i < s.coords.length; i++) {
    const [dx, dy] = offsetMetres(s.coords[i - 1], s.coords[i]);
    const d = Math.hypot(dx, dy);
    if (walked + d >= half || i === s.coords.length - 1) {
      const f = d > 0 ? Math.min(1, Math.max(0, (half - walked) / d)) : 0;
      lon = s.coords[i - 1][0] + f * (s.coords[i][0] - s.coords[i - 1][0]);
      lat = s.coords[i - 1][1] + f * (s.coords[i][1] - s.coords[i - 1][1]);
      bearing = ((Math.atan2(dx, dy) / DEG) + 360) % 360;
      break;
    }
    walked += d;
  }
  const depth = (s.depth0 + s.depth1) / 2;
  const ground = heightMode === 'ellipsoid' ? 0 : (s.ground0 + s.ground1) / 2;
  const h = segmentHeightM(s);
  return { lon, lat, height: ground - depth - h / 2, bearing, length: total, size: Math.max(segmentWidthM(s), h) };
}

function nodeAnchor(n: PipeNode, heightMode: HeightMode): Anchor {
  const ground = heightMode === 'ellipsoid' ? 0 : n.ground;
  return {
    lon: n.position[0],
    lat: n.position[1],
    // the middle of the solid the tiler draws for its type (src/domain/nodeShapes.ts)
    height: ground + nodeCentreOffset(n.type, n.depth),
    bearing: 0,
    length: 0,
    size: 1,
  };
}

export function assetAnchor(r: AssetRecord, heightMode: HeightMode): Anchor {
  return r.kind === 'segment' ? segmentAnchor(r, heightMode) : nodeAnchor(r, heightMode);
}
