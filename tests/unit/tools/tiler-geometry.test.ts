/**
 * Geometry of the tiler's output on the hand-made fixture: pipes, boxes and nodes at their recorded depths (decoded
 * back through the tile transforms to geodetic heights), outward-facing triangles, tight bounding boxes that nest,
 * the level-of-detail rules, and quantised + compressed output agreeing with plain floats.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssetRecord, PipeSegment } from '../../../src/domain/schema';
import { DEFAULT_ENCODING, PLAIN_ENCODING } from '../../../tools/tiler/content';
import { invertRigid, metresPerDegree, multiply, transformPoint, type Mat4 } from '../../../tools/tiler/geodesy';
import { loadOutput, type LoadedTile, type LoadedVertex } from '../../../tools/tiler/inspect';
import { runTiler, type TilerOptions } from '../../../tools/tiler/tiler';
import type { TileJson } from '../../../tools/tiler/tileset';

const FIXTURE = join(__dirname, '../../fixtures/tiler');
const records = ['segments.ndjson', 'nodes.ndjson']
  .flatMap((f) => readFileSync(join(FIXTURE, f), 'utf8').trim().split('\n'))
  .map((l) => JSON.parse(l) as AssetRecord);
const gidOf = (id: string): number => records.findIndex((r) => r.id === id);
const M = metresPerDegree(29.557);

const SPLIT: Partial<TilerOptions> = { maxFeatures: 3, lod: { lineBudget: 4, reduction: 2, lineError: 8 } };

interface Out {
  tiles: LoadedTile[];
  /** position tolerance from quantisation, metres */
  tol: number;
}

let tmp: string;
let plainOne: Out;
let plainSplit: Out;
let packedSplit: Out;
let absolute: Out;

async function tile(name: string, opts: Partial<TilerOptions>, inDir = FIXTURE): Promise<Out> {
  const dir = join(tmp, name);
  await runTiler({ inDir, outDir: dir, log: () => {}, workers: 0, ...opts });
  const { tiles } = await loadOutput(dir);
  let tol = 1e-3;
  for (const t of tiles) {
    const scale = (t.raw?.json.nodes[0] as { scale?: number[] } | undefined)?.scale;
    if (scale && t.mode === 4) tol = Math.max(tol, Math.max(...scale) / 2 + 1e-3);
  }
  return { tiles, tol };
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'tiler-geom-'));
  plainOne = await tile('plain-one', { encoding: PLAIN_ENCODING });
  plainSplit = await tile('plain-split', { ...SPLIT, encoding: PLAIN_ENCODING });
  packedSplit = await tile('packed-split', { ...SPLIT, encoding: DEFAULT_ENCODING });
  const absIn = join(tmp, 'abs-in');
  cpSync(FIXTURE, absIn, { recursive: true });
  const meta = JSON.parse(readFileSync(join(absIn, 'meta.json'), 'utf8')) as { heightMode: string };
  meta.heightMode = 'absolute';
  writeFileSync(join(absIn, 'meta.json'), JSON.stringify(meta));
  absolute = await tile('absolute', { maxFeatures: 4 }, absIn);
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const solidTiles = (o: Out): LoadedTile[] => o.tiles.filter((t) => t.mode === 4);
const solidVertices = (o: Out, id: string): LoadedVertex[] =>
  solidTiles(o).flatMap((t) => t.vertices.filter((v) => v.gid === gidOf(id)));
const eastM = (lon: number, lon0: number): number => (lon - lon0) * M.lon;
const northM = (lat: number, lat0: number): number => (lat - lat0) * M.lat;

