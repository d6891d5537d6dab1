/**
 * The offline, dark CesiumWidget: no Cesium ion (token cleared, no ion imagery/terrain/geocoder), no sky box, sun,
 * moon or atmosphere, EllipsoidTerrainProvider, explicit rendering (requestRenderMode). The engine's CesiumWidget
 * rather than the full Viewer: the Viewer's knockout needs 'unsafe-eval' (shared/design.md).
 *
 * MapView wraps the widget for src/app (which imports no Cesium): camera pose and height, render requests, camera
 * input on/off, and destroy() that also releases the WebGL context at once (not at the next garbage collection).
 */
import {
  CesiumTerrainProvider,
  CesiumWidget,
  Color,
  EllipsoidTerrainProvider,
  Ion,
  Math as CesiumMath,
  Cartesian3,
  Cartographic,
  type Scene,
} from '@cesium/engine';

export interface WidgetOptions {
  container: HTMLElement;
  creditContainer: HTMLElement;
  /** called with a short technical detail when the render loop throws */
  onRenderError: (detail: string) => void;
  /** drawing-buffer resolution relative to the display (1 = native; below 1 is cheaper on software GL) */
  resolutionScale?: number;
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
  widget.resolutionScale = opts.resolutionScale ?? 1;
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

/** Cesium's Event keeps its listeners in private maps; this empties them (see MapView.destroy). */
function dropListeners(event: unknown): void {
  const e = event as { _listeners?: unknown; _toAdd?: unknown; _toRemove?: unknown; _listenerCount?: number } | undefined;
  if (!e) return;
  for (const m of [e._listeners, e._toAdd, e._toRemove]) if (m instanceof Map) m.clear();
  if (typeof e._listenerCount === 'number') e._listenerCount = 0;
}

/** The widget as the app sees it: one per mounted app, destroyed with it. */
export class MapView {
  readonly widget: CesiumWidget;
  private destroyed = false;
  /** the <style> Cesium's CreditDisplay adds to <head> for every widget and never removes */
  private readonly styles: HTMLStyleElement[];

  constructor(opts: WidgetOptions) {
    const before = new Set(document.head.querySelectorAll('style'));
    this.widget = createWidget(opts);
    this.styles = [...document.head.querySelectorAll('style')].filter((el) => !before.has(el));
  }

  get scene(): Scene {
    return this.widget.scene;
  }

  /**
   * The WebGL renderer's name as the browser reports it (WEBGL_debug_renderer_info when offered, else RENDERER), e.g.
   * "ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device …))"; '' when the widget is gone.
   */
  rendererName(): string {
    if (this.destroyed) return '';
    // the canvas already has Cesium's context: getContext with its type returns that one, it creates none
    const canvas = this.canvas;
    const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
    if (!gl) return '';
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    return String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
  }

  /**
   * Multisampling on (the default: 4 samples) or off. Under software GL every sample is rasterised on the CPU: off, a
   * frame of the default view cost about a third less GPU-process CPU (tmp script, 960×600 at 3/4 resolution, 10 forced
   * frames: SwiftShader 205 → 135 ms, llvmpipe 128 → 85 ms). Edges are then not smoothed: Cesium's FXAA pass cost as
   * much as the four samples (146 ms).
   */
  setMultisampling(on: boolean): void {
    if (this.destroyed) return;
    this.widget.scene.msaaSamples = on ? 4 : 1;
    this.widget.scene.requestRender();
  }

  get canvas(): HTMLCanvasElement {
    return this.widget.scene.canvas;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  requestRender(): void {
    if (!this.destroyed) this.widget.scene.requestRender();
  }

  setView(pose: ViewPose): void {
    setView(this.widget, pose);
  }

  /** where the camera is (degrees, metres above the ellipsoid) and where it looks (degrees) */
  pose(): ViewPose {
    const camera = this.widget.scene.camera;
    const c = camera.positionCartographic;
    return {
      lon: CesiumMath.toDegrees(c.longitude),
      lat: CesiumMath.toDegrees(c.latitude),
      height: c.height,
      heading: CesiumMath.toDegrees(camera.heading),
      pitch: CesiumMath.toDegrees(camera.pitch),
    };
  }

  /** camera height above the ellipsoid, metres */
  cameraHeight(): number {
    return Cartographic.fromCartesian(this.widget.scene.camera.positionWC)?.height ?? 0;
  }

  /** Calls `fn` when the camera moved by 2 % or more and when a move ends; returns the unsubscribe function. */
  onCameraChange(fn: () => void): () => void {
    const camera = this.widget.scene.camera;
    camera.percentageChanged = 0.02;
    const offChanged = camera.changed.addEventListener(fn);
    const offEnd = camera.moveEnd.addEventListener(fn);
    return () => {
      if (this.destroyed) return;
      offChanged();
      offEnd();
    };
  }

  /** mouse/touch camera control on or off (off while a vertex handle is dragged) */
  setCameraInputs(enabled: boolean): void {
    if (!this.destroyed) this.widget.scene.screenSpaceCameraController.enableInputs = enabled;
  }

  /**
   * Destroys the widget (scene, primitives, its own input handlers, the render loop) and loses its WebGL context now:
   * browsers keep only a few contexts alive, and a detached canvas holds its context until it is collected.
   *
   * The scene's and camera's event listeners are dropped first: Cesium keeps the last scene it drew in module-level
   * scratch objects (measured with a heap snapshot in tests/e2e/lifecycle.test.ts), and through listeners still
   * registered there (a whenIdle() not yet resolved, the render-error handler) a destroyed scene would keep the
   * disposed app's state alive.
   */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    const { scene } = this.widget;
    for (const event of [scene.preUpdate, scene.postUpdate, scene.preRender, scene.postRender, scene.renderError]) dropListeners(event);
    for (const event of [scene.camera.changed, scene.camera.moveStart, scene.camera.moveEnd]) dropListeners(event);
    dropListeners(scene.globe.tileLoadProgressEvent);
    const canvas = this.widget.scene.canvas;
    // Scene#context is not in Cesium's public types; its _gl is the canvas's WebGL context
    const internals = scene as unknown as { context?: { _gl?: WebGLRenderingContext | WebGL2RenderingContext } };
    const context = internals.context?._gl;
    this.widget.destroy();
    context?.getExtension('WEBGL_lose_context')?.loseContext();
    canvas.remove();
    for (const style of this.styles) style.remove();
  }
}
