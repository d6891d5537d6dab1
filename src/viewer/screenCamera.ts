/** Camera flights and frame counting for screen mode and tours (src/app/screen.ts, src/app/tour.ts). */
import { Cartesian3, Math as CesiumMath, type Scene } from '@cesium/engine';
import { flightSeconds } from './motion';

export interface Pose {
  lon: number;
  lat: number;
  height: number;
  heading: number;
  pitch: number;
}

/** Flies to a pose (degrees, metres); 0 s, or the user's reduced motion, jumps. Resolves when the flight ends or is cancelled. */
export function flyToPose(scene: Scene, pose: Pose, requestedS: number): Promise<void> {
  const durationS = flightSeconds(requestedS);
  const destination = Cartesian3.fromDegrees(pose.lon, pose.lat, pose.height);
  const orientation = { heading: CesiumMath.toRadians(pose.heading), pitch: CesiumMath.toRadians(pose.pitch), roll: 0 };
  if (durationS <= 0) {
    scene.camera.setView({ destination, orientation });
    scene.requestRender();
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    scene.camera.flyTo({ destination, orientation, duration: durationS, complete: () => resolve(), cancel: () => resolve() });
    scene.requestRender();
  });
}

/** Counts the frames the scene draws; `dispose` stops counting. */
export function countFrames(scene: Scene): { frames(): number; dispose(): void } {
  let n = 0;
  const off = scene.postRender.addEventListener(() => {
    n++;
  });
  return {
    frames: () => n,
    dispose: () => off(),
  };
}
