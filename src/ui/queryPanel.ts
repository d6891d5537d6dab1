/**
 * The area-query panel: the draw toolbar, typed coordinates / GeoJSON upload, the query options (intersects or within,
 * categories, maximum depth), progress, the result totals (by category, material, diameter class, decade), a sortable
 * table (a row click shows that pipe) and the exports. Renders from the query state and the app language; every
 * string from data goes in as text.
 */
import type { QueryItem, QueryMode, TotalRow } from '../analysis';
import { CATEGORIES, category, cssColor, material as materialDef } from '../domain/categories';
import type { CategoryCode } from '../domain/schema';
import { coordInputView, type CoordInputHandlers } from './coordInput';
import { drawToolbarView, type DrawToolbarHandlers } from './drawToolbar';
import { el, replaceChildren } from './dom';
import { areaText, lengthIn, lengthText, lengthUnitFor, sizeText, trimNumber } from './format';
import { localName, translate, type I18nKey, type Lang, type Params } from './i18n';
import { nextSort, sortItems, type QueryProblem, type QueryStore, type QueryUiState, type SortKey } from './queryState';
import type { AppStore } from './state';

/** Rows drawn in the table (the export has all). */
export const TABLE_ROW_LIMIT = 300;

export interface QueryPanelHandlers extends DrawToolbarHandlers, CoordInputHandlers {
  onOptions(patch: Partial<Pick<QueryUiState, 'mode' | 'categories' | 'maxDepth'>>): void;
  onRow(item: QueryItem): void;
  onExport(format: 'csv' | 'geojson'): void;
}

export function problemText(lang: Lang, p: QueryProblem): string {
  if ('key' in p) return translate(lang, p.key, p.params);
  return lang === 'en' ? p.en : p.zh;
}

function optionsView(lang: Lang, s: QueryUiState, h: QueryPanelHandlers): HTMLElement {
  const t = (k: I18nKey): string => translate(lang, k);
  const modes = (['intersects', 'within'] as QueryMode[]).map((m) => {
    const b = el('button', { className: s.mode === m ? 'seg active' : 'seg', text: t(`query.mode.${m}`), testId: `query-mode-${m}`, attrs: { type: 'button', 'aria-pressed': String(s.mode === m) } });
    b.addEventListener('click', () => h.onOptions({ mode: m }));
    return b;
  });
  const chips = CATEGORIES.map((c) => {
    const on = s.categories.includes(c.code);
    const b = el('button', {
      className: on ? 'query-chip active' : 'query-chip',
      text: c.code,
      title: localName(c, lang),
      testId: `query-cat-${c.code}`,
      attrs: { type: 'button', 'aria-pressed': String(on) },
    });
    b.prepend(el('span', { className: 'swatch', style: { background: cssColor(c.display) } }));
    b.addEventListener('click', () => {
      const next: CategoryCode[] = on ? s.categories.filter((x) => x !== c.code) : [...s.categories, c.code];
      h.onOptions({ categories: next });
    });
    return b;
  });
  const all = el('button', { className: s.categories.length === 0 ? 'query-chip active' : 'query-chip', text: t('query.categories.all'), testId: 'query-cat-all', attrs: { type: 'button' } });
  all.addEventListener('click', () => h.onOptions({ categories: [] }));
  const depth = el('input', { testId: 'query-max-depth', attrs: { type: 'number', min: '0', step: '0.5', 'aria-label': t('query.maxDepth') } });
  depth.value = s.maxDepth === null ? '' : String(s.maxDepth);
  depth.addEventListener('change', () => {
    const raw = depth.value.trim();
    const v = Number(raw);
    if (raw === '') h.onOptions({ maxDepth: null });
    else if (Number.isFinite(v) && v >= 0) h.onOptions({ maxDepth: v });
    else depth.value = s.maxDepth === null ? '' : String(s.maxDepth);
  });
  return el('div', { className: 'query-options' }, [
    el('div', { className: 'panel-sub', text: t('query.mode') }),
    el('div', { className: 'segmented' }, modes),
    el('div', { className: 'panel-sub', text: t('query.categories') }),
    el('div', { className: 'query-chips' }, [all, ...chips]),
    el('label', { className: 'query-field', title: t('query.maxDepthTitle') }, [el('span', { text: t('query.maxDepth') }), depth]),
  ]);
}

