/**
 * A pipe tile whose content fails (404, a broken glb) must not hide its block.
 *
 * Why it did (CesiumJS 1.145 / engine 26, Cesium3DTilesetBaseTraversal.js): with `refine: "REPLACE"` a tile refines
 * only when every visible child has its content available (`updateAndPushChildren`: `childRefines =
 * child.contentAvailable` for a child with renderable content). A child whose request failed stays FAILED for good (it
 * is never requested again: `hasUnloadedRenderableContent` is false), so its parent never refines, the parent's coarse
 * lines stay drawn over the whole parent block, and the failed tile's intact children — loaded or not — are never
 * selected: their tile's `_refines` is false because its parent's is.
 *
 * The fix, in the viewer (cheap, and robust to any failure, not only 404): a failed tile is turned into an empty tile,
 * as Cesium itself does for a data provider's "missing tile" status codes (Cesium3DTile.js `markTileAsEmptyContent`).
 * The traversal then treats it like any empty tile: its parent refines once the failed tile's nearest descendants
 * with content are loaded (`executeEmptyTraversal`), and those descendants are selected where the view wants them.
 * Its children hold every pipe it drew (refining only ever adds pipes), so the block stays complete, drawn in more
 * detail. A failed leaf is left as it is: its parent (every centreline of the block) stays drawn instead. Either way
 * the app says which area is affected, in words.
 *
 * Cesium's tile tree is private API (read and written only here); the e2e test tests/e2e/tiles.test.ts proves it on
 * real Cesium.
 */
import * as Cesium from '@cesium/engine';
import { Cartographic, OrientedBoundingBox, type Cesium3DTileset } from '@cesium/engine';
import { metresPerDegree } from '../domain/geodesy';

/** A lon/lat box in degrees. */
export interface LonLatBox {
  west: number;
  south: number;
  east: number;
  north: number;
}

/** What Cesium's Cesium3DTile offers that is used here (private fields included). */
interface TileLike {
  children: TileLike[];
  hasEmptyContent: boolean;
  hasRenderableContent: boolean;
  parent?: TileLike;
  geometricError: number;
  _geometricError: number;
  _content?: { destroy?(): unknown; isDestroyed?(): boolean } | undefined;
  _contentResource?: { url?: string };
  boundingVolume?: { boundingVolume?: unknown };
  isDestroyed(): boolean;
}

function rootOf(tileset: Cesium3DTileset): TileLike | null {
  return ((tileset as unknown as { root?: TileLike }).root ?? null) as TileLike | null;
}

/** The tile whose content URL is `url` (as the tileFailed event gives it), or null. */
export function findTileByContentUrl(tileset: Cesium3DTileset, url: string): TileLike | null {
  const root = rootOf(tileset);
  if (!root) return null;
  const stack: TileLike[] = [root];
  while (stack.length) {
    const tile = stack.pop() as TileLike;
    if (tile._contentResource?.url === url) return tile;
    for (const c of tile.children ?? []) stack.push(c);
  }
  return null;
}

/**
 * Turns a failed tile into an empty one so the traversal refines past it (see the top of this file). Returns false
 * when the tile cannot be handled (destroyed, or Cesium's internals are not what we know).
 */
export function treatAsEmpty(tileset: Cesium3DTileset, tile: TileLike): boolean {
  if (tile.isDestroyed() || typeof tile.hasRenderableContent !== 'boolean') return false;
  const old = tile._content;
  if (old && typeof old.destroy === 'function' && !old.isDestroyed?.()) {
    try {
      old.destroy();
    } catch {
      /* a half-built content: nothing more to free */
    }
  }
  // Empty3DTileContent is exported by the engine but missing from its type declarations
  const Empty = (Cesium as unknown as Record<string, unknown>).Empty3DTileContent as
    | (new (tileset: Cesium3DTileset, tile: unknown) => NonNullable<TileLike['_content']>)
    | undefined;
  tile._content = Empty ? new Empty(tileset, tile) : undefined;
  tile.hasEmptyContent = true;
  tile.hasRenderableContent = false;
  // Refine past it whenever its parent refines: an empty tile that the view would stop at blocks its parent's
  // refinement (executeEmptyTraversal), and the parent's coarser lines would then cover the whole parent block. With
  // the parent's geometric error its children (which hold every pipe it drew, and more) are drawn instead.
  const parent = tile.parent;
  if (parent && typeof parent._geometricError === 'number') {
    tile._geometricError = parent._geometricError;
    tile.geometricError = parent.geometricError;
  }
  return true;
}

