/** Riverbank projects: translucent polygons coloured by project status, with their outline. */
import type { PrimitiveCollection } from '@cesium/engine';
import type { ProjectProps } from '../domain/schema';
import { lines, polygonHierarchies, positions } from './geo';
import { color, GroupLayer } from './layer';
import { linePrimitives, polygonPrimitive, type LineItem, type PolygonItem } from './primitives';
import { PROJECT } from './theme';
import type { Collection, OverlayLayer } from './types';

export function createProjectsLayer(collection: PrimitiveCollection, data: Collection<ProjectProps>): OverlayLayer {
  const layer = new GroupLayer('projects', collection);
  const fills: PolygonItem[] = [];
  const outlines: LineItem[] = [];
  for (const f of data.features) {
    if (!f.geometry) continue;
    const rgba = PROJECT[f.properties?.status] ?? PROJECT.planned;
    const fill = color(rgba);
    const edge = color([rgba[0], rgba[1], rgba[2], 0.85]);
    for (const hierarchy of polygonHierarchies(f.geometry, 0)) fills.push({ hierarchy, color: fill });
    for (const ring of lines(f.geometry, true)) outlines.push({ positions: positions(ring, 0), color: edge, width: 1.5 });
  }
  layer.add(polygonPrimitive(fills, 0));
  for (const p of linePrimitives(outlines)) layer.add(p);
  return layer;
}
