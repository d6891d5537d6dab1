/**
 * Leak localisation on the sample's water network (data/sample): seeded leaks of different sizes at random points of
 * random pipes, solved with EPANET (the pipe split, an emitter at the split) under demand uncertainty (every junction
 * ±5 %, the whole zone ±3 %, 1 σ) and read at the zone's pressure sensors with noise (0.05 m, 1 σ) and at its sub-zone
 * inlets' district meters (the solved flow out of each reservoir, ±1 %). Ranked by
 * src/analysis/hydraulics/localise.ts against the zone's signatures of the no-leak model, and by the baseline measured
 * in the same run: the pipes nearest (along the network) to the sensor with the largest drop.
 * Prints top-1/5/10 hit rates (the true pipe among the first k), the mean distance along the network from the true
 * leak to the best candidate (through closed boundary links too: metres of main), the time of one localisation, of one zone's signatures and of one extended-period step,
 * and the sample's pressure sensors per km². Targets: top-5 ≥ 2× the baseline, mean distance < 300 m.
 * Run: `npm run bench -- leak` (env: DATA=dir, LEAKS=N (default 60), HOUR, NOISE_M, DEMAND_SD, ZONE_SD, LEAK_MIN/MAX,
 * BAND, EXTRA_SENSORS=share of valves and hydrants given virtual loggers, INLET_METERS=0 (loggers alone), METER_REL,
 * CENTRE=0 (best score first, not the likeliest middle), VERBOSE=1).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildGraph, distancesFrom, toPipeMiddle } from '../src/analysis/hydraulics/graph';
import { writeInp } from '../src/analysis/hydraulics/inp';
import { inletOfMeter, isInletMeter } from '../src/analysis/hydraulics/inletMeters';
import { INLET_FIT_REL, localiseLeak, pipeRows } from '../src/analysis/hydraulics/localise';
import { buildWaterModel, splitPipe, type WaterModel } from '../src/analysis/hydraulics/model';
import { computeSignatures, type SensorSite, type ZoneSignatures } from '../src/analysis/hydraulics/signatures';
import { loadEngine, solveExtended, solveSnapshot } from '../src/analysis/hydraulics/solver';
import { whitening } from '../src/analysis/hydraulics/whiten';
import type { DatasetMeta, SensorDef } from '../src/domain/schema';
import { plausibleModel, readWaterRecords } from '../tools/epanet/dataset';
import { gauss, rand } from '../tools/feed/hash';

const DIR = process.env.DATA ?? 'data/sample';
const LEAKS = Number(process.env.LEAKS ?? 60);
const HOUR = Number(process.env.HOUR ?? 19);
const NOISE_M = Number(process.env.NOISE_M ?? 0.05);
const LEAK_MIN = Number(process.env.LEAK_MIN ?? 5);
const LEAK_MAX = Number(process.env.LEAK_MAX ?? 40);
const DEMAND_SD = Number(process.env.DEMAND_SD ?? 0.05);
const ZONE_SD = Number(process.env.ZONE_SD ?? 0.03);
const SEED = 20261203;
// district meters at the sub-zone inlets (the model's reservoirs): INLET_METERS=0 leaves them out; METER_REL: their error (1 σ)
const INLET_METERS = process.env.INLET_METERS !== '0';
const METER_REL = Number(process.env.METER_REL ?? 0.01);
// METER_FIT: the meters' error the localisation assumes (the app's: INLET_FIT_REL); TWO_SIZES=0: one size for pressures and flows
const METER_FIT = Number(process.env.METER_FIT ?? INLET_FIT_REL);
const TWO_SIZES = process.env.TWO_SIZES !== '0';
// CENTRE=0: the best candidate is the best score alone (not the likelihood-weighted middle of the likely ones)
const CENTRE = process.env.CENTRE !== '0';

if (!existsSync(join(DIR, 'segments.ndjson'))) {
  console.log(`no dataset in ${DIR}: run npm run data first`);
  process.exit(1);
}
const rec = readWaterRecords(DIR);
const meta = JSON.parse(readFileSync(join(DIR, 'meta.json'), 'utf8')) as DatasetMeta;
const allSensors = JSON.parse(readFileSync(join(DIR, 'sensors.json'), 'utf8')) as SensorDef[];
const sensors = allSensors.filter((s) => s.metric === 'pressure');
// the inlet meters the dataset declares (sensors.json `INL-…`, as the app reads them); a dataset generated before them
// has none, and then every model inlet counts as metered
const meteredInlets = new Set(allSensors.filter((s) => s.metric === 'flow' && isInletMeter(s.sensor)).map((s) => inletOfMeter(s.sensor)));
const metered = (inlet: string) => !meteredInlets.size || meteredInlets.has(inlet);
console.log(`inlet meters: ${meteredInlets.size ? `${meteredInlets.size} in sensors.json` : 'none in sensors.json, every model inlet taken as metered'}`);
// EXTRA_SENSORS=share: what-if study — virtual pressure sensors at that share of the valves and hydrants
const extra = Number(process.env.EXTRA_SENSORS ?? 0);
if (extra > 0) {
  const have = new Set(sensors.map((x) => x.asset));
  for (const nd of rec.nodes) {
    if ((nd.type === 'valve' || nd.type === 'hydrant') && !have.has(nd.id) && rand(SEED, 99, Number(nd.gid)) < extra) {
      sensors.push({ sensor: `VIRT-${nd.id}`, asset: nd.id, metric: 'pressure', unit: 'MPa', interval: 60 });
    }
  }
}
const engine = await loadEngine(await import('epanet-js'));

// sensors per km²: over the dataset's bounding box and per km of main
const [w, s, e, n] = meta.bbox;
const kmX = ((e - w) * 111.32 * Math.cos((((s + n) / 2) * Math.PI) / 180));
const kmY = (n - s) * 110.57;
const BAND = process.env.BAND === undefined ? {} : { prvBandM: Number(process.env.BAND) };
const { model: whole, sources: SOURCES, note } = plausibleModel(engine, rec, BAND);
if (note) console.log(`model: ${note}`);
const mainsKm = whole.zones.reduce((a, z) => a + z.lengthM, 0) / 1000;
console.log(`pressure sensors: ${sensors.length} on ${mainsKm.toFixed(0)} km of water mains in a ${kmX.toFixed(1)} × ${kmY.toFixed(1)} km box: ${(sensors.length / (kmX * kmY)).toFixed(1)} per km², ${(sensors.length / mainsKm).toFixed(2)} per km of main`);

// one extended-period step of the whole network (24 h, hourly)
{
  const t0 = performance.now();
  const run = solveExtended(engine, writeInp(whole, { durationH: 24 }), []);
  const ms = (performance.now() - t0) / run.times.length;
  console.log(`extended-period run of the whole network: ${run.times.length} steps, ${ms.toFixed(0)} ms per step (incl. reading the INP once), warnings: ${run.warnings.length}`);
}

interface Zone {
  name: string;
  model: WaterModel;
  sig: ZoneSignatures;
  pipes: ReturnType<typeof pipeRows>;
  graph: ReturnType<typeof buildGraph>;
}
const zones: Zone[] = [];
let sigMs = 0;
for (const z of whole.zones) {
  const model = buildWaterModel(rec.segments, rec.nodes, { zone: z.name, sources: SOURCES, ...BAND });
  const ids = new Set(model.nodes.map((x) => x.id));
  const sites: SensorSite[] = sensors.filter((x) => ids.has(x.asset)).map((x) => ({ sensor: x.sensor, node: x.asset }));
  const t0 = performance.now();
  const sig = computeSignatures(engine, model, sites, { hour: HOUR });
  const ms = performance.now() - t0;
  sigMs += ms;
  // the noise whitening (loggers, meters, demand error) is built once per zone and set of readings, then cached
  const t1 = performance.now();
  whitening(sig, sig.sensors.map((_, i) => i), INLET_METERS ? sig.inlets.map((_, i) => i).filter((i) => metered(sig.inlets[i])) : [], { noiseM: NOISE_M, meterRel: METER_FIT, demandSd: DEMAND_SD });
  const wMs = performance.now() - t1;
  sigMs += wMs;
  console.log(`  ${z.name}: ${sig.candidates.length} candidate nodes × ${sig.sensors.length} sensors + ${sig.inlets.length} inlet meters, signatures in ${(ms / 1000).toFixed(1)} s, noise whitening ${(wMs / 1000).toFixed(1)} s`);
  zones.push({ name: z.name, model, sig, pipes: pipeRows(model, sig), graph: buildGraph(model, true) });
}
console.log(`signatures of all zones: ${(sigMs / 1000).toFixed(1)} s (once per zone and hour, cached)`);

const totalPipes = zones.reduce((a, z) => a + z.pipes.length, 0);
const K = [1, 5, 10] as const;
const hits = { model: [0, 0, 0], baseline: [0, 0, 0] };
const dist = { model: [] as number[], baseline: [] as number[] };
/** per leak: whether the localisation saw a signal above the noise (confidence not 'none') */
const signal: boolean[] = [];
let locMs = 0;
const locEach: number[] = [];
let noSignal = 0;
const byConfidence = new Map<string, { n: number; top5: number }>();
for (let k = 0; k < LEAKS; k++) {
  // a zone by its share of pipes, a pipe, a point on it, a size
  let pick = Math.floor(rand(SEED, k, 1) * totalPipes);
  const zone = zones.find((z) => (pick -= z.pipes.length) < 0)!;
  const p = zone.pipes[Math.floor(rand(SEED, k, 2) * zone.pipes.length)];
  const link = zone.model.links.find((l) => l.id === p.pipe)!;
  const f = 0.1 + 0.8 * rand(SEED, k, 3);
  const leakLps = LEAK_MIN * Math.exp(Math.log(LEAK_MAX / LEAK_MIN) * rand(SEED, k, 4)); // log-uniform
  const g = 1 + ZONE_SD * gauss(SEED, k, 5);
  const truthBase: WaterModel = {
    ...zone.model,
    nodes: zone.model.nodes.map((x, i) => (x.kind === 'junction' ? { ...x, demand: x.demand * g * Math.max(0.5, 1 + DEMAND_SD * gauss(SEED, k, 6 + i)) } : x)),
  };
  const truth = splitPipe(truthBase, p.pipe, f, 'LEAK');
  const emitter = leakLps / Math.sqrt(40); // L/s per m^0.5: leakLps at 40 m
  const sensorNodes = zone.sig.sensors.map((id) => sensors.find((x) => x.sensor === id)!.asset);
  const inlets = zone.sig.inlets;
  const snap = solveSnapshot(engine, writeInp(truth, { durationH: 0, startH: HOUR, emitters: new Map([['LEAK', emitter]]) }), [...sensorNodes, 'LEAK', ...inlets]);
  const residual = new Map<string, number>();
  zone.sig.sensors.forEach((id, i) => residual.set(id, snap.pressure[i] + NOISE_M * gauss(SEED, k, 100000 + i) - zone.sig.base[i]));
  // inlet meters: the reservoir's outflow (minus its demand) with the meter's error
  const inletFlow = new Map<string, number>();
  inlets.forEach((id, i) => {
    if (!metered(id)) return;
    const q = -snap.demand[sensorNodes.length + 1 + i];
    inletFlow.set(id, q * (1 + METER_REL * gauss(SEED, k, 200000 + i)) - zone.sig.inletBase[i]);
  });

  const t0 = performance.now();
  const loc = localiseLeak(zone.model, zone.sig, residual, { noiseM: NOISE_M, demandSd: DEMAND_SD, meterRel: METER_FIT, twoSizes: TWO_SIZES, ...(INLET_METERS ? { inletFlow } : {}), graph: zone.graph, centre: CENTRE }, zone.pipes);
  locMs += performance.now() - t0;
  locEach.push(performance.now() - t0);
  if (loc.confidence === 'none') noSignal++;
  signal.push(loc.confidence !== 'none');
  const c = byConfidence.get(loc.confidence) ?? { n: 0, top5: 0 };
  c.n++;

  // baseline: pipes by distance from the sensor with the largest drop
  const anchor = sensors.find((x) => x.sensor === loc.largestDrop)?.asset;
  const fromAnchor = anchor ? distancesFrom(zone.graph, [[anchor, 0]]) : null;
  const baseline = fromAnchor
    ? zone.pipes.map((q) => ({ pipe: q.pipe, d: toPipeMiddle(zone.graph, fromAnchor, zone.model.links.find((l) => l.id === q.pipe)!) })).sort((a, b) => a.d - b.d).map((q) => q.pipe)
    : [];

  const fromLeak = distancesFrom(zone.graph, [[link.from, f * link.length], [link.to, (1 - f) * link.length]]);
  const along = (pipe: string | undefined) => {
    if (pipe === undefined) return NaN;
    if (pipe === p.pipe) return Math.abs(f - 0.5) * link.length;
    return toPipeMiddle(zone.graph, fromLeak, zone.model.links.find((l) => l.id === pipe)!);
  };
  const ranked = loc.candidates.map((x) => x.pipe);
  K.forEach((kk, i) => {
    if (ranked.slice(0, kk).includes(p.pipe)) hits.model[i]++;
    if (baseline.slice(0, kk).includes(p.pipe)) hits.baseline[i]++;
  });
  if (ranked.slice(0, 5).includes(p.pipe)) c.top5++;
  byConfidence.set(loc.confidence, c);
  dist.model.push(along(ranked[0]));
  dist.baseline.push(along(baseline[0]));
  if (process.env.VERBOSE) console.log(`leak ${k}: ${zone.name} ${p.pipe} @${f.toFixed(2)} emit ${snap.demand[sensorNodes.length].toFixed(1)} maxdrop ${Math.min(...residual.values()).toFixed(3)} ${snap.pressure[sensorNodes.length] > 0 ? '' : '(no pressure) '}${leakLps.toFixed(1)} L/s → best ${ranked[0]} (${loc.candidates[0]?.score.toFixed(3)}, ${along(ranked[0]).toFixed(0)} m), ${loc.confidence}, snr ${loc.signalToNoise}, true rank ${ranked.indexOf(p.pipe) + 1}, stretch ${loc.stretch.length} pipes ${loc.stretchLengthM} m`);
}

