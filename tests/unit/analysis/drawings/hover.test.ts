/**
 * Hover on a drawing → a point in the world, on hand-made fixtures in local metres: the SVG x → metres along the axis,
 * a profile's chainage → the point along its path at the invert (either walking direction), a section's offset → the
 * point along its line at the ground; and the flow-only path between two nodes.
 */
import { describe, expect, it } from 'vitest';
import { chainageAtX, profilePointAt, sectionPointAt } from '../../../../src/analysis/drawings/hover';
import { findFlowPath, findPath } from '../../../../src/analysis/drawings/path';
import { localPlane } from '../../../../src/analysis/drawings/pipeGeometry';
import { longProfile } from '../../../../src/analysis/drawings/profile';
import { crossSection } from '../../../../src/analysis/drawings/section';
import { profileAxis, profileSvg } from '../../../../src/analysis/drawings/svg';
import type { DrawingPipe } from '../../../../src/analysis/drawings/types';
import type { LonLat } from '../../../../src/domain/schema';

const pl = localPlane([106.55, 29.56]);
const at = (x: number, y: number): LonLat => pl.lonLat(x, y);
const xy = (p: readonly [number, number]): [number, number] => [pl.x(p[0]), pl.y(p[1])];

function pipe(id: string, from: string, to: string, pts: [number, number][], invert0: number, invert1: number, over: Partial<DrawingPipe> = {}): DrawingPipe {
  return {
    id, gid: 0, cat: 'PS', sub: 'WS', from, to, coords: pts.map(([x, y]) => at(x, y)), material: 'HNT', dn: 400, box: null,
    depth0: 103 - invert0 - 0.4, depth1: 103 - invert1 - 0.4, ground0: 103, ground1: 103, burial: 'ZM', crossing: null,
    pressureClass: null, invert0, invert1, owner: '', ...over,
  };
}

// A → B (40 m east) → C (60 m further east) → D (30 m north); a branch E → B from the south
const P1 = pipe('P1', 'A', 'B', [[0, 0], [40, 0]], 100, 99.6);
const P2 = pipe('P2', 'B', 'C', [[40, 0], [100, 0]], 99.5, 99.2);
const P3 = pipe('P3', 'C', 'D', [[100, 0], [100, 30]], 99.1, 99.0);
const P4 = pipe('P4', 'E', 'B', [[40, -50], [40, 0]], 100.5, 99.7);
const NET = [P1, P2, P3, P4];

describe('chainageAtX', () => {
  const axis = { width: 1000, left: 130, right: 960, span: 120 };
  it('maps the drawing x linearly onto metres along the axis, null over the table column and the margin', () => {
    expect(chainageAtX(axis, 130)).toBe(0);
    expect(chainageAtX(axis, 545)).toBeCloseTo(60, 9);
    expect(chainageAtX(axis, 960)).toBeCloseTo(120, 9);
    expect(chainageAtX(axis, 962)).toBe(120); // clamped within the slack
    expect(chainageAtX(axis, 100)).toBeNull();
    expect(chainageAtX(axis, 990)).toBeNull();
  });

  it('is the axis the profile drawing is made on (its root carries it)', () => {
    const profile = longProfile([{ pipe: P1, reversed: false }, { pipe: P2, reversed: false }]);
    const a = profileAxis(profile);
    expect(a.span).toBeCloseTo(100, 1);
    expect(profileSvg(profile)).toContain(`data-axis-left="${a.left}" data-axis-right="${a.right}" data-axis-span="${Math.round(a.span * 1000) / 1000}"`);
  });
});

describe('profilePointAt', () => {
  it('walks the path: 20 m is on P1 at half its fall, 70 m on P2 halfway', () => {
    const path = [{ pipe: P1, reversed: false }, { pipe: P2, reversed: false }];
    const profile = longProfile(path);
    const p = profilePointAt(profile, path, 20)!;
    expect(xy([p.lon, p.lat])[0]).toBeCloseTo(20, 2);
    expect(xy([p.lon, p.lat])[1]).toBeCloseTo(0, 2);
    expect(p.elevation).toBeCloseTo(99.8, 3);
    expect(p.ground).toBeCloseTo(103, 6);
    const q = profilePointAt(profile, path, 70)!;
    expect(xy([q.lon, q.lat])[0]).toBeCloseTo(70, 2);
    expect(q.elevation).toBeCloseTo(99.35, 3);
    // beyond the end: the last point
    expect(xy([profilePointAt(profile, path, 500)!.lon, 0])[0]).toBeCloseTo(100, 2);
  });

  it('follows a pipe walked against its recorded direction', () => {
    const path = [{ pipe: P2, reversed: true }];
    const p = profilePointAt(longProfile(path), path, 15)!;
    expect(xy([p.lon, p.lat])[0]).toBeCloseTo(85, 2);
    expect(p.elevation).toBeCloseTo(99.275, 3);
  });
});

describe('sectionPointAt', () => {
  it('is the point along the line with the ground interpolated between the crossings', () => {
    const a = pipe('S1', 'x', 'y', [[-20, -5], [20, -5]], 97, 97, { ground0: 100, ground1: 100 });
    const b = pipe('S2', 'u', 'v', [[-20, 5], [20, 5]], 99, 99, { ground0: 102, ground1: 102 });
    const s = crossSection([at(0, -10), at(0, 10)], [a, b]);
    const p = sectionPointAt(s, 10);
    expect(xy([p.lon, p.lat])[0]).toBeCloseTo(0, 2);
    expect(xy([p.lon, p.lat])[1]).toBeCloseTo(0, 2);
    expect(p.ground).toBeCloseTo(101, 3);
    expect(sectionPointAt(s, 2).ground).toBeCloseTo(100, 6);
  });
});

describe('findFlowPath', () => {
  it('follows the recorded flow only: A → D through B and C; nothing from D back to A', () => {
    expect(findFlowPath(NET, 'A', 'D')?.map((s) => s.pipe.id)).toEqual(['P1', 'P2', 'P3']);
    expect(findFlowPath(NET, 'E', 'C')?.map((s) => s.pipe.id)).toEqual(['P4', 'P2']);
    expect(findFlowPath(NET, 'D', 'A')).toBeNull();
    expect(findFlowPath(NET, 'A', 'E')).toBeNull();
    // findPath allows the way back: D → A against the flow
    expect(findPath(NET, 'D', 'A')?.map((s) => `${s.pipe.id}${s.reversed ? '↩' : ''}`)).toEqual(['P3↩', 'P2↩', 'P1↩']);
  });
});
