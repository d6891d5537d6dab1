/**
 * The simulator's water hydraulics: pressures and flows at the water sensors from EPANET (epanet-js) instead of
 * formulas. At start one 24 h extended-period run of the dataset's water network (src/analysis/hydraulics: hourly
 * steps of the daily demand pattern) gives every water sensor's value per hour; readings interpolate between hours.
 * A main-leak incident is a burst on one pipe of its zone (seeded by the incident id): the pipe is split at a point
 * and an emitter there loses `leakLps` at 40 m; the zone's own run over the hour with and without the burst (cached
 * per incident and hour) gives the change at every sensor, scaled by the incident's envelope. Gas, drainage and river readings are not touched here.
 *
 * Deterministic: the same dataset, seed and incident give the same values.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { inletOfMeter, isInletMeter } from '../../src/analysis/hydraulics/inletMeters';
import { writeInp } from '../../src/analysis/hydraulics/inp';
import { localiseLeak } from '../../src/analysis/hydraulics/localise';
import { buildWaterModel, splitPipe, type HLink, type WaterModel } from '../../src/analysis/hydraulics/model';
import { computeSignatures } from '../../src/analysis/hydraulics/signatures';
import { loadEngine, solveExtended, solveSnapshot, type Engine, type EpanetLib } from '../../src/analysis/hydraulics/solver';
import type { SensorDef } from '../../src/domain/schema';
import { distanceM } from '../../src/domain/geodesy';
import { defaultThresholds, resolveLimits } from '../../src/domain/thresholds';
import { plausibleModel, readWaterRecords } from '../epanet/dataset';
import type { HydraulicSource, Incident } from './engine';
import { hashString, rand } from './hash';

/**
 * epanet-js, loaded when a simulator first needs it. Through require (its CommonJS build), not import(): inside Vite's
 * dev / preview server this module is run by the config's module runner, which is closed by then and refuses a
 * dynamic import ("Vite module runner has been closed").
 */
function epanetLib(): EpanetLib {
  return createRequire(import.meta.url)('epanet-js') as EpanetLib;
}

/** m of water per MPa */
const M_PER_MPA = 101.97;
const LEAK_NODE = 'LEAK';
const LEAK_PRESSURE_M = 40;
/** Seeded pipes tried for an observable burst (one zone snapshot each, two with the larger size). */
const BURST_TRIES = 16;
/** Mains within this distance (m) of the NEAR_SENSORS sensors with the least pressure above their alarm limit are tried first. */
const NEAR_M = 500;
const NEAR_SENSORS = 3;
/** Of the bursts that raise an alarm, how many get the localisation check (signatures of the burst's sub-zone). */
const LOCALISE_TRIES = 3;
/** The burst's pipe must be among this many of the localisation's candidates. */
export const BURST_TOP_RANK = 5;
/** A sensor counts as alarmed by the burst when it falls this far below its alarm limit, having been this far above: 3 σ of the pressure noise, m. */
const ALARM_MARGIN_M = 3 * 0.0005 * M_PER_MPA;

interface Series {
  /** per hour 0…24 (24 = the next midnight), per sensor */
  pressure: Float64Array[];
  flow: Float64Array[];
}

export interface LeakSpec {
  pipe: string;
  /** fraction along the pipe */
  at: number;
  /** L/s at 40 m of pressure */
  leakLps: number;
  /** the sensor the burst takes below its pressure alarm limit at the incident's hour (the largest fall below it), if any */
  alarmSensor?: string;
  /** the rank the localisation gave the pipe when it was chosen (noise-free, sub-zone signatures), if checked */
  rank?: number;
}

export class HydraulicFeed implements HydraulicSource {
  private readonly sensorIndex = new Map<string, number>();
  private readonly nodes: string[] = [];
  private readonly links: string[] = [];
  private readonly sensorIds: string[] = [];
  /** per sensor: the pressure alarm's low limit, m (NaN: a flow sensor or no limit) */
  private readonly alarmLowM: number[] = [];
  private readonly specs = new Map<string, LeakSpec | null>();
  private readonly base: Series;
  private readonly leaks = new Map<string, { spec: LeakSpec; delta: Series } | null>();
  private readonly zoneModels = new Map<string, WaterModel>();
  /** ms per extended-period step of the whole network */
  readonly stepMs: number;
  readonly steps: number;

