/**
 * Extra 3D Tiles layers from the config (buildings, BIM, terrain-hugging models; docs/sources.md): each loaded with
 * its own bounded tile cache, shown or hidden, drawn at an opacity (a Cesium3DTileStyle colour alpha: these are
 * small, user-chosen tilesets, not the status-driven pipe network), and picked for their metadata properties.
 *
 * The pipe network stays pickable through them: viewer/picking.ts skips features of these tilesets when it looks for
 * an asset (a drill pick through a building finds the pipe under it), and the app asks for a layer feature only when
 * no asset was hit.
 */
import { Cartesian2, Cesium3DTileFeature, Cesium3DTileStyle, Cesium3DTileset, type Scene } from '@cesium/engine';
import { tileCacheOptions } from './tileCache';

export interface ExtraTilesetSpec {
  name: string;
  url: string;
  opacity: number;
  show: boolean;
  cacheMB: number;
}

export interface PickedLayerFeature {
  /** the layer's configured name */
  layer: string;
  /** the feature's metadata properties in the tileset's order, values as text */
  properties: { name: string; value: string }[];
}

/** Tilesets that are extra layers (not the pipe network). */
const extra = new WeakSet<Cesium3DTileset>();

export function isExtraTileset(tileset: unknown): boolean {
  return tileset instanceof Cesium3DTileset && extra.has(tileset);
}

/** A property value as text: numbers and strings as they are, arrays and objects as JSON, cut to 200 characters. */
export function propertyText(v: unknown): string {
  const s = typeof v === 'string' ? v : typeof v === 'bigint' ? v.toString() : (JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x)) ?? String(v));
  return s.length > 200 ? `${s.slice(0, 199)}…` : s;
}

function styleFor(opacity: number): Cesium3DTileStyle {
  return new Cesium3DTileStyle({ color: `color('white', ${Math.min(1, Math.max(0, opacity)).toFixed(3)})` });
}

export class ExtraTilesets {
  private readonly tilesets: (Cesium3DTileset | null)[];
  private readonly names = new Map<Cesium3DTileset, string>();
  private destroyed = false;

  constructor(
    private readonly scene: Scene,
    private readonly specs: readonly ExtraTilesetSpec[],
  ) {
    this.tilesets = specs.map(() => null);
  }

  /**
   * Loads layer `i`; resolves when it is in the scene, rejects when its tileset.json cannot be read. `onLoaded` is
   * told when the tiles in view have loaded (each time they settle).
   */
  async load(i: number, onLoaded?: () => void): Promise<void> {
    const spec = this.specs[i];
    const tileset = await Cesium3DTileset.fromUrl(spec.url, {
      ...tileCacheOptions(spec.cacheMB),
      showCreditsOnScreen: false,
      environmentMapOptions: { enabled: false },
    });
    if (this.destroyed) {
      tileset.destroy();
      return;
    }
    extra.add(tileset);
    this.names.set(tileset, spec.name);
    tileset.show = spec.show;
    tileset.style = styleFor(spec.opacity);
    if (onLoaded) tileset.allTilesLoaded.addEventListener(onLoaded);
    this.scene.primitives.add(tileset);
    this.tilesets[i] = tileset;
    this.scene.requestRender();
  }

  /** Whether layer i is in the scene and every tile in view has loaded. */
  loaded(i: number): boolean {
    return this.tilesets[i]?.tilesLoaded ?? false;
  }

  setVisible(i: number, visible: boolean): void {
    const t = this.tilesets[i];
    if (!t) return;
    t.show = visible;
    this.scene.requestRender();
  }

  setOpacity(i: number, opacity: number): void {
    const t = this.tilesets[i];
    if (!t) return;
    t.style = styleFor(opacity);
    this.scene.requestRender();
  }

  /** The topmost feature of a shown extra layer at a canvas position (CSS pixels), with its properties. */
  pickFeature(x: number, y: number): PickedLayerFeature | null {
    const pos = new Cartesian2(x, y);
    for (const p of this.scene.drillPick(pos, 5, 3, 3) as unknown[]) {
      if (!(p instanceof Cesium3DTileFeature)) continue;
      const name = this.names.get(p.tileset);
      if (name === undefined) continue;
      const properties = p.getPropertyIds().map((id) => ({ name: id, value: propertyText(p.getProperty(id)) }));
      return { layer: name, properties };
    }
    return null;
  }

  destroy(): void {
    this.destroyed = true;
    for (const t of this.tilesets) {
      if (!t) continue;
      this.scene.primitives.remove(t); // destroys it (the collection owns its primitives)
    }
    this.tilesets.fill(null);
    this.names.clear();
  }
}
