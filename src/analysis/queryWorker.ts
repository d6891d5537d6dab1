/// <reference lib="webworker" />
/**
 * The area-query Worker: `new Worker(new URL('./queryWorker.ts', import.meta.url), { type: 'module' })`.
 * Speaks worker-protocol.ts; all logic is in queryService.ts.
 */
import { createQueryService } from './queryService';
import type { WorkerRequest } from './worker-protocol';

declare const self: DedicatedWorkerGlobalScope;

const service = createQueryService(async (url) => {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return res.arrayBuffer();
});

self.onmessage = (ev: MessageEvent<WorkerRequest>) => {
  void service.handle(ev.data).then((response) => self.postMessage(response));
};
