/**
 * The live feed in the viewer (docs/feed.md, "In the viewer"): mounts the feed UI at boot in the right-hand stack
 * (readings panel under the inspect panel, then a feed panel with the health badge and the KPI strip, then the alarm
 * list), then, once the config and the asset catalog are in, builds SensorRegistry → FeedStore → FeedClient and wires
 * their events:
 *
 *   store 'status'   → pipe shader statuses (one texture upload per batch) + alarm list / KPIs
 *   store 'sections' → sections layer live colours (current class; offline grey) + alarm list / KPIs
 *   store 'readings' → readings panel (only when it shows one of those sensors)
 *   client 'health'  → badge
 *
 * Parts that appear late are awaited, not polled: the pipe style (ctx.whenStyle()) gets the status snapshot when it
 * exists, the sections layer (ctx.whenLayer('sections')) its colours. A 1 s display tick refreshes the ages in the
 * badge while the feed runs; a 2 Hz pulse runs while any asset is in alarm. stop() ends polling and both timers;
 * dispose() also removes every panel and listener this part mounted.
 */
import type { RGB } from '../domain/categories';
import type { SectionProps, SensorDef } from '../domain/schema';
import { STATUS_ALARM, STATUS_NORMAL, STATUS_OFFLINE, STATUS_WARNING, statusDef, type StatusCode } from '../domain/status';
import { defaultThresholds } from '../domain/thresholds';
import { wqClassDef, type WqClass } from '../domain/waterQuality';
import { FeedStore, SensorRegistry, type FeedHealth, type SectionDef } from '../feed';
import type { FeedSource } from '../feed/sources/sink';
import { isSectionsOverlay } from '../layers/sections';
import { AckStore, AckSwitch, buildAlarmView, mountAlarmList, orderRows, type AckSource, type AlarmListOptions, type AlarmRow, type AlarmView } from '../ui/alarmList';
import { el } from '../ui/dom';
import { mountFeedBadge } from '../ui/feedBadge';
import { translate } from '../ui/i18n';
import { computeKpis, mountKpiStrip, type OpsKpis } from '../ui/kpiStrip';
import type { Shell } from '../ui/layout';
import { mountReadingsPanel } from '../ui/readingsPanel';
import type { PipeStyle } from '../viewer/pipeStyle';
import { isObject, type AppConfig } from './config';
import type { AppContext } from './context';
import { errorDetail, fetchJson } from './fetchers';
import { createFeedSource } from './feedSource';
import { prefersReducedMotion } from '../viewer/motion';

export interface FeedApp {
  /** loads the sensors and starts polling (after the catalog); never throws, a failure shows in the badge */
  start(config: AppConfig, catalogReady: Promise<void>): Promise<void>;
  /** stops polling, the display tick and the pulse (the panels stay, showing the last state) */
  stop(): void;
  /** stop() and remove everything this part mounted (panels, listeners); the part cannot start again */
  dispose(): void;
  /** the feed's status of an asset id (0 unknown when not known / no feed) */
  statusOf(id: string): StatusCode;
  health(): FeedHealth | null;
  /** the alarm rows as listed (acknowledged ones last); offline assets are grouped apart, not rows */
  alarms(): (AlarmRow & { acked: boolean })[];
  readonly store: FeedStore | null;
  /** the live source: the HTTP FeedClient, an MQTT or a SensorThings source (app/feedSource.ts) */
  readonly client: FeedSource | null;
  /**
   * Shared state (app/ops.ts): acknowledgements from the operations server instead of this browser, and the alarm
   * rows' "open an incident" action; null goes back to local acknowledgements.
   */
  share(shared: SharedFeed | null): void;
  /** the operations server's incident KPIs in the KPI strip (null: not shown) */
  setOpsKpis(kpis: OpsKpis | null): void;
  /**
   * The `since` (server ms) of the alarms and warnings that were already on in the first feed document this screen
   * applied: their real start is earlier and unknown here. Null before the first document or when none was on.
   */
  inheritedSince(): number | null;
}

export interface SharedFeed {
  acks: AckSource;
  raiseIncident(row: AlarmRow): void;
  canRaiseIncident(): boolean;
}

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** Offline sections draw in the offline status colour (never their normal colour); others their current class. */
const OFFLINE_COLOUR: RGB = statusDef(STATUS_OFFLINE).color;

