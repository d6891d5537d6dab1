/**
 * The tiler on the hand-made fixture (tests/fixtures/tiler): tileset shape, glb structure and alignment, feature ids
 * and metadata, the id sidecar, geometry at the recorded depths, bounding-volume containment, and the Khronos
 * validator.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import validator from 'gltf-validator';
import { chunkFileName, type AssetChunkIndex, type AssetRecord } from '../../src/domain/schema';
import { CATEGORIES } from '../../src/domain/categories';
import { ecefToGeodetic, transformPoint, type Mat4 } from '../../tools/tiler/geodesy';
import {
  COMPONENT_SIZE,
  TYPE_SIZE,
  readAccessor,
  readGlb,
  readProperties,
  readTileset,
  visitTiles,
  yUpToEnu,
  type ParsedGlb,
} from '../../tools/tiler/inspect';
import { InputError } from '../../tools/tiler/ingest';
import { Region } from '../../tools/tiler/region';
import { runTiler, type TilerResult } from '../../tools/tiler/tiler';
import type { TilesetJson } from '../../tools/tiler/tileset';

const FIXTURE = join(__dirname, '../fixtures/tiler');
const fixtureSegments = readFileSync(join(FIXTURE, 'segments.ndjson'), 'utf8').trim().split('\n');
const fixtureNodes = readFileSync(join(FIXTURE, 'nodes.ndjson'), 'utf8').trim().split('\n');
const records = [...fixtureSegments, ...fixtureNodes].map((l) => JSON.parse(l) as AssetRecord);
const N = records.length;
const quiet = (): void => {};

let tmp: string;

interface Vertex {
  gid: number;
  fid: number;
  lon: number;
  lat: number;
  h: number;
  /** ECEF normal direction check helper: local ENU normal */
  nEnu: [number, number, number];
  pEnu: [number, number, number];
}

interface Loaded {
  dir: string;
  result: TilerResult;
  tileset: TilesetJson;
  glbs: { uri: string; glb: ParsedGlb; world: Mat4; region: Region; vertices: Vertex[] }[];
}

function primitiveOf(g: ParsedGlb): {
  attributes: Record<string, number>;
  indices: number;
  mode?: number;
  extensions: { EXT_mesh_features: { featureIds: { featureCount: number; attribute: number; propertyTable: number }[] } };
} {
  const mesh = g.json.meshes[0] as unknown as { primitives: ReturnType<typeof primitiveOf>[] };
  return mesh.primitives[0];
}

function loadOutput(dir: string, result: TilerResult): Loaded {
  const tileset = readTileset(dir);
  const glbs: Loaded['glbs'] = [];
  for (const v of visitTiles(tileset)) {
    if (!v.tile.content) continue;
    const glb = readGlb(join(dir, v.tile.content.uri));
    const prim = primitiveOf(glb);
    const pos = readAccessor(glb, prim.attributes.POSITION).data;
    const nor = readAccessor(glb, prim.attributes.NORMAL).data;
    const fid = readAccessor(glb, prim.attributes._FEATURE_ID_0).data;
    const gidAttr = readAccessor(glb, prim.attributes._GID).data;
    const vertices: Vertex[] = [];
    for (let i = 0; i < fid.length; i++) {
      const pEnu = yUpToEnu(pos[i * 3], pos[i * 3 + 1], pos[i * 3 + 2]);
      const e = transformPoint(v.world, pEnu[0], pEnu[1], pEnu[2]);
      const [lon, lat, h] = ecefToGeodetic(e[0], e[1], e[2]);
      vertices.push({
        gid: gidAttr[i],
        fid: fid[i],
        lon,
        lat,
        h,
        pEnu,
        nEnu: yUpToEnu(nor[i * 3], nor[i * 3 + 1], nor[i * 3 + 2]),
      });
    }
    glbs.push({ uri: v.tile.content.uri, glb, world: v.world, region: Region.fromTiles(v.tile.boundingVolume.region), vertices });
  }
  return { dir, result, tileset, glbs };
}

async function tile(inDir: string, name: string, maxFeatures: number): Promise<Loaded> {
  const dir = join(tmp, name);
  const result = await runTiler({ inDir, outDir: dir, maxFeatures, log: quiet });
  return loadOutput(dir, result);
}

