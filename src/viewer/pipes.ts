/**
 * The pipe network tileset: loaded from the configured URL, styled by one PipeStyle shader (assigned once, before the
 * tileset joins the scene), with tile progress and tile failures reported to the caller. Its tile cache is bounded
 * explicitly (not by Cesium's defaults, which may change): panning across a whole city evicts what is out of view, and
 * memory stays flat (bench/browser-heap.bench.ts).
 */
import { Cesium3DTileset, type Scene } from '@cesium/engine';
import type { PipeStyle } from './pipeStyle';
import { handleTileFailure, type TileFailure } from './tileFailures';
import { tileCacheOptions } from './tileCache';

export interface PipesCallbacks {
  /** pending requests + tiles processing; 0 and `loaded` when everything in view is in */
  onProgress(pending: number, loaded: boolean): void;
  /**
   * A tile's content failed (each tile once): `all` lists every failure so far. The failed tile is already made
   * empty, so its children load and draw in its place (tileFailures.ts).
   */
  onTileFailed(failure: TileFailure, all: readonly TileFailure[]): void;
}

/** Screen-space error: tubes replace centrelines at a few hundred metres (the tiler's line error is 8 m). */
export const PIPE_MAXIMUM_SCREEN_SPACE_ERROR = 8;

export async function loadPipes(
  scene: Scene,
  url: string,
  style: PipeStyle,
  cb: PipesCallbacks,
  tileCacheMB: number,
): Promise<Cesium3DTileset> {
  const tileset = await Cesium3DTileset.fromUrl(url, {
    maximumScreenSpaceError: PIPE_MAXIMUM_SCREEN_SPACE_ERROR,
    ...tileCacheOptions(tileCacheMB),
    showCreditsOnScreen: false,
    // The pipes are drawn unlit (pipeStyle.ts), so the dynamic environment map (image-based lighting from the
    // atmosphere, on by default) only costs: its cube-map shaders were most of a page load's shader compile time on
    // software GL, and it re-renders when the camera moves far.
    environmentMapOptions: { enabled: false },
  });
  tileset.customShader = style.shader;
  tileset.loadProgress.addEventListener((pending: number, processing: number) => {
    cb.onProgress(pending + processing, pending + processing === 0);
  });
  tileset.allTilesLoaded.addEventListener(() => cb.onProgress(0, true));
  const seen = new Set<string>();
  const failures: TileFailure[] = [];
  tileset.tileFailed.addEventListener((e: { url?: string; message?: string }) => {
    const failure = handleTileFailure(tileset, seen, e);
    if (!failure) return;
    failures.push(failure);
    cb.onTileFailed(failure, failures);
    scene.requestRender();
  });
  scene.primitives.add(tileset);
  scene.requestRender();
  return tileset;
}