/** `rowActions`: more buttons on the alarm rows (the network trace's "Isolate", app/trace.ts). */
export function mountFeed(ctx: AppContext, shell: Shell, rowActions?: AlarmListOptions['rowActions']): FeedApp {
  const app = ctx.store;
  let client: FeedSource | null = null;
  let store: FeedStore | null = null;
  let staleSequence = false;
  let disposed = false;
  /** why the feed could not start (shown in the badge, translated at render) */
  let setupDetail: string | null = null;
  const acks = new AckStore(storage());
  /** what the list shows: the local acknowledgements, or the shared ones once app/ops.ts hands them over */
  const shownAcks = new AckSwitch(acks);
  let shared: SharedFeed | null = null;
  let firstApplied = false;
  /** the `since` of the alarms that were already on in the first document (their start is not known here) */
  let inheritedSince: number | null = null;
  const sectionNames = new Map<string, { zh: string; en: string }>();
  let view: AlarmView | null = null;
  /** the style that holds the store's statuses (a replaced style gets the snapshot again) */
  let styleSeen: PipeStyle | null = null;
  let pulseTimer: ReturnType<typeof setInterval> | null = null;
  let tickTimer: ReturnType<typeof setInterval> | null = null;
  /** listeners to remove on dispose */
  const offs: (() => void)[] = [];

  const readings = mountReadingsPanel(shell.right, app, {
    sensorsOf: (id) => store?.sensorsOf(id) ?? [],
    history: (i) => store?.history(i) ?? { times: [], values: [] },
    serverNow: () => store?.serverNow() ?? Date.now(),
  });

  const open = (row: AlarmRow): void => {
    if (row.kind === 'section') {
      const layer = ctx.layers.get('sections');
      if (ctx.view && isSectionsOverlay(layer)) layer.flyTo(ctx.view.scene, row.id);
      app.set({ selection: null });
      readings.focus(row.id);
      return;
    }
    app.set({ selection: { gid: row.gid, id: row.id } });
    void ctx.flyToAsset(row.id);
  };
  // feed health and KPIs in one small panel, the alarm list under it
  const bar = el('section', { className: 'panel feed-panel', testId: 'feed-panel' });
  shell.right.appendChild(bar);
  const badge = mountFeedBadge(bar, app, () => client?.pollNow());
  const kpiStrip = mountKpiStrip(bar, app);
  const list = mountAlarmList(shell.right, app, {
    acks: shownAcks,
    raiseIncident: (row) => shared?.raiseIncident(row),
    canRaiseIncident: () => shared?.canRaiseIncident() ?? false,
    open,
    clear: (row) => store?.clearStale(row.id),
    sectionName: (id) => sectionNames.get(id),
    rowActions,
  });

  const renderBadge = (): void => {
    const setupError = setupDetail === null ? null : translate(app.get().lang, 'feed.err.setup', { detail: setupDetail });
    badge.update({ health: client?.health() ?? null, staleSequence, now: Date.now(), setupError });
  };
  offs.push(app.watch((s) => s.lang, renderBadge));

  const refreshLists = (): void => {
    if (!store) return;
    const s = store;
    view = buildAlarmView(s);
    list.update(view);
    kpiStrip.update(
      computeKpis(view, {
        sensorStatuses: () => {
          const out = new Uint8Array(s.registry.count);
          for (let i = 0; i < out.length; i++) out[i] = s.sensor(i).status;
          return out as unknown as ArrayLike<StatusCode>;
        },
        sensorSilent: () => {
          const out: boolean[] = [];
          for (let i = 0; i < s.registry.count; i++) out.push(s.sensor(i).stale);
          return out;
        },
        sections: () => s.sections().map((x) => ({ cls: x.cls, stale: x.stale })),
      }),
    );
    updatePulse();
  };

  const updatePulse = (): void => {
    // a user who asked for reduced motion sees alarms steady (no blinking, and no render twice a second)
    const alarmed = (view?.rows ?? []).some((r) => r.kind === 'asset' && r.code === STATUS_ALARM) && !prefersReducedMotion();
    if (alarmed && !pulseTimer && !disposed) {
      // two frames a second: cheap under software GL, still clearly blinking
      let on = false;
      pulseTimer = setInterval(() => {
        on = !on;
        ctx.style?.setPulse(on ? 1 : 0);
      }, 500);
    } else if (!alarmed && pulseTimer) {
      clearInterval(pulseTimer);
      pulseTimer = null;
      ctx.style?.setPulse(0);
    }
  };

  /** The whole known state to a style that appeared after the feed started (or was replaced). */
  const syncStyle = (): void => {
    const style = ctx.style;
    if (!store || !style || style === styleSeen || disposed) return;
    styleSeen = style;
    const snap = store.snapshot();
    style.setStatuses(snap.gids, snap.codes);
  };

  const sectionColours = (): void => {
    const layer = ctx.layers.get('sections');
    if (!store || !isSectionsOverlay(layer) || disposed) return;
    const colours = new Map<string, RGB>();
    for (const s of store.sections()) {
      // a stale section keeps its last known class colour (its class never improves because data stopped)
      if (s.cls !== null) colours.set(s.id, wqClassDef(s.cls as WqClass).color);
      else if (s.code === STATUS_OFFLINE) colours.set(s.id, OFFLINE_COLOUR);
    }
    layer.setLiveColours(colours);
    ctx.requestRender();
  };

  const wire = (s: FeedStore, c: FeedSource): void => {
    offs.push(
      s.on('status', ({ gids, codes }) => {
        if (ctx.style !== styleSeen) syncStyle();
        else ctx.style?.setStatuses(gids, codes);
        // an asset seen normal again: its acknowledgements end
        for (let k = 0; k < gids.length; k++) {
          if (codes[k] === STATUS_NORMAL) {
            const id = s.registry.assetIds[s.registry.gidSensors[s.registry.gidStart[gids[k]]]];
            if (id) acks.clearAsset(id);
          }
        }
        refreshLists();
        readings.refresh();
      }),
      s.on('sections', (changed) => {
        for (const sec of changed) if (sec.code === STATUS_NORMAL) acks.clearAsset(sec.id);
        sectionColours();
        refreshLists();
        readings.refresh();
      }),
      s.on('readings', ({ sensors }) => readings.refresh(sensors)),
      c.on('poll', (o) => {
        if (o.kind === 'staleSequence') staleSequence = true;
        else if (o.kind === 'applied') staleSequence = false;
        if (o.kind === 'applied' && !firstApplied) {
          // alarms already on in the first document: this screen did not see them begin (their `since` is that
          // document's time)
          firstApplied = true;
          const on = s.alarms().filter((a) => a.code === STATUS_ALARM || a.code === STATUS_WARNING);
          inheritedSince = on.length ? Math.max(...on.map((a) => a.since)) : null;
        }
        if (o.kind === 'applied') refreshLists();
      }),
      c.on('health', renderBadge),
    );
  };

  const stop = (): void => {
    client?.stop();
    if (tickTimer) clearInterval(tickTimer);
    if (pulseTimer) clearInterval(pulseTimer);
    tickTimer = pulseTimer = null;
  };

  return {
    get store() {
      return store;
    },
    get client() {
      return client;
    },
    async start(config, catalogReady) {
      try {
        await catalogReady;
        if (disposed) return;
        const catalog = ctx.catalog;
        const [sensorsRaw, sectionsRaw] = await Promise.all([
          fetchJson(`${config.dataBaseUrl}sensors.json`),
          fetchJson(`${config.dataBaseUrl}sections.geojson`).catch(() => null),
        ]);
        if (disposed) return;
        if (!Array.isArray(sensorsRaw)) throw new Error('sensors.json is not a list');
        const sections: SectionDef[] = [];
        const features = isObject(sectionsRaw) ? (sectionsRaw as { features?: unknown }).features : null;
        if (Array.isArray(features)) {
          for (const f of features as { properties?: Partial<SectionProps> | null }[]) {
            const p = f?.properties;
            if (!p || typeof p.id !== 'string' || typeof p.targetClass !== 'number') continue;
            sections.push({ id: p.id, targetClass: p.targetClass });
            if (typeof p.name === 'string') sectionNames.set(p.id, { zh: p.name, en: typeof p.nameEn === 'string' ? p.nameEn : p.name });
          }
        }
        const registry = new SensorRegistry({
          sensors: sensorsRaw as SensorDef[],
          gids: catalog?.gidMap ?? new Map<string, number>(),
          gidCount: catalog?.count,
          sections,
          thresholds: defaultThresholds(),
        });
        store = new FeedStore({ registry });
        client = createFeedSource(config, store);
        wire(store, client);
        // late parts: waited on, not polled
        syncStyle();
        void ctx.whenStyle().then(syncStyle);
        void ctx.whenLayer('sections').then(sectionColours);
        client.start();
        // display only: the ages in the badge ("updated 12 s ago", "waiting 6 s")
        tickTimer = setInterval(renderBadge, 1000);
        refreshLists();
        renderBadge();
      } catch (err) {
        if (disposed) return;
        setupDetail = errorDetail(err);
        renderBadge();
      }
    },
    stop,
    dispose() {
      if (disposed) return;
      disposed = true;
      stop();
      for (const off of offs.splice(0)) off();
      ctx.style?.setPulse(0);
      readings.dispose();
      badge.dispose();
      kpiStrip.dispose();
      list.dispose();
      bar.remove();
    },
    statusOf(id) {
      const gid = store?.registry.gids.get(id);
      if (store && gid !== undefined) return store.assetStatusOf(gid);
      const sec = store?.section(id);
      return sec ? sec.code : 0;
    },
    health: () => client?.health() ?? null,
    alarms: () => orderRows(view?.rows ?? [], (r) => shownAcks.has(r)).map((r) => ({ ...r, acked: shownAcks.has(r) })),
    share(next) {
      if (disposed) return;
      shared = next;
      shownAcks.use(next?.acks ?? acks);
    },
    setOpsKpis(kpis) {
      if (!disposed) kpiStrip.setOps(kpis);
    },
    inheritedSince: () => inheritedSince,
  };
}