describe('assets at their recorded depth', () => {
  it('a round pipe: top at ground − depth, one diameter deep, depth interpolated along it (ellipsoid)', () => {
    // JP-000001: DN300 from 106.5760 to 106.5772 along 29.5570, depth 1.2 → 1.8
    for (const o of [plainOne, plainSplit, packedSplit]) {
      const vs = solidVertices(o, 'JP-000001');
      expect(vs.length).toBe(12);
      for (const v of vs) {
        const t = eastM(v.lon, 106.576) / eastM(106.5772, 106.576);
        expect(t).toBeGreaterThan(-0.01);
        expect(t).toBeLessThan(1.01);
        const centre = -(1.2 + 0.6 * Math.min(1, Math.max(0, t))) - 0.15;
        expect(Math.abs(v.h - centre)).toBeLessThanOrEqual(0.15 + o.tol);
        expect(Math.abs(northM(v.lat, 29.557))).toBeLessThanOrEqual(0.15 + o.tol);
      }
      const start = vs.filter((v) => Math.abs(eastM(v.lon, 106.576)) < 0.01 + o.tol);
      const end = vs.filter((v) => Math.abs(eastM(v.lon, 106.5772)) < 0.01 + o.tol);
      expect(start).toHaveLength(6);
      expect(end).toHaveLength(6);
      expect(Math.abs(Math.max(...start.map((v) => v.h)) + 1.2)).toBeLessThanOrEqual(o.tol);
      expect(Math.abs(Math.min(...start.map((v) => v.h)) + 1.5)).toBeLessThanOrEqual(o.tol);
      expect(Math.abs(Math.max(...end.map((v) => v.h)) + 1.8)).toBeLessThanOrEqual(o.tol);
      expect(Math.abs(Math.min(...end.map((v) => v.h)) + 2.1)).toBeLessThanOrEqual(o.tol);
    }
  });

  it('absolute mode puts the pipe top at the recorded ground − depth', () => {
    const vs = solidVertices(absolute, 'JP-000001');
    const start = vs.filter((v) => Math.abs(eastM(v.lon, 106.576)) < 0.02);
    const end = vs.filter((v) => Math.abs(eastM(v.lon, 106.5772)) < 0.02);
    expect(Math.abs(Math.max(...start.map((v) => v.h)) - (250 - 1.2))).toBeLessThanOrEqual(absolute.tol);
    expect(Math.abs(Math.max(...end.map((v) => v.h)) - (252 - 1.8))).toBeLessThanOrEqual(absolute.tol);
  });

  it('a box section is a w × h prism with its top at the recorded depth', () => {
    // YS-000001: box 1500 × 1000, depth 1.5, along 29.5565
    for (const o of [plainSplit, packedSplit]) {
      const vs = solidVertices(o, 'YS-000001');
      expect(Math.abs(Math.max(...vs.map((v) => v.h)) + 1.5)).toBeLessThanOrEqual(o.tol);
      expect(Math.abs(Math.min(...vs.map((v) => v.h)) + 2.5)).toBeLessThanOrEqual(o.tol);
      const across = vs.map((v) => northM(v.lat, 29.5565));
      expect(Math.abs(Math.max(...across) - 0.75)).toBeLessThanOrEqual(0.01 + o.tol);
      expect(Math.abs(Math.min(...across) + 0.75)).toBeLessThanOrEqual(0.01 + o.tol);
    }
  });

  it('a bent polyline keeps its section through the bend (mitred ring)', () => {
    // WS-000001: DN600 with a bend at its middle point; the ring there spans the full diameter vertically
    const vs = solidVertices(plainSplit, 'WS-000001');
    const ring = vs.filter((v) => Math.hypot(eastM(v.lon, 106.5766), northM(v.lat, 29.5578)) < 0.8);
    expect(ring).toHaveLength(6);
    const hs = ring.map((v) => v.h);
    expect(Math.max(...hs) - Math.min(...hs)).toBeCloseTo(0.6, 2);
  });

  it('nodes: a manhole shaft from just below ground to its depth; a valve centred on its centreline depth', () => {
    for (const o of [plainSplit, packedSplit]) {
      const mh = solidVertices(o, 'WS-N001').map((v) => v.h);
      expect(Math.abs(Math.min(...mh) + 3.2)).toBeLessThanOrEqual(o.tol);
      expect(Math.abs(Math.max(...mh) + 0.02)).toBeLessThanOrEqual(o.tol);
      const valve = solidVertices(o, 'JP-N001').map((v) => v.h);
      expect(Math.abs((Math.max(...valve) + Math.min(...valve)) / 2 + 1.35)).toBeLessThanOrEqual(o.tol);
    }
  });

  it('line tiles run along the centrelines at centreline height', () => {
    const seg = records[gidOf('JP-000001')] as PipeSegment;
    const lines = plainSplit.tiles.filter((t) => t.mode === 1).flatMap((t) => t.vertices.filter((v) => v.gid === seg.gid));
    expect(lines.length).toBeGreaterThan(0);
    for (const v of lines) {
      const t = Math.min(1, Math.max(0, eastM(v.lon, 106.576) / eastM(106.5772, 106.576)));
      expect(Math.abs(v.h - (-(1.2 + 0.6 * t) - 0.15))).toBeLessThan(0.3); // coarse grid in far tiles: ≤ error/64
      expect(Math.abs(northM(v.lat, 29.557))).toBeLessThan(0.3);
    }
  });
});

