/**
 * The running app: what boot() built (map view, tileset, style, catalog, layers) and the actions that need several of
 * them (frame an asset, where is an asset on screen, is the view idle). Parts stay null when they failed to load.
 * No Cesium import here: the viewer's own types (MapView) carry the Cesium ones.
 */
import type { HeightMode } from '../domain/schema';
import type { OverlayLayer, OverlayName } from '../layers/types';
import { pushMessage, type AppStore } from '../ui/state';
import type { I18nKey, Params } from '../ui/i18n';
import { assetAnchor, type Anchor } from '../viewer/assetGeometry';
import { anchorPosition, canvasPosition, flyToAnchor } from '../viewer/camera';
import { renderUntil, whenIdle } from '../viewer/idle';
import type { loadPipes } from '../viewer/pipes';
import type { PipeStyle } from '../viewer/pipeStyle';
import type { MapView, ViewPose } from '../viewer/widget';
import type { AssetCatalog } from './assets';
import { flyToPose } from '../viewer/screenCamera';

/** A value that appears later, once: parts that depend on it wait on the promise instead of polling. */
class Later<T> {
  value: T | null = null;
  private resolveFn: (v: T) => void = () => undefined;
  readonly promise: Promise<T> = new Promise<T>((resolve) => (this.resolveFn = resolve));
  set(v: T): void {
    this.value = v;
    this.resolveFn(v);
  }
}

/** the pipe tileset, as viewer/pipes.ts returns it */
export type PipeTileset = Awaited<ReturnType<typeof loadPipes>>;

export class AppContext {
  /** the map (CesiumWidget inside), null before it is built or when WebGL failed */
  view: MapView | null = null;
  tileset: PipeTileset | null = null;
  /** set by the app's dispose(): late async steps check it and stop */
  disposed = false;
  private readonly styleLater = new Later<PipeStyle>();
  private readonly layerLater = new Map<OverlayName, Later<OverlayLayer>>();
  catalog: AssetCatalog | null = null;
  heightMode: HeightMode = 'ellipsoid';
  /** the starting view (config initialView, or the dataset framed): "Home view" and the Home key fly back to it */
  homePose: ViewPose | null = null;
  readonly layers = new Map<OverlayName, OverlayLayer>();
  /** street id → names, from streets.geojson */
  readonly streetNames = new Map<string, { zh: string; en: string }>();

  constructor(readonly store: AppStore) {}

  private readonly disposers: (() => void)[] = [];

  /** Registers what a part started late (e.g. once the style exists) must undo when the app is disposed. */
  onDispose(fn: () => void): void {
    this.disposers.push(fn);
  }

  /**
   * `fn` wrapped for a Cesium callback that may outlive the app: Cesium keeps some objects (a globe tile and its
   * imagery provider, a tile) in module-level scratch variables, and their event listeners would keep the disposed
   * app reachable. The wrapper holds `fn` only until the app is disposed, and then does nothing.
   */
  callback<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void {
    const slot: { fn: ((...args: A) => void) | null } = { fn };
    this.onDispose(() => {
      slot.fn = null;
    });
    return (...args: A) => slot.fn?.(...args);
  }

  /** Runs the registered dispose functions, last registered first, and forgets them (the app's dispose). */
  runDisposers(): void {
    for (const fn of this.disposers.splice(0).reverse()) fn();
  }

  get style(): PipeStyle | null {
    return this.styleLater.value;
  }

  set style(style: PipeStyle) {
    this.styleLater.set(style);
  }

  /** resolves once the pipe style exists (it is created after the asset catalog loads) */
  whenStyle(): Promise<PipeStyle> {
    return this.styleLater.promise;
  }

  private layerSlot(name: OverlayName): Later<OverlayLayer> {
    let slot = this.layerLater.get(name);
    if (!slot) this.layerLater.set(name, (slot = new Later<OverlayLayer>()));
    return slot;
  }

  /** registers a loaded overlay layer (and wakes whoever waits for it) */
  addLayer(name: OverlayName, layer: OverlayLayer): void {
    this.layers.set(name, layer);
    this.layerSlot(name).set(layer);
  }

  /** resolves once the named overlay layer has loaded (never, when it fails to load) */
  whenLayer(name: OverlayName): Promise<OverlayLayer> {
    return this.layerSlot(name).promise;
  }

  error(key: I18nKey, params?: Params): void {
    pushMessage(this.store, { key, params }, 'error');
  }

  warn(key: I18nKey, params?: Params): void {
    pushMessage(this.store, { key, params }, 'warning');
  }

  requestRender(): void {
    this.view?.requestRender();
  }

  async anchorOf(id: string): Promise<Anchor | null> {
    const record = await this.catalog?.recordById(id);
    return record ? assetAnchor(record, this.heightMode) : null;
  }

  async flyToAsset(id: string): Promise<void> {
    const anchor = await this.anchorOf(id);
    const view = this.view;
    if (!anchor || !view || view.isDestroyed()) return;
    await flyToAnchor(view.scene, anchor);
  }

  /** Back to the starting view (a jump when the user prefers reduced motion); resolves when the camera is there. */
  async flyHome(): Promise<void> {
    const view = this.view;
    const pose = this.homePose;
    if (!pose || !view || view.isDestroyed()) return;
    await flyToPose(view.scene, pose, 1.2);
  }

  async canvasPositionOf(id: string): Promise<{ x: number; y: number } | null> {
    const anchor = await this.anchorOf(id);
    const view = this.view;
    if (!anchor || !view || view.isDestroyed()) return null;
    return canvasPosition(view.scene, anchorPosition(anchor));
  }

  tilesLoaded(): boolean {
    return this.tileset?.tilesLoaded ?? false;
  }

  overlaysReady(): boolean {
    for (const layer of this.layers.values()) if (!layer.ready()) return false;
    return true;
  }

  whenIdle(): Promise<void> {
    const view = this.view;
    if (!view || view.isDestroyed()) return Promise.resolve();
    const tileset = this.tileset;
    return whenIdle(view.scene, () => (!tileset || tileset.tilesLoaded) && this.overlaysReady());
  }

  /** draws until overlays (labels) are complete, e.g. after new label texts */
  settleOverlays(): void {
    const view = this.view;
    if (view && !view.isDestroyed()) renderUntil(view.scene, () => this.overlaysReady());
  }
}
