/**
 * PipeStyle: the pipe tileset's look, driven only through CustomShader uniforms (one shader for the whole life of the
 * tileset). A status change writes bytes into the R8 status texture in place: one sub-image upload of the rows that
 * changed, no texture re-created, no per-feature JavaScript. See pipeShader.ts for the GLSL and the uniform meanings.
 */
import {
  CustomShader,
  LightingModel,
  PixelDatatype,
  PixelFormat,
  TextureMagnificationFilter,
  TextureMinificationFilter,
  TextureUniform,
  UniformType,
} from '@cesium/engine';
import { categoryIndex, CATEGORIES } from '../domain/categories';
import type { CategoryCode } from '../domain/schema';
import { isStatusCode, STATUSES } from '../domain/status';
import { GidBytes } from './gidBytes';
import { HIGHLIGHT_DIM, withHighlight } from './highlightShader';
import { CATEGORY_UNKNOWN, PIPE_FRAGMENT_SHADER, PIPE_VERTEX_SHADER } from './pipeShader';

export type ColorMode = 'category' | 'status';

/** Texture width: a multiple of 4 (row alignment) and far below every GPU's maximum texture size. */
export const GID_TEXTURE_WIDTH = 4096;
/** Minimum on-screen pipe width in pixels. */
export const MIN_PIPE_PIXELS = 2;

function gidTexture(data: Uint8Array, height: number): TextureUniform {
  return new TextureUniform({
    typedArray: data,
    width: GID_TEXTURE_WIDTH,
    height,
    pixelFormat: PixelFormat.RED,
    pixelDatatype: PixelDatatype.UNSIGNED_BYTE,
    repeat: false,
    minificationFilter: TextureMinificationFilter.NEAREST,
    magnificationFilter: TextureMagnificationFilter.NEAREST,
  });
}

/** What PipeStyle needs of a live Cesium texture (the engine's Texture class is not public API). */
interface LiveTexture {
  readonly width: number;
  readonly height: number;
  isDestroyed(): boolean;
  copyFrom(options: {
    source: { arrayBufferView: Uint8Array; width: number; height: number };
    xOffset?: number;
    yOffset?: number;
    skipColorSpaceConversion?: boolean;
  }): void;
}

/** The CustomShader's texture manager (private in Cesium 1.145): the textures made from its SAMPLER_2D uniforms. */
interface TextureManagerLike {
  getTexture(id: string): unknown;
  _loadedImages?: { id: string }[];
}

function textureManagerOf(shader: CustomShader): TextureManagerLike | undefined {
  const tm = (shader as unknown as { _textureManager?: Partial<TextureManagerLike> })._textureManager;
  return tm && typeof tm.getTexture === 'function' ? (tm as TextureManagerLike) : undefined;
}

function isLiveTexture(t: unknown, width: number, height: number): t is LiveTexture {
  const x = t as Partial<LiveTexture> | undefined;
  return (
    !!x &&
    typeof x.copyFrom === 'function' &&
    typeof x.isDestroyed === 'function' &&
    !x.isDestroyed() &&
    x.width === width &&
    x.height === height
  );
}

/** What a part that follows the style (e.g. the alarm markers) hears about; each member optional. */
export interface PipeStyleListener {
  /** setStatuses was called (the same arrays; entries out of range were ignored by the style) */
  statuses?(gids: ArrayLike<number>, codes: ArrayLike<number>): void;
  /** every gid was set to one status */
  reset?(code: number): void;
  mode?(mode: ColorMode): void;
  /** setHighlight was called: by `owner` (its argument), or cleared (null) */
  highlight?(owner: string | null): void;
}

export interface PipeStyleOptions {
  /** number of gids (segments + nodes) */
  count: number;
  /** category index per gid (CATEGORIES order, 255 unknown); default: all unknown (tile colours are used) */
  categories?: Uint8Array;
  /** called after every change, so a requestRenderMode scene draws it */
  requestRender?: () => void;
}

