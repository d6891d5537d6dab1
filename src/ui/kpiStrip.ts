/**
 * The KPI strip: active alarms by category (and river sections), warnings, sensors online / total, and the share of
 * river sections in GB 3838 class I–III (优良比例) over the sections whose class is current, with the number left
 * out because their deciding sensor is silent beside it. Counts are true totals (not the rows the list draws).
 * With an operations server (issue 12) it adds the open incidents and the median time to close against the 24-hour
 * target, with the share closed within it (`setOps`; the server computes them, domain/ops.ts computeKpis).
 * `computeKpis` is the pure part; the strip renders it as text.
 */
import { CLOSE_TARGET_S, OPEN_STAGES, type Kpis as ServerKpis } from '../domain/ops';
import { category, cssColor } from '../domain/categories';
import { STATUS_OFFLINE, STATUS_UNKNOWN, type StatusCode } from '../domain/status';
import { goodRatio, type WqClass } from '../domain/waterQuality';
import type { AlarmGroup, AlarmView } from './alarmList';
import { el, replaceChildren } from './dom';
import { localName, translate } from './i18n';
import { livePanel, type LivePanel } from './livePanel';
import { durationText } from './opsState';
import type { AppStore } from './state';

/** What the strip shows of the operations server's KPIs. */
export type OpsKpis = Pick<ServerKpis, 'open' | 'closeP50S' | 'closedWithin24hShare'> & Partial<Pick<ServerKpis, 'openByStage' | 'ackP50S'>>;

/** "Reported 2 · Dispatched 1" (open stages with incidents), for the open-incidents item's tooltip. */
export function openByStageText(k: OpsKpis, lang: Parameters<typeof translate>[0]): string {
  const by = k.openByStage;
  if (!by) return '';
  return OPEN_STAGES.filter((s) => by[s] > 0)
    .map((s) => `${translate(lang, `incidents.stage.${s}`)} ${by[s]}`)
    .join(' · ');
}

/** "5.2 h (target 24 h) · 80% within 24 h", or "none closed yet". */
export function closeText(k: OpsKpis, lang: Parameters<typeof translate>[0]): string {
  if (k.closeP50S === null) return translate(lang, 'kpi.noneClosed');
  const median = translate(lang, 'kpi.closeVsTarget', { median: durationText(k.closeP50S, lang), target: durationText(CLOSE_TARGET_S, lang) });
  const share = k.closedWithin24hShare === null ? '' : ` · ${translate(lang, 'kpi.within24h', { pct: Math.round(k.closedWithin24hShare * 100) })}`;
  return median + share;
}

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

export type KpiStripView = LivePanel<Kpis> & {
  /** the operations server's incident KPIs (null: no server, not shown) */
  setOps(ops: OpsKpis | null): void;
};

export function mountKpiStrip(parent: HTMLElement, store: AppStore): KpiStripView {
  const root = el('div', { className: 'kpi-strip', testId: 'kpi-strip' });
  parent.appendChild(root);
  let kpis: Kpis | null = null;
  let ops: OpsKpis | null = null;

  const opsItems = (t: (k: Parameters<typeof translate>[1], p?: Parameters<typeof translate>[2]) => string): HTMLElement[] =>
    ops === null
      ? []
      : [
          el('span', { className: 'kpi kpi-incidents', testId: 'kpi-incidents', title: openByStageText(ops, store.get().lang) }, [
            el('span', { className: 'kpi-label', text: t('kpi.openIncidents') }),
            el('strong', { text: String(ops.open) }),
          ]),
          ...(ops.ackP50S === undefined || ops.ackP50S === null
            ? []
            : [
                el('span', { className: 'kpi kpi-ack', testId: 'kpi-ack' }, [
                  el('span', { className: 'kpi-label', text: t('kpi.timeToAck') }),
                  el('strong', { text: durationText(ops.ackP50S, store.get().lang) }),
                ]),
              ]),
          el('span', { className: 'kpi kpi-close', testId: 'kpi-close' }, [
            el('span', { className: 'kpi-label', text: t('kpi.timeToClose') }),
            el('strong', { text: closeText(ops, store.get().lang) }),
          ]),
        ];

  const render = (): void => {
    const lang = store.get().lang;
    const t = (k: Parameters<typeof translate>[1], p?: Parameters<typeof translate>[2]): string => translate(lang, k, p);
    if (!kpis) {
      replaceChildren(root, opsItems(t));
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
      ...opsItems(t),
    ]);
  };

  const panel = livePanel<Kpis>(root, store, (next) => (kpis = next), render);
  return {
    ...panel,
    setOps(next) {
      ops = next;
      render();
    },
  };
}
