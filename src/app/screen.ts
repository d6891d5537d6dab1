/**
 * Screen mode and its parts, wired: the operations-centre page (`?screen`, the "Screen" button or a link with scr=1),
 * the administrative units (admin.geojson + admin-index.json) with the roll-up, the choropleth and the drill-down
 * (city → districts → streets → grids → assets, breadcrumbs back up; mouse on the map or the list, keyboard on the
 * list and Backspace/Esc for up), the tour (data/tours.json; PageDown/PageUp/arrows, Space, B for black, registered
 * through the map's CanvasInput), alarm interrupts, the shareable URL (urlState.ts), the picture export and the
 * `?debug` overlay. Normal mode gets the view tools (screen, copy link, save picture) and the alarm list's area filter.
 *
 * Every timer, listener, panel and primitive it starts is released by dispose().
 */
import '../styles/screen.css';
import { CATEGORIES, cssColor } from '../domain/categories';
import { childLevel, isAdminIndex, parseAdminUnits, pathOf, type AdminIndex, type AdminLevel, type AdminTree } from '../domain/adminUnits';
import { STATUS_ALARM, STATUS_OFFLINE, STATUS_UNKNOWN, STATUS_WARNING, statusDef } from '../domain/status';
import { goodShare, GridLocator, rollup, type Rollup, type RollupAlarm, type RollupIncident, type UnitFigures } from '../analysis/rollup';
import { AdminUnitsLayer } from '../layers/adminUnits';
import { groupOfId, provideUnitFilter } from '../ui/alarmList';
import { mountDebugOverlay } from '../ui/debugOverlay';
import { FEED_TIME_ZONE } from '../ui/feedFormat';
import { el } from '../ui/dom';
import { localName, translate, type I18nKey, type Lang } from '../ui/i18n';
import type { Shell } from '../ui/layout';
import { composePicture, downloadPng } from '../ui/screen/picture';
import { mountScreenView, type ScreenModel, type ScreenView, type UnitRow } from '../ui/screen/screenView';
import type { CanvasInput } from '../viewer/input';
import { countFrames, flyToPose } from '../viewer/screenCamera';
import { captureFrame } from '../viewer/snapshot';
import type { MapView } from '../viewer/widget';
import type { AppConfig } from './config';
import type { AppContext } from './context';
import type { FeedApp } from './feed';
import { errorDetail, fetchJson } from './fetchers';
import type { QueryController } from './query';
import { parseTour, TourPlayer, type Tour, type TourStop } from './tour';
import { restoreFromHash, watchViewState } from './urlState';

/** window.__twin.screen: what the e2e tests drive screen mode through. */
export interface ScreenHooks {
  /** admin units (and, in screen mode, the tour) have loaded */
  ready(): Promise<void>;
  active(): boolean;
  enter(): void;
  exit(): void;
  /** the unit drilled into (null = the city) */
  unit(): string | null;
  drill(id: string | null): Promise<void>;
  /** the ids of the units (or assets) listed */
  rows(): string[];
  tour(): { index: number; id: string; playing: boolean; interrupt: string | null } | null;
  /** replaces the tour (a checked tours.json) and plays it from its first stop */
  loadTour(raw: unknown): string | null;
  /** what a new alarm does: the tour shows it, then resumes (now, whatever the gap since the last interrupt) */
  interrupt(id: string): void;
  /** the hash as written now */
  hash(): string;
  black(): boolean;
  /** the pipe tiles' memory (tileset.totalMemoryUsageInBytes: geometry and textures on the GPU), null without tiles */
  tileBytes(): number | null;
}

interface Admin {
  tree: AdminTree;
  index: AdminIndex;
  locator: GridLocator;
}

const LEVEL_KEY: Record<AdminLevel | 'assets', I18nKey> = {
  district: 'screen.level.district',
  street: 'screen.level.street',
  grid: 'screen.level.grid',
  assets: 'screen.level.assets',
};

