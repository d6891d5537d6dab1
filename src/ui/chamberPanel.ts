/**
 * The chamber close-up panel: a manhole's or valve chamber's 3D view (started by the app through `openView`, which
 * loads three.js on first use — nothing here imports three or Cesium), a cut toggle, the chamber's size in words and a
 * table of the pipes that enter it (direction, size, material, invert, depth), in the current language. The 3D labels
 * are HTML elements made here (text only) that the view positions. Hidden (its dock item with it) while closed; the
 * view and its WebGL context exist only while the panel is open.
 */
import type { ChamberModel, PipeEntry } from '../analysis/chamber/geometry';
import { el, replaceChildren } from './dom';
import { metres, sizeText } from './format';
import { localName, translate, type I18nKey, type Lang, type Params } from './i18n';
import type { AppStore } from './state';

/** A label element and where it hangs in the chamber's frame: [east, north, up] metres from the node at ground. */
export interface ChamberViewLabel {
  el: HTMLElement;
  at: readonly [number, number, number];
}

/** The running 3D view (src/viewer/chamberScene.ts, through the app). */
export interface ChamberView {
  setCut(on: boolean): void;
  render(): void;
  dispose(): void;
}

export interface ChamberPanelDeps {
  /** starts the 3D view in `host`; rejects when it cannot (no WebGL, the module did not load) */
  openView(host: HTMLElement, model: ChamberModel, labels: ChamberViewLabel[]): Promise<ChamberView>;
  /** the user closed the panel */
  onClose?(): void;
}

export interface ChamberPanel {
  readonly root: HTMLElement;
  /** the node whose chamber is shown or loading, null while closed */
  readonly nodeId: string | null;
  /** shows "loading" for a node while the app gathers its pipes */
  loading(nodeId: string): void;
  /** shows a chamber (replaces the one shown) and starts its 3D view */
  show(model: ChamberModel): Promise<void>;
  /** an error in words instead of the chamber */
  fail(nodeId: string, key: I18nKey, params?: Params): void;
  /** closes the view (frees its WebGL context) and hides the panel */
  close(): void;
  dispose(): void;
}

/** "Φ1.00 m · 3.00 m deep · 240 mm walls" in words, for a chamber. */
export function chamberSizeText(m: ChamberModel, lang: Lang): string {
  const s = m.shell;
  const common = { depth: (-s.floor).toFixed(2), wall: Math.round(s.wall * 1000) };
  return s.shape === 'round'
    ? translate(lang, 'chamber.sizeRound', { d: (2 * s.hx).toFixed(2), ...common })
    : translate(lang, 'chamber.sizeRect', { w: (2 * s.hx).toFixed(2), l: (2 * s.hy).toFixed(2), ...common });
}

/** The lines of a pipe's 3D label: id; size · material; invert (drainage) or depth to crown. */
export function pipeLabelLines(p: PipeEntry, lang: Lang): string[] {
  const l = p.label;
  const mat = l.material ? localName(l.material, lang) : l.materialCode;
  const level = l.recordedInvert
    ? translate(lang, 'chamber.label.invert', { v: l.invertElevation })
    : translate(lang, 'chamber.label.depth', { v: l.depth });
  return [l.id, `${sizeText(l, lang)} · ${mat}`, level];
}

function bearingText(b: number): string {
  return `${Math.round(b) % 360}°`;
}

