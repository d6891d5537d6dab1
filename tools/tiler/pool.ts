/**
 * Runs tile jobs on worker threads (the dataset shared through SharedArrayBuffers, no copies), largest first, or in
 * the calling thread when `workers` is 0.
 */
import { Worker } from 'node:worker_threads';
import { runJob, type JobContext, type JobResult, type TileJob } from './jobs';

/**
 * Workers start from a tiny script that registers tsx's loader and imports worker.ts, so the pool works the same
 * under `tsx`, vitest and the bench runner (Node 20 does not apply `--import` hooks to worker entry points).
 */
const BOOTSTRAP = `
(async () => {
  const { register } = await import('tsx/esm/api');
  register();
  await import(${JSON.stringify(new URL('./worker.ts', import.meta.url).href)});
})().catch((e) => { console.error(e); process.exit(1); });
`;

type WorkerMessage =
  | { ready: true }
  | { ok: true; result: JobResult }
  | { ok: false; id: number; error: string };

export async function runJobs(
  ctx: JobContext,
  jobs: TileJob[],
  workers: number,
  onResult: (r: JobResult) => void,
): Promise<void> {
  const queue = [...jobs].sort((a, b) => b.gids.length - a.gids.length);
  if (workers <= 0) {
    for (const job of queue) onResult(runJob(ctx, job));
    return;
  }
  const n = Math.min(workers, queue.length);
  const started: Worker[] = [];
  try {
    await Promise.all(
      Array.from({ length: n }, async () => {
        const w = new Worker(BOOTSTRAP, { eval: true, workerData: ctx });
        started.push(w);
        await new Promise<void>((resolve, reject) => {
          const next = (): void => {
            const job = queue.shift();
            if (job) w.postMessage(job);
            else resolve();
          };
          w.on('message', (m: WorkerMessage) => {
            if ('ready' in m) return next();
            if (!m.ok) return reject(new Error(`tile job ${m.id} failed in a worker: ${m.error}`));
            onResult(m.result);
            next();
          });
          w.on('error', reject);
          w.on('exit', (code) => {
            if (code !== 0) reject(new Error(`tiler worker exited with code ${code}`));
          });
        });
      }),
    );
  } finally {
    await Promise.all(started.map((w) => w.terminate()));
  }
}