function totalsTable(lang: Lang, titleKey: I18nKey, rows: readonly TotalRow[], testId: string, open: boolean): HTMLElement {
  const t = (k: I18nKey): string => translate(lang, k);
  // one unit for the whole length column
  const unit = lengthUnitFor(rows.map((r) => r.lengthInside));
  const details = el('details', { className: 'query-totals', testId }, [
    el('summary', { text: t(titleKey) }),
    el('table', {}, [
      el('thead', {}, [el('tr', {}, [el('th', { text: '' }), el('th', { text: t('query.col.count') }), el('th', { text: t('query.col.length') })])]),
      el(
        'tbody',
        {},
        rows.map((r) =>
          el('tr', {}, [
            el('td', { text: localName(r, lang) }),
            el('td', { className: 'num', text: String(r.count) }),
            el('td', { className: 'num', text: lengthIn(r.lengthInside, unit, lang) }),
          ]),
        ),
      ),
    ]),
  ]);
  details.open = open;
  return details;
}

const COLUMNS: readonly { key: SortKey; label: I18nKey; num?: boolean }[] = [
  { key: 'id', label: 'query.col.id' },
  { key: 'cat', label: 'query.col.category' },
  { key: 'size', label: 'query.col.size', num: true },
  { key: 'depth', label: 'query.col.depth', num: true },
  { key: 'lengthInside', label: 'query.col.lengthInside', num: true },
  { key: 'relation', label: 'query.col.relation' },
  { key: 'material', label: 'query.col.material' },
  { key: 'year', label: 'query.col.year', num: true },
];

function cell(lang: Lang, key: SortKey, it: QueryItem): string {
  switch (key) {
    case 'id':
      return it.id;
    case 'cat': {
      const c = category(it.cat);
      return c ? `${it.cat} ${localName(c, lang)}` : it.cat;
    }
    case 'size':
      return sizeText({ dn: it.dn, box: it.box }, lang);
    case 'depth':
      return it.depthMin === it.depthMax ? trimNumber(it.depthMin, 2) : `${trimNumber(it.depthMin, 2)}–${trimNumber(it.depthMax, 2)}`;
    case 'lengthInside':
      return trimNumber(it.lengthInside, 1);
    case 'relation':
      return translate(lang, `query.relation.${it.relation}`);
    case 'material': {
      const m = materialDef(it.material);
      return m ? localName(m, lang) : it.material;
    }
    case 'year':
      return it.year > 0 ? String(it.year) : '';
  }
}

function resultTable(lang: Lang, s: QueryUiState, store: QueryStore, h: QueryPanelHandlers): HTMLElement[] {
  const result = s.result;
  if (!result) return [];
  const t = (k: I18nKey, p?: Params): string => translate(lang, k, p);
  const sorted = sortItems(result.items, s.sort.key, s.sort.desc);
  const shown = sorted.slice(0, TABLE_ROW_LIMIT);
  const head = el(
    'tr',
    {},
    COLUMNS.map((c) => {
      const b = el('button', {
        className: 'query-sort',
        text: `${t(c.label)}${s.sort.key === c.key ? (s.sort.desc ? ' ▼' : ' ▲') : ''}`,
        title: t('query.sortTitle'),
        testId: `query-sort-${c.key}`,
        attrs: { type: 'button' },
      });
      b.addEventListener('click', () => store.set({ sort: nextSort(store.get().sort, c.key) }));
      return el('th', { attrs: { 'aria-sort': s.sort.key === c.key ? (s.sort.desc ? 'descending' : 'ascending') : 'none' } }, [b]);
    }),
  );
  const rows = shown.map((it) => {
    const tr = el('tr', { className: 'query-item', title: t('query.rowTitle'), attrs: { tabindex: '0', 'data-id': it.id } }, COLUMNS.map((c) => el('td', { className: c.num ? 'num' : '', text: cell(lang, c.key, it) })));
    tr.addEventListener('click', () => h.onRow(it));
    tr.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') h.onRow(it);
    });
    return tr;
  });
  const out: HTMLElement[] = [el('div', { className: 'query-table-wrap' }, [el('table', { className: 'query-table', testId: 'query-table' }, [el('thead', {}, [head]), el('tbody', {}, rows)])])];
  if (sorted.length > shown.length) out.push(el('p', { className: 'panel-note', text: t('query.tableLimit', { shown: shown.length, count: sorted.length }) }));
  return out;
}

