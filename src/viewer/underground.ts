/**
 * Underground mode as one switch: the globe turns translucent (opacity from the slider, more opaque far away), the
 * camera may go below the ground (no collision detection). Pipes stay pickable through the translucent globe.
 */
import { Cartesian3, Cartographic, NearFarScalar, type Scene } from '@cesium/engine';

export class Underground {
  private enabled = false;
  private alpha = 0.35;

  constructor(private readonly scene: Scene) {}

  setEnabled(on: boolean): void {
    this.enabled = on;
    const { globe, screenSpaceCameraController: ctrl, camera } = this.scene;
    globe.translucency.enabled = on;
    ctrl.enableCollisionDetection = !on;
    if (!on) {
      // leaving the underground: bring a buried camera back above the ground
      const c = Cartographic.fromCartesian(camera.positionWC);
      if (c && c.height < 5) {
        camera.setView({
          destination: Cartesian3.fromRadians(c.longitude, c.latitude, 60),
          orientation: { heading: camera.heading, pitch: camera.pitch, roll: 0 },
        });
      }
    }
    this.apply();
  }

  setOpacity(alpha: number): void {
    this.alpha = Math.min(1, Math.max(0, alpha));
    this.apply();
  }

  isEnabled(): boolean {
    return this.enabled;
  }

  private apply(): void {
    const t = this.scene.globe.translucency;
    t.frontFaceAlpha = this.alpha;
    // near the camera the slider's opacity; from 20 km on half-way to opaque, so the wider city keeps its ground
    const farFactor = this.alpha > 0 ? (1 + this.alpha) / (2 * this.alpha) : 1;
    t.frontFaceAlphaByDistance = new NearFarScalar(2_000, 1, 20_000, farFactor);
    this.scene.requestRender();
  }
}
