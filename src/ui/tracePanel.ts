/**
 * The network-trace panel: what was asked (valve isolation of a pipe or valve, an upstream/downstream trace, an
 * outfall's catchment, a river section's outfalls), its progress or the engine's message in the current language,
 * and the result — for an isolation the valves to close (numbered as on the map) with ids, positions and depths, the
 * inoperable, stuck and already-closed valves, the isolated and secondary-outage pipes with lengths, the service
 * points and customers cut off; for the gravity traces the pipes, outfalls and slope flags; for a catchment the
 * pipes, area and sensors (with how many are in alarm now); for a section its outfalls with their catchments. "Stuck"
 * on a valve marks it stuck and runs again; CSV and GeoJSON exports are downloads. A legend names the colours on the
 * map. Hidden (its dock item with it) while no trace is shown. Every string from data goes in as text.
 */
import type {
  CatchmentResult,
  CustomerPoint,
  IsolationResult,
  NetworkResult,
  NodeItem,
  PipeItem,
  SectionResult,
  SlopeFlag,
  TraceResult,
  ValveItem,
} from '../analysis/network/types';
import { traceColourCss, type TraceClass } from '../layers/traceTheme';
import { el, replaceChildren } from './dom';
import { lengthText, sizeText, trimNumber } from './format';
import { translate, type I18nKey, type Lang, type Params } from './i18n';
import type { AppStore } from './state';
import { requestAsset, type TraceProblem, type TraceRequest, type TraceStore, type TraceUiState } from './traceModel';

/** Rows drawn per list (the exports have all). */
export const TRACE_ROW_LIMIT = 300;

export interface TracePanelHandlers {
  onClear(): void;
  /** a row was chosen: show (fly to and select) that asset */
  onRow(item: { id: string; gid: number }): void;
  /** a valve marked stuck (true) or working again (false): run again */
  onStuck(valve: string, stuck: boolean): void;
  onExport(format: 'csv' | 'geojson'): void;
  /** a section result's outfall: show its catchment */
  onCatchment(outfall: string): void;
  /** status code of a gid now (2 warning, 3 alarm), for "in alarm now" counts */
  statusOf?(gid: number): number | null;
}

export function traceProblemText(lang: Lang, p: TraceProblem): string {
  if ('key' in p) return translate(lang, p.key, p.params);
  return lang === 'en' ? p.en : p.zh;
}

/** "106.571234, 29.561234": degrees to six decimals (about 0.1 m). */
export function positionText(p: readonly [number, number]): string {
  return `${p[0].toFixed(6)}, ${p[1].toFixed(6)}`;
}

/** The heading line of a request: "JS-000123" or "JS-000123 · valve JF-000045, both sides". */
export function requestLabel(req: TraceRequest, lang: Lang): string {
  if (req.kind === 'isolate' && req.valve) return translate(lang, 'trace.valveOf', { valve: req.valve });
  return requestAsset(req);
}

type T = (k: I18nKey, p?: Params) => string;

interface Column<R> {
  label: I18nKey;
  num?: boolean;
  value(row: R, index: number): string;
}

function table<R extends { id: string; gid: number }>(
  t: T,
  rows: readonly R[],
  columns: readonly Column<R>[],
  h: TracePanelHandlers,
  testId: string,
  extra?: (row: R) => HTMLElement | null,
): HTMLElement[] {
  const shown = rows.slice(0, TRACE_ROW_LIMIT);
  const head = el('tr', {}, [...columns.map((c) => el('th', { className: c.num ? 'num' : '', text: t(c.label) })), extra ? el('th', { text: '' }) : null]);
  const body = shown.map((row, i) => {
    const tr = el(
      'tr',
      { className: 'query-item trace-item', title: t('trace.rowTitle'), attrs: { tabindex: '0', 'data-id': row.id, 'data-gid': String(row.gid) } },
      [...columns.map((c) => el('td', { className: c.num ? 'num' : '', text: c.value(row, i) })), extra ? el('td', {}, [extra(row)]) : null],
    );
    tr.addEventListener('click', () => h.onRow(row));
    tr.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && e.target === tr) h.onRow(row);
    });
    return tr;
  });
  const out: HTMLElement[] = [
    el('div', { className: 'query-table-wrap' }, [el('table', { className: 'query-table trace-table', testId }, [el('thead', {}, [head]), el('tbody', {}, body)])]),
  ];
  if (rows.length > shown.length) out.push(el('p', { className: 'panel-note', text: t('trace.tableLimit', { shown: shown.length, count: rows.length }) }));
  return out;
}

