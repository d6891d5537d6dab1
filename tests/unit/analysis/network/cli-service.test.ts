/**
 * The same engine behind the CLI (tools/trace/cli.ts) and the Worker (queryService.ts): on the hand-drawn water
 * network both give the same result object; the CLI exits 1 with one line for an unknown id or a pipe of the wrong
 * kind; the Worker answers with the error's code and both messages; exports carry both languages.
 */
import { describe, expect, it } from 'vitest';
import { encodeNetwork } from '../../../../src/analysis/network/codec';
import { buildNetwork } from '../../../../src/analysis/network/model';
import { createQueryService } from '../../../../src/analysis/queryService';
import type { CliIo } from '../../../../tools/cli';
import { runTrace } from '../../../../tools/trace/cli';
import { fixtureNetwork, fixtureRecords, readFixture, type FixtureNetwork } from './fixture-network';

const water = readFixture<FixtureNetwork>('water-zones.json');

function cli(argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const io: CliIo = {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    exit: (c) => {
      throw Object.assign(new Error('exit'), { exitCode: c });
    },
  };
  let code: number;
  try {
    code = runTrace(argv, io, () => fixtureNetwork(water));
  } catch (e) {
    code = (e as { exitCode?: number }).exitCode ?? -1;
  }
  return { code, out, err };
}

function service(): ReturnType<typeof createQueryService> {
  const { segments, nodes } = fixtureRecords(water);
  const bin = encodeNetwork(buildNetwork(segments, nodes));
  return createQueryService(async () => bin.slice(0));
}

describe('trace CLI and Worker service', () => {
  it('isolate: the CLI prints the result the Worker returns', async () => {
    const c = cli(['isolate', 'P2']);
    expect(c.code).toBe(0);
    const fromCli = JSON.parse(c.out) as unknown;
    const svc = service();
    const loaded = await svc.handle({ type: 'network-load-url', requestId: 1, url: 'tiles/pipes/network.bin' });
    expect(loaded).toMatchObject({ type: 'network-loaded', summary: { segments: 18, valves: 6, closedValves: 1, inoperableValves: 1, sources: 2 } });
    const r = await svc.handle({ type: 'isolate', requestId: 2, pipe: 'P2' });
    expect(r.type).toBe('isolation');
    expect(r.type === 'isolation' && r.result).toEqual(fromCli);
  });

  it('--stuck and --format csv: one row per asset with its role, headers in both languages', () => {
    const c = cli(['isolate', 'P4', '--stuck', 'V5', '--format', 'csv']);
    expect(c.code).toBe(0);
    const lines = c.out.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toContain('role 角色');
    const roles = lines.slice(1).map((l) => `${l.split(',')[0]}:${l.split(',')[3]}`);
    expect(roles).toEqual(expect.arrayContaining(['close:V2', 'close:V3', 'stuck:V5', 'inoperable:V4', 'already-closed:CV', 'isolated:P9', 'customer-isolated:M1']));
    expect(lines.find((l) => l.startsWith('close,'))).toContain('需关阀门');
  });

  it('an unknown id or a pipe of the wrong kind: exit 1 and one line', () => {
    const a = cli(['isolate', 'P99']);
    expect(a.code).toBe(1);
    expect(a.err.trim().split('\n')).toHaveLength(1);
    expect(a.err).toContain('P99');
    const b = cli(['upstream', 'P4']);
    expect(b.code).toBe(1);
    expect(b.err).toMatch(/gravity trace needs a drainage pipe or node/);
    expect(cli(['frobnicate', 'P4']).code).toBe(2);
  });

  it('the Worker answers errors with a code and both messages, and exports the last result', async () => {
    const svc = service();
    expect(await svc.handle({ type: 'isolate', requestId: 1, pipe: 'P2' })).toMatchObject({ type: 'error', error: { code: 'not-loaded' } });
    await svc.handle({ type: 'network-load-url', requestId: 2, url: 'x' });
    expect(await svc.handle({ type: 'network-export', requestId: 3, format: 'csv' })).toMatchObject({ type: 'error', error: { code: 'no-result' } });
    const e = await svc.handle({ type: 'isolate', requestId: 4, pipe: 'P1' });
    expect(e).toMatchObject({ type: 'error', error: { code: 'contains-source' } });
    await svc.handle({ type: 'isolate', requestId: 5, pipe: 'P2' });
    const g = await svc.handle({ type: 'network-export', requestId: 6, format: 'geojson' });
    expect(g.type).toBe('exported');
    if (g.type !== 'exported') return;
    expect(g.filename).toBe('isolation-P2.geojson');
    const fc = JSON.parse(g.text) as { features: { geometry: { type: string }; properties: { role: string; id: string; roleZh: string } }[] };
    const close = fc.features.filter((f) => f.properties.role === 'close').map((f) => f.properties.id).sort();
    expect(close).toEqual(['V1', 'V2', 'V3']);
    expect(fc.features.find((f) => f.properties.id === 'P4')?.geometry.type).toBe('LineString');
    expect(fc.features.find((f) => f.properties.id === 'P4')?.properties.roleZh).toBe('次生停供管段');
  });
});
