/**
 * The runtime configuration (/config.json): its type, defaults and validation. Pure: no DOM, no fetch.
 *
 * Validation never throws and never gives up on the whole file: each bad field falls back to its default and yields a
 * problem (an i18n message) that the app shows on screen. docs/config.md documents every field.
 */
import type { I18nKey, Lang, Message } from '../ui/i18n';
import type { WmtsOptions } from '../viewer/basemap';

export interface ViewConfig {
  /** camera position, degrees */
  lon: number;
  lat: number;
  /** camera height above the ellipsoid, metres */
  height: number;
  /** degrees, 0 = looking north, clockwise */
  heading: number;
  /** degrees, -90 = straight down */
  pitch: number;
}

/** A user-configured WMTS basemap: the viewer's own options, tagged. */
export type WmtsBasemap = { type: 'wmts' } & WmtsOptions;

export type BasemapConfig = 'naturalEarth' | 'none' | WmtsBasemap;
export type TerrainConfig = 'ellipsoid' | { url: string };

export interface AppConfig {
  /** 3D Tiles tileset of the pipe network; ids.txt and assets/ sit next to it */
  tilesUrl: string;
  /** base URL of the overlay GeoJSON files, meta.json and sensors.json */
  dataBaseUrl: string;
  /** live status feed (used by the feed client) */
  feedUrl: string;
  basemap: BasemapConfig;
  terrain: TerrainConfig;
  /** "data": frame the dataset's bbox (meta.json) obliquely, falling back to DEFAULT_VIEW; or a fixed camera pose */
  initialView: 'data' | ViewConfig;
  language: 'auto' | Lang;
  /**
   * memory for the pipe tiles, MB (GPU buffers + textures): tiles beyond it are evicted while panning; a view that
   * needs more may borrow as much again before detail is reduced (src/viewer/pipes.ts)
   */
  tileCacheMB: number;
}

/**
 * Camera over the south bank of the Yangtze, looking north-north-east over the Yuzhong peninsula and both rivers
 * (used when the dataset's bbox is unknown).
 */
export const DEFAULT_VIEW: ViewConfig = { lon: 106.55, lat: 29.5076, height: 5020, heading: 10, pitch: -42 };

export const DEFAULT_CONFIG: AppConfig = {
  tilesUrl: '/tiles/pipes/tileset.json',
  dataBaseUrl: '/data/',
  feedUrl: '/api/feed',
  basemap: 'naturalEarth',
  terrain: 'ellipsoid',
  initialView: 'data',
  language: 'auto',
  tileCacheMB: 512,
};

export interface ConfigResult {
  config: AppConfig;
  problems: Message[];
}

const KNOWN_KEYS = new Set(Object.keys(DEFAULT_CONFIG));

type Obj = Record<string, unknown>;

export function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Same-origin paths ("/x", "./x", "x/y") or absolute http(s) URLs. No javascript:, data: or protocol-relative. */
export function isUrlLike(v: unknown): v is string {
  if (typeof v !== 'string' || v.trim() === '' || v !== v.trim()) return false;
  if (v.startsWith('//')) return false;
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(v);
  if (scheme) return scheme[1].toLowerCase() === 'http' || scheme[1].toLowerCase() === 'https';
  return true;
}

/** A base URL that ends with a slash, so file names can be appended. */
export function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

class Checker {
  readonly problems: Message[] = [];

  bad(field: string, expect: I18nKey, params: Record<string, string | number> = {}): void {
    this.problems.push({ key: 'err.configField', params: { field, expect: `@${expect}`, ...params } });
  }

  url(obj: Obj, field: string, path: string, fallback: string): string {
    if (!(field in obj)) return fallback;
    const v = obj[field];
    if (isUrlLike(v)) return v;
    this.bad(path, 'expect.url');
    return fallback;
  }

  string(obj: Obj, field: string, path: string, fallback: string): string {
    if (!(field in obj)) return fallback;
    const v = obj[field];
    if (typeof v === 'string' && v.trim() !== '') return v;
    this.bad(path, 'expect.string');
    return fallback;
  }

  number(obj: Obj, field: string, path: string, fallback: number, min: number, max: number): number {
    if (!(field in obj)) return fallback;
    const v = obj[field];
    if (typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max) return v;
    this.bad(path, 'expect.range', { min, max });
    return fallback;
  }

  oneOf<T extends string>(obj: Obj, field: string, path: string, fallback: T, values: readonly T[]): T {
    if (!(field in obj)) return fallback;
    const v = obj[field];
    if (typeof v === 'string' && (values as readonly string[]).includes(v)) return v as T;
    this.bad(path, 'expect.oneOf', { values: values.join(', ') });
    return fallback;
  }

  stringList(obj: Obj, field: string, path: string): string[] | undefined {
    if (!(field in obj)) return undefined;
    const v = obj[field];
    if (Array.isArray(v) && v.every((s) => typeof s === 'string')) return v as string[];
    this.bad(path, 'expect.string');
    return undefined;
  }
}

