/**
 * The chamber close-up's geometry on a hand-made manhole with three pipes (and a valve chamber for the rectangular
 * case). Expected values worked out by hand, see the comments.
 */
import { describe, expect, it } from 'vitest';
import {
  bearingOf,
  chamberModel,
  CHAMBER_BUILD,
  hasChamber,
  widestGapBearing,
} from '../../../../src/analysis/chamber/geometry';
import { metresPerDegree } from '../../../../src/domain/geodesy';
import type { LonLat, PipeNode, PipeSegment } from '../../../../src/domain/schema';

const O: LonLat = [106.58, 29.56];
const k = metresPerDegree(O[1]);
/** the point `e` metres east and `n` metres north of O */
const at = (e: number, n: number): LonLat => [O[0] + e / k.lon, O[1] + n / k.lat];

function node(over: Partial<PipeNode>): PipeNode {
  return {
    kind: 'node', id: 'WS-J1', gid: 10, cat: 'PS', sub: 'WS', code: '52022202', type: 'manhole', position: O,
    ground: 300, depth: 3, year: 2010, owner: 'Drainage Co.', segments: [], ...over,
  };
}

function seg(over: Partial<PipeSegment> & Pick<PipeSegment, 'id' | 'from' | 'to' | 'coords'>): PipeSegment {
  return {
    kind: 'segment', gid: 0, cat: 'PS', sub: 'WS', code: '52021000', material: 'T', dn: 300, box: null,
    depth0: 2, depth1: 2, ground0: 300, ground1: 300, burial: 'ZM', year: 2010, owner: 'Drainage Co.', street: null,
    crossing: null, pressureZone: null, pressureClass: null, invert0: null, invert1: null, ...over,
  };
}

// Manhole WS-J1: ground 300.00, depth 3.00 (floor at −3.00).
//  - WS-1 leaves east (starts here): DN400 concrete, recorded invert 297.20 → invert −2.80, crown −2.40
//  - WS-2 arrives from the north (ends here, bearing away from the node = 0°): DN300, invert 297.50 → −2.50
//  - JS-3, a water main, leaves south-west (225°): DN200 ductile iron, depth 1.20, no invert → 300 − 1.2 − 0.2
//    = 298.60 → −1.40, centre −1.30, crown −1.20
const ws1 = seg({ id: 'WS-1', from: 'WS-J1', to: 'WS-J2', coords: [O, at(40, 0)], dn: 400, depth0: 2.4, invert0: 297.2, invert1: 296.9 });
const ws2 = seg({ id: 'WS-2', from: 'WS-J0', to: 'WS-J1', coords: [at(0, 35), at(0.0, 20), O], invert0: 297.8, invert1: 297.5, depth1: 2.2 });
const js3 = seg({
  id: 'JS-3', cat: 'JS', sub: 'JP', code: '51041000', from: 'WS-J1', to: 'JS-J9', coords: [O, at(-10, -10), at(-30, -12)],
  dn: 200, material: 'QM', depth0: 1.2, depth1: 1.2,
});
const stranger = seg({ id: 'WS-7', from: 'WS-J5', to: 'WS-J6', coords: [at(5, 5), at(9, 9)] });

