/** Review fixtures: planar metres in EPSG:4545 around an origin, converted to lon/lat for the analyses. */
import { crsDef, toLonLat } from '../../../../src/analysis/crs';
import type { CategoryCode, LonLat, PipeSegment } from '../../../../src/domain/schema';
import { featureToSegment } from '../../../../tools/query/network';

const CRS = crsDef(4545)!;

export function lonLatOf(origin: readonly number[], xy: readonly number[]): LonLat {
  return toLonLat(CRS, [origin[0] + xy[0], origin[1] + xy[1]]);
}

export interface FixturePipe {
  id: string;
  cat: string;
  sub: string;
  owner: string;
  xy: number[][];
  depth0: number;
  depth1: number;
  dn?: number;
}

export function segmentsOf(origin: readonly number[], pipes: readonly FixturePipe[]): PipeSegment[] {
  return pipes.map((p, gid) =>
    featureToSegment(
      {
        type: 'Feature',
        geometry: { type: 'LineString', coordinates: p.xy.map((q) => lonLatOf(origin, q)) },
        properties: { id: p.id, cat: p.cat as CategoryCode, sub: p.sub, owner: p.owner, depth0: p.depth0, depth1: p.depth1, dn: p.dn ?? 300 },
      },
      gid,
    ),
  );
}