  private constructor(
    private readonly engine: Engine,
    private readonly model: WaterModel,
    sensors: readonly SensorDef[],
    private readonly seed: number,
    private readonly build: (zone: string) => WaterModel,
  ) {
    const nodeIds = new Set(model.nodes.map((n) => n.id));
    const thresholds = defaultThresholds();
    const meterLink = new Map<string, string>();
    for (const l of model.links) if (l.kind === 'pipe' && l.asset === l.id) for (const e of [l.from, l.to]) if (!meterLink.has(e)) meterLink.set(e, l.id);
    const linkIds = new Set(model.links.map((l) => l.id));
    for (const s of sensors) {
      if ((s.metric !== 'pressure' && s.metric !== 'flow') || !nodeIds.has(s.asset)) continue;
      // a district inlet meter reads its inlet's feed pipe; without that inlet in the model (other sources chosen)
      // it has no hydraulic value and keeps the formula
      const inlet = isInletMeter(s.sensor) ? inletOfMeter(s.sensor) : null;
      if (inlet !== null && !linkIds.has(inlet)) continue;
      this.sensorIndex.set(s.sensor, this.nodes.length);
      this.sensorIds.push(s.sensor);
      const low = s.metric === 'pressure' ? resolveLimits(thresholds, { ...s, asset: s.asset, metric: s.metric })?.alarmLow : undefined;
      this.alarmLowM.push(low !== undefined && Number.isFinite(low) ? low * M_PER_MPA : NaN);
      this.nodes.push(s.asset);
      this.links.push(inlet ?? meterLink.get(s.asset) ?? '');
    }
    const t0 = performance.now();
    this.base = this.run(model);
    this.steps = this.base.pressure.length - 1;
    this.stepMs = (performance.now() - t0) / Math.max(1, this.steps);
  }

  /** Load the water network of `dir` (or null when it has none) and run the base extended period. */
  static async create(dir: string, sensors: readonly SensorDef[], seed: number): Promise<HydraulicFeed | null> {
    const rec = readWaterRecords(dir);
    if (!rec.segments.length) return null;
    const engine = await loadEngine(epanetLib());
    const { model, sources, note } = plausibleModel(engine, rec);
    if (note) console.log(`feed hydraulics: ${note}`);
    return new HydraulicFeed(engine, model, sensors, seed, (zone) => buildWaterModel(rec.segments, rec.nodes, { zone, sources }));
  }

  get sensorCount(): number {
    return this.sensorIndex.size;
  }

  get junctionCount(): number {
    return this.model.nodes.filter((n) => n.kind === 'junction').length;
  }

  /** 24 h hourly: values at hours 0…24 */
  private run(model: WaterModel, emitters?: ReadonlyMap<string, number>): Series {
    const r = solveExtended(this.engine, writeInp(model, { durationH: 24, emitters }), this.nodes, this.links.map((l) => l || '__none__'));
    const pressure: Float64Array[] = [];
    const flow: Float64Array[] = [];
    for (let h = 0; h <= 24; h++) {
      // the step in force at hour h (EPANET also reports intermediate steps; take the last at or before h)
      let k = 0;
      while (k + 1 < r.times.length && r.times[k + 1] <= h * 3600) k++;
      pressure.push(r.pressure[k]);
      flow.push(r.flow[k]);
    }
    return { pressure, flow };
  }

