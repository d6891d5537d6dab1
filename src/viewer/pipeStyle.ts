/**
 * PipeStyle: the pipe tileset's look, driven only through CustomShader uniforms (one shader for the whole life of the
 * tileset; a status change is one R8 texture upload). See pipeShader.ts for the GLSL and the uniform meanings.
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
import { isStatusCode } from '../domain/status';
import { withHighlight } from './highlightShader';
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

function rowsFor(count: number): number {
  return Math.max(1, Math.ceil(count / GID_TEXTURE_WIDTH));
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
  private readonly status: Uint8Array;
  private mode: ColorMode = 'category';
  private visibleMask = (1 << CATEGORIES.length) - 1;
  private selected: number | null = null;
  private readonly requestRender: () => void;
  /** result-set highlight (area query): 1 per highlighted gid; see highlightShader.ts */
  private readonly highlight: Uint8Array;
  private highlightCount = 0;

  constructor(opts: PipeStyleOptions) {
    this.count = Math.max(0, Math.floor(opts.count));
    this.rows = rowsFor(this.count);
    const size = this.rows * GID_TEXTURE_WIDTH;
    this.status = new Uint8Array(size);
    const categories = new Uint8Array(size).fill(CATEGORY_UNKNOWN);
    if (opts.categories) categories.set(opts.categories.subarray(0, Math.min(opts.categories.length, size)));
    this.requestRender = opts.requestRender ?? (() => undefined);
    this.highlight = new Uint8Array(size);
    this.shader = new CustomShader({
      lightingModel: LightingModel.UNLIT,
      uniforms: {
        u_status: { type: UniformType.SAMPLER_2D, value: gidTexture(this.status, this.rows) },
        u_category: { type: UniformType.SAMPLER_2D, value: gidTexture(categories, this.rows) },
        u_width: { type: UniformType.INT, value: GID_TEXTURE_WIDTH },
        u_count: { type: UniformType.INT, value: this.count },
        u_mode: { type: UniformType.INT, value: 0 },
        u_visible: { type: UniformType.INT, value: this.visibleMask },
        u_selected: { type: UniformType.INT, value: -1 },
        u_minPixels: { type: UniformType.FLOAT, value: MIN_PIPE_PIXELS },
        u_pulse: { type: UniformType.FLOAT, value: 0 },
        u_highlight: { type: UniformType.SAMPLER_2D, value: gidTexture(this.highlight, this.rows) },
        u_highlightOn: { type: UniformType.INT, value: 0 },
      },
      vertexShaderText: PIPE_VERTEX_SHADER,
      fragmentShaderText: withHighlight(PIPE_FRAGMENT_SHADER),
    });
  }

  /**
   * Sets the status of the listed gids (others keep theirs) with one texture upload. Codes outside 0…4 and gids
   * outside the dataset are ignored. Returns how many were applied.
   */
  setStatuses(gids: ArrayLike<number>, codes: ArrayLike<number>): number {
    const n = Math.min(gids.length, codes.length);
    let applied = 0;
    for (let i = 0; i < n; i++) {
      const gid = gids[i];
      const code = codes[i];
      if (Number.isInteger(gid) && gid >= 0 && gid < this.count && isStatusCode(code)) {
        this.status[gid] = code;
        applied++;
      }
    }
    this.uploadStatus();
    return applied;
  }

  /** Every gid back to one status (0 unknown by default), one upload. */
  resetStatuses(code = 0): void {
    this.status.fill(isStatusCode(code) ? code : 0);
    this.uploadStatus();
  }

  statusOf(gid: number): number {
    return gid >= 0 && gid < this.count ? this.status[gid] : 0;
  }

  private uploadStatus(): void {
    // The texture manager keeps the array until the next frame's upload: later writes before that frame are included.
    this.shader.setUniform('u_status', gidTexture(this.status, this.rows));
    this.requestRender();
  }

  setMode(mode: ColorMode): void {
    this.mode = mode;
    this.shader.setUniform('u_mode', mode === 'status' ? 1 : 0);
    this.requestRender();
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
   */
  setHighlight(gids: ArrayLike<number> | null): number {
    this.highlight.fill(0);
    let n = 0;
    if (gids) {
      for (let i = 0; i < gids.length; i++) {
        const g = gids[i];
        if (Number.isInteger(g) && g >= 0 && g < this.count) {
          if (this.highlight[g] === 0) n++;
          this.highlight[g] = 1;
        }
      }
    }
    this.highlightCount = gids ? n : 0;
    this.shader.setUniform('u_highlight', gidTexture(this.highlight, this.rows));
    this.shader.setUniform('u_highlightOn', gids ? 1 : 0);
    this.requestRender();
    return n;
  }

  /** gids highlighted now (0 when off) */
  highlightedCount(): number {
    return this.highlightCount;
  }
}
