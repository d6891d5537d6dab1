/**
 * Wiring between the UI state (store) and the viewer: colour mode, category visibility and selection drive the pipe
 * shader's uniforms; overlay toggles, language and underground mode drive the layers and the globe; map clicks, the
 * map's Enter/Space and Esc drive the selection. Each wire returns its dispose function.
 */
import { CATEGORY_CODES } from '../domain/categories';
import { OVERLAY_NAMES } from '../layers/types';
import { translate } from '../ui/i18n';
import type { Selection } from '../ui/state';
import type { CanvasInput } from '../viewer/input';
import { Underground } from '../viewer/underground';
import type { MapView } from '../viewer/widget';
import type { AppContext } from './context';

/** Applies the whole style-related state to the pipe shader (after the style is created). */
export function syncStyle(ctx: AppContext): void {
  const style = ctx.style;
  if (!style) return;
  const s = ctx.store.get();
  style.setMode(s.colorMode);
  for (const code of CATEGORY_CODES) style.setCategoryVisible(code, s.categoryVisible[code]);
  style.select(s.selection?.gid ?? null);
}

export function wireViewer(ctx: AppContext, view: MapView): () => void {
  const store = ctx.store;
  const offs: (() => void)[] = [];

  offs.push(store.watch((s) => s.colorMode, (mode) => ctx.style?.setMode(mode)));
  offs.push(
    store.watch(
      (s) => s.categoryVisible,
      (visible, prev) => {
        for (const code of CATEGORY_CODES) if (visible[code] !== prev?.[code]) ctx.style?.setCategoryVisible(code, visible[code]);
      },
    ),
  );
  offs.push(store.watch((s) => s.selection, (sel) => ctx.style?.select(sel?.gid ?? null)));
  offs.push(
    store.watch(
      (s) => s.overlayVisible,
      (visible) => {
        for (const name of OVERLAY_NAMES) ctx.layers.get(name)?.setVisible(visible[name]);
        view.requestRender();
      },
    ),
  );
  offs.push(
    store.watch(
      (s) => s.lang,
      () => {
        for (const layer of ctx.layers.values()) layer.refreshLabels();
        ctx.settleOverlays();
      },
    ),
  );

  const underground = new Underground(view.scene);
  offs.push(store.watch((s) => s.groundAlpha, (a) => underground.setOpacity(a)));
  offs.push(store.watch((s) => s.underground, (on) => underground.setEnabled(on)));

  const updateHeight = (): void => store.set({ cameraHeight: view.cameraHeight() });
  offs.push(view.onCameraChange(updateHeight));
  updateHeight();
  return () => {
    for (const off of offs) off();
  };
}

function completeSelection(ctx: AppContext, picked: Selection): Selection {
  const catalog = ctx.catalog;
  if (!catalog) return picked;
  const gid = picked.gid ?? (picked.id !== null ? catalog.gidOf(picked.id) : null);
  const id = picked.id ?? (gid !== null ? catalog.idOf(gid) : null);
  return { gid, id };
}

/**
 * Clicks (and the map's Enter/Space) select the asset under them, unless a map tool is drawing (the click places its
 * point: CanvasInput.toolActive); Esc clears the selection. The map's accessible name follows the language.
 */
export function wireSelection(ctx: AppContext, input: CanvasInput): () => void {
  const store = ctx.store;
  const offClick = input.on('click', (e) => {
    if (input.toolActive()) return;
    const picked = e.asset();
    store.set({ selection: picked ? completeSelection(ctx, picked) : null });
  });
  const offKey = input.onKey((k) => {
    if (k.key !== 'Escape' || !store.get().selection) return false;
    store.set({ selection: null });
    return true;
  }, 10);
  const offLang = store.watch((s) => s.lang, (lang) => input.setLabel(translate(lang, 'map.label')));
  return () => {
    offClick();
    offKey();
    offLang();
  };
}
