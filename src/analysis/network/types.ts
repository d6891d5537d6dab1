/**
 * Public types of the network engine (src/analysis/network/): valve isolation on pressure networks (water JS, gas RQ,
 * heat RL), gravity traces and outfall catchments on drainage (PS), river section → outfalls upstream → catchments.
 *
 * Pure types only. The engine runs in Node (tools/trace/cli.ts, bench, tests) and in the query Worker
 * (worker-protocol.ts: 'network-load-url', 'isolate', 'trace', 'catchment', 'section-outfalls', 'network-export').
 * Every result is plain JSON (structured-clone safe) and carries, for each asset, the human id, the gid (index into
 * the status texture / tiles), a position [lon, lat] and a depth, so the viewer can highlight by gid and list by id.
 */
import type { CategoryCode, LonLat, NetworkSource, NodeType } from '../../domain/schema';

/** How a category's network is searched. */
export type NetworkKind = 'pressure' | 'gravity' | 'none';

/** What a source node is (schema.ts PipeNode.source.kind). */
export type SourceKind = NetworkSource['kind'];

/** A node of the network as listed in results. */
export interface NodeItem {
  id: string;
  gid: number;
  cat: CategoryCode;
  sub: string;
  type: NodeType;
  /** [lon, lat] degrees */
  position: LonLat;
  /** depth below ground, metres (valve centreline, manhole bottom) */
  depth: number;
}

/** Why a valve is in an isolation result. */
export type ValveRole =
  /** open and operable, bounds the section: close it */
  | 'close'
  /** would bound the section but is recorded inoperable: the search passed through it */
  | 'inoperable'
  /** marked stuck by the user: the search passed through it */
  | 'stuck'
  /** already closed (normally-closed boundary valve): bounds the section, nothing to do */
  | 'already-closed';

export interface ValveItem extends NodeItem {
  role: ValveRole;
  /** the valve's recorded state and operability (absent in the data = open / true) */
  state: 'open' | 'closed';
  operable: boolean;
}

/** A pipe segment as listed in results. */
export interface PipeItem {
  id: string;
  gid: number;
  cat: CategoryCode;
  sub: string;
  /** nominal diameter mm; null for box sections */
  dn: number | null;
  /** length along the polyline, metres */
  length: number;
  /** [lon, lat] of the middle of the segment (between its end nodes) */
  position: LonLat;
  /** pipe-top depth at start / end, metres */
  depth0: number;
  depth1: number;
  /** node ids at the ends (recorded from → to) */
  from: string;
  to: string;
}

/** A service point / meter that loses supply. */
export interface CustomerPoint extends NodeItem {
  /** households served there (0 when the data has none) */
  customers: number;
  /** base demand, L/s (0 when the data has none) */
  demand: number;
  /** 'isolated': inside the section; 'outage': cut off from every source by the closures */
  cause: 'isolated' | 'outage';
}

export interface SourceItem extends NodeItem {
  kind: SourceKind;
  name: string;
  head?: number;
}

/** Valve isolation of one pipe (pressure networks). */
export interface IsolationResult {
  kind: 'isolation';
  /** the pipe isolated (the one asked for, or the first pipe at the node asked for) */
  pipe: PipeItem;
  /** set when a node was asked for (an alarm on a meter / sensor point / valve): its id */
  asked?: string;
  /** valves to close, and those met but passed through (inoperable, stuck) or already closed */
  valves: {
    close: ValveItem[];
    inoperable: ValveItem[];
    stuck: ValveItem[];
    alreadyClosed: ValveItem[];
  };
  /** pipes inside the closed valves (the section that is emptied) */
  isolated: PipeItem[];
  /** secondary outage: pipes fed before, cut off from every source once the valves are closed */
  outage: PipeItem[];
  /** meters / service points in the section or the outage */
  customers: CustomerPoint[];
  /** sources of this network that still feed the rest (for the record) */
  sources: SourceItem[];
  counts: {
    valvesToClose: number;
    inoperable: number;
    stuck: number;
    alreadyClosed: number;
    isolatedPipes: number;
    outagePipes: number;
    /** meters / service points affected (isolated + outage) */
    servicePoints: number;
    /** households affected (sum of `customers`) */
    customers: number;
  };
  /** metres */
  lengths: { isolated: number; outage: number; total: number };
  /** L/s of base demand no longer supplied */
  demand: number;
  /** the stuck valve ids the user passed that are not valves bounding or inside the section (ignored) */
  ignoredStuck: string[];
}

export type TraceDirection = 'upstream' | 'downstream';

/** A pipe whose inverts rise along its recorded flow direction (or lack inverts): flagged, never reversed. */
export interface SlopeFlag {
  id: string;
  gid: number;
  /** 'adverse': invert at `to` higher than at `from`; 'flat': equal; 'unknown': an invert is missing */
  flag: 'adverse' | 'flat' | 'unknown';
  /** invert1 − invert0, metres (NaN → null) */
  rise: number | null;
  position: LonLat;
}