/** A collapsible list with a count in its summary. */
function section(title: string, count: number, testId: string, open: boolean, body: HTMLElement[]): HTMLElement {
  const d = el('details', { className: 'query-totals trace-list', testId, attrs: { 'data-count': String(count) } }, [
    el('summary', { text: `${title} (${count})` }),
    ...body,
  ]);
  d.open = open;
  return d;
}

const idCol: Column<{ id: string }> = { label: 'trace.col.id', value: (r) => r.id };
const posCol: Column<{ position: [number, number] }> = { label: 'trace.col.position', value: (r) => positionText(r.position) };
const depthCol: Column<{ depth: number }> = { label: 'trace.col.depth', num: true, value: (r) => r.depth.toFixed(2) };

function pipeColumns(lang: Lang): Column<PipeItem>[] {
  return [
    idCol,
    { label: 'trace.col.size', value: (p) => sizeText({ dn: p.dn, box: null }, lang) },
    { label: 'trace.col.length', num: true, value: (p) => p.length.toFixed(1) },
    { label: 'trace.col.depth', num: true, value: (p) => (p.depth0 === p.depth1 ? p.depth0.toFixed(2) : `${p.depth0.toFixed(2)}–${p.depth1.toFixed(2)}`) },
  ];
}

function valveTable(t: T, valves: readonly ValveItem[], h: TracePanelHandlers, testId: string, numbered: boolean, action: ((v: ValveItem) => HTMLElement | null) | null): HTMLElement[] {
  const cols: Column<ValveItem>[] = [idCol, posCol, depthCol];
  if (numbered) cols.unshift({ label: 'trace.col.no', num: true, value: (_v, i) => String(i + 1) });
  return table(t, valves, cols, h, testId, action ?? undefined);
}

function stuckButton(t: T, valve: ValveItem, stuck: boolean, h: TracePanelHandlers): HTMLElement {
  const b = el('button', {
    className: 'seg trace-stuck',
    text: t(stuck ? 'trace.unstuck' : 'trace.stuck'),
    title: t(stuck ? 'trace.unstuckTitle' : 'trace.stuckTitle'),
    testId: stuck ? 'trace-unstuck' : 'trace-stuck',
    attrs: { type: 'button', 'data-id': valve.id },
  });
  b.addEventListener('click', (e) => {
    e.stopPropagation();
    h.onStuck(valve.id, !stuck);
  });
  return b;
}

/** The result's first line: announced by screen readers when it changes (the tables are not). */
function summaryLine(text: string, testId: string, attrs: Record<string, string> = {}): HTMLElement {
  return el('p', { className: 'query-summary trace-summary', text, testId, attrs: { role: 'status', ...attrs } });
}