  /**
   * The burst of a main-leak incident: an open distribution main of DN 150–600 in its zone, a point on it and a size
   * (a main burst, not a background leak: those are found by night-flow analysis, not by pressure). Chosen to be
   * observable, the demo's point: the zone's mains are tried in a seeded order (those within 500 m of the three
   * sensors with the least pressure above their alarm limit first), each with a seeded 30–80 L/s and then two and
   * three times that (a main's burst reaches hundreds of L/s), at the incident's local hour (zone snapshots); the first burst that takes a pressure sensor from
   * above its alarm limit to below it (by 3 σ of noise) and whose pipe the localisation (localise.ts, against the
   * signatures of the burst's sub-zone) ranks in its top 5 is taken; else the first that alarms; else the first try.
   * Deterministic for the seed and incident; cached per incident.
   */
  leakOf(inc: Incident): LeakSpec | null {
    const id = incidentKey(inc);
    if (this.specs.has(id)) return this.specs.get(id) ?? null;
    const spec = this.chooseBurst(inc);
    if (this.specs.size > 32) this.specs.delete(this.specs.keys().next().value as string);
    this.specs.set(id, spec);
    return spec;
  }

  private chooseBurst(inc: Incident): LeakSpec | null {
    const model = this.zoneModel(inc.target);
    const pipes = model.links.filter((l) => l.kind === 'pipe' && l.asset === l.id && l.status === 'Open' && l.diameter >= 150 && l.diameter <= 600);
    if (!pipes.length) return null;
    const key = hashString(incidentKey(inc)) ^ this.seed;
    const seeded = (ls: readonly HLink[]) =>
      ls
        .map((l) => [l, rand(key, 1, hashString(l.id))] as const)
        .sort((a, b) => a[1] - b[1] || (a[0].id < b[0].id ? -1 : 1))
        .map((e) => e[0]);
    let order = seeded(pipes);
    const draw = (pipe: HLink, k: number, scale: number): LeakSpec => ({
      pipe: pipe.id,
      at: Math.round((0.2 + 0.6 * rand(key, 2, k)) * 100) / 100,
      leakLps: Math.round((30 + 50 * rand(key, 3, k)) * scale),
    });
    const first = draw(order[0], 0, 1);
    const inModel = new Set(model.nodes.map((n) => n.id));
    const cols = this.nodes.map((_, i) => i).filter((i) => Number.isFinite(this.alarmLowM[i]) && inModel.has(this.nodes[i]));
    if (!cols.length) return first;
    const hour = localHour(inc.start);
    const ids = cols.map((i) => this.nodes[i]);
    const base = solveSnapshot(this.engine, writeInp(model, { durationH: 0, startH: hour }), ids).pressure;
    // where a burst can be seen: near the sensors with the least pressure to spare above their alarm limit
    const spare = cols.map((i, j) => [j, base[j] - this.alarmLowM[i]] as const).filter((e) => e[1] > ALARM_MARGIN_M);
    const lowest = spare.sort((a, b) => a[1] - b[1]).slice(0, NEAR_SENSORS).map(([j]) => ids[j]);
    const pos = new Map(model.nodes.map((n) => [n.id, n.position]));
    const near = (l: HLink) => lowest.some((n) => distanceM(pos.get(n)!, pos.get(l.from)!) <= NEAR_M);
    order = [...order.filter(near), ...order.filter((l) => !near(l))];
    // each try runs only the burst's sub-zone (the nodes joined to its pipe by open links): nothing else changes
    const subs = new Map<string, { model: WaterModel; cols: number[]; base: Float64Array }>();
    const subOf = (pipe: HLink) => {
      const keep = connectedNodes(model, pipe.from);
      const root = [...keep].sort()[0];
      let sub = subs.get(root);
      if (!sub) {
        const m: WaterModel = { ...model, nodes: model.nodes.filter((n) => keep.has(n.id)), links: model.links.filter((l) => keep.has(l.from) && keep.has(l.to)) };
        const c = cols.filter((i) => keep.has(this.nodes[i]));
        subs.set(root, (sub = { model: m, cols: c, base: solveSnapshot(this.engine, writeInp(m, { durationH: 0, startH: hour }), c.map((i) => this.nodes[i])).pressure }));
      }
      return sub;
    };
    let alarmed: LeakSpec | null = null;
    let checks = 0;
    for (let k = 0; k < Math.min(BURST_TRIES, order.length) && checks < LOCALISE_TRIES; k++) {
      const sub = subOf(order[k]);
      if (!sub.cols.length) continue;
      for (const scale of [1, 2, 3]) {
        const spec = draw(order[k], k, scale);
        const inp = writeInp(splitPipe(sub.model, spec.pipe, spec.at, LEAK_NODE), { durationH: 0, startH: hour, emitters: emitter(spec) });
        const leaky = solveSnapshot(this.engine, inp, sub.cols.map((i) => this.nodes[i])).pressure;
        let worst = -1;
        sub.cols.forEach((i, j) => {
          const below = this.alarmLowM[i] - leaky[j];
          if (sub.base[j] > this.alarmLowM[i] + ALARM_MARGIN_M && below > ALARM_MARGIN_M && (worst < 0 || below > this.alarmLowM[sub.cols[worst]] - leaky[worst])) worst = j;
        });
        if (worst < 0) continue;
        spec.alarmSensor = this.sensorIds[sub.cols[worst]];
        alarmed ??= spec;
        checks++;
        spec.rank = this.rankOf(sub.model, spec, sub.cols, leaky, hour);
        if (spec.rank <= BURST_TOP_RANK) return spec;
        break;
      }
    }
    return alarmed ?? first;
  }

