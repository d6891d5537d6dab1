/**
 * Wiring of leak localisation and the isolation what-if: the hydraulics Worker (analysis/hydraulics/worker.ts, which
 * loads epanet-js only on the first request), "Locate leak" on water-pressure alarm rows, the panel
 * (ui/leakPanel.ts) docked in the right column at the first use, the most likely stretch highlighted through the
 * pipe style's gid highlight, and the hand-over to the network traces' isolation.
 *
 * Interface for the traces (app/trace.ts, kept apart): `deps.isolate(pipe)` starts their isolation of a pipe (the
 * panel's "Isolate"), and `deps.isolation()` returns the isolation they show now, which the what-if closes.
 * `LeakController.locate(sensor)` is the entry for any other part (the trace panel, tests).
 */
import type { IsolationResult } from '../analysis/network/types';
import { inletOfMeter, isInletMeter } from '../analysis/hydraulics/inletMeters';
import type { HydraulicsRequest, HydraulicsResponse, InletReading, PressureReading } from '../analysis/hydraulics/protocol';
import type { FeedStore } from '../feed/store';
import type { AlarmRow, RowAction } from '../ui/alarmList';
import { translate, type Lang } from '../ui/i18n';
import type { Layout } from '../ui/layout';
import { mountLeakPanel, type LeakState, type WhatIfState } from '../ui/leakPanel';
import { flyToPoints } from '../viewer/camera';
import type { MapView } from '../viewer/widget';
import { besideTileset } from './config';
import type { AppContext } from './context';

/** The owner name of the leak highlight (PipeStyle.setHighlight). */
export const LEAK_HIGHLIGHT_OWNER = 'leak';
/** m of water per MPa */
const M_PER_MPA = 101.97;

export interface LeakDeps {
  feedStore(): FeedStore | null;
  /** start the network traces' isolation of a pipe; settles when its result is shown */
  isolate(pipe: string): Promise<unknown>;
  /** the isolation the traces show now, or null */
  isolation(): IsolationResult | null;
}

export class LeakController {
  private worker: Worker | null = null;
  private seq = 0;
  private current = 0;
  private readonly pending = new Map<number, (r: HydraulicsResponse) => void>();
  private readonly onProgressOf = new Map<number, (r: Extract<HydraulicsResponse, { type: 'progress' }>) => void>();
  private docked = false;
  private highlighted = false;
  private readonly panel;
  private readonly assetsUrl: string;

  constructor(
    private readonly ctx: AppContext,
    private readonly view: MapView,
    private readonly layout: Layout,
    tilesUrl: string,
    private readonly deps: LeakDeps,
    private readonly createWorker: () => Worker = () => new Worker(new URL('../analysis/hydraulics/worker.ts', import.meta.url), { type: 'module' }),
  ) {
    this.assetsUrl = besideTileset(tilesUrl, 'assets/', location.href);
    this.panel = mountLeakPanel(document.createElement('div'), ctx.store, {
      show: (c) => {
        if (c.gid >= 0) this.ctx.style?.setHighlight([c.gid], undefined, LEAK_HIGHLIGHT_OWNER);
        void flyToPoints(this.view.scene, [c.position]);
      },
      // the what-if button wakes up once the traces show the isolation
      isolate: (c) => void this.deps.isolate(c.pipe).then(() => this.panel.update({})),
      whatIf: () => void this.whatIf(),
      canWhatIf: () => this.deps.isolation() !== null,
      close: () => this.close(),
    });
  }

  /** "Locate leak" on water-pressure alarm rows. */
  alarmActions(row: AlarmRow, lang: Lang): RowAction[] {
    if (row.metric?.id !== 'pressure' || !row.sensor) return [];
    const sensor = row.sensor;
    return [{ label: translate(lang, 'leak.action'), title: translate(lang, 'leak.actionTitle'), testId: 'leak-locate', run: () => void this.locate(sensor) }];
  }

  private dock(): void {
    if (!this.docked) {
      this.docked = true;
      this.layout.dock(this.panel.root, { id: 'leak-panel', titleKey: 'leak.title', side: 'right', size: 'fill', weight: 2 });
    }
    this.layout.setCollapsed('leak-panel', false);
  }

  private request(req: HydraulicsRequest, onProgress?: (r: Extract<HydraulicsResponse, { type: 'progress' }>) => void): Promise<HydraulicsResponse> {
    if (!this.worker) {
      this.worker = this.createWorker();
      this.worker.onmessage = (ev: MessageEvent<HydraulicsResponse>) => {
        const r = ev.data;
        if (r.type === 'progress') this.onProgressOf.get(r.requestId)?.(r);
        else {
          this.pending.get(r.requestId)?.(r);
          this.pending.delete(r.requestId);
          this.onProgressOf.delete(r.requestId);
        }
      };
    }
    if (onProgress) this.onProgressOf.set(req.requestId, onProgress);
    return new Promise((resolve) => {
      this.pending.set(req.requestId, resolve);
      this.worker!.postMessage(req);
    });
  }

