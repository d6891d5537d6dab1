/**
 * Sensor definitions (sensors.json). Metric names and units come from src/domain/metrics.ts, the feed's table:
 *   pressure    water pressure, MPa         at water-supply valves, meters and monitoring points (JS)
 *   flow        flow, m3/h                  at water-supply meters (JS)
 *   gasPressure gas pressure, MPa           at gas valves (RQ), with the design pressure of the class
 *   level       water depth above the manhole bottom, m (the manhole's depth to the cover is given as `depth`)
 *   fill        sewer fill ratio h/D, '1'   on the pipe leaving a level-monitored manhole (PS)
 *   lel         combustible gas, %LEL       in drainage manholes and gas valve wells
 *   ph, do, codmn, cod, bod5, nh3n, tp      GB 3838 water-quality parameters at each river section (asset = section id)
 * Intervals are the metric table's defaults (60 s on the networks, 30 s for gas detectors, 300 s at river sections).
 */
import { metric, type MetricId } from '../../src/domain/metrics';
import type { PressureClass, SensorDef } from '../../src/domain/schema';
import type { PipeNetwork } from './network';
import { Rng } from './prng';

/** Design pressure (MPa) per gas pressure class: the middle of the GB 50028 band, as operated. */
const GAS_DESIGN: Record<PressureClass, number> = {
  low: 0.0025, mediumB: 0.1, mediumA: 0.3, subHighB: 0.6, subHighA: 1.2, highB: 2.0, highA: 3.2,
};

const SECTION_METRICS: readonly MetricId[] = ['ph', 'do', 'codmn', 'cod', 'bod5', 'nh3n', 'tp'];

export function buildSensors(pn: PipeNetwork, sectionIds: string[], seed: number, scale: number): SensorDef[] {
  const rng = new Rng(seed).fork('sensors');
  const out: SensorDef[] = [];
  const serial = new Map<string, number>();
  const add = (m: MetricId, asset: string, extra: Partial<SensorDef> = {}): void => {
    const def = metric(m);
    if (!def) throw new Error(`unknown metric ${m}`);
    const n = (serial.get(m) ?? 0) + 1;
    serial.set(m, n);
    const prefix = { pressure: 'PRS', flow: 'FLW', gasPressure: 'GPR', level: 'LVL', fill: 'FIL', lel: 'LEL' }[m as string] ?? m.toUpperCase();
    out.push({ sensor: `${prefix}-${String(n).padStart(5, '0')}`, asset, metric: m, unit: def.unit, interval: def.interval, ...extra });
  };
  // sampling rates shrink for very large networks so the feed stays in the thousands
  const k = Math.min(1, 30000 / Math.max(30000, scale));
  for (const n of pn.nodes) {
    if (n.cat === 'JS') {
      const seg = pn.segs[n.segs[0]];
      const ctx = { cat: n.cat, sub: n.sub, dn: seg.dn ?? undefined, pressureZone: seg.pressureZone ?? undefined };
      if (n.type === 'meter') {
        add('pressure', n.id, ctx);
        add('flow', n.id, ctx);
      } else if (n.type === 'sensor' || (n.type === 'valve' && rng.chance(0.12 * k))) {
        add('pressure', n.id, ctx);
      }
    } else if (n.cat === 'RQ' && n.type === 'valve') {
      const seg = pn.segs[n.segs[0]];
      const pc = seg.pressureClass ?? 'low';
      if (rng.chance(0.2 * k)) add('gasPressure', n.id, { cat: n.cat, sub: n.sub, pressureClass: pc, design: GAS_DESIGN[pc], dn: seg.dn ?? undefined });
      if (rng.chance(0.05 * k)) add('lel', n.id, { cat: n.cat, sub: n.sub, depth: n.depth });
    } else if (n.cat === 'PS' && n.type === 'manhole') {
      const outSeg = n.segs.map((i) => pn.segs[i]).find((s) => pn.nodes[s.from] === n);
      if (rng.chance(0.02 * k)) {
        add('level', n.id, { cat: n.cat, sub: n.sub, depth: n.depth, dn: outSeg?.dn ?? outSeg?.box?.h });
        if (outSeg && rng.chance(0.35)) add('fill', outSeg.id, { cat: 'PS', sub: n.sub, dn: outSeg.dn ?? outSeg.box?.h });
      }
      if (rng.chance(0.008 * k)) add('lel', n.id, { cat: n.cat, sub: n.sub, depth: n.depth });
    }
  }
  for (const id of sectionIds) {
    for (const m of SECTION_METRICS) {
      const def = metric(m);
      if (!def) continue;
      out.push({ sensor: `${id}-${m.toUpperCase()}`, asset: id, metric: m, unit: def.unit, interval: def.interval });
    }
  }
  return out;
}
