/**
 * River section → outfalls upstream of it along the river centreline. Chainage = metres along a centreline from its
 * upstream end (centrelines run upstream → downstream). A tributary (a centreline whose downstream end lies within
 * CONFLUENCE_M of another centreline) reaches the main river at the confluence: its outfalls are upstream of a main-river
 * section when they are upstream of the confluence's chainage, their distance the sum of both stretches.
 */
import { metresPerDegree } from '../../domain/geodesy';
import type { LonLat } from '../../domain/schema';
import type { CentrelineRec } from './model';

const CONFLUENCE_M = 1500;

export interface Chainage {
  /** metres from the upstream end */
  along: number;
  /** metres off the line */
  off: number;
}

/** Projection of a point onto a polyline (local metres around the point). */
export function chainageOf(line: readonly LonLat[], p: LonLat): Chainage {
  const k = metresPerDegree(p[1]);
  let best: Chainage = { along: 0, off: Infinity };
  let acc = 0;
  for (let i = 1; i < line.length; i++) {
    const ax = (line[i - 1][0] - p[0]) * k.lon;
    const ay = (line[i - 1][1] - p[1]) * k.lat;
    const bx = (line[i][0] - p[0]) * k.lon;
    const by = (line[i][1] - p[1]) * k.lat;
    const dx = bx - ax;
    const dy = by - ay;
    const L2 = dx * dx + dy * dy;
    const t = L2 > 0 ? Math.max(0, Math.min(1, -(ax * dx + ay * dy) / L2)) : 0;
    const off = Math.hypot(ax + t * dx, ay + t * dy);
    const L = Math.sqrt(L2);
    if (off < best.off) best = { along: acc + t * L, off };
    acc += L;
  }
  return best;
}

function lineLength(line: readonly LonLat[]): number {
  return line.length < 2 ? 0 : chainageOf(line, line[line.length - 1]).along;
}

/**
 * Distance upstream from a point on river `fromRiver` to a section at chainage `sectionAlong` of `sectionRiver`,
 * along the rivers; null when the point is not upstream of the section.
 */
export function makeUpstreamDistance(centrelines: readonly CentrelineRec[]): (sectionRiver: string, sectionAlong: number, river: string, p: LonLat) => number | null {
  const byRiver = new Map(centrelines.map((c) => [c.river, c.coords]));
  // tributary → [main river, chainage of the confluence on the main river, tributary length]
  const joins = new Map<string, { main: string; at: number; length: number }>();
  for (const c of centrelines) {
    const end = c.coords[c.coords.length - 1];
    for (const m of centrelines) {
      if (m === c) continue;
      const ch = chainageOf(m.coords, end);
      if (ch.off <= CONFLUENCE_M) joins.set(c.river, { main: m.river, at: ch.along, length: lineLength(c.coords) });
    }
  }
  return (sectionRiver, sectionAlong, river, p) => {
    const line = byRiver.get(river);
    if (!line) return null;
    const a = chainageOf(line, p).along;
    if (river === sectionRiver) return a <= sectionAlong ? sectionAlong - a : null;
    const j = joins.get(river);
    if (!j || j.main !== sectionRiver || j.at > sectionAlong) return null;
    return j.length - a + (sectionAlong - j.at);
  };
}
