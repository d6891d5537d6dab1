/** Pixel statistics of a PNG screenshot, for checks a person would make by eye ("are there cyan pipes?"). */
import { PNG } from 'pngjs';
import type { RGB } from '../../src/domain/categories';

export interface Image {
  width: number;
  height: number;
  data: Uint8Array;
}

export function decodePng(buf: Buffer): Image {
  const png = PNG.sync.read(buf);
  return { width: png.width, height: png.height, data: png.data };
}

function hsv(r: number, g: number, b: number): [number, number, number] {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const d = max - min;
  let h = 0;
  if (d > 0) {
    if (max === r) h = ((g - b) / d) % 6;
    else if (max === g) h = (b - r) / d + 2;
    else h = (r - g) / d + 4;
    h *= 60;
    if (h < 0) h += 360;
  }
  return [h, max === 0 ? 0 : d / max, max / 255];
}

/**
 * Counts pixels whose hue is within `hueTol` degrees of the colour's hue and that are saturated and bright enough to be
 * that colour under lighting (shading changes value and a little saturation, not hue).
 */
export function countHue(img: Image, color: RGB, hueTol = 14, minSat = 0.55, minVal = 0.25): number {
  const [h0] = hsv(color[0], color[1], color[2]);
  let n = 0;
  for (let i = 0; i < img.data.length; i += 4) {
    const [h, s, v] = hsv(img.data[i], img.data[i + 1], img.data[i + 2]);
    if (s < minSat || v < minVal) continue;
    const dh = Math.min(Math.abs(h - h0), 360 - Math.abs(h - h0));
    if (dh <= hueTol) n++;
  }
  return n;
}

/** Number of distinct colours (quantised to 4 bits per channel): a blank or single-colour canvas has very few. */
export function distinctColours(img: Image): number {
  const seen = new Set<number>();
  for (let i = 0; i < img.data.length; i += 4) {
    seen.add(((img.data[i] >> 4) << 8) | ((img.data[i + 1] >> 4) << 4) | (img.data[i + 2] >> 4));
  }
  return seen.size;
}

/** Fraction of pixels that differ (any channel by more than `tol`) between two same-sized images. */
export function diffFraction(a: Image, b: Image, tol = 24): number {
  let n = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    if (
      Math.abs(a.data[i] - b.data[i]) > tol ||
      Math.abs(a.data[i + 1] - b.data[i + 1]) > tol ||
      Math.abs(a.data[i + 2] - b.data[i + 2]) > tol
    )
      n++;
  }
  return n / (a.data.length / 4);
}
