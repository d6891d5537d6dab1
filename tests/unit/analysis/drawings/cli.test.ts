import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DrawingPipe } from '../../../../src/analysis/drawings/types';
import type { CliIo } from '../../../../tools/cli';
import { runCheck } from '../../../../tools/check/cli';
import { checkFixture, profileFixture, sectionFixture } from './fixtures';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A dataset folder holding the pipes (and nodes at their ends). */
function dataset(pipes: DrawingPipe[], nodeInfo: Map<string, { type: string; ground: number; depth: number }> = new Map()): string {
  const dir = mkdtempSync(join(tmpdir(), 'drawings-cli-'));
  dirs.push(dir);
  const nodes = new Map<string, object>();
  pipes.forEach((p) => {
    for (const [id, pos] of [[p.from, p.coords[0]], [p.to, p.coords[p.coords.length - 1]]] as const) {
      if (nodes.has(id)) continue;
      const info = nodeInfo.get(id) ?? { type: 'junction', ground: 100, depth: 1 };
      nodes.set(id, { kind: 'node', id, gid: pipes.length + nodes.size, cat: p.cat, sub: p.sub, code: '', position: pos, year: 2000, owner: 'o', segments: [], ...info });
    }
  });
  writeFileSync(join(dir, 'segments.ndjson'), pipes.map((p) => JSON.stringify({ kind: 'segment', code: '', year: 2000, street: null, pressureZone: null, ...p })).join('\n') + '\n');
  writeFileSync(join(dir, 'nodes.ndjson'), [...nodes.values()].map((n) => JSON.stringify(n)).join('\n') + '\n');
  return dir;
}

function run(argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const io: CliIo = {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    exit: (c) => {
      throw new Error(`exit ${c}: ${err}`);
    },
  };
  const code = runCheck(argv, io);
  return { code, out, err };
}

describe('npm run check', () => {
  const pf = profileFixture();
  const profileDir = dataset(pf.pipes, new Map([...pf.nodes].map(([id, n]) => [id, { type: n.type, ground: n.ground, depth: n.depth }])));

  it('profile --to-outfall follows the network engine downstream from a branch pipe', () => {
    const r = run(['profile', '--data', profileDir, '--from', 'P4', '--to-outfall', '--format', 'json']);
    expect(r.code).toBe(0);
    const p = JSON.parse(r.out) as { segments: { id: string }[]; to: string };
    expect(p.segments.map((s) => s.id)).toEqual(['P4', 'P2', 'P3']);
    expect(p.to).toBe('O1');
  });

  it('profile between two nodes writes the SVG with the adverse pipe in red; an unknown id exits 1 in both languages', () => {
    const r = run(['profile', '--data', profileDir, '--from', 'M1', '--to', 'O1', '--lang', 'en']);
    expect(r.out.startsWith('<svg')).toBe(true);
    expect(r.out).toContain('class="invert bad"');
    const bad = run(['profile', '--data', profileDir, '--from', 'nope', '--to-outfall']);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/nope.*。/);
  });

  it('section --line lists the crossed pipes; clearances --format csv lists the planted violations', () => {
    const sf = sectionFixture();
    const dir = dataset(sf.pipes);
    const line = sf.line.map((p) => p.join(',')).join(';');
    const s = JSON.parse(run(['section', '--data', dir, '--line', line, '--format', 'json']).out) as { pipes: { id: string }[]; violations: number };
    expect(s.pipes.map((p) => p.id)).toEqual(['W1', 'S1', 'G1', 'T1', 'D1', 'J2']);
    expect(s.violations).toBe(2);
    const csv = run(['clearances', '--data', dataset(checkFixture()), '--format', 'csv']).out;
    const rows = csv.trim().split('\r\n');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(rows.length).toBe(4);
    expect(rows.slice(1).map((r) => r.split(',').slice(0, 4).join(','))).toEqual(['horizontal,水平净距,A,B', 'vertical,垂直净距,A,D', 'cover,覆土深度,F,']);
  });
});