  /**
   * Rank (1-based; Infinity when not among the candidates) the localisation gives a burst's pipe from its noise-free
   * residuals (`leaky`: pressure at the sensors of `cols`), against the signatures of the burst's sub-zone `model`
   * (the junctions of other sub-zones do not change these sensors: their signatures there are zero).
   */
  private rankOf(model: WaterModel, spec: LeakSpec, cols: readonly number[], leaky: Float64Array | readonly number[], hour: number): number {
    const sites = cols.map((i) => ({ sensor: this.sensorIds[i], node: this.nodes[i] }));
    const sig = computeSignatures(this.engine, model, sites, { hour });
    const at = new Map(cols.map((i, j) => [this.sensorIds[i], leaky[j]]));
    const residual = new Map(sig.sensors.map((s, j) => [s, (at.get(s) ?? NaN) - sig.base[j]]));
    const loc = localiseLeak(model, sig, residual, { top: BURST_TOP_RANK * 4 });
    const r = loc.candidates.findIndex((c) => c.pipe === spec.pipe);
    return r < 0 ? Infinity : r + 1;
  }

  private zoneModel(zone: string): WaterModel {
    let m = this.zoneModels.get(zone);
    if (!m) this.zoneModels.set(zone, (m = this.build(zone)));
    return m;
  }

  /**
   * The change a leak incident makes at every sensor over the hour from `h0` (its zone's extended-period run over that
   * hour with and without the burst: two steps), cached per incident and hour.
   */
  private leakDelta(inc: Incident, h0: number): Series | null {
    const key = `${incidentKey(inc)}@${h0}`;
    if (this.leaks.has(key)) return this.leaks.get(key)?.delta ?? null;
    const spec = this.leakOf(inc);
    if (!spec) {
      this.leaks.set(key, null);
      return null;
    }
    const zone = this.zoneModel(inc.target);
    const hour = (m: WaterModel, emitters?: ReadonlyMap<string, number>) => {
      const r = solveExtended(this.engine, writeInp(m, { durationH: 1, startH: h0, emitters }), this.nodes, this.links.map((l) => l || '__none__'));
      const last = r.times.length - 1;
      return { pressure: [r.pressure[0], r.pressure[last]], flow: [r.flow[0], r.flow[last]] };
    };
    const without = hour(zone);
    const withLeak = hour(splitPipe(zone, spec.pipe, spec.at, LEAK_NODE), emitter(spec));
    const diff = (a: Float64Array[], b: Float64Array[]) => a.map((row, h) => row.map((v, i) => (Number.isFinite(v) && Number.isFinite(b[h][i]) ? v - b[h][i] : 0)));
    const delta = { pressure: diff(withLeak.pressure, without.pressure), flow: diff(withLeak.flow, without.flow) };
    if (this.leaks.size > 32) this.leaks.delete(this.leaks.keys().next().value as string);
    this.leaks.set(key, { spec, delta });
    return delta;
  }

  /** The burst a main-leak incident stands for (control API, tests, the leak bench). */
  leakFor(inc: Incident): LeakSpec | null {
    return this.leakOf(inc);
  }

