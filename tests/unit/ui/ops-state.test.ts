/**
 * The shared operations state as the panels see it (src/ui/opsState.ts), shared acknowledgements
 * (src/ui/sharedAcks.ts), the alarm list's episode key and ack switch, and the strip's time-to-close text. Fixtures
 * are small and worked out by hand.
 */
import { describe, expect, test } from 'vitest';
import type { IsolationResult } from '../../../src/analysis/network/types';
import type { Ack, AckBody, Incident, SessionInfo, Stage } from '../../../src/domain/ops';
import { metric } from '../../../src/domain/metrics';
import { AckStore, AckSwitch, episodeOf, type AlarmRow } from '../../../src/ui/alarmList';
import { closeText, openByStageText } from '../../../src/ui/kpiStrip';
import {
  canWrite,
  createOpsStore,
  durationText,
  filterIncidents,
  asIsolationPlan,
  groupByStage,
  isolationPlanOf,
  isolationPlanText,
  mergeAck,
  mergeIncident,
  nextStages,
  problemText,
  type Outcome,
} from '../../../src/ui/opsState';
import { SharedAcks } from '../../../src/ui/sharedAcks';

function incident(id: number, stage: Stage, extra: Partial<Incident> = {}): Incident {
  return {
    id,
    type: 'leak',
    title: `leak ${id}`,
    asset: 'JS-000001',
    location: null,
    severity: 'medium',
    stage,
    team: null,
    notes: '',
    alarm: null,
    isolationPlan: null,
    createdAt: '2026-12-03T08:00:00.000Z',
    updatedAt: '2026-12-03T08:00:00.000Z',
    createdBy: 'op',
    version: 1,
    transitions: [{ stage: 'reported', at: '2026-12-03T08:00:00.000Z', by: 'op' }],
    ...extra,
  };
}

function ack(episode: string): Ack {
  return { sensor: 'S1', metric: 'pressure', asset: 'JS-000001', episode, by: 'op', at: '2026-12-03T08:05:00.000Z', note: '' };
}

const pressure = metric('pressure') ?? null;

/** An asset row in alarm since 08:00:00 UTC, decided by sensor S1's pressure. */
const row: AlarmRow = {
  kind: 'asset',
  id: 'JS-000001',
  gid: 0,
  code: 3,
  stale: false,
  since: Date.UTC(2026, 11, 3, 8, 0, 0),
  group: 'JS',
  metric: pressure,
  value: 0.1,
  time: Date.UTC(2026, 11, 3, 8, 0, 0),
  limits: null,
  cls: null,
  targetClass: null,
  primary: [],
  sensor: 'S1',
};
const EPISODE = 'S1|pressure|2026-12-03T08:00:00.000Z';

const operator: SessionInfo = { user: { name: 'op', role: 'operator' }, csrfToken: 't', viewOpen: true };
const viewer: SessionInfo = { user: { name: 'v', role: 'viewer' }, csrfToken: 't', viewOpen: true };

describe('incident list helpers', () => {
  test('a newer version replaces the held one, an older one does not; a new incident goes first (newest id first)', () => {
    const held = [incident(2, 'dispatched', { version: 3 }), incident(1, 'reported')];
    expect(mergeIncident(held, incident(2, 'reported', { version: 2 }))[0].stage).toBe('dispatched');
    expect(mergeIncident(held, incident(2, 'isolated', { version: 4 }))[0].stage).toBe('isolated');
    expect(mergeIncident(held, incident(3, 'reported')).map((i) => i.id)).toEqual([3, 2, 1]);
  });

  test('one acknowledgement per episode', () => {
    const one = mergeAck([], ack('a|b|c'));
    expect(mergeAck(one, { ...ack('a|b|c'), by: 'other' })).toEqual(one);
    expect(mergeAck(one, ack('a|b|d'))).toHaveLength(2);
  });

  test('filters and grouping by stage (stage order, newest first within a stage)', () => {
    const list = [incident(1, 'closed'), incident(2, 'reported'), incident(3, 'isolated', { type: 'gas' }), incident(4, 'reported')];
    expect(groupByStage(list).map((g) => [g.stage, g.incidents.map((i) => i.id)])).toEqual([
      ['reported', [4, 2]],
      ['isolated', [3]],
      ['closed', [1]],
    ]);
    expect(filterIncidents(list, { stage: null, type: null, openOnly: true }).map((i) => i.id)).toEqual([2, 3, 4]);
    expect(filterIncidents(list, { stage: null, type: 'gas', openOnly: false }).map((i) => i.id)).toEqual([3]);
    expect(filterIncidents(list, { stage: 'reported', type: 'gas', openOnly: false })).toEqual([]);
  });

  test('stage buttons: every forward stage, only "closed" after repaired, only reopen after closed', () => {
    expect(nextStages('reported')).toEqual(['dispatched', 'on-site', 'isolated', 'repaired', 'closed']);
    expect(nextStages('repaired')).toEqual(['closed']);
    expect(nextStages('closed')).toEqual(['reported']);
  });
});