function isolationView(lang: Lang, t: T, r: IsolationResult, req: TraceRequest | null, h: TracePanelHandlers): HTMLElement[] {
  const targetValve = req?.kind === 'isolate' ? req.valve : undefined;
  const out: HTMLElement[] = [
    summaryLine(
      t('trace.summary.isolate', { close: r.counts.valvesToClose, pipes: r.counts.isolatedPipes, length: lengthText(r.lengths.isolated, lang) }),
      'trace-summary',
      { 'data-close': String(r.counts.valvesToClose), 'data-isolated': String(r.counts.isolatedPipes), 'data-outage': String(r.counts.outagePipes) },
    ),
    el('p', {
      className: 'panel-note',
      text: r.counts.outagePipes > 0 ? t('trace.summary.outage', { pipes: r.counts.outagePipes, length: lengthText(r.lengths.outage, lang) }) : t('trace.summary.noOutage'),
      testId: 'trace-outage',
    }),
    el('p', {
      className: 'panel-note',
      text: t('trace.summary.customers', { points: r.counts.servicePoints, customers: r.counts.customers }) + (r.demand > 0 ? ` · ${t('trace.summary.demand', { demand: trimNumber(r.demand, 2) })}` : ''),
      testId: 'trace-customers',
      attrs: { 'data-points': String(r.counts.servicePoints), 'data-customers': String(r.counts.customers) },
    }),
  ];
  if (r.ignoredStuck.length > 0) out.push(el('p', { className: 'panel-note', text: t('trace.ignoredStuck', { list: r.ignoredStuck.join(lang === 'en' ? ', ' : '、') }) }));
  out.push(el('div', { className: 'panel-sub trace-sub', text: t('trace.valves.close') }, [legendSwatch('valveClose')]));
  if (r.valves.close.length === 0) out.push(el('p', { className: 'panel-note', text: t('trace.valves.none') }));
  else out.push(...valveTable(t, r.valves.close, h, 'trace-valves-close', true, (v) => stuckButton(t, v, false, h)));
  if (r.valves.inoperable.length > 0) out.push(section(t('trace.valves.inoperable'), r.valves.inoperable.length, 'trace-valves-inoperable', true, valveTable(t, r.valves.inoperable, h, 'trace-valves-inoperable-table', false, null)));
  if (r.valves.stuck.length > 0) {
    out.push(
      section(t('trace.valves.stuck'), r.valves.stuck.length, 'trace-valves-stuck', true, valveTable(t, r.valves.stuck, h, 'trace-valves-stuck-table', false, (v) => (v.id === targetValve ? null : stuckButton(t, v, true, h)))),
    );
  }
  if (r.valves.alreadyClosed.length > 0) out.push(section(t('trace.valves.alreadyClosed'), r.valves.alreadyClosed.length, 'trace-valves-closed', false, valveTable(t, r.valves.alreadyClosed, h, 'trace-valves-closed-table', false, null)));
  out.push(section(t('trace.pipes.isolated'), r.isolated.length, 'trace-isolated', false, table(t, r.isolated, pipeColumns(lang), h, 'trace-isolated-table')));
  if (r.outage.length > 0) out.push(section(t('trace.pipes.outage'), r.outage.length, 'trace-outage-list', false, table(t, r.outage, pipeColumns(lang), h, 'trace-outage-table')));
  if (r.customers.length > 0) {
    const cols: Column<CustomerPoint>[] = [
      idCol,
      { label: 'trace.col.customers', num: true, value: (c) => String(c.customers) },
      { label: 'trace.col.cause', value: (c) => t(`trace.cause.${c.cause}`) },
      posCol,
    ];
    out.push(section(t('trace.customers'), r.customers.length, 'trace-customer-list', false, table(t, r.customers, cols, h, 'trace-customers-table')));
  }
  if (r.sources.length > 0) {
    const cols: Column<NodeItem & { name: string }>[] = [idCol, { label: 'trace.col.name', value: (s) => s.name }, posCol];
    out.push(section(t('trace.sources'), r.sources.length, 'trace-sources', false, table(t, r.sources, cols, h, 'trace-sources-table')));
  }
  return out;
}

function slopeView(t: T, flags: readonly SlopeFlag[], h: TracePanelHandlers): HTMLElement | null {
  if (flags.length === 0) return null;
  const cols: Column<SlopeFlag>[] = [
    idCol,
    { label: 'trace.col.flag', value: (f) => t(`trace.flag.${f.flag}`) },
    { label: 'trace.col.rise', num: true, value: (f) => (f.rise === null ? '' : f.rise.toFixed(2)) },
  ];
  return section(t('trace.slopeFlags'), flags.length, 'trace-slope-flags', false, table(t, flags, cols, h, 'trace-slope-table'));
}

/** Sensors in alarm (3) or warning (2) now, by the gid of their asset. */
function alarmsNow(gids: readonly number[], h: TracePanelHandlers): number {
  if (!h.statusOf) return 0;
  const seen = new Set<number>();
  let n = 0;
  for (const g of gids) {
    if (seen.has(g)) continue;
    seen.add(g);
    const s = h.statusOf(g);
    if (s === 2 || s === 3) n++;
  }
  return n;
}

function traceView(lang: Lang, t: T, r: TraceResult, h: TracePanelHandlers): HTMLElement[] {
  const out: (HTMLElement | null)[] = [
    summaryLine(t('trace.summary.trace', { pipes: r.counts.pipes, length: lengthText(r.length, lang), outfalls: r.counts.outfalls }), 'trace-summary', {
      'data-pipes': String(r.counts.pipes),
    }),
  ];
  if (r.outfalls.length > 0) {
    const cols: Column<NodeItem>[] = [{ label: 'trace.col.no', num: true, value: (_o, i) => String(i + 1) }, idCol, posCol, depthCol];
    out.push(section(t('trace.outfalls'), r.outfalls.length, 'trace-outfalls', true, table(t, r.outfalls, cols, h, 'trace-outfalls-table')));
  }
  out.push(slopeView(t, r.slopeFlags, h));
  out.push(section(t('trace.pipes.traced'), r.pipes.length, 'trace-pipes', false, table(t, r.pipes, pipeColumns(lang), h, 'trace-pipes-table')));
  return out.filter((x): x is HTMLElement => x !== null);
}