  value(sensor: string, metric: 'pressure' | 'flow', hour: number, leaks: ReadonlyArray<readonly [Incident, number]>): number | undefined {
    const i = this.sensorIndex.get(sensor);
    if (i === undefined) return undefined;
    const h0 = Math.floor(hour) % 24;
    const f = hour - Math.floor(hour);
    const at = (s: Series) => {
      const rows = metric === 'pressure' ? s.pressure : s.flow;
      return rows[h0][i] * (1 - f) + rows[h0 + 1][i] * f;
    };
    let v = at(this.base);
    for (const [inc, weight] of leaks) {
      if (weight <= 0) continue;
      const d = this.leakDelta(inc, h0);
      if (!d) continue;
      const rows = metric === 'pressure' ? d.pressure : d.flow;
      v += weight * (rows[0][i] * (1 - f) + rows[1][i] * f);
    }
    // pressure m → MPa; flow L/s → m³/h (magnitude: meters read the flow through them)
    return metric === 'pressure' ? Math.max(0, v) / M_PER_MPA : Math.abs(v) * 3.6;
  }
}

/** The emitter of a burst at the split point: `leakLps` at 40 m. */
function emitter(spec: LeakSpec): Map<string, number> {
  return new Map([[LEAK_NODE, spec.leakLps / Math.sqrt(LEAK_PRESSURE_M)]]);
}

/** The local hour (Chongqing, UTC+8) of a time, 0…23: the simulator's demand hour at a real-time day. */
function localHour(ms: number): number {
  return (((Math.floor(ms / 3_600_000) + 8) % 24) + 24) % 24;
}

/** Node ids (junctions and reservoirs) joined to `from` by open links: its pressure sub-zone. */
function connectedNodes(model: WaterModel, from: string): Set<string> {
  const adj = new Map<string, string[]>();
  for (const l of model.links) {
    if (l.status !== 'Open') continue;
    (adj.get(l.from) ?? adj.set(l.from, []).get(l.from)!).push(l.to);
    (adj.get(l.to) ?? adj.set(l.to, []).get(l.to)!).push(l.from);
  }
  const seen = new Set([from]);
  const stack = [from];
  while (stack.length) for (const m of adj.get(stack.pop()!) ?? []) if (!seen.has(m)) (seen.add(m), stack.push(m));
  return seen;
}

/** An incident's identity for the burst's draws and the cache (ids repeat across engines sharing one HydraulicFeed). */
function incidentKey(inc: Incident): string {
  return `${inc.id}|${inc.target}|${inc.start}`;
}

/**
 * The dataset folder whose water network belongs to the sensors in `dir`: `dir` itself when it holds the records,
 * else data/sample when its meta.json is the same dataset's (public/data carries only sensors and overlays).
 */
export function hydraulicsDir(dir: string): string | null {
  if (existsSync(join(dir, 'segments.ndjson'))) return dir;
  const sample = resolve('data/sample');
  const meta = (d: string) => (existsSync(join(d, 'meta.json')) ? readFileSync(join(d, 'meta.json'), 'utf8') : null);
  const a = meta(dir);
  return a !== null && a === meta(sample) && existsSync(join(sample, 'segments.ndjson')) ? sample : null;
}

/**
 * The simulator's hydraulics for the sensors in `dir`, when the dataset's water network can be found (hydraulicsDir);
 * prints what it loaded and the time of one extended-period step. null (formulas) when there is no network or
 * EPANET fails (the reason is printed).
 */
export async function startHydraulics(dir: string, sensors: readonly SensorDef[], seed: number): Promise<HydraulicFeed | null> {
  const from = hydraulicsDir(dir);
  if (!from) return null;
  try {
    const t0 = performance.now();
    const h = await HydraulicFeed.create(from, sensors, seed);
    if (h) {
      console.log(
        `feed hydraulics: EPANET model of ${from} (${h.junctionCount} junctions), ${h.sensorCount} water sensors; ` +
          `24 h extended period in ${h.steps} steps, ${h.stepMs.toFixed(0)} ms per step (ready in ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
      );
    }
    return h;
  } catch (e) {
    console.log(`feed hydraulics off: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    return null;
  }
}
