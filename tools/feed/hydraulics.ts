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
import { writeInp } from '../../src/analysis/hydraulics/inp';
import { buildWaterModel, splitPipe, type WaterModel } from '../../src/analysis/hydraulics/model';
import { loadEngine, solveExtended, type Engine, type EpanetLib } from '../../src/analysis/hydraulics/solver';
import type { SensorDef } from '../../src/domain/schema';
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
}

export class HydraulicFeed implements HydraulicSource {
  private readonly sensorIndex = new Map<string, number>();
  private readonly nodes: string[] = [];
  private readonly links: string[] = [];
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
    const meterLink = new Map<string, string>();
    for (const l of model.links) if (l.kind === 'pipe' && l.asset === l.id) for (const e of [l.from, l.to]) if (!meterLink.has(e)) meterLink.set(e, l.id);
    for (const s of sensors) {
      if ((s.metric !== 'pressure' && s.metric !== 'flow') || !nodeIds.has(s.asset)) continue;
      this.sensorIndex.set(s.sensor, this.nodes.length);
      this.nodes.push(s.asset);
      this.links.push(meterLink.get(s.asset) ?? '');
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
   * The burst of a main-leak incident: a seeded open distribution main of DN 150–600 in its zone, a point on it and a
   * size of 30–80 L/s (a main burst, not a background leak: those are found by night-flow analysis, not by pressure).
   */
  leakOf(inc: Incident): LeakSpec | null {
    const model = this.zoneModel(inc.target);
    const pipes = model.links.filter((l) => l.kind === 'pipe' && l.asset === l.id && l.status === 'Open' && l.diameter >= 150 && l.diameter <= 600);
    if (!pipes.length) return null;
    const key = hashString(incidentKey(inc)) ^ this.seed;
    return {
      pipe: pipes[Math.floor(rand(key, 1) * pipes.length)].id,
      at: Math.round((0.2 + 0.6 * rand(key, 2)) * 100) / 100,
      leakLps: Math.round(30 + 50 * rand(key, 3)),
    };
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
    const withLeak = hour(splitPipe(zone, spec.pipe, spec.at, LEAK_NODE), new Map([[LEAK_NODE, spec.leakLps / Math.sqrt(LEAK_PRESSURE_M)]]));
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