let single: Loaded;
let split: Loaded;
let absolute: Loaded;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'tiler-test-'));
  single = await tile(FIXTURE, 'single', 4000);
  split = await tile(FIXTURE, 'split', 3);
  const absIn = join(tmp, 'abs-in');
  cpSync(FIXTURE, absIn, { recursive: true });
  const meta = JSON.parse(readFileSync(join(absIn, 'meta.json'), 'utf8')) as { heightMode: string };
  meta.heightMode = 'absolute';
  writeFileSync(join(absIn, 'meta.json'), JSON.stringify(meta));
  absolute = await tile(absIn, 'absolute', 4);
});

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

const outputs = (): [string, Loaded][] => [
  ['single tile', single],
  ['quadtree', split],
  ['absolute heights', absolute],
];

describe('tileset.json', () => {
  it('has the 3D Tiles 1.1 shape', () => {
    for (const [, o] of outputs()) {
      const t = o.tileset;
      expect(t.asset.version).toBe('1.1');
      expect(t.geometricError).toBeGreaterThan(0);
      expect(['ADD', 'REPLACE']).toContain(t.root.refine);
      for (const { tile, parent } of visitTiles(t)) {
        const r = tile.boundingVolume.region;
        expect(r).toHaveLength(6);
        expect(r[0]).toBeLessThan(r[2]);
        expect(r[1]).toBeLessThan(r[3]);
        expect(r[4]).toBeLessThan(r[5]);
        expect(Math.abs(r[0])).toBeLessThanOrEqual(Math.PI);
        expect(Math.abs(r[1])).toBeLessThanOrEqual(Math.PI / 2);
        expect(tile.geometricError).toBeGreaterThanOrEqual(0);
        if (parent) expect(tile.geometricError).toBeLessThanOrEqual(parent.geometricError);
        else expect(tile.geometricError).toBeLessThanOrEqual(t.geometricError);
        if (tile.transform) expect(tile.transform).toHaveLength(16);
        if (tile.content) expect(existsSync(join(o.dir, tile.content.uri))).toBe(true);
        if (!tile.children?.length) expect(tile.content).toBeDefined();
      }
    }
  });

  it('splits into a quadtree with bounded features per tile', () => {
    const tiles = visitTiles(split.tileset);
    expect(tiles.length).toBeGreaterThan(4);
    expect(split.result.contentTiles).toBe(split.glbs.length);
    for (const g of split.glbs) expect(readProperties(g.glb).gid.length).toBeLessThanOrEqual(3);
    expect(single.glbs).toHaveLength(1);
  });

  it('child bounding volumes lie inside their parents', () => {
    for (const [, o] of outputs()) {
      for (const { tile, parent } of visitTiles(o.tileset)) {
        if (!parent) continue;
        const inner = Region.fromTiles(tile.boundingVolume.region);
        const outer = Region.fromTiles(parent.boundingVolume.region);
        expect(outer.contains(inner)).toBe(true);
      }
    }
  });

  it('every content vertex lies inside its tile bounding volume', () => {
    for (const [, o] of outputs()) {
      for (const g of o.glbs) {
        for (const v of g.vertices) {
          expect(v.lon).toBeGreaterThanOrEqual(g.region.west);
          expect(v.lon).toBeLessThanOrEqual(g.region.east);
          expect(v.lat).toBeGreaterThanOrEqual(g.region.south);
          expect(v.lat).toBeLessThanOrEqual(g.region.north);
          expect(v.h).toBeGreaterThanOrEqual(g.region.minH);
          expect(v.h).toBeLessThanOrEqual(g.region.maxH);
        }
      }
    }
  });

  it('bounding volumes are tight: content reaches within 3 cm of every face of its region', () => {
    for (const [, o] of outputs()) {
      for (const g of o.glbs) {
        const lonM = 96_900; // metres per degree of longitude / latitude at 29.56°N (approx.)
        const latM = 110_800;
        const vs = g.vertices;
        const gaps = [
          (Math.min(...vs.map((v) => v.lon)) - g.region.west) * lonM,
          (g.region.east - Math.max(...vs.map((v) => v.lon))) * lonM,
          (Math.min(...vs.map((v) => v.lat)) - g.region.south) * latM,
          (g.region.north - Math.max(...vs.map((v) => v.lat))) * latM,
          Math.min(...vs.map((v) => v.h)) - g.region.minH,
          g.region.maxH - Math.max(...vs.map((v) => v.h)),
        ];
        for (const gap of gaps) expect(gap).toBeLessThan(0.03);
      }
    }
  });
});

