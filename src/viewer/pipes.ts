/**
 * The pipe network tileset: loaded from the configured URL, styled by one PipeStyle shader (assigned once, before the
 * tileset joins the scene), with tile progress and tile failures reported to the caller.
 */
import { Cesium3DTileset, type Scene } from '@cesium/engine';
import type { PipeStyle } from './pipeStyle';

export interface PipesCallbacks {
  /** pending requests + tiles processing; 0 and `loaded` when everything in view is in */
  onProgress(pending: number, loaded: boolean): void;
  onTileFailed(detail: string): void;
}

export async function loadPipes(scene: Scene, url: string, style: PipeStyle, cb: PipesCallbacks): Promise<Cesium3DTileset> {
  const tileset = await Cesium3DTileset.fromUrl(url, {
    maximumScreenSpaceError: 8,
    showCreditsOnScreen: false,
  });
  tileset.customShader = style.shader;
  tileset.loadProgress.addEventListener((pending: number, processing: number) => {
    cb.onProgress(pending + processing, pending + processing === 0);
  });
  tileset.allTilesLoaded.addEventListener(() => cb.onProgress(0, true));
  tileset.tileFailed.addEventListener((e: { url: string; message: string }) => cb.onTileFailed(e.message));
  scene.primitives.add(tileset);
  scene.requestRender();
  return tileset;
}
