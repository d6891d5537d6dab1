/**
 * The drawings' wiring glue (src/app/drawings.ts) on hand-made fixtures: the "Cross-section here" line square to a pipe
 * at its middle, the candidate pipes from the query copy's R-tree (then the pure crossSection on them), a drawn section
 * line (two clicks) → the pipes it crosses, the first pipe of a profile to the outfall, the ends of a profile between
 * two chosen assets, and the 3D marker's height in both height modes.
 */
import { describe, expect, it } from 'vitest';
import { crossSection } from '../../../src/analysis/drawings';
import { buildQueryCopy } from '../../../src/analysis/queryCopy';
import { findFlowPath } from '../../../src/analysis/drawings';
import { idsNear, markerHeight, nearEnds, profileEnds, profileStart, sectionLineAcross } from '../../../src/app/drawings';
import { SectionLineTool, sectionLineLength } from '../../../src/ui/sectionLineTool';
import { metresPerDegree } from '../../../src/domain/geodesy';
import type { LonLat, PipeNode, PipeSegment } from '../../../src/domain/schema';

const O: LonLat = [106.5, 29.5];
const M = metresPerDegree(O[1]);
/** lon/lat of a point x metres east and y metres north of O */
const at = (x: number, y: number): LonLat => [O[0] + x / M.lon, O[1] + y / M.lat];
/** metres east / north of O */
const xy = (p: LonLat): [number, number] => [(p[0] - O[0]) * M.lon, (p[1] - O[1]) * M.lat];

function segment(id: string, gid: number, pts: [number, number][], p: Partial<PipeSegment> = {}): PipeSegment {
  return {
    kind: 'segment', id, gid, cat: 'PS', sub: 'WS', code: '', from: `${id}-a`, to: `${id}-b`, coords: pts.map(([x, y]) => at(x, y)), material: 'HNT', dn: 300, box: null,
    depth0: 2, depth1: 2, ground0: 250, ground1: 250, burial: 'ZM', year: 2000, owner: '', street: null, crossing: null, pressureZone: null,
    pressureClass: null, invert0: null, invert1: null, ...p,
  };
}

function node(id: string): PipeNode {
  return { kind: 'node', id, gid: 100, cat: 'PS', sub: 'WS', code: '', type: 'manhole', position: O, ground: 250, depth: 3, year: 2000, owner: '', segments: [] };
}

describe('sectionLineAcross', () => {
  it('crosses a straight pipe square at its middle, 30 m each side', () => {
    // a 100 m pipe eastward: middle at 50 m east; the line runs south → north (left of the pipe's direction last)
    const line = sectionLineAcross([at(0, 0), at(100, 0)])!;
    const [a, b] = line.map(xy);
    expect(a[0]).toBeCloseTo(50, 3);
    expect(a[1]).toBeCloseTo(-30, 3);
    expect(b[0]).toBeCloseTo(50, 3);
    expect(b[1]).toBeCloseTo(30, 3);
  });

  it('takes the middle by length on a bent pipe and is square to the piece there', () => {
    // 30 m east, then 50 m north: 80 m, middle 10 m up the northward piece → an east-west line at y = 10
    const [a, b] = sectionLineAcross([at(0, 0), at(30, 0), at(30, 50)])!.map(xy);
    expect(a[0]).toBeCloseTo(60, 2);
    expect(a[1]).toBeCloseTo(10, 2);
    expect(b[0]).toBeCloseTo(0, 2);
    expect(b[1]).toBeCloseTo(10, 2);
  });

  it('has no line for a pipe without length', () => {
    expect(sectionLineAcross([at(5, 5), at(5, 5)])).toBeNull();
    expect(sectionLineAcross([at(5, 5)])).toBeNull();
  });
});

describe('idsNear + crossSection', () => {
  // P: the pipe asked about (east, y = 0); Q: a parallel one 20 m north; R: far east; S: north-south 3 m beside the line
  const P = segment('PS-P', 0, [[0, 0], [100, 0]], { dn: 400 });
  const Q = segment('JS-Q', 1, [[0, 20], [100, 20]], { cat: 'JS', sub: 'JP', material: 'QM', dn: 200, depth0: 1, depth1: 1 });
  const R = segment('PS-R', 2, [[200, 0], [300, 0]]);
  const S = segment('PS-S', 3, [[53, -10], [53, 10]]);
  const copy = buildQueryCopy([P, Q, R, S]);

  it('finds the pipes whose boxes meet the line, and the section draws those it crosses at their offsets', () => {
    const line = sectionLineAcross(P.coords)!;
    expect(idsNear(copy, line)).toEqual(['PS-P', 'JS-Q']);
    const s = crossSection(line, [P, Q]);
    expect(s.pipes.map((p) => p.id)).toEqual(['PS-P', 'JS-Q']);
    // the line starts 30 m south of P: P at 30 m, Q (20 m north of P) at 50 m
    expect(s.pipes[0].offset).toBeCloseTo(30, 1);
    expect(s.pipes[1].offset).toBeCloseTo(50, 1);
  });

  it('a wider pad reaches the pipe 3 m beside the line', () => {
    const line = sectionLineAcross(P.coords)!;
    expect(idsNear(copy, line, 4)).toEqual(['PS-P', 'JS-Q', 'PS-S']);
  });
});

