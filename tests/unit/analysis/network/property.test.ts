/**
 * Properties on a generated dataset (the sample generator, 1,500 segments): fast-check picks pipes and stuck valves.
 *  - every isolated pipe is bounded by closed valves (to close, or closed already) or dead ends;
 *  - the secondary outage is exactly what a plain reference search (Maps over the records, no CSR) finds cut off:
 *    nothing still connected to a source through open valves is reported cut off, nothing cut off is missed;
 *  - a gravity pipe is upstream of X exactly when X is downstream of it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { convex } from '@turf/turf';
import { hullCandidates, NetworkEngine } from '../../../../src/analysis/network/engine';
import { isNetworkError } from '../../../../src/analysis/network/errors';
import type { PipeNode, PipeSegment } from '../../../../src/domain/schema';
import { readRecords } from '../../../../tools/dataset/read';
import { generateDataset } from '../../../../tools/generate/index';
import { loadNetwork } from '../../../../tools/network/buildNetwork';

const dir = mkdtempSync(join(tmpdir(), 'network-prop-'));
let engine: NetworkEngine;
let segs: PipeSegment[];
let nodes: Map<string, PipeNode>;
let pressure: PipeSegment[];
let drainage: PipeSegment[];

beforeAll(async () => {
  await generateDataset({ segments: 1500, seed: 11, outDir: dir });
  engine = new NetworkEngine(loadNetwork(dir));
  segs = readRecords<PipeSegment>(dir, 'segments.ndjson');
  nodes = new Map(readRecords<PipeNode>(dir, 'nodes.ndjson').map((n) => [n.id, n]));
  pressure = segs.filter((s) => s.cat === 'JS' || s.cat === 'RQ');
  drainage = segs.filter((s) => s.cat === 'PS');
}, 60_000);

const beforeByCat: Record<string, Set<string>> = {};

/** Reference: pipes of category `cat` reachable from its sources without passing a valve in `shut` or a closed one. */
function fedReference(cat: string, shut: ReadonlySet<string>): Set<string> {
  const byId = new Map(segs.map((s) => [s.id, s]));
  const blocked = (n: PipeNode): boolean => n.type === 'valve' && (n.state === 'closed' || shut.has(n.id));
  const fed = new Set<string>();
  const queue: PipeNode[] = [...nodes.values()].filter((n) => n.cat === cat && n.source && !blocked(n));
  const seen = new Set(queue.map((n) => n.id));
  while (queue.length) {
    const n = queue.pop() as PipeNode;
    for (const sid of n.segments) {
      const s = byId.get(sid) as PipeSegment;
      if (fed.has(sid)) continue;
      fed.add(sid);
      for (const end of [s.from, s.to]) {
        const m = nodes.get(end) as PipeNode;
        if (seen.has(end)) continue;
        seen.add(end);
        if (!blocked(m)) queue.push(m);
      }
    }
  }
  return fed;
}

describe('network properties on generated data', () => {
  it('the generator gives the network model: sources, closed boundary and inoperable valves, customers', () => {
    const all = [...nodes.values()];
    const valves = all.filter((n) => n.type === 'valve');
    expect(all.filter((n) => n.source && n.cat === 'JS').length).toBeGreaterThan(0);
    expect(all.filter((n) => n.source && n.cat === 'RQ').length).toBeGreaterThan(0);
    expect(valves.filter((v) => v.state === 'closed').length).toBeGreaterThan(0);
    const inop = valves.filter((v) => v.operable === false).length / valves.length;
    expect(inop).toBeGreaterThan(0.005);
    expect(inop).toBeLessThan(0.08);
    expect(all.filter((n) => n.type === 'meter').every((m) => (m.customers ?? 0) > 0)).toBe(true);
  });

  it('isolated pipes are bounded by closed valves or dead ends; the outage is exactly what is cut off', () => {
    fc.assert(
      fc.property(fc.nat(), fc.array(fc.nat(), { maxLength: 2 }), (pick, stuckPicks) => {
        const pipe = pressure[pick % pressure.length];
        const valveIds = [...nodes.values()].filter((n) => n.type === 'valve' && n.cat === pipe.cat).map((n) => n.id);
        const stuck = stuckPicks.map((k) => valveIds[k % valveIds.length]);
        let r;
        try {
          r = engine.isolate(pipe.id, { stuck });
        } catch (e) {
          if (isNetworkError(e) && (e.info.code === 'contains-source' || e.info.code === 'not-isolable')) return;
          throw e;
        }
        const isolated = new Set(r.isolated.map((p) => p.id));
        const boundary = new Set([...r.valves.close, ...r.valves.alreadyClosed].map((v) => v.id));
        expect(isolated.has(pipe.id)).toBe(true);
        for (const id of isolated) {
          const s = segs[r.isolated.find((p) => p.id === id)?.gid ?? -1];
          for (const end of [s.from, s.to]) {
            if (boundary.has(end)) continue;
            // not a boundary valve: every pipe of the network at this node is isolated too (interior or dead end)
            const n = nodes.get(end) as PipeNode;
            for (const other of n.segments) expect(isolated.has(other), `${id} → ${end} → ${other}`).toBe(true);
          }
        }
        for (const v of r.valves.close) expect(nodes.get(v.id)?.state ?? 'open').toBe('open');
        // outage = fed before − fed after − isolated, by the reference search
        const before = (beforeByCat[pipe.cat] ??= fedReference(pipe.cat, new Set()));
        const after = fedReference(pipe.cat, new Set(r.valves.close.map((v) => v.id)));
        const want = [...before].filter((id) => !after.has(id) && !isolated.has(id)).sort();
        expect(r.outage.map((p) => p.id).sort()).toEqual(want);
      }),
      { numRuns: 60, seed: 20261203 },
    );
  });

  it('a drainage pipe is upstream of X exactly when X is downstream of it', () => {
    fc.assert(
      fc.property(fc.nat(), (pick) => {
        const x = drainage[pick % drainage.length];
        const up = engine.trace('upstream', x.id);
        for (const p of up.pipes.slice(0, 20)) {
          expect(engine.trace('downstream', p.id).pipes.some((q) => q.id === x.id)).toBe(true);
        }
      }),
      { numRuns: 30, seed: 7 },
    );
  });

  it('the hull prefilter keeps every corner: the Turf hull of the candidates = the Turf hull of all points', () => {
    const pt = fc.tuple(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 400 }));
    fc.assert(
      fc.property(fc.array(pt, { minLength: 3, maxLength: 300 }), (pts) => {
        const pos = Float64Array.from(pts.flatMap(([x, y]) => [106.5 + x * 1e-5, 29.5 + y * 1e-5]));
        const all = pts.map((_, i) => i);
        const hull = (idx: number[]): string => {
          const h = convex({ type: 'FeatureCollection', features: idx.map((i) => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [pos[2 * i], pos[2 * i + 1]] } })) });
          return h ? JSON.stringify([...new Set(h.geometry.coordinates[0].map((c) => c.join(',')))].sort()) : 'null';
        };
        expect(hull(hullCandidates(pos, all))).toBe(hull(all));
      }),
      { numRuns: 100, seed: 3 },
    );
  });
});
