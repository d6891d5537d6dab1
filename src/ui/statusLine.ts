/** The status line at the bottom: tile loading progress and camera height. */
import { el } from './dom';
import { translate } from './i18n';
import { metres } from './format';
import type { AppState, AppStore } from './state';

export interface StatusLine {
  /** where the map's credits go */
  credits: HTMLElement;
  dispose(): void;
}

export function mountStatusLine(parent: HTMLElement, store: AppStore): StatusLine {
  const tiles = el('span', { className: 'status-tiles', testId: 'status-tiles' });
  const camera = el('span', { className: 'status-camera' });
  const credits = el('div', { className: 'credits' });
  const footer = el('footer', { className: 'statusline' }, [tiles, camera, credits]);
  parent.appendChild(footer);
  const render = (s: AppState): void => {
    const t = s.tiles;
    tiles.classList.toggle('busy', t.present && !t.loaded);
    tiles.classList.toggle('incomplete', t.present && !!t.failed);
    tiles.textContent = !t.present
      ? translate(s.lang, 'tiles.none')
      : t.failed
        ? translate(s.lang, t.loaded ? 'tiles.incomplete' : 'tiles.loadingIncomplete', { n: t.pending, failed: t.failed })
        : t.loaded
          ? translate(s.lang, 'tiles.loaded')
          : translate(s.lang, 'tiles.loading', { n: t.pending });
    const h = s.cameraHeight;
    camera.textContent = translate(s.lang, 'statusLine.camera', {
      h: Math.abs(h) >= 10_000 ? translate(s.lang, 'unit.km', { v: (h / 1000).toFixed(1) }) : metres(Math.round(h), s.lang),
    });
  };
  render(store.get());
  const off = store.subscribe(render);
  return {
    credits,
    dispose() {
      off();
      footer.remove();
    },
  };
}
