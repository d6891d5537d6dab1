/**
 * The life of a live-feed panel (alarm list, feed badge, KPI strip): it takes the feed's latest data through
 * `update` and draws it then and whenever the language changes; `dispose` removes it with its listeners.
 */
import type { AppStore } from './state';

export interface LivePanel<T> {
  update(next: T): void;
  /** removes the panel and its listeners */
  dispose(): void;
}

/**
 * Wires a mounted panel: `take` keeps the new data, `render` draws what is kept (in the store's language);
 * `release` are the panel's own listeners, removed on dispose before the root leaves the page.
 */
export function livePanel<T>(
  root: HTMLElement,
  store: AppStore,
  take: (next: T) => void,
  render: () => void,
  release: readonly (() => void)[] = [],
): LivePanel<T> {
  const offLang = store.watch((s) => s.lang, render);
  return {
    update(next) {
      take(next);
      render();
    },
    dispose() {
      offLang();
      for (const off of release) off();
      root.remove();
    },
  };
}
