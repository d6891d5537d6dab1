/**
 * The draw tool's state machine, pure (no DOM, no Cesium): which shape, the points placed so far, the cursor, and
 * whether the shape is finished. The input layer (src/app/query.ts) turns clicks and keys into these calls;
 * src/layers/drawing.ts renders `preview()`.
 *
 *   polygon:   click adds a vertex; double-click or Enter finishes (≥ 3 vertices); Backspace removes the last one.
 *   rectangle: first click one corner, second click the opposite corner (finishes).
 *   circle:    first click the centre, second click a point on the rim (finishes).
 *   corridor:  click adds a vertex of the line; double-click or Enter finishes (≥ 2 vertices); width from options.
 *   Esc cancels at any time. After finishing, vertices can be dragged (moveVertex) and the ring follows.
 */
import { circleRing, closeRing, corridorRing, distanceM, rectangleRing, type DrawKind, type LonLat } from './drawShapes';

export class DrawSession {
  points: LonLat[] = [];
  cursor: LonLat | null = null;
  finished = false;

  constructor(readonly kind: DrawKind, public corridorWidthM = 10) {}

  /** A click on the ground. Returns true when this click finished the shape. */
  click(p: LonLat): boolean {
    if (this.finished) return false;
    const last = this.points[this.points.length - 1];
    if (last && last[0] === p[0] && last[1] === p[1]) return false; // the second click of a double-click
    this.points.push(p);
    if ((this.kind === 'rectangle' || this.kind === 'circle') && this.points.length === 2) {
      this.finished = true;
      this.cursor = null;
      return true;
    }
    return false;
  }

  move(p: LonLat | null): void {
    if (!this.finished) this.cursor = p;
  }

  /** Double-click or Enter. Returns true when the shape is (now) finished. */
  finish(): boolean {
    if (this.finished) return true;
    const min = this.kind === 'corridor' ? 2 : this.kind === 'polygon' ? 3 : Infinity;
    if (this.points.length < min) return false;
    this.finished = true;
    this.cursor = null;
    return true;
  }

  /** Backspace: removes the last vertex while drawing. */
  undo(): void {
    if (!this.finished) this.points.pop();
  }

  /** Vertex handles once finished (rectangle: its two corners, circle: centre and rim point). */
  moveVertex(index: number, p: LonLat): void {
    if (index >= 0 && index < this.points.length) this.points[index] = p;
  }

  /** The outline while drawing (cursor included), or the finished ring; null when there is nothing to show yet. */
  preview(): LonLat[] | null {
    const pts = this.cursor && !this.finished ? [...this.points, this.cursor] : this.points;
    if (pts.length === 0) return null;
    switch (this.kind) {
      case 'polygon':
        return pts.length < 3 ? pts.slice() : closeRing(pts);
      case 'rectangle':
        return pts.length < 2 ? pts.slice() : rectangleRing(pts[0], pts[1]);
      case 'circle':
        return pts.length < 2 ? pts.slice() : circleRing(pts[0], Math.max(distanceM(pts[0], pts[1]), 0.5));
      case 'corridor':
        return pts.length < 2 ? pts.slice() : corridorRing(pts, this.corridorWidthM) ?? pts.slice();
    }
  }

  /** The finished area ring (closed), or null while unfinished. */
  ring(): LonLat[] | null {
    if (!this.finished) return null;
    const r = this.preview();
    return r && r.length >= 4 ? r : null;
  }

  /** The centre line of a corridor (drawn over the ring), else null. */
  centreLine(): LonLat[] | null {
    if (this.kind !== 'corridor') return null;
    return this.cursor && !this.finished ? [...this.points, this.cursor] : this.points.slice();
  }
}
