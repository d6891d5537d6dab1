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

  it('answers an error (not a throw) when the assets cannot be read', async () => {
    const service = createHydraulicsService(async () => {
      throw new Error('offline');
    }, () => import('epanet-js'));
    const r = await service.handle({ type: 'what-if', requestId: 1, assetsUrl: 'x/', valves: [], affected: [], hour: 8 }, () => undefined);
    expect(r).toEqual({ type: 'error', requestId: 1, message: 'offline' });
  });
});
