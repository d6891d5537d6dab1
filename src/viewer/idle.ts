/**
 * "Idle": everything in view is loaded (pipe tiles and globe tiles) and a frame has rendered after that. Requests
 * renders while waiting, so it works in requestRenderMode.
 */
import type { Scene } from 'cesium';

export function whenIdle(scene: Scene, loaded: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    let sawLoaded = false;
    const off = scene.postRender.addEventListener(() => {
      if (sawLoaded) {
        off();
        resolve();
        return;
      }
      if (loaded() && scene.globe.tilesLoaded) sawLoaded = true;
      scene.requestRender();
    });
    scene.requestRender();
  });
}
