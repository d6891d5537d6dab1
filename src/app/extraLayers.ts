/**
 * Extra 3D Tiles layers from the config (`layers: [{ name, url, opacity, show, cacheMB }]`, docs/sources.md): loads
 * each into the scene, keeps the layer panel's rows (ui/extraLayers.ts) and the viewer in step, and on a click that
 * hits no asset shows the picked layer feature's properties in the inspect panel. An asset under a building still
 * wins the click (viewer/picking.ts looks through these layers). A layer that fails leaves a message and a "failed"
 * row; the rest keep working.
 */
import type { ExtraLayers, PickedFeature, PickedFeatureStore } from '../ui/extraLayers';
import { ExtraTilesets } from '../viewer/extraTilesets';
import type { CanvasInput } from '../viewer/input';
import type { MapView } from '../viewer/widget';
import type { AppConfig } from './config';
import type { AppContext } from './context';
import { errorDetail } from './fetchers';

export interface ExtraLayersPart {
  /** every configured layer loaded or failed */
  ready: Promise<void>;
  /** the feature of a shown layer at a canvas position (CSS pixels) */
  pickFeature(x: number, y: number): PickedFeature | null;
  dispose(): void;
}

export function startExtraLayers(
  ctx: AppContext,
  view: MapView,
  input: CanvasInput,
  config: AppConfig,
  ui: { layers: ExtraLayers; picked: PickedFeatureStore },
): ExtraLayersPart {
  const specs = config.layers;
  ui.layers.reset(specs);
  const tilesets = new ExtraTilesets(view.scene, specs);
  const offs: (() => void)[] = [
    ui.layers.onViewer((i, item) => {
      tilesets.setVisible(i, item.visible);
      tilesets.setOpacity(i, item.opacity);
    }),
    input.on('click', (e) => {
      if (input.toolActive() || specs.length === 0) return;
      ui.picked.set(e.asset() ? null : tilesets.pickFeature(e.x, e.y));
    }),
    // an asset selected any other way (alarm list, search) replaces the feature in the inspect panel
    ctx.store.watch(
      (s) => s.selection,
      (sel) => {
        if (sel) ui.picked.clear();
      },
    ),
  ];
  const ready = Promise.all(
    specs.map((spec, i) =>
      tilesets
        .load(
          i,
          ctx.callback(() => {
            if (ui.layers.items()[i]?.state === 'loading') ui.layers.setState(i, 'ready');
          }),
        )
        .catch((err: unknown) => {
          if (ctx.disposed) return;
          ui.layers.setState(i, 'failed');
          ctx.error('err.extraLayer', { name: spec.name, detail: errorDetail(err) });
        }),
    ),
  ).then(() => undefined);
  return {
    ready,
    pickFeature: (x, y) => tilesets.pickFeature(x, y),
    dispose() {
      for (const off of offs) off();
      ui.picked.clear();
      tilesets.destroy();
    },
  };
}
