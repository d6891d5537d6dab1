/**
 * Which sources a model runs with: the data's water `source` nodes when the network solves with them at the evening
 * peak (19:00) without EPANET warnings and with every junction at or above 0 m, else the zone inlets the model builder
 * chooses (model.ts), with the reason. Used by the simulator, the CLI, the leak bench and the browser Worker alike.
 */
import { writeInp } from './inp';
import { buildWaterModel, type ModelOptions, type WaterModel } from './model';
import { solveSnapshot, type Engine } from './solver';
import type { PipeNode, PipeSegment } from '../../domain/schema';

export interface PlausibleModel {
  model: WaterModel;
  /** the sources option that built it (build zone models with it too) */
  sources: 'data' | 'chosen';
  /** why the data's sources were not used, or '' */
  note: string;
}

export function plausibleModel(
  engine: Engine,
  rec: { segments: readonly PipeSegment[]; nodes: readonly PipeNode[] },
  opts: ModelOptions = {},
): PlausibleModel {
  const model = buildWaterModel(rec.segments, rec.nodes, opts);
  if (model.sourcesFrom !== 'data') return { model, sources: 'chosen', note: '' };
  const junctions = model.nodes.filter((n) => n.kind === 'junction');
  const snap = solveSnapshot(engine, writeInp(model, { durationH: 0, startH: 19 }), junctions.map((n) => n.id));
  const low = junctions.filter((_, i) => !(snap.pressure[i] >= 0)).length;
  if (!snap.warnings.length && low === 0) return { model, sources: 'data', note: '' };
  return {
    model: buildWaterModel(rec.segments, rec.nodes, { ...opts, sources: 'chosen' }),
    sources: 'chosen',
    note: `the data's sources leave ${low} of ${junctions.length} junctions below 0 m at 19:00 (${snap.warnings.join('; ') || 'no warning'}): zone inlets chosen by the model instead`,
  };
}
