/** River monitoring sections: a line across the river with a label "name · target class". */
import type { PrimitiveCollection } from '@cesium/engine';
import type { SectionProps } from '../domain/schema';
import { wqClassDef } from '../domain/waterQuality';
import { lines, positions } from './geo';
import { color, GroupLayer, Labels } from './layer';
import { linePrimitives, type LineItem } from './primitives';
import { BRIDGE_HEIGHT, SECTION_LINE } from './theme';
import type { Collection, OverlayLayer } from './types';

export function createSectionsLayer(
  collection: PrimitiveCollection,
  data: Collection<SectionProps>,
  labelOf: (p: SectionProps) => string,
): OverlayLayer {
  const labels = new Labels();
  const layer = new GroupLayer('sections', collection, () => labels.refresh());
  const items: LineItem[] = [];
  for (const f of data.features) {
    if (!f.geometry || !f.properties) continue;
    const props = f.properties;
    for (const line of lines(f.geometry)) {
      // coloured by the section's GB 3838 target class (the standard display palette)
      const c = wqClassDef(props.targetClass)?.color ?? SECTION_LINE.color;
      items.push({ positions: positions(line, BRIDGE_HEIGHT), color: color([c[0], c[1], c[2], 0.95]), width: SECTION_LINE.width });
      const end = line[line.length - 1];
      if (end) labels.add(end[0], end[1], BRIDGE_HEIGHT, 'section', () => labelOf(props));
    }
  }
  for (const p of linePrimitives(items)) layer.add(p);
  layer.add(labels.collection);
  return layer;
}
