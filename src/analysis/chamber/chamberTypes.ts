/**
 * Which nodes have a chamber one can look into (the inspect panel's "Chamber" button). Its own tiny module so the
 * main bundle can ask without carrying the close-up's geometry (geometry.ts), which loads with the panel. Pure.
 */
import type { NodeType } from '../../domain/schema';

/** The node types that have a chamber: manholes, valve and meter chambers, gullies, outfall head walls. */
export const CHAMBER_TYPES: readonly NodeType[] = ['manhole', 'valve', 'meter', 'inlet', 'outfall'];

export function hasChamber(type: NodeType): boolean {
  return CHAMBER_TYPES.includes(type);
}
