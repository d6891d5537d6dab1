/**
 * The exported picture: the map frame with a title bar, a legend and the time it was taken, drawn on a 2D canvas and
 * saved as PNG. Every text is drawn as text (fillText), from i18n and domain tables.
 */
import { saveBlob } from '../download';

export interface PictureLegendItem {
  label: string;
  /** CSS colour */
  colour: string;
}

export interface PictureOptions {
  title: string;
  subtitle: string;
  legendTitle: string;
  legend: readonly PictureLegendItem[];
  /** "Taken 2026-12-03 16:40" */
  taken: string;
}

const FONT = "'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', sans-serif";

/** The frame with title (top), legend (bottom left) and time (bottom right). */
export function composePicture(frame: HTMLCanvasElement, o: PictureOptions): HTMLCanvasElement {
  const w = frame.width;
  const h = frame.height;
  const k = Math.max(1, w / 1600);
  const out = document.createElement('canvas');
  out.width = w;
  out.height = h;
  const g = out.getContext('2d');
  if (!g) return frame;
  g.drawImage(frame, 0, 0);
  // title bar
  g.fillStyle = 'rgba(6, 9, 15, 0.78)';
  g.fillRect(0, 0, w, 64 * k);
  g.fillStyle = '#eef3fb';
  g.font = `700 ${26 * k}px ${FONT}`;
  g.textBaseline = 'middle';
  g.fillText(o.title, 20 * k, 24 * k);
  g.font = `400 ${15 * k}px ${FONT}`;
  g.fillStyle = '#b8c4d8';
  g.fillText(o.subtitle, 20 * k, 48 * k);
  // legend
  const rowH = 22 * k;
  const boxH = (o.legend.length + 1) * rowH + 16 * k;
  const boxW = 300 * k;
  const x0 = 16 * k;
  const y0 = h - boxH - 16 * k;
  g.fillStyle = 'rgba(6, 9, 15, 0.78)';
  g.fillRect(x0, y0, boxW, boxH);
  g.fillStyle = '#eef3fb';
  g.font = `600 ${15 * k}px ${FONT}`;
  g.fillText(o.legendTitle, x0 + 12 * k, y0 + 8 * k + rowH / 2);
  g.font = `400 ${14 * k}px ${FONT}`;
  o.legend.forEach((item, i) => {
    const y = y0 + 8 * k + (i + 1) * rowH;
    g.fillStyle = item.colour;
    g.fillRect(x0 + 12 * k, y + 5 * k, 22 * k, 12 * k);
    g.fillStyle = '#dfe6f2';
    g.fillText(item.label, x0 + 44 * k, y + rowH / 2);
  });
  // time
  g.font = `500 ${15 * k}px ${FONT}`;
  const tw = g.measureText(o.taken).width;
  g.fillStyle = 'rgba(6, 9, 15, 0.78)';
  g.fillRect(w - tw - 40 * k, h - 46 * k, tw + 24 * k, 30 * k);
  g.fillStyle = '#eef3fb';
  g.fillText(o.taken, w - tw - 28 * k, h - 31 * k);
  return out;
}

/** Saves a canvas as a PNG download named `name`. */
export function downloadPng(canvas: HTMLCanvasElement, name: string): Promise<void> {
  return new Promise((resolve) => {
    canvas.toBlob((blob) => {
      if (blob) saveBlob(blob, name);
      resolve();
    }, 'image/png');
  });
}