describe('surfaces', () => {
  it('every triangle faces the way its vertex normals do, and normals are unit length', () => {
    for (const o of [plainSplit, packedSplit]) {
      for (const t of solidTiles(o)) {
        const idx = t.indices;
        for (let i = 0; i < idx.length; i += 3) {
          const [a, b, c] = [t.vertices[idx[i]], t.vertices[idx[i + 1]], t.vertices[idx[i + 2]]];
          const u = [0, 1, 2].map((k) => b.enu[k] - a.enu[k]);
          const w = [0, 1, 2].map((k) => c.enu[k] - a.enu[k]);
          const n = [u[1] * w[2] - u[2] * w[1], u[2] * w[0] - u[0] * w[2], u[0] * w[1] - u[1] * w[0]];
          const s = [0, 1, 2].map((k) => a.normal[k] + b.normal[k] + c.normal[k]);
          expect(n[0] * s[0] + n[1] * s[1] + n[2] * s[2]).toBeGreaterThan(0);
        }
      }
    }
  });

  it('tubes face away from their axis', () => {
    const gid = gidOf('JP-000001');
    const t = solidTiles(plainSplit).find((x) => x.vertices.some((v) => v.gid === gid))!;
    const own = t.vertices.filter((v) => v.gid === gid);
    const axisAt = (e: number): number[] => {
      const ring = own.filter((v) => Math.abs(v.enu[0] - e) < 0.01);
      return [0, 1, 2].map((k) => ring.reduce((s, v) => s + v.enu[k], 0) / ring.length);
    };
    const e0 = Math.min(...own.map((v) => v.enu[0]));
    const e1 = Math.max(...own.map((v) => v.enu[0]));
    const [a0, a1] = [axisAt(e0), axisAt(e1)];
    let checked = 0;
    for (let i = 0; i < t.indices.length; i += 3) {
      const tri = [0, 1, 2].map((k) => t.vertices[t.indices[i + k]]);
      if (tri[0].gid !== gid) continue;
      const c = [0, 1, 2].map((k) => (tri[0].enu[k] + tri[1].enu[k] + tri[2].enu[k]) / 3);
      const f = (c[0] - a0[0]) / (a1[0] - a0[0]);
      const p = [0, 1, 2].map((k) => a0[k] + f * (a1[k] - a0[k]));
      const u = [0, 1, 2].map((k) => tri[1].enu[k] - tri[0].enu[k]);
      const w = [0, 1, 2].map((k) => tri[2].enu[k] - tri[0].enu[k]);
      const n = [u[1] * w[2] - u[2] * w[1], u[2] * w[0] - u[0] * w[2], u[0] * w[1] - u[1] * w[0]];
      expect(n[0] * (c[0] - p[0]) + n[1] * (c[1] - p[1]) + n[2] * (c[2] - p[2])).toBeGreaterThan(0);
      checked++;
    }
    expect(checked).toBe(12);
  });

  it('node solids are closed and wound outwards: positive signed volume close to the solid volume', () => {
    const expectVolume = (id: string, volume: number, rel: number): void => {
      const gid = gidOf(id);
      const t = solidTiles(plainSplit).find((x) => x.vertices.some((v) => v.gid === gid))!;
      let vol = 0;
      for (let i = 0; i < t.indices.length; i += 3) {
        const [a, b, c] = [0, 1, 2].map((k) => t.vertices[t.indices[i + k]]);
        if (a.gid !== gid) continue;
        const [p, q, r] = [a.enu, b.enu, c.enu];
        vol += (p[0] * (q[1] * r[2] - q[2] * r[1]) - p[1] * (q[0] * r[2] - q[2] * r[0]) + p[2] * (q[0] * r[1] - q[1] * r[0])) / 6;
      }
      expect(vol).toBeGreaterThan(0);
      expect(Math.abs(vol - volume) / volume).toBeLessThan(rel);
    };
    // manhole: hexagonal prism inscribed in r = 0.5 (DN600 pipe → max(0.5, 0.3 + 0.2)), 3.18 m tall
    expectVolume('WS-N001', ((3 * Math.sqrt(3)) / 2) * 0.5 ** 2 * 3.18, 0.01);
    // valve on DN300: cube of half-size max(0.25, 0.195)
    expectVolume('JP-N001', 0.5 ** 3, 0.01);
  });
});

