/**
 * Vertical clearance at crossings (GB 50289-2016 Table 4.1.14, src/domain/clearances.ts): after the pressure networks'
 * pipe tops are chosen (cover + a random margin) and the drainage inverts are fixed by gravity, every crossing of two
 * buried pipes whose pair has a row in the table is given its clear distance by moving the later pressure pipe:
 * both its end nodes shift by the same amount so that, at the crossing, it passes above the other pipe (when its
 * minimum cover allows) or below it, whichever is the smaller move; a move is never shallower than the nodes' cover
 * nor deeper than MAX_EXTRA below it. Moving a node moves its other pipes too, so the pass repeats until nothing
 * moves (or MAX_PASSES). Drainage (gravity) and fixed-depth nodes (under-river shafts) never move.
 *
 * The crossings are found as the clearance check finds them (src/analysis/drawings/check.ts): plan pieces that
 * intersect, pipes sharing a node are connected (no crossing), overhead / underwater / tunnel / bridge pipes skipped,
 * the first intersecting pair of pieces of a pair of pipes counts. Deterministic: no randomness, fixed order.
 */
import Flatbush from 'flatbush';
import { clearanceClass, DEFAULT_CLEARANCES, verticalRule } from '../../src/domain/clearances';
import { intersectPieces } from '../../src/analysis/drawings/pipeGeometry';
import type { PipeNetwork } from './network';

/** Margin above the table's minimum (the depths are written rounded to centimetres). */
const MARGIN = 0.03;
/** A pressure pipe goes at most this far below its nodes' minimum cover to pass under another pipe, metres. */
const MAX_EXTRA = 2.5;
const MAX_PASSES = 60;
/** passes in which a pipe may also move up (above the other); later ones only move down */
const FREE_PASSES = 60;

interface Crossing {
  a: number;
  b: number;
  /** length fraction along a and b */
  fa: number;
  fb: number;
  min: number;
}

export interface CrossingStats {
  crossings: number;
  /** crossings still closer than the table's minimum (neither pipe may move, or no room) */
  unresolved: number;
  passes: number;
  movedNodes: number;
}

const NOT_IN_SOIL = new Set(['JK', 'SX', 'ZH']);

function fraction(coords: readonly number[], piece: number, t: number): number {
  let total = 0;
  let at = 0;
  for (let k = 0; k + 3 < coords.length; k += 2) {
    const l = Math.hypot(coords[k + 2] - coords[k], coords[k + 3] - coords[k + 1]);
    if (k / 2 === piece) at = total + t * l;
    total += l;
  }
  return total > 0 ? at / total : 0;
}

/** Every crossing of two buried pipes with a vertical rule (the check's definition). */
export function findCrossings(pn: PipeNetwork): Crossing[] {
  const segs = pn.segs;
  const n = segs.length;
  const out: Crossing[] = [];
  if (n === 0) return out;
  const skip = segs.map((s) => NOT_IN_SOIL.has(s.burial) || s.crossing === 'bridge');
  const cls = segs.map((s) => clearanceClass(s.cat, s.dn, s.pressureClass));
  const box = new Float64Array(4 * n);
  const index = new Flatbush(n);
  segs.forEach((s, i) => {
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (let k = 0; k < s.coords.length; k += 2) {
      x0 = Math.min(x0, s.coords[k]);
      x1 = Math.max(x1, s.coords[k]);
      y0 = Math.min(y0, s.coords[k + 1]);
      y1 = Math.max(y1, s.coords[k + 1]);
    }
    box.set([x0, y0, x1, y1], 4 * i);
    index.add(x0, y0, x1, y1);
  });
  index.finish();
  for (let i = 0; i < n; i++) {
    if (skip[i]) continue;
    const si = segs[i];
    for (const j of index.search(box[4 * i], box[4 * i + 1], box[4 * i + 2], box[4 * i + 3])) {
      if (j <= i || skip[j]) continue;
      const sj = segs[j];
      if (si.from === sj.from || si.from === sj.to || si.to === sj.from || si.to === sj.to) continue;
      const rule = verticalRule(cls[i], cls[j], DEFAULT_CLEARANCES);
      if (!rule) continue;
      let hit: Crossing | null = null;
      for (let p = 0; p + 3 < si.coords.length && !hit; p += 2) {
        for (let q = 0; q + 3 < sj.coords.length; q += 2) {
          const h = intersectPieces(si.coords[p], si.coords[p + 1], si.coords[p + 2], si.coords[p + 3], sj.coords[q], sj.coords[q + 1], sj.coords[q + 2], sj.coords[q + 3]);
          if (!h) continue;
          hit = { a: i, b: j, fa: fraction(si.coords, p / 2, h.t), fb: fraction(sj.coords, q / 2, h.u), min: rule.min };
          break;
        }
      }
      if (hit) out.push(hit);
    }
  }
  return out;
}

