/**
 * window.__twin: the hooks the end-to-end suite drives the app through (they only read state or call the same
 * actions the UI uses, so they may stay in production). All of them live here.
 */
import { renderMessage } from '../ui/i18n';
import { canvasPositionOfLonLat } from '../viewer/camera';
import { pickAsset } from '../viewer/picking';
import type { TwinApp } from './boot';
import type { AppContext } from './context';
import type { QueryController } from './query';
import type { TraceController } from './trace';
import type { ReviewController } from './review';
import type { ClearanceController } from './clearance';
import type { CheckResult } from '../analysis/drawings/types';
import type { DrawingsController } from './drawings';
import type { ExcavationResult, RiverbankResult } from '../analysis/review';
import type { NetworkResult } from '../analysis/network/types';
import { traceProblemText } from '../ui/tracePanel';
import type { FeedHealth } from '../feed';
import type { FeedApp } from './feed';
import type { PickedFeature } from '../ui/extraLayers';
import type { ScreenHooks } from './screen';
import type { OpsApp } from './ops';

export interface TwinHooks {
  /** config loaded, widget built, tileset and overlays loaded (or failed with a message on screen) */
  ready: Promise<void>;
  tilesLoaded(): boolean;
  /** tiles in view loaded and a frame rendered after that */
  whenIdle(): Promise<void>;
  /** CSS-pixel position in the canvas of an asset's middle at its render height; null when off-screen/behind */
  canvasPositionOf(id: string): Promise<{ x: number; y: number } | null>;
  flyToAsset(id: string): Promise<void>;
  /** the top bar's "Home view": back to the starting view; resolves when the camera is there */
  homeView(): Promise<void>;
  selectedId(): string | null;
  /** id of the asset a click at this CSS-pixel canvas position would select (same pick as a click), null for none */
  pickedIdAt(x: number, y: number): string | null;
  setStatuses(gids: number[], codes: number[]): void;
  /** pipe tiles drawn in the last frame: leaves (tubes and fittings) and coarse tiles (centrelines) */
  drawnTiles(): { leaves: number; coarse: number };
  /** the map's multisampling: samples per pixel (1 = off, as effects "lite" draws it) */
  mapSamples(): number;
  setColorMode(mode: 'category' | 'status'): void;
  /** user-visible error and warning messages shown so far, in the current language */
  errors(): string[];
  /** live feed: the status code (0–4) the pipe shader holds for an asset id (−1 when the id is unknown) */
  statusOf(id: string): number;
  /** live feed: the feed's own status of an asset or section id (0 unknown) */
  feedStatusOf(id: string): number;
  /** live feed: the client's health (null before the feed started) */
  feedHealth(): FeedHealth | null;
  /** live feed: the alarm list's rows, in list order (id, code, acknowledged) */
  alarmRows(): { id: string; code: number; acked: boolean }[];
  /** live feed: poll now (the badge's retry button) */
  feedPollNow(): void;
  /** CSS-pixel position in the canvas of a lon/lat point at a height (m, default 0); null when off-screen */
  canvasPositionOfLonLat(lon: number, lat: number, height?: number): { x: number; y: number } | null;
  /** area query: ids of the last result (gid order), null when there is none */
  queryResultIds(): string[] | null;
  /** area query: 'idle' | 'running' | 'done' | 'error' */
  queryPhase(): string;
  /** area query: the area last sent to the engine (a GeoJSON Feature, or an uploaded text) and its CRS ("" = lon/lat) */
  queryArea(): { area: unknown; crs: string } | null;
  /**
   * area query: the typed/uploaded area drawn on the map (polygons, rings incl. holes), after the camera's flight to it
   * has ended; null when none is drawn
   */
  queryShownArea(): Promise<{ polygons: number; rings: number } | null>;
  /** the camera: position (degrees, metres above the ellipsoid) and heading/pitch (degrees) */
  cameraPose(): { lon: number; lat: number; height: number; heading: number; pitch: number } | null;
  /** extra 3D Tiles layers: the feature of a shown layer at a CSS-pixel canvas position (an asset there or not) */
  extraFeatureAt(x: number, y: number): PickedFeature | null;
  /** screen mode, admin units, tours, the URL view (src/app/screen.ts sets it once the map exists) */
  screen?: ScreenHooks;
  /** network trace: 'idle' | 'running' | 'done' | 'error' */
  tracePhase(): string;
  /** network trace: the last result as the engine gave it (isolation, trace, catchment, section), null when none */
  traceResult(): NetworkResult | null;
  /** network trace: the problem shown, in the current language (null when none) */
  traceProblem(): string | null;
  /** network trace: gids highlighted on the pipes and the markers drawn (gid, class, number) */
  traceShown(): { highlighted: number; markers: { gid: number; cls: string; label: string | null }[] };
  /** network trace: the pipe shader's highlight byte of an asset (0 none, 1 plain, 2+ a trace class; −1 unknown id) */
  highlightOf(id: string): number;
  /** reviews (issue 14): riverbank review of a project id by a distance in metres (resolves with the result, null on failure) */
  reviewProject(id: string, distanceM: number): Promise<RiverbankResult | null>;
  /** reviews: excavation check of a pit ring (lon/lat) with the panel's depth, slope and safety */
  excavationCheck(ring: [number, number][]): Promise<ExcavationResult | null>;
  /** reviews: the last result shown, null when none */
  reviewResult(): ExcavationResult | RiverbankResult | null;
  /** reviews: the report alone on the page as for print (true; the map picture taken again) or back (false), without the print dialog: the report's map picture (data: URL, '' when none) and whether it has the section drawing; null when no report */
  reviewPrintView(on: boolean): Promise<{ picture: string; section: boolean } | null>;
  /** clearance check (issue 14): over the area query's area, the whole network or a given area (GeoJSON); resolves with the result (null: failed or superseded) */
  clearanceCheck(scope: 'area' | 'all' | { area: unknown; crs?: string }, chunk?: number): Promise<CheckResult | null>;
  /** clearance check: the rows listed in the panel, the markers drawn */
  clearanceShown(): { rows: number; markers: number };
  /** drawings (issue 14): the profile from a drainage pipe or node to its outfall, shown in the drawing panel (its pipe ids in order; null when none) */
  drawProfile(id: string): Promise<string[] | null>;
  /** drawings: the cross-section square to a pipe at its middle, shown in the drawing panel (the crossed pipe ids by offset; null when none) */
  drawSection(id: string): Promise<string[] | null>;
  /** drawings: the blob URL of the drawing shown, null when none */
  drawingUrl(): string | null;
  /** drawings: the cross-section along a section line A → B (lon/lat), as drawn with two clicks (crossed pipe ids by offset; null when none) */
  drawSectionLine(a: [number, number], b: [number, number]): Promise<string[] | null>;
  /** drawings: "Draw section line" pressed (the next two map clicks place A and B) */
  startSectionLine(): void;
  /** drawings: the long profile between two assets (nodes or pipes) of one network (its pipe ids in order; null when none) */
  drawProfileBetween(a: string, b: string): Promise<string[] | null>;
  /** drawings: the SVG document of the drawing shown, null when none */
  drawingSvg(): string | null;
  /** drawings: the panel's heading, status and note in words (empty / null when the panel is hidden) */
  drawingText(): { heading: string; status: string | null; note: string | null };
  /** drawings: the 3D hover marker (lon/lat/height and its CSS-pixel canvas position), null when hidden */
  drawingMarker(): { lon: number; lat: number; height: number; canvas: { x: number; y: number } | null } | null;
  /** drawings: the drawing as a 2× PNG: its size in pixels and bytes, null when none is shown */
  drawingPng(): Promise<{ width: number; height: number; bytes: number; type: string } | null>;
  /** shared state (issue 12): 'none' without an operations server, else 'connecting' | 'online' | 'offline' */
  opsLink(): string;
  /** shared state: the logged-in user's name, null when nobody is */
  opsUser(): string | null;
  /** shared state: the incidents the viewer holds (id, stage, version), newest first */
  opsIncidents(): { id: number; stage: string; version: number }[];
}

