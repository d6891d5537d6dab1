/**
 * Live readings of the selected asset (or a river section opened from the alarm list): each sensor's latest value
 * against its normal band (or its GB 3838 class), its status, its time, and a sparkline of its recent history.
 * Hidden when the shown asset has no sensor. Every string from the feed goes in with textContent.
 */
import { cssColor } from '../domain/categories';
import { statusDef } from '../domain/status';
import { wqClassDef } from '../domain/waterQuality';
import type { SensorState } from '../feed/store';
import { el, replaceChildren } from './dom';
import { ageText, alarmBandText, metricName, normalBandText, timeText, valueText } from './feedFormat';
import { translate, type Lang } from './i18n';
import { sparklineSvg } from './sparkline';
import type { AppStore } from './state';

export interface ReadingsSource {
  sensorsOf(assetId: string): SensorState[];
  history(sensorIndex: number): { times: ArrayLike<number>; values: ArrayLike<number> };
  /** server clock now, ms */
  serverNow(): number;
}

export interface ReadingsPanelView {
  /** show a section (or any id) until the selection changes */
  focus(id: string | null): void;
  /** re-render when one of these sensors has news (or always when omitted) */
  refresh(sensors?: ArrayLike<number>): void;
  /** the id currently shown, null when hidden */
  shownId(): string | null;
  /** removes the panel and its listeners */
  dispose(): void;
}

/** One sensor's lines of text (pure; tested in Node). */
export function readingLines(s: SensorState, lang: Lang, serverNow: number): { title: string; value: string; detail: string[] } {
  const title = `${metricName(s.metric, lang)} · ${s.sensor}`;
  if (s.value === null || s.time === null) return { title, value: translate(lang, 'readings.noValue'), detail: [] };
  const detail: string[] = [];
  if (s.wqClass !== null) detail.push(translate(lang, 'readings.class', { cls: wqClassDef(s.wqClass).roman }));
  if (s.limits) {
    const band = normalBandText(s.metric, s.limits, lang);
    if (band) detail.push(translate(lang, 'readings.band', { band }));
    const alarm = alarmBandText(s.metric, s.limits, lang);
    if (alarm) detail.push(translate(lang, 'readings.alarmBand', { band: alarm }));
  }
  const when = `${timeText(s.time, lang)}${s.stale ? ` · ${translate(lang, 'alarms.offline', { age: ageText(serverNow - s.time, lang) })}` : ''}`;
  detail.push(when);
  return { title, value: valueText(s.metric, s.value), detail };
}

export function mountReadingsPanel(parent: HTMLElement, store: AppStore, source: ReadingsSource): ReadingsPanelView {
  const root = el('section', { className: 'panel readings-panel', testId: 'readings-panel' });
  root.hidden = true;
  parent.appendChild(root);
  let focused: string | null = null;
  let shownSensors = new Set<number>();
  let shown: string | null = null;

  const currentId = (): string | null => focused ?? store.get().selection?.id ?? null;

  const render = (): void => {
    const id = currentId();
    const sensors = id ? source.sensorsOf(id) : [];
    shownSensors = new Set(sensors.map((s) => s.index));
    root.hidden = sensors.length === 0;
    shown = sensors.length ? id : null;
    if (!id || sensors.length === 0) {
      replaceChildren(root, []);
      return;
    }
    const lang = store.get().lang;
    const now = source.serverNow();
    const items = sensors.map((s) => {
      const def = statusDef(s.status);
      const lines = readingLines(s, lang, now);
      const h = source.history(s.index);
      const band = s.limits ? { lo: s.limits.warnLow, hi: s.limits.warnHigh } : null;
      return el('li', { className: `reading status-${def.key}`, attrs: { 'data-sensor': s.sensor, 'data-status': String(s.status) } }, [
        el('div', { className: 'reading-title', text: lines.title }),
        el('div', { className: 'reading-value' }, [
          el('strong', { text: lines.value }),
          el('span', { className: `status-chip status-${def.key}`, text: translate(lang, `status.${def.key}`), style: { background: cssColor(def.color) } }),
        ]),
        ...lines.detail.map((d) => el('div', { className: 'reading-detail muted', text: d })),
        h.times.length > 1
          ? sparklineSvg(h.times, h.values, band, { label: translate(lang, 'readings.history', { n: h.times.length }) })
          : null,
      ]);
    });
    replaceChildren(root, [
      el('header', { className: 'panel-header' }, [
        el('div', {}, [el('div', { className: 'panel-kicker', text: translate(lang, 'readings.title') }), el('h2', { className: 'asset-id', text: id })]),
      ]),
      el('ul', { className: 'reading-list' }, items),
    ]);
  };

  const offSelection = store.watch(
    (s) => s.selection,
    () => {
      focused = null;
      render();
    },
  );
  const offLang = store.watch((s) => s.lang, render);
  return {
    dispose() {
      offSelection();
      offLang();
      root.remove();
    },
    focus(id) {
      focused = id;
      render();
    },
    refresh(sensors) {
      if (!sensors) return render();
      for (let k = 0; k < sensors.length; k++) if (shownSensors.has(sensors[k])) return render();
    },
    shownId: () => shown,
  };
}
