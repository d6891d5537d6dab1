/**
 * What-if of an isolation plan: a pressure-driven run (EPANET PDA — under demand-driven analysis closed valves give
 * absurd negative pressures, see design.md) with the plan's valves closed, against the same run with them open.
 * Lists the demand points (junctions with a base demand) that lose supply, and where hydraulics and the graph trace
 * disagree.
 */
import { writeInp } from './inp';
import type { WaterModel } from './model';
import { solveSnapshot, type Engine } from './solver';

export interface WhatIfOptions {
  /** hour of the day (default 8, the morning peak) */
  hour?: number;
  /** PDA: no supply at or below, m (default 0) */
  minPressureM?: number;
  /** PDA: full supply at or above, m (default 14, GB 50282's 0.14 MPa far-end service pressure) */
  requiredPressureM?: number;
  /** a point has lost supply when it gets less than this share of its demand (default 0.5) */
  lostShare?: number;
}

export interface PointOutcome {
  /** dataset node id */
  node: string;
  zone: string;
  /** L/s required and delivered with the valves closed */
  demand: number;
  delivered: number;
  /** m, before and after */
  pressureBefore: number;
  pressureAfter: number;
}

export interface WhatIfResult {
  closed: string[];
  /** closed ids that are not valves of the model (ignored) */
  unknown: string[];
  /** demand points that lose supply, by pressure after (lowest first) */
  lost: PointOutcome[];
  /** demand points still supplied but with pressure down more than 5 m */
  reduced: PointOutcome[];
  /** lost hydraulically but not in the graph trace's list / in the list but still supplied */
  hydraulicOnly: string[];
  graphOnly: string[];
  /** L/s not delivered */
  shortfall: number;
  warnings: string[];
}

/**
 * Close `valveIds` (model valve links; a pipe id closes that pipe) and compare. `graphAffected`: the node ids the
 * graph trace says lose supply (its isolated + outage customers), for the disagreement lists.
 */
export function isolationWhatIf(
  engine: Engine,
  model: WaterModel,
  valveIds: readonly string[],
  graphAffected: readonly string[] = [],
  opts: WhatIfOptions = {},
): WhatIfResult {
  const linkIds = new Set(model.links.map((l) => l.id));
  const closed = valveIds.filter((id) => linkIds.has(id));
  const unknown = valveIds.filter((id) => !linkIds.has(id));
  const pda = { minM: opts.minPressureM ?? 0, reqM: opts.requiredPressureM ?? 14 };
  const points = model.nodes.filter((n) => n.kind === 'junction' && n.demand > 0);
  const ids = points.map((n) => n.id);
  const base = { durationH: 0, startH: opts.hour ?? 8, pda };
  const before = solveSnapshot(engine, writeInp(model, base), ids);
  const after = solveSnapshot(engine, writeInp(model, { ...base, closed: new Set(closed) }), ids);
  const share = opts.lostShare ?? 0.5;
  const lost: PointOutcome[] = [];
  const reduced: PointOutcome[] = [];
  let shortfall = 0;
  points.forEach((n, i) => {
    const required = before.demand[i];
    const delivered = Math.max(0, after.demand[i]);
    shortfall += Math.max(0, required - delivered);
    const row: PointOutcome = {
      node: n.asset, zone: n.zone, demand: required, delivered,
      pressureBefore: before.pressure[i], pressureAfter: Math.max(0, after.pressure[i]),
    };
    if (required > 0 && delivered < share * required) lost.push(row);
    else if (before.pressure[i] - after.pressure[i] > 5) reduced.push(row);
  });
  lost.sort((a, b) => a.pressureAfter - b.pressureAfter);
  const lostSet = new Set(lost.map((p) => p.node));
  const graph = new Set(graphAffected);
  const demandNodes = new Set(points.map((n) => n.asset));
  return {
    closed,
    unknown,
    lost,
    reduced,
    hydraulicOnly: [...lostSet].filter((id) => !graph.has(id)).sort(),
    graphOnly: [...graph].filter((id) => demandNodes.has(id) && !lostSet.has(id)).sort(),
    shortfall: Math.round(shortfall * 1000) / 1000,
    warnings: [...before.warnings, ...after.warnings],
  };
}
