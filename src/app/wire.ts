/**
 * Wiring between the UI state (store) and the viewer: colour mode, category visibility and selection drive the pipe
 * shader's uniforms; overlay toggles, language and underground mode drive the layers and the globe; clicks and Esc
 * drive the selection.
 */
import { Cartographic, ScreenSpaceEventHandler, ScreenSpaceEventType, type CesiumWidget } from '@cesium/engine';
import { CATEGORY_CODES } from '../domain/categories';
import { OVERLAY_NAMES } from '../layers/types';
import type { Selection } from '../ui/state';
import { pickAsset } from '../viewer/picking';
import { Underground } from '../viewer/underground';
import type { AppContext } from './context';
import { queryController } from './query';

/** Applies the whole style-related state to the pipe shader (after the style is created). */
export function syncStyle(ctx: AppContext): void {
  const style = ctx.style;
  if (!style) return;
  const s = ctx.store.get();
  style.setMode(s.colorMode);
  for (const code of CATEGORY_CODES) style.setCategoryVisible(code, s.categoryVisible[code]);
  style.select(s.selection?.gid ?? null);
}

export function wireViewer(ctx: AppContext, widget: CesiumWidget): void {
  const store = ctx.store;
  const scene = widget.scene;

  store.watch((s) => s.colorMode, (mode) => ctx.style?.setMode(mode));
  store.watch(
    (s) => s.categoryVisible,
    (visible, prev) => {
      for (const code of CATEGORY_CODES) if (visible[code] !== prev?.[code]) ctx.style?.setCategoryVisible(code, visible[code]);
    },
  );
  store.watch((s) => s.selection, (sel) => ctx.style?.select(sel?.gid ?? null));

  store.watch(
    (s) => s.overlayVisible,
    (visible) => {
      for (const name of OVERLAY_NAMES) ctx.layers.get(name)?.setVisible(visible[name]);
      scene.requestRender();
    },
  );
  store.watch(
    (s) => s.lang,
    () => {
      for (const layer of ctx.layers.values()) layer.refreshLabels();
      ctx.settleOverlays();
    },
  );

  const underground = new Underground(scene);
  store.watch((s) => s.groundAlpha, (a) => underground.setOpacity(a));
  store.watch((s) => s.underground, (on) => underground.setEnabled(on));

  const updateHeight = (): void => {
    const c = Cartographic.fromCartesian(scene.camera.positionWC);
    if (c) store.set({ cameraHeight: c.height });
  };
  scene.camera.percentageChanged = 0.02;
  scene.camera.changed.addEventListener(updateHeight);
  scene.camera.moveEnd.addEventListener(updateHeight);
  updateHeight();
}

function completeSelection(ctx: AppContext, picked: Selection): Selection {
  const catalog = ctx.catalog;
  if (!catalog) return picked;
  const gid = picked.gid ?? (picked.id !== null ? catalog.gidOf(picked.id) : null);
  const id = picked.id ?? (gid !== null ? catalog.idOf(gid) : null);
  return { gid, id };
}

export function wireInteraction(ctx: AppContext, widget: CesiumWidget): void {
  const store = ctx.store;
  const handler = new ScreenSpaceEventHandler(widget.scene.canvas);
  handler.setInputAction((e: ScreenSpaceEventHandler.PositionedEvent) => {
    if (queryController()?.drawing()) return; // the click places a vertex of the area being drawn
    const picked = pickAsset(widget.scene, e.position.x, e.position.y);
    store.set({ selection: picked ? completeSelection(ctx, picked) : null });
  }, ScreenSpaceEventType.LEFT_CLICK);

  window.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && store.get().selection) store.set({ selection: null });
  });
}
