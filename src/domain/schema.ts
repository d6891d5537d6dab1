/**
 * The data contract every part of the twin shares (see shared/design.md "Contracts").
 *
 * Pure types and tiny helpers only: no Cesium, no DOM, no Node.
 *
 * Files (produced by `npm run data`, consumed by the tiler, the query engine and the viewer):
 *
 *   data/sample/                      (generator output, gitignored)
 *     meta.json                       DatasetMeta
 *     segments.ndjson                 one PipeSegment per line, in gid order (gid 0 … S-1)
 *     nodes.ndjson                    one PipeNode per line, in gid order (gid S … S+N-1)
 *     sensors.json                    SensorDef[]
 *     rivers.geojson                  water polygons (kind "water") + centrelines (kind "centreline")
 *     streets.geojson                 street centrelines (LineString)
 *     sections.geojson                river monitoring sections (LineString across the river)
 *     projects.geojson                riverbank projects (Polygon)
 *     outfalls.geojson                sewage / rain outfalls on the banks (Point; also drainage nodes)
 *     labels.geojson                  landmark, bridge and district labels (Point)
 *
 *   public/tiles/pipes/               (tiler output, gitignored)
 *     tileset.json                    3D Tiles 1.1, explicit quadtree
 *     ids.txt                         asset id per line; line number = gid (the id ⇄ gid mapping)
 *     assets/index.json               AssetChunkIndex
 *     assets/NNNNN.json               AssetRecord[] for gids [N*chunkSize, (N+1)*chunkSize)
 *     content/*.glb                   tile content
 *
 *   public/data/                      the overlay GeoJSON files above + sensors.json + meta.json, copied by tools/prepare.ts
 */

/** CJJ 61 top-level category code. */
export type CategoryCode = 'JS' | 'PS' | 'RQ' | 'RL' | 'DL' | 'TX' | 'GY' | 'QT';

/** Coordinates are WGS84 / CGCS2000 geographic, [longitude, latitude] in degrees. */
export type LonLat = [number, number];

/**
 * How heights in a dataset are meant:
 *  - "ellipsoid": render with ground = ellipsoid height 0 (no terrain). Depths are honoured, the recorded
 *    ground elevations are survey attributes only.
 *  - "absolute": ground elevations are absolute heights to be used with a terrain provider.
 */
export type HeightMode = 'ellipsoid' | 'absolute';

export interface DatasetMeta {
  name: string;
  seed: number;
  generatedAt: string;
  synthetic: boolean;
  heightMode: HeightMode;
  /** [west, south, east, north] in degrees. */
  bbox: [number, number, number, number];
  segmentCount: number;
  nodeCount: number;
  /** counts per category code */
  categories: Partial<Record<CategoryCode, { segments: number; nodes: number }>>;
  /** Network model counts (optional; absent in older datasets). */
  network?: { sources: number; valves: number; closedValves: number; inoperableValves: number; customers: number };
}

export type CrossingKind = 'bridge' | 'under-river';

/** A pipe segment between two nodes (survey line record). */
export interface PipeSegment {
  kind: 'segment';
  /** Human id, stable: `${sub}-${serial}` e.g. "JP-000123" or `${cat}-…`; what the feed and the user see. */
  id: string;
  /** Dense numeric id, 0 … S-1 for segments (nodes follow). */
  gid: number;
  cat: CategoryCode;
  /** CJJ 61 sub-type code, e.g. "JP" (配水), "YS" (雨水), "WS" (污水), "TR" (天然气). */
  sub: string;
  /** CJJ 61 Appendix F 8-digit feature code, e.g. "52021000". */
  code: string;
  /** Node ids at the start and end. For gravity networks start → end is the flow direction. */
  from: string;
  to: string;
  /** Polyline, at least 2 positions, from → to. */
  coords: LonLat[];
  /** CJJ 61 material code (ZT, G, T, PE, PVC, BLG, QM, ZS, Z, S, SM, TC, TZ, GX). */
  material: string;
  /** Nominal diameter in mm for round pipes; null for box sections. */
  dn: number | null;
  /** Box section width × height in mm (culverts, cable trenches); null for round pipes. */
  box: { w: number; h: number } | null;
  /** Depth of the pipe top below ground at start / end, metres (管顶埋深). */
  depth0: number;
  depth1: number;
  /** Ground elevation at start / end, metres (1985 national height datum). */
  ground0: number;
  ground1: number;
  /** CJJ 61 burial method code (ZM 直埋, GM 管埋, GK 管块, GG 管沟, JK 架空, ZH 综合管廊, DG 顶管, SX 水下). */
  burial: string;
  year: number;
  owner: string;
  /** Street the segment runs along (id from streets.geojson), if any. */
  street: string | null;
  /** Set only for segments that cross a river. */
  crossing: CrossingKind | null;
  /** Water supply: pressure zone name; gas: pressure class (see PressureClass); otherwise null. */
  pressureZone: string | null;
  pressureClass: PressureClass | null;
  /** Gravity networks (PS): invert elevations at start / end, metres (ground − depth − height). */
  invert0: number | null;
  invert1: number | null;
  /**
   * Optional (added by the sample generator): true when the pipe lies under the carriageway, false under a sidewalk
   * or green strip. Selects the GB 50289 minimum-cover row (src/domain/cover.ts). Absent = unknown.
   */
  underCarriageway?: boolean;
}