const pct = (x: number) => `${((100 * x) / LEAKS).toFixed(0)} %`;
const mean = (xs: number[]) => xs.filter(Number.isFinite).reduce((a, b) => a + b, 0) / Math.max(1, xs.filter(Number.isFinite).length);
console.log(`\n${LEAKS} leaks, ${LEAK_MIN}–${LEAK_MAX} L/s, hour ${HOUR}, noise ${NOISE_M} m, inlet meters ${INLET_METERS ? `±${METER_REL * 100} % (fitted as ±${METER_FIT * 100} %, ${TWO_SIZES ? 'a size each for pressures and flows' : 'one size'})` : 'none'}, demands ±${DEMAND_SD * 100} % per junction and ±${ZONE_SD * 100} % per zone (1 σ)`);
console.log(`            top-1   top-5   top-10  mean distance to best`);
console.log(`signatures  ${pct(hits.model[0]).padEnd(8)}${pct(hits.model[1]).padEnd(8)}${pct(hits.model[2]).padEnd(8)}${mean(dist.model).toFixed(0)} m`);
console.log(`baseline    ${pct(hits.baseline[0]).padEnd(8)}${pct(hits.baseline[1]).padEnd(8)}${pct(hits.baseline[2]).padEnd(8)}${mean(dist.baseline).toFixed(0)} m`);
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : a > 0 ? '∞×' : '–');
console.log(`ratio vs baseline: top-1 ${ratio(hits.model[0], hits.baseline[0])}, top-5 ${ratio(hits.model[1], hits.baseline[1])} (target ≥ 2×), top-10 ${ratio(hits.model[2], hits.baseline[2])}; mean distance ${ratio(mean(dist.model), mean(dist.baseline))} of the baseline's (target < 300 m)`);
// the same figures over only the leaks the sensors can see (a signal above the noise): the localisation's own reach,
// apart from the leaks no method could place from these sensors
const seen = (xs: number[]) => xs.filter((_, i) => signal[i]);
console.log(
  `mean distance to best over the ${signal.filter(Boolean).length} leaks with a signal above the noise: signatures ${mean(seen(dist.model)).toFixed(0)} m, ` +
    `baseline ${mean(seen(dist.baseline)).toFixed(0)} m (over all ${LEAKS}: ${mean(dist.model).toFixed(0)} m / ${mean(dist.baseline).toFixed(0)} m)`,
);
console.log(`by stated confidence: ${[...byConfidence].map(([k, v]) => `${k} ${v.n} leaks (top-5 ${v.n ? Math.round((100 * v.top5) / v.n) : 0} %)`).join(', ')}; no signal above noise: ${noSignal}`);
const locMedian = [...locEach].sort((a, b) => a - b)[Math.floor(locEach.length / 2)] ?? 0;
console.log(`one localisation: ${(locMs / LEAKS).toFixed(1)} ms mean, ${locMedian.toFixed(1)} ms median (ranking a zone's pipes against cached signatures and whitening)`);
