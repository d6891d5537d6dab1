/**
 * The sensors the feed may report on, resolved once: sensor id → dense index, its asset's gid (or section), its
 * metric, its threshold limits and its staleness window. Built from sensors.json (SensorDef[]), the id ⇄ gid map
 * (ids.txt) and the river sections (sections.geojson). Everything per sensor is an array indexed by sensor index.
 */
import { metric as metricDef, type MetricDef } from '../domain/metrics';
import type { SensorDef } from '../domain/schema';
import { defaultThresholds, resolveLimits, type Limits, type ThresholdConfig } from '../domain/thresholds';
import { isWqParam, type WaterBody, type WqParam } from '../domain/waterQuality';

export interface SectionDef {
  id: string;
  /** GB 3838 target class 1…5 */
  targetClass: number;
  /** Default "river" (TN not rated; river TP column). */
  body?: WaterBody;
}

export interface RegistryInput {
  sensors: readonly SensorDef[];
  /** Asset id → gid (from ids.txt). */
  gids: ReadonlyMap<string, number>;
  /** Number of gids (status buffer length); default: max gid + 1. */
  gidCount?: number;
  sections?: readonly SectionDef[];
  thresholds?: ThresholdConfig;
}

export type SkipReason = 'duplicateSensor' | 'unknownAsset' | 'unknownMetric' | 'badInterval' | 'notWaterQuality';

export class SensorRegistry {
  readonly count: number;
  readonly gidCount: number;
  /** sensor index → id, asset id, metric */
  readonly sensorIds: readonly string[];
  readonly assetIds: readonly string[];
  readonly metrics: readonly MetricDef[];
  /** sensor id → index */
  readonly index: ReadonlyMap<string, number>;
  /** gid of the sensor's asset, −1 for a section sensor */
  readonly gid: Int32Array;
  /** index into `sections`, −1 for an asset sensor */
  readonly section: Int32Array;
  /** GB 3838 parameter for water-quality sensors on sections, else null */
  readonly wqParam: readonly (WqParam | null)[];
  /** threshold limits, null = metric not evaluated (shown normal while reporting) */
  readonly limits: readonly (Limits | null)[];
  /** staleness window: stalenessIntervals × interval, ms */
  readonly staleMs: Float64Array;
  /**
   * Area of the sensor's asset for grouping offline sensors: the water-supply pressure zone that sensors.json declares
   * (`pressureZone`), else null (sensors.json carries no other area; sections are grouped on their own).
   */
  readonly area: readonly (string | null)[];
  readonly sections: readonly SectionDef[];
  readonly sectionIndex: ReadonlyMap<string, number>;
  /** CSR: sensors of gid g are gidSensors[gidStart[g] … gidStart[g+1]) */
  readonly gidStart: Int32Array;
  readonly gidSensors: Int32Array;
  /** sensors of each section */
  readonly sectionSensors: readonly (readonly number[])[];
  /** sensors.json entries that were not registered, with why */
  readonly skipped: readonly { sensor: string; reason: SkipReason }[];
  /** asset id → gid (the ids.txt map this registry was built with) */
  readonly gids: ReadonlyMap<string, number>;

