/**
 * The tiler on the hand-made fixture (tests/fixtures/tiler), in every encoding (plain floats; quantised +
 * KHR_meshopt_compression; quantised + EXT_meshopt_compression): tileset.json shape, glb structure and alignment,
 * feature ids and metadata, the id sidecar, the Khronos validator; and on a small generated dataset when the
 * generator is present.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import validator from 'gltf-validator';
import { CATEGORIES } from '../../../src/domain/categories';
import { chunkFileName, type AssetChunkIndex, type AssetRecord } from '../../../src/domain/schema';
import { DEFAULT_ENCODING, PLAIN_ENCODING, type ContentEncoding } from '../../../tools/tiler/content';
import { COMPONENT_SIZE, TYPE_SIZE, firstPrimitive, loadOutput, meshoptExtOf, type LoadedTile } from '../../../tools/tiler/inspect';
import { DatasetError } from '../../../tools/dataset/read';
import { runTiler, type TilerOptions } from '../../../tools/tiler/tiler';
import type { TilesetJson } from '../../../tools/tiler/tileset';

const FIXTURE = join(__dirname, '../../fixtures/tiler');
const fixtureSegments = readFileSync(join(FIXTURE, 'segments.ndjson'), 'utf8').trim().split('\n');
const fixtureNodes = readFileSync(join(FIXTURE, 'nodes.ndjson'), 'utf8').trim().split('\n');
const records = [...fixtureSegments, ...fixtureNodes].map((l) => JSON.parse(l) as AssetRecord);
const quiet = (): void => {};

const EXT: ContentEncoding = { ...DEFAULT_ENCODING, meshopt: 'EXT_meshopt_compression' };
/** small limits so the 16-asset fixture makes a quadtree with leaves and line tiles of every kind */
const SPLIT: Partial<TilerOptions> = { maxFeatures: 3, lod: { lineBudget: 4, reduction: 2 } };

interface Output {
  name: string;
  dir: string;
  encoding: ContentEncoding;
  tileset: TilesetJson;
  tiles: LoadedTile[];
  records: AssetRecord[];
}

let tmp: string;
const outputs: Output[] = [];

async function tile(name: string, opts: Partial<TilerOptions>, inDir = FIXTURE, recs = records): Promise<Output> {
  const dir = join(tmp, name);
  const encoding = opts.encoding ?? DEFAULT_ENCODING;
  await runTiler({ inDir, outDir: dir, log: quiet, workers: 0, ...opts, encoding });
  const { tileset, tiles } = await loadOutput(dir);
  return { name, dir, encoding, tileset, tiles, records: recs };
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'tiler-test-'));
  outputs.push(await tile('plain, one tile', { encoding: PLAIN_ENCODING }));
  outputs.push(await tile('plain, quadtree', { ...SPLIT, encoding: PLAIN_ENCODING }));
  outputs.push(await tile('KHR meshopt, quadtree, worker thread', { ...SPLIT, workers: 1 }));
  outputs.push(await tile('EXT meshopt, quadtree', { ...SPLIT, encoding: EXT }));
});

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

const leaves = (o: Output): LoadedTile[] => o.tiles.filter((t) => !t.tile.children?.length);
const withContent = (o: Output): LoadedTile[] => o.tiles.filter((t) => t.glb);

/** EXT_structural_metadata's binary storage wants 8-byte chunks (glTF itself asks only for 4). */
function expectChunksPadded8(raw: NonNullable<LoadedTile['raw']>): void {
  expect(raw.jsonByteLength).toBeGreaterThan(0);
  expect(raw.jsonByteLength! % 8).toBe(0);
  expect(raw.bin.byteLength % 8).toBe(0);
  expect((raw.json.buffers[0] as { byteLength: number }).byteLength).toBe(raw.bin.byteLength);
}

function checkTileset(o: Output): void {
  const t = o.tileset;
  expect(t.asset.version).toBe('1.1');
  expect(t.geometricError).toBeGreaterThan(0);
  expect(t.root.refine).toBe('REPLACE');
  for (const { tile, parent } of o.tiles) {
    const box = tile.boundingVolume.box!;
    expect(box).toHaveLength(12);
    expect(box.every(Number.isFinite)).toBe(true);
    expect(box[3]).toBeGreaterThan(0);
    expect(box[7]).toBeGreaterThan(0);
    expect(box[11]).toBeGreaterThan(0);
    expect(tile.transform).toHaveLength(16);
    expect(tile.geometricError).toBeGreaterThanOrEqual(0);
    if (parent) expect(tile.geometricError).toBeLessThanOrEqual(parent.geometricError);
    else expect(tile.geometricError).toBeLessThanOrEqual(t.geometricError);
    if (tile.content) expect(existsSync(join(o.dir, tile.content.uri))).toBe(true);
    if (!tile.children?.length) {
      expect(tile.content).toBeDefined();
      expect(tile.geometricError).toBe(0);
    } else {
      expect(tile.geometricError).toBeGreaterThan(0);
    }
  }
}