describe('glb content', () => {
  it('parses as GLB with 8-byte aligned buffer views and aligned accessors', () => {
    for (const [, o] of outputs()) {
      for (const { glb } of o.glbs) {
        const bufLen = (glb.json.buffers[0] as { byteLength: number }).byteLength;
        expect(glb.bin.byteLength).toBeGreaterThanOrEqual(bufLen);
        for (const v of glb.json.bufferViews) {
          expect((v.byteOffset ?? 0) % 8).toBe(0);
          expect((v.byteOffset ?? 0) + v.byteLength).toBeLessThanOrEqual(bufLen);
        }
        for (const a of glb.json.accessors) {
          const v = glb.json.bufferViews[a.bufferView];
          const csize = COMPONENT_SIZE[a.componentType];
          expect(((v.byteOffset ?? 0) + (a.byteOffset ?? 0)) % csize).toBe(0);
          const stride = v.byteStride ?? TYPE_SIZE[a.type] * csize;
          expect(stride % 4 === 0 || v.target === 34963 || v.target === undefined).toBe(true);
          expect((a.byteOffset ?? 0) + (a.count - 1) * stride + TYPE_SIZE[a.type] * csize).toBeLessThanOrEqual(v.byteLength);
        }
      }
    }
  });

  it('declares EXT_mesh_features with a property table of featureCount rows, ids in range', () => {
    for (const [, o] of outputs()) {
      for (const { glb, vertices } of o.glbs) {
        expect(glb.json.extensionsUsed).toEqual(expect.arrayContaining(['EXT_mesh_features', 'EXT_structural_metadata']));
        const prim = primitiveOf(glb);
        const fids = prim.extensions.EXT_mesh_features.featureIds;
        expect(fids).toHaveLength(1);
        expect(fids[0].attribute).toBe(0);
        expect(fids[0].propertyTable).toBe(0);
        const props = readProperties(glb);
        expect(fids[0].featureCount).toBe(props.gid.length);
        const ext = glb.json.extensions?.EXT_structural_metadata as { propertyTables: { count: number }[] };
        expect(ext.propertyTables).toHaveLength(1);
        expect(ext.propertyTables[0].count).toBe(fids[0].featureCount);
        for (const v of vertices) {
          expect(Number.isInteger(v.fid)).toBe(true);
          expect(v.fid).toBeGreaterThanOrEqual(0);
          expect(v.fid).toBeLessThan(fids[0].featureCount);
        }
      }
    }
  });

  it('the gid column is dense over the tileset and matches ids.txt and the records', () => {
    for (const [, o] of outputs()) {
      const ids = readFileSync(join(o.dir, 'ids.txt'), 'utf8').trimEnd().split('\n');
      expect(ids).toEqual(records.map((r) => r.id));
      const seen = new Array<number>(N).fill(0);
      for (const { glb } of o.glbs) {
        const p = readProperties(glb);
        p.gid.forEach((gid, i) => {
          expect(gid).toBeLessThan(N);
          seen[gid]++;
          expect(p.id[i]).toBe(ids[gid]);
          expect(CATEGORIES[p.category[i]].code).toBe(records[gid].cat);
        });
      }
      expect(seen).toEqual(new Array<number>(N).fill(1));
    }
  });

  it('_GID equals the gid of the vertex feature, and every asset has geometry', () => {
    for (const [, o] of outputs()) {
      const drawn = new Set<number>();
      for (const { glb, vertices } of o.glbs) {
        const p = readProperties(glb);
        for (const v of vertices) {
          expect(v.gid).toBe(p.gid[v.fid]);
          drawn.add(v.gid);
        }
      }
      expect(drawn.size).toBe(N);
    }
  });

  it('colours vertices with the CJJ 61 display colour of their category', () => {
    for (const { glb, vertices } of split.glbs) {
      const col = readAccessor(glb, primitiveOf(glb).attributes.COLOR_0);
      expect(col.components).toBe(4);
      vertices.forEach((v, i) => {
        const rgb = CATEGORIES.find((c) => c.code === records[v.gid].cat)!.display;
        expect([0, 1, 2, 3].map((k) => Math.round(col.data[i * 4 + k] * 255))).toEqual([...rgb, 255]);
      });
    }
  });

  it('triangles face outwards (winding agrees with the vertex normals) and normals are unit length', () => {
    for (const { glb, vertices } of split.glbs) {
      const idx = readAccessor(glb, primitiveOf(glb).indices).data;
      for (const v of vertices) expect(Math.hypot(...v.nEnu)).toBeCloseTo(1, 5);
      let agree = 0;
      for (let t = 0; t < idx.length; t += 3) {
        const [a, b, c] = [vertices[idx[t]], vertices[idx[t + 1]], vertices[idx[t + 2]]];
        const u = [b.pEnu[0] - a.pEnu[0], b.pEnu[1] - a.pEnu[1], b.pEnu[2] - a.pEnu[2]];
        const w = [c.pEnu[0] - a.pEnu[0], c.pEnu[1] - a.pEnu[1], c.pEnu[2] - a.pEnu[2]];
        const n = [u[1] * w[2] - u[2] * w[1], u[2] * w[0] - u[0] * w[2], u[0] * w[1] - u[1] * w[0]];
        const s = [0, 1, 2].map((k) => a.nEnu[k] + b.nEnu[k] + c.nEnu[k]);
        if (n[0] * s[0] + n[1] * s[1] + n[2] * s[2] > 0) agree++;
      }
      expect(agree).toBe(idx.length / 3);
    }
  });

  it('passes the Khronos glTF validator with zero errors', async () => {
    for (const [, o] of outputs()) {
      for (const { uri } of o.glbs) {
        const report = await validator.validateBytes(new Uint8Array(readFileSync(join(o.dir, uri))), { maxIssues: 100 });
        const errors = report.issues.messages.filter((m) => m.severity === 0);
        expect(errors).toEqual([]);
        expect(report.issues.numErrors).toBe(0);
      }
    }
  });
});

