/** Framing an asset or an area, keyboard panning and zooming, and projecting points to the canvas. */
import {
  BoundingSphere,
  Cartesian3,
  Cartographic,
  HeadingPitchRange,
  Math as CesiumMath,
  Matrix4,
  SceneTransforms,
  Transforms,
  type Scene,
} from '@cesium/engine';
import type { Anchor } from './assetGeometry';
import { flightSeconds } from './motion';

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
      duration: flightSeconds(durationS),
      complete: () => resolve(),
      cancel: () => resolve(),
    });
    scene.requestRender();
  });
}

/**
 * Frames a set of lon/lat points (e.g. every vertex of a query area) from above, looking north at 60° down, the whole
 * set in view with a margin. Resolves when the flight ends (or is interrupted).
 */
export function flyToPoints(scene: Scene, points: readonly (readonly [number, number])[], durationS = 1.2): Promise<void> {
  if (points.length === 0) return Promise.resolve();
  const sphere = BoundingSphere.fromPoints(points.map((p) => Cartesian3.fromDegrees(p[0], p[1], 0)));
  const range = Math.max(60, sphere.radius * 2.6);
  return new Promise((resolve) => {
    scene.camera.flyToBoundingSphere(sphere, {
      offset: new HeadingPitchRange(0, CesiumMath.toRadians(-60), range),
      duration: flightSeconds(durationS),
      complete: () => resolve(),
      cancel: () => resolve(),
    });
    scene.requestRender();
  });
}

/** Metres a keyboard step moves: a tenth of the camera's height above the ground, at least 5 m. */
function stepMetres(scene: Scene): number {
  const h = Cartographic.fromCartesian(scene.camera.positionWC)?.height ?? 1000;
  return Math.max(5, Math.abs(h) * 0.1);
}

/**
 * Pans the view along the ground: `forward` and `right` in keyboard steps, relative to the camera's heading (up arrow
 * moves toward the top of the screen), keeping height, heading and pitch.
 */
export function panView(scene: Scene, forward: number, right: number): void {
  const camera = scene.camera;
  const step = stepMetres(scene);
  const h = camera.heading;
  // east/north components of the screen's up and right directions on the ground
  const east = (Math.sin(h) * forward + Math.cos(h) * right) * step;
  const north = (Math.cos(h) * forward - Math.sin(h) * right) * step;
  const enu = Transforms.eastNorthUpToFixedFrame(camera.positionWC);
  const offset = Matrix4.multiplyByPointAsVector(enu, new Cartesian3(east, north, 0), new Cartesian3());
  camera.setView({
    destination: Cartesian3.add(camera.positionWC, offset, new Cartesian3()),
    orientation: { heading: camera.heading, pitch: camera.pitch, roll: camera.roll },
  });
  scene.requestRender();
}

/** Zooms along the view direction by `steps` keyboard steps (negative: out). */
export function zoomView(scene: Scene, steps: number): void {
  const amount = stepMetres(scene) * 2.5 * Math.abs(steps);
  if (steps > 0) scene.camera.zoomIn(amount);
  else scene.camera.zoomOut(amount);
  scene.requestRender();
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

/** canvasPosition() of a lon/lat point at a height (m). */
export function canvasPositionOfLonLat(scene: Scene, lon: number, lat: number, height = 0): { x: number; y: number } | null {
  return canvasPosition(scene, Cartesian3.fromDegrees(lon, lat, height));
}
