/**
 * Feed state: the latest reading per sensor, a short history ring per sensor (sparklines), each sensor's status
 * (thresholds with hysteresis, GB 3838 class for sections, staleness → offline), and the status per asset gid and per
 * river section. Applying a validated batch or a clock tick emits only what changed:
 *
 *   'status'   { gids, codes }  – asset statuses for the GPU path (viewer.setStatuses(gids, codes))
 *   'sections' SectionState[]   – river sections whose status or class changed
 *   'readings' { sequence, sensors } – sensors with a new value (refresh open panels / sparklines)
 *
 * Time: staleness is judged on the server's clock. Each applied document sets offset = generatedAt − receive time,
 * so server-now = client-now + offset (robust to a skewed browser clock). A sensor with no reading for
 * stalenessIntervals × interval is silent: offline, unless its last value was in warning or alarm: then it keeps
 * that status, marked stale ("alarm, no data since …"), until a fresh reading or an operator clears it
 * (`clearStale`). An alarm never turns into "offline" because its sensor stopped talking. One never heard from is
 * unknown until that long after the store started, then offline.
 *
 * River sections keep the class of their last readings when a sensor goes silent (a class never improves because
 * data stopped): the class is marked stale when a parameter at that class is silent. Pure: no DOM, no Node.
 */
import type { ReadingError } from '../domain/feedSchema';
import type { MetricDef } from '../domain/metrics';
import {
  STATUS_ALARM,
  STATUS_NORMAL,
  STATUS_OFFLINE,
  STATUS_UNKNOWN,
  STATUS_WARNING,
  statusRank,
  worseStatus,
  type StatusCode,
} from '../domain/status';
import { evaluateLimits, type Limits } from '../domain/thresholds';
import { classifyParam, primaryPollutants, wqStatus, type WqClass, type WqParam } from '../domain/waterQuality';
import { Emitter } from './emitter';
import type { SectionDef, SensorRegistry } from './registry';
import { emptyRejectCounts, type ValidatedBatch } from './validate';

export interface StatusBatch {
  gids: Uint32Array;
  codes: Uint8Array;
}

export interface SectionState {
  id: string;
  targetClass: number;
  code: StatusCode;
  /**
   * single-factor class over the parameters' latest readings, silent ones included (their last known class), null
   * when none was ever read
   */
  cls: WqClass | null;
  /** the class rests on a silent sensor: last known, not current (leave it out of 优良比例) */
  stale: boolean;
  /** parameters at the section's class (what decides it) */
  worst: WqParam[];
  /** primary pollutants (主要污染指标): worse than class III, worst class first, ties by exceedance multiple, ≤ 3 */
  primary: WqParam[];
  perParam: Partial<Record<WqParam, WqClass>>;
  values: Partial<Record<WqParam, number>>;
  /** newest reading time, server ms */
  time: number | null;
}

export interface SensorState {
  index: number;
  sensor: string;
  asset: string;
  metric: MetricDef;
  /** latest value in the metric's canonical unit, null before the first reading */
  value: number | null;
  /** latest reading time (server clock, epoch ms) */
  time: number | null;
  status: StatusCode;
  /** no reading within the staleness window (status is offline, or a warning/alarm kept from the last value) */
  stale: boolean;
  limits: Limits | null;
  /** GB 3838 class of the latest value (section sensors) */
  wqClass: WqClass | null;
}

export interface AlarmItem {
  kind: 'asset' | 'section';
  /** asset or section id */
  id: string;
  /** gid for assets, −1 for sections */
  gid: number;
  code: StatusCode;
  /** warning/alarm kept from a silent sensor's last value (no data since its time) */
  stale: boolean;
  /** when the current status began (server ms) */
  since: number;
  /** area for grouping offline assets (pressure zone from sensors.json), null when unknown and for sections */
  area: string | null;
}

export interface ApplyResult {
  applied: boolean;
  /** set when not applied */
  error?: 'staleSequence';
  accepted: number;
  /** same sensor and time as already held (snapshots repeat) */
  unchanged: number;
  rejected: Record<ReadingError, number>;
  rejectedTotal: number;
  /** assets + sections whose status changed */
  statusChanges: number;
}

export interface FeedStoreEvents {
  status: StatusBatch;
  sections: SectionState[];
  readings: { sequence: number; sensors: Int32Array };
}

export interface FeedStoreOptions {
  registry: SensorRegistry;
  /** readings kept per sensor for sparklines (default 60) */
  historySize?: number;
  /** client clock (default Date.now) */
  now?: () => number;
}

