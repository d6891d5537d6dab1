/**
 * The shared operations state in the viewer, kept in step with the operations server (issue 12): it loads the session,
 * acknowledgements, incidents and KPIs, keeps the event stream (`/api/events`, app/opsEvents.ts) open and applies its
 * `ack` / `incident` / `kpis` events, and carries out the panels' actions through the API (app/opsApi.ts, CSRF header
 * included). The link is 'online' while the stream is open and the last reload succeeded; the server or its database
 * unreachable (no answer, 502–504, stream dropped) makes it 'offline' with the reason, and it comes back by itself: the
 * stream reconnects (the browser's own retry, or a new EventSource after a backoff) and reloads when it opens, and a
 * probe reloads every few seconds while the stream stayed open but requests failed. Nothing is shown as saved before
 * the server answered 2xx: the actions resolve to Outcomes, and the state changes only from answers and events.
 */
import type { Ack, AckBody, AuditEntry, Incident, IncidentCreateBody, IncidentPatchBody, SessionInfo } from '../domain/ops';
import { createOpsStore, mergeAck, mergeIncident, type OpsActions, type OpsProblem, type OpsStore, type Outcome } from '../ui/opsState';
import { OpsApi, isAck, isIncident, isKpis } from './opsApi';
import { OpsEvents, type EventSourceLike } from './opsEvents';

export interface OpsControllerOptions {
  fetch?: typeof fetch;
  createEventSource?: (url: string) => EventSourceLike;
  /** while offline with the stream open: reload every probeMs (default 3000) */
  probeMs?: number;
  /** first stream retry after the server refused it (default 1000, doubling up to 10 s) */
  retryMs?: number;
}

/** A problem that means "the server or its database is not there" (rather than "you may not"). */
function isOutage(p: OpsProblem): boolean {
  return p.status === 0 || p.status === 502 || p.status === 503 || p.status === 504;
}

export class OpsController implements OpsActions {
  readonly state: OpsStore = createOpsStore();
  readonly api: OpsApi;
  private readonly events: OpsEvents;
  private probeTimer: ReturnType<typeof setTimeout> | null = null;
  /** reloads are numbered: only the latest one applies what it read */
  private generation = 0;
  private disposed = false;

  constructor(
    base: string,
    private readonly opts: OpsControllerOptions = {},
  ) {
    this.api = new OpsApi(base, () => this.state.get().session?.csrfToken ?? null, opts.fetch);
    this.events = new OpsEvents(
      this.api.url('/events'),
      {
        open: () => void this.reload(),
        // a stream refused for want of a login is no outage (reload() found the reads refused and paused it)
        error: () => {
          if (!this.state.get().needLogin) this.goOffline(null);
        },
        event: (name, data) => this.apply(name, data),
      },
      { create: opts.createEventSource, retryMs: opts.retryMs },
    );
  }

  /** Loads the state and opens the event stream (which reloads again once it is open). */
  async start(): Promise<void> {
    this.events.start();
    await this.reload();
  }

  /**
   * Reads the session, acknowledgements, incidents and KPIs; true when the server answered. Reads refused for want of
   * a login (viewing closed) leave the lists empty and `needLogin` set.
   */
  async reload(): Promise<boolean> {
    const gen = ++this.generation;
    const session = await this.api.session();
    if (this.disposed || gen !== this.generation) return false;
    if (!session.ok) return this.failed(session.problem);
    this.state.set({ session: session.value });
    const [acks, incidents, kpis] = await Promise.all([this.api.acks(), this.api.incidents(), this.api.kpis()]);
    if (this.disposed || gen !== this.generation) return false;
    for (const o of [acks, incidents, kpis]) if (!o.ok && isOutage(o.problem)) return this.failed(o.problem);
    const refused = [acks, incidents, kpis].some((o) => !o.ok && (o.problem.status === 401 || o.problem.status === 403));
    this.state.set({
      acks: acks.ok ? acks.value : [],
      incidents: incidents.ok ? incidents.value.slice().sort((a, b) => b.id - a.id) : [],
      kpis: kpis.ok ? kpis.value : null,
      needLogin: refused,
    });
    if (refused) {
      // viewing is closed and nobody is logged in: the server is there, but there is nothing to stream until a login
      this.events.pause();
      this.stopProbe();
      this.state.set({ link: 'online', offlineReason: null });
    } else if (this.events.isOpen()) {
      this.stopProbe();
      this.state.set({ link: 'online', offlineReason: null });
    } else this.events.start();
    return true;
  }

