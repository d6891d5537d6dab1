/**
 * The shared state in the database: users, sessions, acknowledgements, incidents, the append-only audit log and the
 * event log that SSE replays. Every change runs in one transaction with its audit entry and its event, and changes
 * run one at a time (so event ids commit in order and a replay never skips one); the events are handed to `onEvent`
 * after the commit, in id order.
 */
import type { Ack, AuditEntry, Incident, IncidentCreateBody, IncidentPatchBody, IncidentQuery, Kpis, Role, SessionUser, SseEventName, Stage, Transition } from '../src/domain/ops';
import { canTransition, episodeStart, STAGES, transitionStage } from '../src/domain/ops';
import type { Database, Sql } from './db/database';

export interface StoredEvent {
  id: number;
  name: SseEventName;
  payload: unknown;
}

export type PatchResult = { ok: true; incident: Incident } | { ok: false; code: 'notFound' | 'staleVersion' | 'illegalTransition'; detail?: string };

type Row = Record<string, unknown>;

/**
 * How long a looked-up session is trusted without asking the database again. Changes made by this process (logout,
 * a user's role or password) take effect at once; those made by another process (`npm run user` on PostgreSQL) within
 * this time.
 */
export const SESSION_CACHE_MS = 5000;

const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());

function toIncident(r: Row): Incident {
  return {
    id: Number(r.id),
    type: r.type as Incident['type'],
    title: String(r.title),
    asset: (r.asset as string | null) ?? null,
    location: (r.location as [number, number] | null) ?? null,
    severity: r.severity as Incident['severity'],
    stage: r.stage as Stage,
    team: (r.team as string | null) ?? null,
    notes: String(r.notes ?? ''),
    alarm: (r.alarm as Incident['alarm']) ?? null,
    isolationPlan: r.isolation_plan ?? null,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    createdBy: String(r.created_by),
    version: Number(r.version),
    transitions: r.transitions as Transition[],
  };
}

function toAck(r: Row): Ack {
  return {
    sensor: String(r.sensor),
    metric: String(r.metric),
    asset: String(r.asset),
    episode: String(r.episode),
    by: String(r.by_user),
    at: iso(r.at),
    note: String(r.note ?? ''),
  };
}

function toAudit(r: Row): AuditEntry {
  return {
    id: Number(r.id),
    at: iso(r.at),
    actor: String(r.actor),
    action: String(r.action),
    entity: String(r.entity),
    entityId: String(r.entity_id),
    before: r.before ?? null,
    after: r.after ?? null,
  };
}

/** jsonb parameters: JSON text (both drivers accept it; a bare JS array would become a PostgreSQL array). */
const json = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));

export class Store {
  private queue: Promise<unknown> = Promise.resolve();
  /** Called after each committed change with its events, in id order. */
  onEvent: (e: StoredEvent) => void = () => {};

  constructor(readonly db: Database) {}

