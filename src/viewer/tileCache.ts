/**
 * The pipe tileset's cache budget (no Cesium import, so the config module and the benchmark page can share it).
 */

/** Default budget in MB for the tile cache (config `tileCacheMB`, documented in docs/config.md). */
export const DEFAULT_TILE_CACHE_MB = 512;
export const MIN_TILE_CACHE_MB = 64;
export const MAX_TILE_CACHE_MB = 16384;

/**
 * Cesium3DTileset cache options for a budget in MB: tiles out of view are evicted down to the budget; a view that
 * needs more may overflow by as much again, beyond that Cesium lowers the detail instead of growing.
 */
export function tileCacheOptions(mb: number): { cacheBytes: number; maximumCacheOverflowBytes: number } {
  const bytes = Math.round(mb * 1024 * 1024);
  return { cacheBytes: bytes, maximumCacheOverflowBytes: bytes };
}
