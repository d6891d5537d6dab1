/**
 * The leak localisation panel: progress while the zone's model and leak signatures are computed, then the ranked
 * pipes with how well each matches, the confidence in words that say what the sensors can and cannot tell apart, and
 * per pipe "Show" and "Isolate" (the network traces' isolation). Under it the hydraulic what-if of the isolation
 * the traces proposed: who loses supply under a pressure-driven run, and where hydraulics and the graph disagree.
 * Every value reaches the page as text.
 */
import type { CandidateView, LocateResult } from '../analysis/hydraulics/protocol';
import type { WhatIfResult } from '../analysis/hydraulics/whatIf';
import { el, replaceChildren } from './dom';
import { translate, type I18nKey, type Params } from './i18n';
import { livePanel, type LivePanel } from './livePanel';
import type { AppStore } from './state';

export type LeakState =
  | { kind: 'idle' }
  | { kind: 'busy'; zone: string; stage: 'load' | 'signatures'; done: number; total: number }
  | { kind: 'result'; result: LocateResult }
  | { kind: 'error'; message: string };

export type WhatIfState =
  | { kind: 'none' }
  | { kind: 'busy' }
  | { kind: 'result'; result: WhatIfResult; pipe: string }
  | { kind: 'error'; message: string };

export interface LeakPanelActions {
  show(c: CandidateView): void;
  isolate(c: CandidateView): void;
  /** run the what-if of the isolation the traces show now; false when there is none */
  whatIf(): void;
  canWhatIf(): boolean;
  close(): void;
}

export interface LeakPanel extends LivePanel<{ leak?: LeakState; whatIf?: WhatIfState }> {
  readonly root: HTMLElement;
}

const LIST_MAX = 10;
const IDS_MAX = 12;