function boxOf(tree: AdminTree, ids: readonly string[]): [number, number, number, number] | null {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const id of ids) {
    const g = tree.units.get(id)?.geometry;
    if (!g) continue;
    const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    for (const p of polys) {
      for (const c of p[0] ?? []) {
        w = Math.min(w, c[0]);
        e = Math.max(e, c[0]);
        s = Math.min(s, c[1]);
        n = Math.max(n, c[1]);
      }
    }
  }
  return w < e ? [w, s, e, n] : null;
}

export function wireScreen(
  ctx: AppContext,
  view: MapView,
  input: CanvasInput,
  shell: Shell,
  feed: FeedApp,
  query: QueryController,
  config: AppConfig,
): { dispose(): void } {
  const store = ctx.store;
  const lang = (): Lang => store.get().lang;
  const t = (k: I18nKey, p?: Record<string, string | number>): string => translate(lang(), k, p);
  const offs: (() => void)[] = [];
  const params = new URLSearchParams(location.search);

  let admin: Admin | null = null;
  let unit: string | null = null;
  let active = false;
  let black = false;
  let screenView: ScreenView | null = null;
  let tick: ReturnType<typeof setInterval> | null = null;
  let player: TourPlayer | null = null;
  let tourLoad: Promise<void> | null = null;
  let playOnLoad = true;
  let roll: Rollup | null = null;
  let rolledAt = -1;
  /** asset ids in alarm at the last look (null before the first: alarms already on at start do not interrupt) */
  let alarmed: Set<string> | null = null;
  let opsFigures: ScreenModel['ops'] = null;
  let opsTimer: ReturnType<typeof setInterval> | null = null;
  let disposed = false;

  const layer = new AdminUnitsLayer(view.scene.primitives);
  layer.setVisible(false);
  offs.push(() => layer.destroy());

  // ---- admin units ----
  const adminReady = (async () => {
    try {
      const [raw, idx] = await Promise.all([fetchJson(`${config.dataBaseUrl}admin.geojson`), fetchJson(`${config.dataBaseUrl}admin-index.json`)]);
      if (disposed) return;
      const { tree, problems } = parseAdminUnits(raw);
      if (problems.length) ctx.warn('err.admin', { detail: problems.slice(0, 3).map((p) => `${p.id ?? `#${p.index}`}: ${p.reason}`).join('; ') });
      const index: AdminIndex = isAdminIndex(idx) ? idx : { version: 1, assets: {}, pipeLengthM: {} };
      admin = { tree, index, locator: new GridLocator(tree) };
      const a = admin;
      offs.push(
        provideUnitFilter(store, {
          choices: (l) =>
            a.tree.byLevel.district.flatMap((d) => {
              const du = a.tree.units.get(d);
              if (!du) return [];
              return [
                { id: d, label: localName({ zh: du.name, en: du.nameEn }, l) },
                ...du.children.map((sid) => {
                  const su = a.tree.units.get(sid);
                  return { id: sid, label: `　${su ? localName({ zh: su.name, en: su.nameEn }, l) : sid}` };
                }),
              ];
            }),
          contains: (unitId, itemId) => {
            const g = a.index.assets[itemId];
            return g !== undefined && pathOf(a.tree, g).includes(unitId);
          },
        }),
      );
    } catch (err) {
      if (!disposed) ctx.warn('err.admin', { detail: errorDetail(err) });
    }
  })();

  const nameOf = (id: string | null): string => {
    if (id === null) return t('screen.city');
    const u = admin?.tree.units.get(id);
    return u ? localName({ zh: u.name, en: u.nameEn }, lang()) : id;
  };

  // ---- roll-up ----
  const rollNow = (): Rollup | null => {
    const a = admin;
    const fs = feed.store;
    if (!a) return null;
    const applied = feed.health()?.applied ?? 0;
    if (roll && applied === rolledAt) return roll;
    rolledAt = applied;
    const alarms: RollupAlarm[] = [];
    const sensors: { asset: string; online: boolean }[] = [];
    const sections: { id: string; cls: number | null; stale: boolean }[] = [];
    if (fs) {
      for (const item of fs.alarms()) {
        if (item.code !== STATUS_ALARM && item.code !== STATUS_WARNING) continue;
        alarms.push({ id: item.id, severity: item.code === STATUS_ALARM ? 'alarm' : 'warning', group: item.kind === 'section' ? 'section' : groupOfId(item.id) });
      }
      for (let i = 0; i < fs.registry.count; i++) {
        const s = fs.sensor(i);
        sensors.push({ asset: s.asset, online: s.status !== STATUS_OFFLINE && s.status !== STATUS_UNKNOWN && !s.stale });
      }
      for (const s of fs.sections()) sections.push({ id: s.id, cls: s.cls, stale: s.stale });
    }
    const incidents: RollupIncident[] = opsIncidents;
    roll = rollup({ tree: a.tree, index: a.index, alarms, sensors, sections, incidents, locate: (lon, lat) => a.locator.locate(lon, lat) });
    return roll;
  };

  /** what the level below `unit` lists: child units, or at a grid its monitored assets */
  const shownUnits = (): string[] => {
    const a = admin;
    if (!a) return [];
    if (unit === null) return [...a.tree.byLevel.district];
    const u = a.tree.units.get(unit);
    if (!u) return [];
    return u.level === 'grid' ? [u.id] : [...u.children];
  };

  const unitLine = (f: UnitFigures): string => {
    const km = Object.values(f.pipeLengthM).reduce((x, y) => x + y, 0) / 1000;
    return `${t('screen.unitLine', { alarms: f.alarms, warnings: f.warnings, online: f.sensorsOnline, sensors: f.sensors })} · ${t('screen.pipeKm', { km: km.toFixed(1) })}`;
  };

  const drawChoropleth = (): void => {
    const a = admin;
    const r = roll;
    if (!a) return;
    const ids = shownUnits();
    layer.show(
      ids.flatMap((id) => {
        const u = a.tree.units.get(id);
        if (!u) return [];
        const f = r?.byUnit.get(id);
        return [{ id, geometry: u.geometry, alarms: f?.alarms ?? 0, warnings: f?.warnings ?? 0, label: () => `${nameOf(id)}${f && f.alarms ? ` · ${f.alarms}` : ''}` }];
      }),
    );
    ctx.requestRender();
  };
  let drawnSig = '';

  const assetRows = (gridId: string): UnitRow[] => {
    const a = admin;
    const fs = feed.store;
    if (!a) return [];
    const ids = Object.entries(a.index.assets).filter(([, g]) => g === gridId).map(([id]) => id);
    const code = (id: string): number => feed.statusOf(id);
    return ids
      .map((id) => ({ id, c: code(id) }))
      .sort((x, y) => (y.c === STATUS_ALARM ? 2 : y.c === STATUS_WARNING ? 1 : 0) - (x.c === STATUS_ALARM ? 2 : x.c === STATUS_WARNING ? 1 : 0) || (x.id < y.id ? -1 : 1))
      .slice(0, 40)
      .map(({ id, c }) => ({
        id,
        name: id,
        line: `${t(`status.${statusDef(c as 0).key}` as I18nKey)}${fs ? ` · ${fs.sensorsOf(id).length}` : ''}`,
        alarms: c === STATUS_ALARM ? 1 : 0,
        warnings: c === STATUS_WARNING ? 1 : 0,
      }));
  };

  const model = (): ScreenModel => {
    const now = Date.now();
    const r = rollNow();
    const a = admin;
    const health = feed.health();
    const city = r?.city ?? null;
    let units: ScreenModel['units'] = null;
    if (a) {
      const path = [{ id: null as string | null, name: t('screen.city') }, ...(unit ? pathOf(a.tree, unit) : []).map((id) => ({ id: id as string | null, name: nameOf(id) }))];
      const u = unit ? a.tree.units.get(unit) : null;
      const atGrid = u?.level === 'grid';
      const level = unit === null ? 'district' : atGrid ? 'assets' : childLevel(u?.level ?? 'district') ?? 'assets';
      const rows: UnitRow[] = atGrid && unit
        ? assetRows(unit)
        : shownUnits().map((id) => {
            const f = r?.byUnit.get(id);
            return { id, name: nameOf(id), line: f ? unitLine(f) : '', alarms: f?.alarms ?? 0, warnings: f?.warnings ?? 0 };
          });
      const here = unit ? r?.byUnit.get(unit) : null;
      const note = unit === null
        ? (r && r.outside.alarms ? t('screen.outside', { alarms: r.outside.alarms }) : '')
        : here ? unitLine(here) : '';
      units = { path, levelLabel: t(LEVEL_KEY[level]), rows, note };
    }
    const byGroup = city ? Object.entries(city.alarmsByGroup).filter(([, n]) => n > 0).map(([group, count]) => ({ group, count })) : [];
    const order = [...CATEGORIES.map((c) => c.code as string), 'section'];
    byGroup.sort((x, y) => order.indexOf(x.group) - order.indexOf(y.group));
    const p = player;
    return {
      now,
      feed: city
        ? {
            alarms: city.alarms,
            warnings: city.warnings,
            byGroup,
            online: city.sensorsOnline,
            sensors: city.sensors,
            goodRatio: goodShare(city),
            rated: city.sectionsByClass.reduce((x, y) => x + y, 0),
            asOf: health?.lastOkAt ?? null,
          }
        : null,
      ops: opsFigures,
      units,
      tour: p
        ? {
            caption: localName({ zh: p.stop.caption.zh, en: p.stop.caption.en }, lang()),
            n: p.index + 1,
            total: p.stops.length,
            playing: p.playing,
            interrupt: p.interrupt ? t('tour.interrupted', { id: p.interrupt }) : null,
          }
        : null,
    };
  };

  const refresh = (): void => {
    if (!active || !screenView) return;
    screenView.update(model());
    // the choropleth is rebuilt only when what it shows changes (not on every feed poll)
    const sig = `${unit}|${lang()}|${shownUnits().map((id) => `${id}:${roll?.byUnit.get(id)?.alarms ?? 0}:${roll?.byUnit.get(id)?.warnings ?? 0}`).join(',')}`;
    if (sig !== drawnSig) {
      drawnSig = sig;
      drawChoropleth();
    }
    // new alarms interrupt the tour (alarms already on when the screen started do not): the first set seen after the
    // feed's first document is the baseline (a screen that starts before it arrives took an empty one, so every
    // alarm already on jumped the camera)
    const fs = feed.store;
    if (fs && player && fs.lastSequence >= 0) {
      const now = new Set<string>();
      let newest: { id: string; since: number } | null = null;
      for (const item of fs.alarms()) {
        if (item.code !== STATUS_ALARM || item.kind !== 'asset') continue;
        now.add(item.id);
        if (alarmed && !alarmed.has(item.id) && (!newest || item.since > newest.since)) newest = { id: item.id, since: item.since };
      }
      alarmed = now;
      if (newest) player.interruptWith(newest.id);
    }
  };

  // ---- drill-down ----
  const drill = async (id: string | null, fly = true): Promise<void> => {
    await adminReady;
    const a = admin;
    if (!a || disposed) return;
    unit = id !== null && a.tree.units.has(id) ? id : null;
    drawnSig = '';
    refresh();
    if (!fly || view.isDestroyed()) return;
    const box = boxOf(a.tree, unit === null ? a.tree.byLevel.district : [unit]);
    if (box) await layer.flyToBox(view.scene, box, 1.2);
  };
  const up = (): void => {
    const a = admin;
    if (!a || unit === null) return;
    void drill(a.tree.units.get(unit)?.parent ?? null);
  };

  // ---- tour ----
  const applyStop = async (stop: TourStop): Promise<void> => {
    const s = store.get();
    const patch: Partial<typeof s> = {};
    if (stop.colorMode) patch.colorMode = stop.colorMode;
    if (stop.underground !== undefined) patch.underground = stop.underground;
    if (stop.overlays) patch.overlayVisible = { ...s.overlayVisible, ...stop.overlays };
    if (stop.hiddenCategories) {
      const hidden = new Set(stop.hiddenCategories);
      patch.categoryVisible = Object.fromEntries(CATEGORIES.map((c) => [c.code, !hidden.has(c.code)])) as typeof s.categoryVisible;
    }
    store.set(patch);
    if (stop.unit !== undefined) await drill(stop.unit, !stop.camera);
    if (stop.camera && !view.isDestroyed()) await flyToPose(view.scene, stop.camera, stop.flyS);
  };
  const startTour = (tour: Tour, play = true): void => {
    player?.dispose();
    player = new TourPlayer(tour, {
      apply: applyStop,
      showAlarm: async (id) => {
        store.set({ selection: { gid: ctx.catalog?.gidOf(id) ?? null, id } });
        await ctx.flyToAsset(id);
      },
      changed: refresh,
    });
    if (play) player.play();
    else refresh();
  };
  const loadTour = (): Promise<void> =>
    (tourLoad ??= (async () => {
      try {
        const parsed = parseTour(await fetchJson(`${config.dataBaseUrl}tours.json`));
        if (disposed) return;
        if ('error' in parsed) ctx.warn('err.admin', { detail: `tours.json: ${parsed.error}` });
        else if (active && !player) startTour(parsed.tour, playOnLoad);
      } catch (err) {
        if (!disposed) ctx.warn('err.admin', { detail: `tours.json: ${errorDetail(err)}` });
      }
    })());

  // ---- operations server (only when configured) ----
  let opsIncidents: RollupIncident[] = [];
  const shared = (config as { sharedState?: unknown }).sharedState;
  const opsUrl = typeof shared === 'object' && shared !== null && typeof (shared as { url?: unknown }).url === 'string' ? (shared as { url: string }).url : null;
  const pollOps = async (): Promise<void> => {
    if (!opsUrl) return;
    try {
      const [k, list] = await Promise.all([fetchJson(`${opsUrl}/kpis`), fetchJson(`${opsUrl}/incidents?open=1`)]);
      if (disposed) return;
      const kp = k as { open?: unknown; closeP50S?: unknown; closedWithin24hShare?: unknown };
      if (typeof kp.open === 'number') {
        opsFigures = {
          open: kp.open,
          closeP50S: typeof kp.closeP50S === 'number' ? kp.closeP50S : null,
          within24h: typeof kp.closedWithin24hShare === 'number' ? kp.closedWithin24hShare : null,
          asOf: Date.now(),
        };
      }
      if (Array.isArray(list)) {
        opsIncidents = (list as { asset?: unknown; location?: unknown; stage?: unknown }[]).map((i) => ({
          open: i.stage !== 'closed',
          asset: typeof i.asset === 'string' ? i.asset : null,
          location: Array.isArray(i.location) && i.location.length === 2 ? [Number(i.location[0]), Number(i.location[1])] : null,
        }));
        roll = null;
      }
      refresh();
    } catch {
      /* the board keeps its last figures, their age says how old */
    }
  };

  // ---- screen mode on / off ----
  /** `play`: start (or resume) the tour; a link that restores a view opens screen mode with the tour paused */
  const enter = (play = true): void => {
    if (active || disposed) return;
    active = true;
    document.body.classList.add('screen-mode');
    screenView = mountScreenView(shell.overlay.parentElement ?? document.body, store, {
      drill: (id) => {
        const u = admin?.tree.units.get(id);
        if (u) void drill(id);
        else {
          // an asset of a grid: select it and fly there
          store.set({ selection: { gid: ctx.catalog?.gidOf(id) ?? null, id } });
          void ctx.flyToAsset(id);
        }
      },
      crumb: (id) => void drill(id),
      prev: () => player?.prev(),
      next: () => player?.next(),
      toggle: () => player?.toggle(),
      exit,
    });
    layer.setVisible(true);
    drawnSig = '';
    refresh();
    tick = setInterval(refresh, 1000);
    if (opsUrl) {
      void pollOps();
      opsTimer = setInterval(() => void pollOps(), 30_000);
    }
    playOnLoad = play;
    if (player && play) player.play();
    else if (!player) void loadTour();
    view.requestRender();
  };
  const exit = (): void => {
    if (!active) return;
    active = false;
    black = false;
    document.body.classList.remove('screen-mode');
    player?.pause();
    if (tick) clearInterval(tick);
    if (opsTimer) clearInterval(opsTimer);
    tick = opsTimer = null;
    screenView?.dispose();
    screenView = null;
    layer.setVisible(false);
    alarmed = null;
    view.requestRender();
  };

  // ---- keys (through the map's one keyboard owner) and map clicks ----
  offs.push(
    input.onKey((k) => {
      if (!active || k.inField || k.modified) return false;
      const key = k.key;
      if (key === 'PageDown' || key === 'ArrowRight') player?.next();
      else if (key === 'PageUp' || key === 'ArrowLeft') player?.prev();
      else if (key === 'b' || key === 'B' || key === '.') {
        black = !black;
        screenView?.setBlack(black);
      } else if (key === ' ' && k.onMap) player?.toggle();
      else if (key === 'Backspace' || (key === 'Escape' && !store.get().selection)) up();
      else return false;
      k.preventDefault();
      return true;
    }, 20),
  );
  offs.push(
    input.on('click', (e) => {
      const a = admin;
      if (!active || !a || e.keyboard) return;
      const at = unit ? a.tree.units.get(unit) : null;
      if (at?.level === 'grid') return; // at a grid the click selects assets
      const g = e.ground();
      if (!g) return;
      const grid = a.locator.locate(g.lon, g.lat);
      if (!grid) return;
      // the unit of the shown level that holds the grid
      const path = pathOf(a.tree, grid);
      const depth = unit === null ? 0 : path.indexOf(unit) + 1;
      const target = path[depth];
      if (target && (unit === null || path.includes(unit))) void drill(target);
    }),
  );

  // ---- the view tools (normal mode) ----
  const tools = el('div', { className: 'view-tools', testId: 'view-tools' });
  const screenBtn = el('button', { className: 'toggle', testId: 'screen-enter', attrs: { type: 'button' } });
  const linkBtn = el('button', { className: 'toggle', testId: 'share-copy', attrs: { type: 'button' } });
  const picBtn = el('button', { className: 'toggle', testId: 'snapshot-save', attrs: { type: 'button' } });
  tools.append(screenBtn, linkBtn, picBtn);
  // in the top bar's free slot (ui/topBar.ts), else at its end
  (shell.topbar.querySelector('.topbar-slot') ?? shell.topbar).appendChild(tools);
  offs.push(() => tools.remove());
  const labelTools = (): void => {
    screenBtn.textContent = t('screen.enter');
    screenBtn.title = t('screen.enterTitle');
    linkBtn.textContent = t('share.copy');
    linkBtn.title = t('share.copyTitle');
    picBtn.textContent = t('snapshot.save');
    picBtn.title = t('snapshot.saveTitle');
  };
  offs.push(store.watch((s) => s.lang, () => {
    labelTools();
    if (active) {
      drawnSig = '';
      refresh();
    }
  }));
  screenBtn.addEventListener('click', () => enter());
  linkBtn.addEventListener('click', () => {
    const hash = url.writeNow();
    const link = `${location.origin}${location.pathname}${location.search}#${hash}`;
    void navigator.clipboard?.writeText(link).then(
      () => {
        linkBtn.textContent = t('share.copied');
        setTimeout(labelTools, 2000);
      },
      () => undefined,
    );
  });
  picBtn.addEventListener('click', () => void savePicture());

  const savePicture = async (): Promise<void> => {
    if (view.isDestroyed()) return;
    const frame = await captureFrame(view.scene);
    const s = store.get();
    const legend = s.colorMode === 'status'
      ? [1, 2, 3, 4].map((c) => ({ label: t(`status.${statusDef(c as 1).key}` as I18nKey), colour: cssColor(statusDef(c as 1).color) }))
      : CATEGORIES.map((c) => ({ label: `${localName(c, lang())} ${c.code}`, colour: cssColor(c.display) }));
    const when = new Date();
    const picture = composePicture(frame, {
      title: t('app.title'),
      subtitle: [t('app.subtitle'), ...(unit && admin ? pathOf(admin.tree, unit).map(nameOf) : [])].join(' · '),
      legendTitle: s.colorMode === 'status' ? t('colorMode.status') : t('snapshot.legend'),
      legend,
      // Chongqing time, as the screen's clock and every feed time
      taken: t('snapshot.taken', { time: when.toLocaleString(lang() === 'en' ? 'en-GB' : 'zh-CN', { hour12: false, timeZone: FEED_TIME_ZONE }) }),
    });
    const stamp = when.toISOString().slice(0, 16).replace(/[-:T]/g, '');
    await downloadPng(picture, `twin-${stamp}.png`);
  };

  // ---- debug overlay ----
  if (params.has('debug')) {
    const frames = countFrames(view.scene);
    const overlay = mountDebugOverlay(document.body, store, {
      frames: () => frames.frames(),
      tileBytes: () => (ctx.tileset ? ctx.tileset.totalMemoryUsageInBytes : null),
    });
    offs.push(() => {
      overlay.dispose();
      frames.dispose();
    });
  }

  // ---- the URL: restore, then keep it up to date ----
  const restored = restoreFromHash(ctx, view, location.hash);
  if (restored.area) query.queryRing(restored.area, '');
  const url = watchViewState(ctx, view, query, { active: () => active, unit: () => unit });
  offs.push(() => url.dispose());
  if (restored.screen || params.has('screen')) enter(!restored.camera && !restored.unit);
  if (restored.unit) void drill(restored.unit, !restored.camera);

  // ---- test hooks ----
  const hooks: ScreenHooks = {
    ready: async () => {
      await adminReady;
      if (active) await loadTour();
    },
    active: () => active,
    enter: () => enter(),
    exit,
    unit: () => unit,
    drill: (id) => drill(id),
    rows: () => model().units?.rows.map((r) => r.id) ?? [],
    tour: () => (player ? { index: player.index, id: player.stop.id, playing: player.playing, interrupt: player.interrupt } : null),
    loadTour: (raw) => {
      const parsed = parseTour(raw);
      if ('error' in parsed) return parsed.error;
      if (player) player.load(parsed.tour);
      else startTour(parsed.tour);
      return null;
    },
    interrupt: (id) => player?.interruptWith(id, true),
    hash: () => url.writeNow(),
    black: () => black,
    tileBytes: () => (ctx.tileset ? ctx.tileset.totalMemoryUsageInBytes : null),
  };
  const twin = window.__twin;
  if (twin) twin.screen = hooks;

  return {
    dispose() {
      if (disposed) return;
      disposed = true;
      exit();
      player?.dispose();
      player = null;
      for (const off of offs.splice(0).reverse()) off();
      if (twin?.screen === hooks) delete twin.screen;
    },
  };
}