  constructor(input: RegistryInput) {
    const thresholds = input.thresholds ?? defaultThresholds();
    const sections = input.sections ?? [];
    this.gids = input.gids;
    const sectionIndex = new Map<string, number>();
    sections.forEach((s, i) => sectionIndex.set(s.id, i));
    let maxGid = -1;
    for (const g of input.gids.values()) if (g > maxGid) maxGid = g;
    this.gidCount = input.gidCount ?? maxGid + 1;

    const sensorIds: string[] = [];
    const assetIds: string[] = [];
    const metrics: MetricDef[] = [];
    const gid: number[] = [];
    const section: number[] = [];
    const wq: (WqParam | null)[] = [];
    const limits: (Limits | null)[] = [];
    const stale: number[] = [];
    const area: (string | null)[] = [];
    const index = new Map<string, number>();
    const skipped: { sensor: string; reason: SkipReason }[] = [];

    for (const s of input.sensors) {
      if (index.has(s.sensor)) {
        skipped.push({ sensor: s.sensor, reason: 'duplicateSensor' });
        continue;
      }
      const m = metricDef(s.metric);
      if (!m) {
        skipped.push({ sensor: s.sensor, reason: 'unknownMetric' });
        continue;
      }
      const g = input.gids.get(s.asset);
      const sec = sectionIndex.get(s.asset);
      if (g === undefined && sec === undefined) {
        skipped.push({ sensor: s.sensor, reason: 'unknownAsset' });
        continue;
      }
      const interval = s.interval === undefined ? m.interval : s.interval;
      if (!(typeof interval === 'number' && interval > 0 && Number.isFinite(interval))) {
        skipped.push({ sensor: s.sensor, reason: 'badInterval' });
        continue;
      }
      const onSection = g === undefined;
      if (onSection && !isWqParam(m.id)) {
        skipped.push({ sensor: s.sensor, reason: 'notWaterQuality' });
        continue;
      }
      const i = sensorIds.length;
      index.set(s.sensor, i);
      sensorIds.push(s.sensor);
      assetIds.push(s.asset);
      metrics.push(m);
      gid.push(onSection ? -1 : g);
      section.push(onSection ? (sec as number) : -1);
      wq.push(onSection ? (m.id as WqParam) : null);
      limits.push(
        onSection
          ? null
          : resolveLimits(thresholds, {
              asset: s.asset,
              metric: m.id,
              cat: s.cat,
              sub: s.sub,
              pressureClass: s.pressureClass,
              dn: s.dn,
              depth: s.depth,
              design: s.design,
            }),
      );
      stale.push(thresholds.stalenessIntervals * interval * 1000);
      area.push(typeof s.pressureZone === 'string' && s.pressureZone !== '' ? s.pressureZone : null);
    }

    this.count = sensorIds.length;
    this.sensorIds = sensorIds;
    this.assetIds = assetIds;
    this.metrics = metrics;
    this.index = index;
    this.gid = Int32Array.from(gid);
    this.section = Int32Array.from(section);
    this.wqParam = wq;
    this.limits = limits;
    this.staleMs = Float64Array.from(stale);
    this.area = area;
    this.sections = sections;
    this.sectionIndex = sectionIndex;
    this.skipped = skipped;

    const start = new Int32Array(this.gidCount + 1);
    for (const g of gid) if (g >= 0 && g < this.gidCount) start[g + 1]++;
    for (let g = 0; g < this.gidCount; g++) start[g + 1] += start[g];
    const fill = start.slice(0, this.gidCount);
    const list = new Int32Array(start[this.gidCount]);
    gid.forEach((g, i) => {
      if (g >= 0 && g < this.gidCount) list[fill[g]++] = i;
    });
    this.gidStart = start;
    this.gidSensors = list;
    const secSensors: number[][] = sections.map(() => []);
    section.forEach((s, i) => {
      if (s >= 0) secSensors[s].push(i);
    });
    this.sectionSensors = secSensors;
  }

  /** Whether an asset id is known (a gid in ids.txt or a section). */
  hasAsset(id: string): boolean {
    return this.gidOf(id) !== undefined || this.sectionIndex.has(id);
  }

  gidOf(id: string): number | undefined {
    return this.gids.get(id);
  }

  /** Sensor indexes of an asset (gid) or a section (by id). */
  sensorsOf(asset: string): number[] {
    const sec = this.sectionIndex.get(asset);
    if (sec !== undefined) return [...this.sectionSensors[sec]];
    const g = this.gidOf(asset);
    if (g === undefined || g >= this.gidCount) return [];
    return Array.from(this.gidSensors.subarray(this.gidStart[g], this.gidStart[g + 1]));
  }
}