export function mountLeakPanel(parent: HTMLElement, store: AppStore, actions: LeakPanelActions): LeakPanel {
  const root = el('section', { className: 'panel leak-panel', testId: 'leak-panel' });
  parent.appendChild(root);
  let leak: LeakState = { kind: 'idle' };
  let what: WhatIfState = { kind: 'none' };

  const render = (): void => {
    const lang = store.get().lang;
    const t = (k: I18nKey, p?: Params) => translate(lang, k, p);
    const close = el('button', { className: 'leak-close', text: '×', title: t('leak.close'), testId: 'leak-close', attrs: { type: 'button' } });
    close.addEventListener('click', () => actions.close());
    const head = el('header', { className: 'panel-header' }, [el('h2', { className: 'panel-title', text: t('leak.title') }), close]);
    const body: HTMLElement[] = [];
    if (leak.kind === 'idle') body.push(el('p', { className: 'muted', text: t('leak.idle') }));
    else if (leak.kind === 'busy') {
      const key = leak.stage === 'load' ? 'leak.loading' : 'leak.signatures';
      body.push(el('p', { className: 'muted', testId: 'leak-busy', text: t(key, { zone: leak.zone, done: leak.done, total: leak.total }) }));
    } else if (leak.kind === 'error') body.push(el('p', { className: 'leak-error', testId: 'leak-error', text: t('leak.error', { detail: leak.message }) }));
    else body.push(...resultView(leak.result, lang, t));
    body.push(...whatIfView(what, t));
    replaceChildren(root, [head, ...body]);
  };

  function resultView(r: LocateResult, lang: string, t: (k: I18nKey, p?: Params) => string): HTMLElement[] {
    const loc = r.localisation;
    const out: HTMLElement[] = [];
    out.push(el('p', { className: 'leak-zone', text: t('leak.zone', { zone: r.zone, hour: r.hour, sensors: loc.sensorsUsed }) }));
    out.push(el('p', { className: 'leak-inlets', testId: 'leak-inlets', text: r.inletsUsed > 0 ? t('leak.inlets', { n: r.inletsUsed }) : t('leak.noInlets') }));
    const best = r.candidates[0];
    const conf = loc.confidence;
    const sentence =
      conf === 'none'
        ? t('leak.conf.none', { snr: loc.signalToNoise })
        : t(`leak.conf.${conf}`, { n: loc.stretch.length, m: loc.stretchLengthM, pipe: best?.pipe ?? '', lps: best ? best.leakLps.toFixed(0) : '0' });
    out.push(el('p', { className: `leak-confidence leak-${conf}`, testId: 'leak-confidence', text: sentence }));
    if (r.note) out.push(el('p', { className: 'muted', text: t('leak.modelNote') }));
    if (conf === 'none') return out;
    const rows = r.candidates.slice(0, LIST_MAX).map((c, i) => {
      const showB = el('button', { className: 'leak-show', text: t('leak.show'), attrs: { type: 'button' } });
      showB.addEventListener('click', () => actions.show(c));
      const isoB = el('button', { className: 'leak-isolate', text: t('leak.isolate'), title: t('leak.isolateTitle'), testId: 'leak-isolate', attrs: { type: 'button' } });
      isoB.addEventListener('click', () => actions.isolate(c));
      const match = `${Math.round(c.score * 100)} %`;
      return el('li', { className: i === 0 ? 'leak-row leak-best' : 'leak-row', testId: 'leak-row' }, [
        el('span', { className: 'leak-rank', text: String(i + 1) }),
        el('span', { className: 'leak-pipe', text: c.pipe }),
        el('span', { className: 'leak-match', text: t('leak.match', { match, lps: c.leakLps.toFixed(0), m: Math.round(c.length) }) }),
        showB,
        isoB,
      ]);
    });
    out.push(el('ol', { className: 'leak-rows', testId: 'leak-rows' }, rows));
    void lang;
    return out;
  }

  function whatIfView(w: WhatIfState, t: (k: I18nKey, p?: Params) => string): HTMLElement[] {
    const b = el('button', { className: 'leak-whatif', text: t('leak.whatIf'), title: t('leak.whatIfTitle'), testId: 'leak-whatif', attrs: { type: 'button' } });
    b.disabled = !actions.canWhatIf() || w.kind === 'busy';
    b.addEventListener('click', () => actions.whatIf());
    const out: HTMLElement[] = [el('h3', { className: 'leak-sub', text: t('leak.whatIfHead') }), b];
    if (w.kind === 'busy') out.push(el('p', { className: 'muted', text: t('leak.whatIfBusy') }));
    else if (w.kind === 'error') out.push(el('p', { className: 'leak-error', text: t('leak.error', { detail: w.message }) }));
    else if (w.kind === 'result') {
      const r = w.result;
      out.push(
        el('p', { testId: 'leak-whatif-result', text: t('leak.whatIfResult', { pipe: w.pipe, valves: r.closed.length, lost: r.lost.length, reduced: r.reduced.length, lps: r.shortfall.toFixed(1) }) }),
      );
      const ids = (xs: readonly string[]) => (xs.length > IDS_MAX ? `${xs.slice(0, IDS_MAX).join(', ')} …(+${xs.length - IDS_MAX})` : xs.join(', '));
      if (r.hydraulicOnly.length) out.push(el('p', { text: t('leak.whatIfHydraulicOnly', { n: r.hydraulicOnly.length, ids: ids(r.hydraulicOnly) }) }));
      if (r.graphOnly.length) out.push(el('p', { text: t('leak.whatIfGraphOnly', { n: r.graphOnly.length, ids: ids(r.graphOnly) }) }));
      if (!r.hydraulicOnly.length && !r.graphOnly.length) out.push(el('p', { className: 'muted', text: t('leak.whatIfAgree') }));
    }
    return out;
  }

  render();
  const panel = livePanel<{ leak?: LeakState; whatIf?: WhatIfState }>(
    root,
    store,
    (next) => {
      if (next.leak) leak = next.leak;
      if (next.whatIf) what = next.whatIf;
    },
    render,
  );
  return { root, ...panel };
}