function view(c: Checker, raw: unknown): 'data' | ViewConfig {
  if (raw === undefined || raw === 'data') return 'data';
  if (!isObject(raw)) {
    c.bad('initialView', 'expect.oneOf', { values: '"data", {"lon", "lat", "height", "heading", "pitch"}' });
    return 'data';
  }
  return {
    lon: c.number(raw, 'lon', 'initialView.lon', DEFAULT_VIEW.lon, -180, 180),
    lat: c.number(raw, 'lat', 'initialView.lat', DEFAULT_VIEW.lat, -90, 90),
    height: c.number(raw, 'height', 'initialView.height', DEFAULT_VIEW.height, -1000, 50_000_000),
    heading: c.number(raw, 'heading', 'initialView.heading', DEFAULT_VIEW.heading, -360, 360),
    pitch: c.number(raw, 'pitch', 'initialView.pitch', DEFAULT_VIEW.pitch, -90, 90),
  };
}

function basemap(c: Checker, raw: unknown): BasemapConfig {
  if (raw === undefined) return DEFAULT_CONFIG.basemap;
  if (raw === 'naturalEarth' || raw === 'none') return raw;
  if (!isObject(raw) || raw.type !== 'wmts') {
    c.bad('basemap', 'expect.oneOf', { values: '"naturalEarth", "none", {"type":"wmts",…}' });
    return DEFAULT_CONFIG.basemap;
  }
  if (!isUrlLike(raw.url) || typeof raw.layer !== 'string' || raw.layer === '') {
    if (!isUrlLike(raw.url)) c.bad('basemap.url', 'expect.url');
    else c.bad('basemap.layer', 'expect.string');
    return DEFAULT_CONFIG.basemap;
  }
  const wmts: WmtsBasemap = {
    type: 'wmts',
    url: raw.url,
    layer: raw.layer,
    style: c.string(raw, 'style', 'basemap.style', 'default'),
    tileMatrixSetID: c.string(raw, 'tileMatrixSetID', 'basemap.tileMatrixSetID', 'w'),
    format: c.string(raw, 'format', 'basemap.format', 'image/png'),
    tilingScheme: c.oneOf(raw, 'tilingScheme', 'basemap.tilingScheme', 'webMercator', ['webMercator', 'geographic']),
    maximumLevel: c.number(raw, 'maximumLevel', 'basemap.maximumLevel', 18, 0, 24),
  };
  const subdomains = c.stringList(raw, 'subdomains', 'basemap.subdomains');
  if (subdomains) wmts.subdomains = subdomains;
  const labels = c.stringList(raw, 'tileMatrixLabels', 'basemap.tileMatrixLabels');
  if (labels) wmts.tileMatrixLabels = labels;
  if ('credit' in raw) wmts.credit = c.string(raw, 'credit', 'basemap.credit', '');
  return wmts;
}

function terrain(c: Checker, raw: unknown): TerrainConfig {
  if (raw === undefined || raw === 'ellipsoid') return 'ellipsoid';
  if (isObject(raw) && isUrlLike(raw.url)) return { url: raw.url };
  c.bad('terrain', 'expect.oneOf', { values: '"ellipsoid", {"url": "…"}' });
  return 'ellipsoid';
}

/** Validates a parsed config.json. Always returns a usable config; problems say what was replaced by a default. */
export function validateConfig(raw: unknown): ConfigResult {
  if (!isObject(raw)) {
    return { config: DEFAULT_CONFIG, problems: [{ key: 'err.configNotObject' }] };
  }
  const c = new Checker();
  const config: AppConfig = {
    tilesUrl: c.url(raw, 'tilesUrl', 'tilesUrl', DEFAULT_CONFIG.tilesUrl),
    dataBaseUrl: withTrailingSlash(c.url(raw, 'dataBaseUrl', 'dataBaseUrl', DEFAULT_CONFIG.dataBaseUrl)),
    feedUrl: c.url(raw, 'feedUrl', 'feedUrl', DEFAULT_CONFIG.feedUrl),
    basemap: basemap(c, raw.basemap),
    terrain: terrain(c, raw.terrain),
    initialView: view(c, raw.initialView),
    language: c.oneOf(raw, 'language', 'language', DEFAULT_CONFIG.language, ['auto', 'zh-CN', 'en']),
    tileCacheMB: c.number(raw, 'tileCacheMB', 'tileCacheMB', DEFAULT_CONFIG.tileCacheMB, 64, 16384),
  };
  for (const key of Object.keys(raw)) {
    if (!KNOWN_KEYS.has(key) && !key.startsWith('$') && !key.startsWith('_')) {
      c.problems.push({ key: 'err.configUnknown', params: { field: key } });
    }
  }
  return { config, problems: c.problems };
}

/** URL of a file next to the tileset (ids.txt, assets/index.json …), resolved against the page. */
export function besideTileset(tilesUrl: string, file: string, base: string): string {
  return new URL(file, new URL(tilesUrl, base)).href;
}
