/** Worker thread: receives the shared dataset once (workerData), then tile jobs; answers each with its result. */
import { parentPort, workerData } from 'node:worker_threads';
import { initMeshopt } from './glb';
import { runJob, type JobContext, type TileJob } from './jobs';

const ctx = workerData as JobContext;
const port = parentPort;
if (!port) throw new Error('tools/tiler/worker.ts must run in a worker thread');

await initMeshopt();
port.on('message', (job: TileJob) => {
  try {
    port.postMessage({ ok: true, result: runJob(ctx, job) });
  } catch (err) {
    port.postMessage({ ok: false, id: job.id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  }
});
port.postMessage({ ready: true });