export class PipeStyle {
  readonly shader: CustomShader;
  private readonly count: number;
  private readonly rows: number;
  private readonly status: GidBytes;
  private mode: ColorMode = 'category';
  private visibleMask = (1 << CATEGORIES.length) - 1;
  private selected: number | null = null;
  private readonly requestRender: () => void;
  /** result-set highlight (area query): 1 per highlighted gid; see highlightShader.ts */
  private readonly highlight: GidBytes;
  private highlightCount = 0;
  private readonly listeners = new Set<PipeStyleListener>();

  constructor(opts: PipeStyleOptions) {
    this.count = Math.max(0, Math.floor(opts.count));
    this.status = new GidBytes(this.count, GID_TEXTURE_WIDTH);
    this.rows = this.status.rows;
    const categories = new GidBytes(this.count, GID_TEXTURE_WIDTH, CATEGORY_UNKNOWN).bytes;
    if (opts.categories) categories.set(opts.categories.subarray(0, Math.min(opts.categories.length, categories.length)));
    this.requestRender = opts.requestRender ?? (() => undefined);
    this.highlight = new GidBytes(this.count, GID_TEXTURE_WIDTH);
    this.shader = new CustomShader({
      lightingModel: LightingModel.UNLIT,
      uniforms: {
        u_status: { type: UniformType.SAMPLER_2D, value: gidTexture(this.status.bytes, this.rows) },
        u_category: { type: UniformType.SAMPLER_2D, value: gidTexture(categories, this.rows) },
        u_width: { type: UniformType.INT, value: GID_TEXTURE_WIDTH },
        u_count: { type: UniformType.INT, value: this.count },
        u_mode: { type: UniformType.INT, value: 0 },
        u_visible: { type: UniformType.INT, value: this.visibleMask },
        u_selected: { type: UniformType.INT, value: -1 },
        u_minPixels: { type: UniformType.FLOAT, value: MIN_PIPE_PIXELS },
        u_pulse: { type: UniformType.FLOAT, value: 0 },
        u_highlight: { type: UniformType.SAMPLER_2D, value: gidTexture(this.highlight.bytes, this.rows) },
        u_highlightOn: { type: UniformType.INT, value: 0 },
        u_highlightDim: { type: UniformType.FLOAT, value: HIGHLIGHT_DIM },
      },
      vertexShaderText: PIPE_VERTEX_SHADER,
      fragmentShaderText: withHighlight(PIPE_FRAGMENT_SHADER),
    });
  }

  /**
   * Sets the status of the listed gids (others keep theirs): one in-place upload of the texture rows that changed.
   * Codes outside 0…4 and gids outside the dataset are ignored. Returns how many were applied. Typed arrays
   * (Uint32Array gids, Uint8Array codes) are the fast path; plain arrays work too.
   */
  setStatuses(gids: ArrayLike<number>, codes: ArrayLike<number>): number {
    const applied = this.status.setMany(gids, codes, STATUSES.length - 1);
    this.upload('u_status', this.status);
    for (const l of this.listeners) l.statuses?.(gids, codes);
    return applied;
  }

  /** Every gid back to one status (0 unknown by default), one upload. */
  resetStatuses(code = 0): void {
    const c = isStatusCode(code) ? code : 0;
    this.status.fill(c);
    this.upload('u_status', this.status);
    for (const l of this.listeners) l.reset?.(c);
  }

  statusOf(gid: number): number {
    return this.status.get(gid);
  }

