/**
 * The page's Content-Security-Policy, in one place for every server that serves the app (vite dev/preview, the
 * operations server, a test's static server). The base policy is the strict one from shared/design.md: CesiumWidget
 * and our own UI run under it with zero violations. A configured live source (MQTT broker, SensorThings service) or
 * an extra 3D Tiles layer on another origin adds that origin to `connect-src` and nothing else: no other directive
 * changes, no wildcard, no path, no scheme-only source. Pure.
 */

const BASE: readonly (readonly [string, string])[] = [
  ['default-src', "'self'"],
  ['script-src', "'self' 'wasm-unsafe-eval'"],
  ['worker-src', "'self' blob:"],
  ['style-src', "'self' 'unsafe-inline'"],
  ['img-src', "'self' data: blob:"],
  ['connect-src', "'self'"],
  ['font-src', "'self'"],
];

/**
 * The origin of an absolute http(s) or ws(s) URL as a CSP source ("wss://broker.example.cn:8884"), lower-case, the
 * default port dropped; null for anything else (relative paths are same-origin already; other schemes, user info,
 * wildcards and characters that could break the header are refused).
 */
export function connectSource(url: string): string | null {
  if (typeof url !== 'string' || !/^(https?|wss?):\/\//i.test(url) || /[\s;,'"*\\]/.test(url)) return null;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.username || u.password || !u.hostname) return null;
  if (!/^(https?|wss?):$/.test(u.protocol)) return null;
  // URL drops a scheme's default port; host keeps an explicit other one
  return `${u.protocol}//${u.host}`.toLowerCase();
}

/** The policy, with these extra `connect-src` sources (each passed through connectSource; invalid ones dropped). */
export function contentSecurityPolicy(extraConnectSrc: readonly string[] = []): string {
  const extra = [...new Set(extraConnectSrc.map(connectSource).filter((s): s is string => s !== null))];
  return BASE.map(([name, value]) => `${name} ${name === 'connect-src' && extra.length ? `${value} ${extra.join(' ')}` : value}`).join('; ');
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The off-origin addresses a config.json (raw, as parsed) asks the page to connect to: the live source's `feed.url`
 * and `feed.mqttUrl`, and each extra layer's `url`. Same-origin and invalid entries give nothing.
 */
export function configuredConnectSources(config: unknown): string[] {
  if (!isObj(config)) return [];
  const out: string[] = [];
  const add = (v: unknown): void => {
    const s = typeof v === 'string' ? connectSource(v) : null;
    if (s && !out.includes(s)) out.push(s);
  };
  if (isObj(config.feed)) {
    add(config.feed.url);
    add(config.feed.mqttUrl);
  }
  if (Array.isArray(config.layers)) for (const l of config.layers) if (isObj(l)) add(l.url);
  return out;
}
