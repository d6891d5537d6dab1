/**
 * The overlay layers: each GeoJSON file under the data base URL becomes one layer (primitives and label collections,
 * src/layers). A file that cannot be loaded leaves a message naming the layer; the others still load.
 */
import type { LabelProps, OutfallProps, ProjectProps, RiverProps, SectionProps, StreetProps } from '../domain/schema';
import { wqClassDef } from '../domain/waterQuality';
import { createLabelsLayer } from '../layers/labels';
import { createOutfallsLayer } from '../layers/outfalls';
import { createProjectsLayer } from '../layers/projects';
import { createRiversLayer } from '../layers/rivers';
import { createSectionsLayer } from '../layers/sections';
import { createStreetsLayer } from '../layers/streets';
import type { Collection, OverlayLayer, OverlayName } from '../layers/types';
import type { MapView } from '../viewer/widget';
import { localName, translate, type Lang } from '../ui/i18n';
import { isObject, type AppConfig } from './config';
import type { AppContext } from './context';
import { errorDetail, fetchJson } from './fetchers';

async function loadOverlay<P>(
  ctx: AppContext,
  config: AppConfig,
  name: OverlayName,
  file: string,
  build: (data: Collection<P>) => OverlayLayer,
): Promise<void> {
  try {
    const data = await fetchJson(config.dataBaseUrl + file);
    if (!isObject(data) || !Array.isArray((data as { features?: unknown }).features)) throw new Error('not a GeoJSON FeatureCollection');
    if (ctx.disposed) return; // the app was disposed while the file loaded: its scene is gone
    const layer = build(data as unknown as Collection<P>);
    layer.setVisible(ctx.store.get().overlayVisible[name]);
    ctx.addLayer(name, layer);
    ctx.settleOverlays();
  } catch (err) {
    ctx.error('err.overlay', { name: `@overlay.${name}`, detail: errorDetail(err) });
  }
}

export function loadOverlays(ctx: AppContext, view: MapView, config: AppConfig): Promise<void>[] {
  const prims = view.scene.primitives;
  const lang = (): Lang => ctx.store.get().lang;
  const nameOf = (p: { name: string; nameEn: string }): string => localName({ zh: p.name, en: p.nameEn }, lang());
  const sectionLabel = (p: SectionProps): string =>
    translate(lang(), 'section.label', { name: nameOf(p), cls: wqClassDef(p.targetClass).roman });
  return [
    loadOverlay<RiverProps>(ctx, config, 'rivers', 'rivers.geojson', (d) => createRiversLayer(prims, d)),
    loadOverlay<ProjectProps>(ctx, config, 'projects', 'projects.geojson', (d) => createProjectsLayer(prims, d)),
    loadOverlay<StreetProps>(ctx, config, 'streets', 'streets.geojson', (d) => {
      // street names for the inspect panel (a segment's record names its street by id)
      for (const f of d.features) if (f.properties) ctx.streetNames.set(f.properties.id, { zh: f.properties.name, en: f.properties.nameEn });
      return createStreetsLayer(prims, d);
    }),
    loadOverlay<SectionProps>(ctx, config, 'sections', 'sections.geojson', (d) => createSectionsLayer(prims, d, sectionLabel)),
    loadOverlay<OutfallProps>(ctx, config, 'outfalls', 'outfalls.geojson', (d) => createOutfallsLayer(prims, d)),
    loadOverlay<LabelProps>(ctx, config, 'labels', 'labels.geojson', (d) => createLabelsLayer(prims, d, nameOf)),
  ];
}