  /**
   * Sends the changed rows of `data` to the texture behind `uniform`: a texSubImage2D into the live texture when
   * there is one; before the first frame the texture is still queued (made at the next frame from data.bytes itself,
   * so it already holds every change); a new TextureUniform only if Cesium's internals are not what we know.
   */
  private upload(uniform: string, data: GidBytes): void {
    const dirty = data.takeDirty();
    if (dirty) {
      const tm = textureManagerOf(this.shader);
      const live = tm?.getTexture(uniform);
      if (isLiveTexture(live, GID_TEXTURE_WIDTH, this.rows)) {
        live.copyFrom({
          source: { arrayBufferView: data.rowsView(dirty), width: GID_TEXTURE_WIDTH, height: dirty.count },
          yOffset: dirty.first,
          skipColorSpaceConversion: true,
        });
      } else if (!tm?._loadedImages?.some((l) => l.id === uniform)) {
        this.shader.setUniform(uniform, gidTexture(data.bytes, this.rows));
      }
    }
    this.requestRender();
  }

  setMode(mode: ColorMode): void {
    this.mode = mode;
    this.shader.setUniform('u_mode', mode === 'status' ? 1 : 0);
    for (const l of this.listeners) l.mode?.(mode);
    this.requestRender();
  }

  /** Follows status and mode changes; returns the function that stops it. */
  subscribe(listener: PipeStyleListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  getMode(): ColorMode {
    return this.mode;
  }

  setCategoryVisible(code: CategoryCode, visible: boolean): void {
    const i = categoryIndex(code);
    if (i < 0) return;
    this.visibleMask = visible ? this.visibleMask | (1 << i) : this.visibleMask & ~(1 << i);
    this.shader.setUniform('u_visible', this.visibleMask);
    this.requestRender();
  }

  isCategoryVisible(code: CategoryCode): boolean {
    const i = categoryIndex(code);
    return i >= 0 && (this.visibleMask & (1 << i)) !== 0;
  }

  select(gid: number | null): void {
    this.selected = gid;
    this.shader.setUniform('u_selected', gid ?? -1);
    this.requestRender();
  }

  getSelected(): number | null {
    return this.selected;
  }

  /** The alarm pulse phase, 0…1 (see pipeShader.ts u_pulse); the live feed drives it while alarms are active. */
  setPulse(v: number): void {
    this.shader.setUniform('u_pulse', Math.min(1, Math.max(0, v)));
    this.requestRender();
  }

  /**
   * Highlights a set of gids (an area query's result): they keep their colour, every other pipe is dimmed. null
   * clears the highlight. One texture upload. Returns how many gids were in range.
   *
   * `classes` (same length as gids, optional): the byte each gid gets, 1…255 (default 1 = own colour, brightened);
   * 2 and above are the trace classes of layers/traceTheme.ts, drawn in their colour. A gid listed twice keeps the
   * last class. `owner` names who set it (listeners hear it, so a part knows when its highlight was replaced);
   * `dim` how much every other pipe is darkened (0…1, default HIGHLIGHT_DIM).
   */
  setHighlight(gids: ArrayLike<number> | null, classes?: ArrayLike<number>, owner = '', dim = HIGHLIGHT_DIM): number {
    this.highlight.fill(0);
    const bytes = this.highlight.bytes;
    let n = 0;
    if (gids) {
      for (let i = 0; i < gids.length; i++) {
        const g = gids[i];
        if (Number.isInteger(g) && g >= 0 && g < this.count) {
          if (bytes[g] === 0) n++;
          const c = classes ? classes[i] : 1;
          bytes[g] = Number.isInteger(c) && c >= 1 && c <= 255 ? c : 1;
        }
      }
    }
    this.highlightCount = gids ? n : 0;
    this.upload('u_highlight', this.highlight);
    this.shader.setUniform('u_highlightOn', gids ? 1 : 0);
    this.shader.setUniform('u_highlightDim', Math.min(1, Math.max(0, dim)));
    for (const l of this.listeners) l.highlight?.(gids ? owner : null);
    this.requestRender();
    return n;
  }

  /** the highlight byte of a gid (0 none, 1 plain, 2+ a trace class) */
  highlightOf(gid: number): number {
    return this.highlight.get(gid);
  }

  /** gids highlighted now (0 when off) */
  highlightedCount(): number {
    return this.highlightCount;
  }
}
