/**
 * The alarm list: assets and river sections in alarm, warning or offline, most urgent first, then most recent.
 * Each row names the asset (id + category or section name), the metric that decides it, its value against the
 * normal band (or the class against the target), and since when. Click a row → the app flies to the asset and
 * selects it. Acknowledging keeps a row (greyed, moved below the unacknowledged ones) and is remembered in
 * localStorage across reloads, per asset and status, until the asset is seen normal again.
 *
 * The pure parts (row building, ordering, the acknowledgement store) are exported for tests; the DOM part inserts
 * every string from the feed with textContent.
 */
import { category, cssColor, isCategoryCode, subType } from '../domain/categories';
import { metric as metricDef, type MetricDef } from '../domain/metrics';
import type { CategoryCode } from '../domain/schema';
import { STATUS_OFFLINE, statusDef, statusRank, type StatusCode } from '../domain/status';
import type { Limits } from '../domain/thresholds';
import { wqClassDef, type WqClass } from '../domain/waterQuality';
import type { AlarmItem, SectionState, SensorState } from '../feed/store';
import { el } from './dom';
import { ageText, metricName, normalBandText, timeText, valueText } from './feedFormat';
import { localName, translate, type Lang } from './i18n';
import type { AppStore } from './state';

export type AlarmGroup = CategoryCode | 'section';

export interface AlarmRow {
  kind: 'asset' | 'section';
  id: string;
  /** −1 for sections */
  gid: number;
  code: StatusCode;
  /** when the current status began (server ms) */
  since: number;
  group: AlarmGroup | null;
  /** the sensor (metric) that decides the status, when one does */
  metric: MetricDef | null;
  value: number | null;
  /** time of that value (server ms) */
  time: number | null;
  limits: Limits | null;
  /** sections: the current class and the target */
  cls: WqClass | null;
  targetClass: number | null;
}

/** What the rows are built from (a FeedStore fits). */
export interface AlarmSource {
  alarms(limit?: number): AlarmItem[];
  sensorsOf(assetId: string): SensorState[];
  section(id: string): SectionState | undefined;
}

/** Category of an asset id from its prefix: "JS-…" → JS, "JP-…" (a sub-type) → JS; null when unknown. */
export function groupOfId(id: string): CategoryCode | null {
  const dash = id.indexOf('-');
  const prefix = dash > 0 ? id.slice(0, dash) : id;
  if (isCategoryCode(prefix)) return prefix;
  return subType(prefix)?.cat.code ?? null;
}

function assetRow(item: AlarmItem, sensors: readonly SensorState[]): AlarmRow {
  // the sensor with the asset's status decides it; among several, the newest reading
  let best: SensorState | null = null;
  for (const s of sensors) {
    if (s.status !== item.code) continue;
    if (!best || (s.time ?? -Infinity) > (best.time ?? -Infinity)) best = s;
  }
  return {
    kind: 'asset',
    id: item.id,
    gid: item.gid,
    code: item.code,
    since: item.since,
    group: groupOfId(item.id),
    metric: best?.metric ?? null,
    value: best?.value ?? null,
    time: best?.time ?? null,
    limits: best?.limits ?? null,
    cls: null,
    targetClass: null,
  };
}

function sectionRow(item: AlarmItem, state: SectionState | undefined): AlarmRow {
  const p = state?.worst[0];
  const m = p ? metricDef(p) ?? null : null;
  return {
    kind: 'section',
    id: item.id,
    gid: -1,
    code: item.code,
    since: item.since,
    group: 'section',
    metric: m,
    value: p !== undefined ? state?.values[p] ?? null : null,
    time: state?.time ?? null,
    limits: null,
    cls: state?.cls ?? null,
    targetClass: state?.targetClass ?? null,
  };
}

export function buildAlarmRows(source: AlarmSource, limit = 500): AlarmRow[] {
  return source
    .alarms(limit)
    .map((item) => (item.kind === 'asset' ? assetRow(item, source.sensorsOf(item.id)) : sectionRow(item, source.section(item.id))));
}

export function ackKey(row: Pick<AlarmRow, 'id' | 'code'>): string {
  return `${row.id}|${row.code}`;
}

/** Severity, then most recent first; acknowledged rows after all unacknowledged ones (same order within). */
export function orderRows(rows: readonly AlarmRow[], isAcked: (row: AlarmRow) => boolean): AlarmRow[] {
  const sorted = rows.slice().sort((a, b) => statusRank(b.code) - statusRank(a.code) || b.since - a.since || (a.id < b.id ? -1 : 1));
  return [...sorted.filter((r) => !isAcked(r)), ...sorted.filter((r) => isAcked(r))];
}

