/**
 * The look of a network trace (valve isolation, gravity traces, catchments) in one place: the class each traced asset
 * is drawn as, and its colour. The pipe shader reads the class from the highlight texture (viewer/highlightShader.ts),
 * the valve markers (layers/traceHighlight.ts) and the panel's legend (ui/tracePanel.ts) take the same colours.
 * No Cesium import here, so the UI may import it.
 */
import type { RGB } from '../domain/categories';

/**
 * Highlight byte per gid: 0 = not in the set (dimmed), 1 = in a plain result set (the area query: own colour,
 * brightened); 2 and above = a trace class, drawn in that class's colour.
 */
export const TRACE_CLASSES = ['origin', 'isolated', 'outage', 'traced', 'valveClose', 'valveStuck', 'adverse', 'source'] as const;
export type TraceClass = (typeof TRACE_CLASSES)[number];

/** first byte value used by a trace class (1 is the plain highlight) */
export const TRACE_CLASS_BASE = 2;

export function traceClassCode(c: TraceClass): number {
  return TRACE_CLASS_BASE + TRACE_CLASSES.indexOf(c);
}

/** sRGB 0–255, chosen to read apart on the dimmed dark map and apart from the CJJ 61 category colours' own red */
export const TRACE_COLOURS: Readonly<Record<TraceClass, RGB>> = {
  /** the asset the trace started from */
  origin: [255, 255, 255],
  /** the isolated section: the pipes that lose water when the valves close */
  isolated: [255, 128, 0],
  /** secondary outage: cut off from every source once the valves close */
  outage: [255, 221, 51],
  /** upstream / downstream / catchment pipes */
  traced: [51, 214, 255],
  /** a valve to close */
  valveClose: [255, 40, 72],
  /** a valve that cannot be used (inoperable in the data, or marked stuck) */
  valveStuck: [176, 128, 255],
  /** a gravity pipe whose inverts fall against the flow (flagged, not guessed) */
  adverse: [255, 92, 205],
  /** a source inside the section (treatment works, zone inlet, regulator station, plant) */
  source: [64, 230, 120],
};

export function traceColourCss(c: TraceClass): string {
  const [r, g, b] = TRACE_COLOURS[c];
  return `rgb(${r}, ${g}, ${b})`;
}

/** How much a trace darkens every pipe outside it (linear colour; the area query's highlight uses less). */
export const TRACE_DIM = 0.9;
