/**
 * The pure pieces of the printed excavation report (src/analysis/drawings/pitSection.ts): the section line along the
 * pit's longest axis, carried past both corners, and the SVG as a data: URL. Pits written in local metres by hand.
 */
import { describe, expect, it } from 'vitest';
import { localPlane } from '../../../../src/analysis/drawings/pipeGeometry';
import { pitSectionLine, svgDataUrl } from '../../../../src/analysis/drawings/pitSection';
import { crossSection } from '../../../../src/analysis/drawings/section';
import type { DrawingPipe } from '../../../../src/analysis/drawings/types';
import type { LonLat } from '../../../../src/domain/schema';

const pl = localPlane([106.58, 29.56]);
const ring = (xy: [number, number][]): LonLat[] => xy.map(([x, y]) => pl.lonLat(x, y));
const local = (p: LonLat): [number, number] => [pl.x(p[0]), pl.y(p[1])];

describe('pitSectionLine', () => {
  it('runs along the diagonal of a 30 × 10 m pit, carried 4 m past both corners, west to east', () => {
    // corners (0,0) (30,0) (30,10) (0,10): the longest chords are the diagonals (√1000 ≈ 31.62 m); the first found
    // is (0,0) → (30,10)
    const [a, b] = pitSectionLine(ring([[30, 10], [0, 10], [0, 0], [30, 0], [30, 10]]), 4);
    const d = Math.hypot(30, 10);
    const [ax, ay] = local(a);
    const [bx, by] = local(b);
    expect(Math.hypot(bx - ax, by - ay)).toBeCloseTo(d + 8, 3);
    expect(ax).toBeLessThan(bx);
    // 4 m beyond a corner (to the millimetre: the function measures in a plane of its own origin)
    const corners: [number, number][] = [[0, 0], [30, 10], [0, 10], [30, 0]];
    const nearA = Math.min(...corners.map(([x, y]) => Math.hypot(ax - x, ay - y)));
    const nearB = Math.min(...corners.map(([x, y]) => Math.hypot(bx - x, by - y)));
    expect(nearA).toBeCloseTo(4, 3);
    expect(nearB).toBeCloseTo(4, 3);
  });

  it('crosses a pipe laid square to the long axis of a long thin pit (through the section code)', () => {
    // pit 40 × 4 m along x; a water main along y at x = 25 crosses the section line at 25 + 2 = 27 m from its start
    const [a, b] = pitSectionLine(ring([[0, 0], [40, 0], [40, 4], [0, 4]]), 2);
    const pipe: DrawingPipe = {
      id: 'JS-1', gid: 0, cat: 'JS', sub: 'JP', from: 'n1', to: 'n2', coords: ring([[25, -20], [25, 30]]), material: 'DI', dn: 300, box: null,
      depth0: 1.2, depth1: 1.2, ground0: 200, ground1: 200, burial: 'ZM', crossing: null, pressureClass: null, invert0: null, invert1: null, owner: '',
    };
    const s = crossSection([a, b], [pipe]);
    expect(s.pipes.map((p) => p.id)).toEqual(['JS-1']);
    // the line is the diagonal (0,0)→(40,4) carried 2 m: it meets x = 25 at 2 + 25·√1616/40 m
    expect(s.pipes[0].offset).toBeCloseTo(2 + (25 * Math.hypot(40, 4)) / 40, 3);
  });

  it('refuses an outline of fewer than two corners', () => {
    expect(() => pitSectionLine(ring([[0, 0]]), 1)).toThrow();
  });
});

describe('svgDataUrl', () => {
  it('encodes the drawing so that it survives as an image URL (no raw <, #, quotes)', () => {
    const url = svgDataUrl('<svg xmlns="http://www.w3.org/2000/svg"><text>A#1 "x" 管</text></svg>');
    expect(url.startsWith('data:image/svg+xml;charset=utf-8,')).toBe(true);
    expect(url).not.toMatch(/[<#" ]/);
    expect(decodeURIComponent(url.slice(url.indexOf(',') + 1))).toContain('A#1 "x" 管');
  });
});
