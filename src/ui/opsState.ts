/**
 * Shared operations state as the panels see it (issue 12): the link to the operations server, the session, the
 * incidents, the acknowledgements and the server's KPIs, plus the actions the panels may ask for. The app
 * (src/app/ops.ts) owns the connection and fills the store; panels only read it and call the actions.
 *
 * "Never pretend a change was saved": every action resolves to an Outcome, and the panels show a change as saved only
 * once the Outcome is ok (a 2xx). A failure carries what the server said (in both languages) or, when the server could
 * not be reached, status 0.
 */
import {
  OPEN_STAGES,
  STAGES,
  canTransition,
  roleAtLeast,
  type Ack,
  type AuditEntry,
  type Incident,
  type IncidentCreateBody,
  type IncidentPatchBody,
  type IncidentType,
  type Kpis,
  type SessionInfo,
  type Stage,
} from '../domain/ops';
import type { IsolationResult } from '../analysis/network/types';
import { FEED_TIME_ZONE } from './feedFormat';
import { translate, type I18nKey, type Lang } from './i18n';
import { Store } from './store';

/** connecting: first contact; online: the event stream is open; offline: server or database unreachable */
export type OpsLink = 'connecting' | 'online' | 'offline';

export interface OpsState {
  link: OpsLink;
  /** why the link is offline, as the server said it (both languages) or null for "unreachable" */
  offlineReason: { en: string; zh: string } | null;
  session: SessionInfo | null;
  /** newest first (by id) */
  incidents: readonly Incident[];
  acks: readonly Ack[];
  kpis: Kpis | null;
  /** reads were refused: viewing is closed and nobody is logged in */
  needLogin: boolean;
}

export type OpsStore = Store<OpsState>;

export function createOpsStore(): OpsStore {
  return new Store<OpsState>({ link: 'connecting', offlineReason: null, session: null, incidents: [], acks: [], kpis: null, needLogin: false });
}

/** What went wrong with a request: the HTTP status (0: no answer) and the server's words when it gave them. */
export interface OpsProblem {
  status: number;
  code: string;
  en?: string;
  zh?: string;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; problem: OpsProblem };

/** The actions panels may ask for (src/app/ops.ts implements them against the server). */
export interface OpsActions {
  login(name: string, password: string): Promise<Outcome<SessionInfo>>;
  logout(): Promise<Outcome<null>>;
  createIncident(body: IncidentCreateBody): Promise<Outcome<Incident>>;
  patchIncident(id: number, patch: IncidentPatchBody): Promise<Outcome<Incident>>;
  audit(id: number): Promise<Outcome<AuditEntry[]>>;
}

const STATUS_KEYS: Readonly<Record<number, I18nKey>> = {
  0: 'ops.err.unreachable',
  401: 'ops.err.login',
  403: 'ops.err.forbidden',
  409: 'ops.err.conflict',
  429: 'ops.err.rateLimited',
  503: 'ops.err.dbDown',
};

/** A problem in plain words, in the page's language: the server's own message when it sent one, else ours. */
export function problemText(p: OpsProblem, lang: Lang): string {
  const server = lang === 'en' ? p.en : p.zh;
  if (server) return server;
  const key = STATUS_KEYS[p.status];
  return key ? translate(lang, key) : translate(lang, 'ops.err.http', { status: p.status });
}

/** May the session write (acknowledge, incidents)? Only an operator or an admin, and only while the link is up. */
export function canWrite(s: Pick<OpsState, 'link' | 'session'>): boolean {
  const user = s.session?.user;
  return s.link === 'online' && !!user && roleAtLeast(user.role, 'operator');
}

/** Puts a newer copy of an incident in the list (an older version never replaces a newer one); newest id first. */
export function mergeIncident(list: readonly Incident[], inc: Incident): Incident[] {
  const i = list.findIndex((x) => x.id === inc.id);
  if (i >= 0) {
    if (list[i].version > inc.version) return list as Incident[];
    const next = list.slice();
    next[i] = inc;
    return next;
  }
  return [inc, ...list].sort((a, b) => b.id - a.id);
}

/** Adds an acknowledgement (one per episode: a second for the same episode changes nothing). */
export function mergeAck(list: readonly Ack[], ack: Ack): Ack[] {
  return list.some((a) => a.episode === ack.episode) ? (list as Ack[]) : [...list, ack];
}