/** The lon/lat box of a tile's bounding volume (an oriented box, as the tiler writes), or null. */
export function tileBox(tile: TileLike): LonLatBox | null {
  const obb = tile.boundingVolume?.boundingVolume;
  if (!(obb instanceof OrientedBoundingBox)) return null;
  const box: LonLatBox = { west: Infinity, south: Infinity, east: -Infinity, north: -Infinity };
  for (const corner of OrientedBoundingBox.computeCorners(obb)) {
    const c = Cartographic.fromCartesian(corner);
    if (!c) continue;
    const lon = (c.longitude * 180) / Math.PI;
    const lat = (c.latitude * 180) / Math.PI;
    box.west = Math.min(box.west, lon);
    box.east = Math.max(box.east, lon);
    box.south = Math.min(box.south, lat);
    box.north = Math.max(box.north, lat);
  }
  return Number.isFinite(box.west) ? box : null;
}

/**
 * A lon/lat box in words, the same in both languages (degrees with E/N and a size in km or m), e.g.
 * "106.5612–106.5741°E, 29.5520–29.5637°N (1.3 × 1.3 km)". Western/southern hemispheres get W/S.
 */
export function describeBox(b: LonLatBox): string {
  const m = metresPerDegree((b.south + b.north) / 2);
  const w = (b.east - b.west) * m.lon;
  const h = (b.north - b.south) * m.lat;
  const size = Math.max(w, h) >= 1000 ? `${(w / 1000).toFixed(1)} × ${(h / 1000).toFixed(1)} km` : `${Math.round(w)} × ${Math.round(h)} m`;
  const range = (a: number, z: number, pos: string, neg: string): string => {
    const hemi = (a + z) / 2 >= 0 ? pos : neg;
    return `${Math.abs(a).toFixed(4)}–${Math.abs(z).toFixed(4)}°${hemi}`;
  };
  const lon = b.west < 0 && b.east < 0 ? range(b.east, b.west, 'E', 'W') : range(b.west, b.east, 'E', 'W');
  const lat = b.south < 0 && b.north < 0 ? range(b.north, b.south, 'N', 'S') : range(b.south, b.north, 'N', 'S');
  return `${lon}, ${lat} (${size})`;
}

/** One failed tile, as reported to the app. */
export interface TileFailure {
  url: string;
  message: string;
  /** where its content would have been; null when the tile could not be found */
  box: LonLatBox | null;
  /** true when the tile was turned empty, so its children still load and draw */
  bypassed: boolean;
}

/**
 * Handles one tileFailed event: finds the tile, makes the traversal refine past it, and says where it was. A URL
 * seen before (a retried request) returns null.
 */
export function handleTileFailure(
  tileset: Cesium3DTileset,
  seen: Set<string>,
  e: { url?: string; message?: string },
): TileFailure | null {
  const url = e.url ?? '';
  if (seen.has(url)) return null;
  seen.add(url);
  const tile = url ? findTileByContentUrl(tileset, url) : null;
  const box = tile ? tileBox(tile) : null;
  // a failed leaf is left failed: its parent then stays drawn over the block, and that tile (right above the leaves)
  // holds every pipe's centreline, so nothing goes missing; a failed inner tile is refined past
  const bypassed = tile && tile.children.length > 0 ? treatAsEmpty(tileset, tile) : false;
  return { url, message: e.message ?? '', box, bypassed };
}

/** The message parameters for every failure so far: how many, where (up to three areas, "+N" more), the first cause. */
export function failureSummary(all: readonly TileFailure[], maxAreas = 3): { failed: number; area: string; detail: string } {
  const boxes = all.map((f) => f.box).filter((b): b is LonLatBox => b !== null);
  const shown = boxes.slice(0, maxAreas).map(describeBox);
  if (boxes.length > maxAreas) shown.push(`+${boxes.length - maxAreas}`);
  if (boxes.length < all.length) shown.push(all.filter((f) => !f.box).map((f) => f.url.replace(/^.*\/(content\/)/, '$1')).join(', '));
  return { failed: all.length, area: shown.join('; '), detail: all[0]?.message ?? '' };
}