/** The part of localStorage the acknowledgements need (tests pass a Map-backed one). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export const ACK_STORAGE_KEY = 'cq-twin.alarmAcks';
const MAX_ACKS = 2000;

/** Acknowledged alarms, keyed by asset id and status code, persisted as JSON { key: ackedAtMs }. */
export class AckStore {
  private readonly acks = new Map<string, number>();
  /** asset id → its keys (clearAsset is called for every asset seen normal: keep it O(1) when there is none) */
  private readonly byId = new Map<string, Set<string>>();
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly storage: KeyValueStorage | null,
    private readonly now: () => number = Date.now,
  ) {
    try {
      const raw: unknown = JSON.parse(storage?.getItem(ACK_STORAGE_KEY) ?? '{}');
      if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
        for (const [k, v] of Object.entries(raw as Record<string, unknown>)) if (typeof v === 'number') this.put(k, v);
      }
    } catch {
      /* unreadable: start empty */
    }
  }

  has(row: Pick<AlarmRow, 'id' | 'code'>): boolean {
    return this.acks.has(ackKey(row));
  }

  set(row: Pick<AlarmRow, 'id' | 'code'>, acked: boolean): void {
    const key = ackKey(row);
    if (acked === this.acks.has(key)) return;
    if (acked) this.put(key, this.now());
    else this.drop(key);
    this.save();
  }

  private put(key: string, at: number): void {
    this.acks.set(key, at);
    const id = key.slice(0, key.lastIndexOf('|'));
    let keys = this.byId.get(id);
    if (!keys) this.byId.set(id, (keys = new Set()));
    keys.add(key);
  }

  private drop(key: string): void {
    this.acks.delete(key);
    const id = key.slice(0, key.lastIndexOf('|'));
    const keys = this.byId.get(id);
    keys?.delete(key);
    if (keys && keys.size === 0) this.byId.delete(id);
  }

  /** The asset is back to normal: its acknowledgements end (a new alarm later is new). */
  clearAsset(id: string): void {
    const keys = this.byId.get(id);
    if (!keys) return;
    for (const k of [...keys]) this.drop(k);
    this.save();
  }

  get size(): number {
    return this.acks.size;
  }

  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private save(): void {
    if (this.acks.size > MAX_ACKS) {
      const oldest = [...this.acks.entries()].sort((a, b) => a[1] - b[1]).slice(0, this.acks.size - MAX_ACKS);
      for (const [k] of oldest) this.drop(k);
    }
    try {
      this.storage?.setItem(ACK_STORAGE_KEY, JSON.stringify(Object.fromEntries(this.acks)));
    } catch {
      /* private mode / full: acknowledgements last for this page */
    }
    for (const l of [...this.listeners]) l();
  }
}

/** Second line of a row: what is wrong, in words. */
export function describeRow(row: AlarmRow, lang: Lang, serverNow: number): string {
  if (row.code === STATUS_OFFLINE) {
    const age = row.time !== null ? ageText(serverNow - row.time, lang) : ageText(serverNow - row.since, lang);
    return (row.metric ? `${metricName(row.metric, lang)} · ` : '') + translate(lang, 'alarms.offline', { age });
  }
  if (!row.metric) return translate(lang, `status.${statusDef(row.code).key}`);
  const name = metricName(row.metric, lang);
  if (row.kind === 'section') {
    const v = row.value !== null ? `${valueText(row.metric, row.value)} · ` : '';
    const cls = row.cls !== null ? wqClassDef(row.cls).roman : '?';
    const target = row.targetClass !== null && row.targetClass >= 1 && row.targetClass <= 6 ? wqClassDef(row.targetClass as WqClass).roman : '?';
    return `${name} ${v}${translate(lang, 'alarms.class', { cls, target })}`;
  }
  if (row.value === null) return name;
  const band = row.limits ? normalBandText(row.metric, row.limits, lang) : null;
  const value = valueText(row.metric, row.value);
  return `${name} ${band ? translate(lang, 'alarms.value', { value, band }) : value}`;
}

export function groupName(group: AlarmGroup | null, lang: Lang, sectionName?: { zh: string; en: string }): string {
  if (group === 'section') return sectionName ? localName(sectionName, lang) : translate(lang, 'alarms.section');
  if (group === null) return '';
  const def = category(group);
  return def ? localName(def, lang) : group;
}

export interface AlarmListOptions {
  acks: AckStore;
  /** fly to the row's asset / section and select it */
  open(row: AlarmRow): void;
  /** river section names by id */
  sectionName?(id: string): { zh: string; en: string } | undefined;
  /** rows drawn at most (the rest are counted) */
  maxRows?: number;
}

