/**
 * The runtime configuration (/config.json): its type, defaults and validation. Pure: no DOM, no fetch.
 *
 * One declaration (valibot schemas, below) gives the type, the defaults and the checks. Validation never throws and
 * never gives up on the whole file: each bad field falls back to its default and yields a problem (an i18n message)
 * that the app shows on screen. docs/config.md documents every field.
 */
import * as v from 'valibot';
import { EFFECTS_SETTINGS, type EffectsSetting } from '../domain/effects';
import type { I18nKey, Lang, Message } from '../ui/i18n';
import type { WmtsOptions } from '../viewer/basemap';
import { DEFAULT_TILE_CACHE_MB, MAX_TILE_CACHE_MB, MIN_TILE_CACHE_MB } from '../viewer/tileCache';
import { MAPPING_FIELDS } from '../feed/sources/mapping';

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

type Obj = Record<string, unknown>;

export function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// ---------------------------------------------------------------------------------------------------------------
// The declaration: every field once, as a valibot schema (no eval: the page's Content-Security-Policy holds) with its
// default and what the on-screen message says it expects. Types, defaults and checks all come from here.

type Params = Record<string, string | number>;

/** One field: its schema, the value used when it is absent or bad, and the message's expectation. */
interface Field<T> {
  schema: v.GenericSchema<unknown, T>;
  fallback: T;
  expect: I18nKey;
  params?: Params;
}

const field = <T>(schema: v.GenericSchema<unknown, T>, fallback: T, expect: I18nKey, params?: Params): Field<T> => ({ schema, fallback, expect, params });
const url = (fallback: string): Field<string> => field(v.pipe(v.string(), v.check((s: string) => isUrlLike(s))), fallback, 'expect.url');
const text = (fallback: string): Field<string> => field(v.pipe(v.string(), v.check((s) => s.trim() !== '')), fallback, 'expect.string');
const range = (fallback: number, min: number, max: number): Field<number> =>
  field(v.pipe(v.number(), v.finite(), v.minValue(min), v.maxValue(max)), fallback, 'expect.range', { min, max });
const oneOf = <const T extends string>(fallback: T, values: readonly T[]): Field<T> =>
  field(v.picklist(values), fallback, 'expect.oneOf', { values: values.join(', ') });
/** Optional list of strings: absent stays absent. */
const strings = (): Field<string[] | undefined> => field(v.array(v.string()), undefined, 'expect.string');
/** Optional text: absent stays absent. */
const optionalText = (): Field<string | undefined> => field(v.string(), undefined, 'expect.string');

/** Camera pose fields (degrees; height above the ellipsoid, m; heading 0 = north, clockwise; pitch -90 = down). */
const VIEW_FIELDS = {
  lon: range(106.55, -180, 180),
  lat: range(29.5076, -90, 90),
  height: range(5020, -1000, 50_000_000),
  heading: range(10, -360, 360),
  pitch: range(-42, -90, 90),
};

/** A WMTS basemap's optional fields (url and layer are required: without them the basemap falls back). */
const WMTS_FIELDS = {
  style: text('default'),
  tileMatrixSetID: text('w'),
  format: text('image/png'),
  tilingScheme: oneOf('webMercator', ['webMercator', 'geographic']),
  maximumLevel: range(18, 0, 24),
  subdomains: strings(),
  tileMatrixLabels: strings(),
  credit: optionalText(),
};

