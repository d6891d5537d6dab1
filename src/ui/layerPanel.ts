/**
 * The layer panel and legend: one checkbox per CJJ 61 category with its display colour (and the standard colour where
 * the theme lifted it) and an "only" button (one click shows that category alone, a second click or "All" shows every
 * category again), the overlay toggles, the colour-mode switch with the status legend, and the extra 3D Tiles layers
 * of the config (shown, opacity; ui/extraLayers.ts).
 */
import { CATEGORIES, CATEGORY_CODES, cssColor } from '../domain/categories';
import type { CategoryCode } from '../domain/schema';
import { STATUSES } from '../domain/status';
import { OVERLAY_NAMES } from '../layers/types';
import { el, replaceChildren } from './dom';
import { extraLayerRows, type ExtraLayers } from './extraLayers';
import { localName, translate, type I18nKey } from './i18n';
import { setCategoryVisible, setOverlayVisible, type AppState, type AppStore } from './state';

export type CategoryVisibility = Readonly<Record<CategoryCode, boolean>>;

/** Every category visible. */
export function allCategories(): Record<CategoryCode, boolean> {
  return Object.fromEntries(CATEGORY_CODES.map((c) => [c, true])) as Record<CategoryCode, boolean>;
}

/** True when `code` is the one category visible. */
export function isOnly(visible: CategoryVisibility, code: CategoryCode): boolean {
  return CATEGORY_CODES.every((c) => visible[c] === (c === code));
}

/** "Only this": `code` alone; when it already is alone, every category again. */
export function onlyCategory(visible: CategoryVisibility, code: CategoryCode): Record<CategoryCode, boolean> {
  if (isOnly(visible, code)) return allCategories();
  return Object.fromEntries(CATEGORY_CODES.map((c) => [c, c === code])) as Record<CategoryCode, boolean>;
}

function sameColour(a: readonly number[], b: readonly number[]): boolean {
  return a.every((v, i) => v === b[i]);
}

function checkbox(checked: boolean, onChange: (v: boolean) => void, testId: string): HTMLInputElement {
  const input = el('input', { testId, attrs: { type: 'checkbox' } });
  input.checked = checked;
  input.addEventListener('change', () => onChange(input.checked));
  return input;
}

