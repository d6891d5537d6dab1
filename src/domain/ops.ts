/**
 * The operations server's shared contract (issue 12): types, request schemas (valibot), the incident stage rules, the
 * KPI computation and the SSE event names. Pure: the server validates every body with these schemas and the viewer
 * reads the same types. docs/server.md documents the HTTP API built on them.
 *
 * Stages: reported → dispatched → on-site → isolated → repaired → closed. A move forward may skip stages (a blockage
 * needs no isolation); a move back is refused, except a reopen: closed → reported, recorded as 'reopened' in the
 * incident's timeline.
 */
import * as v from 'valibot';

// ---------------------------------------------------------------------------------------------------------------
// Vocabulary

export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const INCIDENT_TYPES = ['leak', 'burst', 'blockage', 'gas', 'water-quality', 'other'] as const;
export type IncidentType = (typeof INCIDENT_TYPES)[number];

export const STAGES = ['reported', 'dispatched', 'on-site', 'isolated', 'repaired', 'closed'] as const;
export type Stage = (typeof STAGES)[number];
/** Stages an incident is open in (everything but closed). */
export const OPEN_STAGES: readonly Stage[] = STAGES.filter((s) => s !== 'closed');

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** What a timeline entry records: the stage entered, or 'reopened' for closed → reported. */
export type TransitionStage = Stage | 'reopened';

/** Session cookie (HttpOnly; SameSite=Strict; Path=/). */
export const SESSION_COOKIE = 'twin_session';
/** Header every state-changing request carries (except the login itself). */
export const CSRF_HEADER = 'X-CSRF-Token';
/** The KPI target: discovery to resolution within 24 hours. */
export const CLOSE_TARGET_S = 24 * 3600;

// ---------------------------------------------------------------------------------------------------------------
// Records

export interface Transition {
  stage: TransitionStage;
  /** ISO-8601 (UTC) */
  at: string;
  /** user name */
  by: string;
}

/** The alarm an incident was created from (sensor, metric, and the episode key of `ackEpisode`). */
export interface AlarmRef {
  sensor: string;
  metric: string;
  episode: string;
}

export interface Incident {
  id: number;
  type: IncidentType;
  title: string;
  asset: string | null;
  /** [lon, lat], WGS84 degrees */
  location: [number, number] | null;
  severity: Severity;
  stage: Stage;
  team: string | null;
  notes: string;
  alarm: AlarmRef | null;
  /** The isolation plan of the network-traces analysis when one was computed (stored as given). */
  isolationPlan: unknown | null;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
  /** Optimistic-concurrency version: starts at 1, +1 per change; a PATCH names the version it saw (409 when stale). */
  version: number;
  transitions: Transition[];
}