export function mountChamberPanel(parent: HTMLElement, store: AppStore, deps: ChamberPanelDeps): ChamberPanel {
  const root = el('section', { className: 'panel chamber-panel', testId: 'chamber-panel' });
  root.hidden = true;
  parent.appendChild(root);
  // the 3D view's host stays the same element across language changes (the view lives in it)
  const viewport = el('div', { className: 'chamber-viewport', testId: 'chamber-viewport' });
  let model: ChamberModel | null = null;
  let nodeId: string | null = null;
  let message: { key: I18nKey; params?: Params } | null = null;
  let view: ChamberView | null = null;
  let cut = false;
  let token = 0;
  /** label elements of the view, refilled on a language change */
  let labels: { el: HTMLElement; fill(lang: Lang): void }[] = [];

  const stopView = (): void => {
    view?.dispose();
    view = null;
    viewport.replaceChildren();
  };

  const render = (): void => {
    const lang = store.get().lang;
    const t = (k: I18nKey, p?: Params): string => translate(lang, k, p);
    if (nodeId === null) {
      root.hidden = true;
      return;
    }
    root.hidden = false;
    const close = el('button', { className: 'icon-button', text: '×', title: t('chamber.close'), testId: 'chamber-close', attrs: { type: 'button', 'aria-label': t('chamber.close') } });
    close.addEventListener('click', () => {
      api.close();
      deps.onClose?.();
    });
    const cutButton = el('button', {
      className: `seg${cut ? ' active' : ''}`,
      text: t('chamber.cut'),
      title: t('chamber.cutTitle'),
      testId: 'chamber-cut',
      attrs: { type: 'button', 'aria-pressed': String(cut) },
    });
    cutButton.disabled = model === null;
    cutButton.addEventListener('click', () => {
      cut = !cut;
      view?.setCut(cut);
      render();
    });
    const body: (Node | null)[] = [];
    if (message) body.push(el('p', { className: 'muted', testId: 'chamber-message', text: t(message.key, message.params) }));
    else if (!model) body.push(el('p', { className: 'muted', text: t('chamber.loading') }));
    if (model) {
      const m = model;
      body.push(el('p', { className: 'chamber-size', testId: 'chamber-size', text: chamberSizeText(m, lang) }));
      body.push(viewport);
      body.push(el('p', { className: 'muted chamber-hint', text: t('chamber.hint') }));
      if (m.pipes.length === 0) body.push(el('p', { className: 'muted', text: t('chamber.noPipes') }));
      else {
        const head = el('tr', {}, (['pipe', 'end', 'direction', 'size', 'material', 'invert', 'depth'] as const).map((c) => el('th', { text: t(`chamber.col.${c}`) })));
        const rows = m.pipes.map((p) =>
          el('tr', { testId: 'chamber-pipe' }, [
            el('td', { text: p.id }),
            el('td', { text: t(p.end === 'end' ? 'chamber.end.in' : 'chamber.end.out') }),
            el('td', { text: bearingText(p.bearing) }),
            el('td', { text: sizeText(p.label, lang) }),
            el('td', { text: p.label.material ? localName(p.label.material, lang) : p.label.materialCode }),
            el('td', { text: p.label.recordedInvert ? metres(p.invertElevation, lang) : `${metres(p.invertElevation, lang)}${t('chamber.derived')}` }),
            el('td', { text: metres(p.depth, lang) }),
          ]),
        );
        body.push(el('table', { className: 'chamber-table', testId: 'chamber-pipes' }, [el('thead', {}, [head]), el('tbody', {}, rows)]));
      }
      if (m.missing.length > 0) body.push(el('p', { className: 'muted', testId: 'chamber-missing', text: t('chamber.missing', { list: m.missing.join(', ') }) }));
      body.push(el('p', { className: 'muted chamber-note', text: t('chamber.estimate') }));
    }
    replaceChildren(root, [
      el('header', { className: 'panel-header' }, [
        el('div', {}, [el('div', { className: 'panel-kicker', text: t('chamber.title') }), el('h2', { className: 'asset-id', testId: 'chamber-node', text: nodeId })]),
        el('div', { className: 'panel-actions' }, [el('div', { className: 'segmented' }, [cutButton]), close]),
      ]),
      ...body,
    ]);
    for (const l of labels) l.fill(lang);
    view?.render();
  };

  const makeLabels = (m: ChamberModel): ChamberViewLabel[] => {
    const out: ChamberViewLabel[] = [];
    labels = [];
    for (const p of m.pipes) {
      const box = el('div', { className: 'chamber-label' });
      box.style.borderColor = `rgb(${p.color[0]}, ${p.color[1]}, ${p.color[2]})`;
      labels.push({ el: box, fill: (lang) => replaceChildren(box, pipeLabelLines(p, lang).map((line) => el('div', { text: line }))) });
      out.push({ el: box, at: p.labelAt });
    }
    const floor = el('div', { className: 'chamber-label chamber-label-floor' });
    labels.push({ el: floor, fill: (lang) => (floor.textContent = translate(lang, 'chamber.label.floor', { v: (m.ground + m.shell.floor).toFixed(2) })) });
    out.push({ el: floor, at: [0, 0, m.shell.floor] });
    const north = el('div', { className: 'chamber-label chamber-label-north' });
    labels.push({ el: north, fill: (lang) => (north.textContent = translate(lang, 'chamber.north')) });
    out.push({ el: north, at: [0, m.reach, 0] });
    for (const l of labels) l.fill(store.get().lang);
    return out;
  };

  const offLang = store.watch((s) => s.lang, () => render());

  const api: ChamberPanel = {
    root,
    get nodeId() {
      return nodeId;
    },
    loading(id) {
      ++token;
      stopView();
      labels = [];
      model = null;
      message = null;
      nodeId = id;
      render();
    },
    async show(m) {
      const my = ++token;
      stopView();
      model = m;
      message = null;
      nodeId = m.nodeId;
      const viewLabels = makeLabels(m);
      render();
      try {
        const v = await deps.openView(viewport, m, viewLabels);
        if (my !== token) {
          v.dispose();
          return;
        }
        view = v;
        if (cut) v.setCut(true);
      } catch (err) {
        if (my !== token) return;
        stopView();
        const detail = err instanceof Error ? err.message : String(err);
        model = null;
        message = { key: 'chamber.failed', params: { detail } };
        render();
      }
    },
    fail(id, key, params) {
      ++token;
      stopView();
      model = null;
      nodeId = id;
      message = params ? { key, params } : { key };
      render();
    },
    close() {
      ++token;
      stopView();
      labels = [];
      model = null;
      message = null;
      nodeId = null;
      render();
    },
    dispose() {
      api.close();
      offLang();
      root.remove();
    },
  };
  return api;
}
