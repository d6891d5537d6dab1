/**
 * What the overlay layers share: their names (the layer panel's toggles), the GeoJSON shapes they read, and the small
 * interface every layer implements. No Cesium import here, so UI code may import it.
 */
import type { FeatureCollection, Geometry } from 'geojson';

export const OVERLAY_NAMES = ['rivers', 'streets', 'sections', 'projects', 'outfalls', 'labels'] as const;
export type OverlayName = (typeof OVERLAY_NAMES)[number];

export type Collection<P> = FeatureCollection<Geometry, P>;

export interface OverlayLayer {
  readonly name: OverlayName;
  setVisible(visible: boolean): void;
  /** re-reads label texts (after a language change) */
  refreshLabels(): void;
  /** false while label glyphs are still being added to their texture atlas (they draw a few frames later) */
  ready(): boolean;
  destroy(): void;
}
