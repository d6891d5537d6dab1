/**
 * The UI state the panels render from, and the small helpers that change it. The app wires changes to the viewer
 * (src/app/boot.ts); panels only read state and call these setters.
 */
import { CATEGORY_CODES } from '../domain/categories';
import type { CategoryCode } from '../domain/schema';
import { OVERLAY_NAMES, type OverlayName } from '../layers/types';
import type { ColorMode } from '../domain/colorMode';
import type { Lang, Message } from './i18n';
import { Store } from './store';

export type { ColorMode };

export interface ShownMessage extends Message {
  /** increasing number, stable across re-renders */
  seq: number;
  level: 'error' | 'warning';
  dismissed: boolean;
}

export interface Selection {
  gid: number | null;
  id: string | null;
}

export interface TilesState {
  /** a tileset is configured and loaded */
  present: boolean;
  pending: number;
  loaded: boolean;
  /** tiles whose content failed to load: the network is incomplete (their area is named in a message) */
  failed?: number;
}

export interface AppState {
  lang: Lang;
  colorMode: ColorMode;
  categoryVisible: Readonly<Record<CategoryCode, boolean>>;
  overlayVisible: Readonly<Record<OverlayName, boolean>>;
  underground: boolean;
  /** ground opacity in underground mode, 0…1 */
  groundAlpha: number;
  selection: Selection | null;
  tiles: TilesState;
  /** camera height above the ellipsoid, metres */
  cameraHeight: number;
  messages: readonly ShownMessage[];
}

export const DEFAULT_GROUND_ALPHA = 0.35;

export function initialState(lang: Lang): AppState {
  return {
    lang,
    colorMode: 'category',
    categoryVisible: Object.fromEntries(CATEGORY_CODES.map((c) => [c, true])) as Record<CategoryCode, boolean>,
    overlayVisible: Object.fromEntries(OVERLAY_NAMES.map((n) => [n, true])) as Record<OverlayName, boolean>,
    underground: false,
    groundAlpha: DEFAULT_GROUND_ALPHA,
    selection: null,
    tiles: { present: false, pending: 0, loaded: false },
    cameraHeight: 0,
    messages: [],
  };
}

export type AppStore = Store<AppState>;

export function createStore(lang: Lang): AppStore {
  return new Store(initialState(lang));
}

export function pushMessage(store: AppStore, m: Message, level: ShownMessage['level'] = 'error'): void {
  const s = store.get();
  const seq = (s.messages[s.messages.length - 1]?.seq ?? 0) + 1; // per store: no module-level counter
  store.set({ messages: [...s.messages, { ...m, level, seq, dismissed: false }] });
}

export function dismissMessage(store: AppStore, messageSeq: number): void {
  store.set({ messages: store.get().messages.map((m) => (m.seq === messageSeq ? { ...m, dismissed: true } : m)) });
}

export function setCategoryVisible(store: AppStore, code: CategoryCode, visible: boolean): void {
  store.set({ categoryVisible: { ...store.get().categoryVisible, [code]: visible } });
}

export function setOverlayVisible(store: AppStore, name: OverlayName, visible: boolean): void {
  store.set({ overlayVisible: { ...store.get().overlayVisible, [name]: visible } });
}
