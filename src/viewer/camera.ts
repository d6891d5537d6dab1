/** Framing an asset and projecting its anchor to the canvas. */
import {
  BoundingSphere,
  Cartesian3,
  HeadingPitchRange,
  Math as CesiumMath,
  SceneTransforms,
  type Scene,
} from '@cesium/engine';
import type { Anchor } from './assetGeometry';

export function anchorPosition(a: Anchor): Cartesian3 {
  return Cartesian3.fromDegrees(a.lon, a.lat, a.height);
}

/** Camera distance that shows a pipe of this size a few pixels wide and part of its length. */
export function framingRange(a: Anchor): number {
  return Math.min(150, Math.max(35, a.size * 60));
}

/**
 * Looks along the segment (so pipes beside it in the same street do not cover it), from above at 60°, centred on
 * the anchor. Resolves when the flight ends.
 */
export function flyToAnchor(scene: Scene, a: Anchor, durationS = 1.2): Promise<void> {
  return new Promise((resolve) => {
    scene.camera.flyToBoundingSphere(new BoundingSphere(anchorPosition(a), 1), {
      offset: new HeadingPitchRange(CesiumMath.toRadians(a.bearing), CesiumMath.toRadians(-60), framingRange(a)),
      duration: durationS,
      complete: () => resolve(),
      cancel: () => resolve(),
    });
    scene.requestRender();
  });
}

/** CSS-pixel position inside the canvas, or null when behind the camera or outside the canvas. */
export function canvasPosition(scene: Scene, position: Cartesian3): { x: number; y: number } | null {
  const camera = scene.camera;
  const toPoint = Cartesian3.subtract(position, camera.positionWC, new Cartesian3());
  if (Cartesian3.dot(toPoint, camera.directionWC) <= 0) return null;
  const win = SceneTransforms.worldToWindowCoordinates(scene, position);
  if (!win) return null;
  const canvas = scene.canvas;
  if (win.x < 0 || win.y < 0 || win.x > canvas.clientWidth || win.y > canvas.clientHeight) return null;
  return { x: win.x, y: win.y };
}
