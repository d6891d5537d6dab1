/**
 * Messages between the UI and the area-query Worker (src/analysis/queryWorker.ts).
 *
 * Usage from the UI (see queryClient.ts for a promise wrapper):
 *   const worker = new Worker(new URL('../analysis/queryWorker.ts', import.meta.url), { type: 'module' });
 *   worker.postMessage({ type: 'load-url', requestId: 1, url: 'tiles/pipes/query.bin' });
 *   worker.postMessage({ type: 'query', requestId: 2, area: drawnFeature, options: { maxDepth: 3 } });
 *   worker.postMessage({ type: 'export', requestId: 3, format: 'csv' });   // of the last successful query
 * Every request gets exactly one response with the same requestId: its own type, or 'error'.
 * A newer query does not cancel an older one; the UI should ignore responses to superseded requestIds.
 */
import type { AreaErrorCode, AreaErrorInfo } from './errors';
import type { QueryOptions, QueryResult } from './query';
import type {
  CatchmentResult,
  IsolationResult,
  NetworkErrorInfo,
  NetworkSummary,
  SectionResult,
  TraceDirection,
  TraceResult,
} from './network/types';

export type ExportFormat = 'csv' | 'geojson';

export type WorkerRequest =
  /** Hand over an encoded query copy (transfer the buffer: postMessage(msg, [msg.buffer])). */
  | { type: 'load'; requestId: number; buffer: ArrayBuffer }
  /** Let the worker fetch query.bin itself (same origin). */
  | { type: 'load-url'; requestId: number; url: string }
  /**
   * Query. `area`: a GeoJSON Polygon/MultiPolygon geometry, Feature or FeatureCollection, or its JSON text, lon/lat
   * unless `crs` says otherwise (e.g. "EPSG:4545").
   */
  | { type: 'query'; requestId: number; area: unknown; options?: QueryOptions; crs?: string }
  /** Export the last successful query's result. */
  | { type: 'export'; requestId: number; format: ExportFormat }
  /** Network engine (network/types.ts): fetch and load the network file (tiles/pipes/network.bin, same origin). */
  | { type: 'network-load-url'; requestId: number; url: string }
  /** Valve isolation of a pressure pipe; `stuck`: valve ids the user marked stuck. → 'isolation' */
  | { type: 'isolate'; requestId: number; pipe: string; stuck?: string[] }
  /** Gravity trace from a drainage pipe or node. → 'trace-result' */
  | { type: 'trace'; requestId: number; direction: TraceDirection; from: string }
  /** Everything draining into an outfall. → 'catchment-result' */
  | { type: 'catchment'; requestId: number; outfall: string }
  /** River section → outfalls upstream within `withinM` metres along the river (default 5000) → catchments. */
  | { type: 'section-outfalls'; requestId: number; section: string; withinM?: number }
  /** Export the last successful network result (isolation, trace, catchment or section). → 'exported' */
  | { type: 'network-export'; requestId: number; format: ExportFormat };

export type WorkerErrorCode = AreaErrorCode | 'not-loaded' | 'no-result' | 'load-failed' | 'internal';

export interface WorkerError {
  code: WorkerErrorCode;
  params: Readonly<Record<string, string | number>>;
  en: string;
  zh: string;
}

export type WorkerResponse =
  | { type: 'loaded'; requestId: number; count: number; bbox: [number, number, number, number] | null }
  | { type: 'result'; requestId: number; result: QueryResult; ms: number }
  | { type: 'exported'; requestId: number; format: ExportFormat; mime: string; filename: string; text: string }
  | { type: 'error'; requestId: number; error: WorkerError | AreaErrorInfo | NetworkErrorInfo }
  | { type: 'network-loaded'; requestId: number; summary: NetworkSummary }
  | { type: 'isolation'; requestId: number; result: IsolationResult; ms: number }
  | { type: 'trace-result'; requestId: number; result: TraceResult; ms: number }
  | { type: 'catchment-result'; requestId: number; result: CatchmentResult; ms: number }
  | { type: 'section-result'; requestId: number; result: SectionResult; ms: number };
