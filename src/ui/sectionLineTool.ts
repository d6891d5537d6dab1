/**
 * The section line tool's state, pure (no DOM, no Cesium): "Draw section line" → the first click places end A, the
 * pointer then drags a rubber band, the second click places end B and finishes; Esc cancels (app/drawings.ts turns
 * map clicks, moves and keys into these calls and draws `preview()` through viewer/drawingMarker.ts).
 */
import { distanceM, type LonLat } from './drawShapes';

/** The longest section line drawn, metres (a street and its frontages; longer lines are refused with the length). */
export const MAX_SECTION_LINE_M = 500;

export class SectionLineTool {
  a: LonLat | null = null;
  b: LonLat | null = null;
  cursor: LonLat | null = null;

  /** true between "Draw section line" and the second click */
  get drawing(): boolean {
    return this.b === null;
  }

  /** A click on the ground; returns the finished line [A, B] on the second click, else null. */
  click(p: LonLat): [LonLat, LonLat] | null {
    if (this.b) return null;
    if (!this.a) {
      this.a = [p[0], p[1]];
      return null;
    }
    if (p[0] === this.a[0] && p[1] === this.a[1]) return null; // the second click of a double-click
    this.b = [p[0], p[1]];
    this.cursor = null;
    return [this.a, this.b];
  }

  move(p: LonLat | null): void {
    if (this.b === null) this.cursor = p;
  }

  /** The line to show: [A] after the first click, [A, cursor] while dragging, [A, B] when finished; null before. */
  preview(): { a: LonLat; b: LonLat | null } | null {
    if (!this.a) return null;
    return { a: this.a, b: this.b ?? this.cursor };
  }
}

/** The length of a section line, metres; with `tooLong` when it is over `max`. */
export function sectionLineLength(a: LonLat, b: LonLat, max = MAX_SECTION_LINE_M): { metres: number; tooLong: boolean } {
  const metres = distanceM(a, b);
  return { metres, tooLong: metres > max };
}