describe('chamber close-up geometry', () => {
  const m = chamberModel(node({ segments: ['WS-1', 'WS-2', 'JS-3', 'WS-9'] }), [js3, stranger, ws1, ws2]);

  it('sizes a round manhole from the node-shape rules: Φ1000 inside, 240 mm brick, floor at the recorded depth', () => {
    // nodeSolid(manhole, 3, 0.4): r = max(0.5, 0.4/2 + 0.2) = 0.5; bottom −3
    expect(m.shell).toMatchObject({ shape: 'round', hx: 0.5, hy: 0.5, wall: 0.24, floor: -3, coverDiameter: 0.7 });
  });

  it('brings in each pipe at its bearing, invert and wall position, sorted by bearing, ignoring other pipes', () => {
    expect(m.pipes.map((p) => [p.id, p.end])).toEqual([['WS-2', 'end'], ['WS-1', 'start'], ['JS-3', 'start']]);
    const [p2, p1, p3] = m.pipes as [typeof m.pipes[0], typeof m.pipes[0], typeof m.pipes[0]];
    expect(p2.bearing).toBeCloseTo(0, 4);
    expect(p1.bearing).toBeCloseTo(90, 4);
    expect(p3.bearing).toBeCloseTo(225, 2);
    expect(p1.invert).toBeCloseTo(-2.8, 9);
    expect(p1.crown).toBeCloseTo(-2.4, 9);
    expect(p2.invert).toBeCloseTo(-2.5, 9);
    expect(p3.invert).toBeCloseTo(-1.4, 9);
    expect(p3.centre).toBeCloseTo(-1.3, 9);
    expect(p3.crown).toBeCloseTo(-1.2, 9);
    // east pipe: inner face 0.50 m east, outer face 0.74 m; stub max(1.5, 3 × 0.4) = 1.5 → 0.24 + 1.5
    expect(p1.inner[0]).toBeCloseTo(0.5, 6);
    expect(p1.inner[1]).toBeCloseTo(0, 6);
    expect(p1.outer[0]).toBeCloseTo(0.74, 6);
    expect(p1.length).toBeCloseTo(1.74, 6);
    // its label above the crown at the stub's far end: 0.5 + 1.74 = 2.24 m east, −2.40 + 0.15
    expect(p1.labelAt[0]).toBeCloseTo(2.24, 6);
    expect(p1.labelAt[2]).toBeCloseTo(-2.25, 9);
    // the drawn bore: pipe wall 8 % of the size (DN400: 32 mm each side; DN200: 16 mm)
    expect(p1.boreWidth).toBeCloseTo(0.336, 9);
    expect(p3.boreHeight).toBeCloseTo(0.168, 9);
    // south-west pipe: 0.5 × (−√½, −√½)
    expect(p3.inner[0]).toBeCloseTo(-0.5 * Math.SQRT1_2, 3);
    expect(p3.inner[1]).toBeCloseTo(-0.5 * Math.SQRT1_2, 3);
    expect(m.missing).toEqual(['WS-9']);
  });

  it('colours pipes by CJJ 61 category and words the labels', () => {
    const byId = new Map(m.pipes.map((p) => [p.id, p]));
    expect(byId.get('JS-3')?.color).toEqual([0, 255, 255]); // water supply: cyan
    expect(byId.get('WS-1')?.color).toEqual([76, 57, 38]); // drainage: brown
    expect(byId.get('WS-1')?.label).toEqual({
      id: 'WS-1', dn: 400, box: null, materialCode: 'T', material: { zh: '混凝土', en: 'Concrete' },
      invertElevation: '297.20', depth: '2.40', recordedInvert: true,
    });
    expect(byId.get('JS-3')?.label).toMatchObject({ dn: 200, invertElevation: '298.60', depth: '1.20', recordedInvert: false });
  });

  it('puts the steps in the widest gap between pipes, every 360 mm from 0.5 m down to 0.3 m above the floor', () => {
    // gaps: 0→90 (90°), 90→225 (135°), 225→360 (135°): the first widest, middle 157.5°
    expect(m.stepBearing).toBeCloseTo(157.5, 2);
    expect(m.steps.map((s) => s.z)).toEqual([-0.5, -0.86, -1.22, -1.58, -1.94, -2.3, -2.66]);
  });

  it('makes a valve chamber rectangular: the valve block plus working space, pipes meeting the flat wall', () => {
    // nodeSolid(valve, 1.3, 0.2): h = max(0.25, 0.65 × 0.2) = 0.25, bottom −1.55 → chamber 0.75 half-size, floor −1.85
    const v = node({ id: 'JS-V1', cat: 'JS', sub: 'JP', type: 'valve', depth: 1.3, ground: 250, segments: ['JS-4'] });
    // leaving at 30° (east of north): the wall at y = 0.75 is met first, at 0.75 / cos 30° = 0.866 m
    const js4 = seg({ id: 'JS-4', cat: 'JS', sub: 'JP', from: 'JS-V1', to: 'JS-V2', coords: [O, at(5, 5 * Math.sqrt(3))], dn: 200, depth0: 1.2, ground0: 250 });
    const mv = chamberModel(v, [js4]);
    expect(mv.shell).toMatchObject({ shape: 'rect', hx: 0.75, hy: 0.75, wall: CHAMBER_BUILD.concreteWall });
    expect(mv.shell.floor).toBeCloseTo(-1.85, 9);
    const p = mv.pipes[0]!;
    expect(p.bearing).toBeCloseTo(30, 3);
    expect(Math.hypot(...p.inner)).toBeCloseTo(0.75 / Math.cos(Math.PI / 6), 3);
    expect(p.inner[1]).toBeCloseTo(0.75, 4);
    expect(p.outer[1]).toBeCloseTo(0.95, 4);
    expect(p.invert).toBeCloseTo(-1.4, 9);
    expect(mv.stepBearing).toBeCloseTo(210, 3);
    // the valve itself: the node's block, 0.25 m half-size, from −1.55 to −1.05
    expect(mv.fitting).toEqual({ hx: 0.25, hy: 0.25, bottom: -1.55, top: -1.05 });
    // … and the pipe is drawn from the valve's face (0.25 / cos 30° = 0.2887 m out) to the stub's end
    // (0.866 + 0.2 / cos 30° + 1.5 = 1.0970 + 1.5 = 2.5970 m out)
    expect(Math.hypot(...p.from)).toBeCloseTo(0.2887, 3);
    expect(p.length).toBeCloseTo(2.597 - 0.2887, 3);
    expect(m.fitting).toBeNull();
  });

  it('knows which nodes have a chamber, and bearings', () => {
    expect(hasChamber('manhole')).toBe(true);
    expect(hasChamber('valve')).toBe(true);
    expect(hasChamber('tee')).toBe(false);
    expect(hasChamber('hydrant')).toBe(false);
    expect(bearingOf(0, 1)).toBe(0);
    expect(bearingOf(-1, 0)).toBe(270);
    expect(widestGapBearing([])).toBe(0);
    expect(widestGapBearing([350, 10])).toBe(180);
  });
});
