/**
 * The sample-data generator: generates a small dataset into a temp folder (through the exported function, no child
 * process) and checks the data contract and the physical rules the rest of the twin relies on.
 */
import { booleanIntersects } from '@turf/turf';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATEGORY_CODES } from '../../../src/domain/categories';
import { minCover } from '../../../src/domain/cover';
import type { DatasetMeta, PipeNode, PipeSegment, SensorDef } from '../../../src/domain/schema';
import { round } from '../../../tools/generate/geo';
import { generateDataset } from '../../../tools/generate/index';
import { Rng } from '../../../tools/generate/prng';
import { fixed7 } from '../../../tools/generate/write';

const SEGMENTS = 2000;
const SEED = 424242;
const FILES = [
  'meta.json', 'segments.ndjson', 'nodes.ndjson', 'sensors.json', 'rivers.geojson', 'streets.geojson',
  'sections.geojson', 'projects.geojson', 'outfalls.geojson', 'labels.geojson',
];

let root: string;
let dirA: string;
let meta: DatasetMeta;
let segs: PipeSegment[];
let nodes: PipeNode[];

const readLines = <T>(path: string): T[] =>
  readFileSync(path, 'utf8').split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as T);
const readJSON = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'cq-gen-'));
  dirA = join(root, 'a');
  meta = await generateDataset({ segments: SEGMENTS, seed: SEED, outDir: dirA });
  segs = readLines<PipeSegment>(join(dirA, 'segments.ndjson'));
  nodes = readLines<PipeNode>(join(dirA, 'nodes.ndjson'));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('generateDataset', () => {
  it('is deterministic: same seed → identical bytes, other seed → different data', async () => {
    const dirB = join(root, 'b');
    const dirC = join(root, 'c');
    await generateDataset({ segments: SEGMENTS, seed: SEED, outDir: dirB });
    await generateDataset({ segments: SEGMENTS, seed: SEED + 1, outDir: dirC });
    for (const f of FILES) {
      expect(readFileSync(join(dirB, f)).equals(readFileSync(join(dirA, f))), f).toBe(true);
    }
    expect(readFileSync(join(dirC, 'segments.ndjson')).equals(readFileSync(join(dirA, 'segments.ndjson')))).toBe(false);
  });

  it('writes the schema file set with a consistent meta', () => {
    expect(meta.synthetic).toBe(true);
    expect(meta.heightMode).toBe('ellipsoid');
    expect(meta.segmentCount).toBe(segs.length);
    expect(meta.nodeCount).toBe(nodes.length);
    // sized close to the request
    expect(segs.length).toBeGreaterThan(SEGMENTS * 0.8);
    expect(segs.length).toBeLessThan(SEGMENTS * 1.25);
    const onDisk = readJSON<DatasetMeta>(join(dirA, 'meta.json'));
    expect(onDisk).toEqual(meta);
    let total = 0;
    for (const c of Object.values(meta.categories)) total += c?.segments ?? 0;
    expect(total).toBe(segs.length);
  });

  it('writes every NDJSON line in JSON.stringify canonical form with the schema field order', () => {
    const segKeys = ['kind', 'id', 'gid', 'cat', 'sub', 'code', 'from', 'to', 'coords', 'material', 'dn', 'box', 'depth0',
      'depth1', 'ground0', 'ground1', 'burial', 'year', 'owner', 'street', 'crossing', 'pressureZone', 'pressureClass',
      'invert0', 'invert1', 'underCarriageway'];
    const nodeKeys = ['kind', 'id', 'gid', 'cat', 'sub', 'code', 'type', 'position', 'ground', 'depth', 'year', 'owner', 'segments'];
    // the network model's optional node fields (valves, sources, service points), when present, follow in this order
    const nodeOptional = ['state', 'operable', 'source', 'customers', 'demand'];
    for (const [file, keys] of [['segments.ndjson', segKeys], ['nodes.ndjson', nodeKeys]] as const) {
      const lines = readFileSync(join(dirA, file), 'utf8').split('\n');
      expect(lines.pop()).toBe('');
      for (const line of lines) {
        const rec = JSON.parse(line) as Record<string, unknown>;
        expect(JSON.stringify(rec)).toBe(line);
        const got = Object.keys(rec);
        expect(got.slice(0, keys.length)).toEqual(keys);
        const extra = got.slice(keys.length);
        expect(extra).toEqual(nodeOptional.filter((k) => extra.includes(k)));
        if (file === 'segments.ndjson') expect(extra).toEqual([]);
      }
    }
  });

  it('has dense gids in file order: segments 0…S-1, nodes S…S+N-1', () => {
    segs.forEach((s, i) => expect(s.gid).toBe(i));
    nodes.forEach((n, i) => expect(n.gid).toBe(segs.length + i));
  });

  it('has unique ids across segments and nodes', () => {
    const ids = new Set<string>();
    for (const r of [...segs, ...nodes]) {
      expect(ids.has(r.id), r.id).toBe(false);
      ids.add(r.id);
    }
  });

  it('has a closed topology: every from/to exists and nodes list exactly their segments', () => {
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const expected = new Map<string, string[]>();
    for (const s of segs) {
      expect(byId.has(s.from), s.from).toBe(true);
      expect(byId.has(s.to), s.to).toBe(true);
      expect(s.from).not.toBe(s.to);
      expect(byId.get(s.from)?.cat).toBe(s.cat);
      expect(byId.get(s.to)?.cat).toBe(s.cat);
      for (const n of [s.from, s.to]) expected.set(n, [...(expected.get(n) ?? []), s.id]);
    }
    for (const n of nodes) {
      expect([...n.segments].sort(), n.id).toEqual([...(expected.get(n.id) ?? [])].sort());
      expect(n.segments.length).toBeGreaterThan(0);
    }
  });

  it('keeps segments out of the rivers unless they are declared crossings', () => {
    const rivers = readJSON<GeoJSON.FeatureCollection>(join(dirA, 'rivers.geojson'));
    const water = rivers.features.filter((f) => f.properties?.kind === 'water');
    expect(water.map((f) => f.properties?.river)).toContain('jialing');
    let crossings = 0;
    for (const s of segs) {
      const line: GeoJSON.Feature<GeoJSON.LineString> = { type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: s.coords } };
      const wet = water.some((w) => booleanIntersects(line, w));
      if (s.crossing) crossings++;
      else expect(wet, `${s.id} lies in a river`).toBe(false);
    }
    expect(crossings).toBeGreaterThan(0);
    expect(crossings).toBeLessThan(segs.length * 0.05);
  });

  it('keeps every buried pipe at or below the minimum cover, depth = pipe top', () => {
    for (const s of segs) {
      if (s.burial === 'JK') continue;
      const need = minCover(s.cat, s.sub, s.underCarriageway ?? true);
      expect(s.depth0, s.id).toBeGreaterThanOrEqual(need);
      expect(s.depth1, s.id).toBeGreaterThanOrEqual(need);
    }
  });

  it('lays gravity sewers with inverts falling along the flow, consistent with ground and depth', () => {
    const ps = segs.filter((s) => s.cat === 'PS');
    expect(ps.length).toBeGreaterThan(0);
    for (const s of ps) {
      expect(s.invert0).not.toBeNull();
      expect(s.invert1).not.toBeNull();
      const inv0 = s.invert0 as number;
      const inv1 = s.invert1 as number;
      expect(inv0, s.id).toBeGreaterThan(inv1);
      const D = (s.dn ?? s.box?.h ?? NaN) / 1000;
      expect(Math.abs(inv0 - (s.ground0 - s.depth0 - D)), s.id).toBeLessThan(0.002);
      expect(Math.abs(inv1 - (s.ground1 - s.depth1 - D)), s.id).toBeLessThan(0.002);
    }
  });

  it('drains every sewer segment through a tree to an outfall', () => {
    const ps = segs.filter((s) => s.cat === 'PS');
    const out = new Map<string, PipeSegment>();
    for (const s of ps) {
      expect(out.has(s.from), `${s.from} has two outgoing pipes`).toBe(false);
      out.set(s.from, s);
    }
    const type = new Map(nodes.map((n) => [n.id, n.type]));
    const outfalls = new Set<string>();
    for (const s of ps) {
      let cur = s;
      let steps = 0;
      for (;;) {
        const next = out.get(cur.to);
        if (!next) break;
        expect(next.sub).toBe(s.sub);
        cur = next;
        expect(++steps).toBeLessThan(ps.length);
      }
      expect(type.get(cur.to), `${s.id} ends at ${cur.to}`).toBe('outfall');
      outfalls.add(cur.to);
    }
    const ofs = readJSON<GeoJSON.FeatureCollection>(join(dirA, 'outfalls.geojson'));
    expect(new Set(ofs.features.map((f) => f.properties?.id))).toEqual(outfalls);
    for (const f of ofs.features) expect(nodes[(f.properties?.gid as number) - segs.length].id).toBe(f.properties?.id);
  });

  it('has every main category, storm and sewage, inlets, hydrants and valves on water and gas', () => {
    const cats = new Set(segs.map((s) => s.cat));
    for (const c of ['JS', 'PS', 'RQ', 'RL', 'DL', 'TX'] as const) expect(cats.has(c), c).toBe(true);
    for (const c of cats) expect(CATEGORY_CODES).toContain(c);
    const subs = new Set(segs.map((s) => s.sub));
    for (const s of ['JP', 'YS', 'WS', 'TR', 'GD', 'LD', 'RS']) expect(subs.has(s), s).toBe(true);
    const has = (cat: string, type: string): boolean => nodes.some((n) => n.cat === cat && n.type === type);
    expect(has('JS', 'valve')).toBe(true);
    expect(has('RQ', 'valve')).toBe(true);
    expect(has('JS', 'hydrant')).toBe(true);
    expect(has('PS', 'inlet')).toBe(true);
    expect(has('PS', 'outfall')).toBe(true);
    expect(has('PS', 'manhole')).toBe(true);
  });

  it('lets valves isolate water and gas mains in sections of bounded length', () => {
    const type = new Map(nodes.map((n) => [n.id, n.type]));
    const metres = (c: number[][]): number => {
      let L = 0;
      for (let i = 1; i < c.length; i++) L += Math.hypot((c[i][0] - c[i - 1][0]) * 96900, (c[i][1] - c[i - 1][1]) * 110900);
      return L;
    };
    for (const [cat, limit] of [['JS', 3000], ['RQ', 6000]] as const) {
      const ss = segs.filter((s) => s.cat === cat);
      const at = new Map<string, PipeSegment[]>();
      for (const s of ss) for (const n of [s.from, s.to]) at.set(n, [...(at.get(n) ?? []), s]);
      const seen = new Set<string>();
      let largest = 0;
      for (const s of ss) {
        if (seen.has(s.id)) continue;
        seen.add(s.id);
        const stack = [s];
        let L = 0;
        while (stack.length) {
          const x = stack.pop() as PipeSegment;
          L += metres(x.coords);
          for (const n of [x.from, x.to]) {
            if (type.get(n) === 'valve') continue; // closing this valve cuts the section here
            for (const y of at.get(n) ?? []) {
              if (!seen.has(y.id)) {
                seen.add(y.id);
                stack.push(y);
              }
            }
          }
        }
        largest = Math.max(largest, L);
      }
      expect(largest, cat).toBeGreaterThan(0);
      expect(largest, cat).toBeLessThan(limit);
    }
  });

  it('uses 8-digit CJJ 61 feature codes matching category and element', () => {
    for (const s of segs) expect(s.code, s.id).toMatch(/^5[1-8]\d{2}1000$/);
    for (const n of nodes) expect(n.code, n.id).toMatch(/^5[1-8]\d{2}2[12]\d{2}$/);
    const ws = segs.find((s) => s.sub === 'WS');
    expect(ws?.code).toBe('52021000');
    const wsManhole = nodes.find((n) => n.sub === 'WS' && n.type === 'manhole');
    expect(wsManhole?.code).toBe('52022202');
    const jpValve = nodes.find((n) => n.sub === 'JP' && n.type === 'valve');
    expect(jpValve?.code).toBe('51042204');
  });

  it('keeps all coordinates inside the bbox', () => {
    const [w, s, e, n] = meta.bbox;
    const inside = (p: number[]): boolean => p[0] >= w && p[0] <= e && p[1] >= s && p[1] <= n;
    for (const sg of segs) for (const p of sg.coords) expect(inside(p), sg.id).toBe(true);
    for (const nd of nodes) expect(inside(nd.position), nd.id).toBe(true);
  });

  it('defines sensors on existing assets and sections', () => {
    const sensors = readJSON<SensorDef[]>(join(dirA, 'sensors.json'));
    const sections = readJSON<GeoJSON.FeatureCollection>(join(dirA, 'sections.geojson'));
    const assets = new Set([...segs.map((s) => s.id), ...nodes.map((n) => n.id), ...sections.features.map((f) => f.properties?.id as string)]);
    expect(sections.features.length).toBeGreaterThan(0);
    const ids = new Set<string>();
    for (const s of sensors) {
      expect(assets.has(s.asset), s.asset).toBe(true);
      expect(ids.has(s.sensor)).toBe(false);
      ids.add(s.sensor);
      expect(s.interval).toBeGreaterThan(0);
    }
    const metrics = new Set(sensors.map((s) => s.metric));
    for (const m of ['pressure', 'level', 'do', 'ph', 'nh3n']) expect(metrics.has(m), m).toBe(true);
  });
});