export class FeedStore {
  readonly registry: SensorRegistry;
  readonly historySize: number;
  /** last applied sequence, −1 before the first document */
  lastSequence = -1;
  /** generatedAt of the last applied document (server ms), NaN before */
  lastGeneratedAt = Number.NaN;
  private readonly events = new Emitter<FeedStoreEvents>();
  private readonly now: () => number;
  /** server − client clock, ms */
  private offset = 0;
  private readonly startClient: number;

  // per sensor
  private readonly value: Float64Array;
  private readonly time: Float64Array;
  private readonly valueStatus: Uint8Array;
  private readonly status: Uint8Array;
  /** 1 = no reading within the staleness window (a reading exists) */
  private readonly silent: Uint8Array;
  /** 1 = an operator cleared the warning/alarm kept from this silent sensor (until its next reading) */
  private readonly cleared: Uint8Array;
  private readonly wqClass: Uint8Array;
  private readonly histValue: Float32Array;
  private readonly histTime: Uint32Array;
  private readonly histHead: Int32Array;
  private readonly histLen: Int32Array;
  // per gid / section
  private readonly assetStatus: Uint8Array;
  private readonly assetStale: Uint8Array;
  private readonly sectionStatus: Uint8Array;
  private readonly sectionClass: Uint8Array;
  private readonly sectionStale: Uint8Array;
  private readonly since = new Map<number, number>();
  private readonly sectionSince: Float64Array;
  // scratch
  private readonly dirtyGid: Uint8Array;
  private readonly dirtyList: Int32Array;
  private dirtyCount = 0;
  private readonly dirtySection: Uint8Array;

  constructor(opts: FeedStoreOptions) {
    const reg = opts.registry;
    this.registry = reg;
    this.historySize = Math.max(1, Math.floor(opts.historySize ?? 60));
    this.now = opts.now ?? Date.now;
    this.startClient = this.now();
    const n = reg.count;
    this.value = new Float64Array(n).fill(Number.NaN);
    this.time = new Float64Array(n).fill(-Infinity);
    this.valueStatus = new Uint8Array(n);
    this.status = new Uint8Array(n);
    this.silent = new Uint8Array(n);
    this.cleared = new Uint8Array(n);
    this.wqClass = new Uint8Array(n);
    this.histValue = new Float32Array(n * this.historySize);
    this.histTime = new Uint32Array(n * this.historySize);
    this.histHead = new Int32Array(n);
    this.histLen = new Int32Array(n);
    this.assetStatus = new Uint8Array(reg.gidCount);
    this.assetStale = new Uint8Array(reg.gidCount);
    this.sectionStatus = new Uint8Array(reg.sections.length);
    this.sectionClass = new Uint8Array(reg.sections.length);
    this.sectionStale = new Uint8Array(reg.sections.length);
    this.sectionSince = new Float64Array(reg.sections.length);
    this.dirtyGid = new Uint8Array(reg.gidCount);
    this.dirtyList = new Int32Array(Math.min(reg.gidCount, n));
    this.dirtySection = new Uint8Array(reg.sections.length);
  }

  on<K extends keyof FeedStoreEvents>(type: K, fn: (e: FeedStoreEvents[K]) => void): () => void {
    return this.events.on(type, fn);
  }

  /** The server's clock now, as far as the store can tell. */
  serverNow(clientNow: number = this.now()): number {
    return clientNow + this.offset;
  }

