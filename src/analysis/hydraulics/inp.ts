/**
 * EPANET 2.2 INP text of a WaterModel (model.ts): the format EPANET desktop, WNTR and epanet-js read. Units L/s,
 * Hazen–Williams head loss, one daily demand pattern (pattern.ts) on every junction, coordinates in local metres
 * east/north of the model's origin, pipe bends as vertices.
 *
 * `emitters` adds [EMITTERS] (coefficient in L/s per m^0.5: a leak of Q L/s at pressure p has C = Q / √p).
 */
import { hourlyPattern } from './pattern';
import { localXY, type WaterModel } from './model';

export interface InpOptions {
  /** EPS duration, hours (default 24; 0 = one steady state) */
  durationH?: number;
  /** hydraulic step, minutes (default 60) */
  stepMin?: number;
  /** pattern start, hours after midnight (default 0) */
  startH?: number;
  /** node id → emitter coefficient */
  emitters?: ReadonlyMap<string, number>;
  /** link ids to close (their status in [STATUS]) */
  closed?: ReadonlySet<string>;
  /** pressure-driven analysis: minimum and required pressure, m */
  pda?: { minM: number; reqM: number };
}

const f2 = (v: number) => (Math.round(v * 100) / 100).toFixed(2);
const f4 = (v: number) => (Math.round(v * 10000) / 10000).toString();

function hhmm(h: number): string {
  const m = Math.round(h * 60);
  return `${Math.floor(m / 60)}:${String(m % 60).padStart(2, '0')}`;
}

export function writeInp(model: WaterModel, opts: InpOptions = {}): string {
  const out: string[] = [];
  const line = (...cols: (string | number)[]) => out.push(cols.join('\t'));
  out.push('[TITLE]', model.title.replace(/[\r\n]/g, ' '), `Sources: ${model.sourcesFrom}; demands: ${model.demandsFrom}`, '');

  out.push('[JUNCTIONS]', ';ID\tElev\tDemand\tPattern');
  for (const n of model.nodes) if (n.kind === 'junction') line(n.id, f2(n.elevation), f4(n.demand), 'DAY');
  out.push('', '[RESERVOIRS]', ';ID\tHead\tPattern');
  for (const n of model.nodes) if (n.kind === 'reservoir') line(n.id, f2(n.head));
  out.push('', '[TANKS]', '');

  out.push('[PIPES]', ';ID\tNode1\tNode2\tLength\tDiameter\tRoughness\tMinorLoss\tStatus');
  for (const l of model.links) {
    if (l.kind !== 'pipe') continue;
    line(l.id, l.from, l.to, f2(l.length), l.diameter, l.roughness, 0, l.status);
  }
  out.push('', '[PUMPS]', '', '[VALVES]', ';ID\tNode1\tNode2\tDiameter\tType\tSetting\tMinorLoss');
  for (const l of model.links) {
    if (l.kind === 'valve') line(l.id, l.from, l.to, l.diameter, 'TCV', 0, 0);
  }
  out.push('', '[STATUS]', ';ID\tStatus');
  for (const l of model.links) {
    const closed = l.status === 'Closed' || opts.closed?.has(l.id);
    if (l.kind !== 'pipe' && closed) line(l.id, 'Closed');
    else if (l.kind === 'pipe' && opts.closed?.has(l.id)) line(l.id, 'Closed');
  }

  out.push('', '[EMITTERS]', ';Junction\tCoefficient');
  for (const [id, c] of opts.emitters ?? []) line(id, f4(c));

  const pat = hourlyPattern();
  out.push('', '[PATTERNS]', ';ID\tMultipliers (hourly, mean 1)');
  for (let i = 0; i < 24; i += 6) line('DAY', ...pat.slice(i, i + 6));

  const dur = opts.durationH ?? 24;
  out.push('', '[TIMES]', `Duration\t${hhmm(dur)}`, `Hydraulic Timestep\t${hhmm((opts.stepMin ?? 60) / 60)}`,
    `Pattern Timestep\t1:00`, `Pattern Start\t${hhmm(opts.startH ?? 0)}`, `Report Timestep\t1:00`, 'Start ClockTime\t12 am');
  out.push('', '[OPTIONS]', 'Units\tLPS', 'Headloss\tH-W', 'Pattern\tDAY', 'Trials\t200', 'Accuracy\t0.001', 'Unbalanced\tContinue 10');
  if (opts.pda) {
    out.push('Demand Model\tPDA', `Minimum Pressure\t${f2(opts.pda.minM)}`, `Required Pressure\t${f2(opts.pda.reqM)}`, 'Pressure Exponent\t0.5');
  }
  out.push('', '[REPORT]', 'Status\tNo', 'Summary\tNo', '');

  out.push('[COORDINATES]', ';Node\tX-Coord\tY-Coord');
  for (const n of model.nodes) {
    const [x, y] = localXY(model, n.position);
    line(n.id, f2(x), f2(y));
  }
  out.push('', '[VERTICES]', ';Link\tX-Coord\tY-Coord');
  for (const l of model.links) {
    if (l.kind !== 'pipe') continue;
    for (let i = 1; i < l.coords.length - 1; i++) {
      const [x, y] = localXY(model, l.coords[i]);
      line(l.id, f2(x), f2(y));
    }
  }
  out.push('', '[END]', '');
  return out.join('\n');
}
