/**
 * "Idle": everything in view is loaded (pipe tiles and globe tiles) and a frame has rendered after that. Requests
 * renders while waiting, so it works in requestRenderMode.
 */
import type { Scene } from '@cesium/engine';

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

/**
 * Keeps requesting frames until `done()` holds after a frame (e.g. label glyphs that reach their texture atlas a few
 * frames after a text change: in requestRenderMode nothing else would draw them).
 */
export function renderUntil(scene: Scene, done: () => boolean, maxFrames = 600): void {
  let frames = 0;
  const off = scene.postRender.addEventListener(() => {
    if (done() || ++frames >= maxFrames) {
      off();
      return;
    }
    scene.requestRender();
  });
  scene.requestRender();
}
