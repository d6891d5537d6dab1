/**
 * `npm run feed -- [options]`: the feed simulator as a standalone HTTP server (node:http). Options: USAGE below
 * (`npm run feed -- --help`).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { flags, parseCli, valued } from '../cli';
import { FeedEngine } from './engine';
import { enrichSensors, loadFeedDataset } from './dataset';
import { startHydraulics } from './hydraulics';
import { createFeedServer, FeedService } from './server';

const USAGE = `usage: npm run feed -- [--data DIR] [--port N] [--host H] [--seed N] [--step MS] [--day S]
                       [--scenario demo|none] [--period S] [--no-control]
  --data DIR       dataset folder with sensors.json (default data/sample, else public/data)
  --port N         default 8787 (0 = any free port)
  --host H         default 127.0.0.1
  --seed N         default 1 (same seed + same clock = same documents)
  --step MS        sequence step, default 1000
  --day S          length of a simulated day in real seconds, default 86400 (try 600 for a demo)
  --scenario NAME  demo (default: the incident timeline, replayed every --period seconds, default 1200) or none
  --no-control     disable /api/feed/_control (enabled by default: this is a dev tool)
  -h, --help       this text`;

async function main(): Promise<void> {
  const cli = parseCli({
    name: 'feed',
    usage: USAGE,
    options: { ...valued('data', 'port', 'host', 'seed', 'step', 'day', 'scenario', 'period'), ...flags('no-control') },
  });
  const scenario = cli.oneOf('scenario', ['demo', 'none']) ?? 'demo';
  const seed = cli.int('seed', { min: 0 }) ?? 1;
  const stepMs = cli.positive('step') ?? 1000;
  const dayLengthS = cli.positive('day') ?? 86400;
  const scenarioPeriodS = cli.positive('period') ?? 1200;
  const port = cli.int('port', { min: 0 }) ?? 8787;
  const dir =
    cli.values.data ?? ['data/sample', 'public/data'].find((d) => existsSync(join(d, 'sensors.json'))) ?? 'data/sample';
  const dataset = loadFeedDataset(dir);
  const enriched = await enrichSensors(dataset.sensors, dir);
  const hydraulics = await startHydraulics(dir, dataset.sensors, seed);
  const engine = new FeedEngine({
    ...(hydraulics ? { hydraulics } : {}),
    seed,
    sensors: dataset.sensors,
    sections: dataset.sections,
    stepMs,
    dayLengthS,
    scenario,
    scenarioPeriodS,
    scenarioStartMs: Date.now(), // the demo timeline starts now (alarms within the first minute)
  });
  const control = cli.values['no-control'] !== true;
  const service = new FeedService({ engine, control });
  const server = createFeedServer(service);
  const host = cli.values.host ?? '127.0.0.1';
  server.listen(port, host, () => {
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
