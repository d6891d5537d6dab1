/// <reference lib="webworker" />
/**
 * The clearance-check Worker: `new Worker(new URL('./checkWorker.ts', import.meta.url), { type: 'module' })`.
 * Speaks checkProtocol.ts; the logic is in checkService.ts. query.bin is fetched as the area-query Worker fetches it.
 */
import type { CheckRequest } from './checkProtocol';
import { createCheckService } from './checkService';

declare const self: DedicatedWorkerGlobalScope;

const service = createCheckService({
  fetchBuffer: async (url) => {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    return res.arrayBuffer();
  },
  post: (r) => self.postMessage(r),
});

self.onmessage = (ev: MessageEvent<CheckRequest>) => {
  void service.handle(ev.data);
};
