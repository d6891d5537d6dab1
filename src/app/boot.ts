/**
 * Boot: read /config.json, build the shell and the widget, then load in parallel the base map, the asset catalog,
 * the overlays and the pipe tiles. Anything that fails leaves a message on screen (in the current language) and the
 * rest keeps working. window.__twin.ready resolves when every step has finished, successfully or not.
 */
import type { CesiumWidget } from '@cesium/engine';
import type { DatasetMeta } from '../domain/schema';
import { isLang, pickLanguage, type Lang } from '../ui/i18n';
import { mountInspectPanel } from '../ui/inspectPanel';
import { buildShell, type Shell } from '../ui/layout';
import { mountLayerPanel } from '../ui/layerPanel';
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
import { createWidget, setView, useTerrain } from '../viewer/widget';
import { AssetCatalog } from './assets';
import { DEFAULT_CONFIG, DEFAULT_VIEW, isObject, validateConfig, type AppConfig } from './config';
import { AppContext } from './context';
import { mountFeed } from './feed';
import { errorDetail, fetchJson, fetchText } from './fetchers';
import { loadOverlays } from './overlays';
import { wireQuery } from './query';
import { installTestHooks } from './testHooks';
import { syncStyle, wireInteraction, wireViewer } from './wire';

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

function buildWidget(ctx: AppContext, shell: Shell, credits: HTMLElement): CesiumWidget | null {
  try {
    return createWidget({
      container: shell.globe,
      creditContainer: credits,
      onRenderError: (detail) => ctx.error('err.render', { detail }),
    });
  } catch (err) {
    ctx.error('err.webgl', { detail: errorDetail(err) });
    return null;
  }
}

async function loadBaseMapAndTerrain(ctx: AppContext, widget: CesiumWidget, config: AppConfig): Promise<void> {
  const steps: Promise<void>[] = [
    addBasemap(widget, config.basemap, { onTileError: (detail) => ctx.warn('err.basemapTiles', { detail }) }).then(
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
async function loadMeta(ctx: AppContext, widget: CesiumWidget, config: AppConfig): Promise<void> {
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
  if (config.initialView === 'data' && isBbox(bbox)) setView(widget, fitBboxView(bbox));
}

/** One message for every pipe tile failure so far (it replaces the previous one): how many failed, and where. */
function showTileFailures(ctx: AppContext, all: readonly TileFailure[]): void {
  const previous = ctx.store.get().messages.find((m) => m.key === 'err.tilesMissing' && !m.dismissed);
  if (previous) dismissMessage(ctx.store, previous.seq);
  ctx.warn('err.tilesMissing', failureSummary(all));
}

async function loadTiles(ctx: AppContext, widget: CesiumWidget, config: AppConfig, catalogReady: Promise<void>): Promise<void> {
  const store = ctx.store;
  let failed = 0;
  // The style needs the gid count and categories, and must be on the tileset before its first tile draws (a shader
  // assigned later rebuilds every loaded tile): wait for the catalog (two small files) first.
  await catalogReady;
  const catalog = ctx.catalog;
  const style = new PipeStyle({
    count: catalog?.count ?? 0,
    categories: catalog?.categoryIndices(),
    requestRender: () => ctx.requestRender(),
  });
  ctx.style = style;
  syncStyle(ctx);
  // alarm and warning markers, seen from the whole city in status colour mode (they follow the style's statuses;
  // AlarmMarkers.dispose() removes them)
  new AlarmMarkers(widget.scene, style, {
    placeOf: async (gid) => {
      const id = ctx.catalog?.idOf(gid);
      return id ? ctx.anchorOf(id) : null;
    },
    requestRender: () => ctx.requestRender(),
  });
  try {
    ctx.tileset = await loadPipes(widget.scene, config.tilesUrl, style, {
      onProgress: (pending, loaded) => store.set({ tiles: { present: true, pending, loaded, failed } }),
      // one message for all failures, updated (a broken server would otherwise stack one per tile)
      onTileFailed: (_failure, all) => {
        failed = all.length;
        store.set({ tiles: { ...store.get().tiles, failed } });
        showTileFailures(ctx, all);
      },
    }, config.tileCacheMB);
    store.set({ tiles: { present: true, pending: 0, loaded: ctx.tileset.tilesLoaded, failed } });
  } catch (err) {
    ctx.error('err.tiles', { url: config.tilesUrl, detail: errorDetail(err) });
  }
}

export function boot(root: HTMLElement): void {
  const store = createStore(pickLanguage(storedLang(), 'auto', navigator.languages ?? [navigator.language]));
  const ctx = new AppContext(store);
  const shell = buildShell(root);
  mountTopBar(shell.topbar, store, (lang) => {
    storeLang(lang);
    store.set({ lang });
  });
  mountLayerPanel(shell.left, store);
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
    flyTo: (sel) => {
      if (sel.id !== null) void ctx.flyToAsset(sel.id);
    },
  });
  mountMessages(shell.overlay, store);
  const credits = mountStatusLine(shell.bottom, store);
  const feed = mountFeed(ctx, shell);

  const ready = (async () => {
    const config = await loadConfig(ctx);
    const stored = storedLang();
    if (!isLang(stored) && config.language !== 'auto') store.set({ lang: config.language });

    const widget = buildWidget(ctx, shell, credits);
    if (!widget) return;
    ctx.widget = widget;
    setView(widget, config.initialView === 'data' ? DEFAULT_VIEW : config.initialView);
    // meta.json first (one small file): the first tiles are then requested for the right view
    await loadMeta(ctx, widget, config);
    wireViewer(ctx, widget);
    wireInteraction(ctx, widget);
    wireQuery(ctx, widget, shell.right, config.tilesUrl);

    const catalogReady = loadCatalog(ctx, config);
    await Promise.all([
      loadBaseMapAndTerrain(ctx, widget, config),
      catalogReady,
      loadTiles(ctx, widget, config, catalogReady),
      ...loadOverlays(ctx, widget, config),
      feed.start(config, catalogReady),
    ]);
    ctx.requestRender();
  })().catch((err: unknown) => {
    ctx.error('err.render', { detail: errorDetail(err) });
  });

  installTestHooks(ctx, ready, feed);
}
