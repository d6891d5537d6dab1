/** Landmark, bridge, district and river names as LabelCollection text, in the current language. */
import type { PrimitiveCollection } from '@cesium/engine';
import type { LabelProps } from '../domain/schema';
import { pointOf } from './geo';
import { GroupLayer, Labels, type LabelKind } from './layer';
import type { Collection, OverlayLayer } from './types';

const KINDS: readonly LabelKind[] = ['district', 'landmark', 'bridge', 'river'];

export function createLabelsLayer(
  collection: PrimitiveCollection,
  data: Collection<LabelProps>,
  nameOf: (p: { name: string; nameEn: string }) => string,
): OverlayLayer {
  const labels = new Labels();
  const layer = new GroupLayer('labels', collection, () => labels.refresh());
  for (const f of data.features) {
    const p = f.geometry ? pointOf(f.geometry) : null;
    const props = f.properties;
    if (!p || !props) continue;
    const kind = KINDS.includes(props.kind) ? props.kind : 'landmark';
    labels.add(p[0], p[1], kind === 'bridge' ? 10 : 20, kind, () => nameOf(props));
  }
  layer.add(labels.collection);
  return layer;
}
