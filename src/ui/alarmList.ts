/**
 * The alarm list: assets and river sections in alarm or warning, most urgent first, then most recent, then offline
 * assets grouped (by CJJ 61 category and area: the water-supply pressure zone that sensors.json gives, else "area not
 * recorded"; river sections as one group), one row per group with a count, after the alarms.
 *
 * Each alarm row names the asset (id + category or section name), the metric that decides it, its value against the
 * normal band (or the class against the target, with the primary pollutants), and since when. A warning or alarm
 * whose sensor went silent stays in its place with its last value: "no data since …" (stale); an operator can clear
 * it (⊘, distinct from acknowledging). Click a row → the app flies to the asset and selects it. Acknowledging keeps a
 * row (greyed, moved below the unacknowledged ones) and is remembered in localStorage across reloads, per asset and
 * status, until the asset is seen normal again. With an operations server (config `sharedState`) the acknowledgements
 * come from it instead (ui/sharedAcks.ts, per alarm episode, shown only once the server saved them) and a row can open
 * an incident (⚑). After an acknowledgement or a clear from the keyboard, focus moves to
 * the row now in that place (the next one), never to the page body.
 *
 * Counts are true totals: the list draws at most `maxRows` rows and says "200 of 1,146 shown".
 *
 * The pure parts (view building, ordering, the acknowledgement store) are exported for tests; the DOM part inserts
 * every string from the feed with textContent.
 */
import { CATEGORY_CODES, category, cssColor, isCategoryCode, subType } from '../domain/categories';
import { metric as metricDef, type MetricDef } from '../domain/metrics';
import type { CategoryCode } from '../domain/schema';
import { STATUS_ALARM, STATUS_OFFLINE, STATUS_WARNING, statusDef, statusRank, type StatusCode } from '../domain/status';
import type { Limits } from '../domain/thresholds';
import { wqClassDef, type WqClass, type WqParam } from '../domain/waterQuality';
import { ackEpisode } from '../domain/ops';
import type { AlarmItem, SectionState, SensorState } from '../feed/store';
import { el } from './dom';
import { metricName, normalBandText, timeText, valueText } from './feedFormat';
import { localName, translate, type Lang } from './i18n';
import { livePanel, type LivePanel } from './livePanel';
import type { AppStore } from './state';

export type AlarmGroup = CategoryCode | 'section';

/** An alarm item (kind, id, gid −1 for sections, code, stale: no data since `time`, since) with what a row shows. */
export interface AlarmRow extends Omit<AlarmItem, 'area'> {
  group: AlarmGroup | null;
  /** the sensor (metric) that decides the status, when one does */
  metric: MetricDef | null;
  value: number | null;
  /** time of that value (server ms) */
  time: number | null;
  limits: Limits | null;
  /** sections: the class (last known when stale) and the target */
  cls: WqClass | null;
  targetClass: number | null;
  /** sections: primary pollutants (worse than class III), else empty */
  primary: MetricDef[];
  /** the sensor that decides the status (assets), null for sections and when none does */
  sensor: string | null;
}

/** Offline assets (or sections) of one category and area: one row with a count. */
export interface OfflineGroup {
  key: string;
  group: AlarmGroup | null;
  /** pressure zone, null when sensors.json records none */
  area: string | null;
  count: number;
  /** earliest time one of them went offline (server ms) */
  since: number;
}

