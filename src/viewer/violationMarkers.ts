/**
 * Markers of the clearance check's violations: one screen-sized point per violation at its place (the crossing, the
 * closest point of a parallel pair, the shallow end of a pipe under cover), red for clearances and orange for cover,
 * drawn over the globe (no depth test) so they are seen from above. One PointPrimitiveCollection; `set([])` clears.
 */
import { Cartesian3, Color, PointPrimitiveCollection, type Scene } from '@cesium/engine';

export interface ViolationMarker {
  lon: number;
  lat: number;
  kind: 'horizontal' | 'vertical' | 'cover';
}

export const VIOLATION_MARKER_PIXELS = 11;
const CLEARANCE = Color.fromBytes(220, 38, 38, 255);
const COVER = Color.fromBytes(234, 140, 0, 255);
const OUTLINE = Color.fromBytes(255, 255, 255, 255);

export class ViolationMarkers {
  private readonly points = new PointPrimitiveCollection();

  constructor(
    private readonly scene: Scene,
    private readonly requestRender: () => void,
  ) {
    scene.primitives.add(this.points);
  }

  set(markers: readonly ViolationMarker[]): void {
    this.points.removeAll();
    for (const m of markers) {
      this.points.add({
        position: Cartesian3.fromDegrees(m.lon, m.lat, 0),
        pixelSize: VIOLATION_MARKER_PIXELS,
        color: m.kind === 'cover' ? COVER : CLEARANCE,
        outlineColor: OUTLINE,
        outlineWidth: 1.5,
        disableDepthTestDistance: Number.POSITIVE_INFINITY,
      });
    }
    this.requestRender();
  }

  get count(): number {
    return this.points.length;
  }

  destroy(): void {
    if (!this.scene.isDestroyed() && !this.points.isDestroyed()) this.scene.primitives.remove(this.points);
  }
}