/** Mounting and disposing the whole app in the same page (tests/e2e/lifecycle.test.ts). */
export interface LifecycleHooks {
  /** boots a new app into the root (after unmount); resolves when it is ready */
  mount(): Promise<void>;
  /** disposes the running app; resolves when it is gone */
  unmount(): Promise<void>;
  mounted(): boolean;
  /**
   * The parts of apps disposed so far that are still reachable ("#2 map view"), read through weak references: none
   * after a garbage collection when dispose() released everything. Apps are numbered from 1 in mount order.
   */
  retainedDisposedApps(): string[];
}

declare global {
  interface Window {
    __twin?: TwinHooks;
    __twinLifecycle?: LifecycleHooks;
  }
}

export interface HookedParts {
  feed?: FeedApp;
  ops?: OpsApp;
  /** the area query's controller, once the map exists */
  query(): QueryController | null;
  /** extra 3D Tiles layers: the feature at a canvas position (app/extraLayers.ts) */
  extraFeatureAt?(x: number, y: number): PickedFeature | null;
  /** the network trace's controller, once the map exists */
  trace?(): TraceController | null;
  /** the reviews' controller, once the map exists */
  review?(): ReviewController | null;
  /** the clearance check's controller, once the map exists */
  clearance?(): ClearanceController | null;
  /** the drawings' controller, once the map exists */
  drawings?(): DrawingsController | null;
}

