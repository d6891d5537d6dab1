/**
 * The map's current picture as a 2D canvas: the scene is rendered and its WebGL canvas is copied inside the same
 * frame's `postRender` (the drawing buffer is not preserved — the widget keeps `preserveDrawingBuffer` off for speed —
 * so the pixels are only there until the frame is presented; Cesium's own advice, CesiumGS/cesium#6807).
 */
import type { Scene } from '@cesium/engine';

/** Renders one frame and resolves with a copy of it (device pixels). */
export function captureFrame(scene: Scene): Promise<HTMLCanvasElement> {
  return new Promise((resolve, reject) => {
    const off = scene.postRender.addEventListener(() => {
      off();
      try {
        const src = scene.canvas;
        const copy = document.createElement('canvas');
        copy.width = src.width;
        copy.height = src.height;
        const g = copy.getContext('2d');
        if (!g) throw new Error('no 2D canvas');
        g.drawImage(src, 0, 0);
        resolve(copy);
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
    scene.requestRender();
    scene.render();
  });
}
