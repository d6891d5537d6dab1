/**
 * Boot: read /config.json, build the shell and the map, then load in parallel the base map, the asset catalog,
 * the overlays and the pipe tiles. Anything that fails leaves a message on screen (in the current language) and the
 * rest keeps working. `ready` (also window.__twin.ready) resolves when every step has finished, successfully or not.
 *
 * Every part boot() starts is disposed by the app's dispose(), last started first: the map input, the wires, the
 * query (its Worker), the overlay layers, the feed (its timers and requests), the map (widget and WebGL context), the
 * panels and the layout, then the shell's DOM. Parts that wait for each other wait on promises (ctx.whenStyle(),
 * ctx.whenLayer(name), the catalog), and each late step checks ctx.disposed.
 */
import { effectsFor } from '../domain/effects';
import type { DatasetMeta } from '../domain/schema';
import { isLang, pickLanguage, type Lang } from '../ui/i18n';
import { mountInspectPanel } from '../ui/inspectPanel';
import { buildShell, mountLayout, type Shell } from '../ui/layout';
import { mountLayerPanel } from '../ui/layerPanel';
import { ExtraLayers, PickedFeatureStore } from '../ui/extraLayers';
import { mountMessages } from '../ui/messages';
import { createStore, dismissMessage } from '../ui/state';
import { mountStatusLine } from '../ui/statusLine';
import { mountTopBar } from '../ui/topBar';
import { AlarmMarkers } from '../layers/alarmMarkers';
import { addBasemap } from '../viewer/basemap';
import { loadPipes } from '../viewer/pipes';
import { failureSummary, type TileFailure } from '../viewer/tileFailures';
import { PipeStyle } from '../viewer/pipeStyle';
import { fitBboxView, isBbox } from '../viewer/fitView';
import { CanvasInput } from '../viewer/input';
import { MapView, useTerrain } from '../viewer/widget';
import { AssetCatalog } from './assets';
import { DEFAULT_CONFIG, DEFAULT_VIEW, isObject, validateConfig, type AppConfig } from './config';
import { AppContext } from './context';
import { mountFeed } from './feed';
import { startExtraLayers, type ExtraLayersPart } from './extraLayers';
import { errorDetail, fetchJson, fetchText } from './fetchers';
import { mountOps } from './ops';
import { loadOverlays } from './overlays';
import { wireQuery, type QueryController } from './query';
import { wireScreen } from './screen';
import { installTestHooks } from './testHooks';
import { wireTrace, type TraceController } from './trace';
import { wireReview, type ReviewController } from './review';
import { wireClearance, type ClearanceController } from './clearance';
import { wireLeak, type LeakController } from './leak';
import { wireChamber } from './chamber';
import { wireDrawings, type DrawingsController } from './drawings';
import { syncStyle, wireSelection, wireViewer } from './wire';

/** A mounted app. */
export interface TwinApp {
  /** every start step has finished, successfully or with a message on screen */
  readonly ready: Promise<void>;
  /**
   * Tears the app down: input handlers, listeners, timers, the query Worker, the feed, the widget and its WebGL
   * context, the panels and the DOM under the root. Waits for start steps still running first. Idempotent.
   */
  dispose(): Promise<void>;
  /** the app's parts (for the lifecycle hooks' leak probe: held weakly there) */
  readonly context: AppContext;
}

const LANG_KEY = 'cq-twin.lang';

function storedLang(): string | null {
  try {
    return localStorage.getItem(LANG_KEY);
  } catch {
    return null;
  }
}