  private failed(p: OpsProblem): false {
    if (isOutage(p)) this.goOffline(p);
    return false;
  }

  /** The server (or its database) is unreachable: say so, and keep trying while the stream itself is up. */
  private goOffline(p: OpsProblem | null): void {
    if (this.disposed) return;
    const reason = p && p.status !== 0 && (p.en || p.zh) ? { en: p.en ?? p.zh ?? '', zh: p.zh ?? p.en ?? '' } : null;
    this.state.set({ link: 'offline', offlineReason: reason });
    this.scheduleProbe();
  }

  private scheduleProbe(): void {
    if (this.probeTimer || this.disposed) return;
    this.probeTimer = setTimeout(() => {
      this.probeTimer = null;
      if (this.state.get().link !== 'offline' || this.disposed) return;
      // a stream that is down reconnects by itself and reloads when it opens; one that stayed up needs a probe
      if (this.events.isOpen()) void this.reload();
      this.scheduleProbe();
    }, this.opts.probeMs ?? 3000);
  }

  private stopProbe(): void {
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeTimer = null;
  }

  /** An event from the stream (checked: a malformed one is dropped). */
  apply(name: string, data: unknown): void {
    const s = this.state.get();
    if (name === 'ack' && isAck(data)) this.state.set({ acks: mergeAck(s.acks, data) });
    else if (name === 'incident' && isIncident(data)) this.state.set({ incidents: mergeIncident(s.incidents, data) });
    else if (name === 'kpis' && isKpis(data)) this.state.set({ kpis: data });
  }

  /** An answer: an outage turns the link offline; the outcome goes back to the caller unchanged. */
  private seen<T>(out: Outcome<T>): Outcome<T> {
    if (!out.ok && isOutage(out.problem)) this.goOffline(out.problem);
    return out;
  }

  async login(name: string, password: string): Promise<Outcome<SessionInfo>> {
    const out = this.seen(await this.api.login(name, password));
    if (out.ok) {
      this.state.set({ session: out.value });
      // the stream and the reads may depend on who is logged in (viewing closed)
      this.events.restart();
      void this.reload();
    }
    return out;
  }

  async logout(): Promise<Outcome<null>> {
    const out = this.seen(await this.api.logout());
    if (!out.ok) return out;
    this.state.set({ session: { user: null, csrfToken: null, viewOpen: this.state.get().session?.viewOpen ?? true } });
    this.events.restart();
    void this.reload();
    return { ok: true, value: null };
  }

  async ack(body: AckBody): Promise<Outcome<Ack>> {
    const out = this.seen(await this.api.ack(body));
    if (out.ok) this.state.set({ acks: mergeAck(this.state.get().acks, out.value) });
    return out;
  }

  async createIncident(body: IncidentCreateBody): Promise<Outcome<Incident>> {
    const out = this.seen(await this.api.createIncident(body));
    if (out.ok) this.state.set({ incidents: mergeIncident(this.state.get().incidents, out.value) });
    return out;
  }

  async patchIncident(id: number, patch: IncidentPatchBody): Promise<Outcome<Incident>> {
    const out = this.seen(await this.api.patchIncident(id, patch));
    if (out.ok) this.state.set({ incidents: mergeIncident(this.state.get().incidents, out.value) });
    else if (out.problem.status === 409) {
      // someone else changed it first: show the latest (the caller says so)
      const latest = await this.api.incident(id);
      if (latest.ok) this.state.set({ incidents: mergeIncident(this.state.get().incidents, latest.value) });
    }
    return out;
  }

  async audit(id: number): Promise<Outcome<AuditEntry[]>> {
    return this.seen(await this.api.audit(id));
  }

  dispose(): void {
    this.disposed = true;
    this.stopProbe();
    this.events.dispose();
  }
}
