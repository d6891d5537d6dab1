/**
 * The generator's crossing step (tools/generate/crossings.ts): at a crossing the later pressure pipe moves above or
 * below the other by the GB 50289 vertical clearance, never shallower than its cover; drainage never moves.
 * Hand-made networks of two pipes (local metres), then the clearance check on a small generated dataset.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkClearances, pipeColumns } from '../../../src/analysis/drawings/check';
import type { PipeSegment } from '../../../src/domain/schema';
import { clearCrossings, findCrossings } from '../../../tools/generate/crossings';
import { generateDataset } from '../../../tools/generate/index';
import { PipeNetwork, type SegProps } from '../../../tools/generate/network';

function props(cat: SegProps['cat'], dn: number): SegProps {
  return {
    cat, sub: cat === 'PS' ? 'WS' : cat === 'JS' ? 'JP' : cat === 'RQ' ? 'RQ' : cat === 'DL' ? 'GD' : 'XX', material: 'PE', dn, box: null,
    burial: 'ZM', year: 2000, owner: '', street: null, crossing: null, pressureZone: null, pressureClass: null, underCarriageway: true,
  };
}

/** pipe 0 west → east, pipe 1 south → north, crossing at their middles (x = y = 50) */
function cross(a: SegProps, b: SegProps): PipeNetwork {
  const pn = new PipeNetwork();
  const node = (x: number, y: number, cat: SegProps['cat']) => pn.addNode({ cat, sub: '', type: 'junction', xy: [x, y], ground: 200, year: 2000, owner: '', district: '' });
  const n = [node(0, 50, a.cat), node(100, 50, a.cat), node(50, 0, b.cat), node(50, 100, b.cat)];
  pn.addSeg(a, n[0], n[1], [[0, 50], [100, 50]]);
  pn.addSeg(b, n[2], n[3], [[50, 0], [50, 100]]);
  return pn;
}

describe('clearCrossings', () => {
  it('finds the crossing at the middle of both pipes with the table minimum', () => {
    const [c] = findCrossings(cross(props('JS', 300), props('DL', 200)));
    expect(c).toMatchObject({ a: 0, b: 1, min: 0.5 });
    expect(c.fa).toBeCloseTo(0.5, 9);
    expect(c.fb).toBeCloseTo(0.5, 9);
  });

  it('moves the later pressure pipe below the other when its cover leaves no room above', () => {
    // water top 1.0 m, power top 1.0 m (cover 1.0 under the carriageway): power cannot go above → below:
    // 1.0 + 0.3 (water DN300) + 0.5 (water–power minimum) + margin ≤ power top
    const pn = cross(props('JS', 300), props('DL', 200));
    const top = Float64Array.from([1.0, 1.0, 1.0, 1.0]);
    const cover = Float64Array.from([0.7, 0.7, 1.0, 1.0]);
    const s = clearCrossings(pn, top, cover, new Set(), 2);
    expect(s).toMatchObject({ crossings: 1, unresolved: 0 });
    expect(top[0]).toBe(1.0); // the earlier pipe stays
    expect(top[2]).toBeGreaterThanOrEqual(1.8);
    expect(top[2]).toBeLessThanOrEqual(1.85);
    expect(top[3]).toBe(top[2]);
  });

  it('moves the later pipe above when its cover allows and that is the smaller move', () => {
    // gas top 2.0, water top 1.6 (DN150, cover 0.7): above needs water top ≤ 2.0 − 0.15 − 0.15 = 1.70 (already: 1.6 + 0.15 + 0.15 = 1.9 ≤ 2.0 → fine)
    // water top 1.8: clear 0.05 < 0.15 → up to ≤ 1.67 (move −0.13) rather than down to ≥ 2.0 + 0.2 + 0.15 (move +0.55)
    const pn = cross(props('RQ', 200), props('JS', 150));
    const top = Float64Array.from([2.0, 2.0, 1.8, 1.8]);
    const cover = Float64Array.from([0.9, 0.9, 0.7, 0.7]);
    expect(clearCrossings(pn, top, cover, new Set(), 2).unresolved).toBe(0);
    expect(top[2]).toBeLessThanOrEqual(1.7);
    expect(top[2]).toBeGreaterThanOrEqual(1.6);
  });

  it('never moves drainage or a fixed node, and counts what it cannot clear', () => {
    // sewer (index 1, not a pressure pipe: segEnd 1) at top 1.0, water (index 0) fixed at 1.2: nothing may move
    const pn = cross(props('JS', 300), props('PS', 400));
    pn.segs[1].depth0 = 1.0;
    pn.segs[1].depth1 = 1.0;
    const top = Float64Array.from([1.2, 1.2]);
    const s = clearCrossings(pn, top, Float64Array.from([0.7, 0.7]), new Set([0]), 1);
    expect(s).toMatchObject({ crossings: 1, unresolved: 1, movedNodes: 0 });
    expect(pn.segs[1].depth0).toBe(1.0);
    // the same without the fixed node: the water main moves (above is impossible: cover 0.7 > 1.0 − 0.3 − 0.4)
    const top2 = Float64Array.from([1.2, 1.2]);
    expect(clearCrossings(pn, top2, Float64Array.from([0.7, 0.7]), new Set(), 1).unresolved).toBe(0);
    expect(top2[0]).toBeGreaterThanOrEqual(1.0 + 0.4 + 0.4);
  });
});

describe('generated crossings (2,000 segments)', () => {
  it('keeps most crossings clear: the clearance check finds vertical violations at under 40 % of them (66 % on a 6,000-segment set before the step)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cq-gen-cross-'));
    try {
      await generateDataset({ segments: 2000, seed: 20261129, outDir: dir });
      const segs = readFileSync(join(dir, 'segments.ndjson'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as PipeSegment);
      const r = checkClearances(pipeColumns(segs));
      expect(r.checked.crossings).toBeGreaterThan(500);
      expect(r.counts.vertical / r.checked.crossings).toBeLessThan(0.4);
      expect(r.counts.cover).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