describe('words', () => {
  test('durations', () => {
    expect(durationText(45, 'en')).toBe('45 s');
    expect(durationText(720, 'en')).toBe('12 min');
    expect(durationText(5.2 * 3600, 'en')).toBe('5.2 h');
    expect(durationText(5.2 * 3600, 'zh-CN')).toBe('5.2小时');
    expect(durationText(3 * 86400, 'en')).toBe('3 d');
  });

  test('time to close against the 24 h target, with the share closed within it', () => {
    expect(closeText({ open: 2, closeP50S: 5 * 3600, closedWithin24hShare: 0.8 }, 'en')).toBe('5 h (target 24 h) · 80% within 24 h');
    expect(closeText({ open: 2, closeP50S: null, closedWithin24hShare: null }, 'en')).toBe('none closed yet');
    const openByStage = { reported: 2, dispatched: 0, 'on-site': 1, isolated: 0, repaired: 0, closed: 5 };
    expect(openByStageText({ open: 3, closeP50S: null, closedWithin24hShare: null, openByStage }, 'en')).toBe('Reported 2 · On site 1');
  });

  test("a problem in the server's own words in the page's language, else ours by status", () => {
    expect(problemText({ status: 401, code: 'badLogin', en: 'Wrong name or password', zh: '用户名或密码错误' }, 'zh-CN')).toBe('用户名或密码错误');
    expect(problemText({ status: 429, code: 'http429' }, 'en')).toBe('Too many attempts; wait a minute');
    expect(problemText({ status: 0, code: 'unreachable' }, 'en')).toBe('The operations server cannot be reached');
    expect(problemText({ status: 418, code: 'http418' }, 'en')).toBe('The server answered HTTP 418');
  });

  test('only an operator (or admin) writes, and only while the link is online', () => {
    expect(canWrite({ link: 'online', session: operator })).toBe(true);
    expect(canWrite({ link: 'offline', session: operator })).toBe(false);
    expect(canWrite({ link: 'online', session: viewer })).toBe(false);
    expect(canWrite({ link: 'online', session: { user: null, csrfToken: null, viewOpen: true } })).toBe(false);
  });
});

describe('alarm episodes and the acknowledgement sources', () => {
  test("an alarm row's episode: deciding sensor | metric | when the status began (a section: its id)", () => {
    expect(episodeOf(row)).toEqual({ sensor: 'S1', metric: 'pressure', episode: EPISODE });
    expect(episodeOf({ ...row, sensor: null, metric: null }).episode).toBe('JS-000001|status|2026-12-03T08:00:00.000Z');
    expect(episodeOf({ ...row, kind: 'section', sensor: null, id: 'SEC-01' }).episode).toBe('SEC-01|class|2026-12-03T08:00:00.000Z');
  });

  test('the switch forwards to the source in use and says when it changes', () => {
    const local = new AckStore(null);
    local.set(row, true);
    const sw = new AckSwitch(local);
    let changes = 0;
    sw.onChange(() => changes++);
    expect(sw.has(row)).toBe(true);
    const ops = createOpsStore();
    sw.use(new SharedAcks(ops, () => new Promise<never>(() => undefined)));
    expect(changes).toBe(1);
    expect(sw.has(row)).toBe(false);
    expect(sw.undoable).toBe(false);
  });

  test('a shared acknowledgement counts only once the server answered 2xx; until then the row says "saving…"', async () => {
    const ops = createOpsStore();
    ops.set({ link: 'online', session: operator });
    let answer: (o: Outcome<Ack>) => void = () => undefined;
    const sent: AckBody[] = [];
    const acks = new SharedAcks(ops, (body) => {
      sent.push(body);
      return new Promise((resolve) => (answer = resolve));
    });
    acks.set(row, true);
    expect(sent).toEqual([{ sensor: 'S1', metric: 'pressure', asset: 'JS-000001', episode: EPISODE, note: '' }]);
    expect(acks.has(row)).toBe(false);
    expect(acks.pending(row)).toBe(true);
    expect(acks.note(row, 'en')).toBe('saving…');
    acks.set(row, true); // a second click while it is on its way sends nothing
    expect(sent).toHaveLength(1);
    // the app puts the saved acknowledgement in the store before it answers
    ops.set({ acks: [ack(EPISODE)] });
    answer({ ok: true, value: ack(EPISODE) });
    await Promise.resolve();
    await Promise.resolve();
    expect(acks.has(row)).toBe(true);
    expect(acks.pending(row)).toBe(false);
    expect(acks.note(row, 'en')).toBeNull();
  });

  test('a refused acknowledgement stays unacknowledged and says why; nobody logged in: nothing is sent', async () => {
    const ops = createOpsStore();
    ops.set({ link: 'online', session: operator });
    const acks = new SharedAcks(ops, async () => ({ ok: false, problem: { status: 403, code: 'csrf', en: 'Missing or wrong CSRF token', zh: 'CSRF令牌错误' } }));
    acks.set(row, true);
    await new Promise((r) => setTimeout(r, 0));
    expect(acks.has(row)).toBe(false);
    expect(acks.note(row, 'en')).toBe('not saved: Missing or wrong CSRF token');

    const sent: AckBody[] = [];
    ops.set({ session: { user: null, csrfToken: null, viewOpen: true } });
    const none = new SharedAcks(ops, async (b) => {
      sent.push(b);
      return { ok: true, value: ack(b.episode) };
    });
    expect(none.writable()).toBe(false);
    expect(none.blockedReason('en')).toBe('Log in as an operator to acknowledge');
    none.set(row, true);
    expect(sent).toEqual([]);
    ops.set({ link: 'offline' });
    expect(none.blockedReason('en')).toBe('Shared state offline');
    ops.set({ link: 'connecting' });
    expect(none.blockedReason('en')).toBe('Connecting to shared state…');
  });
});

