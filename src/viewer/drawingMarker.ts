/**
 * The drawings' marks in 3D (app/drawings.ts): the section line being drawn or shown (a line just above the ground,
 * its ends as points labelled A and B), and the hover marker — the point of the drawing under the pointer (a profile's
 * invert at that chainage, a section line's point at that offset). A handful of primitives, never depth-tested away
 * (the marker under the ground stays visible), removed by destroy().
 */
import {
  Cartesian2,
  Cartesian3,
  Color,
  HorizontalOrigin,
  LabelCollection,
  LabelStyle,
  Material,
  PointPrimitiveCollection,
  PolylineCollection,
  VerticalOrigin,
  type PointPrimitive,
  type Scene,
} from '@cesium/engine';
import { canvasPositionOfLonLat } from './camera';

type LonLat = readonly [number, number];

const LIFT = 0.3;
const LINE = Color.fromCssColorString('#ffd54a');
const MARK = Color.fromCssColorString('#ff2bd6');

export interface MarkerPosition {
  lon: number;
  lat: number;
  height: number;
}

export class DrawingMarker {
  private readonly lines: PolylineCollection;
  private readonly points: PointPrimitiveCollection;
  private readonly labels: LabelCollection;
  private hover: PointPrimitive | null = null;
  private hoverAt: MarkerPosition | null = null;
  private destroyed = false;

  constructor(private readonly scene: Scene) {
    this.lines = scene.primitives.add(new PolylineCollection()) as PolylineCollection;
    this.points = scene.primitives.add(new PointPrimitiveCollection()) as PointPrimitiveCollection;
    this.labels = scene.primitives.add(new LabelCollection()) as LabelCollection;
  }

  /**
   * The section line from `a` to `b` (null: `a` alone, the first click), ends labelled A and B when `labelled`;
   * null clears it.
   */
  setLine(a: LonLat | null, b: LonLat | null, labelled: boolean): void {
    if (this.destroyed) return;
    this.lines.removeAll();
    this.labels.removeAll();
    // the ends only: the hover marker stays
    for (let i = this.points.length - 1; i >= 0; i--) {
      const p = this.points.get(i);
      if (p !== this.hover) this.points.remove(p);
    }
    if (a) {
      const ends = b ? [a, b] : [a];
      if (b) {
        this.lines.add({
          positions: Cartesian3.fromDegreesArrayHeights([a[0], a[1], LIFT, b[0], b[1], LIFT]),
          width: 3,
          material: Material.fromType('Color', { color: LINE }),
        });
      }
      ends.forEach((p, i) => {
        const position = Cartesian3.fromDegrees(p[0], p[1], LIFT);
        this.points.add({ position, pixelSize: 8, color: LINE, outlineColor: Color.BLACK, outlineWidth: 1.5, disableDepthTestDistance: Number.POSITIVE_INFINITY });
        if (labelled) {
          this.labels.add({
            position,
            text: i === 0 ? 'A' : 'B',
            font: 'bold 16px sans-serif',
            fillColor: Color.WHITE,
            outlineColor: Color.BLACK,
            outlineWidth: 3,
            style: LabelStyle.FILL_AND_OUTLINE,
            pixelOffset: new Cartesian2(8, -8),
            horizontalOrigin: HorizontalOrigin.LEFT,
            verticalOrigin: VerticalOrigin.BOTTOM,
            disableDepthTestDistance: Number.POSITIVE_INFINITY,
          });
        }
      });
    }
    this.scene.requestRender();
  }

  /** Moves the hover marker to a point (height in metres as the pipes are drawn); null hides it. */
  setHover(at: MarkerPosition | null): void {
    if (this.destroyed) return;
    this.hoverAt = at;
    if (!at) {
      if (this.hover) this.points.remove(this.hover);
      this.hover = null;
    } else {
      const position = Cartesian3.fromDegrees(at.lon, at.lat, at.height);
      if (this.hover) this.hover.position = position;
      else this.hover = this.points.add({ position, pixelSize: 12, color: MARK, outlineColor: Color.WHITE, outlineWidth: 2, disableDepthTestDistance: Number.POSITIVE_INFINITY });
    }
    this.scene.requestRender();
  }

  /** Where the hover marker is (and its CSS-pixel canvas position, null off screen); null when hidden. */
  hovered(): (MarkerPosition & { canvas: { x: number; y: number } | null }) | null {
    if (!this.hoverAt || this.destroyed) return null;
    const { lon, lat, height } = this.hoverAt;
    return { lon, lat, height, canvas: canvasPositionOfLonLat(this.scene, lon, lat, height) };
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.scene.primitives.remove(this.lines);
    this.scene.primitives.remove(this.points);
    this.scene.primitives.remove(this.labels);
    this.scene.requestRender();
  }
}
