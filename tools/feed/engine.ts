/**
 * The feed simulator's engine: a pure function of (seed, sensors, incidents, time) → feed v1 document. No I/O;
 * the HTTP server (server.ts), the CLI (cli.ts) and the Vite plugin (vitePlugin.ts) wrap it.
 *
 * Each sensor reports every `interval` seconds at a fixed per-sensor phase; a document holds every sensor's latest
 * reading (its time is when it was sampled, so a silent sensor's reading simply stops advancing). The sequence is
 * floor(now / stepMs): it increases with time and is equal for two requests within one step (→ same ETag, 304).
 *
 * Models (all E, for demonstration): water pressure and flow from EPANET when a HydraulicSource is given
 * (hydraulics.ts: an extended-period run of the dataset's water network, a main leak as a burst with an emitter),
 * else per pressure zone with a daily demand cycle and flows following demand; gas pressure around the design pressure; %LEL near zero; manhole levels and sewer fill ratios with a dry-
 * weather cycle and rain events; river-section water quality in or better than the section's target class.
 * Incidents: a main leak (pressure drops across its zone, flows rise), a sewer blockage (level rises to surcharge),
 * a gas leak (%LEL rises at an asset and a little at two others), a section turning class IV (NH3-N, TP), rain,
 * and sensors going silent. The "demo" scenario replays a timeline of all of them every `scenarioPeriodS`.
 */
import type { FeedDocumentV1, FeedReadingV1 } from '../../src/domain/feedSchema';
import { metric, type MetricDef } from '../../src/domain/metrics';
import type { SensorDef } from '../../src/domain/schema';
import { assetCategory, defaultThresholds, matchRule } from '../../src/domain/thresholds';
import { GB3838_TABLE1, type WqParam } from '../../src/domain/waterQuality';
import { dailyDemandFactor } from '../../src/analysis/hydraulics/pattern';
import { gauss, hashString, rand } from './hash';

export type IncidentKind = 'mainLeak' | 'blockage' | 'gasLeak' | 'sectionIV' | 'rain' | 'silent';
export const INCIDENT_KINDS: readonly IncidentKind[] = ['mainLeak', 'blockage', 'gasLeak', 'sectionIV', 'rain', 'silent'];

export interface Incident {
  id: string;
  kind: IncidentKind;
  /** epoch ms */
  start: number;
  end: number;
  /** pressure zone (mainLeak), asset id (blockage, gasLeak), section id (sectionIV), '' (rain, silent) */
  target: string;
  /** silent: the sensor ids that stop reporting; '*' = all */
  sensors?: readonly string[];
  source: 'scenario' | 'control';
}

export interface SimSection {
  id: string;
  targetClass: number;
}

export interface EngineOptions {
  seed: number;
  sensors: readonly SensorDef[];
  sections?: readonly SimSection[];
  /** sequence granularity, ms (default 1000) */
  stepMs?: number;
  /** length of a simulated day in real seconds (default 86400; e.g. 600 to see the daily cycle in a demo) */
  dayLengthS?: number;
  /** "demo" replays the incident timeline; "none" only runs incidents triggered by control (default "demo") */
  scenario?: 'demo' | 'none';
  /** demo timeline period, seconds (default 1200) */
  scenarioPeriodS?: number;
  /**
   * Real time (epoch ms) at which the demo timeline's cycle 0 begins (default 0: cycles aligned to the epoch). The
   * Vite plugin and the CLI pass the moment they start, so every demo opens at the same point of the timeline
   * (a section already in class IV, a gas leak turning to alarm within the first minute) whatever the wall clock.
   */
  scenarioStartMs?: number;
  /** share of sensors that go silent in the demo (default 0.02) */
  silentShare?: number;
  /** water pressures and flows from a hydraulic model (hydraulics.ts); absent: the formulas below */
  hydraulics?: HydraulicSource;
}

/**
 * Water hydraulics for the engine: a water sensor's pressure (MPa) or flow (m³/h) at a local hour, with main-leak
 * incidents weighted by their envelopes (0…1); undefined when the sensor is not on the model.
 */
export interface HydraulicSource {
  value(sensor: string, metric: 'pressure' | 'flow', hour: number, leaks: ReadonlyArray<readonly [Incident, number]>): number | undefined;
}

/** Sensor noise of a hydraulic pressure reading, MPa (1 σ ≈ 0.05 m of water). */
const PRESSURE_NOISE_MPA = 0.0005;