/** ws:// or wss:// with a host (an MQTT broker over WebSockets). */
export function isWsUrl(v: unknown): v is string {
  return typeof v === 'string' && /^wss?:\/\/[^\s/?#@]+(\/[^\s]*)?$/i.test(v);
}

export const FEED_SOURCE_KINDS = ['http', 'mqtt', 'sensorthings'] as const;
export type FeedSourceKind = (typeof FEED_SOURCE_KINDS)[number];

/** The live data source (docs/sources.md); every field optional (absent: the HTTP feed at feedUrl). */
const FEED_FIELDS = {
  source: oneOf<FeedSourceKind>('http', FEED_SOURCE_KINDS),
  /** the feed URL (http), the broker (mqtt: ws:// or wss://) or the SensorThings service root (…/v1.1) */
  url: field(v.pipe(v.string(), v.check((s: string) => isUrlLike(s) || isWsUrl(s))), undefined, 'expect.feedUrl'),
  /** mqtt: topic filters */
  topics: strings(),
  /** mqtt: field → path in a message; sensorthings: sensor/unit → path on a Datastream */
  mapping: field(v.record(v.picklist(MAPPING_FIELDS), v.string()), undefined, 'expect.mapping'),
  /** sensorthings: poll interval, s */
  pollS: range(30, 1, 3600),
  /** sensorthings: the MQTT extension's broker (ws:// or wss://) */
  mqttUrl: field(v.pipe(v.string(), v.check((s: string) => isWsUrl(s))), undefined, 'expect.feedUrl'),
};

/** One extra 3D Tiles layer. */
const LAYER_FIELDS = {
  name: text(''),
  url: url(''),
  opacity: range(1, 0, 1),
  show: field(v.boolean(), true, 'expect.boolean'),
  cacheMB: range(128, 16, 4096),
};

type Report = (field: string, expect: I18nKey, params?: Params) => void;
type AnyField = { schema: v.GenericSchema; fallback: unknown; expect: I18nKey; params?: Params };
type FieldsOutput<F> = { [K in keyof F]: F[K] extends Field<infer T> ? T : never };

/** Object entries from a field table: each field absent → its default; bad → its default and one reported problem. */
function entries<F extends Record<string, AnyField>>(prefix: string, table: F, report: Report): { [K in keyof F]: v.GenericSchema<unknown, FieldsOutput<F>[K]> } {
  const out: Record<string, v.GenericSchema> = {};
  for (const [key, f] of Object.entries(table) as [string, Field<unknown>][]) {
    const withFallback = v.fallback(f.schema, () => {
      report(`${prefix}${key}`, f.expect, f.params);
      return f.fallback;
    });
    out[key] = f.fallback === undefined ? v.optional(withFallback) : v.optional(withFallback, f.fallback);
  }
  return out as { [K in keyof F]: v.GenericSchema<unknown, FieldsOutput<F>[K]> };
}

/** The whole config.json schema; `report` receives each problem (the schema falls back and never fails). */
function configSchema(report: Report) {
  const view = v.object(entries('initialView.', VIEW_FIELDS, report));
  const wmts = v.pipe(
    v.object({
      type: v.literal('wmts'),
      ...entries('basemap.', { url: url(''), layer: text('') }, report),
      ...entries('basemap.', WMTS_FIELDS, report),
    }),
    // a WMTS basemap without a usable url or layer is no basemap (the problem is already reported)
    v.check((b) => b.url !== '' && b.layer !== ''),
  );
  /** `name` falls back to `fallback` with a "one of" message unless a field inside already said what was wrong */
  const choice = <T>(name: string, schema: v.GenericSchema<unknown, T>, fallback: T, values: string, insideReports?: (raw: unknown) => boolean) =>
    v.optional(
      v.fallback(schema, (dataset) => {
        if (!insideReports?.(dataset?.value)) report(name, 'expect.oneOf', { values });
        return fallback;
      }),
      fallback,
    );
  return v.object({
    /** 3D Tiles tileset of the pipe network; ids.txt and assets/ sit next to it */
    ...entries('', { tilesUrl: url('/tiles/pipes/tileset.json') }, report),
    /** base URL of the overlay GeoJSON files, meta.json and sensors.json (a trailing slash is added) */
    dataBaseUrl: v.pipe(entries('', { dataBaseUrl: url('/data/') }, report).dataBaseUrl, v.transform(withTrailingSlash)),
    /** live status feed (used by the feed client) */
    ...entries('', { feedUrl: url('/api/feed') }, report),
    basemap: choice<BasemapChoice>(
      'basemap',
      v.union([v.picklist(['naturalEarth', 'none']), v.variant('type', [wmts])]) as v.GenericSchema<unknown, BasemapChoice>,
      'naturalEarth',
      '"naturalEarth", "none", {"type":"wmts",…}',
      (raw) => isObject(raw) && raw.type === 'wmts',
    ),
    terrain: choice<'ellipsoid' | { url: string }>(
      'terrain',
      v.union([v.literal('ellipsoid'), v.object({ url: url('').schema })]),
      'ellipsoid',
      '"ellipsoid", {"url": "…"}',
    ),
    /** "data": frame the dataset's bbox (meta.json) obliquely, falling back to DEFAULT_VIEW; or a fixed camera pose */
    initialView: choice<'data' | FieldsOutput<typeof VIEW_FIELDS>>(
      'initialView',
      v.union([v.literal('data'), view]),
      'data',
      '"data", {"lon", "lat", "height", "heading", "pitch"}',
    ),
    ...entries('', { language: oneOf<'auto' | Lang>('auto', ['auto', 'zh-CN', 'en']) }, report),
    /**
     * memory for the pipe tiles, MB (GPU buffers + textures): tiles beyond it are evicted while panning; a view that
     * needs more may borrow as much again before detail is reduced (src/viewer/pipes.ts)
     */
    ...entries('', { tileCacheMB: range(DEFAULT_TILE_CACHE_MB, MIN_TILE_CACHE_MB, MAX_TILE_CACHE_MB) }, report),
    /**
     * rendering resolution relative to the display (Cesium's resolutionScale): below 1 trades sharpness for frame rate
     * on a weak or software GPU (the e2e build uses 0.75), above 1 supersamples; default 1
     */
    ...entries('', { resolutionScale: range(1, 0.25, 2) }, report),
    /**
     * panel shadows and the blur behind panels: "auto" draws them unless WebGL renders in software (src/domain/effects.ts),
     * "full" always, "lite" never
     */
    ...entries('', { effects: oneOf<EffectsSetting>('auto', EFFECTS_SETTINGS) }, report),
    /**
     * the live data source (docs/sources.md): `{ "source": "http" | "mqtt" | "sensorthings", "url", "topics",
     * "mapping", "pollS", "mqttUrl" }`; absent: the HTTP feed at feedUrl
     */
    feed: v.optional(
      v.fallback(v.nullable(v.object(entries('feed.', FEED_FIELDS, report))), () => {
        report('feed', 'expect.object');
        return null;
      }),
    ),
    /** extra 3D Tiles layers (buildings, BIM, models): `[{ "name", "url", "opacity", "show", "cacheMB" }]` */
    layers: v.optional(
      v.pipe(
        v.fallback(
          v.array(
            v.fallback(v.nullable(v.object(entries('layers[].', LAYER_FIELDS, report))), () => {
              report('layers[]', 'expect.object');
              return null;
            }),
          ),
          () => {
            report('layers', 'expect.list');
            return [];
          },
        ),
        // an entry without a usable name or url is no layer (the problem is already reported)
        v.transform((list) => list.filter((l): l is NonNullable<typeof l> => l !== null && l.name !== '' && l.url !== '')),
      ),
      [],
    ),
    /**
     * the operations server (issue 12: shared acknowledgements, incidents, audit): `{ "url": "/api" }`; absent or false:
     * none, acknowledgements stay in this browser and no operations UI is shown (app/ops.ts)
     */
    sharedState: choice<false | { url: string }>(
      'sharedState',
      v.union([v.literal(false), v.object({ url: url('/api').schema })]),
      false,
      'false, {"url": "/api"}',
    ),
  });
}

/** A user-configured WMTS basemap: the viewer's own options, tagged. */
export type WmtsBasemap = { type: 'wmts' } & WmtsOptions;
type BasemapChoice = 'naturalEarth' | 'none' | WmtsBasemap;

export type AppConfig = v.InferOutput<ReturnType<typeof configSchema>>;
export type ViewConfig = FieldsOutput<typeof VIEW_FIELDS>;
export type BasemapConfig = AppConfig['basemap'];
export type TerrainConfig = AppConfig['terrain'];
export type FeedConfig = NonNullable<AppConfig['feed']>;
export type ExtraLayerConfig = AppConfig['layers'][number];

const ignore: Report = () => undefined;

/**
 * Camera over the south bank of the Yangtze, looking north-north-east over the Yuzhong peninsula and both rivers
 * (used when the dataset's bbox is unknown).
 */
export const DEFAULT_VIEW: ViewConfig = v.parse(v.object(entries('', VIEW_FIELDS, ignore)), {});

export const DEFAULT_CONFIG: AppConfig = v.parse(configSchema(ignore), {});

export interface ConfigResult {
  config: AppConfig;
  problems: Message[];
}

/** Validates a parsed config.json. Always returns a usable config; problems say what was replaced by a default. */
export function validateConfig(raw: unknown): ConfigResult {
  if (!isObject(raw)) {
    return { config: DEFAULT_CONFIG, problems: [{ key: 'err.configNotObject' }] };
  }
  const problems: Message[] = [];
  const schema = configSchema((field, expect, params = {}) => {
    problems.push({ key: 'err.configField', params: { field, expect: `@${expect}`, ...params } });
  });
  const config = v.parse(schema, raw);
  for (const key of Object.keys(raw)) {
    if (!(key in schema.entries) && !key.startsWith('$') && !key.startsWith('_')) {
      problems.push({ key: 'err.configUnknown', params: { field: key } });
    }
  }
  return { config, problems };
}

/** URL of a file next to the tileset (ids.txt, assets/index.json …), resolved against the page. */
export function besideTileset(tilesUrl: string, file: string, base: string): string {
  return new URL(file, new URL(tilesUrl, base)).href;
}