function statusView(lang: Lang, s: QueryUiState): HTMLElement | null {
  const t = (k: I18nKey, p?: Params): string => translate(lang, k, p);
  if (s.data === 'loading' && s.phase !== 'idle') return el('p', { className: 'panel-note', text: t('query.loadingData'), testId: 'query-status' });
  if (s.data === 'failed' && s.dataProblem) return el('p', { className: 'query-problem', text: problemText(lang, s.dataProblem), testId: 'query-problem' });
  if (s.problem) return el('p', { className: 'query-problem', text: problemText(lang, s.problem), testId: 'query-problem' });
  if (s.phase === 'running') {
    return el('div', { className: 'query-running', testId: 'query-status' }, [
      el('span', { className: 'query-running-text', text: t('query.running', { seconds: ((Date.now() - s.startedAt) / 1000).toFixed(1) }) }),
      el('div', { className: 'query-progress' }, [el('div', { className: 'query-progress-bar' })]),
    ]);
  }
  if (s.phase === 'done' && s.result) {
    const r = s.result;
    const summary = r.totals.count === 0
      ? t('query.none')
      : t('query.summary', { count: r.totals.count, length: lengthText(r.totals.lengthInside, lang), area: areaText(r.area.areaM2, lang) });
    const warnings = r.warnings.map((w) => el('p', { className: 'panel-note', text: lang === 'en' ? w.en : w.zh }));
    return el('div', {}, [el('p', { className: 'query-summary', text: summary, testId: 'query-summary', attrs: { 'data-count': String(r.totals.count) } }), ...warnings]);
  }
  return null;
}

export interface QueryPanel {
  root: HTMLElement;
  /** stops rendering and the elapsed-time ticker, removes the panel */
  dispose(): void;
}

export function mountQueryPanel(parent: HTMLElement, app: AppStore, store: QueryStore, h: QueryPanelHandlers): QueryPanel {
  const root = el('section', { className: 'panel query-panel', testId: 'query-panel' });
  parent.appendChild(root);
  const remembered = { crs: '', text: '' };
  const totalsOpen = new Map<string, boolean>([['category', true]]);

  const render = (): void => {
    const lang = app.get().lang;
    const s = store.get();
    const t = (k: I18nKey): string => translate(lang, k);
    const r = s.result;
    const parts: (HTMLElement | null)[] = [
      el('header', { className: 'panel-header' }, [el('div', {}, [el('div', { className: 'panel-kicker', text: t('query.kicker') }), el('h2', { className: 'panel-title', text: t('query.title') })])]),
      drawToolbarView(lang, s, h),
      coordInputView(lang, h, remembered),
      optionsView(lang, s, h),
      statusView(lang, s),
    ];
    if (r && s.phase === 'done' && !s.problem && r.totals.count > 0) {
      const groups: [string, I18nKey, readonly TotalRow[]][] = [
        ['category', 'query.by.category', r.totals.byCategory],
        ['material', 'query.by.material', r.totals.byMaterial],
        ['diameter', 'query.by.diameter', r.totals.byDiameter],
        ['decade', 'query.by.decade', r.totals.byDecade],
      ];
      for (const [name, key, rows] of groups) {
        const d = totalsTable(lang, key, rows, `query-totals-${name}`, totalsOpen.get(name) ?? false);
        d.addEventListener('toggle', () => totalsOpen.set(name, (d as HTMLDetailsElement).open));
        parts.push(d);
      }
      const csv = el('button', { className: 'seg', text: t('query.export.csv'), testId: 'query-export-csv', attrs: { type: 'button' } });
      csv.addEventListener('click', () => h.onExport('csv'));
      const gj = el('button', { className: 'seg', text: t('query.export.geojson'), testId: 'query-export-geojson', attrs: { type: 'button' } });
      gj.addEventListener('click', () => h.onExport('geojson'));
      parts.push(el('div', { className: 'segmented query-row' }, [csv, gj]));
      parts.push(...resultTable(lang, s, store, h));
    }
    replaceChildren(root, parts);
  };

  const offStore = store.subscribe(render);
  const offLang = app.watch((s) => s.lang, render);
  // the elapsed time of a running query, without rebuilding the panel
  const ticker = setInterval(() => {
    const s = store.get();
    if (s.phase !== 'running') return;
    const span = root.querySelector('.query-running-text');
    if (span) span.textContent = translate(app.get().lang, 'query.running', { seconds: ((Date.now() - s.startedAt) / 1000).toFixed(1) });
  }, 200);
  return {
    root,
    dispose() {
      clearInterval(ticker);
      offStore();
      offLang();
      root.remove();
    },
  };
}
