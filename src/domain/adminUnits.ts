/**
 * Administrative units as data: the three levels an operations centre reports by — district (区县), street (镇街) and
 * grid (网格) — read from `admin.geojson` (docs/admin-units.md), each unit a polygon with an id, names in both
 * languages, its level and its parent's id. A grid's parent is a street, a street's parent a district; districts have
 * no parent (the city is the root). Pure: no DOM, no Cesium.
 *
 * `parseAdminUnits` checks a FeatureCollection and builds the hierarchy; what it cannot use it names (one problem per
 * feature) and leaves out, so a user's own file never breaks the viewer.
 */
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';

export const ADMIN_LEVELS = ['district', 'street', 'grid'] as const;
export type AdminLevel = (typeof ADMIN_LEVELS)[number];

/** The level above (null for districts: the city). */
export function parentLevel(level: AdminLevel): AdminLevel | null {
  return level === 'grid' ? 'street' : level === 'street' ? 'district' : null;
}

/** The level below (null for grids: the assets). */
export function childLevel(level: AdminLevel): AdminLevel | null {
  return level === 'district' ? 'street' : level === 'street' ? 'grid' : null;
}

/** Properties of one feature of admin.geojson. */
export interface AdminUnitProps {
  id: string;
  level: AdminLevel;
  /** Chinese name (e.g. 解放碑街道) */
  name: string;
  /** English name */
  nameEn: string;
  /** id of the unit one level up; null for districts */
  parent: string | null;
  /** official code when known (行政区划代码), else absent */
  code?: string;
}

export type AdminGeometry = Polygon | MultiPolygon;
export type AdminFeature = Feature<AdminGeometry, AdminUnitProps>;
export type AdminCollection = FeatureCollection<AdminGeometry, AdminUnitProps>;

export interface AdminUnit extends AdminUnitProps {
  geometry: AdminGeometry;
  /** ids of the units one level down, in file order */
  children: string[];
}

/** The hierarchy: every unit by id, the districts (roots) and the units of each level, in file order. */
export interface AdminTree {
  units: ReadonlyMap<string, AdminUnit>;
  byLevel: Readonly<Record<AdminLevel, readonly string[]>>;
}

export interface AdminProblem {
  /** index of the feature in the file */
  index: number;
  id: string | null;
  reason: 'notPolygon' | 'badProps' | 'duplicateId' | 'missingParent' | 'wrongParentLevel';
}

function isAdminLevel(v: unknown): v is AdminLevel {
  return typeof v === 'string' && (ADMIN_LEVELS as readonly string[]).includes(v);
}

/** Builds the hierarchy from a parsed admin.geojson; features it cannot place are reported and left out. */
export function parseAdminUnits(data: unknown): { tree: AdminTree; problems: AdminProblem[] } {
  const problems: AdminProblem[] = [];
  const units = new Map<string, AdminUnit>();
  const byLevel: Record<AdminLevel, string[]> = { district: [], street: [], grid: [] };
  const features = (data as { features?: unknown } | null)?.features;
  const list: unknown[] = Array.isArray(features) ? features : [];
  const candidates: { index: number; unit: AdminUnit }[] = [];
  list.forEach((raw, index) => {
    const f = raw as { geometry?: { type?: string } | null; properties?: Record<string, unknown> | null } | null;
    const p = f?.properties ?? null;
    const id = p && typeof p.id === 'string' && p.id !== '' ? p.id : null;
    const g = f?.geometry;
    if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) return problems.push({ index, id, reason: 'notPolygon' });
    if (!p || id === null || !isAdminLevel(p.level) || typeof p.name !== 'string') return problems.push({ index, id, reason: 'badProps' });
    const parent = typeof p.parent === 'string' && p.parent !== '' ? p.parent : null;
    if (units.has(id)) return problems.push({ index, id, reason: 'duplicateId' });
    const unit: AdminUnit = {
      id,
      level: p.level,
      name: p.name,
      nameEn: typeof p.nameEn === 'string' && p.nameEn !== '' ? p.nameEn : p.name,
      parent,
      ...(typeof p.code === 'string' ? { code: p.code } : {}),
      geometry: g as AdminGeometry,
      children: [],
    };
    units.set(id, unit);
    candidates.push({ index, unit });
  });
  // parents by level, top-down, so a grid whose street was dropped is dropped too
  for (const level of ADMIN_LEVELS) {
    for (const { index, unit } of candidates) {
      if (unit.level !== level || !units.has(unit.id)) continue;
      const want = parentLevel(level);
      if (want === null) {
        unit.parent = null;
        byLevel.district.push(unit.id);
        continue;
      }
      const parent = unit.parent === null ? undefined : units.get(unit.parent);
      if (!parent) {
        problems.push({ index, id: unit.id, reason: 'missingParent' });
        units.delete(unit.id);
      } else if (parent.level !== want) {
        problems.push({ index, id: unit.id, reason: 'wrongParentLevel' });
        units.delete(unit.id);
      } else {
        parent.children.push(unit.id);
        byLevel[level].push(unit.id);
      }
    }
  }
  return { tree: { units, byLevel }, problems };
}

/** The chain from the district down to this unit (ids), empty for an unknown id. */
export function pathOf(tree: AdminTree, id: string): string[] {
  const out: string[] = [];
  let u = tree.units.get(id);
  while (u) {
    out.unshift(u.id);
    u = u.parent === null ? undefined : tree.units.get(u.parent);
  }
  return out;
}

/** Every grid under a unit (the unit itself when it is a grid). */
export function gridsUnder(tree: AdminTree, id: string): string[] {
  const u = tree.units.get(id);
  if (!u) return [];
  if (u.level === 'grid') return [u.id];
  return u.children.flatMap((c) => gridsUnder(tree, c));
}

/** admin-index.json: what the roll-up needs from the dataset, computed once by the generator / prepare. */
export interface AdminIndex {
  version: 1;
  /** monitored asset id (segment, node or river section) → id of the grid it lies in */
  assets: Record<string, string>;
  /** grid id → pipe length in metres by CJJ 61 category code (a segment counts in the grid holding its midpoint) */
  pipeLengthM: Record<string, Record<string, number>>;
}

export function isAdminIndex(v: unknown): v is AdminIndex {
  const o = v as Partial<AdminIndex> | null;
  return !!o && o.version === 1 && typeof o.assets === 'object' && o.assets !== null && typeof o.pipeLengthM === 'object' && o.pipeLengthM !== null;
}
