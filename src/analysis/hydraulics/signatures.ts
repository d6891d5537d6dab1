/**
 * Leak signatures of a pressure zone: for every candidate node j, the change of pressure at every pressure sensor
 * when `probeLps` more water leaves the network at j (the sensitivity matrix of model-based leak localisation),
 * computed with the zone's model at one hour of the day. One EPANET run per candidate, warm-started from the
 * no-leak solution (a few ms each); compute once per zone and hour, then rank any number of alarms against it
 * (localise.ts).
 */
import { writeInp } from './inp';
import { hourlyPattern } from './pattern';
import type { WaterModel } from './model';
import { withProject, type Engine } from './solver';

export interface SensorSite {
  /** sensor id (feed) */
  sensor: string;
  /** the model node it reads (the dataset node id of its asset) */
  node: string;
}

export interface ZoneSignatures {
  hour: number;
  probeLps: number;
  /** sensors in the zone (those whose node is in the model), in column order */
  sensors: string[];
  /** candidate node ids (every junction), in row order */
  candidates: string[];
  /** no-leak pressure at each sensor, m */
  base: Float64Array;
  /** row-major candidates × sensors: pressure change, m (≤ 0) */
  delta: Float32Array;
  /** pressure change at each sensor when every demand of the zone is 5 % higher (the demand nuisance), m */
  zoneDemand: Float64Array;
  /**
   * The sub-zone inlets (the model's reservoirs: a district meter at each, the DMA inlet meter every utility reads),
   * in column order of the inlet tables below.
   */
  inlets: string[];
  /** no-leak flow into the network at each inlet, L/s */
  inletBase: Float64Array;
  /** row-major candidates × inlets: change of inlet flow, L/s (the probe's sub-zone inlet carries it) */
  inletDelta: Float32Array;
  /** change of inlet flow when every demand of the zone is 5 % higher, L/s */
  inletZoneDemand: Float64Array;
  /** per inlet: Σ (demand at that hour)² of the junctions it feeds, (L/s)² — the spread of its flow under per-junction demand error */
  inletDemandSq: Float64Array;
  /** per candidate: its demand at that hour, L/s (how much a wrong demand there can move the readings) */
  demand: Float64Array;
}

export interface SignatureOptions {
  /** hour of the day (default 8) */
  hour?: number;
  /** probe leak, L/s of base demand (default 5; × the pattern at that hour) */
  probeLps?: number;
  /** probe only these junctions (default: every junction of the model); the others get no row */
  candidates?: ReadonlySet<string>;
  /** called every 200 candidates */
  onProgress?: (done: number, total: number) => void;
}

export function computeSignatures(engine: Engine, model: WaterModel, sites: readonly SensorSite[], opts: SignatureOptions = {}): ZoneSignatures {
  const { NodeProperty, InitHydOption } = engine.lib;
  const hour = opts.hour ?? 8;
  const probe = opts.probeLps ?? 5;
  const nodeIds = new Set(model.nodes.map((n) => n.id));
  const used = sites.filter((s) => nodeIds.has(s.node));
  const only = opts.candidates;
  const candidates = model.nodes.filter((n) => n.kind === 'junction' && (!only || only.has(n.id))).map((n) => n.id);
  return withProject(engine, writeInp(model, { durationH: 0, startH: hour }), (p) => {
    const sIdx = used.map((s) => p.getNodeIndex(s.node));
    const cIdx = candidates.map((id) => p.getNodeIndex(id));
    const inlets = model.nodes.filter((n) => n.kind === 'reservoir').map((n) => n.id);
    const iIdx = inlets.map((id) => p.getNodeIndex(id));
    const read = (out: Float64Array) => {
      for (let i = 0; i < sIdx.length; i++) out[i] = p.getNodeValue(sIdx[i], NodeProperty.Pressure);
    };
    // a reservoir's demand is minus what it delivers
    const readFlow = (out: Float64Array) => {
      for (let i = 0; i < iIdx.length; i++) out[i] = -p.getNodeValue(iIdx[i], NodeProperty.Demand);
    };
    p.openH();
    p.initH(InitHydOption.NoSave);
    p.runH();
    const base = new Float64Array(sIdx.length);
    read(base);
    const inletBase = new Float64Array(iIdx.length);
    readFlow(inletBase);
    const delta = new Float32Array(candidates.length * sIdx.length);
    const inletDelta = new Float32Array(candidates.length * iIdx.length);
    const now = new Float64Array(sIdx.length);
    const flowNow = new Float64Array(iIdx.length);
    const pattern = hourlyPattern()[Math.floor(hour) % 24];
    const demandOf = new Map(model.nodes.map((x) => [x.id, x.demand]));
    const inletDemandSq = new Float64Array(iIdx.length);
    const demand = new Float64Array(candidates.length);
    for (let j = 0; j < cIdx.length; j++) {
      const d0 = p.getNodeValue(cIdx[j], NodeProperty.BaseDemand);
      p.setNodeValue(cIdx[j], NodeProperty.BaseDemand, d0 + probe);
      p.runH();
      read(now);
      for (let i = 0; i < sIdx.length; i++) delta[j * sIdx.length + i] = now[i] - base[i];
      readFlow(flowNow);
      const dj = (demandOf.get(candidates[j]) ?? 0) * pattern;
      demand[j] = dj;
      for (let i = 0; i < iIdx.length; i++) {
        const df = flowNow[i] - inletBase[i];
        inletDelta[j * iIdx.length + i] = df;
        // the share of this junction's demand that inlet i delivers (1 in a sub-zone with one inlet)
        const share = df / (probe * pattern);
        inletDemandSq[i] += (dj * share) ** 2;
      }
      p.setNodeValue(cIdx[j], NodeProperty.BaseDemand, d0);
      if (opts.onProgress && j % 200 === 199) opts.onProgress(j + 1, cIdx.length);
    }
    // the whole zone's demand 5 % up: how a wrong demand level looks at the sensors
    const all = model.nodes.filter((x) => x.kind === 'junction' && x.demand > 0).map((x) => [p.getNodeIndex(x.id), x.demand] as const);
    for (const [i, d] of all) p.setNodeValue(i, NodeProperty.BaseDemand, d * 1.05);
    p.runH();
    read(now);
    const zoneDemand = Float64Array.from(now, (v, i) => v - base[i]);
    readFlow(flowNow);
    const inletZoneDemand = Float64Array.from(flowNow, (v, i) => v - inletBase[i]);
    for (const [i, d] of all) p.setNodeValue(i, NodeProperty.BaseDemand, d);
    p.closeH();
    // a base demand is scaled by the pattern: the probe that actually left the network
    return {
      hour,
      probeLps: probe * pattern,
      sensors: used.map((s) => s.sensor),
      candidates,
      base,
      delta,
      zoneDemand,
      inlets,
      inletBase,
      inletDelta,
      inletZoneDemand,
      inletDemandSq,
      demand,
    };
  });
}
