import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { writeInp } from '../../../../src/analysis/hydraulics/inp';
import { buildWaterModel, splitPipe } from '../../../../src/analysis/hydraulics/model';
import type { HydraulicsResponse, PressureReading } from '../../../../src/analysis/hydraulics/protocol';
import { createHydraulicsService } from '../../../../src/analysis/hydraulics/service';
import { loadEngine, solveSnapshot } from '../../../../src/analysis/hydraulics/solver';
import type { PipeNode, PipeSegment } from '../../../../src/domain/schema';

// The Worker's service in Node: the grid fixture served as the tiler's asset chunks.
const grid = JSON.parse(readFileSync(new URL('../../../fixtures/hydraulics/grid.json', import.meta.url), 'utf8')) as {
  segments: PipeSegment[];
  nodes: PipeNode[];
};
const records = [...grid.segments, ...grid.nodes];
const files: Record<string, unknown> = {
  'assets/index.json': { chunkSize: 4096, count: records.length, segmentCount: grid.segments.length, nodeCount: grid.nodes.length },
  'assets/00000.json': records,
};
const fetched: string[] = [];
const fetchJson = async (url: string) => {
  fetched.push(url);
  if (!(url in files)) throw new Error(`404 ${url}`);
  return files[url];
};
const SENSORS = ['N03', 'N30', 'N33', 'N12', 'N21', 'N22'];

describe('hydraulics Worker service (grid fixture)', () => {
  it('loads the network from the asset chunks and epanet-js on the first request, then locates the leak', async () => {
    let libLoads = 0;
    const service = createHydraulicsService(fetchJson, () => {
      libLoads++;
      return import('epanet-js');
    });
    // the "observed" pressures: the same model with a 6 L/s leak half-way along P19, at 08:00
    const engine = await loadEngine(await import('epanet-js'));
    const model = buildWaterModel(grid.segments, grid.nodes);
    const leaky = splitPipe(model, 'P19', 0.5, 'LEAK');
    const obs = solveSnapshot(engine, writeInp(leaky, { durationH: 0, startH: 8, emitters: new Map([['LEAK', 6 / Math.sqrt(40)]]) }), SENSORS);
    const readings: PressureReading[] = SENSORS.map((n, i) => ({ sensor: `S-${n}`, node: n, valueM: obs.pressure[i] }));
    const progress: HydraulicsResponse[] = [];
    const r = await service.handle({ type: 'locate', requestId: 7, assetsUrl: 'assets/', zone: 'G', hour: 8, readings }, (p) => progress.push(p));
    expect(r.type).toBe('located');
    if (r.type !== 'located') return;
    expect(r.requestId).toBe(7);
    expect(r.result.candidates[0]).toMatchObject({ pipe: 'P19', gid: grid.segments.find((s) => s.id === 'P19')!.gid });
    expect(r.result.stretchGids).toContain(grid.segments.find((s) => s.id === 'P19')!.gid);
    expect(progress.some((p) => p.type === 'progress' && p.stage === 'load')).toBe(true);
    expect(fetched).toEqual(['assets/index.json', 'assets/00000.json']);
    // a second request reuses the network, the engine and the zone's signatures
    const again = await service.handle({ type: 'locate', requestId: 8, assetsUrl: 'assets/', zone: 'G', hour: 8, readings }, () => undefined);
    expect(again.type === 'located' && again.result.signatureMs).toBe(0);
    expect(libLoads).toBe(1);
    expect(fetched).toHaveLength(2);
  });

  it('uses the inlet meters sent with the readings: an east leak the west loggers cannot see is placed in the east half', async () => {
    // the grid cut in two halves (without P08, P10, P12, P14), the east fed at N33; loggers in the west only
    const CUT = new Set(['P08', 'P10', 'P12', 'P14']);
    const segs = grid.segments.filter((x) => !CUT.has(x.id));
    const nodes = grid.nodes.map((n) => (n.id === 'N33' ? { ...n, source: { kind: 'zone-inlet' as const, name: 'east inlet', head: 60 } } : n));
    const recs = [...segs, ...nodes];
    const halves: Record<string, unknown> = {
      'h/index.json': { chunkSize: 4096, count: recs.length, segmentCount: segs.length, nodeCount: nodes.length },
      'h/00000.json': recs,
    };
    const service = createHydraulicsService(async (url) => halves[url], () => import('epanet-js'));
    const engine = await loadEngine(await import('epanet-js'));
    const model = buildWaterModel(segs, nodes);
    const WEST = ['N01', 'N10', 'N11', 'N03'];
    const INLETS = ['N00.R', 'N33.R'];
    const run = (m: typeof model, emitters?: Map<string, number>) => solveSnapshot(engine, writeInp(m, { durationH: 0, startH: 8, emitters }), [...WEST, ...INLETS]);
    const base = run(model);
    const obs = run(splitPipe(model, 'P19', 0.5, 'LEAK'), new Map([['LEAK', 6 / Math.sqrt(40)]]));
    const readings: PressureReading[] = WEST.map((n, i) => ({ sensor: `S-${n}`, node: n, valueM: obs.pressure[i] }));
    const inlets = INLETS.map((inlet, i) => ({ inlet, flowLps: -obs.demand[WEST.length + i] }));
    // the meters saw 6 L/s more at the east inlet, nothing more at the west one
    expect(inlets[1].flowLps + base.demand[WEST.length + 1]).toBeGreaterThan(4);
    expect(Math.abs(inlets[0].flowLps + base.demand[WEST.length])).toBeLessThan(0.01);
    const east = (pipe: string) => {
      const s = segs.find((x) => x.id === pipe)!;
      return /^N[23]/.test(s.from) && /^N[23]/.test(s.to);
    };
    const without = await service.handle({ type: 'locate', requestId: 1, assetsUrl: 'h/', zone: 'G', hour: 8, readings }, () => undefined);
    expect(without.type === 'located' && without.result.localisation.confidence).toBe('none');
    expect(without.type === 'located' && without.result.inletsUsed).toBe(0);
    // a meter at an inlet the model does not have is left out (and said so: inletsUsed counts only the matched ones)
    const stray = await service.handle({ type: 'locate', requestId: 3, assetsUrl: 'h/', zone: 'G', hour: 8, readings, inlets: [{ inlet: 'NOPE.R', flowLps: 9 }] }, () => undefined);
    expect(stray.type === 'located' && stray.result.inletsUsed).toBe(0);
    expect(stray.type === 'located' && stray.result.localisation.confidence).toBe('none');
    const withMeters = await service.handle({ type: 'locate', requestId: 2, assetsUrl: 'h/', zone: 'G', hour: 8, readings, inlets }, () => undefined);
    expect(withMeters.type).toBe('located');
    if (withMeters.type !== 'located') return;
    expect(withMeters.result.localisation.confidence).not.toBe('none');
    expect(withMeters.result.inletsUsed).toBe(INLETS.length);
    expect(withMeters.result.candidates.slice(0, 5).every((c) => east(c.pipe))).toBe(true);
  });

  it('answers an error (not a throw) when the assets cannot be read', async () => {
    const service = createHydraulicsService(async () => {
      throw new Error('offline');
    }, () => import('epanet-js'));
    const r = await service.handle({ type: 'what-if', requestId: 1, assetsUrl: 'x/', valves: [], affected: [], hour: 8 }, () => undefined);
    expect(r).toEqual({ type: 'error', requestId: 1, message: 'offline' });
  });
});