  /**
   * Apply a validated document. A sequence ≤ the last applied one changes nothing. Readings older than the held
   * one for the same sensor count as "outOfOrder" rejections; the same time again counts as unchanged.
   */
  apply(batch: ValidatedBatch, receivedAt: number = this.now()): ApplyResult {
    const rejected = { ...batch.rejected };
    if (batch.sequence <= this.lastSequence) {
      return {
        applied: false,
        error: 'staleSequence',
        accepted: 0,
        unchanged: 0,
        rejected: emptyRejectCounts(),
        rejectedTotal: 0,
        statusChanges: 0,
      };
    }
    this.lastSequence = batch.sequence;
    this.lastGeneratedAt = batch.generatedAtMs;
    this.offset = batch.generatedAtMs - receivedAt;

    const reg = this.registry;
    const { sensor, value, time } = batch;
    let accepted = 0;
    let unchanged = 0;
    let rejectedTotal = batch.rejectedTotal;
    const touched = new Int32Array(batch.count);
    for (let k = 0; k < batch.count; k++) {
      const i = sensor[k];
      const t = time[k];
      const held = this.time[i];
      if (t < held) {
        rejected.outOfOrder++;
        rejectedTotal++;
        continue;
      }
      if (t === held) {
        unchanged++;
        continue;
      }
      const v = value[k];
      this.time[i] = t;
      this.value[i] = v;
      this.cleared[i] = 0;
      this.pushHistory(i, t, v);
      const sec = reg.section[i];
      if (sec >= 0) {
        const cls = classifyParam(reg.wqParam[i] as WqParam, v, reg.sections[sec].body ?? 'river');
        this.wqClass[i] = cls ?? 0;
        this.valueStatus[i] = wqStatus(cls, reg.sections[sec].targetClass);
        this.dirtySection[sec] = 1; // the class may change while the status does not
      } else {
        const l = reg.limits[i];
        this.valueStatus[i] = l ? evaluateLimits(v, l, this.valueStatus[i]) : STATUS_NORMAL;
      }
      touched[accepted++] = i;
    }
    const changes = this.refresh(batch.generatedAtMs);
    if (accepted > 0) this.events.emit('readings', { sequence: batch.sequence, sensors: touched.subarray(0, accepted) });
    return { applied: true, accepted, unchanged, rejected, rejectedTotal, statusChanges: changes };
  }

  /** Re-judge staleness at the client clock's now; emits what changed. Call it on a timer (e.g. every second). */
  tick(clientNow: number = this.now()): number {
    return this.refresh(this.serverNow(clientNow));
  }

  /** Displayed status of every sensor at server time `now`, then the assets and sections that changed. */
  private refresh(now: number): number {
    const reg = this.registry;
    const start = this.startClient + this.offset;
    const n = reg.count;
    for (let i = 0; i < n; i++) {
      const t = this.time[i];
      let s: number;
      let silent = 0;
      if (t === -Infinity) s = now - start > reg.staleMs[i] ? STATUS_OFFLINE : STATUS_UNKNOWN;
      else if (now - t > reg.staleMs[i]) {
        silent = 1;
        const v = this.valueStatus[i];
        // a warning or alarm is kept from the last value (marked stale) until a fresh reading or an operator clear
        s = (v === STATUS_ALARM || v === STATUS_WARNING) && !this.cleared[i] ? v : STATUS_OFFLINE;
      } else s = this.valueStatus[i];
      if (s !== this.status[i] || silent !== this.silent[i]) {
        this.status[i] = s;
        this.silent[i] = silent;
        const g = reg.gid[i];
        if (g >= 0) {
          if (g < reg.gidCount && !this.dirtyGid[g]) {
            this.dirtyGid[g] = 1;
            this.dirtyList[this.dirtyCount++] = g;
          }
        } else this.dirtySection[reg.section[i]] = 1;
      }
    }
    return this.flushAssets(now) + this.flushSections(now);
  }

  /** Emits the assets whose status or staleness changed; returns how many changed status. */
  private flushAssets(now: number): number {
    if (this.dirtyCount === 0) return 0;
    const reg = this.registry;
    const gids = new Uint32Array(this.dirtyCount);
    const codes = new Uint8Array(this.dirtyCount);
    let n = 0;
    let statusChanges = 0;
    for (let k = 0; k < this.dirtyCount; k++) {
      const g = this.dirtyList[k];
      this.dirtyGid[g] = 0;
      let s: StatusCode = STATUS_UNKNOWN;
      for (let j = reg.gidStart[g]; j < reg.gidStart[g + 1]; j++) s = worseStatus(s, this.status[reg.gidSensors[j]] as StatusCode);
      // stale: a warning/alarm that only silent sensors hold
      let stale = 0;
      if (s === STATUS_ALARM || s === STATUS_WARNING) {
        stale = 1;
        for (let j = reg.gidStart[g]; j < reg.gidStart[g + 1]; j++) {
          const i = reg.gidSensors[j];
          if (this.status[i] === s && !this.silent[i]) stale = 0;
        }
      }
      const codeChanged = s !== this.assetStatus[g];
      if (codeChanged || stale !== this.assetStale[g]) {
        this.assetStatus[g] = s;
        this.assetStale[g] = stale;
        gids[n] = g;
        codes[n++] = s;
      }
      if (codeChanged) {
        statusChanges++;
        if (s === STATUS_NORMAL || s === STATUS_UNKNOWN) this.since.delete(g);
        else this.since.set(g, now);
      }
    }
    this.dirtyCount = 0;
    if (n) this.events.emit('status', { gids: gids.slice(0, n), codes: codes.slice(0, n) });
    return statusChanges;
  }

