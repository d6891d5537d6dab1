/**
 * The view in the URL hash (format: src/domain/viewState.ts): restored once at start, then kept up to date with
 * history.replaceState (no history entries) whenever the camera stops or the view's state changes, so the address bar
 * is always a link to what is on screen. Only the view goes in: camera, hidden layers, colour mode, underground,
 * the selected asset's id, a drawn area, screen mode and the unit drilled into — never data or configuration.
 * What a link holds that this version cannot use is named in a warning and ignored.
 */
import { CATEGORY_CODES } from '../domain/categories';
import type { CategoryCode } from '../domain/schema';
import { decodeViewState, encodeViewState, type ViewState } from '../domain/viewState';
import { OVERLAY_NAMES, type OverlayName } from '../layers/types';
import type { MapView } from '../viewer/widget';
import type { AppContext } from './context';
import type { QueryController } from './query';

/** What the screen part tells the URL and takes from it. */
export interface ScreenLink {
  active(): boolean;
  unit(): string | null;
}

/** The drawn (or typed) lon/lat area of the query, as one ring without the closing vertex; null when none. */
function drawnRing(query: QueryController): [number, number][] | null {
  const input = query.areaInput();
  if (!input || input.crs !== '' || typeof input.area !== 'object' || input.area === null) return null;
  const g = (input.area as { geometry?: { type?: string; coordinates?: unknown } }).geometry;
  if (g?.type !== 'Polygon' || !Array.isArray(g.coordinates)) return null;
  const ring = (g.coordinates as number[][][])[0];
  if (!Array.isArray(ring) || ring.length < 4) return null;
  const open = ring.slice(0, -1).map((p) => [p[0], p[1]] as [number, number]);
  return open.every((p) => Number.isFinite(p[0]) && Number.isFinite(p[1])) ? open : null;
}

/** The view now. */
export function currentViewState(ctx: AppContext, view: MapView, query: QueryController, screen: ScreenLink): ViewState {
  const s = ctx.store.get();
  const state: ViewState = { camera: view.pose() };
  if (s.colorMode === 'status') state.colorMode = 'status';
  if (s.underground) state.underground = true;
  const hc = CATEGORY_CODES.filter((c) => !s.categoryVisible[c]);
  if (hc.length) state.hiddenCategories = [...hc];
  const ho = OVERLAY_NAMES.filter((n) => !s.overlayVisible[n]);
  if (ho.length) state.hiddenOverlays = [...ho];
  if (s.selection?.id) state.selection = s.selection.id;
  const ring = drawnRing(query);
  if (ring) state.area = ring;
  if (screen.active()) state.screen = true;
  const unit = screen.unit();
  if (unit) state.unit = unit;
  return state;
}

/**
 * Reads the hash and applies what the store and camera hold now; returns the state for the parts that come later
 * (selection after the catalog, area through the query, screen mode and unit through the screen part).
 */
export function restoreFromHash(ctx: AppContext, view: MapView, hash: string): ViewState {
  if (!hash || hash === '#') return {};
  const { state, problems } = decodeViewState(hash);
  const ignored = problems.map((p) => p.key);
  const s = ctx.store.get();
  const patch: Partial<ReturnType<typeof ctx.store.get>> = {};
  if (state.camera) view.setView(state.camera);
  if (state.colorMode) patch.colorMode = state.colorMode;
  if (state.underground) patch.underground = true;
  if (state.hiddenCategories) {
    const known = state.hiddenCategories.filter((c): c is CategoryCode => (CATEGORY_CODES as readonly string[]).includes(c));
    ignored.push(...state.hiddenCategories.filter((c) => !known.includes(c as CategoryCode)).map((c) => `hc:${c}`));
    patch.categoryVisible = { ...s.categoryVisible, ...Object.fromEntries(known.map((c) => [c, false])) };
  }
  if (state.hiddenOverlays) {
    const known = state.hiddenOverlays.filter((n): n is OverlayName => (OVERLAY_NAMES as readonly string[]).includes(n));
    ignored.push(...state.hiddenOverlays.filter((n) => !known.includes(n as OverlayName)).map((n) => `ho:${n}`));
    patch.overlayVisible = { ...s.overlayVisible, ...Object.fromEntries(known.map((n) => [n, false])) };
  }
  ctx.store.set(patch);
  if (ignored.length) ctx.warn('share.ignored', { keys: ignored.join(', ') });
  if (state.selection) {
    const id = state.selection;
    // the selection needs the asset catalog (the style exists once it has loaded)
    void ctx.whenStyle().then(() => {
      if (ctx.disposed) return;
      const gid = ctx.catalog?.gidOf(id) ?? null;
      ctx.store.set({ selection: { gid, id } });
    });
  }
  return state;
}

/** Keeps the hash equal to the view (debounced); returns the dispose function. */
export function watchViewState(ctx: AppContext, view: MapView, query: QueryController, screen: ScreenLink): { dispose(): void; writeNow(): string } {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const writeNow = (): string => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (ctx.disposed || view.isDestroyed()) return location.hash.slice(1);
    const hash = encodeViewState(currentViewState(ctx, view, query, screen));
    if (location.hash.slice(1) !== hash) history.replaceState(history.state, '', `${location.pathname}${location.search}#${hash}`);
    return hash;
  };
  const later = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(writeNow, 400);
  };
  const offs = [
    view.onCameraChange(later),
    ctx.store.subscribe(later),
    query.store.subscribe(later),
  ];
  return {
    writeNow,
    dispose() {
      if (timer) clearTimeout(timer);
      for (const off of offs) off();
    },
  };
}
