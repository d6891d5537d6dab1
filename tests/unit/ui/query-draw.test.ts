import { describe, expect, test } from 'vitest';
import { parseArea } from '../../../src/analysis';
import { metresPerDegree } from '../../../src/domain/geodesy';
import { circleRing, corridorRing, distanceM, rectangleRing, type LonLat } from '../../../src/ui/drawShapes';
import { DrawSession } from '../../../src/ui/drawSession';

const C: LonLat = [106.57, 29.56]; // Jiefangbei, Yuzhong

describe('draw shapes', () => {
  test('metres per degree near Chongqing match the ellipsoid (≈ 96.9 km lon, 110.8 km lat)', () => {
    const k = metresPerDegree(29.56);
    expect(k.lon).toBeGreaterThan(96_800);
    expect(k.lon).toBeLessThan(97_000);
    expect(k.lat).toBeGreaterThan(110_800);
    expect(k.lat).toBeLessThan(110_900);
  });

  test('a circle ring is closed, has every vertex at the radius, and the engine accepts it with the right area', () => {
    const ring = circleRing(C, 50, 72);
    expect(ring.length).toBe(73);
    expect(ring[0]).toEqual(ring[72]);
    for (const p of ring) expect(distanceM(C, p)).toBeCloseTo(50, 1);
    const area = parseArea({ type: 'Polygon', coordinates: [ring] });
    // a 72-gon inscribed in r = 50 m: 0.5·n·r²·sin(2π/n)
    const expected = 0.5 * 72 * 2500 * Math.sin((2 * Math.PI) / 72);
    expect(Math.abs(area.areaM2 - expected) / expected).toBeLessThan(1e-3);
  });

  test('a rectangle from any two opposite corners is the same closed ring', () => {
    const a = rectangleRing([106.57, 29.56], [106.571, 29.561]);
    const b = rectangleRing([106.571, 29.561], [106.57, 29.56]);
    expect(a).toEqual(b);
    expect(a).toHaveLength(5);
    expect(a[0]).toEqual(a[4]);
  });

  test('a straight corridor is a rectangle of the given width around its line', () => {
    const line: LonLat[] = [C, [C[0] + 0.002, C[1]]];
    const ring = corridorRing(line, 20);
    expect(ring).not.toBeNull();
    const area = parseArea({ type: 'Polygon', coordinates: [ring!] });
    const len = distanceM(line[0], line[1]);
    expect(Math.abs(area.areaM2 - 20 * len) / (20 * len)).toBeLessThan(1e-3);
  });

  test('an L-shaped corridor keeps the width at the mitred corner and is a valid area', () => {
    const line: LonLat[] = [C, [C[0] + 0.001, C[1]], [C[0] + 0.001, C[1] + 0.001]];
    const ring = corridorRing(line, 10)!;
    const area = parseArea({ type: 'Polygon', coordinates: [ring] });
    const l1 = distanceM(line[0], line[1]);
    const l2 = distanceM(line[1], line[2]);
    // the centre line's length times the width (the mitre adds as much outside the corner as it loses inside)
    expect(Math.abs(area.areaM2 - 10 * (l1 + l2)) / (10 * (l1 + l2))).toBeLessThan(2e-3);
  });

  test('too short a corridor line or no width gives no ring', () => {
    expect(corridorRing([C], 10)).toBeNull();
    expect(corridorRing([C, C], 10)).toBeNull();
    expect(corridorRing([C, [C[0] + 0.001, C[1]]], 0)).toBeNull();
  });
});

describe('draw session', () => {
  test('polygon: clicks add vertices, Backspace removes the last, finishing needs 3', () => {
    const s = new DrawSession('polygon');
    s.click([0, 0]);
    s.click([1, 0]);
    expect(s.finish()).toBe(false);
    s.click([1, 1]);
    s.click([5, 5]);
    s.undo();
    expect(s.points).toEqual([[0, 0], [1, 0], [1, 1]]);
    expect(s.ring()).toBeNull();
    expect(s.finish()).toBe(true);
    expect(s.ring()).toEqual([[0, 0], [1, 0], [1, 1], [0, 0]]);
  });

  test('the repeated click of a double-click adds no vertex; the cursor shows in the preview only while drawing', () => {
    const s = new DrawSession('polygon');
    s.click([0, 0]);
    s.click([0, 0]);
    expect(s.points).toHaveLength(1);
    s.move([2, 2]);
    expect(s.preview()).toEqual([[0, 0], [2, 2]]);
  });

  test('rectangle and circle finish on their second click', () => {
    const r = new DrawSession('rectangle');
    expect(r.click([106.57, 29.56])).toBe(false);
    expect(r.click([106.571, 29.561])).toBe(true);
    expect(r.ring()).toHaveLength(5);
    const c = new DrawSession('circle');
    c.click(C);
    expect(c.click([C[0] + 0.001, C[1]])).toBe(true);
    expect(c.ring()!.length).toBeGreaterThan(60);
  });

  test('dragging a vertex after finishing moves the ring; drawing is over', () => {
    const s = new DrawSession('polygon');
    for (const p of [[0, 0], [1, 0], [1, 1]] as LonLat[]) s.click(p);
    s.finish();
    s.moveVertex(2, [0, 1]);
    expect(s.ring()).toEqual([[0, 0], [1, 0], [0, 1], [0, 0]]);
    expect(s.click([3, 3])).toBe(false);
    expect(s.points).toHaveLength(3);
  });

  test('a bow-tie polygon is refused by the engine as self-intersecting', () => {
    const s = new DrawSession('polygon');
    for (const p of [[106.57, 29.56], [106.572, 29.562], [106.572, 29.56], [106.57, 29.562]] as LonLat[]) s.click(p);
    s.finish();
    expect(() => parseArea({ type: 'Polygon', coordinates: [s.ring()!] })).toThrow(/cross or touch themselves/);
  });
});
