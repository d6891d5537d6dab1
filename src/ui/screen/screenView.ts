/**
 * Screen mode's page: a fixed 1920×1080 design scaled to the display (letterboxed, centred), over the map. Large type,
 * a clock, KPI boards (alarms and warnings, alarms by category, sensors online, 优良比例 of river sections, open
 * incidents and time to close against 24 h when the operations server provides them), the administrative units of
 * the level shown with breadcrumbs back up, and the tour's caption and controls. Every figure carries its data age;
 * nothing is behind a hover.
 *
 * The elements are built once and updated in place (text, hidden), and lists are rebuilt only when their content
 * changes: a screen that runs all day keeps a flat node and listener count. Every string reaches the page as text.
 */
import { category, cssColor } from '../../domain/categories';
import { ageText, FEED_TIME_ZONE, timeText } from '../feedFormat';
import { el } from '../dom';
import { localName, translate, type I18nKey, type Lang, type Params } from '../i18n';
import type { AppStore } from '../state';

export const DESIGN_W = 1920;
export const DESIGN_H = 1080;

export interface FeedFigures {
  alarms: number;
  warnings: number;
  byGroup: readonly { group: string; count: number }[];
  online: number;
  sensors: number;
  goodRatio: number | null;
  rated: number;
  /** when the feed's data was last good (client ms), null before */
  asOf: number | null;
}

export interface OpsFigures {
  open: number;
  closeP50S: number | null;
  within24h: number | null;
  /** when the figures were fetched (client ms) */
  asOf: number;
}

export interface UnitRow {
  id: string;
  name: string;
  line: string;
  alarms: number;
  warnings: number;
}

export interface UnitsView {
  /** from the city down to the unit shown: null id = the city */
  path: readonly { id: string | null; name: string }[];
  /** "Streets", "Grids" … */
  levelLabel: string;
  rows: readonly UnitRow[];
  /** a line under the list (outside every unit, or the assets of a grid) */
  note: string;
}

export interface TourView {
  caption: string;
  n: number;
  total: number;
  playing: boolean;
  /** "New alarm: JS-000123" while an alarm interrupts the tour */
  interrupt: string | null;
}

export interface ScreenModel {
  now: number;
  feed: FeedFigures | null;
  /** null: no operations server configured (the board is not shown) */
  ops: OpsFigures | null;
  units: UnitsView | null;
  tour: TourView | null;
}

export interface ScreenActions {
  /** a unit of the list: show its children (or its assets) */
  drill(id: string): void;
  /** a breadcrumb: back to that unit (null = the city) */
  crumb(id: string | null): void;
  prev(): void;
  next(): void;
  toggle(): void;
  exit(): void;
}

export interface ScreenView {
  update(model: ScreenModel): void;
  setBlack(on: boolean): void;
  /** the stage (design pixels), for tests and pictures */
  readonly stage: HTMLElement;
  dispose(): void;
}

/** Scale and offset that fit the design into a window (letterboxed, centred). */
export function fitStage(w: number, h: number): { scale: number; x: number; y: number } {
  const scale = Math.min(w / DESIGN_W, h / DESIGN_H);
  return { scale, x: (w - DESIGN_W * scale) / 2, y: (h - DESIGN_H * scale) / 2 };
}