/**
 * Moves pressure-pipe tops (`top`, by node, for nodes [0, top.length)) until every crossing keeps its vertical
 * clearance where it can. `cover[n]`: the minimum cover at node n; `fixed`: nodes that never move. Segment depths are
 * read from `top` for pressure pipes (index < segEnd) and from the segment for the others (drainage).
 */
export function clearCrossings(pn: PipeNetwork, top: Float64Array, cover: Float64Array, fixed: ReadonlySet<number>, segEnd: number): CrossingStats {
  const crossings = findCrossings(pn);
  const segs = pn.segs;
  const h = (i: number): number => (segs[i].dn ?? segs[i].box?.h ?? 0) / 1000;
  const movable = (i: number): boolean => i < segEnd && !fixed.has(segs[i].from) && !fixed.has(segs[i].to);
  const topAt = (i: number, f: number): number => {
    const s = segs[i];
    if (i >= segEnd) return s.depth0 + (s.depth1 - s.depth0) * f;
    return top[s.from] + (top[s.to] - top[s.from]) * f;
  };
  const clear = (c: Crossing): number => {
    const ta = topAt(c.a, c.fa);
    const tb = topAt(c.b, c.fb);
    return ta <= tb ? tb - (ta + h(c.a)) : ta - (tb + h(c.b));
  };
  /** the shift of pipe m's both end tops that clears crossing c, or null when there is no room */
  const moveFor = (c: Crossing, m: number, onlyDown: boolean): number | null => {
    const o = m === c.a ? c.b : c.a;
    const fm = m === c.a ? c.fa : c.fb;
    const fo = m === c.a ? c.fb : c.fa;
    const s = segs[m];
    const tm = topAt(m, fm);
    const to = topAt(o, fo);
    const lo = Math.max(cover[s.from] - top[s.from], cover[s.to] - top[s.to]); // least shift (negative: up)
    const hi = Math.min(cover[s.from] + MAX_EXTRA - top[s.from], cover[s.to] + MAX_EXTRA - top[s.to]);
    const up = to - h(m) - c.min - MARGIN - tm; // ≤ this: above the other pipe
    const down = to + h(o) + c.min + MARGIN - tm; // ≥ this: below it
    const canUp = !onlyDown && up >= lo + 0.01 && up < 0; // + 1 cm: the move is rounded up to centimetres
    const canDown = down <= hi - 0.01 && down > 0;
    if (canUp && canDown) return -up <= down ? up : down;
    if (canUp) return up;
    if (canDown) return down;
    return null;
  };
  const moved = new Set<number>();
  let passes = 0;
  for (; passes < MAX_PASSES; passes++) {
    let changes = 0;
    for (const c of crossings) {
      if (clear(c) >= c.min - 1e-9) continue;
      // the later movable pipe moves (the earlier one when the later has no room); after the first passes only
      // downward, so that the passes end (every move is then bounded by MAX_EXTRA)
      const onlyDown = passes >= FREE_PASSES;
      let m = -1;
      let d = 0;
      for (const cand of [c.b, c.a]) {
        if (!movable(cand)) continue;
        const shift = moveFor(c, cand, onlyDown);
        if (shift !== null) {
          m = cand;
          d = shift;
          break;
        }
      }
      if (m < 0) continue;
      const s = segs[m];
      if (d === 0) continue;
      // centimetres, rounded away from the other pipe
      const next = (t: number): number => (d < 0 ? Math.floor((t + d) * 100) / 100 : Math.ceil((t + d) * 100) / 100);
      top[s.from] = next(top[s.from]);
      top[s.to] = next(top[s.to]);
      moved.add(s.from).add(s.to);
      changes++;
    }
    if (changes === 0) break;
  }
  let unresolved = 0;
  for (const c of crossings) if (clear(c) < c.min - 1e-9) unresolved++;
  return { crossings: crossings.length, unresolved, passes, movedNodes: moved.size };
}
