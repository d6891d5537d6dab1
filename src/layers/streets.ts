/** Streets: thin light lines on the ground; bridges wider and just above the water. */
import type { PrimitiveCollection } from '@cesium/engine';
import type { StreetProps } from '../domain/schema';
import { lines, positions } from './geo';
import { color, GroupLayer } from './layer';
import { linePrimitives, type LineItem } from './primitives';
import { BRIDGE_HEIGHT, STREET } from './theme';
import type { Collection, OverlayLayer } from './types';

export function createStreetsLayer(collection: PrimitiveCollection, data: Collection<StreetProps>): OverlayLayer {
  const layer = new GroupLayer('streets', collection);
  const items: LineItem[] = [];
  for (const f of data.features) {
    if (!f.geometry) continue;
    const style = STREET[f.properties?.class] ?? STREET.local;
    const height = f.properties?.class === 'bridge' ? BRIDGE_HEIGHT : 0;
    for (const line of lines(f.geometry)) {
      items.push({ positions: positions(line, height), color: color(style.color), width: style.width });
    }
  }
  for (const p of linePrimitives(items)) layer.add(p);
  return layer;
}
