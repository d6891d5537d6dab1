/**
 * Outfalls on the banks: points coloured by drainage sub-type. They are drainage nodes too, so each point carries
 * its asset id and gid ({@link OutfallPick}) and a click on it inspects that asset.
 */
import { Cartesian3, Color, NearFarScalar, PointPrimitiveCollection, type PrimitiveCollection } from '@cesium/engine';
import type { OutfallProps } from '../domain/schema';
import { pointOf } from './geo';
import { color, GroupLayer } from './layer';
import { OUTFALL } from './theme';
import type { Collection, OverlayLayer } from './types';

export interface OutfallPick {
  kind: 'outfall';
  id: string;
  gid: number;
}

export function isOutfallPick(v: unknown): v is OutfallPick {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'outfall';
}

export function createOutfallsLayer(collection: PrimitiveCollection, data: Collection<OutfallProps>): OverlayLayer {
  const layer = new GroupLayer('outfalls', collection);
  const points = new PointPrimitiveCollection();
  for (const f of data.features) {
    const p = f.geometry ? pointOf(f.geometry) : null;
    if (!p || !f.properties) continue;
    const id: OutfallPick = { kind: 'outfall', id: f.properties.id, gid: f.properties.gid };
    points.add({
      position: Cartesian3.fromDegrees(p[0], p[1], 0.5),
      pixelSize: 8,
      // full size up close, half size over the whole city
      scaleByDistance: new NearFarScalar(1_000, 1, 8_000, 0.5),
      color: color(OUTFALL[f.properties.sub] ?? OUTFALL.default),
      outlineColor: Color.fromBytes(10, 14, 20, 255),
      outlineWidth: 1.5,
      disableDepthTestDistance: Number.POSITIVE_INFINITY,
      id,
    });
  }
  layer.add(points);
  return layer;
}
