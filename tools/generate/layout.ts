/**
 * Street cross-section: where each pipe line runs across a street (lateral offset from the centreline, positive to
 * the right of the street's canonical direction), so categories never share a line: telecom under the left sidewalk,
 * water in the left outer lane, storm water and sewage either side of the centre, gas in the right outer lane, street
 * lighting at the right kerb, power under the right sidewalk.
 */
import { REGION_ROTATION } from './area';
import type { XY } from './geo';
import type { StreetNet } from './streets';

export type LineKey = 'TX' | 'TX2' | 'JP' | 'SS' | 'YS' | 'WS' | 'RL' | 'RQ' | 'LD' | 'GD';

/** left → right order across the street */
export const LINE_ORDER: readonly LineKey[] = ['TX', 'TX2', 'JP', 'SS', 'YS', 'WS', 'RL', 'RQ', 'LD', 'GD'];

export function sidewalkWidth(width: number): number {
  return width >= 30 ? 5 : width >= 20 ? 4 : 2.5;
}

/** Lateral offsets (metres) of every line for a street of the given width; strictly increasing in LINE_ORDER. */
export function crossSection(width: number): Record<LineKey, number> {
  const hw = width / 2;
  const sw = sidewalkWidth(width);
  const want: Record<LineKey, number> = {
    TX: -(hw - sw / 2),
    TX2: -(hw - sw / 2) + 1.2,
    JP: -(hw - sw - 1.8),
    SS: -(hw - sw - 4.2),
    YS: -1.6,
    WS: 1.2,
    RL: hw - sw - 4.0,
    RQ: hw - sw - 1.8,
    LD: hw - sw + 0.6,
    GD: hw - sw / 2,
  };
  const out = { ...want };
  let prev = -Infinity;
  for (const k of LINE_ORDER) {
    out[k] = Math.max(want[k], prev + 0.7);
    prev = out[k];
  }
  // keep inside the street: shift left if the last line overran the right edge
  const over = out.GD - (hw - 0.4);
  if (over > 0) for (const k of LINE_ORDER) out[k] -= over;
  return out;
}

export function underCarriageway(width: number, offset: number): boolean {
  return Math.abs(offset) < width / 2 - sidewalkWidth(width);
}

/**
 * Canonical direction of every street edge: +1 when a → b runs along its street's canonical direction (streets
 * mostly along the region's grid axis u run +u, those along v run +v), −1 otherwise. Keeps each line on the same side
 * all along a street.
 */
export function edgeDirections(net: StreetNet): Int8Array {
  const dir = new Int8Array(net.edges.length);
  for (const st of net.streets) {
    const es = st.edges.map((i) => net.edges[i]);
    // walk the path
    let cur: number;
    if (es.length === 1) cur = es[0].a;
    else cur = es[0].b === es[1].a || es[0].b === es[1].b ? es[0].a : es[0].b;
    const start = net.nodes[cur].xy;
    const forward: number[] = [];
    for (const e of es) {
      forward.push(e.a === cur ? 1 : -1);
      cur = e.a === cur ? e.b : e.a;
    }
    const end = net.nodes[cur].xy;
    const th = REGION_ROTATION[net.nodes[es[0].a].region];
    const u: XY = [Math.cos(th), Math.sin(th)];
    const v: XY = [-Math.sin(th), Math.cos(th)];
    const d: XY = [end[0] - start[0], end[1] - start[1]];
    const du = d[0] * u[0] + d[1] * u[1];
    const dv = d[0] * v[0] + d[1] * v[1];
    const flip = Math.abs(du) >= Math.abs(dv) ? (du >= 0 ? 1 : -1) : dv >= 0 ? 1 : -1;
    st.edges.forEach((ei, k) => {
      dir[ei] = forward[k] * flip;
    });
  }
  return dir;
}
