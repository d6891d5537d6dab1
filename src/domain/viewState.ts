/**
 * The shareable view: what a link restores (camera, hidden layers, colour mode, underground, the selected asset, a
 * drawn area, screen mode, the administrative unit drilled into), encoded in the URL hash. Pure: no DOM.
 *
 * Format (version 1), URLSearchParams in the hash, every key short and optional:
 *   v=1                     format version
 *   c=lon,lat,h,head,pitch  camera: degrees (1e-6), metres (0.1), degrees (0.1)
 *   m=s                     colour mode: c category, s status
 *   u=1                     underground on
 *   hc=JS.PS                hidden pipe categories (CJJ 61 codes)
 *   ho=labels.streets       hidden overlays
 *   s=JS-000123             selected asset id
 *   a=…                     drawn area: one ring, 1e-6° integers delta-encoded, lz-string compressed
 *   scr=1                   screen mode
 *   au=500103001            administrative unit drilled into
 *
 * Never any data, text a user typed, credentials or configuration: only the view. Ids must look like ids. Unknown keys
 * (a newer app's, or ones retired) and bad values are reported and ignored, never fatal.
 */
import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string';

export const VIEW_STATE_VERSION = 1;

export interface CameraState {
  lon: number;
  lat: number;
  height: number;
  heading: number;
  pitch: number;
}

export interface ViewState {
  camera?: CameraState;
  colorMode?: 'category' | 'status';
  underground?: boolean;
  hiddenCategories?: string[];
  hiddenOverlays?: string[];
  selection?: string;
  /** one ring of [lon, lat], not closed (the first vertex is not repeated) */
  area?: [number, number][];
  screen?: boolean;
  unit?: string;
}

export interface ViewStateProblem {
  key: string;
  reason: 'unknownKey' | 'badValue' | 'newerVersion' | 'noVersion';
}

const KNOWN = new Set(['v', 'c', 'm', 'u', 'hc', 'ho', 's', 'a', 'scr', 'au']);
const ID = /^[A-Za-z0-9_.:-]{1,64}$/;
const NAME = /^[A-Za-z0-9_-]{1,32}$/;

const r6 = (v: number): number => Math.round(v * 1e6) / 1e6 || 0; // never -0
const r1 = (v: number): number => Math.round(v * 10) / 10 || 0;

/** The state as it survives a round trip (rounded as encoded). */
export function quantize(s: ViewState): ViewState {
  const out: ViewState = {};
  if (s.camera) {
    const c = s.camera;
    out.camera = { lon: r6(c.lon), lat: r6(c.lat), height: r1(c.height), heading: r1(c.heading), pitch: r1(c.pitch) };
  }
  if (s.colorMode) out.colorMode = s.colorMode;
  if (s.underground) out.underground = true;
  if (s.hiddenCategories?.length) out.hiddenCategories = s.hiddenCategories.filter((x) => NAME.test(x));
  if (s.hiddenOverlays?.length) out.hiddenOverlays = s.hiddenOverlays.filter((x) => NAME.test(x));
  if (s.selection !== undefined && ID.test(s.selection)) out.selection = s.selection;
  if (s.area && s.area.length >= 3) out.area = s.area.map(([x, y]) => [r6(x), r6(y)]);
  if (s.screen) out.screen = true;
  if (s.unit !== undefined && ID.test(s.unit)) out.unit = s.unit;
  return out;
}

function encodeArea(ring: readonly (readonly [number, number])[]): string {
  let px = 0;
  let py = 0;
  const parts: string[] = [];
  for (const [lon, lat] of ring) {
    const x = Math.round(lon * 1e6);
    const y = Math.round(lat * 1e6);
    parts.push(`${(x - px).toString(36)},${(y - py).toString(36)}`);
    px = x;
    py = y;
  }
  return compressToEncodedURIComponent(parts.join(';'));
}

function decodeArea(text: string): [number, number][] | null {
  const raw = decompressFromEncodedURIComponent(text);
  if (!raw) return null;
  let x = 0;
  let y = 0;
  const out: [number, number][] = [];
  for (const part of raw.split(';')) {
    const [a, b] = part.split(',');
    const dx = parseInt(a ?? '', 36);
    const dy = parseInt(b ?? '', 36);
    if (!Number.isFinite(dx) || !Number.isFinite(dy)) return null;
    x += dx;
    y += dy;
    const lon = x / 1e6;
    const lat = y / 1e6;
    if (Math.abs(lon) > 180 || Math.abs(lat) > 90) return null;
    out.push([lon, lat]);
  }
  return out.length >= 3 && out.length <= 10_000 ? out : null;
}

