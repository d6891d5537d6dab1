/**
 * What a network trace draws on the map besides the pipe colours (those go through the pipe shader's highlight
 * texture, PipeStyle.setHighlight with the classes of traceTheme.ts): one screen-sized numbered symbol per valve to
 * close (the number is its row in the panel), per inoperable or stuck valve, per source in the section and at the
 * asset the trace started from, drawn over everything (the assets are underground); and, for a catchment, the
 * outline of the area it serves.
 *
 * A few dozen billboards (one BillboardCollection, symbols drawn once per class and number on a canvas) and at most
 * one outline polyline: small overlays, as design.md asks. `show(null)` clears, `destroy()` removes it all.
 */
import { BillboardCollection, Cartesian3, Color, Material, PolylineCollection, VerticalOrigin, type Scene } from '@cesium/engine';
import { TRACE_COLOURS, type TraceClass } from './traceTheme';

/** A marker: where (ellipsoid height, metres) and what. */
export interface TraceMarker {
  gid: number;
  lon: number;
  lat: number;
  height: number;
  cls: Extract<TraceClass, 'valveClose' | 'valveStuck' | 'source' | 'origin' | 'traced'>;
  /** the number shown in the symbol (its row in the panel); none for the origin */
  label?: string;
}

export interface TraceDrawing {
  markers: readonly TraceMarker[];
  /** outline of a catchment, lon/lat ring(s), drawn at `outlineHeight` */
  outline?: readonly (readonly [number, number])[][];
  outlineHeight?: number;
}

/** What a picked trace marker carries (Billboard id). */
export interface TraceMarkerPick {
  kind: 'traceMarker';
  gid: number;
}

/** Symbol size, CSS pixels. */
export const TRACE_MARKER_PIXELS = 22;

function css(cls: TraceClass, alpha = 1): string {
  const [r, g, b] = TRACE_COLOURS[cls];
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

/** The symbol of a class (and number) on a canvas: a disc in the class colour with a dark rim and white text. */
function symbol(cls: TraceMarker['cls'], label: string): HTMLCanvasElement {
  const ratio = 2; // drawn at twice the size for crisp edges on dense screens
  const size = TRACE_MARKER_PIXELS * ratio;
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const g = canvas.getContext('2d');
  if (!g) return canvas;
  const c = size / 2;
  const r = c - 3 * ratio;
  g.lineWidth = 2.5 * ratio;
  g.strokeStyle = 'rgba(16, 20, 28, 1)';
  if (cls === 'origin') {
    // a ring: where the trace started
    g.beginPath();
    g.arc(c, c, r, 0, Math.PI * 2);
    g.strokeStyle = css('origin');
    g.lineWidth = 3 * ratio;
    g.stroke();
    return canvas;
  }
  if (cls === 'source') {
    // a triangle: a source (works, inlet, station, plant)
    g.beginPath();
    g.moveTo(c, c - r);
    g.lineTo(c + r, c + r * 0.8);
    g.lineTo(c - r, c + r * 0.8);
    g.closePath();
  } else {
    g.beginPath();
    g.arc(c, c, r, 0, Math.PI * 2);
  }
  g.fillStyle = css(cls);
  g.fill();
  g.stroke();
  if (cls === 'valveStuck') {
    // struck through: this valve cannot be used
    g.beginPath();
    g.moveTo(c - r * 0.75, c + r * 0.75);
    g.lineTo(c + r * 0.75, c - r * 0.75);
    g.strokeStyle = 'rgba(255, 255, 255, 0.9)';
    g.lineWidth = 2 * ratio;
    g.stroke();
  }
  if (label) {
    g.fillStyle = '#ffffff';
    g.font = `700 ${label.length > 2 ? 9 * ratio : 11 * ratio}px sans-serif`;
    g.textAlign = 'center';
    g.textBaseline = 'middle';
    g.fillText(label, c, cls === 'source' ? c + r * 0.25 : c + ratio * 0.5);
  }
  return canvas;
}

export class TraceHighlightLayer {
  private readonly billboards = new BillboardCollection();
  private readonly lines = new PolylineCollection();
  /** symbols already drawn, by class and label (the atlas keeps each once) */
  private readonly symbols = new Map<string, HTMLCanvasElement>();
  private shown: TraceMarker[] = [];
  private destroyed = false;

  constructor(
    private readonly scene: Scene,
    private readonly requestRender: () => void,
  ) {
    scene.primitives.add(this.billboards);
    scene.primitives.add(this.lines);
  }

  /** Draws a trace's markers and outline (replacing the last ones); null clears. */
  show(drawing: TraceDrawing | null): void {
    if (this.destroyed) return;
    this.billboards.removeAll();
    this.lines.removeAll();
    this.shown = drawing ? drawing.markers.slice() : [];
    if (drawing) {
      for (const m of drawing.markers) {
        const key = `${m.cls}|${m.label ?? ''}`;
        let image = this.symbols.get(key);
        if (!image) this.symbols.set(key, (image = symbol(m.cls, m.label ?? '')));
        const id: TraceMarkerPick = { kind: 'traceMarker', gid: m.gid };
        this.billboards.add({
          position: Cartesian3.fromDegrees(m.lon, m.lat, m.height),
          image,
          width: TRACE_MARKER_PIXELS,
          height: TRACE_MARKER_PIXELS,
          verticalOrigin: VerticalOrigin.CENTER,
          // over everything at any distance: the valve is underground
          disableDepthTestDistance: Number.POSITIVE_INFINITY,
          id,
        });
      }
      const h = drawing.outlineHeight ?? 0;
      for (const ring of drawing.outline ?? []) {
        if (ring.length < 2) continue;
        this.lines.add({
          positions: Cartesian3.fromDegreesArrayHeights(ring.flatMap(([lon, lat]) => [lon, lat, h])),
          width: 2,
          loop: true,
          material: Material.fromType('Color', { color: Color.fromBytes(...TRACE_COLOURS.traced, 230) }),
        });
      }
    }
    this.requestRender();
  }

  /** the markers drawn now (gid and class), for tests */
  markers(): { gid: number; cls: TraceMarker['cls']; label: string | null }[] {
    return this.shown.map((m) => ({ gid: m.gid, cls: m.cls, label: m.label ?? null }));
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.shown = [];
    if (!this.scene.isDestroyed()) {
      this.scene.primitives.remove(this.billboards); // destroys them
      this.scene.primitives.remove(this.lines);
    } else {
      if (!this.billboards.isDestroyed()) this.billboards.destroy();
      if (!this.lines.isDestroyed()) this.lines.destroy();
    }
    this.symbols.clear();
  }
}
