import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeInp } from '../../../../src/analysis/hydraulics/inp';
import { hourlyPattern } from '../../../../src/analysis/hydraulics/pattern';
import { buildWaterModel } from '../../../../src/analysis/hydraulics/model';
import { loadEngine, solveSnapshot, withProject, type Engine } from '../../../../src/analysis/hydraulics/solver';
import { isolationWhatIf } from '../../../../src/analysis/hydraulics/whatIf';
import type { PipeNode, PipeSegment } from '../../../../src/domain/schema';

const fixture = JSON.parse(readFileSync(new URL('../../../fixtures/hydraulics/five-node.json', import.meta.url), 'utf8')) as {
  segments: PipeSegment[];
  nodes: PipeNode[];
};

let engine: Engine;
beforeAll(async () => {
  engine = await loadEngine(await import('epanet-js'));
});

describe('water model from dataset records (five-node fixture)', () => {
  const model = buildWaterModel(fixture.segments, fixture.nodes);

  it('has the data source as a reservoir at its head, valves as links with twin nodes, demand from the data', () => {
    expect(model.sourcesFrom).toBe('data');
    expect(model.demandsFrom).toBe('data');
    expect(model.nodes.filter((n) => n.kind === 'reservoir').map((n) => [n.id, n.head])).toEqual([['S.R', 50]]);
    expect(model.links.filter((l) => l.kind === 'valve').map((l) => [l.id, l.from, l.to, l.status])).toEqual([
      ['V1', 'V1', 'V1.B', 'Open'],
      ['V2', 'V2', 'V2.B', 'Open'],
    ]);
    expect(model.nodes.find((n) => n.id === 'B')?.demand).toBe(2);
    expect(model.nodes.find((n) => n.id === 'T')?.elevation).toBe(9);
    // a flat network is one pressure sub-zone: nothing closed
    expect(model.links.filter((l) => l.status === 'Closed')).toEqual([]);
  });

  it('writes an INP that epanet-js reads back with the same counts, lengths and diameters', () => {
    const inp = writeInp(model);
    const { NodeProperty, LinkProperty, CountType, LinkType } = engine.lib;
    const read = withProject(engine, inp, (p) => {
      const pipes: Record<string, [number, number]> = {};
      let valves = 0;
      for (let i = 1; i <= p.getCount(CountType.LinkCount); i++) {
        if (p.getLinkType(i) === LinkType.Pipe) pipes[p.getLinkId(i)] = [p.getLinkValue(i, LinkProperty.Length), p.getLinkValue(i, LinkProperty.Diameter)];
        else valves++;
      }
      return {
        nodes: p.getCount(CountType.NodeCount),
        tanks: p.getCount(CountType.TankCount),
        pipes,
        valves,
        demandB: p.getNodeValue(p.getNodeIndex('B'), NodeProperty.BaseDemand),
      };
    });
    expect(read.nodes).toBe(model.nodes.length);
    expect(read.tanks).toBe(1); // EPANET counts reservoirs among tanks
    expect(read.valves).toBe(2);
    const written = Object.fromEntries(model.links.filter((l) => l.kind === 'pipe').map((l) => [l.id, [l.length, l.diameter]]));
    expect(Object.keys(read.pipes).sort()).toEqual(Object.keys(written).sort());
    for (const [id, [len, dia]] of Object.entries(written)) {
      expect(read.pipes[id][0]).toBeCloseTo(len, 2);
      expect(read.pipes[id][1]).toBeCloseTo(dia, 2);
    }
    expect(read.demandB).toBeCloseTo(2, 6);
    // P2 runs ~0.001° east and 0.0005° north at 29.56°N: √(96.9² + 55.4²) ≈ 111.6 m
    expect(written.P2[0]).toBeGreaterThan(110);
    expect(written.P2[0]).toBeLessThan(113);
  });

  it('solves without warnings: static 41 m less a little friction, the 2 L/s delivered at B', () => {
    const s = solveSnapshot(engine, writeInp(model, { durationH: 0, startH: 12 }), ['T', 'B']);
    expect(s.warnings).toEqual([]);
    expect(s.pressure[0]).toBeGreaterThan(40.9);
    expect(s.pressure[0]).toBeLessThanOrEqual(41);
    expect(s.pressure[1]).toBeLessThan(s.pressure[0]);
    expect(s.pressure[1]).toBeGreaterThan(40.5);
  });

  it('closing both valves of the branch leaves B without demand or pressure under pressure-driven analysis', () => {
    const r = isolationWhatIf(engine, model, ['V1', 'V2', 'NOPE'], ['B'], { hour: 12 });
    expect(r.closed).toEqual(['V1', 'V2']);
    expect(r.unknown).toEqual(['NOPE']);
    expect(r.lost.map((p) => p.node)).toEqual(['B']);
    expect(r.lost[0].delivered).toBeCloseTo(0, 3);
    expect(r.lost[0].pressureAfter).toBeCloseTo(0, 3);
    // the demand at noon: 2 L/s × the daily pattern's 12:00–13:00 multiplier
    expect(r.shortfall).toBeCloseTo(2 * hourlyPattern()[12], 3);
    expect(r.lost[0].pressureBefore).toBeGreaterThan(40);
    expect(r.hydraulicOnly).toEqual([]);
    expect(r.graphOnly).toEqual([]);
    // one valve closed: B is still fed round the loop
    const one = isolationWhatIf(engine, model, ['V1'], ['B'], { hour: 12 });
    expect(one.lost).toEqual([]);
    expect(one.graphOnly).toEqual(['B']);
  });

  it('cuts pressure sub-zones of 20 m: a hill gets its own inlet, the links to it are closed', () => {
    // B on a hill: ground 40 (elevation 39). The part needs 39 + 20 + 5 = 64 m of head (more than the recorded 50).
    // Band = floor((64 − 25 − elevation) / 20): B (39) band 0, the rest (9) band 1 at 64 − 20 = 44 m.
    const nodes = fixture.nodes.map((n) => (n.id === 'B' ? { ...n, ground: 40 } : n));
    const m = buildWaterModel(fixture.segments, nodes, { minSubzone: 1 });
    expect(m.links.filter((l) => l.status === 'Closed').map((l) => l.id).sort()).toEqual(['P3', 'P4']);
    expect(m.nodes.filter((n) => n.kind === 'reservoir').map((n) => [n.id, n.head]).sort()).toEqual([['B.R', 64], ['S.R', 44]]);
    expect(m.zones[0].closed).toBe(2);
    // with the default minimum (12 junctions) both pieces are too small to stand alone: one part at 64 m
    const whole = buildWaterModel(fixture.segments, nodes);
    expect(whole.nodes.filter((n) => n.kind === 'reservoir').map((n) => [n.id, n.head])).toEqual([['S.R', 64]]);
  });

  it('a closed valve in the data is written closed; a pipe between two zones is a closed boundary', () => {
    const nodes = fixture.nodes.map((n) => (n.id === 'V2' ? { ...n, state: 'closed' as const } : n));
    const segs = fixture.segments.map((s) => (s.id === 'P1' ? { ...s, pressureZone: 'Z0' } : s));
    const m = buildWaterModel(segs, nodes);
    expect(m.links.find((l) => l.id === 'V2')?.status).toBe('Closed');
    // S has only P1 (zone Z0); T's majority is Z1: P1 joins two zones
    expect(m.links.find((l) => l.id === 'P1')).toMatchObject({ boundary: true, status: 'Closed' });
    expect(writeInp(m)).toMatch(/^V2\tClosed$/m);
  });
});
