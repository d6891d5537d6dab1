/**
 * Batched primitives for the small overlays: one Primitive per layer and style (not thousands of Entities), built
 * synchronously (overlays are small) and not pickable, so clicks reach the pipes below them.
 */
import {
  ArcType,
  Color,
  ColorGeometryInstanceAttribute,
  GeometryInstance,
  PerInstanceColorAppearance,
  PolygonGeometry,
  PolygonHierarchy,
  PolylineColorAppearance,
  PolylineGeometry,
  Primitive,
  type Cartesian3,
} from '@cesium/engine';
import { GRANULARITY } from './geo';

export interface PolygonItem {
  hierarchy: PolygonHierarchy;
  color: Color;
}

export interface LineItem {
  positions: Cartesian3[];
  color: Color;
  /** pixels */
  width: number;
}

export function polygonPrimitive(items: readonly PolygonItem[], height: number): Primitive | null {
  if (items.length === 0) return null;
  return new Primitive({
    geometryInstances: items.map(
      (it) =>
        new GeometryInstance({
          geometry: new PolygonGeometry({
            polygonHierarchy: it.hierarchy,
            height,
            granularity: GRANULARITY,
            vertexFormat: PerInstanceColorAppearance.FLAT_VERTEX_FORMAT,
          }),
          attributes: { color: ColorGeometryInstanceAttribute.fromColor(it.color) },
        }),
    ),
    appearance: new PerInstanceColorAppearance({ flat: true, translucent: true }),
    allowPicking: false,
    asynchronous: false,
  });
}

/** Lines of one width per primitive (PolylineGeometry widths are per batch in practice): groups by width. */
export function linePrimitives(items: readonly LineItem[]): Primitive[] {
  const byWidth = new Map<number, LineItem[]>();
  for (const it of items) {
    if (it.positions.length < 2) continue;
    const list = byWidth.get(it.width) ?? [];
    list.push(it);
    byWidth.set(it.width, list);
  }
  return [...byWidth.entries()].map(
    ([width, list]) =>
      new Primitive({
        geometryInstances: list.map(
          (it) =>
            new GeometryInstance({
              geometry: new PolylineGeometry({
                positions: it.positions,
                width,
                arcType: ArcType.GEODESIC,
                granularity: GRANULARITY,
                vertexFormat: PolylineColorAppearance.VERTEX_FORMAT,
              }),
              attributes: { color: ColorGeometryInstanceAttribute.fromColor(it.color) },
            }),
        ),
        appearance: new PolylineColorAppearance({ translucent: true }),
        allowPicking: false,
        asynchronous: false,
      }),
  );
}
