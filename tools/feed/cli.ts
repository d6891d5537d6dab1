/**
 * `npm run feed -- [options]`: the feed simulator as a standalone HTTP server (node:http).
 *
 *   --data DIR        dataset folder with sensors.json (+ sections.geojson, segments/nodes.ndjson); default
 *                     data/sample, else public/data
 *   --port N          default 8787 (0 = any free port)
 *   --host H          default 127.0.0.1
 *   --seed N          default 1 (same seed + same clock = same documents)
 *   --step MS         sequence step, default 1000
 *   --day S           length of a simulated day in real seconds, default 86400 (try 600 for a demo)
 *   --scenario demo|none   default demo (incident timeline replayed every --period seconds, default 1200)
 *   --no-control      disable /api/feed/_control (enabled by default: this is a dev tool)
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FeedEngine } from './engine';
import { enrichSensors, loadFeedDataset } from './dataset';
import { createFeedServer, FeedService } from './server';

function args(argv: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) continue;
    const [k, v] = a.slice(2).split('=', 2);
    if (v !== undefined) out.set(k, v);
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) out.set(k, argv[++i]);
    else out.set(k, 'true');
  }
  return out;
}

async function main(): Promise<void> {
  const a = args(process.argv.slice(2));
  const dir =
    a.get('data') ?? ['data/sample', 'public/data'].find((d) => existsSync(join(d, 'sensors.json'))) ?? 'data/sample';
  const dataset = loadFeedDataset(dir);
  const enriched = await enrichSensors(dataset.sensors, dir);
  const scenario = a.get('scenario') === 'none' ? 'none' : 'demo';
  const engine = new FeedEngine({
    seed: Number(a.get('seed') ?? 1),
    sensors: dataset.sensors,
    sections: dataset.sections,
    stepMs: Number(a.get('step') ?? 1000),
    dayLengthS: Number(a.get('day') ?? 86400),
    scenario,
    scenarioPeriodS: Number(a.get('period') ?? 1200),
    scenarioStartMs: Date.now(), // the demo timeline starts now (alarms within the first minute)
  });
  const control = !a.has('no-control');
  const service = new FeedService({ engine, control });
  const server = createFeedServer(service);
  const host = a.get('host') ?? '127.0.0.1';
  server.listen(Number(a.get('port') ?? 8787), host, () => {
    const addr = server.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    console.log(`feed simulator: ${engine.sensorCount} sensors, ${dataset.sections.length} sections from ${dir} (${enriched} enriched from ndjson)`);
    console.log(`  http://${host}:${port}/api/feed   scenario=${scenario} seed=${engine.seed}`);
    if (control) console.log(`  http://${host}:${port}/api/feed/_control?fault=500|hang|huge|malformed|wrongTypes|badItems|olderSequence|silent|ok`);
  });
  const stop = () => {
    service.close();
    server.close(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