/** GB 50028 gas pressure classes. */
export type PressureClass = 'low' | 'mediumB' | 'mediumA' | 'subHighB' | 'subHighA' | 'highB' | 'highA';

export type NodeType =
  | 'manhole'
  | 'valve'
  | 'hydrant'
  | 'tee'
  | 'bend'
  | 'outfall'
  | 'meter'
  | 'sensor'
  | 'junction'
  | 'inlet';

/** A point on a network (survey point record). */
export interface PipeNode {
  kind: 'node';
  id: string;
  /** Dense numeric id, S … S+N-1. */
  gid: number;
  cat: CategoryCode;
  sub: string;
  code: string;
  type: NodeType;
  position: LonLat;
  /** Ground elevation, metres. */
  ground: number;
  /** Depth below ground, metres: manhole/outfall bottom, valve/tee centreline. */
  depth: number;
  year: number;
  owner: string;
  /** ids of the segments that meet here */
  segments: string[];
  /*
   * Network model (optional; absent in older datasets = the default). See docs/network.md.
   */
  /** Valves only: recorded state; absent = 'open'. Normally-closed boundary valves between water pressure zones are 'closed'. */
  state?: 'open' | 'closed';
  /** Valves only: false when the valve is known not to turn (seized, buried, broken spindle); absent = true. */
  operable?: boolean;
  /** Set on the nodes that feed a pressure network (water zone inlets / reservoirs / works, gas regulator stations, heat plants). */
  source?: NetworkSource;
  /** Service points / meters (type 'meter'): customers (households) served there. */
  customers?: number;
  /** Water meters / service points: base demand, L/s (average day). */
  demand?: number;
}

/** A node that feeds a pressure network. */
export interface NetworkSource {
  kind: 'treatment-works' | 'reservoir' | 'zone-inlet' | 'regulator-station' | 'heat-plant';
  name: string;
  /** total hydraulic head for water sources, metres */
  head?: number;
}

export type AssetRecord = PipeSegment | PipeNode;

/** A sensor the feed reports on. */
export interface SensorDef {
  sensor: string;
  /** asset id (segment, node) or river section id */
  asset: string;
  metric: string;
  unit: string;
  /** nominal reporting interval, seconds */
  interval: number;
  /*
   * Optional context for threshold evaluation and the feed simulator (added for the live feed; see docs/feed.md).
   * The feed derives the category from the asset id's sub-type prefix when `cat` is absent, and falls back to the
   * defaults in data/thresholds.json for the others.
   */
  /** CJJ 61 category / sub-type of the asset. */
  cat?: CategoryCode;
  sub?: string;
  /** Level sensors: manhole depth from cover to bottom, metres (thresholds are "within x m of the cover"). */
  depth?: number;
  /** Design (nominal) value in the metric's unit, e.g. a gas main's design pressure in MPa. */
  design?: number;
  /** Nominal diameter of the pipe, mm (sewer fill-ratio limits depend on it). */
  dn?: number;
  /** Gas pressure class of the asset. */
  pressureClass?: PressureClass;
  /** Water supply pressure zone of the asset. */
  pressureZone?: string;
}

export interface AssetChunkIndex {
  chunkSize: number;
  count: number;
  segmentCount: number;
  nodeCount: number;
}

/** Which assets chunk holds a gid. */
export function chunkOf(gid: number, chunkSize: number): number {
  return Math.floor(gid / chunkSize);
}

/** File name of an assets chunk, e.g. 3 → "00003.json". */
export function chunkFileName(chunk: number): string {
  return `${String(chunk).padStart(5, '0')}.json`;
}

/** Properties of the overlay GeoJSON files. */
export interface RiverProps {
  kind: 'water' | 'centreline';
  river: 'yangtze' | 'jialing';
  name: string;
  nameEn: string;
}
export interface StreetProps {
  id: string;
  name: string;
  nameEn: string;
  class: 'arterial' | 'secondary' | 'local' | 'bridge';
  /** carriageway + sidewalks, metres */
  width: number;
}
export interface SectionProps {
  id: string;
  name: string;
  nameEn: string;
  river: 'yangtze' | 'jialing';
  /** GB 3838 target class 1..5 */
  targetClass: 1 | 2 | 3 | 4 | 5;
  level: 'national' | 'municipal';
}
export interface ProjectProps {
  id: string;
  name: string;
  nameEn: string;
  bank: 'north' | 'south' | 'east' | 'west';
  river: 'yangtze' | 'jialing';
  status: 'planned' | 'underway' | 'completed';
  year: number;
}
export interface OutfallProps {
  id: string;
  gid: number;
  sub: string;
  river: 'yangtze' | 'jialing';
  dn: number;
}
export interface LabelProps {
  name: string;
  nameEn: string;
  kind: 'landmark' | 'bridge' | 'district' | 'river';
}