/** The hash text (without '#') for a view. */
export function encodeViewState(state: ViewState): string {
  const s = quantize(state);
  const p = new URLSearchParams();
  p.set('v', String(VIEW_STATE_VERSION));
  if (s.camera) {
    const c = s.camera;
    p.set('c', [c.lon, c.lat, c.height, c.heading, c.pitch].join(','));
  }
  if (s.colorMode) p.set('m', s.colorMode === 'status' ? 's' : 'c');
  if (s.underground) p.set('u', '1');
  if (s.hiddenCategories?.length) p.set('hc', s.hiddenCategories.join('.'));
  if (s.hiddenOverlays?.length) p.set('ho', s.hiddenOverlays.join('.'));
  if (s.selection) p.set('s', s.selection);
  if (s.area) p.set('a', encodeArea(s.area));
  if (s.screen) p.set('scr', '1');
  if (s.unit) p.set('au', s.unit);
  return p.toString();
}

function finite(text: string): number | null {
  if (text.trim() === '') return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

/** Reads a hash (with or without '#'): the state, and what was ignored and why. */
export function decodeViewState(hash: string): { state: ViewState; problems: ViewStateProblem[] } {
  const p = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const state: ViewState = {};
  const problems: ViewStateProblem[] = [];
  const bad = (key: string): void => {
    problems.push({ key, reason: 'badValue' });
  };
  // (forEach, not keys(): the pure layers are checked without the DOM iterable typings)
  const keys: string[] = [];
  p.forEach((_value, key) => {
    if (!keys.includes(key)) keys.push(key);
  });
  const v = p.get('v');
  if (v === null) {
    if (keys.length > 0) problems.push({ key: 'v', reason: 'noVersion' });
  } else if (!(Number(v) >= 1) || Number(v) > VIEW_STATE_VERSION) problems.push({ key: 'v', reason: 'newerVersion' });
  for (const key of keys) if (!KNOWN.has(key)) problems.push({ key, reason: 'unknownKey' });

  const c = p.get('c');
  if (c !== null) {
    const n = c.split(',').map(finite);
    const [lon, lat, height, heading, pitch] = n;
    if (n.length === 5 && lon !== null && lat !== null && height !== null && heading !== null && pitch !== null
      && Math.abs(lon) <= 180 && Math.abs(lat) <= 90 && height > -10_000 && height < 50_000_000 && Math.abs(heading) <= 360 && Math.abs(pitch) <= 90) {
      state.camera = { lon, lat, height, heading, pitch };
    } else bad('c');
  }
  const m = p.get('m');
  if (m !== null) {
    if (m === 's' || m === 'c') state.colorMode = m === 's' ? 'status' : 'category';
    else bad('m');
  }
  const flag = (key: string): boolean | undefined => {
    const x = p.get(key);
    if (x === null) return undefined;
    if (x === '1' || x === '0') return x === '1';
    bad(key);
    return undefined;
  };
  if (flag('u')) state.underground = true;
  if (flag('scr')) state.screen = true;
  const names = (key: string): string[] | undefined => {
    const x = p.get(key);
    if (x === null) return undefined;
    const list = x.split('.').filter((s) => s !== '');
    if (list.every((s) => NAME.test(s))) return list.length ? list : undefined;
    bad(key);
    return undefined;
  };
  const hc = names('hc');
  if (hc) state.hiddenCategories = hc;
  const ho = names('ho');
  if (ho) state.hiddenOverlays = ho;
  for (const [key, field] of [['s', 'selection'], ['au', 'unit']] as const) {
    const x = p.get(key);
    if (x === null) continue;
    if (ID.test(x)) state[field] = x;
    else bad(key);
  }
  const a = p.get('a');
  if (a !== null) {
    const ring = decodeArea(a);
    if (ring) state.area = ring;
    else bad('a');
  }
  return { state, problems };
}