function catchmentView(lang: Lang, t: T, r: CatchmentResult, h: TracePanelHandlers): HTMLElement[] {
  const out: (HTMLElement | null)[] = [
    summaryLine(t('trace.summary.catchment', { pipes: r.counts.pipes, length: lengthText(r.length, lang), area: translate(lang, 'unit.km2', { v: trimNumber(r.area, 3) }) }), 'trace-summary', {
      'data-pipes': String(r.counts.pipes),
    }),
    el('p', {
      className: 'panel-note',
      text: t('trace.summary.sensors', { sensors: r.counts.sensors, alarmCapable: r.counts.alarmCapable, alarms: alarmsNow(r.sensors.map((s) => s.gid), h) }),
      testId: 'trace-sensors',
    }),
    slopeView(t, r.slopeFlags, h),
    section(t('trace.pipes.traced'), r.pipes.length, 'trace-pipes', false, table(t, r.pipes, pipeColumns(lang), h, 'trace-pipes-table')),
  ];
  return out.filter((x): x is HTMLElement => x !== null);
}

function sectionView(lang: Lang, t: T, r: SectionResult, h: TracePanelHandlers): HTMLElement[] {
  type Row = SectionResult['outfalls'][number] & { id: string; gid: number };
  const rows: Row[] = r.outfalls.map((o) => ({ ...o, id: o.outfall.id, gid: o.outfall.gid }));
  const cols: Column<Row>[] = [
    { label: 'trace.col.no', num: true, value: (_o, i) => String(i + 1) },
    idCol,
    { label: 'trace.col.along', num: true, value: (o) => o.along.toFixed(0) },
    { label: 'trace.col.pipes', num: true, value: (o) => String(o.counts.pipes) },
    { label: 'trace.col.length', num: true, value: (o) => o.length.toFixed(0) },
    { label: 'trace.col.sensors', num: true, value: (o) => String(o.counts.sensors) },
  ];
  const catchmentButton = (o: Row): HTMLElement => {
    const b = el('button', { className: 'seg', text: t('trace.outfallCatchment'), title: t('trace.outfallCatchmentTitle'), testId: 'trace-outfall-catchment', attrs: { type: 'button', 'data-id': o.id } });
    b.addEventListener('click', (e) => {
      e.stopPropagation();
      h.onCatchment(o.id);
    });
    return b;
  };
  const name = lang === 'en' ? r.section.nameEn : r.section.name;
  return [
    summaryLine(
      `${name} · ${t('trace.summary.section', { outfalls: r.counts.outfalls, within: lengthText(r.withinM, lang), pipes: r.counts.pipes, length: lengthText(r.length, lang) })}`,
      'trace-summary',
      { 'data-outfalls': String(r.counts.outfalls) },
    ),
    el('p', {
      className: 'panel-note',
      text: t('trace.summary.sensors', {
        sensors: r.counts.sensors,
        alarmCapable: r.counts.alarmCapable,
        alarms: alarmsNow(r.outfalls.flatMap((o) => o.sensors.map((s) => s.gid)), h),
      }),
      testId: 'trace-sensors',
    }),
    ...table(t, rows, cols, h, 'trace-outfalls-table', catchmentButton),
  ];
}

function legendSwatch(cls: TraceClass): HTMLElement {
  return el('span', { className: `trace-swatch trace-swatch-${cls}`, style: { background: traceColourCss(cls) }, attrs: { 'aria-hidden': 'true' } });
}

/** The colour classes a result puts on the map. */
export function legendClasses(r: NetworkResult): TraceClass[] {
  switch (r.kind) {
    case 'isolation': {
      const out: TraceClass[] = ['origin', 'isolated'];
      if (r.outage.length > 0) out.push('outage');
      out.push('valveClose');
      if (r.valves.inoperable.length + r.valves.stuck.length > 0) out.push('valveStuck');
      return out;
    }
    case 'trace':
    case 'catchment':
      return r.slopeFlags.some((f) => f.flag === 'adverse') ? ['origin', 'traced', 'adverse'] : ['origin', 'traced'];
    case 'section':
      return ['origin', 'traced'];
  }
}

