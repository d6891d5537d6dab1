/**
 * The generator's per-line table (tools/generate/pipeSpecs.ts): what a run is made of for a given street and year,
 * with the random draws pinned (first item of every list, no chance succeeds) so each case is worked by hand.
 */
import { describe, expect, it } from 'vitest';
import { LINE_RULES, PIPE_SIZES, runSpec, type RunStreet } from '../../../tools/generate/pipeSpecs';
import type { Rng } from '../../../tools/generate/prng';

/** Draws: pick → first item, chance → `yes`. */
function pinned(yes = false): Rng {
  const r = { pick: <T>(items: readonly T[]): T => items[0], chance: (): boolean => yes };
  return r as unknown as Rng;
}

const street = (cls: RunStreet['cls'], extra: Partial<RunStreet> = {}): RunStreet => ({
  cls, bankRoad: false, tx: 'XX', tx2: 'DH', gasTrunk: false, ...extra,
});

describe('runSpec', () => {
  it('water mains: size by street, grey cast iron before 1992, PE for small modern mains', () => {
    expect(runSpec('JP', street('local'), 1985, pinned(true))).toMatchObject({ sub: 'JP', dn: 150, material: 'ZT', burial: 'ZM', maxLen: 75 });
    expect(runSpec('JP', street('local'), 2010, pinned(true))).toMatchObject({ dn: 150, material: 'PE' });
    expect(runSpec('JP', street('secondary', { bankRoad: true }), 2010, pinned(false)).dn).toBe(500);
    expect(runSpec('SS', street('arterial'), 1980, pinned())).toMatchObject({ dn: 800, material: 'G', maxLen: 90 });
  });

  it('gas: the pressure class follows the street, and the size the class', () => {
    const trunk = runSpec('RQ', street('arterial', { gasTrunk: true }), 2015, pinned());
    expect(trunk).toMatchObject({ sub: 'TR', pressureClass: 'subHighB', dn: 400, material: 'G' });
    expect(runSpec('RQ', street('local'), 2015, pinned(true))).toMatchObject({ pressureClass: 'low', dn: 63, material: 'PE' });
  });

  it('power, lighting, telecom and heat start no earlier than their first year; bridges carry everything in the deck', () => {
    const gd = runSpec('GD', street('arterial'), 1970, pinned());
    expect(gd).toMatchObject({ year: 1978, material: 'Z', burial: 'GG', box: { w: 1000, h: 1000 }, interior: 'manhole' });
    expect(gd.box).not.toBe(PIPE_SIZES.GD.trench[0]);
    expect(runSpec('LD', street('local'), 1970, pinned()).year).toBe(1985);
    expect(runSpec('RL', street('secondary'), 1999, pinned())).toMatchObject({ sub: 'RS', year: 2008, dn: 200 });
    expect(runSpec('TX', street('local'), 2000, pinned(true))).toMatchObject({ sub: 'XX', dn: 50, material: 'GX' });
    expect(runSpec('TX2', street('local'), 2000, pinned(true))).toMatchObject({ sub: 'DH', box: { w: 400, h: 250 }, burial: 'GK' });
    const bridge = runSpec('TX', street('bridge'), 2000, pinned());
    expect(bridge).toMatchObject({ box: { w: 800, h: 400 }, burial: 'JK', maxLen: 100 });
    expect(LINE_RULES.TX.maxLen).toBe(80);
  });
});
