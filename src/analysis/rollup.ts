/**
 * The roll-up: live figures per administrative unit and per level (grid → street → district → city). Pure: runs in
 * Node (the generator computes admin-index.json with it), a Worker or the page.
 *
 * Figures per unit: alarms and warnings (alarms by CJJ 61 group / river sections), sensors and sensors online, river
 * sections by GB 3838 class (current ones; stale ones apart), open incidents, pipe length by category. Every item is
 * counted once, in the grid that holds it, and summed upward; an item that lies in no grid is counted in `outside`,
 * so at every level the units' figures plus `outside` equal the city's.
 *
 * Where an item lies: monitored assets and sections through admin-index.json (asset id → grid id, computed from the
 * dataset's geometry); incidents by their location through `GridLocator` (flatbush over the grids' boxes, then an
 * exact Turf point-in-polygon test).
 */
import { booleanPointInPolygon } from '@turf/turf';
import Flatbush from 'flatbush';
import type { AdminGeometry, AdminIndex, AdminLevel, AdminTree } from '../domain/adminUnits';
import { polylineLength } from '../domain/geodesy';

type LonLatLike = readonly number[];

/** Figures of one unit (or of the city, or of what lies outside every grid). */
export interface UnitFigures {
  alarms: number;
  warnings: number;
  /** alarms by group: CJJ 61 category code, or 'section' */
  alarmsByGroup: Record<string, number>;
  sensors: number;
  sensorsOnline: number;
  /** current river sections by class: index 1–6 = I … 劣V (index 0 unused) */
  sectionsByClass: number[];
  /** sections whose class rests on a silent sensor (kept apart from the ratio) */
  sectionsStale: number;
  openIncidents: number;
  /** metres by CJJ 61 category code */
  pipeLengthM: Record<string, number>;
}

export function emptyFigures(): UnitFigures {
  return { alarms: 0, warnings: 0, alarmsByGroup: {}, sensors: 0, sensorsOnline: 0, sectionsByClass: [0, 0, 0, 0, 0, 0, 0], sectionsStale: 0, openIncidents: 0, pipeLengthM: {} };
}

function addRecord(into: Record<string, number>, from: Readonly<Record<string, number>>): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

/** into += from */
export function addFigures(into: UnitFigures, from: UnitFigures): void {
  into.alarms += from.alarms;
  into.warnings += from.warnings;
  addRecord(into.alarmsByGroup, from.alarmsByGroup);
  into.sensors += from.sensors;
  into.sensorsOnline += from.sensorsOnline;
  for (let i = 0; i < into.sectionsByClass.length; i++) into.sectionsByClass[i] += from.sectionsByClass[i] ?? 0;
  into.sectionsStale += from.sectionsStale;
  into.openIncidents += from.openIncidents;
  addRecord(into.pipeLengthM, from.pipeLengthM);
}

/** Share of current sections in class I–III (优良比例), null when none is rated. */
export function goodShare(f: UnitFigures): number | null {
  const rated = f.sectionsByClass.reduce((a, b) => a + b, 0);
  return rated === 0 ? null : (f.sectionsByClass[1] + f.sectionsByClass[2] + f.sectionsByClass[3]) / rated;
}

export interface RollupAlarm {
  /** asset or section id */
  id: string;
  severity: 'alarm' | 'warning';
  /** CJJ 61 category code or 'section'; null when unknown */
  group: string | null;
}

export interface RollupSensor {
  /** the asset (or section) it measures */
  asset: string;
  online: boolean;
}

export interface RollupSection {
  id: string;
  /** current class 1–6, null when never read */
  cls: number | null;
  stale: boolean;
}

export interface RollupIncident {
  open: boolean;
  asset: string | null;
  location: readonly [number, number] | null;
}

export interface RollupInput {
  tree: AdminTree;
  index: AdminIndex;
  alarms?: readonly RollupAlarm[];
  sensors?: readonly RollupSensor[];
  sections?: readonly RollupSection[];
  incidents?: readonly RollupIncident[];
  /** grid of a location (incidents without a known asset); default: none → outside */
  locate?: (lon: number, lat: number) => string | null;
}

export interface Rollup {
  /** every unit's figures (all levels) */
  byUnit: ReadonlyMap<string, UnitFigures>;
  city: UnitFigures;
  /** items in no grid */
  outside: UnitFigures;
}