function storeLang(lang: Lang): void {
  try {
    localStorage.setItem(LANG_KEY, lang);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
}

async function loadConfig(ctx: AppContext): Promise<AppConfig> {
  let raw: unknown;
  try {
    raw = await fetchJson('/config.json');
  } catch (err) {
    ctx.error('err.configMissing', { detail: errorDetail(err) });
    return DEFAULT_CONFIG;
  }
  const { config, problems } = validateConfig(raw);
  for (const p of problems) ctx.warn(p.key, p.params);
  return config;
}

function buildView(ctx: AppContext, shell: Shell, credits: HTMLElement, resolutionScale: number): MapView | null {
  try {
    return new MapView({
      container: shell.globe,
      creditContainer: credits,
      resolutionScale,
      onRenderError: ctx.callback((detail: string) => ctx.error('err.render', { detail })),
    });
  } catch (err) {
    ctx.error('err.webgl', { detail: errorDetail(err) });
    return null;
  }
}

async function loadBaseMapAndTerrain(ctx: AppContext, view: MapView, config: AppConfig): Promise<void> {
  const widget = view.widget;
  const steps: Promise<void>[] = [
    addBasemap(widget, config.basemap, { onTileError: ctx.callback((detail: string) => ctx.warn('err.basemapTiles', { detail })) }).then(
      () => undefined,
      (err: unknown) => ctx.error('err.basemap', { detail: errorDetail(err) }),
    ),
  ];
  const terrain = config.terrain;
  if (terrain !== 'ellipsoid') {
    steps.push(useTerrain(widget, terrain.url).catch((err: unknown) => ctx.error('err.terrain', { detail: errorDetail(err) })));
  }
  await Promise.all(steps);
}

async function loadCatalog(ctx: AppContext, config: AppConfig): Promise<void> {
  const base = new URL('.', new URL(config.tilesUrl, location.href)).href;
  try {
    ctx.catalog = await AssetCatalog.load(base, fetchText);
  } catch (err) {
    ctx.error('err.assets', { detail: errorDetail(err) });
  }
}

/** meta.json: the height mode, and the bbox the initial view frames when the config asks for "data". */
async function loadMeta(ctx: AppContext, view: MapView, config: AppConfig): Promise<void> {
  let bbox: unknown;
  try {
    const meta = await fetchJson(`${config.dataBaseUrl}meta.json`);
    if (isObject(meta)) {
      const m = meta as Partial<DatasetMeta>;
      if (m.heightMode === 'absolute') ctx.heightMode = 'absolute';
      bbox = m.bbox;
    }
  } catch (err) {
    ctx.warn('err.meta', { detail: errorDetail(err) });
  }
  if (config.initialView === 'data' && isBbox(bbox) && !ctx.disposed) {
    ctx.homePose = fitBboxView(bbox);
    view.setView(ctx.homePose);
  }
}

/** One message for every pipe tile failure so far (it replaces the previous one): how many failed, and where. */
function showTileFailures(ctx: AppContext, all: readonly TileFailure[]): void {
  const previous = ctx.store.get().messages.find((m) => m.key === 'err.tilesMissing' && !m.dismissed);
  if (previous) dismissMessage(ctx.store, previous.seq);
  ctx.warn('err.tilesMissing', failureSummary(all));
}

async function loadTiles(ctx: AppContext, view: MapView, config: AppConfig, catalogReady: Promise<void>): Promise<void> {
  const store = ctx.store;
  let failed = 0;
  // The style needs the gid count and categories, and must be on the tileset before its first tile draws (a shader
  // assigned later rebuilds every loaded tile): wait for the catalog (two small files) first.
  await catalogReady;
  if (ctx.disposed) return;
  const catalog = ctx.catalog;
  const style = new PipeStyle({
    count: catalog?.count ?? 0,
    categories: catalog?.categoryIndices(),
    requestRender: () => ctx.requestRender(),
  });
  ctx.style = style;
  syncStyle(ctx);
  // alarm and warning markers, seen from the whole city in status colour mode (they follow the style's statuses;
  // AlarmMarkers.dispose() removes them, at the app's dispose)
  const markers = new AlarmMarkers(view.scene, style, {
    placeOf: async (gid) => {
      const id = ctx.catalog?.idOf(gid);
      return id ? ctx.anchorOf(id) : null;
    },
    requestRender: () => ctx.requestRender(),
  });
  ctx.onDispose(() => markers.dispose());
  try {
    ctx.tileset = await loadPipes(view.scene, config.tilesUrl, style, {
      onProgress: ctx.callback((pending: number, loaded: boolean) => store.set({ tiles: { present: true, pending, loaded, failed } })),
      // one message for all failures, updated (a broken server would otherwise stack one per tile)
      onTileFailed: ctx.callback((_failure: TileFailure, all: readonly TileFailure[]) => {
        failed = all.length;
        store.set({ tiles: { ...store.get().tiles, failed } });
        showTileFailures(ctx, all);
      }),
    }, config.tileCacheMB);
    store.set({ tiles: { present: true, pending: 0, loaded: ctx.tileset.tilesLoaded, failed } });
  } catch (err) {
    ctx.error('err.tiles', { url: config.tilesUrl, detail: errorDetail(err) });
  }
}

export function boot(root: HTMLElement): TwinApp {
  const store = createStore(pickLanguage(storedLang(), 'auto', navigator.languages ?? [navigator.language]));
  const ctx = new AppContext(store);
  /** dispose functions of the parts started so far, run last-first */
  const parts: (() => void)[] = [];
  const shell = buildShell(root);
  // the panel dock: adopts every panel mounted on shell.left / shell.right (ui/layout.ts); dispose() undoes it
  const layout = mountLayout(shell, store);
  parts.push(() => layout.dispose());
  const topBar = mountTopBar(shell.topbar, store, {
    onLanguage: (lang) => {
      storeLang(lang);
      store.set({ lang });
    },
    onHome: () => void ctx.flyHome(),
  });
  parts.push(() => topBar.dispose());
  // extra 3D Tiles layers of the config: their panel rows and the feature picked on them (app/extraLayers.ts)
  const extraLayers = new ExtraLayers();
  const pickedFeature = new PickedFeatureStore();
  parts.push(mountLayerPanel(shell.left, store, extraLayers));
  // the network trace (valve isolation …) is wired once the map exists; the inspect panel's and the alarm rows'
  // trace buttons ask it then
  let trace: TraceController | null = null;
  let review: ReviewController | null = null;
  // the GB 50289 clearance and cover check (app/clearance.ts), once the map and the area query exist
  let clearance: ClearanceController | null = null;
  // cross-sections and profiles to the outfall (app/drawings.ts), once the map and the trace exist
  let drawings: DrawingsController | null = null;
  // leak localisation (app/leak.ts): "Locate leak" on water-pressure alarm rows, once the map exists
  let leak: LeakController | null = null;
  // the chamber close-up (app/chamber.ts): "Chamber" on manholes and valve chambers; three.js loads when it opens
  const chamber = wireChamber(ctx, layout);
  parts.push(() => chamber.dispose());
  parts.push(
    mountInspectPanel(shell.right, store, {
      load: async (sel) => {
        const catalog = ctx.catalog;
        if (!catalog) return null;
        try {
          const gid = sel.gid ?? (sel.id !== null ? catalog.gidOf(sel.id) : null);
          return gid === null ? null : await catalog.record(gid);
        } catch (err) {
          ctx.error('err.assets', { detail: errorDetail(err) });
          return null;
        }
      },
      statusOf: (gid) => ctx.style?.statusOf(gid) ?? null,
      names: { street: (id) => ctx.streetNames.get(id) },
      feature: pickedFeature,
      flyTo: (sel) => {
        if (sel.id !== null) void ctx.flyToAsset(sel.id);
      },
      actions: (record, lang) => [...(trace?.inspectActions(record, lang) ?? []), ...chamber.inspectActions(record, lang), ...(review?.inspectActions(record, lang) ?? []), ...(clearance?.inspectActions(record, lang) ?? []), ...(drawings?.inspectActions(record, lang) ?? [])],
    }),
  );
  parts.push(mountMessages(shell.overlay, store));
  const statusLine = mountStatusLine(shell.bottom, store);
  parts.push(() => statusLine.dispose());
  const feed = mountFeed(ctx, shell, (row, lang) => [...(trace?.alarmActions(row, lang) ?? []), ...(leak?.alarmActions(row, lang) ?? [])]);
  parts.push(() => feed.dispose());
  // shared state (config.sharedState): nothing at all without an operations server
  const ops = mountOps(ctx, shell, {
    feed,
    layout,
    topBar,
    isolation: () => {
      const r = trace?.store.get().result;
      return r?.kind === 'isolation' ? r : null;
    },
  });
  parts.push(() => ops.dispose());
  let query: QueryController | null = null;
  let extrasPart: ExtraLayersPart | null = null;

  const ready = (async () => {
    const config = await loadConfig(ctx);
    if (ctx.disposed) return;
    const stored = storedLang();
    if (!isLang(stored) && config.language !== 'auto') store.set({ lang: config.language });

    const view = buildView(ctx, shell, statusLine.credits, config.resolutionScale);
    if (!view) return;
    ctx.view = view;
    const effects = effectsFor(config.effects, view.rendererName());
    root.dataset.effects = effects;
    view.setMultisampling(effects === 'full');
    parts.push(() => {
      delete root.dataset.effects;
      // what parts started late registered (markers), the overlay layers' primitives, then the widget (scene, its
      // handlers, render loop, WebGL context)
      ctx.runDisposers();
      for (const layer of ctx.layers.values()) layer.destroy();
      ctx.layers.clear();
      view.destroy();
    });
    ctx.homePose = config.initialView === 'data' ? DEFAULT_VIEW : config.initialView;
    view.setView(ctx.homePose);
    // meta.json first (one small file): the first tiles are then requested for the right view
    await loadMeta(ctx, view, config);
    if (ctx.disposed) return;
    const input = new CanvasInput(view.scene);
    parts.push(() => input.destroy());
    // Home on the map: back to the starting view (the top bar's "Home view" does the same)
    parts.push(
      input.onKey((k) => {
        if (k.key !== 'Home' || !k.onMap || k.modified) return false;
        k.preventDefault();
        void ctx.flyHome();
        return true;
      }),
    );
    parts.push(wireViewer(ctx, view));
    const q = wireQuery(ctx, view, input, shell.right, config.tilesUrl);
    query = q;
    parts.push(() => q.dispose());
    const tr = wireTrace(ctx, view, input, layout, config.tilesUrl);
    trace = tr;
    parts.push(() => tr.dispose());
    const lk = wireLeak(ctx, view, layout, config.tilesUrl, {
      feedStore: () => feed.store,
      isolate: (pipe) => tr.run({ kind: 'isolate', pipe, stuck: [] }),
      isolation: () => {
        const r = tr.store.get().result;
        return r?.kind === 'isolation' ? r : null;
      },
    });
    leak = lk;
    parts.push(() => lk.dispose());
    const rv = wireReview(ctx, view, input, layout, config.tilesUrl, config.dataBaseUrl);
    review = rv;
    parts.push(() => rv.dispose());
    const cl = wireClearance(ctx, view, layout, config.tilesUrl, q);
    clearance = cl;
    rv.openClearance = () => cl.open();
    parts.push(() => cl.dispose());
    const dw = wireDrawings(ctx, layout, tr, config.tilesUrl, { view, input });
    drawings = dw;
    parts.push(() => dw.dispose());
    parts.push(wireSelection(ctx, input));
    const extras = startExtraLayers(ctx, view, input, config, { layers: extraLayers, picked: pickedFeature });
    extrasPart = extras;
    parts.push(() => extras.dispose());
    // screen mode, administrative units and roll-up, tours, the view in the URL, pictures, ?debug (app/screen.ts)
    const screen = wireScreen(ctx, view, input, shell, feed, q, config);
    parts.push(() => screen.dispose());

    const catalogReady = loadCatalog(ctx, config);
    await Promise.all([
      loadBaseMapAndTerrain(ctx, view, config),
      catalogReady,
      loadTiles(ctx, view, config, catalogReady),
      ...loadOverlays(ctx, view, config),
      feed.start(config, catalogReady),
      extras.ready,
      ops.start(config),
    ]);
    ctx.requestRender();
  })().catch((err: unknown) => {
    ctx.error('err.render', { detail: errorDetail(err) });
  });

  const hooks = installTestHooks(ctx, ready, { feed, ops, query: () => query, trace: () => trace, review: () => review, clearance: () => clearance, drawings: () => drawings, extraFeatureAt: (x, y) => extrasPart?.pickFeature(x, y) ?? null });
  let disposing: Promise<void> | null = null;
  return {
    ready,
    context: ctx,
    dispose() {
      disposing ??= (async () => {
        ctx.disposed = true;
        await ready;
        for (const dispose of parts.splice(0).reverse()) {
          try {
            dispose();
          } catch (err) {
            console.warn('dispose', err); // one part failing must not leave the others running
          }
        }
        ctx.view = null;
        ctx.tileset = null;
        if (window.__twin === hooks) delete window.__twin;
        root.replaceChildren();
      })();
      return disposing;
    },
  };
}
