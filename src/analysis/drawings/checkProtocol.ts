/**
 * Messages of the clearance-check Worker (checkWorker.ts; logic in checkService.ts):
 *
 *   worker.postMessage({ type: 'check', requestId: 1, url: '/tiles/pipes/query.bin', area: drawnFeature });
 *   → { type: 'progress', requestId: 1, done, total } … (after every chunk of pipes)
 *   → { type: 'result', requestId: 1, result, gids }            (result.cancelled when a 'cancel' came first)
 *   worker.postMessage({ type: 'cancel', requestId: 1 });        // read between chunks
 *
 * Without `area` the whole network is checked. The query copy at `url` is loaded once and kept. Every 'check' ends
 * with exactly one 'result' or 'error' of its requestId; a new 'check' cancels the one running.
 */
import type { CheckResult } from './types';

export type CheckRequest =
  | { type: 'check'; requestId: number; url: string; area?: unknown; crs?: string; chunk?: number }
  | { type: 'cancel'; requestId: number };

export type CheckResponse =
  | { type: 'progress'; requestId: number; done: number; total: number }
  /** gids: the gid of every pipe named by a violation (for the highlight) */
  | { type: 'result'; requestId: number; result: CheckResult; gids: Record<string, number> }
  /** code 'area': the area was not usable (message from the area parser); 'load': query.bin could not be read */
  | { type: 'error'; requestId: number; code: 'area' | 'load' | 'failed'; message: string };
