/**
 * The review panel: the riverbank project review (a project, a distance, "Review") and the excavation check (depth,
 * side slope, safety distance, "Draw pit"), a status line, and the report of the last review with "Print". Printing
 * copies the report into a root of its own under <body> and marks the body (`printing-review`): the print stylesheet
 * (styles/print.css) then shows that root alone. All texts from i18n.ts; data values as textContent.
 */
import { el, replaceChildren } from './dom';
import { translate, type I18nKey, type Params } from './i18n';
import { renderReport, type ReportModel, type ReportPictures } from './reviewReport';
import type { AppStore } from './state';

export interface ReviewProject {
  id: string;
  name: string;
  nameEn: string;
}

export interface ReviewPanelHandlers {
  onReview(projectId: string, distanceM: number): void;
  onDrawPit(): void;
  /** depth, slope or safety changed after a pit was drawn: check again */
  onPitOptions(): void;
  onClose(): void;
  /** "Print" pressed: the owner refreshes the pictures (showReport) and calls print() */
  onPrint?(): void;
  /** "Clearance check…" pressed */
  onClearance?(): void;
}

export interface PitInputs {
  depthM: number;
  sideSlope: number;
  safetyM: number;
}

export interface ReviewPanel {
  root: HTMLElement;
  setProjects(list: readonly ReviewProject[]): void;
  pitInputs(): PitInputs;
  setStatus(key: I18nKey | null, params?: Params): void;
  showReport(model: ReportModel | null, pictures?: ReportPictures): void;
  /** select a project in the list (picked on the map) and say so */
  pickProject(id: string): void;
  /** the report alone on the page for printing (true), or back (false); window.print() is the caller's */
  printView(on: boolean): void;
  print(): void;
  dispose(): void;
}

function numberInput(testId: string, value: number, min: number, max: number, step: number): HTMLInputElement {
  const i = el('input', { testId, attrs: { type: 'number', min: String(min), max: String(max), step: String(step) } });
  i.value = String(value);
  return i;
}

function readNumber(i: HTMLInputElement, fallback: number, min: number, max: number): number {
  const v = Number(i.value);
  return Number.isFinite(v) && v >= min && v <= max ? v : fallback;
}