describe('bounding volumes', () => {
  const corners = (box: number[]): number[][] =>
    Array.from({ length: 8 }, (_, c) => [
      box[0] + (c & 1 ? box[3] : -box[3]),
      box[1] + (c & 2 ? box[7] : -box[7]),
      box[2] + (c & 4 ? box[11] : -box[11]),
    ]);
  const inside = (box: number[], p: number[], eps: number): boolean =>
    Math.abs(p[0] - box[0]) <= box[3] + eps && Math.abs(p[1] - box[1]) <= box[7] + eps && Math.abs(p[2] - box[2]) <= box[11] + eps;

  it('every content vertex lies inside its tile box', () => {
    for (const o of [plainOne, plainSplit, packedSplit, absolute]) {
      for (const t of o.tiles) for (const v of t.vertices) expect(inside(t.tile.boundingVolume.box!, v.enu, 1e-6)).toBe(true);
    }
  });

  it('child boxes lie inside their parents', () => {
    for (const o of [plainSplit, packedSplit, absolute]) {
      const worldOf = new Map<TileJson, Mat4>(o.tiles.map((t) => [t.tile, t.world]));
      for (const t of o.tiles) {
        if (!t.parent) continue;
        const toParent = multiply(invertRigid(worldOf.get(t.parent)!), t.world);
        for (const c of corners(t.tile.boundingVolume.box!)) {
          const p = transformPoint(toParent, c[0], c[1], c[2]);
          expect(inside(t.parent.boundingVolume.box!, p, 2e-3)).toBe(true);
        }
      }
    }
  });

  it('leaf boxes are tight: the content reaches every face to within 1 cm (plus quantisation)', () => {
    for (const o of [plainOne, plainSplit, packedSplit]) {
      for (const t of o.tiles.filter((x) => x.mode === 4)) {
        const b = t.tile.boundingVolume.box!;
        for (let k = 0; k < 3; k++) {
          const lo = Math.min(...t.vertices.map((v) => v.enu[k]));
          const hi = Math.max(...t.vertices.map((v) => v.enu[k]));
          const half = b[3 + k * 4];
          expect(lo - (b[k] - half)).toBeLessThan(0.01 + o.tol);
          expect(b[k] + half - hi).toBeLessThan(0.01 + o.tol);
        }
      }
    }
  });
});

