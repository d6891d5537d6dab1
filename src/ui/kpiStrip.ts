/**
 * The KPI strip: active alarms by category (and river sections), warnings, sensors online / total, and the share of
 * river sections in GB 3838 class I–III (优良比例). `computeKpis` is the pure part; the strip renders it as text.
 */
import { CATEGORY_CODES, category, cssColor } from '../domain/categories';
import { STATUS_ALARM, STATUS_OFFLINE, STATUS_UNKNOWN, STATUS_WARNING, type StatusCode } from '../domain/status';
import { goodRatio, type WqClass } from '../domain/waterQuality';
import type { AlarmGroup, AlarmRow } from './alarmList';
import { el, replaceChildren } from './dom';
import { localName, translate } from './i18n';
import type { AppStore } from './state';

export interface Kpis {
  /** rows in alarm, by group (categories in CJJ 61 order, then sections); only groups with alarms */
  alarmsByGroup: { group: AlarmGroup; count: number }[];
  alarms: number;
  warnings: number;
  /** sensors reporting within their staleness window (normal, warning or alarm) */
  online: number;
  sensors: number;
  /** share of rated sections in class I–III, null when none is rated */
  goodRatio: number | null;
  sectionsRated: number;
}

export interface KpiSource {
  /** status of every sensor */
  sensorStatuses(): ArrayLike<StatusCode>;
  /** current class of every section (null: no reading online) */
  sectionClasses(): readonly (WqClass | null)[];
}

export function computeKpis(rows: readonly AlarmRow[], source: KpiSource): Kpis {
  const byGroup = new Map<AlarmGroup, number>();
  let alarms = 0;
  let warnings = 0;
  for (const r of rows) {
    if (r.code === STATUS_ALARM) {
      alarms++;
      if (r.group) byGroup.set(r.group, (byGroup.get(r.group) ?? 0) + 1);
    } else if (r.code === STATUS_WARNING) warnings++;
  }
  const order: AlarmGroup[] = [...CATEGORY_CODES, 'section'];
  const statuses = source.sensorStatuses();
  let online = 0;
  for (let i = 0; i < statuses.length; i++) {
    const s = statuses[i];
    if (s !== STATUS_OFFLINE && s !== STATUS_UNKNOWN) online++;
  }
  const classes = source.sectionClasses();
  const rated = classes.filter((c) => c !== null).length;
  return {
    alarmsByGroup: order.filter((g) => byGroup.has(g)).map((g) => ({ group: g, count: byGroup.get(g) ?? 0 })),
    alarms,
    warnings,
    online,
    sensors: statuses.length,
    goodRatio: goodRatio(classes),
    sectionsRated: rated,
  };
}

export interface KpiStripView {
  update(k: Kpis): void;
}

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
    const ratio = k.goodRatio === null ? t('kpi.none') : `${Math.round(k.goodRatio * 100)}% (${k.sectionsRated})`;
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

  store.watch((s) => s.lang, render);
  return {
    update(next) {
      kpis = next;
      render();
    },
  };
}