/** Rolls the live items up the hierarchy. */
export function rollup(input: RollupInput): Rollup {
  const { tree, index } = input;
  const byUnit = new Map<string, UnitFigures>();
  for (const id of tree.units.keys()) byUnit.set(id, emptyFigures());
  const outside = emptyFigures();
  const gridOf = (asset: string | null): UnitFigures => {
    const g = asset === null ? undefined : index.assets[asset];
    const f = g === undefined ? undefined : byUnit.get(g);
    return f && tree.units.get(g as string)?.level === 'grid' ? f : outside;
  };
  for (const a of input.alarms ?? []) {
    const f = gridOf(a.id);
    if (a.severity === 'alarm') {
      f.alarms++;
      if (a.group !== null) f.alarmsByGroup[a.group] = (f.alarmsByGroup[a.group] ?? 0) + 1;
    } else f.warnings++;
  }
  for (const s of input.sensors ?? []) {
    const f = gridOf(s.asset);
    f.sensors++;
    if (s.online) f.sensorsOnline++;
  }
  for (const s of input.sections ?? []) {
    const f = gridOf(s.id);
    if (s.cls === null) continue;
    if (s.stale) f.sectionsStale++;
    else if (s.cls >= 1 && s.cls <= 6) f.sectionsByClass[s.cls]++;
  }
  for (const inc of input.incidents ?? []) {
    if (!inc.open) continue;
    let f = gridOf(inc.asset);
    if (f === outside && inc.location && input.locate) {
      const g = input.locate(inc.location[0], inc.location[1]);
      f = (g !== null && byUnit.get(g)) || outside;
    }
    f.openIncidents++;
  }
  for (const [g, lengths] of Object.entries(index.pipeLengthM)) {
    const f = byUnit.get(g);
    addRecord(f && tree.units.get(g)?.level === 'grid' ? f.pipeLengthM : outside.pipeLengthM, lengths);
  }
  // grids → streets → districts (each unit's own figures come only from its children above grid level)
  for (const level of ['street', 'district'] as const) {
    for (const id of tree.byLevel[level]) {
      const f = byUnit.get(id) as UnitFigures;
      for (const c of tree.units.get(id)?.children ?? []) addFigures(f, byUnit.get(c) as UnitFigures);
    }
  }
  const city = emptyFigures();
  for (const id of tree.byLevel.district) addFigures(city, byUnit.get(id) as UnitFigures);
  addFigures(city, outside);
  return { byUnit, city, outside };
}

/** The units of one level with their figures, in file order. */
export function levelFigures(r: Rollup, tree: AdminTree, level: AdminLevel): { id: string; figures: UnitFigures }[] {
  return tree.byLevel[level].map((id) => ({ id, figures: r.byUnit.get(id) ?? emptyFigures() }));
}

type Box = [number, number, number, number];

function geometryBox(g: AdminGeometry): Box {
  const box: Box = [Infinity, Infinity, -Infinity, -Infinity];
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  for (const poly of polys) {
    for (const p of poly[0] ?? []) {
      if (p[0] < box[0]) box[0] = p[0];
      if (p[1] < box[1]) box[1] = p[1];
      if (p[0] > box[2]) box[2] = p[0];
      if (p[1] > box[3]) box[3] = p[1];
    }
  }
  return box;
}

/** Finds the grid holding a point: flatbush over the grids' boxes, then Turf's point-in-polygon on the candidates. */
export class GridLocator {
  private readonly ids: string[] = [];
  private readonly geoms: AdminGeometry[] = [];
  private readonly index: Flatbush | null;

  constructor(tree: AdminTree) {
    for (const id of tree.byLevel.grid) {
      const u = tree.units.get(id);
      if (!u) continue;
      this.ids.push(id);
      this.geoms.push(u.geometry);
    }
    if (this.ids.length === 0) {
      this.index = null;
      return;
    }
    const index = new Flatbush(this.ids.length);
    for (const g of this.geoms) {
      const b = geometryBox(g);
      index.add(b[0], b[1], b[2], b[3]);
    }
    index.finish();
    this.index = index;
  }

  /** id of the grid holding the point (the first one in file order on a shared border), null when in none */
  locate(lon: number, lat: number): string | null {
    if (!this.index) return null;
    const hits = this.index.search(lon, lat, lon, lat).sort((a, b) => a - b);
    for (const i of hits) if (booleanPointInPolygon([lon, lat], this.geoms[i])) return this.ids[i];
    return null;
  }
}

/** The point a segment is placed by: the middle of its length. */
export function polylineMiddle(coords: readonly LonLatLike[]): [number, number] {
  const total = polylineLength(coords);
  let walked = 0;
  for (let i = 1; i < coords.length; i++) {
    const a = coords[i - 1];
    const b = coords[i];
    const piece = polylineLength([a, b]);
    if (walked + piece >= total / 2 && piece > 0) {
      const t = (total / 2 - walked) / piece;
      return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
    }
    walked += piece;
  }
  const p = coords[0] ?? [0, 0];
  return [p[0], p[1]];
}

/**
 * admin-index.json from a dataset: each monitored asset's grid (`points`: asset id → its point) and each segment's
 * length in the grid holding its middle (`forEachSegment` hands every segment over once, so a million of them need not
 * be held in memory). Segments and points outside every grid are left out (the roll-up counts them outside).
 */
export function buildAdminIndex(
  locator: GridLocator,
  points: Iterable<{ id: string; at: readonly [number, number] }>,
  forEachSegment: (add: (cat: string, coords: readonly LonLatLike[]) => void) => void,
): AdminIndex {
  const assets: Record<string, string> = {};
  for (const p of points) {
    const g = locator.locate(p.at[0], p.at[1]);
    if (g !== null) assets[p.id] = g;
  }
  const pipeLengthM: Record<string, Record<string, number>> = {};
  forEachSegment((cat, coords) => {
    const mid = polylineMiddle(coords);
    const g = locator.locate(mid[0], mid[1]);
    if (g === null) return;
    const rec = (pipeLengthM[g] ??= {});
    rec[cat] = (rec[cat] ?? 0) + polylineLength(coords);
  });
  for (const rec of Object.values(pipeLengthM)) for (const k of Object.keys(rec)) rec[k] = Math.round(rec[k] * 10) / 10;
  return { version: 1, assets, pipeLengthM };
}

/** Which level a figure is shown at, for a choropleth: the value that colours a unit. */
export type ChoroplethMeasure = 'alarms' | 'sensorsOffline' | 'openIncidents';

export function measureOf(f: UnitFigures, m: ChoroplethMeasure): number {
  return m === 'alarms' ? f.alarms : m === 'sensorsOffline' ? f.sensors - f.sensorsOnline : f.openIncidents;
}
