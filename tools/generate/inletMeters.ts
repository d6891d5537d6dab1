/**
 * Step 5c: district inlet meters. The water model (src/analysis/hydraulics/model.ts, from the records just written,
 * with the data's sources) cuts every pressure zone into sub-zones, each fed at an inlet (a recorded source, or the
 * reducing station the model places); a utility meters the flow at each (the DMA inlet meter). One flow sensor per
 * model inlet, on the inlet's node (src/analysis/hydraulics/inletMeters.ts). The water records are not changed: the
 * model, built again from them by the simulator, the Worker and the bench, has the same inlets.
 */
import { inletMeterDefs } from '../../src/analysis/hydraulics/inletMeters';
import { buildWaterModel } from '../../src/analysis/hydraulics/model';
import type { SensorDef } from '../../src/domain/schema';
import { readWaterRecords } from '../epanet/dataset';

export function buildInletMeters(dir: string): SensorDef[] {
  const rec = readWaterRecords(dir);
  if (!rec.segments.length) return [];
  const sub = new Map(rec.nodes.map((n) => [n.id, n.sub]));
  return inletMeterDefs(buildWaterModel(rec.segments, rec.nodes), (id) => sub.get(id));
}