export function mountScreenView(parent: HTMLElement, store: AppStore, actions: ScreenActions): ScreenView {
  const t = (key: I18nKey, params?: Params): string => translate(store.get().lang, key, params);
  const lang = (): Lang => store.get().lang;
  const button = (testId: string, onClick: () => void, className = 'screen-btn'): HTMLButtonElement => {
    const b = el('button', { className, testId, attrs: { type: 'button' } });
    b.addEventListener('click', onClick);
    return b;
  };

  const root = el('div', { className: 'screen-root', testId: 'screen' });
  const stage = el('div', { className: 'screen-stage', testId: 'screen-stage' });
  const black = el('div', { className: 'screen-black', testId: 'screen-black' });
  black.hidden = true;
  root.append(stage, black);
  parent.appendChild(root);

  // top bar: title, clock, exit
  const title = el('h1', { className: 'screen-title' });
  const clock = el('div', { className: 'screen-clock', testId: 'screen-clock' });
  const date = el('div', { className: 'screen-date' });
  const exit = button('screen-exit', () => actions.exit(), 'screen-btn screen-exit');
  stage.appendChild(el('header', { className: 'screen-top' }, [title, el('div', { className: 'screen-time' }, [clock, date]), exit]));

  // a board: heading, big figure, detail, age
  const board = (testId: string): { root: HTMLElement; head: HTMLElement; big: HTMLElement; detail: HTMLElement; age: HTMLElement } => {
    const head = el('h2', { className: 'board-head' });
    const big = el('div', { className: 'board-big' });
    const detail = el('div', { className: 'board-detail' });
    const age = el('div', { className: 'board-age', testId: 'board-age' });
    return { root: el('section', { className: 'screen-board', testId }, [head, big, detail, age]), head, big, detail, age };
  };
  const alarms = board('board-alarms');
  const byCat = board('board-categories');
  const online = board('board-online');
  const good = board('board-good');
  const ops = board('board-incidents');
  stage.appendChild(el('div', { className: 'screen-col screen-left' }, [alarms.root, byCat.root, online.root]));

  // units: breadcrumbs, level, rows
  const crumbs = el('nav', { className: 'screen-crumbs', testId: 'screen-crumbs' });
  const levelLabel = el('h2', { className: 'board-head' });
  const rows = el('ol', { className: 'screen-units', testId: 'screen-units' });
  const note = el('div', { className: 'board-age' });
  const units = el('section', { className: 'screen-board screen-units-board', testId: 'board-units' }, [crumbs, levelLabel, rows, note]);
  stage.appendChild(el('div', { className: 'screen-col screen-right' }, [good.root, ops.root, units]));

  // tour: caption, stop, controls
  const caption = el('div', { className: 'screen-caption', testId: 'tour-caption' });
  const stop = el('div', { className: 'screen-stop', testId: 'tour-stop' });
  const interrupt = el('div', { className: 'screen-interrupt', testId: 'tour-interrupt' });
  const prev = button('tour-prev', () => actions.prev());
  const toggle = button('tour-toggle', () => actions.toggle());
  const next = button('tour-next', () => actions.next());
  const keys = el('div', { className: 'screen-keys' });
  const tour = el('footer', { className: 'screen-tour', testId: 'screen-tour' }, [
    interrupt,
    caption,
    el('div', { className: 'screen-tour-bar' }, [prev, toggle, next, stop, keys]),
  ]);
  stage.appendChild(tour);

  const place = (): void => {
    const f = fitStage(window.innerWidth, window.innerHeight);
    stage.style.transform = `translate(${f.x}px, ${f.y}px) scale(${f.scale})`;
  };
  place();
  window.addEventListener('resize', place);

  let model: ScreenModel | null = null;
  let crumbSig = '';
  let rowSig = '';
  let catSig = '';

  const asOf = (at: number | null, now: number): string =>
    at === null ? t('screen.noData') : t('screen.asOf', { time: timeText(at, lang()), age: ageText(Math.max(0, now - at), lang()) });

  const render = (): void => {
    const m = model;
    title.textContent = t('screen.title');
    exit.textContent = t('screen.exit');
    const now = m?.now ?? Date.now();
    const d = new Date(now);
    // Chongqing time, as every time the feed shows (feedFormat.ts)
    clock.textContent = d.toLocaleTimeString(lang() === 'en' ? 'en-GB' : 'zh-CN', { hour12: false, timeZone: FEED_TIME_ZONE });
    date.textContent = d.toLocaleDateString(lang() === 'en' ? 'en-GB' : 'zh-CN', { year: 'numeric', month: 'long', day: 'numeric', weekday: 'long', timeZone: FEED_TIME_ZONE });
    const f = m?.feed ?? null;
    alarms.head.textContent = `${t('screen.alarms')} / ${t('screen.warnings')}`;
    alarms.big.textContent = f ? `${f.alarms} / ${f.warnings}` : '—';
    alarms.detail.textContent = '';
    alarms.age.textContent = asOf(f?.asOf ?? null, now);
    byCat.head.textContent = t('screen.byCategory');
    const sig = f ? `${lang()}|${f.byGroup.map((g) => `${g.group}:${g.count}`).join(',')}` : '';
    if (sig !== catSig) {
      catSig = sig;
      const list = f?.byGroup ?? [];
      byCat.big.replaceChildren(
        ...(list.length
          ? list.map(({ group, count }) => {
              const def = group === 'section' ? null : category(group);
              const name = def ? localName(def, lang()) : translate(lang(), 'alarms.section');
              return el('div', { className: 'board-row', attrs: { 'data-group': group } }, [
                el('span', { className: 'board-swatch', style: { background: def ? cssColor(def.display) : '#68cffe' } }),
                el('span', { className: 'board-row-name', text: name }),
                el('strong', { text: String(count) }),
              ]);
            })
          : [el('div', { className: 'board-row muted', text: t('screen.noAlarms') })]),
      );
    }
    byCat.age.textContent = asOf(f?.asOf ?? null, now);
    online.head.textContent = t('screen.sensorsOnline');
    online.big.textContent = f ? `${f.online} / ${f.sensors}` : '—';
    online.detail.textContent = f && f.sensors > 0 ? `${Math.round((f.online / f.sensors) * 100)}%` : '';
    online.age.textContent = asOf(f?.asOf ?? null, now);
    good.head.textContent = t('screen.goodRatio');
    good.big.textContent = f && f.goodRatio !== null ? `${Math.round(f.goodRatio * 100)}%` : '—';
    good.detail.textContent = f ? t('screen.goodRated', { n: f.rated }) : '';
    good.age.textContent = asOf(f?.asOf ?? null, now);

    const o = m?.ops ?? null;
    ops.root.hidden = o === null;
    if (o) {
      ops.head.textContent = t('screen.incidents');
      ops.big.textContent = String(o.open);
      const p50 = o.closeP50S === null ? '—' : t('screen.hours', { h: (o.closeP50S / 3600).toFixed(1) });
      const share = o.within24h === null ? '—' : `${Math.round(o.within24h * 100)}%`;
      ops.detail.textContent = `${t('screen.closeP50', { p50 })} · ${t('screen.within24h', { share })}`;
      ops.age.textContent = asOf(o.asOf, now);
    }

    const u = m?.units ?? null;
    units.hidden = u === null;
    if (u) {
      const cs = u.path.map((p) => `${p.id}:${p.name}`).join('>');
      if (cs !== crumbSig) {
        crumbSig = cs;
        crumbs.setAttribute('aria-label', t('screen.breadcrumbs'));
        crumbs.replaceChildren(
          ...u.path.flatMap((p, i) => {
            const last = i === u.path.length - 1;
            const item = last
              ? el('span', { className: 'crumb current', text: p.name, attrs: { 'aria-current': 'location' } })
              : button('crumb', () => actions.crumb(p.id), 'crumb');
            if (!last) item.textContent = p.name;
            return i === 0 ? [item] : [el('span', { className: 'crumb-sep', text: '›' }), item];
          }),
        );
      }
      levelLabel.textContent = u.levelLabel;
      const rs = u.rows.map((r) => `${r.id}|${r.name}|${r.line}|${r.alarms}|${r.warnings}`).join('\n');
      if (rs !== rowSig) {
        rowSig = rs;
        rows.replaceChildren(
          ...u.rows.map((r) => {
            const b = button('unit-row', () => actions.drill(r.id), `unit-row${r.alarms ? ' has-alarms' : r.warnings ? ' has-warnings' : ''}`);
            b.dataset.id = r.id;
            b.append(el('span', { className: 'unit-name', text: r.name }), el('span', { className: 'unit-line', text: r.line }));
            return el('li', {}, [b]);
          }),
        );
      }
      note.textContent = u.note;
    }

    const tv = m?.tour ?? null;
    tour.hidden = tv === null;
    if (tv) {
      caption.textContent = tv.caption;
      stop.textContent = `${t('tour.stop', { n: tv.n, total: tv.total })}${tv.playing ? '' : ` · ${t('tour.paused')}`}`;
      interrupt.textContent = tv.interrupt ?? '';
      interrupt.hidden = tv.interrupt === null;
      prev.textContent = `◀ ${t('tour.prev')}`;
      next.textContent = `${t('tour.next')} ▶`;
      toggle.textContent = tv.playing ? `❚❚ ${t('tour.pause')}` : `▶ ${t('tour.play')}`;
      toggle.setAttribute('aria-pressed', tv.playing ? 'true' : 'false');
      keys.textContent = t('tour.keys');
    }
  };

  const offLang = store.watch((s) => s.lang, () => {
    catSig = crumbSig = rowSig = '';
    render();
  });
  return {
    stage,
    update(next) {
      model = next;
      render();
    },
    setBlack(on) {
      black.hidden = !on;
    },
    dispose() {
      offLang();
      window.removeEventListener('resize', place);
      root.remove();
    },
  };
}