function render(root: HTMLElement, s: AppState, store: AppStore, extras?: ExtraLayers): void {
  const t = (key: I18nKey, params?: Record<string, string | number>): string => translate(s.lang, key, params);

  const categories = CATEGORIES.map((c) => {
    const lifted = !sameColour(c.display, c.standard);
    const name = localName(c, s.lang);
    const alone = isOnly(s.categoryVisible, c.code);
    const only = el('button', {
      className: alone ? 'layer-only active' : 'layer-only',
      text: t('layers.only'),
      title: alone ? t('layers.onlyUndo') : t('layers.onlyTitle', { name }),
      testId: `category-only-${c.code}`,
      attrs: { type: 'button', 'aria-pressed': String(alone) },
    });
    only.addEventListener('click', () => store.set({ categoryVisible: onlyCategory(store.get().categoryVisible, c.code) }));
    return el('div', { className: 'layer-row' }, [
      el('label', { className: 'layer-label' }, [
        checkbox(s.categoryVisible[c.code], (v) => setCategoryVisible(store, c.code, v), `category-${c.code}`),
        el('span', { className: 'swatch', style: { background: cssColor(c.display) } }),
        lifted
          ? el('span', {
              className: 'swatch swatch-standard',
              title: t('layers.standardColour', { colour: cssColor(c.standard) }),
              style: { background: cssColor(c.standard) },
            })
          : null,
        el('span', { className: 'layer-name', text: name }),
        el('span', { className: 'layer-code', text: c.code }),
      ]),
      only,
    ]);
  });
  const everyShown = CATEGORY_CODES.every((c) => s.categoryVisible[c]);
  const all = el('button', {
    className: 'layer-all',
    text: t('layers.all'),
    title: t('layers.allTitle'),
    testId: 'category-all',
    attrs: { type: 'button' },
  });
  all.disabled = everyShown;
  all.addEventListener('click', () => store.set({ categoryVisible: allCategories() }));

  const overlays = OVERLAY_NAMES.map((name) =>
    el('label', { className: 'layer-row' }, [
      checkbox(s.overlayVisible[name], (v) => setOverlayVisible(store, name, v), `overlay-${name}`),
      el('span', { className: `swatch overlay-swatch overlay-${name}` }),
      el('span', { className: 'layer-name', text: t(`overlay.${name}`) }),
    ]),
  );

  const modeButton = (mode: AppState['colorMode'], key: I18nKey): HTMLButtonElement => {
    const b = el('button', {
      className: s.colorMode === mode ? 'seg active' : 'seg',
      text: t(key),
      testId: `color-mode-${mode}`,
      attrs: { type: 'button', 'aria-pressed': String(s.colorMode === mode) },
    });
    b.addEventListener('click', () => store.set({ colorMode: mode }));
    return b;
  };

  const statusLegend = el(
    'div',
    { className: 'status-legend', testId: 'status-legend', attrs: s.colorMode === 'status' ? {} : { hidden: '' } },
    [
      ...STATUSES.map((st) =>
        // unmonitored pipes (status unknown) keep their category colour, dimmed (viewer/pipeShader.ts)
        st.key === 'unknown'
          ? el('span', { className: 'legend-item' }, [
              el('span', {
                className: 'swatch',
                style: { background: `linear-gradient(90deg, ${CATEGORIES.map((c) => `rgb(${c.display.map((v) => Math.round(v * 0.5)).join(', ')})`).join(', ')})` },
              }),
              el('span', { text: t('legend.unmonitored') }),
            ])
          : el('span', { className: 'legend-item' }, [
              el('span', { className: 'swatch', style: { background: cssColor(st.color) } }),
              el('span', { text: t(`status.${st.key}`) }),
            ]),
      ),
      el('p', { className: 'panel-note', text: t('legend.markers') }),
    ],
  );

  replaceChildren(root, [
    el('h2', { className: 'panel-title', text: t('layers.title') }),
    el('div', { className: 'panel-sub-row' }, [el('h3', { className: 'panel-sub', text: t('layers.categories') }), all]),
    el('div', { className: 'layer-list' }, categories),
    el('p', { className: 'panel-note', text: t('layers.liftedNote') }),
    el('h3', { className: 'panel-sub', text: t('colorMode.title') }),
    el('div', { className: 'segmented' }, [modeButton('category', 'colorMode.category'), modeButton('status', 'colorMode.status')]),
    statusLegend,
    el('h3', { className: 'panel-sub', text: t('layers.overlays') }),
    el('div', { className: 'layer-list' }, overlays),
    // extra 3D Tiles layers from the config (buildings, BIM): one row each
    ...(extras && extras.items().length
      ? [el('h3', { className: 'panel-sub', text: t('layers.extra') }), el('div', { className: 'layer-list', testId: 'extra-layers' }, extraLayerRows(extras, t))]
      : []),
  ]);
}

/** Mounts the panel; returns its dispose function (stops rendering, removes the panel). */
export function mountLayerPanel(parent: HTMLElement, store: AppStore, extras?: ExtraLayers): () => void {
  const root = el('section', { className: 'panel layer-panel', testId: 'layer-panel' });
  parent.appendChild(root);
  let last: AppState | null = null;
  const update = (s: AppState): void => {
    if (
      last &&
      last.lang === s.lang &&
      last.colorMode === s.colorMode &&
      last.categoryVisible === s.categoryVisible &&
      last.overlayVisible === s.overlayVisible
    ) {
      return;
    }
    last = s;
    // re-rendering replaces the inputs: keep keyboard focus on the control that had it
    const focused = root.contains(document.activeElement) ? (document.activeElement as HTMLElement).dataset.testid : undefined;
    render(root, s, store, extras);
    if (focused) root.querySelector<HTMLElement>(`[data-testid="${focused}"]`)?.focus();
  };
  update(store.get());
  const off = store.subscribe(update);
  const offExtras = extras?.onPanel(() => {
    last = null;
    update(store.get());
  });
  return () => {
    off();
    offExtras?.();
    root.remove();
  };
}