  private flushSections(now: number): number {
    const reg = this.registry;
    const changed: SectionState[] = [];
    let statusChanges = 0;
    for (let s = 0; s < this.dirtySection.length; s++) {
      if (!this.dirtySection[s]) continue;
      this.dirtySection[s] = 0;
      let code: StatusCode = STATUS_UNKNOWN;
      let cls = 0;
      for (const i of reg.sectionSensors[s]) {
        code = worseStatus(code, this.status[i] as StatusCode);
        if (this.classCounts(i) && this.wqClass[i] > cls) cls = this.wqClass[i];
      }
      // stale: a parameter at the section's class is silent (the class is the last known one, not the current one)
      let stale = 0;
      if (cls > 0) for (const i of reg.sectionSensors[s]) if (this.classCounts(i) && this.wqClass[i] === cls && this.silent[i]) stale = 1;
      const codeChanged = code !== this.sectionStatus[s];
      if (codeChanged || cls !== this.sectionClass[s] || stale !== this.sectionStale[s]) {
        if (codeChanged) {
          statusChanges++;
          this.sectionSince[s] = now;
        }
        this.sectionStatus[s] = code;
        this.sectionClass[s] = cls;
        this.sectionStale[s] = stale;
        changed.push(this.sectionState(s));
      }
    }
    if (changed.length) this.events.emit('sections', changed);
    return statusChanges;
  }

  /** Whether a section sensor's class counts for its section: it has one, and no operator cleared it while silent. */
  private classCounts(i: number): boolean {
    return this.wqClass[i] > 0 && !(this.silent[i] && this.cleared[i]);
  }

  /**
   * An operator clears the warnings/alarms kept from the silent sensors of an asset or section (distinct from an
   * acknowledgement): those sensors show offline until their next reading; a section's class then leaves out their
   * last values. Returns how many sensors were cleared; emits what changed.
   */
  clearStale(assetId: string, clientNow: number = this.now()): number {
    let n = 0;
    for (const i of this.registry.sensorsOf(assetId)) {
      if (!this.silent[i] || this.cleared[i]) continue;
      this.cleared[i] = 1;
      n++;
      const g = this.registry.gid[i];
      if (g >= 0 && g < this.registry.gidCount) {
        if (!this.dirtyGid[g]) {
          this.dirtyGid[g] = 1;
          this.dirtyList[this.dirtyCount++] = g;
        }
      } else if (this.registry.section[i] >= 0) this.dirtySection[this.registry.section[i]] = 1;
    }
    if (n) this.refresh(this.serverNow(clientNow));
    return n;
  }

  private pushHistory(i: number, t: number, v: number): void {
    const h = this.historySize;
    const slot = i * h + this.histHead[i];
    this.histValue[slot] = v;
    this.histTime[slot] = Math.floor(t / 1000);
    this.histHead[i] = (this.histHead[i] + 1) % h;
    if (this.histLen[i] < h) this.histLen[i]++;
  }

  // ---- queries (UI) ----

  /** Status of an asset by gid (0 unknown for gids without sensors). */
  assetStatusOf(gid: number): StatusCode {
    return (this.assetStatus[gid] ?? STATUS_UNKNOWN) as StatusCode;
  }

  /** Whether an asset's warning/alarm is kept from silent sensors only (no data since their last reading). */
  assetStaleOf(gid: number): boolean {
    return this.assetStale[gid] === 1;
  }

  /** Every asset whose status is not unknown, for a viewer that attaches late (one setStatuses call). */
  snapshot(): StatusBatch {
    const gids: number[] = [];
    const codes: number[] = [];
    this.assetStatus.forEach((c, g) => {
      if (c !== STATUS_UNKNOWN) {
        gids.push(g);
        codes.push(c);
      }
    });
    return { gids: Uint32Array.from(gids), codes: Uint8Array.from(codes) };
  }

  sensorIndex(sensorId: string): number | undefined {
    return this.registry.index.get(sensorId);
  }

  sensor(i: number): SensorState {
    const reg = this.registry;
    const t = this.time[i];
    return {
      index: i,
      sensor: reg.sensorIds[i],
      asset: reg.assetIds[i],
      metric: reg.metrics[i],
      value: t === -Infinity ? null : this.value[i],
      time: t === -Infinity ? null : t,
      status: this.status[i] as StatusCode,
      stale: this.silent[i] === 1 || (t === -Infinity && this.status[i] === STATUS_OFFLINE),
      limits: reg.limits[i],
      wqClass: this.wqClass[i] ? (this.wqClass[i] as WqClass) : null,
    };
  }