interface SimSensor {
  def: SensorDef;
  m: MetricDef;
  idx: number;
  key: number;
  phaseMs: number;
  intervalMs: number;
  zone: string;
  depth: number;
  design: number;
  dn: number;
  target: number;
}

/** Incident effect: rises over riseS after start, decays over 90 s after end. */
function envelope(inc: Incident, t: number, riseS: number): number {
  if (t < inc.start) return 0;
  const up = Math.min(1, (t - inc.start) / (riseS * 1000));
  if (t < inc.end) return up;
  return Math.max(0, up * (1 - (t - inc.end) / 90_000));
}

/** Water demand factor over the day (≈0.3 at night, ≈1.1 at the evening peak): the hydraulic model's pattern. */
export const demand = dailyDemandFactor;

const WQ_ROWS = new Map(GB3838_TABLE1.map((r) => [r.param, r]));

/**
 * A parameter value for a continuous class index x (0 < x < 6): x in (k−1, k] lies inside class k.
 * Beyond V (x > 5) grows past the class V limit.
 */
export function wqValueForClass(param: WqParam, x: number): number {
  const row = WQ_ROWS.get(param);
  if (!row) return Number.NaN;
  const L = row.river ?? row.lake!;
  const k = Math.min(6, Math.max(1, Math.ceil(x)));
  const f = x - (k - 1);
  if (row.bound === 'min') {
    if (k === 6) return L[4] * Math.max(0.1, 1 - 0.5 * f);
    const hi = k === 1 ? 9.5 : L[k - 2];
    return hi - f * (hi - L[k - 1]);
  }
  if (k === 6) return L[4] * (1 + f);
  const lo = k === 1 ? 0.4 * L[0] : L[k - 2];
  return lo + f * (L[k - 1] - lo);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export class FeedEngine {
  readonly seed: number;
  readonly stepMs: number;
  readonly dayLengthS: number;
  readonly scenario: 'demo' | 'none';
  readonly periodMs: number;
  readonly scenarioStartMs: number;
  private readonly silentShare: number;
  private readonly sensors: SimSensor[];
  private readonly sections: Map<string, SimSection>;
  private readonly triggered: Incident[] = [];
  private readonly scenarioCache = new Map<number, Incident[]>();
  private serial = 0;
  private readonly maxIntervalMs: number;
  private readonly hydraulics: HydraulicSource | undefined;
  /** candidates for incident targets */
  readonly zones: readonly string[];
  readonly gasAssets: readonly string[];
  readonly levelAssets: readonly string[];
  readonly wqSections: readonly string[];

  constructor(opts: EngineOptions) {
    this.seed = opts.seed | 0;
    this.stepMs = opts.stepMs ?? 1000;
    this.dayLengthS = opts.dayLengthS ?? 86400;
    this.scenario = opts.scenario ?? 'demo';
    this.periodMs = (opts.scenarioPeriodS ?? 1200) * 1000;
    this.scenarioStartMs = opts.scenarioStartMs ?? 0;
    this.silentShare = opts.silentShare ?? 0.02;
    this.sections = new Map((opts.sections ?? []).map((s) => [s.id, s]));
    this.hydraulics = opts.hydraulics;
    const thresholds = defaultThresholds();
    this.sensors = [];
    for (const def of opts.sensors) {
      const m = metric(def.metric);
      if (!m) continue;
      const key = hashString(def.sensor) ^ this.seed;
      const intervalMs = Math.max(1, def.interval || m.interval) * 1000;
      const rule = matchRule(thresholds, { ...def, asset: def.asset, metric: m.id });
      this.sensors.push({
        def,
        m,
        idx: this.sensors.length,
        key,
        intervalMs,
        phaseMs: Math.floor(rand(key, 1) * intervalMs),
        zone: def.pressureZone ?? `Z${hashString(def.asset) % 4}`,
        depth: def.depth ?? 2.5 + 3 * rand(hashString(def.asset), 2),
        design: def.design ?? rule?.refDefault ?? 0.1,
        dn: def.dn ?? 400,
        target: this.sections.get(def.asset)?.targetClass ?? 3,
      });
    }
    this.maxIntervalMs = this.sensors.reduce((m, s) => Math.max(m, s.intervalMs), 0);
    const uniq = (xs: string[]) => [...new Set(xs)].sort();
    this.zones = uniq(this.sensors.filter((s) => s.m.id === 'pressure').map((s) => s.zone));
    const lel = this.sensors.filter((s) => s.m.id === 'lel');
    const lelGas = lel.filter((s) => (s.def.cat ?? assetCategory(s.def.asset)) === 'RQ');
    this.gasAssets = uniq((lelGas.length ? lelGas : lel).map((s) => s.def.asset));
    this.levelAssets = uniq(this.sensors.filter((s) => s.m.id === 'level' || s.m.id === 'fill').map((s) => s.def.asset));
    this.wqSections = uniq(this.sensors.filter((s) => s.m.waterQuality && this.sections.has(s.def.asset)).map((s) => s.def.asset));
  }

  get sensorCount(): number {
    return this.sensors.length;
  }

  sequenceAt(now: number): number {
    return Math.floor(now / this.stepMs);
  }

  /** Simulated local hour (UTC+8) at real time t. */
  hourAt(t: number): number {
    const simS = (t / 1000) * (86400 / this.dayLengthS) + 8 * 3600;
    return ((simS / 3600) % 24 + 24) % 24;
  }

  /** Incidents whose effect may be felt at t (active or decaying), scenario first; `lookbackMs` widens the tail. */
  incidentsAt(t: number, lookbackMs = 90_000): Incident[] {
    const out: Incident[] = [];
    const tail = Math.max(90_000, lookbackMs);
    if (this.scenario === 'demo') {
      const c = Math.floor((t - this.scenarioStartMs) / this.periodMs);
      // c + 1: the next cycle's lead incidents start before its boundary (see scenarioCycle)
      for (let cc = c - 1 - Math.ceil(tail / this.periodMs); cc <= c + 1; cc++) {
        for (const inc of this.scenarioCycle(cc)) if (t >= inc.start && t < inc.end + tail) out.push(inc);
      }
    }
    for (const inc of this.triggered) if (t >= inc.start && t < inc.end + tail) out.push(inc);
    return out;
  }

  /** Incidents in progress at t (not decaying). */
  activeAt(t: number): Incident[] {
    return this.incidentsAt(t).filter((i) => t < i.end);
  }

  /**
   * Start an incident now (control endpoint, tests). Target defaults to a seeded choice among the candidates.
   * Throws on an unknown target.
   */
  trigger(kind: IncidentKind, now: number, opts: { target?: string; durationS?: number; sensors?: readonly string[] } = {}): Incident {
    const durationMs = (opts.durationS ?? 300) * 1000;
    const pick = (xs: readonly string[]) => (xs.length ? xs[Math.floor(rand(this.seed, 77, this.serial) * xs.length)] : '');
    let target = '';
    let sensors: readonly string[] | undefined;
    switch (kind) {
      case 'mainLeak':
        target = opts.target ?? pick(this.zones);
        if (!this.zones.includes(target)) throw new Error(`unknown pressure zone ${target}`);
        break;
      case 'gasLeak':
        target = opts.target ?? pick(this.gasAssets);
        if (!this.gasAssets.includes(target)) throw new Error(`no %LEL sensor on ${target}`);
        break;
      case 'blockage':
        target = opts.target ?? pick(this.levelAssets);
        if (!this.levelAssets.includes(target)) throw new Error(`no level sensor on ${target}`);
        break;
      case 'sectionIV':
        target = opts.target ?? pick(this.wqSections);
        if (!this.wqSections.includes(target)) throw new Error(`no water-quality sensors on section ${target}`);
        break;
      case 'silent':
        sensors = opts.sensors && opts.sensors.length ? [...opts.sensors] : ['*'];
        break;
      case 'rain':
        break;
    }
    const inc: Incident = {
      id: `control-${++this.serial}`,
      kind,
      start: now,
      end: now + durationMs,
      target,
      ...(sensors ? { sensors } : {}),
      source: 'control',
    };
    this.triggered.push(inc);
    return inc;
  }

  /** End every control incident at `now` (their effects decay like scenario ones). */
  endTriggered(now: number): void {
    for (const inc of this.triggered) if (inc.end > now) inc.end = now;
  }

  /** The document at real time `now` (epoch ms). */
  documentAt(now: number): FeedDocumentV1 {
    // reach back far enough to see a silent spell that ended after a slow sensor's last sample
    const incidents = this.incidentsAt(now, this.maxIntervalMs);
    const readings: FeedReadingV1[] = new Array(this.sensors.length);
    let n = 0;
    for (const s of this.sensors) {
      const t = this.sampleTime(s, now, incidents);
      if (t === null) continue;
      const v = this.valueAt(s, t, incidents);
      const q = 10 ** (s.m.decimals + 1);
      readings[n++] = {
        sensor: s.def.sensor,
        asset: s.def.asset,
        metric: s.m.id,
        value: Math.round(v * q) / q,
        unit: s.m.unit,
        time: iso(t),
      };
    }
    readings.length = n;
    return { version: 1, generatedAt: iso(now), sequence: this.sequenceAt(now), readings };
  }

  /** Latest sample time ≤ now, stepping back over silent spells; null if silent since before 60 intervals. */
  private sampleTime(s: SimSensor, now: number, incidents: readonly Incident[]): number | null {
    let t = Math.floor((now - s.phaseMs) / s.intervalMs) * s.intervalMs + s.phaseMs;
    for (let guard = 0; guard < 60; guard++) {
      const silent = this.silentIncident(s, t, incidents);
      if (!silent) return t;
      t = Math.floor((silent.start - 1 - s.phaseMs) / s.intervalMs) * s.intervalMs + s.phaseMs;
    }
    return null;
  }

  private silentIncident(s: SimSensor, t: number, incidents: readonly Incident[]): Incident | undefined {
    for (const inc of incidents) {
      if (inc.kind !== 'silent' || t < inc.start || t >= inc.end) continue;
      if (inc.source === 'scenario') {
        if (rand(this.seed, 31, s.key, Math.floor(inc.start / this.periodMs)) < this.silentShare) return inc;
      } else if (inc.sensors?.includes('*') || inc.sensors?.includes(s.def.sensor)) return inc;
    }
    return undefined;
  }

  private valueAt(s: SimSensor, t: number, incidents: readonly Incident[]): number {
    const hour = this.hourAt(t);
    const d = demand(hour);
    const k = s.key;
    const sample = Math.floor(t / 1000);
    const noise = gauss(k, sample, 3);
    const asset = s.def.asset;
    let rain = 0;
    for (const inc of incidents) if (inc.kind === 'rain') rain = Math.max(rain, envelope(inc, t, 180));
    if (this.hydraulics && (s.m.id === 'pressure' || s.m.id === 'flow')) {
      const leaks = incidents.filter((i) => i.kind === 'mainLeak').map((i) => [i, envelope(i, t, 90)] as const);
      const v = this.hydraulics.value(s.def.sensor, s.m.id, hour, leaks);
      if (v !== undefined) return s.m.id === 'pressure' ? Math.max(0, v + PRESSURE_NOISE_MPA * noise) : v * (1 + 0.01 * noise);
    }
    switch (s.m.id) {
      case 'pressure': {
        const zoneBase = 0.3 + 0.08 * rand(hashString(s.zone), this.seed, 5);
        let p = zoneBase + 0.04 * (rand(k, 6) - 0.5) - 0.08 * (d - 0.5) + 0.003 * noise;
        for (const inc of incidents) {
          if (inc.kind === 'mainLeak' && inc.target === s.zone) p -= (0.12 + 0.12 * rand(k, 7)) * envelope(inc, t, 90);
        }
        return p;
      }
      case 'flow': {
        let f = (20 + 380 * rand(k, 8)) * d * (1 + 0.03 * noise);
        for (const inc of incidents) if (inc.kind === 'mainLeak' && inc.target === s.zone) f *= 1 + 0.6 * envelope(inc, t, 90);
        return f;
      }
      case 'gasPressure': {
        let p = s.design * (1 + 0.015 * Math.sin((2 * Math.PI * hour) / 24) + 0.004 * noise);
        for (const inc of incidents) if (inc.kind === 'gasLeak' && inc.target === asset) p *= 1 - 0.15 * envelope(inc, t, 120);
        return p;
      }
      case 'lel': {
        let v = Math.abs(noise) * 0.8 + 0.3 * rand(k, 9);
        for (const inc of incidents) {
          if (inc.kind !== 'gasLeak') continue;
          if (inc.target === asset) v += 38 * envelope(inc, t, 180);
          else if (this.isNeighbour(inc, asset)) v += 13 * envelope(inc, t, 240);
        }
        return Math.min(100, v);
      }
      case 'level': {
        const r = rand(k, 10);
        // rain fills a share of the manhole: most rise a little, a few (r close to 1) reach the cover
        let v = (0.1 + 0.35 * r) * (0.6 + 0.4 * d) + 0.01 * noise + rain * s.depth * (0.1 + 0.75 * r * r * r) * (0.95 + 0.05 * noise);
        for (const inc of incidents) if (inc.kind === 'blockage' && inc.target === asset) v += (s.depth + 0.25) * envelope(inc, t, 240);
        return Math.max(0, Math.min(v, s.depth + 0.3));
      }
      case 'fill': {
        const r = rand(k, 11);
        let v = (0.15 + 0.25 * r) * (0.6 + 0.4 * d) + 0.01 * noise + rain * 0.6 * r * r * r;
        for (const inc of incidents) if (inc.kind === 'blockage' && inc.target === asset) v += envelope(inc, t, 240);
        return Math.max(0, Math.min(v, 1.2));
      }
      case 'ph':
        return 7.6 + 0.4 * (rand(k, 12) - 0.5) + 0.05 * noise;
      default: {
        // GB 3838 parameters: a continuous class index inside or better than the target
        const p = s.m.id as WqParam;
        const top = Math.max(1, s.target);
        let x = top - 0.15 - 0.7 * rand(k, 13) + 0.08 * noise;
        x = Math.min(top - 0.02, Math.max(0.05, x));
        for (const inc of incidents) {
          if (inc.kind === 'sectionIV' && inc.target === asset && (p === 'nh3n' || p === 'tp')) {
            const e = envelope(inc, t, 60);
            x = x + (3.5 - x) * e;
          }
        }
        return wqValueForClass(p, x);
      }
    }
  }

  /** Two more %LEL sensors near a gas leak (seeded), so a leak spreads a little. */
  private isNeighbour(inc: Incident, asset: string): boolean {
    const i = this.gasAssets.indexOf(inc.target);
    if (i < 0 || this.gasAssets.length < 3) return false;
    const j = this.gasAssets.indexOf(asset);
    if (j < 0 || j === i) return false;
    const n = this.gasAssets.length;
    return j === (i + 1) % n || j === (i + n - 1) % n;
  }

  private scenarioCycle(c: number): Incident[] {
    const cached = this.scenarioCache.get(c);
    if (cached) return cached;
    const P = this.periodMs;
    const t0 = this.scenarioStartMs + c * P;
    const at = (f: number) => t0 + Math.round(f * P);
    const pick = (xs: readonly string[], salt: number) => xs[Math.floor(rand(this.seed, c, salt) * xs.length)];
    const out: Incident[] = [];
    const add = (kind: IncidentKind, a: number, b: number, target: string) =>
      out.push({ id: `scenario-${c}-${kind}`, kind, start: at(a), end: at(b), target, source: 'scenario' });
    // Fractions of the period (minutes for the default 20 min). The two lead incidents begin before the cycle's start,
    // so a demo started at a cycle boundary (scenarioStartMs) shows alarms within its first minute: water-quality
    // sensors report every 5 min, so the section's class IV readings are already in the first document (alarm at
    // once), and the gas leak's %LEL (30 s interval) is at warning on the first poll and reaches alarm ~5–35 s later.
    // Class IV is an alarm (two classes worse) only for a class I–II target, so the section is picked among those.
    const wqAlarm = this.wqSections.filter((id) => (this.sections.get(id)?.targetClass ?? 3) <= 2);
    if (this.wqSections.length) add('sectionIV', -0.3, 0.2, pick(wqAlarm.length ? wqAlarm : this.wqSections, 4)); // −6 … 4 min
    if (this.gasAssets.length) add('gasLeak', -0.075, 0.25, pick(this.gasAssets, 1)); // −1.5 … 5 min
    if (this.zones.length) add('mainLeak', 0.15, 0.45, pick(this.zones, 2)); // 3 … 9 min
    add('silent', 0.25, 0.65, ''); // 5 … 13 min
    add('rain', 0.4, 0.75, ''); // 8 … 15 min
    if (this.levelAssets.length) add('blockage', 0.5, 0.8, pick(this.levelAssets, 3)); // 10 … 16 min
    this.scenarioCache.set(c, out);
    if (this.scenarioCache.size > 8) this.scenarioCache.delete(this.scenarioCache.keys().next().value as number);
    return out;
  }
}
