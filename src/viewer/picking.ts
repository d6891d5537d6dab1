/**
 * What is under a canvas position: a pipe feature (gid/id from its metadata), an outfall point, or nothing. Labels,
 * other overlays and extra 3D Tiles layers (buildings) above a pipe do not hide it (a drill pick looks through them).
 */
import { Cartesian2, Cesium3DTileFeature, type Scene } from '@cesium/engine';
import { isAlarmMarkerPick } from '../layers/alarmMarkers';
import { isOutfallPick } from '../layers/outfalls';
import { isExtraTileset } from './extraTilesets';

export interface PickedAsset {
  gid: number | null;
  id: string | null;
}

function asAsset(picked: unknown): PickedAsset | null {
  if (picked instanceof Cesium3DTileFeature) {
    // a building or model of an extra 3D Tiles layer is not an asset: the drill pick looks through it to the pipes
    if (isExtraTileset(picked.tileset)) return null;
    const gid: unknown = picked.getProperty('gid');
    const id: unknown = picked.getProperty('id');
    const g = typeof gid === 'number' || typeof gid === 'bigint' ? Number(gid) : null;
    const i = typeof id === 'string' ? id : null;
    return g !== null || i !== null ? { gid: g, id: i } : null;
  }
  const carried = (picked as { id?: unknown } | undefined)?.id;
  if (isOutfallPick(carried)) return { gid: carried.gid, id: carried.id };
  if (isAlarmMarkerPick(carried)) return { gid: carried.gid, id: null };
  return null;
}

/** x, y in CSS pixels relative to the canvas. */
export function pickAsset(scene: Scene, x: number, y: number): PickedAsset | null {
  const pos = new Cartesian2(x, y);
  const top: unknown = scene.pick(pos, 3, 3);
  if (top === undefined) return null;
  const direct = asAsset(top);
  if (direct) return direct;
  for (const p of scene.drillPick(pos, 4, 3, 3)) {
    const a = asAsset(p);
    if (a) return a;
  }
  return null;
}
