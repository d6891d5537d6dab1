import { describe, expect, it } from 'vitest';
import { excavationCheck, riverbankReview } from '../../../../src/analysis/drawings/excavation';
import type { DrawingPipe } from '../../../../src/analysis/drawings/types';
import { crsDef, toLonLat } from '../../../../src/analysis/crs';
import type { CategoryCode, LonLat } from '../../../../src/domain/schema';
import { readFixture } from './fixtures';

interface Fx {
  origin: [number, number];
  pit: { ring: [number, number][]; depth: number; slope: number; safety: number };
  pipes: { id: string; cat: CategoryCode; y: number; depth: number; owner: string }[];
  outfalls: { id: string; xy: [number, number] }[];
}
const f = readFixture<Fx>('excavation.json');
const want = readFixture<{ excavation: unknown[]; owners: unknown[]; review: [string, number][]; byCategory: unknown; outfalls: string[] }>('excavation.expected.json');
const zone = crsDef(4545)!;
const ll = (x: number, y: number): LonLat => toLonLat(zone, [f.origin[0] + x, f.origin[1] + y]);
const pipes: DrawingPipe[] = f.pipes.map((p, i) => ({
  id: p.id, gid: i, cat: p.cat, sub: '', from: `${p.id}a`, to: `${p.id}b`, coords: [ll(-20, p.y), ll(30, p.y)], material: 'PE', dn: 200, box: null,
  depth0: p.depth, depth1: p.depth, ground0: 100, ground1: 100, burial: 'ZM', crossing: null, pressureClass: null, invert0: null, invert1: null, owner: p.owner,
}));
const ring = f.pit.ring.map(([x, y]) => ll(x, y));

describe('excavation check (projected CGCS2000 zone)', () => {
  it('finds the pipes the battered pit cuts or comes within the safety distance of, and their owners (hand-worked)', () => {
    const r = excavationCheck({ rings: [ring], depth: f.pit.depth, slope: f.pit.slope, safety: f.pit.safety }, pipes);
    expect(r.crs).toBe('EPSG:4545');
    expect(r.hits.map(({ id, status, distance, depth }) => ({ id, status, distance, depth }))).toEqual(want.excavation);
    expect(r.owners).toEqual(want.owners);
    expect(r.counts).toEqual({ cut: 2, near: 2 });
    // vertical sides: B (1 m off) is only near
    const steep = excavationCheck({ rings: [ring], depth: 3, slope: 0, safety: 1 }, pipes);
    expect(steep.hits.find((h) => h.id === 'B')?.status).toBe('near');
  });
});

describe('riverbank project review', () => {
  it('lists the pipes under and near the project by category and the outfalls within the distance (hand-worked)', () => {
    const r = riverbankReview([ring], 2, pipes, f.outfalls.map((o) => ({ id: o.id, position: ll(...o.xy) })));
    expect(r.pipes.map((p) => [p.id, p.distance])).toEqual(want.review);
    expect(r.byCategory).toEqual(want.byCategory);
    expect(r.outfalls.map((o) => o.id)).toEqual(want.outfalls);
  });
});