export interface AlarmView {
  /** alarms and warnings (at most the limit), most urgent first, then most recent */
  rows: AlarmRow[];
  /** every alarm and warning (id + code), for true counts of unacknowledged ones */
  active: Pick<AlarmItem, 'id' | 'code'>[];
  alarms: number;
  warnings: number;
  /** of those, kept from silent sensors */
  stale: number;
  offline: OfflineGroup[];
  offlineTotal: number;
  /** alarms by group over all of them (CJJ 61 order, then sections); only groups with alarms */
  alarmsByGroup: { group: AlarmGroup; count: number }[];
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
  // the sensor with the asset's status decides it; a live one before a silent one; among several, the newest reading
  let best: SensorState | null = null;
  for (const s of sensors) {
    if (s.status !== item.code) continue;
    if (!best || (best.stale && !s.stale) || (best.stale === s.stale && (s.time ?? -Infinity) > (best.time ?? -Infinity))) best = s;
  }
  return {
    kind: 'asset',
    id: item.id,
    gid: item.gid,
    code: item.code,
    stale: item.stale,
    since: item.since,
    group: groupOfId(item.id),
    metric: best?.metric ?? null,
    value: best?.value ?? null,
    time: best?.time ?? null,
    limits: best?.limits ?? null,
    cls: null,
    targetClass: null,
    primary: [],
    sensor: best?.sensor ?? null,
  };
}

function sectionRow(item: AlarmItem, state: SectionState | undefined): AlarmRow {
  const p: WqParam | undefined = state?.primary[0] ?? state?.worst[0];
  const m = p ? metricDef(p) ?? null : null;
  return {
    kind: 'section',
    id: item.id,
    gid: -1,
    code: item.code,
    stale: item.stale || (state?.stale ?? false),
    since: item.since,
    group: 'section',
    metric: m,
    value: p !== undefined ? state?.values[p] ?? null : null,
    time: state?.time ?? null,
    limits: null,
    cls: state?.cls ?? null,
    targetClass: state?.targetClass ?? null,
    primary: (state?.primary ?? []).map((q) => metricDef(q)).filter((d): d is MetricDef => d !== undefined),
    sensor: null,
  };
}

const GROUP_ORDER: readonly AlarmGroup[] = [...CATEGORY_CODES, 'section'];

function groupIndex(g: AlarmGroup | null): number {
  const i = g === null ? -1 : GROUP_ORDER.indexOf(g);
  return i < 0 ? GROUP_ORDER.length : i;
}

/**
 * Everything the list and the KPIs show, from the store: alarm and warning rows (the first `limit` of them built in
 * full), true totals, and the offline assets grouped by category and area.
 */
export function buildAlarmView(source: AlarmSource, limit = 500): AlarmView {
  const items = source.alarms();
  const activeItems: AlarmItem[] = [];
  const groups = new Map<string, OfflineGroup>();
  const byGroup = new Map<AlarmGroup, number>();
  let alarms = 0;
  let warnings = 0;
  let stale = 0;
  let offlineTotal = 0;
  for (const item of items) {
    const group: AlarmGroup | null = item.kind === 'section' ? 'section' : groupOfId(item.id);
    if (item.code === STATUS_OFFLINE) {
      offlineTotal++;
      const area = item.kind === 'section' ? null : item.area;
      const key = `${group ?? ''}|${area ?? ''}`;
      const g = groups.get(key);
      if (g) {
        g.count++;
        g.since = Math.min(g.since, item.since);
      } else groups.set(key, { key, group, area, count: 1, since: item.since });
      continue;
    }
    activeItems.push(item);
    if (item.stale) stale++;
    if (item.code === STATUS_ALARM) {
      alarms++;
      if (group) byGroup.set(group, (byGroup.get(group) ?? 0) + 1);
    } else if (item.code === STATUS_WARNING) warnings++;
  }
  const rows = activeItems
    .slice(0, limit)
    .map((item) => (item.kind === 'asset' ? assetRow(item, source.sensorsOf(item.id)) : sectionRow(item, source.section(item.id))));
  const offline = [...groups.values()].sort(
    (a, b) => groupIndex(a.group) - groupIndex(b.group) || (a.area === null ? 1 : 0) - (b.area === null ? 1 : 0) || (a.area ?? '').localeCompare(b.area ?? ''),
  );
  return {
    rows,
    active: activeItems.map((i) => ({ id: i.id, code: i.code })),
    alarms,
    warnings,
    stale,
    offline,
    offlineTotal,
    alarmsByGroup: GROUP_ORDER.filter((g) => byGroup.has(g)).map((g) => ({ group: g, count: byGroup.get(g) ?? 0 })),
  };
}

