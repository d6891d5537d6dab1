/**
 * The ground cut of an excavation check: the globe is clipped along the pit's top outline (Cesium's
 * ClippingPolygonCollection on the globe, Cesium ≥ 1.117), so the pipes inside the pit are seen in place from above.
 * One cut at a time; `set(null)` removes it. The collection belongs to the globe (it destroys it when replaced).
 */
import { Cartesian3, ClippingPolygon, ClippingPolygonCollection, type Scene } from '@cesium/engine';

type LonLat = readonly [number, number];

export class GroundCut {
  private collection: ClippingPolygonCollection | null = null;

  constructor(
    private readonly scene: Scene,
    private readonly requestRender: () => void,
  ) {}

  /** Cut the ground inside the outer ring (lon/lat; closing point optional), or remove the cut (null). */
  set(ring: readonly LonLat[] | null): void {
    const globe = this.scene.globe;
    if (!globe || !ClippingPolygonCollection.isSupported(this.scene)) return; // WebGL 2 only
    if (!this.collection) {
      this.collection = new ClippingPolygonCollection();
      globe.clippingPolygons = this.collection;
    }
    this.collection.removeAll();
    if (ring && ring.length >= 3) {
      const open = ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1] ? ring.slice(0, -1) : ring;
      this.collection.add(new ClippingPolygon({ positions: Cartesian3.fromDegreesArray(open.flatMap((p) => [p[0], p[1]])) }));
    }
    this.collection.enabled = this.collection.length > 0;
    this.requestRender();
  }

  destroy(): void {
    if (this.collection && this.scene.globe && !this.scene.isDestroyed()) this.collection.removeAll();
    this.collection = null;
  }
}