  /**
   * Run a change, one at a time; its events are emitted after it commits. `inTx` (default): in one transaction; a
   * change that is a single statement (already atomic) passes false and saves the BEGIN/COMMIT round trips.
   */
  private write<T>(
    fn: (sql: Sql, emit: (name: SseEventName, payload: unknown) => Promise<void>, emitted: (e: StoredEvent) => void) => Promise<T>,
    inTx = true,
  ): Promise<T> {
    const run = async (): Promise<T> => {
      const events: StoredEvent[] = [];
      const body = async (sql: Sql): Promise<T> => {
        const emit = async (name: SseEventName, payload: unknown): Promise<void> => {
          const r = await sql.query<{ id: number }>('INSERT INTO events (name, payload) VALUES ($1, $2) RETURNING id', [name, json(payload)]);
          events.push({ id: Number(r[0].id), name, payload });
        };
        return fn(sql, emit, (e) => events.push(e));
      };
      const out = inTx ? await this.db.tx(body) : await body(this.db);
      for (const e of events) this.onEvent(e);
      return out;
    };
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => {});
    return p;
  }

  private static async audit(sql: Sql, at: Date, actor: string, action: string, entity: string, entityId: string, before: unknown, after: unknown): Promise<void> {
    await sql.query('INSERT INTO audit (at, actor, action, entity, entity_id, before, after) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      at,
      actor,
      action,
      entity,
      entityId,
      json(before),
      json(after),
    ]);
  }

  // ---- users ----------------------------------------------------------------------------------------------------

  async countUsers(): Promise<number> {
    const r = await this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
    return Number(r[0].n);
  }

  async getUser(name: string): Promise<{ name: string; role: Role; passwordHash: string } | null> {
    const r = await this.db.query<Row>('SELECT name, role, password_hash FROM users WHERE name = $1', [name]);
    return r.length ? { name: String(r[0].name), role: r[0].role as Role, passwordHash: String(r[0].password_hash) } : null;
  }

  async listUsers(): Promise<SessionUser[]> {
    const r = await this.db.query<Row>('SELECT name, role FROM users ORDER BY name');
    return r.map((u) => ({ name: String(u.name), role: u.role as Role }));
  }

  /** Add a user, or (replace) set the role and password of an existing one. Audited (without the hash). */
  async putUser(name: string, role: Role, passwordHash: string, actor: string, replace = false): Promise<'added' | 'updated' | 'exists'> {
    return this.write(async (sql) => {
      const before = await sql.query<Row>('SELECT name, role FROM users WHERE name = $1', [name]);
      if (before.length && !replace) return 'exists';
      await sql.query(
        `INSERT INTO users (name, role, password_hash) VALUES ($1, $2, $3)
         ON CONFLICT (name) DO UPDATE SET role = EXCLUDED.role, password_hash = EXCLUDED.password_hash`,
        [name, role, passwordHash],
      );
      if (before.length) await sql.query('DELETE FROM sessions WHERE user_name = $1', [name]);
      this.sessionCache.clear();
      await Store.audit(sql, new Date(), actor, before.length ? 'user.update' : 'user.add', 'user', name, before[0] ?? null, { name, role });
      return before.length ? 'updated' : 'added';
    });
  }

  async removeUser(name: string, actor: string): Promise<boolean> {
    return this.write(async (sql) => {
      const before = await sql.query<Row>('DELETE FROM users WHERE name = $1 RETURNING name, role', [name]);
      this.sessionCache.clear();
      if (before.length) await Store.audit(sql, new Date(), actor, 'user.remove', 'user', name, before[0], null);
      return before.length > 0;
    });
  }

  // ---- sessions -------------------------------------------------------------------------------------------------

  async createSession(tokenHash: string, user: string, csrf: string, expires: Date): Promise<void> {
    await this.db.query('INSERT INTO sessions (token_hash, user_name, csrf_token, expires_at) VALUES ($1, $2, $3, $4)', [tokenHash, user, csrf, expires]);
  }

  /** Sessions looked up in the last SESSION_CACHE_MS (a write needs one; saves a query per request). */
  private readonly sessionCache = new Map<string, { value: { user: SessionUser; csrf: string }; until: number; expires: number }>();

  async getSession(tokenHash: string, now: Date): Promise<{ user: SessionUser; csrf: string } | null> {
    const hit = this.sessionCache.get(tokenHash);
    if (hit && hit.until > now.getTime() && hit.expires > now.getTime()) return hit.value;
    const r = await this.db.query<Row>(
      `SELECT u.name, u.role, s.csrf_token, s.expires_at FROM sessions s JOIN users u ON u.name = s.user_name
       WHERE s.token_hash = $1 AND s.expires_at > $2`,
      [tokenHash, now],
    );
    if (!r.length) {
      this.sessionCache.delete(tokenHash);
      return null;
    }
    const value = { user: { name: String(r[0].name), role: r[0].role as Role }, csrf: String(r[0].csrf_token) };
    if (this.sessionCache.size > 10_000) this.sessionCache.clear();
    this.sessionCache.set(tokenHash, { value, until: now.getTime() + SESSION_CACHE_MS, expires: new Date(r[0].expires_at as string | Date).getTime() });
    return value;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    this.sessionCache.delete(tokenHash);
    await this.db.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
  }

  async purgeSessions(now: Date): Promise<void> {
    await this.db.query('DELETE FROM sessions WHERE expires_at <= $1', [now]);
  }

  // ---- acknowledgements -----------------------------------------------------------------------------------------

  async listAcks(): Promise<Ack[]> {
    return (await this.db.query<Row>('SELECT * FROM acks ORDER BY at, episode')).map(toAck);
  }

  /**
   * Idempotent per episode: a second acknowledgement of the same episode returns the first, unchanged. The ack, its
   * audit entry and its event are one statement (one round trip: this is the write every screen makes most).
   */
  async addAck(body: { sensor: string; metric: string; asset: string; episode: string; note: string }, by: string, now: Date): Promise<{ ack: Ack; created: boolean }> {
    const ack: Ack = { sensor: body.sensor, metric: body.metric, asset: body.asset, episode: body.episode, by, at: now.toISOString(), note: body.note };
    return this.write(async (sql, _emit, emitted) => {
      const r = await sql.query<{ id: number }>(
        `WITH a AS (
           INSERT INTO acks (episode, sensor, metric, asset, by_user, at, note, episode_start) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (episode) DO NOTHING RETURNING episode),
         au AS (
           INSERT INTO audit (at, actor, action, entity, entity_id, before, after) SELECT $6, $5, 'ack.create', 'ack', episode, NULL, $9::jsonb FROM a)
         INSERT INTO events (name, payload) SELECT 'ack', $9::jsonb FROM a RETURNING id`,
        [body.episode, body.sensor, body.metric, body.asset, by, now, body.note, episodeStart(body.episode), JSON.stringify(ack)],
      );
      if (!r.length) {
        const old = await sql.query<Row>('SELECT * FROM acks WHERE episode = $1', [body.episode]);
        return { ack: toAck(old[0]), created: false };
      }
      emitted({ id: Number(r[0].id), name: 'ack', payload: ack });
      return { ack, created: true };
    }, false);
  }

  // ---- incidents ------------------------------------------------------------------------------------------------

  async listIncidents(q: IncidentQuery = {}): Promise<Incident[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.stage) where.push(`stage = $${params.push(q.stage)}`);
    if (q.type) where.push(`type = $${params.push(q.type)}`);
    if (q.open === '1') where.push(`stage <> 'closed'`);
    if (q.open === '0') where.push(`stage = 'closed'`);
    const sqlText = `SELECT * FROM incidents ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id`;
    return (await this.db.query<Row>(sqlText, params)).map(toIncident);
  }

  async getIncident(id: number): Promise<Incident | null> {
    const r = await this.db.query<Row>('SELECT * FROM incidents WHERE id = $1', [id]);
    return r.length ? toIncident(r[0]) : null;
  }

  async createIncident(body: IncidentCreateBody, by: string, now: Date): Promise<Incident> {
    return this.write(async (sql, emit) => {
      const transitions: Transition[] = [{ stage: 'reported', at: now.toISOString(), by }];
      const r = await sql.query<Row>(
        `INSERT INTO incidents (type, title, asset, location, severity, stage, team, notes, alarm, isolation_plan,
           created_at, updated_at, created_by, version, transitions)
         VALUES ($1, $2, $3, $4, $5, 'reported', $6, $7, $8, $9, $10, $10, $11, 1, $12) RETURNING *`,
        [body.type, body.title, body.asset, json(body.location), body.severity, body.team, body.notes, json(body.alarm), json(body.isolationPlan), now, by, json(transitions)],
      );
      const inc = toIncident(r[0]);
      await Store.audit(sql, now, by, 'incident.create', 'incident', String(inc.id), null, inc);
      await emit('incident', inc);
      return inc;
    });
  }

  async patchIncident(id: number, body: IncidentPatchBody, by: string, now: Date): Promise<PatchResult> {
    return this.write(async (sql, emit): Promise<PatchResult> => {
      const cur = await sql.query<Row>('SELECT * FROM incidents WHERE id = $1 FOR UPDATE', [id]);
      if (!cur.length) return { ok: false, code: 'notFound' };
      const before = toIncident(cur[0]);
      if (before.version !== body.version) return { ok: false, code: 'staleVersion', detail: `version ${body.version} ≠ ${before.version}` };
      const next: Incident = { ...before, transitions: [...before.transitions] };
      if (body.stage !== undefined && body.stage !== before.stage) {
        if (!canTransition(before.stage, body.stage)) return { ok: false, code: 'illegalTransition', detail: `${before.stage} → ${body.stage}` };
        next.transitions.push({ stage: transitionStage(before.stage, body.stage), at: now.toISOString(), by });
        next.stage = body.stage;
      }
      if (body.team !== undefined) next.team = body.team;
      if (body.severity !== undefined) next.severity = body.severity;
      if (body.isolationPlan !== undefined) next.isolationPlan = body.isolationPlan;
      if (body.note !== undefined) next.notes = before.notes ? `${before.notes}\n${body.note}` : body.note;
      next.version = before.version + 1;
      next.updatedAt = now.toISOString();
      const closedAt = next.stage === 'closed' ? (before.stage === 'closed' ? cur[0].closed_at : now) : null;
      const r = await sql.query<Row>(
        `UPDATE incidents SET stage = $2, team = $3, severity = $4, isolation_plan = $5, notes = $6, version = $7,
           updated_at = $8, transitions = $9, closed_at = $10 WHERE id = $1 RETURNING *`,
        [id, next.stage, next.team, next.severity, json(next.isolationPlan), next.notes, next.version, now, json(next.transitions), closedAt],
      );
      const inc = toIncident(r[0]);
      await Store.audit(sql, now, by, 'incident.update', 'incident', String(id), before, inc);
      await emit('incident', inc);
      return { ok: true, incident: inc };
    });
  }

  async auditFor(entity: string, entityId: string): Promise<AuditEntry[]> {
    return (await this.db.query<Row>('SELECT * FROM audit WHERE entity = $1 AND entity_id = $2 ORDER BY id', [entity, entityId])).map(toAudit);
  }

  // ---- KPIs (in SQL: the same figures as computeKpis in src/domain/ops.ts) --------------------------------------

  async kpis(now: Date): Promise<Kpis> {
    const byStage = await this.db.query<{ stage: Stage; n: number }>('SELECT stage, count(*)::int AS n FROM incidents GROUP BY stage');
    const openByStage = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
    for (const r of byStage) openByStage[r.stage] = Number(r.n);
    const close = await this.db.query<{ p50: number | null; within: number | null }>(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM closed_at - created_at))::float8 AS p50,
              (avg(CASE WHEN extract(epoch FROM closed_at - created_at) <= 86400 THEN 1.0 ELSE 0.0 END))::float8 AS within
       FROM incidents WHERE stage = 'closed' AND closed_at IS NOT NULL`,
    );
    const ack = await this.db.query<{ p50: number | null }>(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY greatest(0, extract(epoch FROM at - episode_start)))::float8 AS p50
       FROM acks WHERE episode_start IS NOT NULL`,
    );
    const num = (x: unknown): number | null => (x === null || x === undefined ? null : Number(x));
    return {
      openByStage,
      open: STAGES.filter((s) => s !== 'closed').reduce((n, s) => n + openByStage[s], 0),
      ackP50S: num(ack[0]?.p50),
      closeP50S: num(close[0]?.p50),
      closedWithin24hShare: num(close[0]?.within),
      generatedAt: now.toISOString(),
    };
  }

  // ---- events (SSE replay) --------------------------------------------------------------------------------------

  async eventsAfter(id: number, limit = 10_000): Promise<StoredEvent[]> {
    const r = await this.db.query<Row>('SELECT id, name, payload FROM events WHERE id > $1 ORDER BY id LIMIT $2', [id, limit]);
    return r.map((e) => ({ id: Number(e.id), name: e.name as SseEventName, payload: e.payload }));
  }

  async lastEventId(): Promise<number> {
    const r = await this.db.query<{ id: number | null }>('SELECT max(id) AS id FROM events');
    return Number(r[0]?.id ?? 0);
  }

  /** Keep the newest `keep` events (replay reaches back that far). */
  async trimEvents(keep: number): Promise<void> {
    await this.db.query('DELETE FROM events WHERE id <= (SELECT max(id) FROM events) - $1', [keep]);
  }
}
