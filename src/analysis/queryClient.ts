/**
 * Promise wrapper around the area-query Worker for the UI: one method per request, responses matched by requestId.
 * Works with anything shaped like a Worker (tests pass a fake).
 */
import type { QueryOptions, QueryResult } from './query';
import type { ExportFormat, WorkerError, WorkerRequest, WorkerResponse } from './worker-protocol';
import type { AreaErrorInfo } from './errors';
import type { CatchmentResult, IsolationResult, NetworkErrorInfo, NetworkSummary, SectionResult, TraceDirection, TraceResult } from './network/types';

export interface WorkerLike {
  postMessage(message: WorkerRequest, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (ev: MessageEvent<WorkerResponse>) => void): void;
}

/** Rejection value of every QueryClient method: the error's code and both messages. */
export class QueryWorkerError extends Error {
  constructor(readonly info: WorkerError | AreaErrorInfo | NetworkErrorInfo) {
    super(info.en);
    this.name = 'QueryWorkerError';
  }
}

type Pending = { resolve: (r: WorkerResponse) => void; reject: (e: unknown) => void };

export class QueryClient {
  private next = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly worker: WorkerLike) {
    worker.addEventListener('message', (ev) => {
      const r = ev.data;
      const p = this.pending.get(r.requestId);
      if (!p) return;
      this.pending.delete(r.requestId);
      if (r.type === 'error') p.reject(new QueryWorkerError(r.error));
      else p.resolve(r);
    });
  }

  private send(req: WorkerRequest, transfer?: Transferable[]): Promise<WorkerResponse> {
    return new Promise((resolve, reject) => {
      this.pending.set(req.requestId, { resolve, reject });
      this.worker.postMessage(req, transfer);
    });
  }

  async loadUrl(url: string): Promise<number> {
    const r = await this.send({ type: 'load-url', requestId: this.next++, url });
    return r.type === 'loaded' ? r.count : 0;
  }

  async load(buffer: ArrayBuffer): Promise<number> {
    const r = await this.send({ type: 'load', requestId: this.next++, buffer }, [buffer]);
    return r.type === 'loaded' ? r.count : 0;
  }

  async query(area: unknown, options?: QueryOptions, crs?: string): Promise<QueryResult> {
    const r = await this.send({ type: 'query', requestId: this.next++, area, options, crs });
    if (r.type !== 'result') throw new Error(`unexpected response ${r.type}`);
    return r.result;
  }

  /** Network engine: fetch and load network.bin in the Worker (the same Worker serves area queries). */
  async loadNetworkUrl(url: string): Promise<NetworkSummary> {
    const r = await this.send({ type: 'network-load-url', requestId: this.next++, url });
    if (r.type !== 'network-loaded') throw new Error(`unexpected response ${r.type}`);
    return r.summary;
  }

  /** Valve isolation of a pressure pipe; `stuck`: valve ids marked stuck by the user. */
  async isolate(pipe: string, stuck?: string[]): Promise<IsolationResult> {
    const r = await this.send({ type: 'isolate', requestId: this.next++, pipe, stuck });
    if (r.type !== 'isolation') throw new Error(`unexpected response ${r.type}`);
    return r.result;
  }

  /** Gravity trace upstream / downstream from a drainage pipe or node. */
  async trace(direction: TraceDirection, from: string): Promise<TraceResult> {
    const r = await this.send({ type: 'trace', requestId: this.next++, direction, from });
    if (r.type !== 'trace-result') throw new Error(`unexpected response ${r.type}`);
    return r.result;
  }

  async catchment(outfall: string): Promise<CatchmentResult> {
    const r = await this.send({ type: 'catchment', requestId: this.next++, outfall });
    if (r.type !== 'catchment-result') throw new Error(`unexpected response ${r.type}`);
    return r.result;
  }

  async sectionOutfalls(section: string, withinM?: number): Promise<SectionResult> {
    const r = await this.send({ type: 'section-outfalls', requestId: this.next++, section, withinM });
    if (r.type !== 'section-result') throw new Error(`unexpected response ${r.type}`);
    return r.result;
  }

  /** Export the last network result (isolation, trace, catchment or section). */
  async networkExport(format: ExportFormat): Promise<{ mime: string; filename: string; text: string }> {
    const r = await this.send({ type: 'network-export', requestId: this.next++, format });
    if (r.type !== 'exported') throw new Error(`unexpected response ${r.type}`);
    return { mime: r.mime, filename: r.filename, text: r.text };
  }

  async export(format: ExportFormat): Promise<{ mime: string; filename: string; text: string }> {
    const r = await this.send({ type: 'export', requestId: this.next++, format });
    if (r.type !== 'exported') throw new Error(`unexpected response ${r.type}`);
    return { mime: r.mime, filename: r.filename, text: r.text };
  }
}