  /** Rank the pipes of the sensor's pressure zone from the zone's latest pressure readings. */
  async locate(sensor: string): Promise<void> {
    const store = this.deps.feedStore();
    const reg = store?.registry;
    const i = reg?.index.get(sensor);
    if (!store || !reg || i === undefined) return;
    const zone = reg.area[i] ?? '';
    const readings: PressureReading[] = [];
    // the zone's district inlet meters (latest values, m³/h → L/s): every litre a leak takes passes one
    const inlets: InletReading[] = [];
    let latest = 0;
    for (let k = 0; k < reg.count; k++) {
      if ((reg.area[k] ?? '') !== zone) continue;
      if (reg.metrics[k].id === 'flow') {
        const s = store.sensor(k);
        if (isInletMeter(s.sensor) && s.value !== null && !s.stale && Number.isFinite(s.value)) inlets.push({ inlet: inletOfMeter(s.sensor), flowLps: s.value / 3.6 });
        continue;
      }
      if (reg.metrics[k].id !== 'pressure') continue;
      const s = store.sensor(k);
      // every sensor of the zone is a column of the signatures; one without a value is left out of the fit
      readings.push({ sensor: s.sensor, node: s.asset, valueM: s.value !== null && !s.stale ? s.value * M_PER_MPA : Number.NaN });
      if (s.time !== null) latest = Math.max(latest, s.time);
    }
    // the model hour of the readings: local time in Chongqing (UTC+8)
    const hour = Math.floor(((latest || Date.now()) / 3_600_000 + 8) % 24);
    const requestId = ++this.seq;
    this.current = requestId;
    this.dock();
    this.panel.update({ leak: { kind: 'busy', zone, stage: 'load', done: 0, total: 1 } });
    const r = await this.request({ type: 'locate', requestId, assetsUrl: this.assetsUrl, zone, hour, readings, inlets }, (p) => {
      if (this.current === requestId) this.panel.update({ leak: { kind: 'busy', zone, stage: p.stage, done: p.done, total: p.total } });
    });
    if (this.current !== requestId) return;
    let state: LeakState;
    if (r.type === 'located') {
      state = { kind: 'result', result: r.result };
      if (r.result.localisation.confidence !== 'none' && r.result.stretchGids.length) {
        this.ctx.style?.setHighlight(r.result.stretchGids, undefined, LEAK_HIGHLIGHT_OWNER);
        this.highlighted = true;
        const best = r.result.candidates[0];
        if (best) void flyToPoints(this.view.scene, r.result.candidates.slice(0, 5).map((c) => c.position));
      }
    } else state = { kind: 'error', message: r.type === 'error' ? r.message : 'unexpected response' };
    this.panel.update({ leak: state });
  }

  /** Pressure-driven what-if of the isolation the traces show now. */
  async whatIf(): Promise<void> {
    const iso = this.deps.isolation();
    if (!iso) return;
    this.dock();
    this.panel.update({ whatIf: { kind: 'busy' } });
    const requestId = ++this.seq;
    const valves = iso.valves.close.map((v) => v.id);
    const affected = iso.customers.map((c) => c.id);
    const hour = Math.floor((Date.now() / 3_600_000 + 8) % 24);
    const r = await this.request({ type: 'what-if', requestId, assetsUrl: this.assetsUrl, valves, affected, hour });
    const state: WhatIfState =
      r.type === 'what-if' ? { kind: 'result', result: r.result, pipe: iso.pipe.id } : { kind: 'error', message: r.type === 'error' ? r.message : 'unexpected response' };
    this.panel.update({ whatIf: state });
  }

  close(): void {
    this.current = 0;
    if (this.highlighted) this.ctx.style?.setHighlight(null, undefined, LEAK_HIGHLIGHT_OWNER);
    this.highlighted = false;
    this.panel.update({ leak: { kind: 'idle' }, whatIf: { kind: 'none' } });
    this.layout.setCollapsed('leak-panel', true);
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
    this.pending.clear();
    this.onProgressOf.clear();
    if (this.highlighted) this.ctx.style?.setHighlight(null, undefined, LEAK_HIGHLIGHT_OWNER);
    this.panel.dispose();
  }
}

export function wireLeak(ctx: AppContext, view: MapView, layout: Layout, tilesUrl: string, deps: LeakDeps): LeakController {
  return new LeakController(ctx, view, layout, tilesUrl, deps);
}
