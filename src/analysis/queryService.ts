/**
 * The Worker's logic without the Worker: holds the loaded query copy and the last result, answers WorkerRequests.
 * Pure (no DOM, no Node); queryWorker.ts connects it to `self`, tests call it directly.
 */
import { parseArea } from './area';
import { isAreaError } from './errors';
import { toCsv, toGeoJson } from './export';
import { queryArea, type QueryResult } from './query';
import { decodeQueryCopy, type QueryCopy } from './queryCopy';
import type { WorkerError, WorkerErrorCode, WorkerRequest, WorkerResponse } from './worker-protocol';
import { decodeNetwork } from './network/codec';
import { NetworkEngine } from './network/engine';
import { isNetworkError, NetworkError } from './network/errors';
import { exportNetworkResult } from './network/export';
import type { NetworkResult } from './network/types';

function workerError(code: WorkerErrorCode, en: string, zh: string, params: Record<string, string | number> = {}): WorkerError {
  return { code, params, en, zh };
}

export interface QueryService {
  handle(req: WorkerRequest): Promise<WorkerResponse>;
}

export function createQueryService(fetchFn?: (url: string) => Promise<ArrayBuffer>): QueryService {
  let copy: QueryCopy | null = null;
  let last: QueryResult | null = null;
  let network: NetworkEngine | null = null;
  let lastNetwork: NetworkResult | null = null;
  const needNetwork = (): NetworkEngine => {
    if (!network) throw new NetworkError('not-loaded');
    return network;
  };

  const load = (buffer: ArrayBuffer, requestId: number): WorkerResponse => {
    copy = decodeQueryCopy(buffer);
    last = null;
    return { type: 'loaded', requestId, count: copy.count, bbox: copy.bbox };
  };

  /** The bytes at a same-origin URL (query.bin, network.bin), or the error response that says why not. */
  const fetchBuffer = async (url: string, requestId: number): Promise<ArrayBuffer | WorkerResponse> => {
    if (!fetchFn) return { type: 'error', requestId, error: workerError('load-failed', 'No fetch available.', '无法加载数据。') };
    try {
      return await fetchFn(url);
    } catch (e) {
      const detail = e instanceof Error ? e.message : String(e);
      return { type: 'error', requestId, error: workerError('load-failed', `Could not load ${url}: ${detail}`, `无法加载 ${url}：${detail}`, { url }) };
    }
  };

  return {
    async handle(req: WorkerRequest): Promise<WorkerResponse> {
      const requestId = req.requestId;
      try {
        switch (req.type) {
          case 'load':
            return load(req.buffer, requestId);
          case 'load-url': {
            const fetched = await fetchBuffer(req.url, requestId);
            if (!(fetched instanceof ArrayBuffer)) return fetched;
            const buffer = fetched;
            return load(buffer, requestId);
          }
          case 'query': {
            if (!copy) return { type: 'error', requestId, error: workerError('not-loaded', 'The pipe network is not loaded yet.', '管网数据尚未加载。') };
            const t0 = Date.now();
            const c = copy.bbox;
            const near: [number, number] | undefined = c ? [(c[0] + c[2]) / 2, (c[1] + c[3]) / 2] : undefined;
            const area = parseArea(req.area, { crs: req.crs, near });
            const result = queryArea(copy, area, req.options);
            last = result;
            return { type: 'result', requestId, result, ms: Date.now() - t0 };
          }
          case 'export': {
            if (!copy || !last) return { type: 'error', requestId, error: workerError('no-result', 'Run a query before exporting.', '请先查询再导出。') };
            const stamp = 'area-query';
            if (req.format === 'csv') return { type: 'exported', requestId, format: 'csv', mime: 'text/csv;charset=utf-8', filename: `${stamp}.csv`, text: toCsv(last) };
            return { type: 'exported', requestId, format: 'geojson', mime: 'application/geo+json', filename: `${stamp}.geojson`, text: JSON.stringify(toGeoJson(last, copy)) };
          }
          case 'network-load-url': {
            const fetched = await fetchBuffer(req.url, requestId);
            if (!(fetched instanceof ArrayBuffer)) return fetched;
            const buffer = fetched;
            try {
              network = new NetworkEngine(decodeNetwork(buffer));
            } catch (e) {
              throw new NetworkError('bad-network-file', { detail: e instanceof Error ? e.message : String(e) });
            }
            lastNetwork = null;
            return { type: 'network-loaded', requestId, summary: network.summary() };
          }
          case 'isolate': {
            const t0 = Date.now();
            const result = needNetwork().isolate(req.pipe, { stuck: req.stuck });
            lastNetwork = result;
            return { type: 'isolation', requestId, result, ms: Date.now() - t0 };
          }
          case 'trace': {
            const t0 = Date.now();
            const result = needNetwork().trace(req.direction, req.from);
            lastNetwork = result;
            return { type: 'trace-result', requestId, result, ms: Date.now() - t0 };
          }
          case 'catchment': {
            const t0 = Date.now();
            const result = needNetwork().catchment(req.outfall);
            lastNetwork = result;
            return { type: 'catchment-result', requestId, result, ms: Date.now() - t0 };
          }
          case 'section-outfalls': {
            const t0 = Date.now();
            const result = needNetwork().sectionOutfalls(req.section, { withinM: req.withinM });
            lastNetwork = result;
            return { type: 'section-result', requestId, result, ms: Date.now() - t0 };
          }
          case 'network-export': {
            const engine = needNetwork();
            if (!lastNetwork) throw new NetworkError('no-result');
            const x = exportNetworkResult(lastNetwork, engine.net, req.format);
            return { type: 'exported', requestId, format: x.format, mime: x.mime, filename: x.filename, text: x.text };
          }
          default: {
            const type = (req as { type?: unknown }).type;
            return { type: 'error', requestId, error: workerError('internal', `Unknown request type ${String(type)}.`, `未知请求类型 ${String(type)}。`) };
          }
        }
      } catch (e) {
        if (isAreaError(e)) return { type: 'error', requestId, error: e.toJSON() };
        if (isNetworkError(e)) return { type: 'error', requestId, error: e.info };
        const detail = e instanceof Error ? e.message : String(e);
        return { type: 'error', requestId, error: workerError('internal', `Internal error: ${detail}`, `内部错误：${detail}`, { detail }) };
      }
    },
  };
}
