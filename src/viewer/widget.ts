/**
 * The offline, dark CesiumWidget: no Cesium ion (token cleared, no ion imagery/terrain/geocoder), no sky box, sun,
 * moon or atmosphere, EllipsoidTerrainProvider, explicit rendering (requestRenderMode). The engine's CesiumWidget
 * rather than the full Viewer: the Viewer's knockout needs 'unsafe-eval' (shared/design.md).
 */
import {
  CesiumTerrainProvider,
  CesiumWidget,
  Color,
  EllipsoidTerrainProvider,
  Ion,
  Math as CesiumMath,
  Cartesian3,
} from '@cesium/engine';

export interface WidgetOptions {
  container: HTMLElement;
  creditContainer: HTMLElement;
  /** called with a short technical detail when the render loop throws */
  onRenderError: (detail: string) => void;
}

export interface ViewPose {
  lon: number;
  lat: number;
  height: number;
  heading: number;
  pitch: number;
}

/** Theme colours of the globe. */
export const SCENE_BACKGROUND = Color.fromBytes(6, 9, 15, 255);
export const GLOBE_BASE = Color.fromBytes(36, 48, 64, 255);

export function createWidget(opts: WidgetOptions): CesiumWidget {
  Ion.defaultAccessToken = '';
  const widget = new CesiumWidget(opts.container, {
    baseLayer: false,
    terrainProvider: new EllipsoidTerrainProvider(),
    skyBox: false,
    skyAtmosphere: false,
    creditContainer: opts.creditContainer,
    requestRenderMode: true,
    maximumRenderTimeChange: Number.POSITIVE_INFINITY,
    showRenderLoopErrors: false,
    scene3DOnly: true,
    contextOptions: { webgl: { alpha: false, antialias: true, powerPreference: 'high-performance' } },
  });
  const scene = widget.scene;
  scene.backgroundColor = SCENE_BACKGROUND;
  scene.highDynamicRange = false;
  scene.fog.enabled = false;
  const globe = scene.globe;
  globe.baseColor = GLOBE_BASE;
  globe.showGroundAtmosphere = false;
  globe.enableLighting = false;
  // Pipes lie below the ground: without depth testing against it they show from above like a utility map.
  globe.depthTestAgainstTerrain = false;
  globe.translucency.backFaceAlpha = 0;
  // The ground is a smooth ellipsoid under coarse imagery: coarse globe tiles lose nothing and load far faster.
  globe.maximumScreenSpaceError = 8;
  scene.screenSpaceCameraController.minimumZoomDistance = 2;
  scene.renderError.addEventListener((_scene: unknown, error: unknown) => {
    opts.onRenderError(error instanceof Error ? error.message : String(error));
  });
  return widget;
}

export function setView(widget: CesiumWidget, pose: ViewPose): void {
  widget.camera.setView({
    destination: Cartesian3.fromDegrees(pose.lon, pose.lat, pose.height),
    orientation: {
      heading: CesiumMath.toRadians(pose.heading),
      pitch: CesiumMath.toRadians(pose.pitch),
      roll: 0,
    },
  });
  widget.scene.requestRender();
}

/** Replaces the ellipsoid with a quantized-mesh terrain from the given URL (throws if it cannot be read). */
export async function useTerrain(widget: CesiumWidget, url: string): Promise<void> {
  widget.scene.terrainProvider = await CesiumTerrainProvider.fromUrl(url);
  widget.scene.requestRender();
}