describe('geometry at true depth', () => {
  const verticesOf = (o: Loaded, id: string): Vertex[] => {
    const gid = records.findIndex((r) => r.id === id);
    return o.glbs.flatMap((g) => g.vertices.filter((v) => v.gid === gid));
  };

  it('a round pipe: top at ground − depth, bottom one diameter lower, depth interpolated along it (ellipsoid)', () => {
    // JP-000001: DN300 from 106.5760 to 106.5772 along 29.5570, depth 1.2 → 1.8
    for (const o of [single, split]) {
      const vs = verticesOf(o, 'JP-000001');
      expect(vs.length).toBeGreaterThan(0);
      for (const v of vs) {
        const t = (v.lon - 106.576) / (106.5772 - 106.576);
        expect(t).toBeGreaterThan(-0.01);
        expect(t).toBeLessThan(1.01);
        const centre = -(1.2 + 0.6 * Math.min(1, Math.max(0, t))) - 0.15;
        expect(Math.abs(v.h - centre)).toBeLessThanOrEqual(0.15 + 1e-3);
        // horizontally within the radius of the centreline
        expect(Math.abs(v.lat - 29.557) * 110_800).toBeLessThanOrEqual(0.15 + 1e-3);
      }
      const start = vs.filter((v) => Math.abs(v.lon - 106.576) * 96_900 < 0.01);
      const end = vs.filter((v) => Math.abs(v.lon - 106.5772) * 96_900 < 0.01);
      expect(Math.max(...start.map((v) => v.h))).toBeCloseTo(-1.2, 3);
      expect(Math.min(...start.map((v) => v.h))).toBeCloseTo(-1.5, 3);
      expect(Math.max(...end.map((v) => v.h))).toBeCloseTo(-1.8, 3);
      expect(Math.min(...end.map((v) => v.h))).toBeCloseTo(-2.1, 3);
    }
  });

  it('absolute mode puts the pipe top at the recorded ground − depth', () => {
    const vs = verticesOf(absolute, 'JP-000001');
    const start = vs.filter((v) => Math.abs(v.lon - 106.576) * 96_900 < 0.01);
    const end = vs.filter((v) => Math.abs(v.lon - 106.5772) * 96_900 < 0.01);
    expect(Math.max(...start.map((v) => v.h))).toBeCloseTo(250 - 1.2, 3);
    expect(Math.max(...end.map((v) => v.h))).toBeCloseTo(252 - 1.8, 3);
  });

  it('a box section is a w × h prism with its top at the recorded depth', () => {
    // YS-000001: box 1500 × 1000, depth 1.5, along 29.5565
    const vs = verticesOf(split, 'YS-000001');
    expect(Math.max(...vs.map((v) => v.h))).toBeCloseTo(-1.5, 3);
    expect(Math.min(...vs.map((v) => v.h))).toBeCloseTo(-2.5, 3);
    const across = vs.map((v) => (v.lat - 29.5565) * 110_800);
    expect(Math.max(...across)).toBeCloseTo(0.75, 1);
    expect(Math.min(...across)).toBeCloseTo(-0.75, 1);
  });

  it('a bent polyline keeps its section through the bend (mitred ring)', () => {
    // WS-000001: DN600 with a bend at its middle point, depth 2.5 → 3.0; every vertex within r·(mitre) of the axis
    const vs = verticesOf(split, 'WS-000001');
    const ring = vs.filter((v) => Math.hypot((v.lon - 106.5766) * 96_900, (v.lat - 29.5578) * 110_800) < 0.8);
    expect(ring.length).toBeGreaterThanOrEqual(8);
    const hs = ring.map((v) => v.h);
    const span = Math.max(...hs) - Math.min(...hs);
    expect(span).toBeGreaterThan(0.59);
    expect(span).toBeLessThan(0.62);
  });

  it('a manhole is a shaft from just below the ground to its recorded depth', () => {
    const vs = verticesOf(split, 'WS-N001');
    expect(Math.min(...vs.map((v) => v.h))).toBeCloseTo(-3.2, 3);
    expect(Math.max(...vs.map((v) => v.h))).toBeCloseTo(-0.02, 3);
  });

  it('a valve is centred on its recorded centreline depth', () => {
    const vs = verticesOf(split, 'JP-N001');
    const hs = vs.map((v) => v.h);
    expect((Math.max(...hs) + Math.min(...hs)) / 2).toBeCloseTo(-1.35, 3);
  });
});