  /** Sensors on an asset or section, by asset / section id. */
  sensorsOf(assetId: string): SensorState[] {
    return this.registry.sensorsOf(assetId).map((i) => this.sensor(i));
  }

  /** A sensor's recent readings, oldest first (times in ms, second resolution). */
  history(i: number): { times: Float64Array; values: Float32Array } {
    const h = this.historySize;
    const len = this.histLen[i];
    const times = new Float64Array(len);
    const values = new Float32Array(len);
    const first = (this.histHead[i] - len + h) % h;
    for (let k = 0; k < len; k++) {
      const slot = i * h + ((first + k) % h);
      times[k] = this.histTime[slot] * 1000;
      values[k] = this.histValue[slot];
    }
    return { times, values };
  }

  section(id: string): SectionState | undefined {
    const s = this.registry.sectionIndex.get(id);
    return s === undefined ? undefined : this.sectionState(s);
  }

  sections(): SectionState[] {
    return this.registry.sections.map((_, s) => this.sectionState(s));
  }

  private sectionState(s: number): SectionState {
    const reg = this.registry;
    const def: SectionDef = reg.sections[s];
    const values: Partial<Record<WqParam, number>> = {};
    const perParam: Partial<Record<WqParam, WqClass>> = {};
    let time: number | null = null;
    for (const i of reg.sectionSensors[s]) {
      const p = reg.wqParam[i] as WqParam;
      if (this.time[i] === -Infinity) continue;
      values[p] = this.value[i];
      if (this.classCounts(i)) perParam[p] = this.wqClass[i] as WqClass;
      if (time === null || this.time[i] > time) time = this.time[i];
    }
    const cls = this.sectionClass[s] ? (this.sectionClass[s] as WqClass) : null;
    const worst = cls !== null && cls > 1 ? (Object.keys(perParam) as WqParam[]).filter((p) => perParam[p] === cls) : [];
    const primary = primaryPollutants(perParam, values, def.body ?? 'river');
    return {
      id: def.id,
      targetClass: def.targetClass,
      code: this.sectionStatus[s] as StatusCode,
      cls,
      stale: this.sectionStale[s] === 1,
      worst,
      primary,
      perParam,
      values,
      time,
    };
  }

  /** How many assets (with sensors) and sections are in each status. */
  counts(): { assets: Record<StatusCode, number>; sections: Record<StatusCode, number> } {
    const reg = this.registry;
    const assets: Record<StatusCode, number> = { 0: 0, 1: 0, 2: 0, 3: 0, 4: 0 };
    for (let g = 0; g < reg.gidCount; g++) {
      if (reg.gidStart[g + 1] > reg.gidStart[g]) assets[this.assetStatus[g] as StatusCode]++;
    }
    const sections: Record<StatusCode, number> = { 0: 0, 1: 0, 2: 0, 3: 0, 4: 0 };
    this.sectionStatus.forEach((c) => sections[c as StatusCode]++);
    return { assets, sections };
  }

  /**
   * Assets and sections in warning, alarm or offline: most urgent first, then most recent (all of them unless a limit
   * is given). A warning/alarm kept from a silent sensor keeps its code and its `since` (its place), with `stale`.
   */
  alarms(limit = Infinity): AlarmItem[] {
    const reg = this.registry;
    const items: AlarmItem[] = [];
    for (const [g, since] of this.since) {
      const first = reg.gidSensors[reg.gidStart[g]];
      const id = reg.assetIds[first];
      let area: string | null = null;
      for (let j = reg.gidStart[g]; j < reg.gidStart[g + 1] && area === null; j++) area = reg.area[reg.gidSensors[j]];
      items.push({ kind: 'asset', id, gid: g, code: this.assetStatus[g] as StatusCode, stale: this.assetStale[g] === 1, since, area });
    }
    this.sectionStatus.forEach((c, s) => {
      if (c !== STATUS_NORMAL && c !== STATUS_UNKNOWN) {
        const stale = (c === STATUS_ALARM || c === STATUS_WARNING) && reg.sectionSensors[s].every((i) => this.status[i] !== c || this.silent[i] === 1);
        items.push({ kind: 'section', id: reg.sections[s].id, gid: -1, code: c as StatusCode, stale, since: this.sectionSince[s], area: null });
      }
    });
    items.sort((a, b) => statusRank(b.code) - statusRank(a.code) || b.since - a.since);
    return items.slice(0, limit);
  }
}