export function ackKey(row: Pick<AlarmRow, 'id' | 'code'>): string {
  return `${row.id}|${row.code}`;
}

/**
 * The alarm episode a row shows, as the operations server keys acknowledgements (domain/ops.ts ackEpisode): the
 * deciding sensor (the section id for a section), the metric ('class' for a section, whose primary pollutant may
 * change during one episode; 'status' when no sensor decides) and when the status began.
 */
export function episodeOf(row: Pick<AlarmRow, 'kind' | 'id' | 'sensor' | 'metric' | 'since'>): { sensor: string; metric: string; episode: string } {
  const sensor = row.sensor ?? row.id;
  const metric = row.kind === 'section' ? 'class' : (row.metric?.id ?? 'status');
  return { sensor, metric, episode: ackEpisode(sensor, metric, new Date(row.since).toISOString()) };
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

/**
 * Where the list's acknowledgements live: this browser (AckStore) or the operations server (ui/sharedAcks.ts).
 * `set` asks for a change; the row shows it once `has` says so (a shared one only after the server answered 2xx).
 */
export interface AckSource {
  has(row: AlarmRow): boolean;
  /** acknowledged, judged by id and status alone (local ones can be; shared ones need the row's episode) */
  hasKey?(item: Pick<AlarmRow, 'id' | 'code'>): boolean;
  set(row: AlarmRow, acked: boolean): void;
  onChange(fn: () => void): () => void;
  /** false: an acknowledgement is a record that cannot be withdrawn (the undo button is not offered) */
  readonly undoable: boolean;
  /** false: acknowledging is not possible now (no operator logged in, server offline): the button is disabled */
  writable?(): boolean;
  /** the acknowledgement is on its way (its button waits) */
  pending?(row: AlarmRow): boolean;
  /** a word on the row's acknowledgement ("saving…", "not saved: …"), in the page's language; null for none */
  note?(row: AlarmRow, lang: Lang): string | null;
  /** why the button is disabled, in the page's language */
  blockedReason?(lang: Lang): string;
}

/** An AckSource that forwards to another one, which `use` replaces (the feed starts local and may become shared). */
export class AckSwitch implements AckSource {
  private readonly listeners = new Set<() => void>();
  private offCurrent: () => void;

  constructor(private current: AckSource) {
    this.offCurrent = current.onChange(() => this.emit());
  }

  use(next: AckSource): void {
    if (next === this.current) return;
    this.offCurrent();
    this.current = next;
    this.offCurrent = next.onChange(() => this.emit());
    this.emit();
  }

  get undoable(): boolean {
    return this.current.undoable;
  }

  has(row: AlarmRow): boolean {
    return this.current.has(row);
  }

  hasKey(item: Pick<AlarmRow, 'id' | 'code'>): boolean {
    return this.current.hasKey?.(item) ?? false;
  }

  set(row: AlarmRow, acked: boolean): void {
    this.current.set(row, acked);
  }

  writable(): boolean {
    return this.current.writable?.() ?? true;
  }

  pending(row: AlarmRow): boolean {
    return this.current.pending?.(row) ?? false;
  }

  note(row: AlarmRow, lang: Lang): string | null {
    return this.current.note?.(row, lang) ?? null;
  }

  blockedReason(lang: Lang): string {
    return this.current.blockedReason?.(lang) ?? '';
  }

  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private emit(): void {
    for (const l of [...this.listeners]) l();
  }
}

/** Acknowledged alarms, keyed by asset id and status code, persisted as JSON { key: ackedAtMs }. */
export class AckStore implements AckSource {
  readonly undoable = true;

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

  hasKey(item: Pick<AlarmRow, 'id' | 'code'>): boolean {
    return this.has(item);
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

/** Second line of a row: what is wrong, in words ("no data since …" first when the sensor is silent). */
export function describeRow(row: AlarmRow, lang: Lang): string {
  const staleText = row.stale && row.time !== null ? translate(lang, 'alarms.stale', { time: timeText(row.time, lang) }) : null;
  const what = describeValue(row, lang);
  return staleText ? `${staleText} · ${what}` : what;
}

function describeValue(row: AlarmRow, lang: Lang): string {
  if (!row.metric) return translate(lang, `status.${statusDef(row.code).key}`);
  const name = metricName(row.metric, lang);
  if (row.kind === 'section') {
    const v = row.value !== null ? `${valueText(row.metric, row.value)} · ` : '';
    const cls = row.cls !== null ? wqClassDef(row.cls).roman : '?';
    const target = row.targetClass !== null && row.targetClass >= 1 && row.targetClass <= 6 ? wqClassDef(row.targetClass as WqClass).roman : '?';
    const primary = row.primary.length
      ? ` · ${translate(lang, 'alarms.primary', { list: row.primary.map((m) => metricName(m, lang)).join(lang === 'en' ? ', ' : '、') })}`
      : '';
    return `${name} ${v}${translate(lang, 'alarms.class', { cls, target })}${primary}`;
  }
  if (row.value === null) return name;
  const band = row.limits ? normalBandText(row.metric, row.limits, lang) : null;
  const value = valueText(row.metric, row.value);
  return `${name} ${band ? translate(lang, 'alarms.value', { value, band }) : value}`;
}

/** One line for a group of offline assets: "12 offline · Water supply · 渝中高区". */
export function describeGroup(g: OfflineGroup, lang: Lang): string {
  const parts = [translate(lang, 'alarms.offlineGroup', { n: g.count }), groupName(g.group, lang)];
  if (g.group !== 'section') parts.push(g.area ?? translate(lang, 'alarms.areaUnknown'));
  return parts.filter((p) => p !== '').join(' · ');
}

export function groupName(group: AlarmGroup | null, lang: Lang, sectionName?: { zh: string; en: string }): string {
  if (group === 'section') return sectionName ? localName(sectionName, lang) : translate(lang, 'alarms.section');
  if (group === null) return '';
  const def = category(group);
  return def ? localName(def, lang) : group;
}

export interface AlarmListOptions {
  acks: AckSource;
  /** open an incident from this alarm (offered while `canRaiseIncident()` says so) */
  raiseIncident?(row: AlarmRow): void;
  canRaiseIncident?(): boolean;
  /** more buttons on a row, after its own (the network trace's "Isolate", "Outfalls upstream"); texts in `lang` */
  rowActions?(row: AlarmRow, lang: Lang): RowAction[];
  /** fly to the row's asset / section and select it */
  open(row: AlarmRow): void;
  /** an operator clears a warning/alarm kept from a silent sensor (the row then leaves the alarms) */
  clear(row: AlarmRow): void;
  /** river section names by id */
  sectionName?(id: string): { zh: string; en: string } | undefined;
  /** rows drawn at most (the rest are counted) */
  maxRows?: number;
}

export type AlarmListView = LivePanel<AlarmView>;

/** A button another part adds to a row. */
export interface RowAction {
  label: string;
  title: string;
  testId: string;
  run(): void;
}

function rowActionButtons(row: AlarmRow, lang: Lang, opts: AlarmListOptions): HTMLElement[] {
  return (opts.rowActions?.(row, lang) ?? []).map((a) => {
    const b = el('button', { className: 'alarm-action', text: a.label, title: a.title, testId: a.testId, attrs: { type: 'button' } });
    b.addEventListener('click', (e) => {
      e.stopPropagation();
      a.run();
    });
    return b;
  });
}

type RowButton = 'alarm-open' | 'alarm-ack' | 'alarm-clear' | 'alarm-incident';

export function mountAlarmList(parent: HTMLElement, store: AppStore, opts: AlarmListOptions): AlarmListView {
  const root = el('section', { className: 'panel alarm-panel', testId: 'alarm-list' });
  parent.appendChild(root);
  let view: AlarmView | null = null;
  const maxRows = opts.maxRows ?? 200;
  /** after an acknowledgement or a clear: focus this button of the row drawn at this index */
  let pendingFocus: { index: number; button: RowButton } | null = null;

  // persistent parts; rows are rebuilt only when what they show changes (a row under the pointer stays the same
  // element between feed updates, so clicks are never lost to a re-render)
  const title = el('h2', { className: 'panel-title' });
  const count = el('span', { className: 'alarm-count', testId: 'alarm-count' });
  const none = el('p', { className: 'muted' });
  // focusable as a whole so that focus has somewhere to stay when the last row goes
  const list = el('ul', { className: 'alarm-rows', attrs: { tabindex: '-1' } });
  const more = el('p', { className: 'muted', testId: 'alarm-more' });
  const offline = el('ul', { className: 'alarm-rows alarm-offline', testId: 'alarm-offline' });
  // the area filter (administrative units): shown once the app provides units (provideUnitFilter)
  const unitSelect = el('select', { className: 'alarm-unit-filter', testId: 'alarm-unit-filter' });
  unitSelect.hidden = true;
  root.append(el('header', { className: 'panel-header' }, [title, unitSelect, count]), none, list, more, offline);
  let cache = new Map<string, { sig: string; li: HTMLLIElement }>();

  /** acknowledge / clear from a row: focus then goes to the row that takes its place */
  const act = (li: HTMLLIElement, button: RowButton, action: () => void): void => {
    const index = Array.prototype.indexOf.call(list.children, li) as number;
    const hadFocus = li.contains(document.activeElement);
    pendingFocus = hadFocus ? { index: Math.max(0, index), button } : null;
    action();
    // an action that changed nothing on screen (no re-render) keeps focus where it is
    if (pendingFocus) restoreFocus();
  };

  const restoreFocus = (): void => {
    if (!pendingFocus) return;
    const { index, button } = pendingFocus;
    pendingFocus = null;
    const rows = list.children;
    if (rows.length === 0) {
      list.focus();
      return;
    }
    const li = rows[Math.min(index, rows.length - 1)] as HTMLElement;
    const target = li.querySelector<HTMLElement>(`[data-testid="${button}"]`) ?? li.querySelector<HTMLElement>('[data-testid="alarm-ack"]');
    target?.focus();
  };

  const buildRow = (row: AlarmRow, acked: boolean, lang: Lang, line2: string, line3: string, raise: boolean): HTMLLIElement => {
    const t = (k: Parameters<typeof translate>[1]): string => translate(lang, k);
    const def = statusDef(row.code);
    // a shared acknowledgement is a record: once saved it cannot be withdrawn; while it is sent the button waits
    const waiting = opts.acks.pending?.(row) ?? false;
    const blocked = waiting || (acked && !opts.acks.undoable) || !(opts.acks.writable?.() ?? true);
    const ackTitle = waiting
      ? t('ops.saving')
      : acked && !opts.acks.undoable
        ? t('alarms.acked')
        : !(opts.acks.writable?.() ?? true)
          ? opts.acks.blockedReason?.(lang) || t(acked ? 'alarms.unack' : 'alarms.ack')
          : t(acked ? 'alarms.unack' : 'alarms.ack');
    const ack = el('button', {
      className: 'alarm-ack',
      text: waiting ? '…' : acked ? (opts.acks.undoable ? '↺' : '✓') : '✓',
      title: ackTitle,
      testId: 'alarm-ack',
      attrs: { type: 'button', 'aria-label': ackTitle, ...(blocked ? { disabled: '' } : {}) },
    });
    const incident = raise
      ? el('button', {
          className: 'alarm-incident',
          text: '⚑',
          title: t('incidents.fromAlarm'),
          testId: 'alarm-incident',
          attrs: { type: 'button', 'aria-label': t('incidents.fromAlarm') },
        })
      : null;
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
    const clear = row.stale
      ? el('button', {
          className: 'alarm-clear',
          text: '⊘',
          title: t('alarms.clear'),
          testId: 'alarm-clear',
          attrs: { type: 'button', 'aria-label': t('alarms.clear') },
        })
      : null;
    const li = el(
      'li',
      {
        className: `alarm-row status-${def.key}${acked ? ' acked' : ''}${row.stale ? ' stale' : ''}`,
        style: { borderColor: cssColor(def.color) },
        attrs: { 'data-id': row.id, 'data-code': String(row.code), 'data-stale': row.stale ? '1' : '0' },
      },
      [open, ack, incident, ...rowActionButtons(row, lang, opts), clear],
    );
    incident?.addEventListener('click', (e) => {
      e.stopPropagation();
      opts.raiseIncident?.(row);
    });
    ack.addEventListener('click', (e) => {
      e.stopPropagation();
      act(li, 'alarm-ack', () => opts.acks.set(row, !acked));
    });
    clear?.addEventListener('click', (e) => {
      e.stopPropagation();
      act(li, 'alarm-ack', () => opts.clear(row));
    });
    return li;
  };

  const render = (): void => {
    const lang = store.get().lang;
    const t = (k: Parameters<typeof translate>[1], p?: Parameters<typeof translate>[2]): string => translate(lang, k, p);
    const filter = unitFilterOf(store);
    const unit = filter ? unitSelect.value : '';
    if (filter) syncUnitSelect(unitSelect, filter, lang);
    else unitSelect.hidden = true;
    const rows = (view?.rows ?? []).filter((r) => !filter || unit === '' || filter.contains(unit, r.id));
    const ordered = orderRows(rows, (r) => opts.acks.has(r));
    const shown = ordered.slice(0, maxRows);
    // focus inside a row that is rebuilt moves to its new element (same row, same button)
    const focused = document.activeElement instanceof HTMLElement && list.contains(document.activeElement) ? document.activeElement : null;
    const focusedLi = focused?.closest('li');
    const focusedKey = focusedLi ? [...cache.entries()].find(([, v]) => v.li === focusedLi)?.[0] : undefined;
    const focusedButton = focused?.dataset.testid as RowButton | undefined;
    const next = new Map<string, { sig: string; li: HTMLLIElement }>();
    const items = shown.map((row) => {
      const acked = opts.acks.has(row);
      const line2 = describeRow(row, lang);
      const ackNote = opts.acks.note?.(row, lang) ?? null;
      const line3 =
        t('alarms.since', { time: timeText(row.since, lang) }) + (acked ? ` · ${t('alarms.acked')}` : '') + (ackNote ? ` · ${ackNote}` : '');
      const key = `${row.kind}|${row.id}|${row.code}`;
      const raise = !!opts.raiseIncident && (opts.canRaiseIncident?.() ?? true);
      const ackState = [opts.acks.pending?.(row) ?? false, opts.acks.writable?.() ?? true, opts.acks.undoable, opts.acks.blockedReason?.(lang) ?? ''].join(',');
      const sig = [lang, acked, row.stale, line2, line3, row.gid, raise, ackState].join('\u0000');
      const held = cache.get(key);
      const li = held && held.sig === sig ? held.li : buildRow(row, acked, lang, line2, line3, raise);
      next.set(key, { sig, li });
      return li;
    });
    cache = next;
    const same = items.length === list.children.length && items.every((li, i) => list.children[i] === li);
    if (!same) list.replaceChildren(...items);
    if (pendingFocus) restoreFocus();
    else if (focusedKey && focusedButton && !list.contains(document.activeElement)) {
      next.get(focusedKey)?.li.querySelector<HTMLElement>(`[data-testid="${focusedButton}"]`)?.focus();
    }

    const total = view ? view.active.filter((r) => !filter || unit === '' || filter.contains(unit, r.id)).length : 0;
    title.textContent = t('alarms.title');
    // unacknowledged alarms and warnings, all of them (not only the rows drawn)
    // (items beyond the rows built: judged by id and status where the source can, else counted as unacknowledged)
    const rowOf = new Map(rows.map((r) => [ackKey(r), r]));
    const ackedItem = (a: Pick<AlarmRow, 'id' | 'code'>): boolean => {
      const r = rowOf.get(ackKey(a));
      return r ? opts.acks.has(r) : (opts.acks.hasKey?.(a) ?? false);
    };
    count.textContent = String(view ? view.active.filter((r) => !ackedItem(r) && (!filter || unit === '' || filter.contains(unit, r.id))).length : 0);
    none.textContent = t('alarms.none');
    none.hidden = total !== 0;
    list.hidden = total === 0;
    more.hidden = total <= shown.length;
    const fmt = new Intl.NumberFormat(lang === 'en' ? 'en' : 'zh-CN');
    more.textContent = more.hidden ? '' : t('alarms.shown', { shown: fmt.format(shown.length), total: fmt.format(total) });

    const groups = view?.offline ?? [];
    offline.hidden = groups.length === 0;
    offline.replaceChildren(
      ...groups.map((g) =>
        el(
          'li',
          {
            className: 'alarm-offline-group',
            testId: 'alarm-offline-group',
            attrs: { 'data-group': g.group ?? '', 'data-area': g.area ?? '', 'data-count': String(g.count) },
          },
          [
            el('div', { text: describeGroup(g, lang) }),
            el('div', { className: 'alarm-line3 muted', text: t('alarms.since', { time: timeText(g.since, lang) }) }),
          ],
        ),
      ),
    );
  };

  const offAcks = opts.acks.onChange(render);
  unitSelect.addEventListener('change', render);
  const offUnits = watchUnitFilter(store, render);
  return livePanel<AlarmView>(root, store, (next) => (view = next), render, [offAcks, offUnits]);
}

/**
 * The alarm list's area filter: administrative units the app provides (src/app/screen.ts, once admin.geojson has
 * loaded), kept per store so the list needs no new wiring: a list mounted before the units arrive shows the filter
 * when they do. Rows of the chosen unit only; the count then counts those.
 */
export interface UnitFilterSource {
  /** the choices, in order (districts, each followed by its streets), labels in the given language */
  choices(lang: Lang): readonly { id: string; label: string }[];
  /** whether an asset or section id lies in the unit */
  contains(unitId: string, itemId: string): boolean;
}

const unitFilters = new WeakMap<AppStore, { source: UnitFilterSource | null; lists: Set<() => void> }>();

function unitSlot(store: AppStore): { source: UnitFilterSource | null; lists: Set<() => void> } {
  let slot = unitFilters.get(store);
  if (!slot) unitFilters.set(store, (slot = { source: null, lists: new Set() }));
  return slot;
}

function unitFilterOf(store: AppStore): UnitFilterSource | null {
  return unitFilters.get(store)?.source ?? null;
}

function watchUnitFilter(store: AppStore, fn: () => void): () => void {
  const slot = unitSlot(store);
  slot.lists.add(fn);
  return () => slot.lists.delete(fn);
}

/** Gives the alarm lists of this store their area filter; returns the function that takes it away. */
export function provideUnitFilter(store: AppStore, source: UnitFilterSource): () => void {
  const slot = unitSlot(store);
  slot.source = source;
  for (const fn of [...slot.lists]) fn();
  return () => {
    if (slot.source !== source) return;
    slot.source = null;
    for (const fn of [...slot.lists]) fn();
  };
}

function syncUnitSelect(select: HTMLSelectElement, filter: UnitFilterSource, lang: Lang): void {
  const choices = [{ id: '', label: translate(lang, 'alarms.unitAll') }, ...filter.choices(lang)];
  const sig = `${lang}|${choices.map((c) => `${c.id}:${c.label}`).join('|')}`;
  select.hidden = false;
  select.setAttribute('aria-label', translate(lang, 'alarms.unitFilter'));
  select.title = translate(lang, 'alarms.unitFilter');
  if (select.dataset.sig === sig) return;
  const value = select.value;
  select.dataset.sig = sig;
  select.replaceChildren(...choices.map((c) => el('option', { text: c.label, attrs: { value: c.id } })));
  select.value = choices.some((c) => c.id === value) ? value : '';
}