export interface AlarmListView {
  update(rows: readonly AlarmRow[], serverNow: number): void;
}

export function mountAlarmList(parent: HTMLElement, store: AppStore, opts: AlarmListOptions): AlarmListView {
  const root = el('section', { className: 'panel alarm-panel', testId: 'alarm-list' });
  parent.appendChild(root);
  let rows: readonly AlarmRow[] = [];
  let now = 0;
  const maxRows = opts.maxRows ?? 200;

  // persistent parts; rows are rebuilt only when what they show changes (a row under the pointer stays the same
  // element between feed updates, so clicks are never lost to a re-render)
  const title = el('h2', { className: 'panel-title' });
  const count = el('span', { className: 'alarm-count', testId: 'alarm-count' });
  const none = el('p', { className: 'muted' });
  const list = el('ul', { className: 'alarm-rows' });
  const more = el('p', { className: 'muted' });
  root.append(el('header', { className: 'panel-header' }, [title, count]), none, list, more);
  let cache = new Map<string, { sig: string; li: HTMLLIElement }>();

  const buildRow = (row: AlarmRow, acked: boolean, lang: Lang, line2: string, line3: string): HTMLLIElement => {
    const t = (k: Parameters<typeof translate>[1]): string => translate(lang, k);
    const def = statusDef(row.code);
    const ack = el('button', {
      className: 'alarm-ack',
      text: acked ? '↺' : '✓',
      title: t(acked ? 'alarms.unack' : 'alarms.ack'),
      testId: 'alarm-ack',
      attrs: { type: 'button', 'aria-label': t(acked ? 'alarms.unack' : 'alarms.ack') },
    });
    ack.addEventListener('click', (e) => {
      e.stopPropagation();
      opts.acks.set(row, !acked);
    });
    const open = el('button', { className: 'alarm-open', testId: 'alarm-open', attrs: { type: 'button' } }, [
      el('div', { className: 'alarm-line1' }, [
        el('span', { className: `status-chip status-${def.key}`, text: t(`status.${def.key}`), style: { background: cssColor(def.color) } }),
        el('span', { className: 'alarm-id', text: row.id }),
        el('span', { className: 'alarm-group', text: groupName(row.group, lang, row.kind === 'section' ? opts.sectionName?.(row.id) : undefined) }),
      ]),
      el('div', { className: 'alarm-line2', text: line2 }),
      el('div', { className: 'alarm-line3 muted', text: line3 }),
    ]);
    open.addEventListener('click', () => opts.open(row));
    return el(
      'li',
      {
        className: `alarm-row status-${def.key}${acked ? ' acked' : ''}`,
        style: { borderColor: cssColor(def.color) },
        attrs: { 'data-id': row.id, 'data-code': String(row.code) },
      },
      [open, ack],
    );
  };

  const render = (): void => {
    const lang = store.get().lang;
    const t = (k: Parameters<typeof translate>[1], p?: Parameters<typeof translate>[2]): string => translate(lang, k, p);
    const ordered = orderRows(rows, (r) => opts.acks.has(r));
    const shown = ordered.slice(0, maxRows);
    const next = new Map<string, { sig: string; li: HTMLLIElement }>();
    const items = shown.map((row) => {
      const acked = opts.acks.has(row);
      const line2 = describeRow(row, lang, now);
      const line3 = t('alarms.since', { time: timeText(row.since, lang) }) + (acked ? ` · ${t('alarms.acked')}` : '');
      const key = `${row.kind}|${row.id}|${row.code}`;
      const sig = [lang, acked, line2, line3, row.gid].join('\u0000');
      const held = cache.get(key);
      const li = held && held.sig === sig ? held.li : buildRow(row, acked, lang, line2, line3);
      next.set(key, { sig, li });
      return li;
    });
    cache = next;
    const same = items.length === list.children.length && items.every((li, i) => list.children[i] === li);
    if (!same) list.replaceChildren(...items);
    title.textContent = t('alarms.title');
    count.textContent = String(ordered.filter((r) => !opts.acks.has(r)).length);
    none.textContent = t('alarms.none');
    none.hidden = rows.length !== 0;
    list.hidden = rows.length === 0;
    more.hidden = ordered.length <= shown.length;
    more.textContent = more.hidden ? '' : t('alarms.more', { n: ordered.length - shown.length });
  };

  opts.acks.onChange(render);
  store.watch((s) => s.lang, render);
  return {
    update(next, serverNow) {
      rows = next;
      now = serverNow;
      render();
    },
  };
}
