/**
 * The browser benchmarks' page: the viewer's own widget (src/viewer/widget.ts) and pipe style (src/viewer/pipeStyle.ts),
 * driven frame by frame from Node through window.__bench (bench/lib/site.ts). Every figure is measured here with
 * performance.now() on the main thread; a frame is "scene.render() + a 1-pixel readPixels", so the wall time includes
 * the GPU process finishing the frame (software GL here: absolute times mean little, ratios do).
 */
import 'cesium/Build/Cesium/Widgets/CesiumWidget/CesiumWidget.css';
import {
  Cartesian3,
  Cesium3DTileset,
  Cesium3DTileStyle,
  Color,
  GeoJsonDataSource,
  Math as CesiumMath,
  type Cesium3DTileFeature,
  type CesiumWidget,
} from '@cesium/engine';
import * as CesiumEngine from '@cesium/engine';
import { STATUSES } from '../../src/domain/status';
import { fitBboxView } from '../../src/viewer/fitView';
import { PIPE_MAXIMUM_SCREEN_SPACE_ERROR } from '../../src/viewer/pipes';
import { DEFAULT_TILE_CACHE_MB, tileCacheOptions } from '../../src/viewer/tileCache';
import { PipeStyle } from '../../src/viewer/pipeStyle';
import { createWidget, GLOBE_BASE, SCENE_BACKGROUND, setView } from '../../src/viewer/widget';

type Bbox = [number, number, number, number];

export interface SettleResult {
  ms: number;
  loaded: boolean;
  frames: number;
}

export interface FrameStats {
  /** median and 90th percentile of the main-thread time of a frame, ms */
  mainMedian: number;
  mainP90: number;
  /** median and 90th percentile of the wall time of a frame (drawn), ms */
  wallMedian: number;
  wallP90: number;
  frames: number;
}

/** Cesium's tile cache (the tileset's GPU + typed-array memory) and its configured bounds, bytes */
export interface TileCache {
  bytes: number;
  /** the most seen after any frame of settle() since the last resetPeak() */
  peakBytes: number;
  /** tiles with content in memory */
  tiles: number;
  /** tiles whose content was loaded since the tileset was added (loadedTotal − tiles: evicted from the cache) */
  loadedTotal: number;
  /** the size the cache is trimmed to when it holds tiles the view does not need (Cesium3DTileset.cacheBytes) */
  cacheBytes: number;
  /** extra room allowed when the view itself needs more (Cesium3DTileset.maximumCacheOverflowBytes) */
  overflowBytes: number;
  /** Cesium raises the screen-space error above maximumScreenSpaceError when even that is not enough */
  memoryAdjustedSse: number;
}

export interface StatusRun {
  /** setStatuses / style assignment, ms */
  apply: number;
  /** the first frame after it (where Cesium evaluates a style / uploads the texture) */
  frame: FrameTime;
  /**
   * instrumented in-frame work of this path during that frame, ms: the feature tables' applyStyle (every feature's
   * evaluateColor) + the batch textures' update (their uploads) for the baseline; the custom shader's texture manager
   * update for ours
   */
  inFrame: number;
  /** ours only: the status texture after the frame is the same GPU texture as before the call (updated in place) */
  sameTexture?: boolean;
}

export interface BenchApi {
  init(opts: { globe: boolean }): void;
  view(bbox: Bbox, pitch?: number): void;
  loadTiles(url: string, opts: { style: boolean; maximumScreenSpaceError?: number }): Promise<{ gids: number }>;
  loadGeojson(url: string): Promise<{ entities: number }>;
  /** renders until everything in view is loaded and drawn (two frames in a row) */
  settle(timeoutMs: number): Promise<SettleResult>;
  /** renders a frame and returns the share of its pixels that are neither the globe's base colour nor the sky */
  drawnFraction(): number;
  frameTimes(frames: number, orbitDeg: number): FrameStats;
  plainFrame(): FrameTime;
  featuresInView(): { tiles: number; features: number };
  /** makes the next status change's (gid, code) pairs, outside any timing */
  prepareChanges(changes: number, seed: number): void;
  /** applies the prepared changes through PipeStyle.setStatuses and renders the frame that shows them */
  statusOurs(): StatusRun;
  dropCustomShader(): void;
  /** applies the prepared changes through a Cesium3DTileStyle and renders the frame that evaluates it */
  statusStyle(): StatusRun;
  statusColourOf(gid: number): number;
  tileCache(): TileCache;
  resetPeak(): void;
  panTo(lon: number, lat: number, height: number, heading: number): void;
  destroy(): void;
}

