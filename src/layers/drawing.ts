/**
 * The drawn area on the map: a translucent fill just above the ground, its outline (drawn also where it is hidden
 * — under the ground, behind a hill — in a dimmer colour, so it stays visible from below in underground mode), a
 * second outline at the dig depth when a depth filter is set, and vertex handles that are never hidden (for dragging).
 * A typed or uploaded area is drawn the same way, every part of a multi-part area and its holes.
 * Small and rebuilt on every change (a few dozen vertices, synchronous primitives).
 */
import {
  ArcType,
  Cartesian2,
  Cartesian3,
  Color,
  ColorGeometryInstanceAttribute,
  GeometryInstance,
  PerInstanceColorAppearance,
  PointPrimitiveCollection,
  PolygonGeometry,
  PolygonHierarchy,
  PolylineColorAppearance,
  PolylineGeometry,
  Primitive,
  SceneTransforms,
  type Scene,
} from '@cesium/engine';
import { GRANULARITY } from './geo';

type LonLat = readonly [number, number];

/** One polygon of an area: its outer ring, then its holes (closed lon/lat rings). */
export type AreaPolygon = readonly (readonly LonLat[])[];

export interface DrawingView {
  /** outline (open while drawing, closed when finished) */
  outline: readonly LonLat[] | null;
  /** a typed or uploaded area: every polygon filled (holes left open) and every ring outlined */
  areas?: readonly AreaPolygon[];
  /** a corridor's centre line */
  centreLine?: readonly LonLat[] | null;
  /** vertex handles */
  handles: readonly LonLat[];
  finished: boolean;
  /** metres below ground of the dig-depth outline, null for none */
  depthM: number | null;
  /** the shape is refused (self-intersecting): drawn in red */
  invalid?: boolean;
}

const LIFT = 0.3;
const COLOUR = Color.fromCssColorString('#ffd54a');
const INVALID = Color.fromCssColorString('#ff5252');

function cartesians(pts: readonly LonLat[], height: number): Cartesian3[] {
  const flat: number[] = [];
  for (const p of pts) flat.push(p[0], p[1], height);
  return Cartesian3.fromDegreesArrayHeights(flat);
}

function line(pts: readonly LonLat[], height: number, colour: Color, width: number): Primitive {
  const instance = (c: Color): GeometryInstance =>
    new GeometryInstance({
      geometry: new PolylineGeometry({
        positions: cartesians(pts, height),
        width,
        arcType: ArcType.GEODESIC,
        granularity: GRANULARITY,
        vertexFormat: PolylineColorAppearance.VERTEX_FORMAT,
      }),
      attributes: {
        color: ColorGeometryInstanceAttribute.fromColor(c),
        // where the line is hidden (below the ground, behind terrain): the same colour, fainter
        depthFailColor: ColorGeometryInstanceAttribute.fromColor(c.withAlpha(c.alpha * 0.55)),
      },
    });
  return new Primitive({
    geometryInstances: instance(colour),
    appearance: new PolylineColorAppearance({ translucent: true }),
    depthFailAppearance: new PolylineColorAppearance({ translucent: true }),
    allowPicking: false,
    asynchronous: false,
  });
}

/** A closed ring without its repeated last vertex (PolygonHierarchy closes rings itself). */
function openRing(ring: readonly LonLat[]): readonly LonLat[] {
  const f = ring[0];
  const l = ring[ring.length - 1];
  return ring.length > 1 && f[0] === l[0] && f[1] === l[1] ? ring.slice(0, -1) : ring;
}

function fill(polygon: AreaPolygon, colour: Color): Primitive {
  const [outer, ...holes] = polygon;
  return new Primitive({
    geometryInstances: new GeometryInstance({
      geometry: new PolygonGeometry({
        polygonHierarchy: new PolygonHierarchy(
          cartesians(openRing(outer), LIFT),
          holes.map((h) => new PolygonHierarchy(cartesians(openRing(h), LIFT))),
        ),
        height: LIFT,
        granularity: GRANULARITY,
        vertexFormat: PerInstanceColorAppearance.FLAT_VERTEX_FORMAT,
      }),
      attributes: { color: ColorGeometryInstanceAttribute.fromColor(colour.withAlpha(0.18)) },
    }),
    appearance: new PerInstanceColorAppearance({ flat: true, translucent: true }),
    allowPicking: false,
    asynchronous: false,
  });
}

export class DrawingLayer {
  private primitives: Primitive[] = [];
  private readonly points: PointPrimitiveCollection;
  private handles: readonly LonLat[] = [];
  private areas: { polygons: number; rings: number } | null = null;

  constructor(private readonly scene: Scene) {
    this.points = scene.primitives.add(new PointPrimitiveCollection()) as PointPrimitiveCollection;
  }

  update(view: DrawingView | null): void {
    for (const p of this.primitives) this.scene.primitives.remove(p);
    this.primitives = [];
    this.points.removeAll();
    this.handles = view?.handles ?? [];
    this.areas = null;
    if (view) {
      const colour = view.invalid ? INVALID : COLOUR;
      const areas = (view.areas ?? []).filter((poly) => poly.length > 0 && poly[0].length >= 4);
      if (areas.length > 0) this.areas = { polygons: 0, rings: 0 };
      for (const poly of areas) {
        this.add(fill(poly, colour));
        for (const ring of poly) {
          this.add(line(ring, LIFT, colour, 3));
          if (view.depthM !== null && view.depthM > 0) this.add(line(ring, -view.depthM, colour.withAlpha(0.7), 2));
        }
        if (this.areas) {
          this.areas.polygons += 1;
          this.areas.rings += poly.length;
        }
      }
      const outline = view.outline;
      if (outline && outline.length >= 2) {
        if (view.finished && outline.length >= 4 && !view.invalid) {
          this.add(fill([outline], colour));
        }
        this.add(line(outline, LIFT, colour, 3));
        if (view.depthM !== null && view.depthM > 0 && view.finished) this.add(line(outline, -view.depthM, colour.withAlpha(0.7), 2));
      }
      const centre = view.centreLine;
      if (centre && centre.length >= 2) this.add(line(centre, LIFT, colour.withAlpha(0.6), 1.5));
      for (const h of this.handles) {
        this.points.add({
          position: Cartesian3.fromDegrees(h[0], h[1], LIFT),
          pixelSize: view.finished ? 9 : 7,
          color: colour,
          outlineColor: Color.BLACK,
          outlineWidth: 1.5,
          disableDepthTestDistance: Number.POSITIVE_INFINITY,
        });
      }
    }
    this.scene.requestRender();
  }

  /** polygons and rings of the typed/uploaded area on the map, null when none is shown */
  shownAreas(): { polygons: number; rings: number } | null {
    return this.areas ? { ...this.areas } : null;
  }

  /** Index of the handle within `tolerance` CSS pixels of a canvas position, or null. */
  handleAt(x: number, y: number, tolerance = 10): number | null {
    let best: number | null = null;
    let bestD = tolerance;
    this.handles.forEach((h, i) => {
      const win = SceneTransforms.worldToWindowCoordinates(this.scene, Cartesian3.fromDegrees(h[0], h[1], LIFT), new Cartesian2());
      if (!win) return;
      const d = Math.hypot(win.x - x, win.y - y);
      if (d <= bestD) {
        bestD = d;
        best = i;
      }
    });
    return best;
  }

  destroy(): void {
    this.update(null);
    this.scene.primitives.remove(this.points);
  }

  private add(p: Primitive): void {
    this.primitives.push(this.scene.primitives.add(p) as Primitive);
  }
}