/** Gravity trace (drainage): everything upstream or downstream of a pipe or a node along the recorded flow. */
export interface TraceResult {
  kind: 'trace';
  direction: TraceDirection;
  /** the pipe or node the trace started from */
  start: { id: string; gid: number; asset: 'segment' | 'node'; position: LonLat };
  pipes: PipeItem[];
  /** manholes, inlets, outfalls … reached */
  nodes: NodeItem[];
  /** downstream: the outfalls reached; upstream: the outfall(s) of the start is not included */
  outfalls: NodeItem[];
  /** pipes in the trace with adverse / flat / unknown slope */
  slopeFlags: SlopeFlag[];
  counts: { pipes: number; nodes: number; outfalls: number; slopeFlags: number };
  /** metres */
  length: number;
}

/** A sensor on an asset of a catchment. */
export interface SensorItem {
  sensor: string;
  asset: string;
  gid: number;
  metric: string;
  /** true when the metric has thresholds (data/thresholds.json), i.e. the sensor can raise an alarm */
  alarmCapable: boolean;
}

/** Outline of an area served: GeoJSON Polygon geometry (lon/lat), or null for fewer than 3 distinct points. */
export interface OutlineGeometry {
  type: 'Polygon';
  coordinates: LonLat[][];
}

/** Outfall → everything draining into it. */
export interface CatchmentResult {
  kind: 'catchment';
  outfall: NodeItem & { river: string | null };
  pipes: PipeItem[];
  sensors: SensorItem[];
  slopeFlags: SlopeFlag[];
  /** convex hull of the catchment's nodes (and pipe vertices' ends) */
  outline: OutlineGeometry | null;
  /** km² of the outline (to the m²; 0 when null) */
  area: number;
  counts: { pipes: number; nodes: number; sensors: number; alarmCapable: number; slopeFlags: number };
  /** metres */
  length: number;
}

/** A catchment in a section result (without the full pipe list, which can be large). */
export interface CatchmentSummary {
  outfall: NodeItem & { river: string | null };
  /** metres upstream of the section along the river centreline */
  along: number;
  counts: CatchmentResult['counts'];
  length: number;
  outline: OutlineGeometry | null;
  area: number;
  /** gids of the catchment's pipes (for highlighting) */
  pipeGids: number[];
  sensors: SensorItem[];
}

/** River section → outfalls upstream within a distance along the centreline → their catchments. */
export interface SectionResult {
  kind: 'section';
  section: { id: string; name: string; nameEn: string; river: string; position: LonLat };
  /** the distance asked for, metres along the river */
  withinM: number;
  /** nearest first */
  outfalls: CatchmentSummary[];
  counts: { outfalls: number; pipes: number; sensors: number; alarmCapable: number };
  /** metres of pipe in all catchments */
  length: number;
}

export type NetworkResult = IsolationResult | TraceResult | CatchmentResult | SectionResult;

export type NetworkErrorCode =
  /** no pipe / node / outfall / section with that id */
  | 'unknown-id'
  /** e.g. isolation of a drainage pipe, a gravity trace on a water main, catchment of a non-outfall */
  | 'wrong-kind'
  /** the section between valves contains a source: it cannot be isolated by valves */
  | 'contains-source'
  /** no valve can close the section (the search reached the network's ends without any operable valve) */
  | 'not-isolable'
  /** the network file is not loaded yet (Worker) */
  | 'not-loaded'
  /** export asked before any network result */
  | 'no-result'
  /** the network file could not be read */
  | 'bad-network-file';

export interface NetworkErrorInfo {
  code: NetworkErrorCode;
  params: Readonly<Record<string, string | number>>;
  en: string;
  zh: string;
}

/** Options of an isolation. */
export interface IsolateOptions {
  /** valve ids the user marked stuck: searched through like inoperable valves */
  stuck?: readonly string[];
}

/** Options of a section search. */
export interface SectionOptions {
  /** metres along the river upstream of the section (default 5000) */
  withinM?: number;
}

/** What a loaded network says about itself. */
export interface NetworkSummary {
  segments: number;
  nodes: number;
  sources: number;
  valves: number;
  closedValves: number;
  inoperableValves: number;
  outfalls: number;
  sections: number;
}

/** Export of the last result (CSV: one row per asset with its role; GeoJSON: points and lines with properties). */
export interface NetworkExport {
  format: 'csv' | 'geojson';
  mime: string;
  filename: string;
  text: string;
}

/**
 * The engine's entry points (src/analysis/network/engine.ts implements them over a loaded network; the Worker, the
 * CLI and the bench call the same functions). Each throws a NetworkError (errors.ts: `.info` is a NetworkErrorInfo).
 */
export interface NetworkQueries {
  summary(): NetworkSummary;
  /** `pipe`: a segment id of a pressure network (JS, RQ, RL), or a node id there (its first pipe is isolated) */
  isolate(pipe: string, options?: IsolateOptions): IsolationResult;
  /** `from`: a drainage (PS) segment or node id */
  trace(direction: TraceDirection, from: string): TraceResult;
  /** `outfall`: an outfall node id */
  catchment(outfall: string): CatchmentResult;
  /** `section`: a river section id (sections.geojson) */
  sectionOutfalls(section: string, options?: SectionOptions): SectionResult;
}