describe('generateDataset --segments 500 (the end-to-end dataset)', () => {
  it('is small, valid and still has every main category and a river crossing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cq-gen-small-'));
    try {
      const m = await generateDataset({ segments: 500, seed: 20261129, outDir: dir });
      const ss = readLines<PipeSegment>(join(dir, 'segments.ndjson'));
      expect(m.segmentCount).toBe(ss.length);
      expect(ss.length).toBeGreaterThan(400);
      expect(ss.length).toBeLessThan(650);
      expect(new Set(ss.map((s) => s.cat))).toEqual(new Set(['JS', 'PS', 'RQ', 'RL', 'DL', 'TX']));
      expect(ss.some((s) => s.crossing !== null)).toBe(true);
      const labels = readJSON<GeoJSON.FeatureCollection>(join(dir, 'labels.geojson'));
      expect(labels.features.some((f) => f.properties?.kind === 'bridge')).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('fixed7 (fast coordinate formatting)', () => {
  it('prints exactly what String() prints for 7-decimal coordinates', () => {
    const r = new Rng(7);
    for (let i = 0; i < 20000; i++) {
      for (const v of [round(106 + r.next(), 7), round(29 + r.next(), 7)]) expect(fixed7(v)).toBe(String(v));
    }
    for (const v of [106, 106.5, 29.0000001, 106.000001, 29.1234567]) expect(fixed7(v)).toBe(String(v));
  });
});

