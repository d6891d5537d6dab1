/**
 * The base imagery: Natural Earth II shipped inside the cesium package (dimmed for the dark theme), nothing, or a
 * user-configured WMTS (never a default outside this site; an outside host also needs the CSP widened, see
 * docs/config.md).
 */
import {
  buildModuleUrl,
  Credit,
  GeographicTilingScheme,
  ImageryLayer,
  TileMapServiceImageryProvider,
  WebMapTileServiceImageryProvider,
  WebMercatorTilingScheme,
  type CesiumWidget,
} from '@cesium/engine';

export interface WmtsOptions {
  /** KVP endpoint or REST template URL (with {TileMatrix}, {TileRow}, {TileCol}); see docs/config.md */
  url: string;
  layer: string;
  style: string;
  tileMatrixSetID: string;
  format: string;
  tilingScheme: 'webMercator' | 'geographic';
  maximumLevel: number;
  subdomains?: string[];
  tileMatrixLabels?: string[];
  /** attribution text shown in the credits */
  credit?: string;
}

export type Basemap = 'naturalEarth' | 'none' | ({ type: 'wmts' } & WmtsOptions);

/** Dimming of the imagery on the dark theme: half-transparent over the dark slate globe colour, desaturated. */
const DIM = { alpha: 0.35, brightness: 0.6, contrast: 1.0, saturation: 0.3 };

function wmtsProvider(o: WmtsOptions): WebMapTileServiceImageryProvider {
  return new WebMapTileServiceImageryProvider({
    url: o.url,
    layer: o.layer,
    style: o.style,
    tileMatrixSetID: o.tileMatrixSetID,
    format: o.format,
    maximumLevel: o.maximumLevel,
    subdomains: o.subdomains,
    tileMatrixLabels: o.tileMatrixLabels,
    tilingScheme: o.tilingScheme === 'geographic' ? new GeographicTilingScheme() : new WebMercatorTilingScheme(),
    credit: o.credit ? new Credit(o.credit) : undefined,
  });
}

/**
 * Adds the base layer. Resolves when its provider is ready; rejects (and removes nothing else) when it cannot load.
 */
export async function addBasemap(widget: CesiumWidget, basemap: Basemap): Promise<ImageryLayer | null> {
  if (basemap === 'none') return null;
  const layer =
    basemap === 'naturalEarth'
      ? ImageryLayer.fromProviderAsync(TileMapServiceImageryProvider.fromUrl(buildModuleUrl('Assets/Textures/NaturalEarthII')), DIM)
      : new ImageryLayer(wmtsProvider(basemap), DIM);
  widget.scene.imageryLayers.add(layer, 0);
  if (layer.ready) return layer;
  return new Promise((resolve, reject) => {
    const offReady = layer.readyEvent.addEventListener(() => {
      offReady();
      offError();
      widget.scene.requestRender();
      resolve(layer);
    });
    const offError = layer.errorEvent.addEventListener((err: unknown) => {
      offReady();
      offError();
      widget.scene.imageryLayers.remove(layer, true);
      reject(err instanceof Error ? err : new Error(String(err)));
    });
  });
}