export function mountReviewPanel(parent: HTMLElement, store: AppStore, handlers: ReviewPanelHandlers): ReviewPanel {
  const t = (k: I18nKey, p?: Params) => translate(store.get().lang, k, p);
  const root = el('section', { className: 'panel review-panel', testId: 'review-panel' });
  parent.appendChild(root);
  let projects: readonly ReviewProject[] = [];
  let status: { key: I18nKey; params?: Params } | null = null;
  let model: ReportModel | null = null;
  let pictures: ReportPictures = {};

  const project = el('select', { testId: 'review-project' });
  const distance = numberInput('review-distance', 50, 0, 5000, 10);
  const depth = numberInput('review-depth', 3, 0.1, 50, 0.5);
  const slope = numberInput('review-slope', 0.5, 0, 5, 0.1);
  const safety = numberInput('review-safety', 1, 0, 20, 0.5);
  for (const i of [depth, slope, safety]) i.addEventListener('change', () => handlers.onPitOptions());
  const run = el('button', { testId: 'review-run', attrs: { type: 'button' } });
  run.addEventListener('click', () => {
    if (project.value) handlers.onReview(project.value, readNumber(distance, 50, 0, 5000));
  });
  const draw = el('button', { testId: 'review-draw-pit', attrs: { type: 'button' } });
  draw.addEventListener('click', () => handlers.onDrawPit());
  const printBtn = el('button', { testId: 'review-print', attrs: { type: 'button' } });
  printBtn.addEventListener('click', () => (handlers.onPrint ? handlers.onPrint() : panel.print()));
  const clearanceBtn = el('button', { testId: 'review-clearance', attrs: { type: 'button' } });
  clearanceBtn.addEventListener('click', () => handlers.onClearance?.());
  const close = el('button', { testId: 'review-close', attrs: { type: 'button' } });
  close.addEventListener('click', () => handlers.onClose());
  const statusEl = el('p', { className: 'review-status', testId: 'review-status', attrs: { role: 'status' } });
  const reportHolder = el('div', { className: 'review-report-holder' });

  const labelled = (key: I18nKey, input: HTMLElement) => el('label', { className: 'review-field' }, [el('span', { text: t(key) }), input]);

  const render = (): void => {
    const lang = store.get().lang;
    const selected = project.value;
    replaceChildren(
      project,
      projects.map((p) => {
        const o = el('option', { text: `${lang === 'en' ? p.nameEn : p.name} · ${p.id}` });
        o.value = p.id;
        return o;
      }),
    );
    if (selected) project.value = selected;
    run.textContent = t('review.run');
    run.title = t('review.runTitle');
    draw.textContent = t('review.draw');
    draw.title = t('review.drawTitle');
    printBtn.textContent = t('review.print');
    printBtn.title = t('review.printTitle');
    close.textContent = t('review.close');
    clearanceBtn.textContent = t('review.clearanceOpen');
    clearanceBtn.title = t('review.clearanceOpenTitle');
    clearanceBtn.hidden = !handlers.onClearance;
    statusEl.textContent = status ? t(status.key, status.params) : '';
    printBtn.hidden = close.hidden = model === null;
    replaceChildren(reportHolder, [model ? renderReport(model, pictures) : null]);
    replaceChildren(root, [
      el('h3', { text: t('review.riverbank.title') }),
      labelled('review.project', project),
      el('div', { className: 'review-row' }, [labelled('review.distance', distance), run]),
      el('h3', { text: t('review.excavation.title') }),
      el('div', { className: 'review-row' }, [labelled('review.depth', depth), labelled('review.slope', slope), labelled('review.safety', safety)]),
      el('div', { className: 'panel-actions' }, [draw, clearanceBtn]),
      statusEl,
      el('div', { className: 'panel-actions' }, [printBtn, close]),
      reportHolder,
    ]);
  };

  let printRoot: HTMLElement | null = null;
  const afterPrint = (): void => {
    document.body.classList.remove('printing-review');
    printRoot?.remove();
    printRoot = null;
  };
  window.addEventListener('afterprint', afterPrint);

  const panel: ReviewPanel = {
    root,
    setProjects(list) {
      projects = list;
      render();
    },
    pitInputs: () => ({ depthM: readNumber(depth, 3, 0.1, 50), sideSlope: readNumber(slope, 0.5, 0, 5), safetyM: readNumber(safety, 1, 0, 20) }),
    setStatus(key, params) {
      status = key ? { key, params } : null;
      statusEl.textContent = status ? t(status.key, status.params) : '';
    },
    showReport(m, p = {}) {
      model = m;
      pictures = p;
      render();
    },
    pickProject(id) {
      const p = projects.find((x) => x.id === id);
      if (!p) return;
      project.value = id;
      panel.setStatus('review.projectPicked', { name: store.get().lang === 'en' ? p.nameEn : p.name });
    },
    printView(on) {
      afterPrint();
      if (!on || !model) return;
      printRoot = el('div', { className: 'review-print-root', testId: 'review-print-root' }, [renderReport(model, pictures)]);
      printRoot.hidden = true; // shown by the print stylesheet only
      document.body.appendChild(printRoot);
      document.body.classList.add('printing-review');
    },
    print() {
      if (!model) return;
      panel.printView(true);
      window.print();
    },
    dispose() {
      offLang();
      window.removeEventListener('afterprint', afterPrint);
      afterPrint();
      root.remove();
    },
  };
  const offLang = store.watch(
    (s) => s.lang,
    () => render(),
  );
  render();
  return panel;
}
