/**
 * The top bar: title, underground mode (toggle + ground-opacity slider), language toggle. A free slot in the middle
 * (`.topbar-slot`) is left for later widgets (KPI strip, feed badge).
 */
import { el } from './dom';
import { otherLang, translate, type Lang } from './i18n';
import type { AppState, AppStore } from './state';

export interface TopBar {
  /** where later widgets (KPIs, feed badge) mount */
  slot: HTMLElement;
  /** stops rendering, removes the bar */
  dispose(): void;
}

export interface TopBarHandlers {
  onLanguage(lang: Lang): void;
  /** "Home view": back to the starting view */
  onHome(): void;
}

export function mountTopBar(parent: HTMLElement, store: AppStore, handlers: TopBarHandlers): TopBar {
  const title = el('h1', { className: 'app-title' });
  const subtitle = el('span', { className: 'app-subtitle' });
  const slot = el('div', { className: 'topbar-slot' });

  const undergroundButton = el('button', {
    className: 'toggle',
    testId: 'underground-toggle',
    attrs: { type: 'button', 'aria-pressed': 'false' },
  });
  undergroundButton.addEventListener('click', () => store.set({ underground: !store.get().underground }));

  const slider = el('input', {
    testId: 'underground-opacity',
    attrs: { type: 'range', min: '0', max: '100', step: '5' },
  });
  slider.addEventListener('input', () => store.set({ groundAlpha: Number(slider.value) / 100 }));
  const sliderLabel = el('span', { className: 'slider-label' });
  const sliderBox = el('label', { className: 'slider-box' }, [sliderLabel, slider]);

  const homeButton = el('button', { className: 'lang-toggle home-view', testId: 'home-view', attrs: { type: 'button' } });
  homeButton.addEventListener('click', () => handlers.onHome());

  const langButton = el('button', { className: 'lang-toggle', testId: 'language-toggle', attrs: { type: 'button' } });
  langButton.addEventListener('click', () => handlers.onLanguage(otherLang(store.get().lang)));

  const header = el('header', { className: 'topbar' }, [
      el('div', { className: 'brand' }, [title, subtitle]),
      slot,
      el('div', { className: 'topbar-tools' }, [homeButton, undergroundButton, sliderBox, langButton]),
  ]);
  parent.appendChild(header);

  const render = (s: AppState): void => {
    const t = (k: Parameters<typeof translate>[1]): string => translate(s.lang, k);
    title.textContent = t('app.title');
    subtitle.textContent = t('app.subtitle');
    document.title = t('app.title');
    document.documentElement.lang = s.lang;
    undergroundButton.textContent = t('underground.toggle');
    undergroundButton.title = t('underground.toggleTitle');
    undergroundButton.setAttribute('aria-pressed', String(s.underground));
    undergroundButton.classList.toggle('active', s.underground);
    sliderBox.hidden = !s.underground;
    sliderLabel.textContent = t('underground.opacity');
    slider.setAttribute('aria-label', t('underground.opacity'));
    const v = String(Math.round(s.groundAlpha * 100));
    if (slider.value !== v) slider.value = v;
    homeButton.textContent = t('view.home');
    homeButton.title = t('view.homeTitle');
    langButton.textContent = t('lang.toggle');
    langButton.title = t('lang.toggleTitle');
  };
  render(store.get());
  const off = store.subscribe(render);
  return {
    slot,
    dispose() {
      off();
      header.remove();
    },
  };
}
