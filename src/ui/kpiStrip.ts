/**
 * The KPI strip: active alarms by category (and river sections), warnings, sensors online / total, and the share of
 * river sections in GB 3838 class I–III (优良比例) over the sections whose class is current, with the number left
 * out because their deciding sensor is silent beside it. Counts are true totals (not the rows the list draws).
 * `computeKpis` is the pure part; the strip renders it as text.
 */
import { category, cssColor } from '../domain/categories';
import { STATUS_OFFLINE, STATUS_UNKNOWN, type StatusCode } from '../domain/status';
import { goodRatio, type WqClass } from '../domain/waterQuality';
import type { AlarmGroup, AlarmView } from './alarmList';
import { el, replaceChildren } from './dom';
import { localName, translate } from './i18n';
import { livePanel, type LivePanel } from './livePanel';
import type { AppStore } from './state';

export interface Kpis {
  /** alarms by group (categories in CJJ 61 order, then sections); only groups with alarms; over all of them */
  alarmsByGroup: { group: AlarmGroup; count: number }[];
  /** every asset and section in alarm (not only the rows drawn); stale ones included */
  alarms: number;
  warnings: number;
  /** sensors reporting within their staleness window (normal, warning or alarm) */
  online: number;
  sensors: number;
  /** share of rated sections in class I–III, null when none is rated */
  goodRatio: number | null;
  /** sections whose class is current (rated) */
  sectionsRated: number;
  /** sections with a class that rests on a silent sensor: left out of the ratio */
  sectionsStale: number;
}

export interface KpiSource {
  /** status of every sensor */
  sensorStatuses(): ArrayLike<StatusCode>;
  /** whether each sensor is silent (no reading within its window), same order */
  sensorSilent(): ArrayLike<boolean>;
  /** class of every section (last known when stale; null: never read) */
  sections(): readonly { cls: WqClass | null; stale: boolean }[];
}

export function computeKpis(view: Pick<AlarmView, 'alarms' | 'warnings' | 'alarmsByGroup'>, source: KpiSource): Kpis {
  const statuses = source.sensorStatuses();
  const silent = source.sensorSilent();
  let online = 0;
  for (let i = 0; i < statuses.length; i++) {
    const s = statuses[i];
    if (s !== STATUS_OFFLINE && s !== STATUS_UNKNOWN && !silent[i]) online++;
  }
  const sections = source.sections();
  const current = sections.map((x) => (x.stale ? null : x.cls));
  return {
    alarmsByGroup: view.alarmsByGroup,
    alarms: view.alarms,
    warnings: view.warnings,
    online,
    sensors: statuses.length,
    goodRatio: goodRatio(current),
    sectionsRated: current.filter((c) => c !== null).length,
    sectionsStale: sections.filter((x) => x.stale && x.cls !== null).length,
  };
}

export type KpiStripView = LivePanel<Kpis>;

export function mountKpiStrip(parent: HTMLElement, store: AppStore): KpiStripView {
  const root = el('div', { className: 'kpi-strip', testId: 'kpi-strip' });
  parent.appendChild(root);
  let kpis: Kpis | null = null;

  const render = (): void => {
    const lang = store.get().lang;
    const t = (k: Parameters<typeof translate>[1], p?: Parameters<typeof translate>[2]): string => translate(lang, k, p);
    if (!kpis) {
      replaceChildren(root, []);
      return;
    }
    const k = kpis;
    const groups = k.alarmsByGroup.map(({ group, count }) => {
      const def = group === 'section' ? null : category(group);
      const name = def ? localName(def, lang) : t('alarms.section');
      return el('span', { className: 'kpi-group', attrs: { 'data-group': group } }, [
        el('span', { className: 'kpi-swatch', style: { background: def ? cssColor(def.display) : '#68cffe' } }),
        el('span', { text: `${name} ${count}` }),
      ]);
    });
    const rated = k.goodRatio === null ? t('kpi.none') : `${Math.round(k.goodRatio * 100)}% (${k.sectionsRated})`;
    const staleNote = k.sectionsStale > 0 ? t('kpi.staleLeftOut', { n: k.sectionsStale }) : '';
    const ratio = staleNote ? `${rated} · ${staleNote}` : rated;
    replaceChildren(root, [
      el('span', { className: 'kpi kpi-alarms', testId: 'kpi-alarms' }, [
        el('span', { className: 'kpi-label', text: t('kpi.alarms') }),
        el('strong', { text: String(k.alarms) }),
        ...groups,
      ]),
      el('span', { className: 'kpi kpi-warnings', testId: 'kpi-warnings' }, [
        el('span', { className: 'kpi-label', text: t('kpi.warnings') }),
        el('strong', { text: String(k.warnings) }),
      ]),
      el('span', { className: 'kpi kpi-online', testId: 'kpi-online' }, [
        el('span', { className: 'kpi-label', text: t('kpi.online') }),
        el('strong', { text: `${k.online} / ${k.sensors}` }),
      ]),
      el('span', { className: 'kpi kpi-good', testId: 'kpi-good' }, [
        el('span', { className: 'kpi-label', text: t('kpi.goodRatio') }),
        el('strong', { text: ratio }),
      ]),
    ]);
  };

  return livePanel<Kpis>(root, store, (next) => (kpis = next), render);
}
