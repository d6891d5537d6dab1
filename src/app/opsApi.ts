/**
 * The operations server's HTTP API as the viewer calls it (docs/server.md; types in domain/ops.ts): JSON in and out,
 * the CSRF header on every state-changing request, cookies of the page's own origin only. Nothing throws: every call
 * resolves to an Outcome, with status 0 when the server could not be reached. Answers are checked for the shape the
 * viewer relies on before they reach the panels (a malformed answer is a problem, never half-applied state).
 */
import { CSRF_HEADER, type Ack, type AckBody, type AuditEntry, type Incident, type IncidentCreateBody, type IncidentPatchBody, type Kpis, type SessionInfo } from '../domain/ops';
import type { OpsProblem, Outcome } from '../ui/opsState';

type Guard<T> = (x: unknown) => x is T;
type Obj = Record<string, unknown>;

const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const isStr = (x: unknown): x is string => typeof x === 'string';
const isStrOrNull = (x: unknown): x is string | null => x === null || typeof x === 'string';
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isNumOrNull = (x: unknown): x is number | null => x === null || isNum(x);

export function isSession(x: unknown): x is SessionInfo {
  if (!isObj(x) || !isStrOrNull(x.csrfToken) || typeof x.viewOpen !== 'boolean') return false;
  const u = x.user;
  return u === null || (isObj(u) && isStr(u.name) && (u.role === 'viewer' || u.role === 'operator' || u.role === 'admin'));
}

export function isAck(x: unknown): x is Ack {
  return isObj(x) && isStr(x.sensor) && isStr(x.metric) && isStr(x.asset) && isStr(x.episode) && isStr(x.by) && isStr(x.at);
}

export function isIncident(x: unknown): x is Incident {
  return (
    isObj(x) &&
    isNum(x.id) &&
    isNum(x.version) &&
    isStr(x.type) &&
    isStr(x.title) &&
    isStr(x.stage) &&
    isStr(x.severity) &&
    isStrOrNull(x.asset) &&
    isStrOrNull(x.team) &&
    isStr(x.createdAt) &&
    Array.isArray(x.transitions) &&
    x.transitions.every((t) => isObj(t) && isStr(t.stage) && isStr(t.at) && isStr(t.by))
  );
}

export function isKpis(x: unknown): x is Kpis {
  return isObj(x) && isNum(x.open) && isObj(x.openByStage) && isNumOrNull(x.closeP50S) && isNumOrNull(x.closedWithin24hShare);
}

export function isAuditEntry(x: unknown): x is AuditEntry {
  return isObj(x) && isNum(x.id) && isStr(x.at) && isStr(x.actor) && isStr(x.action);
}

const listOf =
  <T>(guard: Guard<T>): Guard<T[]> =>
  (x): x is T[] =>
    Array.isArray(x) && x.every(guard);

const anything = (x: unknown): x is unknown => true;

/** The problem an error answer carries ({ error: { code, en, zh } }), else the bare status. */
async function problemOf(res: Response): Promise<OpsProblem> {
  try {
    const body: unknown = await res.json();
    const e = isObj(body) ? body.error : null;
    if (isObj(e) && isStr(e.code)) return { status: res.status, code: e.code, en: isStr(e.en) ? e.en : undefined, zh: isStr(e.zh) ? e.zh : undefined };
  } catch {
    /* not JSON: a proxy's page, or nothing */
  }
  return { status: res.status, code: `http${res.status}` };
}

export class OpsApi {
  constructor(
    /** the API's base URL, e.g. "/api" */
    private readonly base: string,
    /** the session's CSRF token (null before a login) */
    private readonly csrf: () => string | null,
    private readonly fetchFn: typeof fetch = (input, init) => fetch(input, init),
  ) {}

  /** base + path ("/api" + "/acks") */
  url(path: string): string {
    return `${this.base.replace(/\/$/, '')}${path}`;
  }

  async request<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, guard: Guard<T>, body?: unknown): Promise<Outcome<T>> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const token = this.csrf();
    if (method !== 'GET' && token) headers[CSRF_HEADER] = token;
    let res: Response;
    try {
      res = await this.fetchFn(this.url(path), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'same-origin',
        cache: 'no-store',
      });
    } catch {
      return { ok: false, problem: { status: 0, code: 'unreachable' } };
    }
    if (!res.ok) return { ok: false, problem: await problemOf(res) };
    let value: unknown = null;
    if (res.status !== 204) {
      try {
        const text = await res.text();
        value = text === '' ? null : (JSON.parse(text) as unknown);
      } catch {
        return { ok: false, problem: { status: res.status, code: 'badResponse' } };
      }
    }
    return guard(value) ? { ok: true, value } : { ok: false, problem: { status: res.status, code: 'badResponse' } };
  }

  session(): Promise<Outcome<SessionInfo>> {
    return this.request('GET', '/session', isSession);
  }

  login(name: string, password: string): Promise<Outcome<SessionInfo>> {
    return this.request('POST', '/session', isSession, { name, password });
  }

  logout(): Promise<Outcome<unknown>> {
    return this.request('DELETE', '/session', anything);
  }

  acks(): Promise<Outcome<Ack[]>> {
    return this.request('GET', '/acks', listOf(isAck));
  }

  ack(body: AckBody): Promise<Outcome<Ack>> {
    return this.request('POST', '/acks', isAck, body);
  }

  incidents(): Promise<Outcome<Incident[]>> {
    return this.request('GET', '/incidents', listOf(isIncident));
  }

  incident(id: number): Promise<Outcome<Incident>> {
    return this.request('GET', `/incidents/${id}`, isIncident);
  }

  createIncident(body: IncidentCreateBody): Promise<Outcome<Incident>> {
    return this.request('POST', '/incidents', isIncident, body);
  }

  patchIncident(id: number, patch: IncidentPatchBody): Promise<Outcome<Incident>> {
    return this.request('PATCH', `/incidents/${id}`, isIncident, patch);
  }

  audit(id: number): Promise<Outcome<AuditEntry[]>> {
    return this.request('GET', `/incidents/${id}/audit`, listOf(isAuditEntry));
  }

  kpis(): Promise<Outcome<Kpis>> {
    return this.request('GET', '/kpis', isKpis);
  }
}
