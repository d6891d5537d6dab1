/**
 * window.__twin: the hooks the end-to-end suite drives the app through (they only read state or call the same
 * actions the UI uses, so they may stay in production). All of them live here.
 */
import { renderMessage } from '../ui/i18n';
import type { AppContext } from './context';

export interface TwinHooks {
  /** config loaded, widget built, tileset and overlays loaded (or failed with a message on screen) */
  ready: Promise<void>;
  tilesLoaded(): boolean;
  /** tiles in view loaded and a frame rendered after that */
  whenIdle(): Promise<void>;
  /** CSS-pixel position in the canvas of an asset's middle at its render height; null when off-screen/behind */
  canvasPositionOf(id: string): Promise<{ x: number; y: number } | null>;
  flyToAsset(id: string): Promise<void>;
  selectedId(): string | null;
  setStatuses(gids: number[], codes: number[]): void;
  setColorMode(mode: 'category' | 'status'): void;
  /** user-visible error and warning messages shown so far, in the current language */
  errors(): string[];
}

declare global {
  interface Window {
    __twin?: TwinHooks;
  }
}

export function installTestHooks(ctx: AppContext, ready: Promise<void>): TwinHooks {
  const hooks: TwinHooks = {
    ready,
    tilesLoaded: () => ctx.tilesLoaded(),
    whenIdle: () => ctx.whenIdle(),
    canvasPositionOf: (id) => ctx.canvasPositionOf(id),
    flyToAsset: (id) => ctx.flyToAsset(id),
    selectedId: () => ctx.store.get().selection?.id ?? null,
    setStatuses: (gids, codes) => {
      ctx.style?.setStatuses(gids, codes);
    },
    setColorMode: (mode) => ctx.store.set({ colorMode: mode }),
    errors: () => {
      const s = ctx.store.get();
      return s.messages.map((m) => renderMessage(s.lang, m));
    },
  };
  window.__twin = hooks;
  return hooks;
}
