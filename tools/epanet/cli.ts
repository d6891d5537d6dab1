/**
 * `npm run epanet -- [--zone Z] [--data DIR] [--hour H] --out net.inp`: the dataset's water network as an EPANET 2.2
 * INP (src/analysis/hydraulics), solved once with epanet-js at hour H (default 8, the morning peak) to print each
 * zone's pressure range and any EPANET warning. The written file is a 24 h extended-period model with the daily
 * demand pattern: open it in EPANET desktop or WNTR.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeInp } from '../../src/analysis/hydraulics/inp';
import { buildWaterModel } from '../../src/analysis/hydraulics/model';
import { loadEngine, solveSnapshot } from '../../src/analysis/hydraulics/solver';
import { flags, parseCli, valued } from '../cli';
import { plausibleModel, readWaterRecords } from './dataset';

const USAGE = `usage: npm run epanet -- [--zone Z] [--data DIR] [--hour H] [--band M] --out net.inp
  --zone Z     one pressure zone (e.g. 渝中高区); default: the whole network (zones apart by closed boundary pipes)
  --data DIR   dataset folder (default data/sample)
  --hour H     hour of the day of the check solve (default 8)
  --band M     height of a pressure sub-zone, m (default 20; 0 = none: one head per connected part)
  --sources S  data (the records' source nodes), chosen (zone inlets picked by the model) or auto (default: data
               unless they leave junctions without pressure at 19:00, then chosen)
  --out FILE   the INP to write (required)
  --no-solve   write only`;

async function main(): Promise<void> {
  const cli = parseCli({ name: 'epanet', usage: USAGE, options: { ...valued('zone', 'data', 'hour', 'band', 'out', 'sources'), ...flags('no-solve') } });
  const sourceRule = cli.oneOf('sources', ['data', 'chosen', 'auto']) ?? 'auto';
  const out = cli.values.out ?? cli.fail('--out is required');
  const dir = cli.values.data ?? 'data/sample';
  if (!existsSync(join(dir, 'segments.ndjson'))) cli.fail(`no dataset in ${dir}`);
  const hour = cli.values.hour === undefined ? 8 : Number(cli.values.hour);
  if (!(hour >= 0 && hour < 24)) cli.fail('--hour must be 0…23');
  const band = cli.values.band === undefined ? undefined : Number(cli.values.band);
  const rec = readWaterRecords(dir);
  const zone = cli.values.zone;
  const opts = { zone, ...(band === undefined ? {} : { prvBandM: band }) };
  const engine = await loadEngine(await import('epanet-js'));
  let model;
  if (sourceRule === 'auto') {
    const p = plausibleModel(engine, rec, opts);
    if (p.note) console.log(`sources: ${p.note}`);
    model = p.model;
  } else model = buildWaterModel(rec.segments, rec.nodes, { ...opts, sources: sourceRule });
  if (!model.links.length) cli.fail(zone ? `no water mains in zone ${zone}` : 'no water mains in the dataset');
  writeFileSync(out, writeInp(model));
  const junctions = model.nodes.filter((n) => n.kind === 'junction');
  console.log(`${out}: ${junctions.length} junctions, ${model.links.length} links, ${model.zones.reduce((a, z) => a + z.sources.length, 0)} sources (${model.sourcesFrom}), demands from ${model.demandsFrom}`);
  if (cli.values['no-solve']) return;
  const t0 = performance.now();
  const snap = solveSnapshot(engine, writeInp(model, { durationH: 0, startH: hour }), junctions.map((n) => n.id));
  console.log(`solved at ${hour}:00 in ${Math.round(performance.now() - t0)} ms; warnings: ${snap.warnings.length ? snap.warnings.join(' | ') : 'none'}`);
  const perZone = new Map<string, number[]>();
  junctions.forEach((n, i) => {
    const list = perZone.get(n.zone) ?? [];
    list.push(snap.pressure[i]);
    perZone.set(n.zone, list);
  });
  console.log('zone\tjunctions\tpipes\tclosed\tkm\tdemand L/s\tsources: head m\tpressure m: min / 5% / median / 95% / max');
  for (const z of model.zones) {
    const ps = (perZone.get(z.name) ?? []).sort((a, b) => a - b);
    const q = (f: number) => (ps.length ? ps[Math.floor(f * (ps.length - 1))].toFixed(1) : '-');
    console.log([z.name, z.junctions, z.pipes, z.closed, (z.lengthM / 1000).toFixed(1), z.demandLps.toFixed(1), z.heads.length ? `${z.heads.length}: ${Math.min(...z.heads).toFixed(0)}–${Math.max(...z.heads).toFixed(0)}` : '-',
      `${q(0)} / ${q(0.05)} / ${q(0.5)} / ${q(0.95)} / ${q(1)}`].join('\t'));
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
