/**
 * The clearance and cover check panel (GB 50289): the scope (the area query's area or the whole network), "Check" and,
 * while it runs in its Worker, the progress (pipes checked of the total) and "Cancel"; then the summary and the list of
 * violations: rule, pipes, required and actual clear distance or cover, the sureness mark of the table row. A row
 * click flies there; "CSV" saves them all. Every value reaches the page as text.
 */
import type { CheckResult, CheckViolation } from '../analysis/drawings/types';
import { el, replaceChildren } from './dom';
import { translate, type I18nKey, type Params } from './i18n';
import type { AppStore } from './state';

export type ClearanceScope = 'area' | 'all';

export type ClearanceState =
  | { kind: 'idle' }
  | { kind: 'busy'; done: number; total: number }
  | { kind: 'result'; result: CheckResult }
  | { kind: 'error'; message: string };

export interface ClearancePanelActions {
  run(scope: ClearanceScope): void;
  cancel(): void;
  csv(): void;
  /** a row was clicked: fly to the violation (index into result.violations) */
  show(index: number): void;
}

export interface ClearancePanel {
  readonly root: HTMLElement;
  set(state: ClearanceState): void;
  /** whether the area query has an area now (the scope's first choice) */
  setHasArea(has: boolean): void;
  scope(): ClearanceScope;
  dispose(): void;
}

/** Rows listed in the panel (the CSV has them all). */
export const LIST_MAX = 200;

const m = (x: number): string => x.toFixed(2);

export function mountClearancePanel(parent: HTMLElement, store: AppStore, actions: ClearancePanelActions): ClearancePanel {
  const root = el('section', { className: 'panel clearance-panel', testId: 'clearance-panel' });
  parent.appendChild(root);
  let state: ClearanceState = { kind: 'idle' };
  let hasArea = false;
  const scope = el('select', { testId: 'clearance-scope' });
  scope.addEventListener('change', () => render());
  // the progress row stays the same elements while the check runs (only its numbers change), so "Cancel" can be clicked
  const bar = el('progress', { testId: 'clearance-progress' });
  const barText = el('span', { testId: 'clearance-progress-text' });
  const cancel = el('button', { testId: 'clearance-cancel', attrs: { type: 'button' } });
  cancel.addEventListener('click', () => actions.cancel());
  const busyRow = el('div', { className: 'clearance-busy' }, [bar, barText, cancel]);
  const progress = (done: number, total: number): void => {
    bar.max = Math.max(1, total);
    bar.value = done;
    barText.textContent = translate(store.get().lang, 'clearance.progress', { done, total });
  };

  const row = (v: CheckViolation, i: number, t: (k: I18nKey, p?: Params) => string): HTMLElement => {
    const tr = el('tr', { className: `clearance-row clearance-${v.kind}`, testId: 'clearance-row', attrs: { tabindex: '0', title: t('clearance.rowTitle', { source: v.source }) } }, [
      el('td', { text: t(`clearance.kind.${v.kind}`) }),
      el('td', { text: v.b ? `${v.a} · ${v.b}` : v.a }),
      el('td', { className: 'num', text: m(v.min) }),
      el('td', { className: 'num', text: m(v.value) }),
      el('td', { text: v.sure }),
    ]);
    tr.addEventListener('click', () => actions.show(i));
    tr.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        actions.show(i);
      }
    });
    return tr;
  };

  const render = (): void => {
    const lang = store.get().lang;
    const t = (k: I18nKey, p?: Params) => translate(lang, k, p);
    const chosen = (scope.value as ClearanceScope) || (hasArea ? 'area' : 'all');
    replaceChildren(
      scope,
      (['area', 'all'] as const).map((s) => {
        const o = el('option', { text: t(s === 'area' ? 'clearance.scopeArea' : 'clearance.scopeAll') });
        o.value = s;
        return o;
      }),
    );
    scope.value = chosen;
    const busy = state.kind === 'busy';
    const run = el('button', { testId: 'clearance-run', text: t('clearance.run'), title: t('clearance.runTitle'), attrs: { type: 'button' } });
    run.disabled = busy || (chosen === 'area' && !hasArea);
    run.addEventListener('click', () => actions.run(scope.value as ClearanceScope));
    // no heading of its own: the dock's header bar names the panel ('clearance.title')
    const body: (HTMLElement | null)[] = [
      el('div', { className: 'clearance-controls' }, [el('label', {}, [el('span', { text: t('clearance.scope') }), scope]), run]),
      chosen === 'area' && !hasArea ? el('p', { className: 'muted', testId: 'clearance-no-area', text: t('clearance.noArea') }) : null,
    ];
    if (state.kind === 'busy') {
      cancel.textContent = t('clearance.cancel');
      progress(state.done, state.total);
      body.push(busyRow);
    } else if (state.kind === 'error') {
      body.push(el('p', { className: 'clearance-error', testId: 'clearance-error', attrs: { role: 'alert' }, text: t('clearance.error', { detail: state.message }) }));
    } else if (state.kind === 'result') {
      const r = state.result;
      const csv = el('button', { testId: 'clearance-csv', text: t('clearance.csv'), title: t('clearance.csvTitle'), attrs: { type: 'button' } });
      csv.disabled = r.violations.length === 0;
      csv.addEventListener('click', () => actions.csv());
      body.push(
        el('p', { className: 'clearance-summary', testId: 'clearance-summary', attrs: { role: 'status' }, text: t('clearance.summary', { pipes: r.checked.segments, ...r.counts }) }),
        r.cancelled ? el('p', { className: 'muted', testId: 'clearance-cancelled', text: t('clearance.cancelled') }) : null,
        el('p', { className: 'muted clearance-note', text: t('clearance.surfaceNote') }),
        el('div', { className: 'panel-actions' }, [csv]),
      );
      if (r.violations.length === 0) body.push(el('p', { className: 'muted', text: t('clearance.none') }));
      else {
        body.push(
          el('table', { className: 'clearance-table', testId: 'clearance-table' }, [
            el('thead', {}, [el('tr', {}, (['clearance.col.rule', 'clearance.col.pipes', 'clearance.col.required', 'clearance.col.actual', 'clearance.col.sure'] as const).map((k) => el('th', { text: t(k), attrs: { scope: 'col' } })))]),
            el('tbody', {}, r.violations.slice(0, LIST_MAX).map((v, i) => row(v, i, t))),
          ]),
        );
        if (r.violations.length > LIST_MAX) body.push(el('p', { className: 'muted', text: t('clearance.more', { count: r.violations.length - LIST_MAX }) }));
      }
    }
    replaceChildren(root, body);
  };

  const offLang = store.watch(
    (s) => s.lang,
    () => render(),
  );
  render();
  return {
    root,
    set(s) {
      const wasBusy = state.kind === 'busy';
      state = s;
      if (wasBusy && s.kind === 'busy') progress(s.done, s.total);
      else render();
    },
    setHasArea(has) {
      if (has === hasArea) return;
      hasArea = has;
      render();
    },
    scope: () => (scope.value as ClearanceScope) || 'all',
    dispose() {
      offLang();
      root.remove();
    },
  };
}