describe('which acknowledgements count for a row (screens see an alarm begin at different times)', () => {
  const H = 3600 * 1000;
  const at = (ms: number): string => new Date(ms).toISOString();
  const ackFrom = (startMs: number): Ack => ({ ...ack(`S1|pressure|${at(startMs)}`), sensor: 'S1', metric: 'pressure' });
  const shared = (acks: Ack[], inherited: number | null = null): SharedAcks => {
    const ops = createOpsStore();
    ops.set({ acks });
    return new SharedAcks(ops, () => new Promise<never>(() => undefined), () => inherited);
  };

  test('the same start, or a later one (another screen that opened during this alarm)', () => {
    expect(shared([ackFrom(row.since)]).has(row)).toBe(true);
    expect(shared([ackFrom(row.since + 2 * H)]).has(row)).toBe(true);
  });

  test('an earlier start is an earlier episode, unless this screen found the alarm already on (within a day)', () => {
    expect(shared([ackFrom(row.since - H)]).has(row)).toBe(false);
    expect(shared([ackFrom(row.since - H)], row.since).has(row)).toBe(true);
    expect(shared([ackFrom(row.since - 25 * H)], row.since).has(row)).toBe(false);
  });

  test('another sensor or metric never counts', () => {
    expect(shared([{ ...ackFrom(row.since), sensor: 'S2', episode: `S2|pressure|${at(row.since)}` }]).has(row)).toBe(false);
    expect(shared([{ ...ackFrom(row.since), metric: 'flow', episode: `S1|flow|${at(row.since)}` }]).has(row)).toBe(false);
  });
});

describe('isolation plans recorded with an incident', () => {
  test('the plan keeps ids and counts; read back only when it has that shape', () => {
    const valve = (id: string) => ({ id });
    const result = {
      kind: 'isolation',
      pipe: { id: 'JS-000010' },
      valves: { close: [valve('FM-1'), valve('FM-2')], inoperable: [valve('FM-3')], stuck: [], alreadyClosed: [] },
      counts: { valvesToClose: 2, inoperable: 1, stuck: 0, alreadyClosed: 0, isolatedPipes: 5, outagePipes: 1, servicePoints: 3, customers: 40 },
    } as unknown as IsolationResult;
    const plan = isolationPlanOf(result);
    expect(plan).toEqual({ pipe: 'JS-000010', close: ['FM-1', 'FM-2'], inoperable: ['FM-3'], stuck: [], isolatedPipes: 5, outagePipes: 1, customers: 40 });
    expect(asIsolationPlan(JSON.parse(JSON.stringify(plan)))).toEqual(plan);
    expect(asIsolationPlan({ ...plan, close: 'FM-1' })).toBeNull();
    expect(asIsolationPlan(null)).toBeNull();
    expect(isolationPlanText(plan, 'en')).toBe('close 2 valves (FM-1, FM-2) · 5 pipes emptied · 1 cut off · 40 households');
    expect(isolationPlanText(plan, 'zh-CN')).toBe('关闭2个阀门（FM-1、FM-2）· 停水管段5条 · 连带停水1条 · 影响40户');
  });
});
