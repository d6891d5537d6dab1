import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { ackEpisode, apiError, canTransition, computeKpis, episodeStart, IncidentCreateBody, IncidentPatchBody, issueText, roleAtLeast, transitionStage, type Ack, type Incident } from '../../../src/domain/ops';

const inc = (id: number, stage: Incident['stage'], createdAt: string, transitions: Incident['transitions']): Incident => ({
  id,
  type: 'leak',
  title: `#${id}`,
  asset: null,
  location: null,
  severity: 'medium',
  stage,
  team: null,
  notes: '',
  alarm: null,
  isolationPlan: null,
  createdAt,
  updatedAt: createdAt,
  createdBy: 'op',
  version: transitions.length,
  transitions,
});

describe('incident stages', () => {
  it('move forward (skipping allowed), never back, and reopen only from closed', () => {
    expect(canTransition('reported', 'dispatched')).toBe(true);
    expect(canTransition('on-site', 'repaired')).toBe(true);
    expect(canTransition('isolated', 'on-site')).toBe(false);
    expect(canTransition('repaired', 'repaired')).toBe(false);
    expect(canTransition('closed', 'reported')).toBe(true);
    expect(canTransition('closed', 'dispatched')).toBe(false);
    expect(transitionStage('closed', 'reported')).toBe('reopened');
    expect(transitionStage('reported', 'closed')).toBe('closed');
  });

  it('roles nest: viewer < operator < admin', () => {
    expect(roleAtLeast('admin', 'operator')).toBe(true);
    expect(roleAtLeast('viewer', 'operator')).toBe(false);
    expect(roleAtLeast('operator', 'operator')).toBe(true);
  });
});

describe('computeKpis', () => {
  it('counts open incidents by stage and takes medians of time to acknowledge and to close', () => {
    const t = (h: number): string => new Date(Date.UTC(2026, 4, 1) + h * 3600_000).toISOString();
    const incidents = [
      // closed after 2 h
      inc(1, 'closed', t(0), [{ stage: 'reported', at: t(0), by: 'a' }, { stage: 'closed', at: t(2), by: 'a' }]),
      // closed after 30 h (misses the 24 h target)
      inc(2, 'closed', t(0), [{ stage: 'reported', at: t(0), by: 'a' }, { stage: 'closed', at: t(30), by: 'a' }]),
      // closed at 1 h, reopened, closed again at 10 h: the last close counts
      inc(3, 'closed', t(0), [
        { stage: 'reported', at: t(0), by: 'a' },
        { stage: 'closed', at: t(1), by: 'a' },
        { stage: 'reopened', at: t(5), by: 'a' },
        { stage: 'closed', at: t(10), by: 'a' },
      ]),
      inc(4, 'on-site', t(0), [{ stage: 'reported', at: t(0), by: 'a' }]),
      inc(5, 'reported', t(0), [{ stage: 'reported', at: t(0), by: 'a' }]),
    ];
    const ack = (episode: string, at: string): Ack => ({ sensor: 's', metric: 'm', asset: 'a', episode, by: 'op', at, note: '' });
    const acks = [ack(ackEpisode('s', 'm', t(0)), t(0.5)), ack(ackEpisode('s', 'm', t(1)), t(1.25)), ack('no-start', t(3))];
    const k = computeKpis(incidents, acks, new Date(t(40)));
    expect(k.openByStage).toEqual({ reported: 1, dispatched: 0, 'on-site': 1, isolated: 0, repaired: 0, closed: 3 });
    expect(k.open).toBe(2);
    // closes: 2 h, 30 h, 10 h → median 10 h; 2 of 3 within 24 h
    expect(k.closeP50S).toBe(10 * 3600);
    expect(k.closedWithin24hShare).toBeCloseTo(2 / 3, 12);
    // acks: 30 min and 15 min → median 22.5 min (the one without a start is left out)
    expect(k.ackP50S).toBe(22.5 * 60);
    expect(k.generatedAt).toBe(t(40));
  });

  it('gives nulls, not zeros, when there is nothing to measure', () => {
    const k = computeKpis([], [], new Date(0));
    expect(k).toMatchObject({ open: 0, ackP50S: null, closeP50S: null, closedWithin24hShare: null });
  });

  it('reads the episode start out of the key', () => {
    expect(episodeStart('S-1|pressure|2026-05-01T08:00:00.000Z')?.toISOString()).toBe('2026-05-01T08:00:00.000Z');
    expect(episodeStart('S-1|pressure|soon')).toBeNull();
    expect(episodeStart('S-1')).toBeNull();
  });
});

describe('request schemas', () => {
  it('fill defaults, trim text, and name every bad field', () => {
    const ok = v.parse(IncidentCreateBody, { type: 'gas', title: '  Gas smell  ', unknown: 1 });
    expect(ok).toEqual({ type: 'gas', title: 'Gas smell', asset: null, location: null, severity: 'medium', team: null, notes: '', alarm: null, isolationPlan: null });
    const bad = v.safeParse(IncidentCreateBody, { type: 'leak', title: 'x'.repeat(201), location: [106.5, 95], isolationPlan: 'all of them' });
    expect(bad.success).toBe(false);
    const why = bad.success ? '' : issueText(bad.issues);
    expect(why).toContain('title: longer than 200 characters');
    expect(why).toContain('lat > 90');
    expect(why).toContain('isolationPlan');
    expect(v.safeParse(IncidentPatchBody, { version: 0 }).success).toBe(false);
    expect(v.safeParse(IncidentPatchBody, { version: 3, stage: 'isolated' }).success).toBe(true);
  });

  it('errors carry both languages', () => {
    expect(apiError('staleVersion', 'version 1 ≠ 2')).toEqual({
      error: { code: 'staleVersion', en: 'Someone changed this incident first; reload it: version 1 ≠ 2', zh: '该事件已被他人修改，请刷新后重试：version 1 ≠ 2' },
    });
  });
});