describe('profileStart', () => {
  it('starts at the pipe itself', () => {
    const P = segment('PS-1', 0, [[0, 0], [10, 0]]);
    expect(profileStart(P, [])?.id).toBe('PS-1');
  });

  it('from a node takes the largest traced pipe leaving it, and none when nothing leaves', () => {
    const small = segment('PS-2', 0, [[0, 0], [10, 0]], { from: 'MH-1', dn: 300 });
    const big = segment('PS-3', 1, [[0, 0], [0, 10]], { from: 'MH-1', dn: 600 });
    const into = segment('PS-4', 2, [[0, 0], [-10, 0]], { to: 'MH-1', dn: 1000 });
    expect(profileStart(node('MH-1'), [small, big, into])?.id).toBe('PS-3');
    expect(profileStart(node('MH-9'), [small, big, into])).toBeNull();
  });
});

describe('a drawn section line', () => {
  const P = segment('PS-P', 0, [[0, 0], [100, 0]], { dn: 400 });
  const Q = segment('JS-Q', 1, [[0, 20], [100, 20]], { cat: 'JS', sub: 'JP', material: 'QM', dn: 200, depth0: 1, depth1: 1 });
  const R = segment('PS-R', 2, [[200, 0], [300, 0]]);
  const S = segment('PS-S', 3, [[53, -10], [53, 10]]);
  const copy = buildQueryCopy([P, Q, R, S]);
  const byId = new Map([P, Q, R, S].map((p) => [p.id, p]));
  const crossed = (a: LonLat, b: LonLat): string[] => crossSection([a, b], idsNear(copy, [a, b]).map((id) => byId.get(id)!)).pipes.map((p) => p.id);

  it('two clicks, A then B (the rubber band follows the pointer between them), give the line', () => {
    const tool = new SectionLineTool();
    expect(tool.drawing).toBe(true);
    expect(tool.preview()).toBeNull();
    expect(tool.click(at(20, -10))).toBeNull();
    tool.move(at(20, 5));
    expect(tool.preview()?.b).toEqual(at(20, 5));
    expect(tool.click(at(20, -10))).toBeNull(); // the second click of a double-click is not B
    const line = tool.click(at(20, 30))!;
    expect(line.map(xy).map(([x, y]) => [Math.round(x), Math.round(y)])).toEqual([[20, -10], [20, 30]]);
    expect(tool.drawing).toBe(false);
    tool.move(at(0, 0));
    expect(tool.preview()?.b).toEqual(line[1]);
  });

  it('lists the pipes it crosses, A to B, and none beside it', () => {
    expect(crossed(at(20, -10), at(20, 30))).toEqual(['PS-P', 'JS-Q']);
    expect(crossed(at(20, 30), at(20, -10))).toEqual(['JS-Q', 'PS-P']);
    expect(crossed(at(40, -5), at(60, -5))).toEqual(['PS-S']);
    expect(crossed(at(120, -10), at(180, 10))).toEqual([]);
  });

  it('is refused over 500 m, with its length', () => {
    expect(sectionLineLength(at(0, 0), at(300, 400)).metres).toBeCloseTo(500, 0);
    expect(sectionLineLength(at(0, 0), at(300, 398)).tooLong).toBe(false);
    expect(sectionLineLength(at(0, 0), at(300, 402)).tooLong).toBe(true);
  });
});

describe('profile between two chosen assets', () => {
  // MH-A → MH-B → MH-C → MH-D along the flow
  const P1 = segment('PS-1', 0, [[0, 0], [40, 0]], { from: 'MH-A', to: 'MH-B' });
  const P2 = segment('PS-2', 1, [[40, 0], [100, 0]], { from: 'MH-B', to: 'MH-C' });
  const P3 = segment('PS-3', 2, [[100, 0], [100, 30]], { from: 'MH-C', to: 'MH-D' });

  it('starts at a pipe\'s upstream end and ends at its downstream end: pipe to pipe includes both', () => {
    expect(profileEnds(P1)).toEqual({ start: 'MH-A', end: 'MH-B' });
    expect(profileEnds(node('MH-C'))).toEqual({ start: 'MH-C', end: 'MH-C' });
    const ids = (a: typeof P1 | ReturnType<typeof node>, b: typeof P1 | ReturnType<typeof node>): string[] | undefined =>
      findFlowPath([P1, P2, P3], profileEnds(a).start, profileEnds(b).end)?.map((s) => s.pipe.id);
    expect(ids(P1, P3)).toEqual(['PS-1', 'PS-2', 'PS-3']);
    expect(ids(node('MH-B'), node('MH-C'))).toEqual(['PS-2']);
    expect(ids(P3, P1)).toBeUndefined(); // against the flow: the app then asks the other way round
  });

  it('searches a pressure network\'s path in a box padded by half the distance, at least 150 m', () => {
    expect(nearEnds(at(0, 0), at(100, 0)).padM).toBe(150);
    expect(nearEnds(at(0, 0), at(1000, 0)).padM).toBeCloseTo(500, 3);
  });
});

describe('markerHeight', () => {
  it('draws a point of the drawing where the pipes are drawn: below the ellipsoid by its depth, or at its elevation', () => {
    expect(markerHeight({ elevation: 99.8, ground: 103 }, 'ellipsoid')).toBeCloseTo(-3.2, 9);
    expect(markerHeight({ elevation: 99.8, ground: 103 }, 'absolute')).toBe(99.8);
    expect(markerHeight({ elevation: null, ground: null }, 'ellipsoid')).toBe(0);
    expect(markerHeight({ elevation: null, ground: 250 }, 'absolute')).toBe(250);
  });
});
