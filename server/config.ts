/**
 * The server's configuration: defaults, then a JSON file (TWIN_CONFIG, else ./server.config.json when present), then
 * the environment, then what the caller passes (tests). docs/server.md documents every field.
 *
 *   { "host": "127.0.0.1", "port": 5173, "databaseUrl": null, "dataDir": "var/db", "distDir": "dist",
 *     "viewOpen": true, "feed": { "source": "simulator", "control": false, "url": null, "dataDir": null },
 *     "sessionHours": 12, "heartbeatMs": 15000, "eventsKept": 10000 }
 *
 * Environment: HOST, PORT, DATABASE_URL, TWIN_DATA_DIR, TWIN_DIST_DIR, TWIN_VIEW_OPEN (0/1), TWIN_TRUST_PROXY (1), TWIN_FEED
 * (simulator | none | an http(s) URL to proxy), FEED_CONTROL (1 = the simulator's /api/feed/_control).
 */
import { existsSync, readFileSync } from 'node:fs';
import * as v from 'valibot';
import { issueText } from '../src/domain/ops';

export const FEED_SOURCES = ['simulator', 'none', 'proxy'] as const;

const FeedConfig = v.object({
  /** simulator: the built-in simulator at /api/feed; proxy: /api/feed relays `url`; none: no /api/feed */
  source: v.optional(v.picklist(FEED_SOURCES, `feed.source: one of ${FEED_SOURCES.join(', ')}`), 'simulator'),
  /** the simulator's /api/feed/_control (tests, demos) */
  control: v.optional(v.boolean('feed.control: true or false'), false),
  /** the upstream feed for source "proxy" */
  url: v.optional(v.nullable(v.pipe(v.string(), v.url('feed.url: an http(s) URL'))), null),
  /** sensors.json for the simulator (default: <distDir>/data, else data/sample) */
  dataDir: v.optional(v.nullable(v.string()), null),
});

export const ServerConfigSchema = v.object({
  host: v.optional(v.string('host: a string'), '127.0.0.1'),
  port: v.optional(v.pipe(v.number('port: a number'), v.integer('port: an integer'), v.minValue(0, 'port: 0…65535'), v.maxValue(65535, 'port: 0…65535')), 5173),
  /** postgres://… ; null = embedded PGlite under dataDir */
  databaseUrl: v.optional(v.nullable(v.string()), null),
  /** PGlite's folder (and the server's lock file) */
  dataDir: v.optional(v.string(), 'var/db'),
  /** the built app (npm run build) */
  distDir: v.optional(v.string(), 'dist'),
  /** false: reading the shared state needs a login too */
  viewOpen: v.optional(v.boolean('viewOpen: true or false'), true),
  feed: v.optional(FeedConfig, {}),
  sessionHours: v.optional(v.pipe(v.number(), v.minValue(0.01), v.maxValue(24 * 30)), 12),
  heartbeatMs: v.optional(v.pipe(v.number(), v.minValue(50)), 15_000),
  /** events kept for SSE replay */
  eventsKept: v.optional(v.pipe(v.number(), v.integer(), v.minValue(100)), 10_000),
  /** behind a TLS-terminating reverse proxy: honour X-Forwarded-Proto/-Host/-For (the Secure cookie, the origin check, rate limits) */
  trustProxy: v.optional(v.boolean('trustProxy: true or false'), false),
  /** login: failed attempts per minute per client and per name */
  loginAttemptsPerMinute: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), 5),
});
export type ServerConfig = v.InferOutput<typeof ServerConfigSchema>;
export type ServerConfigInput = v.InferInput<typeof ServerConfigSchema>;

type Env = Record<string, string | undefined>;

function fromEnv(env: Env): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const feed: Record<string, unknown> = {};
  if (env.HOST) out.host = env.HOST;
  if (env.PORT) out.port = Number(env.PORT);
  if (env.DATABASE_URL) out.databaseUrl = env.DATABASE_URL;
  if (env.TWIN_DATA_DIR) out.dataDir = env.TWIN_DATA_DIR;
  if (env.TWIN_DIST_DIR) out.distDir = env.TWIN_DIST_DIR;
  if (env.TWIN_TRUST_PROXY) out.trustProxy = env.TWIN_TRUST_PROXY === '1';
  if (env.TWIN_VIEW_OPEN) out.viewOpen = env.TWIN_VIEW_OPEN !== '0' && env.TWIN_VIEW_OPEN !== 'false';
  if (env.TWIN_FEED) {
    if (/^https?:\/\//.test(env.TWIN_FEED)) Object.assign(feed, { source: 'proxy', url: env.TWIN_FEED });
    else feed.source = env.TWIN_FEED;
  }
  if (env.FEED_CONTROL) feed.control = env.FEED_CONTROL === '1';
  if (Object.keys(feed).length) out.feed = feed;
  return out;
}

function merge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out = { ...a };
  for (const [k, val] of Object.entries(b)) {
    if (val === undefined) continue;
    const prev = out[k];
    out[k] = val && typeof val === 'object' && !Array.isArray(val) && prev && typeof prev === 'object' ? merge(prev as Record<string, unknown>, val as Record<string, unknown>) : val;
  }
  return out;
}

/** The configuration, or an Error naming every bad field. */
export function loadConfig(overrides: ServerConfigInput = {}, env: Env = process.env, file = env.TWIN_CONFIG ?? 'server.config.json'): ServerConfig {
  let fromFile: Record<string, unknown> = {};
  if (existsSync(file)) {
    try {
      fromFile = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch (e) {
      throw new Error(`${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
  } else if (env.TWIN_CONFIG) {
    throw new Error(`${file}: no such file (TWIN_CONFIG)`);
  }
  const raw = merge(merge(fromFile, fromEnv(env)), overrides as Record<string, unknown>);
  const r = v.safeParse(ServerConfigSchema, raw);
  if (!r.success) throw new Error(`server configuration: ${issueText(r.issues)}`);
  if (r.output.feed.source === 'proxy' && !r.output.feed.url) throw new Error('server configuration: feed.source "proxy" needs feed.url');
  return r.output;
}
