/**
 * Promise wrapper around the area-query Worker for the UI: one method per request, responses matched by requestId.
 * Works with anything shaped like a Worker (tests pass a fake).
 */
import type { QueryOptions, QueryResult } from './query';
import type { ExportFormat, WorkerError, WorkerRequest, WorkerResponse } from './worker-protocol';
import type { AreaErrorInfo } from './errors';

export interface WorkerLike {
  postMessage(message: WorkerRequest, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (ev: MessageEvent<WorkerResponse>) => void): void;
}

/** Rejection value of every QueryClient method: the error's code and both messages. */
export class QueryWorkerError extends Error {
  constructor(readonly info: WorkerError | AreaErrorInfo) {
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

  async export(format: ExportFormat): Promise<{ mime: string; filename: string; text: string }> {
    const r = await this.send({ type: 'export', requestId: this.next++, format });
    if (r.type !== 'exported') throw new Error(`unexpected response ${r.type}`);
    return { mime: r.mime, filename: r.filename, text: r.text };
  }
}