describe('level of detail', () => {
  const contentGids = (t: LoadedTile): Set<number> => new Set(t.props ? Array.from(t.props.gid) : []);
  const subtree = (o: Out, tile: TileJson): LoadedTile[] => {
    const out: LoadedTile[] = [];
    const walk = (x: TileJson): void => {
      out.push(o.tiles.find((t) => t.tile === x)!);
      for (const c of x.children ?? []) walk(c);
    };
    walk(tile);
    return out;
  };
  const segmentsUnder = (o: Out, tile: TileJson): Set<number> =>
    new Set(
      subtree(o, tile)
        .filter((t) => t.mode === 4)
        .flatMap((t) => Array.from(t.props!.gid).filter((g) => records[g].kind === 'segment')),
    );
  const length = (gid: number): number => {
    const c = (records[gid] as PipeSegment).coords;
    let l = 0;
    for (let i = 1; i < c.length; i++) l += Math.hypot(eastM(c[i][0], c[i - 1][0]), northM(c[i][1], c[i - 1][1]));
    return l;
  };

  it('refining only adds pipes: what a tile draws, each child draws too (over the child’s area)', () => {
    for (const o of [plainSplit, packedSplit]) {
      for (const t of o.tiles.filter((x) => x.mode === 1)) {
        const mine = contentGids(t);
        for (const child of t.tile.children ?? []) {
          const c = o.tiles.find((x) => x.tile === child)!;
          const under = segmentsUnder(o, child);
          const drawn = contentGids(c);
          for (const g of mine) if (under.has(g)) expect(drawn.has(g)).toBe(true);
        }
      }
    }
  });

  it('tiles right above the leaves draw all their segments; higher tiles the most important, errors to match', () => {
    const o = plainSplit;
    let partial = 0;
    for (const t of o.tiles.filter((x) => x.tile.children?.length)) {
      const under = segmentsUnder(o, t.tile);
      const mine = contentGids(t);
      const aboveLeaves = t.tile.children!.every((c) => !c.children?.length);
      if (aboveLeaves) {
        expect(mine).toEqual(under);
        expect(t.tile.geometricError).toBe(8);
      }
      const omitted = [...under].filter((g) => !mine.has(g));
      if (omitted.length) {
        partial++;
        // nothing left out is bigger than what is drawn
        const size = (g: number): number => {
          const s = records[g] as PipeSegment;
          return s.dn ?? Math.max(s.box!.w, s.box!.h);
        };
        const smallestDrawn = Math.min(...[...mine].map(size));
        for (const g of omitted) expect(size(g)).toBeLessThanOrEqual(smallestDrawn);
        // the error covers the longest pipe left out
        expect(t.tile.geometricError).toBeGreaterThanOrEqual(Math.max(...omitted.map(length)) - 0.01);
      }
    }
    expect(partial).toBeGreaterThan(0);
  });
});

describe('encodings agree', () => {
  it('quantised + compressed content matches plain floats per asset to within the quantisation step', () => {
    const boundsOf = (o: Out): Map<number, number[]> => {
      const m = new Map<number, number[]>();
      for (const t of solidTiles(o)) {
        for (const v of t.vertices) {
          const b = m.get(v.gid) ?? [Infinity, -Infinity, Infinity, -Infinity, Infinity, -Infinity];
          const p = [eastM(v.lon, 106.57), northM(v.lat, 29.55), v.h];
          for (let k = 0; k < 3; k++) {
            b[k * 2] = Math.min(b[k * 2], p[k]);
            b[k * 2 + 1] = Math.max(b[k * 2 + 1], p[k]);
          }
          m.set(v.gid, b);
        }
      }
      return m;
    };
    const a = boundsOf(plainSplit);
    const b = boundsOf(packedSplit);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [gid, ba] of a) {
      const bb = b.get(gid)!;
      for (let k = 0; k < 6; k++) expect(Math.abs(ba[k] - bb[k])).toBeLessThanOrEqual(packedSplit.tol + 1e-3);
    }
  });
});