export interface IncidentFilter {
  /** null: every stage */
  stage: Stage | null;
  /** null: every type */
  type: IncidentType | null;
  openOnly: boolean;
}

export const NO_FILTER: IncidentFilter = { stage: null, type: null, openOnly: false };

export function filterIncidents(list: readonly Incident[], f: IncidentFilter): Incident[] {
  return list.filter((i) => (f.stage === null || i.stage === f.stage) && (f.type === null || i.type === f.type) && (!f.openOnly || i.stage !== 'closed'));
}

/** Incidents by stage, in stage order, only stages that have some; newest first within a stage. */
export function groupByStage(list: readonly Incident[]): { stage: Stage; incidents: Incident[] }[] {
  return STAGES.map((stage) => ({ stage, incidents: list.filter((i) => i.stage === stage).sort((a, b) => b.id - a.id) })).filter(
    (g) => g.incidents.length > 0,
  );
}

/** The stages the buttons offer from `from`: every legal move (forward, or reopen from closed). */
export function nextStages(from: Stage): Stage[] {
  return STAGES.filter((to) => to !== from && canTransition(from, to));
}

export function isOpen(stage: Stage): boolean {
  return OPEN_STAGES.includes(stage);
}

/** A duration in words: "45 s", "12 min", "5.2 h", "24 h", "3.1 d" (zh: 秒 / 分钟 / 小时 / 天). */
export function durationText(seconds: number, lang: Lang): string {
  const s = Math.max(0, seconds);
  const [value, key]: [string, I18nKey] =
    s < 60
      ? [String(Math.round(s)), 'ops.dur.s']
      : s < 3600
        ? [String(Math.round(s / 60)), 'ops.dur.min']
        : s < 48 * 3600
          ? [String(Number((s / 3600).toFixed(1))), 'ops.dur.h']
          : [String(Number((s / 86400).toFixed(1))), 'ops.dur.d'];
  return translate(lang, key, { n: value });
}

const dateTimeFormats = new Map<Lang, Intl.DateTimeFormat>();

/** An ISO time as date and time in the city's time zone ("03/12/2026, 16:20" / "2026/12/03 16:20"); the text when unreadable. */
export function dateTimeText(iso: string, lang: Lang): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  let f = dateTimeFormats.get(lang);
  if (!f) {
    f = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', {
      timeZone: FEED_TIME_ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    dateTimeFormats.set(lang, f);
  }
  return f.format(new Date(ms));
}

/**
 * What an incident records of a valve isolation (network traces): the pipe, the valves to close (and those met but
 * inoperable or stuck) by id, and the counts. Small on purpose: the whole result can be recomputed from the network.
 */
export interface IsolationPlan {
  pipe: string;
  close: string[];
  inoperable: string[];
  stuck: string[];
  isolatedPipes: number;
  outagePipes: number;
  customers: number;
}

export function isolationPlanOf(r: IsolationResult): IsolationPlan {
  return {
    pipe: r.pipe.id,
    close: r.valves.close.map((v) => v.id),
    inoperable: r.valves.inoperable.map((v) => v.id),
    stuck: r.valves.stuck.map((v) => v.id),
    isolatedPipes: r.counts.isolatedPipes,
    outagePipes: r.counts.outagePipes,
    customers: r.counts.customers,
  };
}

/** An incident's stored plan read back (it is stored as given: anything else is not shown). */
export function asIsolationPlan(x: unknown): IsolationPlan | null {
  if (typeof x !== 'object' || x === null) return null;
  const p = x as Partial<Record<keyof IsolationPlan, unknown>>;
  const ids = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');
  const n = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  return typeof p.pipe === 'string' && ids(p.close) && ids(p.inoperable) && ids(p.stuck) && n(p.isolatedPipes) && n(p.outagePipes) && n(p.customers)
    ? { pipe: p.pipe, close: p.close, inoperable: p.inoperable, stuck: p.stuck, isolatedPipes: p.isolatedPipes, outagePipes: p.outagePipes, customers: p.customers }
    : null;
}

/** "Close 3 valves (FM-1, FM-2, FM-3) · 12 pipes emptied · 4 cut off · 40 households" in the page's language. */
export function isolationPlanText(p: IsolationPlan, lang: Lang): string {
  const sep = lang === 'en' ? ', ' : '、';
  return translate(lang, 'incidents.planText', {
    n: p.close.length,
    list: p.close.join(sep),
    pipes: p.isolatedPipes,
    outage: p.outagePipes,
    customers: p.customers,
  });
}
