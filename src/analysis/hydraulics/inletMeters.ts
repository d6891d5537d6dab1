/**
 * District inlet meters: a flow meter at every sub-zone inlet of the water model (its reservoirs, `<node>.R`). The
 * generator writes one sensor per inlet into sensors.json (tools/generate/inletMeters.ts: metric `flow`, on the inlet's
 * dataset node, id `INL-<model node>`); the simulator reads the inlet's feed pipe for it (tools/feed/hydraulics.ts); the app
 * sends the zone's inlet readings with "Locate leak" (app/leak.ts → protocol.ts `inlets`). Pure.
 */
import type { SensorDef } from '../../domain/schema';
import type { WaterModel } from './model';

/**
 * Sensor id prefix of an inlet meter (ordinary customer / network meters are `FLW-`). The id names the model node
 * the inlet feeds: `INL-JP-V000052` at a node, `INL-JP-V000052.B` on the far side of a valve (the model's valve twin,
 * where a sub-zone's inlet can lie), so the meter's inlet follows from its id alone.
 */
export const INLET_METER_PREFIX = 'INL-';
const RESERVOIR = '.R';

/** Whether a sensor id is a district inlet meter's. */
export function isInletMeter(sensor: string): boolean {
  return sensor.startsWith(INLET_METER_PREFIX);
}

/** The model inlet (reservoir id, ZoneSignatures.inlets; also the id of its 1 m feed pipe) an inlet meter measures. */
export function inletOfMeter(sensor: string): string {
  return sensor.slice(INLET_METER_PREFIX.length) + RESERVOIR;
}

/**
 * One flow sensor per reservoir of `model`, in model order (deterministic for the same records): on the inlet's
 * dataset node (the valve's, for an inlet at its twin), in its pressure zone, m³/h (the flow metric's unit), 60 s. No threshold rule exists for `flow`, so
 * they never alarm; they are evidence for the localisation only.
 */
export function inletMeterDefs(model: WaterModel, sub: (node: string) => string | undefined = () => undefined): SensorDef[] {
  const out: SensorDef[] = [];
  for (const n of model.nodes) {
    if (n.kind !== 'reservoir') continue;
    const s = sub(n.asset);
    out.push({
      sensor: INLET_METER_PREFIX + n.id.slice(0, -RESERVOIR.length),
      asset: n.asset,
      metric: 'flow',
      unit: 'm3/h',
      interval: 60,
      cat: 'JS',
      ...(s ? { sub: s } : {}),
      pressureZone: n.zone,
    });
  }
  return out;
}
