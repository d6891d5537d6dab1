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
    credit: o.credit ? basemapCredit(o.credit) : undefined,
  });
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe to place in HTML: every markup character as its entity, so it shows as itself. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/**
 * The credit for a configured attribution. Cesium's Credit takes HTML (and puts it into the page with innerHTML):
 * configuration text is text, so it is escaped — a `<style>` or a link in it shows literally, as typed. Shown on
 * screen (in the status line), as map providers ask of their attribution.
 */
export function basemapCredit(text: string): Credit {
  return new Credit(escapeHtml(text), true);
}

export interface BasemapOptions {
  /**
   * Called once, at the first base map tile that cannot be loaded (e.g. a WMTS answering 404), with Cesium's detail.
   * Tile errors would otherwise only reach the console and the globe would simply stay empty.
   */
  onTileError?: (detail: string) => void;
}

/** Reports the first tile error of a layer's provider (once); returns the unsubscribe function. */
function watchTileErrors(layer: ImageryLayer, onTileError: (detail: string) => void): () => void {
  let reported = false;
  const provider = layer.imageryProvider as { errorEvent?: { addEventListener(f: (e: unknown) => void): () => void } } | undefined;
  if (!provider?.errorEvent) return () => undefined;
  return provider.errorEvent.addEventListener((e: unknown) => {
    if (reported) return;
    reported = true;
    const err = e as { message?: string; error?: { statusCode?: number; message?: string } } | undefined;
    const status = err?.error?.statusCode;
    onTileError(status ? `HTTP ${status}` : (err?.error?.message ?? err?.message ?? String(e)));
  });
}

/**
 * Adds the base layer. Resolves when its provider is ready; rejects (and removes nothing else) when it cannot load.
 */
export async function addBasemap(widget: CesiumWidget, basemap: Basemap, opts: BasemapOptions = {}): Promise<ImageryLayer | null> {
  if (basemap === 'none') return null;
  const layer =
    basemap === 'naturalEarth'
      ? ImageryLayer.fromProviderAsync(TileMapServiceImageryProvider.fromUrl(buildModuleUrl('Assets/Textures/NaturalEarthII')), DIM)
      : new ImageryLayer(wmtsProvider(basemap), DIM);
  widget.scene.imageryLayers.add(layer, 0);
  const onTileError = opts.onTileError;
  if (layer.ready) {
    if (onTileError) watchTileErrors(layer, onTileError);
    return layer;
  }
  return new Promise((resolve, reject) => {
    const offReady = layer.readyEvent.addEventListener(() => {
      offReady();
      offError();
      if (onTileError) watchTileErrors(layer, onTileError);
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
