/**
 * A tiny hand-drawn SVG sparkline of a sensor's recent readings, with the normal band shaded. `sparkGeometry` is the
 * pure part (numbers → path data); `sparklineSvg` builds the element with setAttribute only (no markup strings).
 */
const SVG_NS = 'http://www.w3.org/2000/svg';

export interface SparkBand {
  lo: number;
  hi: number;
}

export interface SparkGeometry {
  /** "M x y L x y …", empty when there is nothing to draw */
  path: string;
  /** the normal band as a rectangle (y top, height), clipped to the box; null when none or unbounded both sides */
  band: { y: number; height: number } | null;
  /** the last point */
  last: { x: number; y: number } | null;
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}

/**
 * Maps points into a width × height box (1 px margin). The value range covers the readings and the finite band
 * edges, so a reading far outside the band still shows where the band is.
 */
export function sparkGeometry(
  times: ArrayLike<number>,
  values: ArrayLike<number>,
  width: number,
  height: number,
  band: SparkBand | null = null,
): SparkGeometry {
  const n = Math.min(times.length, values.length);
  if (n === 0) return { path: '', band: null, last: null };
  let vMin = Infinity;
  let vMax = -Infinity;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(values[i])) continue;
    vMin = Math.min(vMin, values[i]);
    vMax = Math.max(vMax, values[i]);
  }
  if (band) {
    if (Number.isFinite(band.lo)) vMin = Math.min(vMin, band.lo);
    if (Number.isFinite(band.hi)) vMax = Math.max(vMax, band.hi);
  }
  if (!Number.isFinite(vMin) || !Number.isFinite(vMax)) return { path: '', band: null, last: null };
  if (vMax - vMin < 1e-12) {
    vMin -= 1;
    vMax += 1;
  }
  const t0 = times[0];
  const t1 = times[n - 1];
  const m = 1;
  const x = (t: number): number => (t1 > t0 ? m + ((t - t0) / (t1 - t0)) * (width - 2 * m) : width - m);
  const y = (v: number): number => m + (1 - (v - vMin) / (vMax - vMin)) * (height - 2 * m);
  const parts: string[] = [];
  let last: { x: number; y: number } | null = null;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(values[i])) continue;
    last = { x: round(x(times[i])), y: round(y(values[i])) };
    parts.push(`${parts.length ? 'L' : 'M'}${last.x} ${last.y}`);
  }
  let bandRect: SparkGeometry['band'] = null;
  if (band && (Number.isFinite(band.lo) || Number.isFinite(band.hi))) {
    const top = Number.isFinite(band.hi) ? y(band.hi) : 0;
    const bottom = Number.isFinite(band.lo) ? y(band.lo) : height;
    bandRect = { y: round(Math.max(0, top)), height: round(Math.max(0, Math.min(height, bottom) - Math.max(0, top))) };
  }
  return { path: parts.join(' '), band: bandRect, last };
}

function svgEl(tag: string, attrs: Record<string, string | number>): SVGElement {
  const node = document.createElementNS(SVG_NS, tag) as SVGElement;
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

export function sparklineSvg(
  times: ArrayLike<number>,
  values: ArrayLike<number>,
  band: SparkBand | null,
  opts: { width?: number; height?: number; stroke?: string; label?: string } = {},
): SVGElement {
  const width = opts.width ?? 160;
  const height = opts.height ?? 32;
  const g = sparkGeometry(times, values, width, height, band);
  const svg = svgEl('svg', { class: 'sparkline', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img' });
  if (opts.label) svg.setAttribute('aria-label', opts.label);
  if (g.band) svg.appendChild(svgEl('rect', { class: 'spark-band', x: 0, y: g.band.y, width, height: g.band.height }));
  if (g.path) svg.appendChild(svgEl('path', { class: 'spark-line', d: g.path, fill: 'none', stroke: opts.stroke ?? 'currentColor' }));
  if (g.last) svg.appendChild(svgEl('circle', { class: 'spark-last', cx: g.last.x, cy: g.last.y, r: 2, fill: opts.stroke ?? 'currentColor' }));
  return svg;
}
