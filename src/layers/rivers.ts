/** Rivers: translucent blue water surfaces at ground level (height 0 on the ellipsoid). */
import type { PrimitiveCollection } from '@cesium/engine';
import type { RiverProps } from '../domain/schema';
import { polygonHierarchies } from './geo';
import { color, GroupLayer } from './layer';
import { polygonPrimitive, type PolygonItem } from './primitives';
import { WATER } from './theme';
import type { Collection, OverlayLayer } from './types';

export function createRiversLayer(collection: PrimitiveCollection, data: Collection<RiverProps>): OverlayLayer {
  const layer = new GroupLayer('rivers', collection);
  const items: PolygonItem[] = [];
  const water = color(WATER);
  for (const f of data.features) {
    if (f.properties?.kind !== 'water' || !f.geometry) continue;
    for (const hierarchy of polygonHierarchies(f.geometry, 0)) items.push({ hierarchy, color: water });
  }
  layer.add(polygonPrimitive(items, 0));
  return layer;
}
