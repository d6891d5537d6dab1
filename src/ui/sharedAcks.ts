/**
 * Acknowledgements shared through the operations server (issue 12), as the alarm list's AckSource. A row is
 * acknowledged when the server holds an acknowledgement for its alarm episode (sensor | metric | episode start).
 *
 * Screens do not agree on when an alarm began: each knows the time of the feed document in which it saw the status
 * change, and a screen opened during an alarm only knows its own first document's time. So an acknowledgement of the
 * same sensor and metric counts for a row when its episode began at or after the row's (while the row's alarm lasts,
 * a later start can only be another screen's later view of the same alarm), and, for a row that was already on in
 * this screen's first document (`inheritedSince`), also when it began earlier, up to a day before. A
 * new episode after the asset was seen normal starts later than every acknowledgement of the one before. A
 * click sends one (`send`); the row says "saving…" and counts as acknowledged only once the server answered 2xx (or
 * the same acknowledgement arrived from another screen by the event stream). A refused or unanswered request leaves
 * the row unacknowledged with the reason in plain words. A saved acknowledgement is an audited record: it cannot be
 * withdrawn here. Acknowledging needs an operator logged in and the server online (`writable`).
 */
import { episodeStart, type Ack, type AckBody } from '../domain/ops';
import { episodeOf, type AckSource, type AlarmRow } from './alarmList';
import { translate, type Lang } from './i18n';
import { canWrite, problemText, type OpsProblem, type OpsStore, type Outcome } from './opsState';

/** how far back an acknowledgement may have begun and still count for an alarm this screen found already on */
const INHERITED_WINDOW_MS = 24 * 3600 * 1000;

export class SharedAcks implements AckSource {
  readonly undoable = false;
  private readonly listeners = new Set<() => void>();
  /** episodes whose request is on its way */
  private readonly sending = new Set<string>();
  /** the last refusal per episode (cleared by the next try) */
  private readonly failed = new Map<string, OpsProblem>();
  private episodes = new Set<string>();
  /** `sensor|metric` → episode starts (ms) acknowledged */
  private starts = new Map<string, number[]>();
  private readonly off: () => void;

  constructor(
    private readonly ops: OpsStore,
    private readonly send: (body: AckBody) => Promise<Outcome<Ack>>,
    /** the `since` of alarms already on in this screen's first feed document (app/feed.ts), null when none */
    private readonly inheritedSince: () => number | null = () => null,
  ) {
    this.off = ops.subscribe((s, prev) => {
      if (s.acks !== prev.acks) this.index(s.acks);
      if (s.acks !== prev.acks || s.link !== prev.link || s.session !== prev.session) this.emit();
    });
    this.index(ops.get().acks);
  }

  private index(acks: readonly Ack[]): void {
    this.episodes = new Set(acks.map((a) => a.episode));
    this.starts = new Map();
    for (const a of acks) {
      const start = episodeStart(a.episode);
      if (!start) continue;
      const key = `${a.sensor}|${a.metric}`;
      const list = this.starts.get(key);
      if (list) list.push(start.getTime());
      else this.starts.set(key, [start.getTime()]);
    }
  }

  has(row: AlarmRow): boolean {
    const { sensor, metric, episode } = episodeOf(row);
    if (this.episodes.has(episode)) return true;
    const starts = this.starts.get(`${sensor}|${metric}`);
    if (!starts) return false;
    const inherited = this.inheritedSince() === row.since;
    return starts.some((s) => s >= row.since || (inherited && row.since - s <= INHERITED_WINDOW_MS));
  }

  set(row: AlarmRow, acked: boolean): void {
    if (!acked || this.has(row) || !this.writable()) return;
    const { sensor, metric, episode } = episodeOf(row);
    if (this.sending.has(episode)) return;
    this.sending.add(episode);
    this.failed.delete(episode);
    this.emit();
    void this.send({ sensor, metric, asset: row.id, episode, note: '' }).then(
      (out) => this.settle(episode, out.ok ? null : out.problem),
      () => this.settle(episode, { status: 0, code: 'unreachable' }),
    );
  }

  private settle(episode: string, problem: OpsProblem | null): void {
    this.sending.delete(episode);
    if (problem) this.failed.set(episode, problem);
    this.emit();
  }

  writable(): boolean {
    return canWrite(this.ops.get());
  }

  pending(row: AlarmRow): boolean {
    return this.sending.has(episodeOf(row).episode);
  }

  note(row: AlarmRow, lang: Lang): string | null {
    const episode = episodeOf(row).episode;
    if (this.sending.has(episode)) return translate(lang, 'ops.saving');
    const problem = this.failed.get(episode);
    if (problem && !this.episodes.has(episode)) return translate(lang, 'ops.notSaved', { reason: problemText(problem, lang) });
    return null;
  }

  blockedReason(lang: Lang): string {
    const s = this.ops.get();
    if (s.link === 'connecting') return translate(lang, 'ops.connecting');
    if (s.link === 'offline') return translate(lang, 'ops.offline');
    return translate(lang, s.session?.user ? 'ops.needOperator' : 'ops.loginToAck');
  }

  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  dispose(): void {
    this.off();
    this.listeners.clear();
  }

  private emit(): void {
    for (const l of [...this.listeners]) l();
  }
}