export function installTestHooks(ctx: AppContext, ready: Promise<void>, parts: HookedParts): TwinHooks {
  const feed = parts.feed;
  const queryController = parts.query;
  const hooks: TwinHooks = {
    ready,
    tilesLoaded: () => ctx.tilesLoaded(),
    whenIdle: () => ctx.whenIdle(),
    canvasPositionOf: (id) => ctx.canvasPositionOf(id),
    flyToAsset: (id) => ctx.flyToAsset(id),
    homeView: () => ctx.flyHome(),
    selectedId: () => ctx.store.get().selection?.id ?? null,
    pickedIdAt: (x, y) => {
      const picked = ctx.view ? pickAsset(ctx.view.scene, x, y) : null;
      if (!picked) return null;
      return picked.id ?? (picked.gid !== null ? (ctx.catalog?.idOf(picked.gid) ?? null) : null);
    },
    setStatuses: (gids, codes) => {
      ctx.style?.setStatuses(gids, codes);
    },
    drawnTiles: () => {
      // Cesium's list of the tiles it selected for the last frame (private, read only here)
      const selected = (ctx.tileset as unknown as { _selectedTiles?: { children: unknown[] }[] } | null)?._selectedTiles ?? [];
      const leaves = selected.filter((t) => t.children.length === 0).length;
      return { leaves, coarse: selected.length - leaves };
    },
    mapSamples: () => ctx.view?.scene.msaaSamples ?? 0,
    setColorMode: (mode) => ctx.store.set({ colorMode: mode }),
    errors: () => {
      const s = ctx.store.get();
      return s.messages.map((m) => renderMessage(s.lang, m));
    },
    statusOf: (id) => {
      const gid = ctx.catalog?.gidOf(id) ?? null;
      return gid === null || !ctx.style ? -1 : ctx.style.statusOf(gid);
    },
    feedStatusOf: (id) => feed?.statusOf(id) ?? 0,
    feedHealth: () => feed?.health() ?? null,
    alarmRows: () => (feed?.alarms() ?? []).map((r) => ({ id: r.id, code: r.code, acked: r.acked })),
    feedPollNow: () => feed?.client?.pollNow(),
    canvasPositionOfLonLat: (lon, lat, height = 0) => (ctx.view ? canvasPositionOfLonLat(ctx.view.scene, lon, lat, height) : null),
    queryResultIds: () => queryController()?.resultIds() ?? null,
    queryPhase: () => queryController()?.store.get().phase ?? 'idle',
    queryArea: () => queryController()?.areaInput() ?? null,
    queryShownArea: async () => (await queryController()?.shownArea()) ?? null,
    cameraPose: () => ctx.view?.pose() ?? null,
    extraFeatureAt: (x, y) => parts.extraFeatureAt?.(x, y) ?? null,
    tracePhase: () => parts.trace?.()?.store.get().phase ?? 'idle',
    traceResult: () => parts.trace?.()?.store.get().result ?? null,
    traceProblem: () => {
      const p = parts.trace?.()?.store.get().problem;
      return p ? traceProblemText(ctx.store.get().lang, p) : null;
    },
    traceShown: () => parts.trace?.()?.shown() ?? { highlighted: 0, markers: [] },
    reviewProject: async (id, d) => (await parts.review?.()?.review(id, d)) ?? null,
    excavationCheck: async (ring) => (await parts.review?.()?.checkPit(ring)) ?? null,
    reviewResult: () => parts.review?.()?.result() ?? null,
    reviewPrintView: async (on) => (await parts.review?.()?.printView(on)) ?? null,
    clearanceCheck: async (scope, chunk) => (await parts.clearance?.()?.run(scope, chunk)) ?? null,
    clearanceShown: () => ({
      rows: document.querySelectorAll('[data-testid="clearance-row"]').length,
      markers: parts.clearance?.()?.markerCount() ?? 0,
    }),
    drawProfile: async (id) => {
      const d = parts.drawings?.();
      const r = d ? await ctx.catalog?.recordById(id) : null;
      const p = d && r ? await d.profileToOutfall(r) : null;
      return p ? p.segments.map((s) => s.id) : null;
    },
    drawSection: async (id) => {
      const d = parts.drawings?.();
      const r = d ? await ctx.catalog?.recordById(id) : null;
      const s = d && r?.kind === 'segment' ? await d.sectionAcross(r) : null;
      return s ? s.pipes.map((p) => p.id) : null;
    },
    drawingUrl: () => parts.drawings?.()?.panel?.url ?? null,
    drawSectionLine: async (a, b) => (await parts.drawings?.()?.sectionAlong(a, b))?.pipes.map((p) => p.id) ?? null,
    startSectionLine: () => parts.drawings?.()?.startSectionLine(),
    drawProfileBetween: async (a, b) => {
      const d = parts.drawings?.();
      const [ra, rb] = d ? await Promise.all([ctx.catalog?.recordById(a), ctx.catalog?.recordById(b)]) : [null, null];
      const p = d && ra && rb ? await d.profileBetween(ra, rb) : null;
      return p ? p.segments.map((s) => s.id) : null;
    },
    drawingText: () => {
      const root = parts.drawings?.()?.panel?.root;
      if (!root || root.hidden) return { heading: '', status: null, note: null };
      const text = (id: string): string | null => root?.querySelector(`[data-testid="${id}"]`)?.textContent ?? null;
      return { heading: text('drawing-heading') ?? '', status: text('drawing-status'), note: text('drawing-note') };
    },
    drawingMarker: () => parts.drawings?.()?.hovered() ?? null,
    drawingSvg: () => parts.drawings?.()?.panel?.svgText() ?? null,
    drawingPng: async () => {
      const blob = await parts.drawings?.()?.panel?.png(2);
      if (!blob) return null;
      const bmp = await createImageBitmap(blob);
      const out = { width: bmp.width, height: bmp.height, bytes: blob.size, type: blob.type };
      bmp.close();
      return out;
    },
    highlightOf: (id) => {
      const gid = ctx.catalog?.gidOf(id) ?? null;
      return gid === null || !ctx.style ? -1 : ctx.style.highlightOf(gid);
    },
    opsLink: () => parts.ops?.controller?.state.get().link ?? 'none',
    opsUser: () => parts.ops?.controller?.state.get().session?.user?.name ?? null,
    opsIncidents: () => (parts.ops?.controller?.state.get().incidents ?? []).map((i) => ({ id: i.id, stage: i.stage, version: i.version })),
  };
  window.__twin = hooks;
  return hooks;
}

/** window.__twinLifecycle: unmount and mount the app in the same page, starting from the app main.ts booted. */
export function installLifecycleHooks(start: () => TwinApp, first: TwinApp): LifecycleHooks {
  let app: TwinApp | null = first;
  /** weak references to the parts of every disposed app */
  const disposed: { name: string; ref: WeakRef<object> }[] = [];
  let count = 1;
  const unmount = async (): Promise<void> => {
    const a = app;
    app = null;
    if (!a) return;
    const view = a.context.view;
    await a.dispose();
    const n = count;
    disposed.push({ name: `#${n} context`, ref: new WeakRef(a.context) });
    if (view) disposed.push({ name: `#${n} map view`, ref: new WeakRef(view) }, { name: `#${n} widget`, ref: new WeakRef(view.widget) });
  };
  const hooks: LifecycleHooks = {
    async mount() {
      await unmount();
      app = start();
      count++;
      await app.ready;
    },
    unmount,
    mounted: () => app !== null,
    retainedDisposedApps: () => disposed.filter((d) => d.ref.deref() !== undefined).map((d) => d.name),
  };
  window.__twinLifecycle = hooks;
  return hooks;
}