export interface Ack {
  sensor: string;
  metric: string;
  asset: string;
  /** the alarm episode key: `sensor|metric|episode start ISO` (see `ackEpisode`) */
  episode: string;
  by: string;
  at: string;
  note: string;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  /** e.g. 'incident.create', 'incident.update', 'ack.create', 'user.add', 'session.login' */
  action: string;
  /** 'incident' | 'ack' | 'user' | 'session' */
  entity: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

export interface Kpis {
  openByStage: Record<Stage, number>;
  open: number;
  /** median seconds from the alarm episode's start to its acknowledgement */
  ackP50S: number | null;
  /** median seconds from an incident's creation to its (last) close */
  closeP50S: number | null;
  /** share (0…1) of closed incidents closed within CLOSE_TARGET_S */
  closedWithin24hShare: number | null;
  generatedAt: string;
}

export interface SessionUser {
  name: string;
  role: Role;
}

/** GET/POST /api/session */
export interface SessionInfo {
  user: SessionUser | null;
  csrfToken: string | null;
  viewOpen: boolean;
}

/** GET /api/health */
export interface Health {
  ok: boolean;
  db: 'pglite' | 'postgres';
  dbOk: boolean;
  time: string;
  /** why the database is not answering (only when dbOk is false) */
  reason?: string;
}

export interface ApiError {
  error: { code: string; en: string; zh: string };
}

// ---------------------------------------------------------------------------------------------------------------
// SSE (`GET /api/events`): `id:` is a monotonically increasing event id; `Last-Event-ID` replays what was missed.

export const SSE_EVENTS = ['ack', 'incident', 'kpis'] as const;
export type SseEventName = (typeof SSE_EVENTS)[number];
export interface SsePayloads {
  ack: Ack;
  incident: Incident;
  kpis: Kpis;
}
/** Heartbeat comment interval, ms. */
export const SSE_HEARTBEAT_MS = 15_000;

// ---------------------------------------------------------------------------------------------------------------
// Errors: a code and the message in both languages (the viewer shows the one of its language, as text).

export const API_ERRORS = {
  badRequest: { en: 'The request is not valid', zh: '请求无效' },
  unauthenticated: { en: 'Log in first', zh: '请先登录' },
  forbidden: { en: 'Your role may not do this', zh: '您的角色无权执行此操作' },
  csrf: { en: 'Missing or wrong CSRF token, or a cross-site request', zh: 'CSRF令牌缺失或错误，或为跨站请求' },
  badLogin: { en: 'Wrong name or password', zh: '用户名或密码错误' },
  rateLimited: { en: 'Too many login attempts; wait a minute', zh: '登录尝试过多，请稍候一分钟' },
  notFound: { en: 'Not found', zh: '未找到' },
  staleVersion: { en: 'Someone changed this incident first; reload it', zh: '该事件已被他人修改，请刷新后重试' },
  illegalTransition: { en: 'That stage change is not allowed', zh: '不允许该阶段变更' },
  dbDown: { en: 'The database is not answering', zh: '数据库无响应' },
  internal: { en: 'Internal server error', zh: '服务器内部错误' },
} as const satisfies Record<string, { en: string; zh: string }>;
export type ApiErrorCode = keyof typeof API_ERRORS;

/** An ApiError body; `detail` (e.g. the schema's reason) is appended to both messages. */
export function apiError(code: ApiErrorCode, detail?: string): ApiError {
  const m = API_ERRORS[code];
  return { error: { code, en: detail ? `${m.en}: ${detail}` : m.en, zh: detail ? `${m.zh}：${detail}` : m.zh } };
}

// ---------------------------------------------------------------------------------------------------------------
// Rules

/** The alarm episode key: `sensor|metric|episode start ISO`. */
export function ackEpisode(sensor: string, metric: string, startIso: string): string {
  return `${sensor}|${metric}|${startIso}`;
}

/** The episode start of an episode key (the part after the second '|'), or null when it is not a date. */
export function episodeStart(episode: string): Date | null {
  const parts = episode.split('|');
  if (parts.length < 3) return null;
  const d = new Date(parts.slice(2).join('|'));
  return Number.isNaN(d.getTime()) ? null : d;
}

/** May an incident move from `from` to `to`? Forward (skipping allowed), or closed → reported (reopen). */
export function canTransition(from: Stage, to: Stage): boolean {
  if (from === 'closed') return to === 'reported';
  return STAGES.indexOf(to) > STAGES.indexOf(from);
}

/** The timeline entry a legal move records ('reopened' for closed → reported). */
export function transitionStage(from: Stage, to: Stage): TransitionStage {
  return from === 'closed' && to === 'reported' ? 'reopened' : to;
}

/** May `role` do what `needed` may? viewer < operator < admin. */
export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * KPIs from the records: open incidents by stage; median time to acknowledge (episode start → ack, acks whose episode
 * key carries a start); median time to close (creation → last 'closed' transition) and the share closed within 24 h,
 * over incidents that are closed now.
 */
export function computeKpis(incidents: readonly Incident[], acks: readonly Ack[], now: Date): Kpis {
  const openByStage = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
  const closeTimes: number[] = [];
  for (const inc of incidents) {
    openByStage[inc.stage]++;
    if (inc.stage !== 'closed') continue;
    const closed = [...inc.transitions].reverse().find((t) => t.stage === 'closed');
    if (!closed) continue;
    closeTimes.push((Date.parse(closed.at) - Date.parse(inc.createdAt)) / 1000);
  }
  const ackTimes: number[] = [];
  for (const a of acks) {
    const start = episodeStart(a.episode);
    if (start) ackTimes.push(Math.max(0, (Date.parse(a.at) - start.getTime()) / 1000));
  }
  const open = OPEN_STAGES.reduce((n, s) => n + openByStage[s], 0);
  return {
    openByStage,
    open,
    ackP50S: median(ackTimes),
    closeP50S: median(closeTimes),
    closedWithin24hShare: closeTimes.length ? closeTimes.filter((t) => t <= CLOSE_TARGET_S).length / closeTimes.length : null,
    generatedAt: now.toISOString(),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Request schemas (every body is validated; a failure answers 400 with `issueText` as the reason)

const text = (max: number, what: string) => v.pipe(v.string(`${what}: not a string`), v.trim(), v.maxLength(max, `${what}: longer than ${max} characters`));
const required = (max: number, what: string) => v.pipe(text(max, what), v.nonEmpty(`${what}: empty`));
/** An isolation plan is stored as given, up to 256 KiB of JSON. */
const MAX_PLAN_BYTES = 256 * 1024;
const plan = v.pipe(
  v.unknown(),
  v.check((p) => p === null || (typeof p === 'object' && JSON.stringify(p).length <= MAX_PLAN_BYTES), `isolationPlan: an object of at most ${MAX_PLAN_BYTES} bytes of JSON, or null`),
);
const lonLat = v.tuple(
  [
    v.pipe(v.number('location: not a number'), v.finite('location: not finite'), v.minValue(-180, 'location: lon < -180'), v.maxValue(180, 'location: lon > 180')),
    v.pipe(v.number('location: not a number'), v.finite('location: not finite'), v.minValue(-90, 'location: lat < -90'), v.maxValue(90, 'location: lat > 90')),
  ],
  'location: [lon, lat]',
);

export const USER_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;
export const MIN_PASSWORD_LENGTH = 10;

export const LoginBody = v.object({
  name: v.pipe(v.string('name: not a string'), v.regex(USER_NAME_PATTERN, 'name: 1–64 of A–Z a–z 0–9 _ . -')),
  password: v.pipe(v.string('password: not a string'), v.minLength(1, 'password: empty'), v.maxLength(1024, 'password: too long')),
});
export type LoginBody = v.InferOutput<typeof LoginBody>;

export const AckBody = v.object({
  sensor: required(64, 'sensor'),
  metric: required(64, 'metric'),
  asset: required(64, 'asset'),
  episode: required(200, 'episode'),
  note: v.optional(text(2000, 'note'), ''),
});
export type AckBody = v.InferOutput<typeof AckBody>;

export const AlarmRefBody = v.object({
  sensor: required(64, 'alarm.sensor'),
  metric: required(64, 'alarm.metric'),
  episode: required(200, 'alarm.episode'),
});

export const IncidentCreateBody = v.object({
  type: v.picklist(INCIDENT_TYPES, `type: one of ${INCIDENT_TYPES.join(', ')}`),
  title: required(200, 'title'),
  asset: v.optional(v.nullable(required(64, 'asset')), null),
  location: v.optional(v.nullable(lonLat), null),
  severity: v.optional(v.picklist(SEVERITIES, `severity: one of ${SEVERITIES.join(', ')}`), 'medium'),
  team: v.optional(v.nullable(required(100, 'team')), null),
  notes: v.optional(text(4000, 'notes'), ''),
  alarm: v.optional(v.nullable(AlarmRefBody), null),
  isolationPlan: v.optional(plan, null),
});
export type IncidentCreateBody = v.InferOutput<typeof IncidentCreateBody>;

export const IncidentPatchBody = v.object({
  version: v.pipe(v.number('version: not a number'), v.integer('version: not an integer'), v.minValue(1, 'version: < 1')),
  stage: v.optional(v.picklist(STAGES, `stage: one of ${STAGES.join(', ')}`)),
  team: v.optional(v.nullable(required(100, 'team'))),
  /** appended to the incident's notes as a new line */
  note: v.optional(required(2000, 'note')),
  severity: v.optional(v.picklist(SEVERITIES, `severity: one of ${SEVERITIES.join(', ')}`)),
  isolationPlan: v.optional(plan),
});
export type IncidentPatchBody = v.InferOutput<typeof IncidentPatchBody>;

/** GET /api/incidents query: ?stage=&type=&open=1 */
export const IncidentQuery = v.object({
  stage: v.optional(v.picklist(STAGES, `stage: one of ${STAGES.join(', ')}`)),
  type: v.optional(v.picklist(INCIDENT_TYPES, `type: one of ${INCIDENT_TYPES.join(', ')}`)),
  open: v.optional(v.picklist(['0', '1'], 'open: 0 or 1')),
});
export type IncidentQuery = v.InferOutput<typeof IncidentQuery>;

/** The reasons of a failed parse, one line ("title: empty; severity: one of …"). */
export function issueText(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .map((i) => {
      const path = i.path?.map((p) => String(p.key)).join('.');
      return path && !i.message.startsWith(path.split('.')[0]) ? `${path}: ${i.message}` : i.message;
    })
    .join('; ');
}
