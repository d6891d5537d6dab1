/// <reference lib="webworker" />
/**
 * The hydraulics Worker: `new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' })`. Speaks
 * protocol.ts; the logic is in service.ts. epanet-js is imported here dynamically, so it lands in its own chunk that
 * only this Worker loads, on its first request.
 */
import type { HydraulicsRequest } from './protocol';
import { createHydraulicsService } from './service';

declare const self: DedicatedWorkerGlobalScope;

const service = createHydraulicsService(
  async (url) => {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    return (await res.json()) as unknown;
  },
  () => import('epanet-js'),
);

self.onmessage = (ev: MessageEvent<HydraulicsRequest>) => {
  void service.handle(ev.data, (p) => self.postMessage(p)).then((r) => self.postMessage(r));
};