describe('sidecar', () => {
  it('writes assets/index.json and chunks holding the records in gid order', async () => {
    const dir = join(tmp, 'chunks');
    await runTiler({ inDir: FIXTURE, outDir: dir, chunkSize: 4, log: quiet });
    const index = JSON.parse(readFileSync(join(dir, 'assets/index.json'), 'utf8')) as AssetChunkIndex;
    expect(index).toEqual({ chunkSize: 4, count: N, segmentCount: fixtureSegments.length, nodeCount: fixtureNodes.length });
    const files = readdirSync(join(dir, 'assets')).filter((f) => f !== 'index.json').sort();
    expect(files).toEqual([0, 1, 2, 3].map(chunkFileName));
    const all = files.flatMap((f) => JSON.parse(readFileSync(join(dir, 'assets', f), 'utf8')) as AssetRecord[]);
    expect(all).toEqual(records);
    all.forEach((r, i) => expect(r.gid).toBe(i));
  });

  it('rejects records out of gid order with the file and line', async () => {
    const bad = join(tmp, 'bad-in');
    cpSync(FIXTURE, bad, { recursive: true });
    const lines = [...fixtureSegments];
    [lines[1], lines[2]] = [lines[2], lines[1]];
    writeFileSync(join(bad, 'segments.ndjson'), lines.join('\n') + '\n');
    await expect(runTiler({ inDir: bad, outDir: join(tmp, 'bad-out'), log: quiet })).rejects.toThrow(InputError);
    await expect(runTiler({ inDir: bad, outDir: join(tmp, 'bad-out'), log: quiet })).rejects.toThrow(/segments\.ndjson:2/);
  });
});