let widget: CesiumWidget | undefined;
let tileset: Cesium3DTileset | undefined;
let pipeStyle: PipeStyle | undefined;
let dataSource: GeoJsonDataSource | undefined;
let gidCount = 0;
let peakTileBytes = 0;
let featureTableTimed = false;
/** time spent in instrumented functions since the last reset (see timed()) */
let timedMs = 0;

/** Wraps obj[name] so that the time spent in it is added to timedMs (measurement only: behaviour unchanged). */
function timed(obj: object, name: string): void {
  const o = obj as Record<string, unknown>;
  const f = o[name];
  if (typeof f !== 'function') throw new Error(`cannot instrument ${name}`);
  o[name] = function (this: unknown, ...args: unknown[]): unknown {
    const t0 = performance.now();
    try {
      return (f as (...a: unknown[]) => unknown).apply(this, args);
    } finally {
      timedMs += performance.now() - t0;
    }
  };
}

function statusTexture(): unknown {
  const tm = (pipeStyle?.shader as unknown as { _textureManager?: { getTexture(id: string): unknown } } | undefined)
    ?._textureManager;
  return tm?.getTexture('u_status');
}
/** the style path's status per gid (what a Cesium3DTileStyle would look up) */
let styleStatus = new Uint8Array(0);

function w(): CesiumWidget {
  if (!widget) throw new Error('init() first');
  return widget;
}

function syncGpu(): void {
  const gl = (w().scene as unknown as { context: { _gl: WebGL2RenderingContext } }).context._gl;
  const px = new Uint8Array(4);
  gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px);
}

export interface FrameTime {
  /** scene.render() alone: main-thread script time (the GPU process draws asynchronously) */
  main: number;
  /** scene.render() + readPixels: until the frame is drawn */
  wall: number;
}

/** One frame; the previous one is finished first (untimed), so frames never overlap. */
function renderFrame(): FrameTime {
  syncGpu();
  const t0 = performance.now();
  // the widget's render: clock tick (entity / data source updates) + scene.render
  w().render();
  const t1 = performance.now();
  syncGpu();
  return { main: t1 - t0, wall: performance.now() - t0 };
}

/**
 * Whether every entity of the data sources is built and shown. Not dataSourceDisplay.ready: that flag is sticky (true
 * for good once it was true, here already on the empty globe before the GeoJSON was added), while the polylines are
 * built by workers and their primitive stays hidden for tens of seconds here. update() itself returns the current state
 * (the widget's render calls it on the clock tick too; a second call at the same time only re-checks the batches).
 */
function entitiesDrawn(): boolean {
  return w().dataSourceDisplay.update(w().clock.currentTime);
}

function quantile(xs: number[], q: number): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

/** xorshift32: the same "random" changes for both paths */
function rng(seed: number): () => number {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

/** the changes the next statusOurs / statusStyle applies */
let prepared: { gids: Uint32Array; codes: Uint8Array } | undefined;

function changes(n: number, seed: number): { gids: Uint32Array; codes: Uint8Array } {
  const r = rng(seed);
  const gids = new Uint32Array(n);
  const codes = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    gids[i] = Math.floor(r() * gidCount);
    codes[i] = 1 + Math.floor(r() * (STATUSES.length - 1));
  }
  return { gids, codes };
}

const STATUS_COLOURS = STATUSES.map((s) => Color.fromBytes(s.color[0], s.color[1], s.color[2], 255));

