/**
 * The administrative-unit choropleth: the units of one level (the districts of the city, the streets of a district,
 * the grids of a street) filled by how many alarms and warnings they hold, outlined, and labelled with their name and
 * counts. Rebuilt on every change of level or figures (at most a few hundred polygons, synchronous primitives, not
 * pickable: the app finds the unit under a click by point-in-polygon on the ground point).
 *
 * Colours come from the status table (src/domain/status.ts): no alarm → the normal colour, faint; warnings only → the
 * warning colour; alarms → the alarm colour, stronger with more alarms.
 */
import { Math as CesiumMath, Rectangle, type PrimitiveCollection, type Primitive, type Scene } from '@cesium/engine';
import type { AdminGeometry } from '../domain/adminUnits';
import { STATUS_ALARM, STATUS_NORMAL, STATUS_WARNING, statusDef } from '../domain/status';
import { lines, polygonHierarchies, positions } from './geo';
import { color, Labels } from './layer';
import { linePrimitives, polygonPrimitive, type LineItem, type PolygonItem } from './primitives';
import { flightSeconds } from '../viewer/motion';

export interface ChoroplethUnit {
  id: string;
  geometry: AdminGeometry;
  alarms: number;
  warnings: number;
  /** label text in the current language */
  label: () => string;
}

/** Fill alpha for a unit's counts: 0 alarms → faint; 1 → 0.35; ≥ 5 → 0.6. */
export function fillOf(alarms: number, warnings: number): readonly [number, number, number, number] {
  if (alarms > 0) {
    const c = statusDef(STATUS_ALARM).color;
    return [c[0], c[1], c[2], Math.min(0.6, 0.3 + 0.06 * alarms)];
  }
  if (warnings > 0) {
    const c = statusDef(STATUS_WARNING).color;
    return [c[0], c[1], c[2], 0.3];
  }
  const c = statusDef(STATUS_NORMAL).color;
  return [c[0], c[1], c[2], 0.1];
}

/** A little above the ground and the rivers, below the bridges and sections. */
const HEIGHT = 0.8;

export class AdminUnitsLayer {
  private prims: Primitive[] = [];
  private labels: Labels | null = null;
  private visible = true;

  constructor(private readonly collection: PrimitiveCollection) {}

  /** Draws these units (replacing what was drawn). */
  show(units: readonly ChoroplethUnit[]): void {
    this.clear();
    const fills: PolygonItem[] = [];
    const outlines: LineItem[] = [];
    const labels = new Labels();
    for (const u of units) {
      const rgba = fillOf(u.alarms, u.warnings);
      const fill = color(rgba);
      for (const hierarchy of polygonHierarchies(u.geometry, HEIGHT)) fills.push({ hierarchy, color: fill });
      for (const ring of lines(u.geometry, true)) outlines.push({ positions: positions(ring, HEIGHT), color: color([235, 240, 250, 0.8]), width: 2 });
      const c = labelPoint(u.geometry);
      labels.add(c[0], c[1], HEIGHT, 'district', u.label);
    }
    const poly = polygonPrimitive(fills, HEIGHT);
    if (poly) this.prims.push(poly);
    this.prims.push(...linePrimitives(outlines));
    for (const p of this.prims) {
      p.show = this.visible;
      this.collection.add(p);
    }
    labels.collection.show = this.visible;
    this.collection.add(labels.collection);
    this.labels = labels;
  }

  /** re-reads label texts (language, figures) */
  refreshLabels(): void {
    this.labels?.refresh();
  }

  /** label glyphs are ready to draw */
  ready(): boolean {
    return (this.labels?.collection as { ready?: boolean } | undefined)?.ready !== false;
  }

  setVisible(v: boolean): void {
    this.visible = v;
    for (const p of this.prims) p.show = v;
    if (this.labels) this.labels.collection.show = v;
  }

  /** Flies over a [west, south, east, north] box, looking north at 55° down; resolves when the flight ends. */
  flyToBox(scene: Scene, box: readonly [number, number, number, number], durationS = 1.5): Promise<void> {
    const [w, s, e, n] = box;
    // back off to the south so the oblique view frames the box
    const dLat = (n - s) * 0.55;
    return new Promise((resolve) => {
      scene.camera.flyTo({
        destination: Rectangle.fromDegrees(w, s - dLat, e, n - dLat * 0.35),
        orientation: { heading: 0, pitch: CesiumMath.toRadians(-55), roll: 0 },
        duration: flightSeconds(durationS),
        complete: () => resolve(),
        cancel: () => resolve(),
      });
      scene.requestRender();
    });
  }

  private clear(): void {
    for (const p of this.prims) this.collection.remove(p);
    this.prims = [];
    if (this.labels) this.collection.remove(this.labels.collection);
    this.labels = null;
  }

  destroy(): void {
    this.clear();
  }
}

/** A point for the label: the middle of the largest outer ring's box (grids and streets are compact). */
function labelPoint(g: AdminGeometry): [number, number] {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  let best: [number, number] = [0, 0];
  let bestArea = -1;
  for (const rings of polys) {
    const ring = rings[0] ?? [];
    let w = Infinity;
    let s = Infinity;
    let e = -Infinity;
    let n = -Infinity;
    for (const p of ring) {
      w = Math.min(w, p[0]);
      e = Math.max(e, p[0]);
      s = Math.min(s, p[1]);
      n = Math.max(n, p[1]);
    }
    const a = (e - w) * (n - s);
    if (a > bestArea) {
      bestArea = a;
      best = [(w + e) / 2, (s + n) / 2];
    }
  }
  return best;
}