function legend(t: T, r: NetworkResult): HTMLElement {
  return el(
    'ul',
    { className: 'trace-legend', testId: 'trace-legend' },
    legendClasses(r).map((c) => el('li', {}, [legendSwatch(c), el('span', { text: t(`trace.legend.${c}`) })])),
  );
}

function statusView(t: T, lang: Lang, s: TraceUiState): HTMLElement | null {
  if (s.problem) return el('p', { className: 'query-problem', text: traceProblemText(lang, s.problem), testId: 'trace-problem', attrs: { role: 'alert' } });
  if (s.phase === 'running') {
    return el('div', { className: 'query-running', testId: 'trace-status', attrs: { role: 'status' } }, [
      el('span', { text: t(s.data === 'loading' ? 'trace.loading' : 'trace.running') }),
      el('div', { className: 'query-progress' }, [el('div', { className: 'query-progress-bar' })]),
    ]);
  }
  return null;
}

export interface TracePanel {
  root: HTMLElement;
  /** stops rendering and removes the panel */
  dispose(): void;
}

export function mountTracePanel(parent: HTMLElement, app: AppStore, store: TraceStore, h: TracePanelHandlers): TracePanel {
  const root = el('section', { className: 'panel query-panel trace-panel', testId: 'trace-panel' });
  root.hidden = true;
  parent.appendChild(root);

  const render = (): void => {
    const lang = app.get().lang;
    const s = store.get();
    const t: T = (k, p) => translate(lang, k, p);
    root.hidden = s.request === null;
    if (!s.request) {
      root.replaceChildren();
      return;
    }
    root.dataset.phase = s.phase;
    root.dataset.kind = s.request.kind;
    const clear = el('button', { className: 'seg trace-clear', text: t('trace.clear'), title: t('trace.clearTitle'), testId: 'trace-clear', attrs: { type: 'button' } });
    clear.addEventListener('click', () => h.onClear());
    const parts: (HTMLElement | null)[] = [
      el('header', { className: 'panel-header' }, [
        el('div', {}, [
          el('div', { className: 'panel-kicker', text: t(`trace.kicker.${s.request.kind}`) }),
          el('h2', { className: 'panel-title asset-id', text: requestLabel(s.request, lang), testId: 'trace-heading' }),
        ]),
        el('div', { className: 'panel-actions' }, [clear]),
      ]),
      statusView(t, lang, s),
    ];
    const r = s.result;
    if (r && s.phase === 'done' && !s.problem) {
      parts.push(legend(t, r));
      if (r.kind === 'isolation') parts.push(...isolationView(lang, t, r, s.request, h));
      else if (r.kind === 'trace') parts.push(...traceView(lang, t, r, h));
      else if (r.kind === 'catchment') parts.push(...catchmentView(lang, t, r, h));
      else parts.push(...sectionView(lang, t, r, h));
      const csv = el('button', { className: 'seg', text: t('trace.export.csv'), testId: 'trace-export-csv', attrs: { type: 'button' } });
      csv.addEventListener('click', () => h.onExport('csv'));
      const gj = el('button', { className: 'seg', text: t('trace.export.geojson'), testId: 'trace-export-geojson', attrs: { type: 'button' } });
      gj.addEventListener('click', () => h.onExport('geojson'));
      parts.push(el('div', { className: 'segmented query-row' }, [csv, gj]));
    }
    // keep the open state of the lists the user opened across re-renders (a stuck valve re-runs the search)
    const opened = new Set([...root.querySelectorAll<HTMLDetailsElement>('details[data-testid]')].filter((d) => d.open).map((d) => d.dataset.testid));
    replaceChildren(root, parts);
    for (const d of root.querySelectorAll<HTMLDetailsElement>('details[data-testid]')) if (opened.has(d.dataset.testid)) d.open = true;
  };

  // Esc inside the panel clears the trace as on the map
  root.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && store.get().request) {
      e.stopPropagation();
      h.onClear();
    }
  });
  const offStore = store.subscribe(render);
  const offLang = app.watch((s) => s.lang, render);
  return {
    root,
    dispose() {
      offStore();
      offLang();
      root.remove();
    },
  };
}