describe('tileset.json', () => {
  it('has the 3D Tiles 1.1 shape: boxes, transforms, REPLACE, geometric errors falling to 0 at the leaves', () => {
    for (const o of outputs) checkTileset(o);
  });

  it('splits into a quadtree whose leaves hold solids and whose inner tiles hold lines', () => {
    for (const o of outputs.slice(1)) {
      expect(o.tiles.length).toBeGreaterThan(4);
      for (const t of withContent(o)) {
        const isLeaf = !t.tile.children?.length;
        expect(t.mode).toBe(isLeaf ? 4 : 1);
        if (isLeaf) expect(t.props!.gid.length).toBeLessThanOrEqual(3);
        else expect(t.props!.gid.length).toBeLessThanOrEqual(4);
      }
    }
    expect(withContent(outputs[0])).toHaveLength(1);
    expect(outputs[0].tiles[0].mode).toBe(4);
  });
});

describe('glb content', () => {
  it('lays every buffer view (stored and decoded) on an 8-byte boundary, accessors aligned and in range', () => {
    for (const o of outputs) {
      for (const t of withContent(o)) {
        const raw = t.raw!;
        const bin0 = (raw.json.buffers[0] as { byteLength: number }).byteLength;
        expect(raw.bin.byteLength).toBeGreaterThanOrEqual(bin0);
        for (const v of raw.json.bufferViews) {
          expect((v.byteOffset ?? 0) % 8).toBe(0);
          const buf = raw.json.buffers[v.buffer] as { byteLength: number };
          expect((v.byteOffset ?? 0) + v.byteLength).toBeLessThanOrEqual(buf.byteLength);
          const mo = meshoptExtOf(v);
          if (mo) {
            expect((mo.byteOffset ?? 0) % 8).toBe(0);
            expect((mo.byteOffset ?? 0) + mo.byteLength).toBeLessThanOrEqual(bin0);
            expect(mo.byteStride % 4 === 0 || mo.mode !== 'ATTRIBUTES').toBe(true);
          } else {
            expect(v.buffer).toBe(0);
          }
        }
        const g = t.glb!;
        for (const a of g.json.accessors) {
          const v = g.json.bufferViews[a.bufferView];
          const csize = COMPONENT_SIZE[a.componentType];
          expect(((v.byteOffset ?? 0) + (a.byteOffset ?? 0)) % csize).toBe(0);
          const stride = v.byteStride ?? TYPE_SIZE[a.type] * csize;
          if (v.target === 34962) expect(stride % 4).toBe(0);
          expect((a.byteOffset ?? 0) + (a.count - 1) * stride + TYPE_SIZE[a.type] * csize).toBeLessThanOrEqual(v.byteLength);
        }
      }
    }
  });

  it('pads the GLB JSON chunk (spaces) and BIN chunk (zeros) to multiples of 8 bytes, in every tile', () => {
    for (const o of outputs) {
      for (const t of withContent(o)) expectChunksPadded8(t.raw!);
    }
  });

  it('uses the extensions its encoding promises', () => {
    for (const o of outputs) {
      for (const t of withContent(o)) {
        const used = t.raw!.json.extensionsUsed ?? [];
        expect(used).toEqual(expect.arrayContaining(['EXT_mesh_features', 'EXT_structural_metadata']));
        const mo = o.encoding.compress ? o.encoding.meshopt : null;
        for (const name of ['EXT_meshopt_compression', 'KHR_meshopt_compression']) {
          expect(used.includes(name)).toBe(name === mo);
          expect((t.raw!.json.extensionsRequired ?? []).includes(name)).toBe(name === mo);
        }
        expect(used.includes('KHR_mesh_quantization')).toBe(o.encoding.quantize);
      }
    }
  });

  it('declares EXT_mesh_features with a property table of featureCount rows, feature ids in range', () => {
    for (const o of outputs) {
      for (const t of withContent(o)) {
        const fids = firstPrimitive(t.glb!).extensions.EXT_mesh_features.featureIds;
        expect(fids).toEqual([{ featureCount: t.props!.gid.length, attribute: 0, propertyTable: 0 }]);
        const ext = t.glb!.json.extensions?.EXT_structural_metadata as { propertyTables: { count: number; class: string }[] };
        expect(ext.propertyTables).toHaveLength(1);
        expect(ext.propertyTables[0].count).toBe(fids[0].featureCount);
        expect(ext.propertyTables[0].class).toBe('asset');
        for (const v of t.vertices) {
          expect(Number.isInteger(v.fid)).toBe(true);
          expect(v.fid).toBeGreaterThanOrEqual(0);
          expect(v.fid).toBeLessThan(fids[0].featureCount);
        }
      }
    }
  });

  it('leaves hold every gid exactly once, with ids and categories matching ids.txt and the records', () => {
    for (const o of outputs) {
      const ids = readFileSync(join(o.dir, 'ids.txt'), 'utf8').trimEnd().split('\n');
      expect(ids).toEqual(o.records.map((r) => r.id));
      const seen = new Array<number>(ids.length).fill(0);
      for (const t of leaves(o)) {
        const p = t.props!;
        expect(p.id).not.toBeNull();
        p.gid.forEach((gid, i) => {
          seen[gid]++;
          expect(p.id![i]).toBe(ids[gid]);
          expect(CATEGORIES[p.category[i]].code).toBe(o.records[gid].cat);
        });
      }
      expect(seen).toEqual(new Array<number>(ids.length).fill(1));
    }
  });

  it('line tiles hold segments only, no id strings, categories right', () => {
    for (const o of outputs) {
      for (const t of withContent(o).filter((x) => x.mode === 1)) {
        expect(t.props!.id).toBeNull();
        t.props!.gid.forEach((gid, i) => {
          expect(o.records[gid].kind).toBe('segment');
          expect(CATEGORIES[t.props!.category[i]].code).toBe(o.records[gid].cat);
        });
      }
    }
  });

  it('line tiles carry normals along the line, outward at the ends (the shader may grow lines only lengthwise)', () => {
    let checked = 0;
    for (const o of outputs) {
      for (const t of withContent(o).filter((x) => x.mode === 1)) {
        const degree = new Map<number, number>();
        for (const i of t.indices) degree.set(i, (degree.get(i) ?? 0) + 1);
        for (let k = 0; k < t.indices.length; k += 2) {
          const [a, b] = [t.vertices[t.indices[k]], t.vertices[t.indices[k + 1]]];
          const d = [0, 1, 2].map((j) => b.enu[j] - a.enu[j]);
          const len = Math.hypot(d[0], d[1], d[2]);
          if (len < 1) continue; // quantisation makes the direction of very short edges meaningless
          const dot = (n: number[]): number => (n[0] * d[0] + n[1] * d[1] + n[2] * d[2]) / len;
          for (const v of [a, b]) {
            expect(Math.hypot(...v.normal)).toBeCloseTo(1, 2);
            // along the edge (a bend makes an interior normal the mean of two edges) and never mostly vertical
            expect(Math.abs(dot(v.normal))).toBeGreaterThan(0.5);
            expect(Math.abs(v.normal[2])).toBeLessThan(0.5);
          }
          // an end of the centreline points away from the line: growing it lengthens the line
          if (degree.get(t.indices[k]) === 1) expect(dot(a.normal)).toBeLessThan(0);
          if (degree.get(t.indices[k + 1]) === 1) expect(dot(b.normal)).toBeGreaterThan(0);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('_GID equals the gid of the vertex feature, colours are the CJJ 61 display colours, every asset is drawn', () => {
    for (const o of outputs) {
      const drawn = new Set<number>();
      for (const t of withContent(o)) {
        for (const v of t.vertices) {
          expect(v.gid).toBe(t.props!.gid[v.fid]);
          const rgb = CATEGORIES.find((c) => c.code === o.records[v.gid].cat)!.display;
          expect(v.rgba).toEqual([...rgb, 255]);
          drawn.add(v.gid);
        }
      }
      expect(drawn.size).toBe(o.records.length);
    }
  });

  it('passes the Khronos glTF validator with zero errors and zero warnings', async () => {
    for (const o of outputs) {
      for (const t of withContent(o)) {
        const bytes = new Uint8Array(readFileSync(join(o.dir, t.uri!)));
        const report = await validator.validateBytes(bytes, { maxIssues: 100 });
        const serious = report.issues.messages.filter((m) => m.severity <= 1);
        expect(serious, `${o.name}: ${t.uri}`).toEqual([]);
        // the only infos: extensions the validator does not know, and metadata views it cannot see used
        for (const m of report.issues.messages) expect(['UNSUPPORTED_EXTENSION', 'UNUSED_OBJECT']).toContain(m.code);
      }
    }
  });
});

describe('sidecar', () => {
  it('writes assets/index.json and chunks holding the records in gid order', async () => {
    const dir = join(tmp, 'chunks');
    await runTiler({ inDir: FIXTURE, outDir: dir, chunkSize: 4, log: quiet });
    const index = JSON.parse(readFileSync(join(dir, 'assets/index.json'), 'utf8')) as AssetChunkIndex;
    expect(index).toEqual({ chunkSize: 4, count: records.length, segmentCount: fixtureSegments.length, nodeCount: fixtureNodes.length });
    const files = readdirSync(join(dir, 'assets')).filter((f) => f !== 'index.json').sort();
    expect(files).toEqual([0, 1, 2, 3].map(chunkFileName));
    const all = files.flatMap((f) => JSON.parse(readFileSync(join(dir, 'assets', f), 'utf8')) as AssetRecord[]);
    expect(all).toEqual(records);
  });

  it('rejects records out of gid order with the file and line, and leaves no tileset.json behind', async () => {
    const bad = join(tmp, 'bad-in');
    cpSync(FIXTURE, bad, { recursive: true });
    const lines = [...fixtureSegments];
    [lines[1], lines[2]] = [lines[2], lines[1]];
    writeFileSync(join(bad, 'segments.ndjson'), lines.join('\n') + '\n');
    const out = join(tmp, 'bad-out');
    await expect(runTiler({ inDir: bad, outDir: out, log: quiet })).rejects.toThrow(DatasetError);
    await expect(runTiler({ inDir: bad, outDir: out, log: quiet })).rejects.toThrow(/segments\.ndjson:2: gid 2/);
    expect(existsSync(join(out, 'tileset.json'))).toBe(false);
  });

  it('accepts CRLF line ends and blank lines', async () => {
    const crlf = join(tmp, 'crlf-in');
    cpSync(FIXTURE, crlf, { recursive: true });
    writeFileSync(join(crlf, 'segments.ndjson'), fixtureSegments.join('\r\n') + '\r\n\r\n');
    const out = join(tmp, 'crlf-out');
    await runTiler({ inDir: crlf, outDir: out, log: quiet });
    expect(readFileSync(join(out, 'ids.txt'), 'utf8').split('\n')).toHaveLength(records.length + 1);
  });
});

// A small dataset from the generator (tools/generate), when it is present: the whole pipeline on realistic data.
const generatorPath = join(__dirname, '../../../tools/generate/index.ts');
describe.skipIf(!existsSync(generatorPath))('generated dataset', () => {
  it('tiles a generated network into a valid tileset with every gid in exactly one leaf', async () => {
    const mod = (await import(/* @vite-ignore */ generatorPath)) as {
      generateDataset?: (o: { segments: number; seed: number; outDir: string }) => Promise<unknown>;
    };
    if (!mod.generateDataset) return;
    const inDir = join(tmp, 'gen-in');
    await mod.generateDataset({ segments: 1500, seed: 7, outDir: inDir });
    const recs = [
      ...readFileSync(join(inDir, 'segments.ndjson'), 'utf8').trim().split('\n'),
      ...readFileSync(join(inDir, 'nodes.ndjson'), 'utf8').trim().split('\n'),
    ].map((l) => JSON.parse(l) as AssetRecord);
    const o = await tile('generated', { maxFeatures: 600, maxLeafSize: 200 }, inDir, recs);
    checkTileset(o);
    expect(leaves(o).length).toBeGreaterThan(1);
    const seen = new Uint8Array(recs.length);
    for (const t of leaves(o)) for (const g of t.props!.gid) seen[g]++;
    expect(seen.every((c) => c === 1)).toBe(true);
    for (const t of withContent(o)) expectChunksPadded8(t.raw!);
    for (const t of withContent(o).slice(0, 4)) {
      const report = await validator.validateBytes(new Uint8Array(readFileSync(join(o.dir, t.uri!))));
      expect(report.issues.numErrors).toBe(0);
    }
  });
});