const api: BenchApi = {
  init({ globe }) {
    const container = document.getElementById('c');
    const credits = document.getElementById('credits');
    if (!container || !credits) throw new Error('page markup missing');
    widget = createWidget({ container, creditContainer: credits, onRenderError: (d) => console.error(d) });
    widget.useDefaultRenderLoop = false;
    widget.scene.requestRenderMode = false;
    widget.scene.globe.show = globe;
  },

  view(bbox, pitch) {
    setView(w(), fitBboxView(bbox, pitch === undefined ? {} : { pitch }));
  },

  async loadTiles(url, opts) {
    // the viewer's own settings (src/viewer/pipes.ts, the default config's tile cache budget)
    tileset = await Cesium3DTileset.fromUrl(url, {
      maximumScreenSpaceError: opts.maximumScreenSpaceError ?? PIPE_MAXIMUM_SCREEN_SPACE_ERROR,
      ...tileCacheOptions(DEFAULT_TILE_CACHE_MB),
      showCreditsOnScreen: false,
    });
    const extras = (tileset.extras ?? {}) as { segmentCount?: number; nodeCount?: number };
    gidCount = (extras.segmentCount ?? 0) + (extras.nodeCount ?? 0);
    styleStatus = new Uint8Array(gidCount);
    if (opts.style) {
      const scene = w().scene;
      pipeStyle = new PipeStyle({ count: gidCount, requestRender: () => scene.requestRender() });
      pipeStyle.setMode('status');
      timed((pipeStyle.shader as unknown as { _textureManager: object })._textureManager, 'update');
      tileset.customShader = pipeStyle.shader;
    }
    tileset.tileFailed.addEventListener((e: { url: string; message: string }) => console.error(`tile failed ${e.url}: ${e.message}`));
    // where a style is evaluated for glTF content: once per tile, evaluateColor per feature
    if (!featureTableTimed) {
      // ModelFeatureTable and BatchTexture are exported by the engine but not typed (private API): the first evaluates
      // the style per feature, the second uploads the colours it wrote (one texture per tile, in the frame)
      const priv = CesiumEngine as unknown as { ModelFeatureTable: { prototype: object }; BatchTexture: { prototype: object } };
      timed(priv.ModelFeatureTable.prototype, 'applyStyle');
      timed(priv.BatchTexture.prototype, 'update');
      featureTableTimed = true;
    }
    w().scene.primitives.add(tileset);
    return { gids: gidCount };
  },

  async loadGeojson(url) {
    dataSource = await GeoJsonDataSource.load(url, { stroke: Color.fromBytes(0, 160, 233, 255), strokeWidth: 2 });
    await w().dataSources.add(dataSource);
    return { entities: dataSource.entities.values.length };
  },

  async settle(timeoutMs) {
    const t0 = performance.now();
    let frames = 0;
    let loadedFrames = 0;
    while (performance.now() - t0 < timeoutMs) {
      renderFrame();
      frames++;
      if (tileset) peakTileBytes = Math.max(peakTileBytes, tileset.totalMemoryUsageInBytes);
      const loaded =
        (!tileset || tileset.tilesLoaded) &&
        (!w().scene.globe.show || w().scene.globe.tilesLoaded) &&
        (!dataSource || entitiesDrawn());
      loadedFrames = loaded ? loadedFrames + 1 : 0;
      // loaded on two frames in a row: the second one drew everything
      if (loadedFrames >= 2) return { ms: performance.now() - t0, loaded: true, frames };
      await new Promise((r) => setTimeout(r, 5));
    }
    return { ms: performance.now() - t0, loaded: false, frames };
  },

  frameTimes(frames, orbitDeg) {
    const camera = w().camera;
    const main: number[] = [];
    const wall: number[] = [];
    for (let i = 0; i < frames; i++) {
      // a small back-and-forth look left/right: every frame is a new view, the same tiles stay in it
      camera.lookRight(CesiumMath.toRadians(i % 2 === 0 ? orbitDeg : -orbitDeg));
      const t = renderFrame();
      main.push(t.main);
      wall.push(t.wall);
    }
    return {
      mainMedian: quantile(main, 0.5),
      mainP90: quantile(main, 0.9),
      wallMedian: quantile(wall, 0.5),
      wallP90: quantile(wall, 0.9),
      frames,
    };
  },

  plainFrame() {
    return renderFrame();
  },

  drawnFraction() {
    renderFrame();
    // read back in the same task as the render: the drawing buffer is not preserved after it is composited
    const gl = (w().scene as unknown as { context: { _gl: WebGL2RenderingContext } }).context._gl;
    const width = gl.drawingBufferWidth;
    const height = gl.drawingBufferHeight;
    const px = new Uint8Array(width * height * 4);
    gl.readPixels(0, 0, width, height, gl.RGBA, gl.UNSIGNED_BYTE, px);
    const plain = [GLOBE_BASE, SCENE_BACKGROUND].map((c) => c.toBytes());
    let drawn = 0;
    for (let i = 0; i < px.length; i += 4) {
      // a small tolerance for the globe's edge (antialiasing blends the two plain colours)
      const near = plain.some((c) => Math.abs(px[i] - c[0]) + Math.abs(px[i + 1] - c[1]) + Math.abs(px[i + 2] - c[2]) <= 12);
      if (!near) drawn++;
    }
    return drawn / (width * height);
  },

  featuresInView() {
    const ts = tileset as unknown as { _selectedTiles?: { content?: { featuresLength?: number } }[] } | undefined;
    const sel = ts?._selectedTiles ?? [];
    let features = 0;
    for (const t of sel) features += t.content?.featuresLength ?? 0;
    return { tiles: sel.length, features };
  },

  prepareChanges(n, seed) {
    prepared = changes(n, seed);
  },

  statusOurs() {
    if (!pipeStyle) throw new Error('loadTiles with style first');
    if (!prepared) throw new Error('prepareChanges first');
    const { gids, codes } = prepared;
    const before = statusTexture();
    const t0 = performance.now();
    pipeStyle.setStatuses(gids, codes);
    const apply = performance.now() - t0;
    timedMs = 0;
    const frame = renderFrame();
    const inFrame = timedMs;
    return { apply, frame, inFrame, sameTexture: before !== undefined && statusTexture() === before };
  },

  dropCustomShader() {
    if (tileset) tileset.customShader = undefined;
  },

  statusStyle() {
    if (!tileset) throw new Error('loadTiles first');
    if (!prepared) throw new Error('prepareChanges first');
    const { gids, codes } = prepared;
    const t0 = performance.now();
    // the fastest Cesium3DTileStyle path: a custom evaluateColor reading a status array by the feature's gid
    for (let i = 0; i < gids.length; i++) styleStatus[gids[i]] = codes[i];
    if (!tileset.style) {
      const style = new Cesium3DTileStyle();
      const lookup = styleStatus;
      style.color = {
        evaluateColor(feature: Cesium3DTileFeature, result?: Color): Color {
          const gid = Number(feature.getProperty('gid'));
          return Color.clone(STATUS_COLOURS[lookup[gid] ?? 0], result);
        },
      } as unknown as Cesium3DTileStyle['color'];
      tileset.style = style;
    }
    tileset.makeStyleDirty();
    const apply = performance.now() - t0;
    timedMs = 0;
    const frame = renderFrame();
    return { apply, frame, inFrame: timedMs };
  },

  statusColourOf(gid) {
    return pipeStyle?.statusOf(gid) ?? -1;
  },


  tileCache() {
    if (!tileset) throw new Error('loadTiles first');
    // both exist on the class but are private in the engine's typings
    const priv = tileset as unknown as {
      statistics: { numberOfTilesWithContentReady: number; numberOfLoadedTilesTotal: number };
      memoryAdjustedScreenSpaceError: number;
    };
    return {
      bytes: tileset.totalMemoryUsageInBytes,
      peakBytes: Math.max(peakTileBytes, tileset.totalMemoryUsageInBytes),
      tiles: priv.statistics.numberOfTilesWithContentReady,
      loadedTotal: priv.statistics.numberOfLoadedTilesTotal,
      cacheBytes: tileset.cacheBytes,
      overflowBytes: tileset.maximumCacheOverflowBytes,
      memoryAdjustedSse: priv.memoryAdjustedScreenSpaceError,
    };
  },

  resetPeak() {
    peakTileBytes = tileset?.totalMemoryUsageInBytes ?? 0;
  },

  panTo(lon, lat, height, heading) {
    w().camera.setView({
      destination: Cartesian3.fromDegrees(lon, lat, height),
      orientation: { heading: CesiumMath.toRadians(heading), pitch: CesiumMath.toRadians(-50), roll: 0 },
    });
  },

  destroy() {
    widget?.destroy();
    widget = undefined;
    tileset = undefined;
    peakTileBytes = 0;
    pipeStyle = undefined;
    dataSource = undefined;
  },
};

(window as unknown as { __bench: BenchApi }).__bench = api;
