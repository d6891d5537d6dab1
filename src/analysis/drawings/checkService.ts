/**
 * The clearance-check Worker's logic without the Worker (checkWorker.ts connects it to `self`; tests call it
 * directly): loads the query copy through the caller's fetch, runs the check in chunks of pipes, posts the progress
 * after each chunk and yields, so that a 'cancel' (or a newer 'check') read in between stops it. Pure.
 */
import { isAreaError } from '../errors';
import { decodeQueryCopy, type QueryCopy } from '../queryCopy';
import { clearanceCheckRun, type PipeColumns } from './check';
import { columnsFromQueryCopy, gidsOf, withinArea } from './checkInput';
import type { CheckRequest, CheckResponse } from './checkProtocol';

/** Pipes per chunk (a few milliseconds each on the sample). */
export const DEFAULT_CHUNK = 2000;

export interface CheckServiceDeps {
  /** the bytes at a same-origin URL */
  fetchBuffer(url: string): Promise<ArrayBuffer>;
  post(response: CheckResponse): void;
  /** lets queued messages in between chunks (default: a macrotask) */
  yieldNow?: () => Promise<void>;
}

export interface CheckService {
  handle(req: CheckRequest): Promise<void>;
}

const macrotask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

export function createCheckService(deps: CheckServiceDeps): CheckService {
  let loaded: { url: string; copy: QueryCopy; cols: PipeColumns } | null = null;
  let loading: { url: string; p: Promise<{ copy: QueryCopy; cols: PipeColumns }> } | null = null;
  /** the running check's requestId and its cancel flag */
  let running: { requestId: number; cancelled: boolean } | null = null;
  const yieldNow = deps.yieldNow ?? macrotask;

  const load = (url: string): Promise<{ copy: QueryCopy; cols: PipeColumns }> => {
    if (loaded?.url === url) return Promise.resolve(loaded);
    if (loading?.url === url) return loading.p;
    const p = deps.fetchBuffer(url).then((buf) => {
      const copy = decodeQueryCopy(buf);
      const cols = columnsFromQueryCopy(copy);
      loaded = { url, copy, cols };
      return loaded;
    });
    loading = { url, p };
    p.catch(() => undefined).finally(() => {
      if (loading?.p === p) loading = null;
    });
    return p;
  };

  const check = async (req: Extract<CheckRequest, { type: 'check' }>): Promise<void> => {
    if (running) running.cancelled = true;
    const me = { requestId: req.requestId, cancelled: false };
    running = me;
    const { requestId } = req;
    try {
      let data: { copy: QueryCopy; cols: PipeColumns };
      try {
        data = await load(req.url);
      } catch (e) {
        deps.post({ type: 'error', requestId, code: 'load', message: e instanceof Error ? e.message : String(e) });
        return;
      }
      let within: ((i: number) => boolean) | undefined;
      if (req.area !== undefined && req.area !== null) {
        try {
          within = withinArea(data.cols, req.area, req.crs);
        } catch (e) {
          deps.post({ type: 'error', requestId, code: isAreaError(e) ? 'area' : 'failed', message: e instanceof Error ? e.message : String(e) });
          return;
        }
      }
      const run = clearanceCheckRun(data.cols, { within });
      const chunk = Math.max(1, Math.floor(req.chunk ?? DEFAULT_CHUNK));
      deps.post({ type: 'progress', requestId, done: 0, total: run.total });
      for (;;) {
        if (me.cancelled) {
          run.cancel();
          break;
        }
        const more = run.step(chunk);
        deps.post({ type: 'progress', requestId, done: run.done, total: run.total });
        if (!more) break;
        await yieldNow();
      }
      const result = run.result();
      const ids = new Set<string>();
      for (const v of result.violations) {
        ids.add(v.a);
        if (v.b) ids.add(v.b);
      }
      deps.post({ type: 'result', requestId, result, gids: gidsOf(data.copy, ids) });
    } catch (e) {
      deps.post({ type: 'error', requestId, code: 'failed', message: e instanceof Error ? e.message : String(e) });
    } finally {
      if (running === me) running = null;
    }
  };

  return {
    handle(req) {
      if (req.type === 'cancel') {
        if (running && running.requestId === req.requestId) running.cancelled = true;
        return Promise.resolve();
      }
      return check(req);
    },
  };
}
