/** River monitoring sections: a line across the river with a label "name · target class". */
import { Cartesian3, type PrimitiveCollection, type Scene, type Primitive } from '@cesium/engine';
import type { RGB } from '../domain/categories';
import type { SectionProps } from '../domain/schema';
import { wqClassDef } from '../domain/waterQuality';
import { lines, positions } from './geo';
import { color, GroupLayer, Labels } from './layer';
import { linePrimitives, type LineItem } from './primitives';
import { BRIDGE_HEIGHT, SECTION_LINE } from './theme';
import type { Collection, OverlayLayer } from './types';
import { flightSeconds } from '../viewer/motion';

/** The sections layer, plus live colours from the feed and a camera move to a section. */
export interface SectionsOverlay extends OverlayLayer {
  /** colours per section id (the live GB 3838 class or offline grey); ids not listed keep the target-class colour */
  setLiveColours(colours: ReadonlyMap<string, RGB>): void;
  /** flies the camera over a section; false when the id is unknown */
  flyTo(scene: Scene, id: string): boolean;
}

export function isSectionsOverlay(layer: OverlayLayer | undefined): layer is SectionsOverlay {
  return layer !== undefined && 'setLiveColours' in layer && 'flyTo' in layer;
}

/** Width of a section line coloured from the live feed (a little wider than the planned look). */
const LIVE_WIDTH = SECTION_LINE.width + 2;

export function createSectionsLayer(
  collection: PrimitiveCollection,
  data: Collection<SectionProps>,
  labelOf: (p: SectionProps) => string,
): SectionsOverlay {
  const labels = new Labels();
  const layer = new GroupLayer('sections', collection, () => labels.refresh());
  const items: (LineItem & { id: string; base: RGB })[] = [];
  const centres = new Map<string, [number, number]>();
  for (const f of data.features) {
    if (!f.geometry || !f.properties) continue;
    const props = f.properties;
    for (const line of lines(f.geometry)) {
      // coloured by the section's GB 3838 target class (the standard display palette)
      const c = wqClassDef(props.targetClass)?.color ?? SECTION_LINE.color;
      const base: RGB = [c[0], c[1], c[2]];
      items.push({ id: props.id, base, positions: positions(line, BRIDGE_HEIGHT), color: color([c[0], c[1], c[2], 0.95]), width: SECTION_LINE.width });
      const end = line[line.length - 1];
      const mid = line[Math.floor(line.length / 2)];
      if (mid && !centres.has(props.id)) centres.set(props.id, [mid[0], mid[1]]);
      if (end) labels.add(end[0], end[1], BRIDGE_HEIGHT, 'section', () => labelOf(props));
    }
  }
  // the lines are rebuilt when live colours change (a handful of sections; labels stay)
  let visible = true;
  let linePrims: Primitive[] = [];
  const buildLines = (live: ReadonlyMap<string, RGB>): void => {
    for (const p of linePrims) collection.remove(p);
    linePrims = linePrimitives(
      items.map((it) => {
        const c = live.get(it.id);
        return c ? { ...it, color: color([c[0], c[1], c[2], 0.95]), width: LIVE_WIDTH } : it;
      }),
    );
    for (const p of linePrims) {
      p.show = visible;
      collection.add(p);
    }
  };
  buildLines(new Map());
  layer.add(labels.collection);
  return {
    name: layer.name,
    setVisible(v) {
      visible = v;
      for (const p of linePrims) p.show = v;
      layer.setVisible(v);
    },
    refreshLabels: () => layer.refreshLabels(),
    ready: () => layer.ready(),
    destroy() {
      for (const p of linePrims) collection.remove(p);
      linePrims = [];
      layer.destroy();
    },
    setLiveColours: (colours) => buildLines(colours),
    flyTo(scene, id) {
      const c = centres.get(id);
      if (!c) return false;
      scene.camera.flyTo({ destination: Cartesian3.fromDegrees(c[0], c[1] - 0.012, 1400), orientation: { heading: 0, pitch: -0.75, roll: 0 }, duration: flightSeconds(1.2) });
      return true;
    },
  };
}
