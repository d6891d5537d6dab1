/** The tour player (src/app/tour.ts) with fake timers: it loops, an alarm interrupts and it resumes where it was. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseTour, TourPlayer, type Tour } from '../../../src/app/tour';

const tour = (): Tour => {
  const r = parseTour({
    version: 1,
    interruptS: 5,
    stops: [
      { id: 'a', caption: { zh: '甲', en: 'A' }, dwellS: 10 },
      { id: 'b', caption: { zh: '乙', en: 'B' }, dwellS: 20 },
    ],
  });
  if ('error' in r) throw new Error(r.error);
  return r.tour;
};

describe('tour player', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('shows each stop for its dwell time and loops; an interrupt shows the alarm, then the same stop again', async () => {
    const shown: string[] = [];
    const p = new TourPlayer(tour(), {
      apply: async (s) => void shown.push(s.id),
      showAlarm: async (id) => void shown.push(`alarm ${id}`),
      changed: () => undefined,
    });
    p.play();
    await vi.advanceTimersByTimeAsync(9_000);
    expect(shown).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(shown).toEqual(['a', 'b']);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(shown).toEqual(['a', 'b', 'a']); // looped
    p.interruptWith('JS-1');
    expect(p.interrupt).toBe('JS-1');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(p.interrupt).toBeNull();
    expect(shown).toEqual(['a', 'b', 'a', 'alarm JS-1', 'a']); // back at the stop it was on
    await vi.advanceTimersByTimeAsync(10_000);
    expect(shown.at(-1)).toBe('b');
    // a busy day: another alarm within interruptGapS (default 90 s) of the last interrupt does not stop the tour
    expect(p.interruptWith('JS-2')).toBe(false);
    await vi.advanceTimersByTimeAsync(80_000);
    expect(p.interruptWith('JS-3')).toBe(true);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(shown.slice(-2)).toEqual(['alarm JS-3', shown.at(-3)]);
    p.pause();
    const shownBefore = shown.length;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(shown).toHaveLength(shownBefore); // paused: nothing moves
    p.dispose();
  });

  it('names what is wrong with a bad tours.json', () => {
    expect(parseTour({ version: 1, stops: [] })).toMatchObject({ error: expect.stringContaining('stops') });
    expect(parseTour({ version: 1, stops: [{ id: 'x', caption: { zh: '甲', en: 'A' }, dwellS: 0 }] })).toMatchObject({ error: expect.stringContaining('dwellS') });
  });
});
