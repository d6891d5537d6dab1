/**
 * The clearance-check Worker's service (src/analysis/drawings/checkService.ts) on the hand-made clearance fixture
 * (tests/fixtures/drawings/clearances.json, one planted violation of each rule) served as a query copy: progress by
 * chunks up to the total, the same violations as the direct check, an area, a cancel read between chunks.
 */
import { describe, expect, it } from 'vitest';
import { checkClearances, clearanceCheckRun, pipeColumns } from '../../../../src/analysis/drawings/check';
import { columnsFromQueryCopy, withinArea, withSurface } from '../../../../src/analysis/drawings/checkInput';
import type { CheckResponse } from '../../../../src/analysis/drawings/checkProtocol';
import { createCheckService } from '../../../../src/analysis/drawings/checkService';
import { buildQueryCopy, decodeQueryCopy, encodeQueryCopy } from '../../../../src/analysis/queryCopy';
import type { PipeSegment } from '../../../../src/domain/schema';
import { checkFixture, readFixture } from './fixtures';

const pipes = checkFixture();
const buffer = encodeQueryCopy(buildQueryCopy(pipes.map((p) => ({ ...p, year: 2000 }) as unknown as PipeSegment)));
const pick = (vs: { kind: string; a: string; b: string | null; value: number; min: number }[]) => vs.map(({ kind, a, b, value, min }) => ({ kind, a, b, value, min }));

function service(opts: { onPost?: (r: CheckResponse, post: CheckResponse[]) => void } = {}) {
  const posted: CheckResponse[] = [];
  let fetches = 0;
  const s = createCheckService({
    fetchBuffer: async () => {
      fetches++;
      return buffer.slice(0);
    },
    post: (r) => {
      posted.push(r);
      opts.onPost?.(r, posted);
    },
    yieldNow: () => new Promise((resolve) => setTimeout(resolve, 0)),
  });
  return { s, posted, fetches: () => fetches };
}

describe('clearance check in steps', () => {
  it('gives the one-run answer whatever the step size', () => {
    const cols = pipeColumns(pipes);
    const whole = checkClearances(cols);
    for (const k of [1, 2, 3, 100]) {
      const run = clearanceCheckRun(cols);
      let steps = 0;
      while (run.step(k)) steps++;
      expect(run.result()).toEqual(whole);
      expect(steps).toBe(Math.ceil(cols.count / k) - 1);
    }
  });
});

describe('clearance check service (Worker protocol)', () => {
  it('posts progress by chunks up to the total, then the planted violations with their gids', async () => {
    const { s, posted } = service();
    await s.handle({ type: 'check', requestId: 7, url: 'query.bin', chunk: 3 });
    const progress = posted.filter((r) => r.type === 'progress');
    const n = pipes.length;
    expect(progress.map((p) => p.done)).toEqual([0, ...Array.from({ length: Math.ceil(n / 3) }, (_, k) => Math.min(n, 3 * (k + 1)))]);
    expect(progress.every((p) => p.total === n && p.requestId === 7)).toBe(true);
    const last = posted[posted.length - 1];
    expect(last.type).toBe('result');
    if (last.type !== 'result') return;
    const want = readFixture<{ violations: Record<string, unknown>[] }>('clearances.expected.json');
    // the query copy does not carry the surface above a pipe: G (gas, 0.7 m under a sidewalk, fine there) is checked
    // against the carriageway row (0.9 m), as the direct check does for a record without `underCarriageway`
    expect(pick(last.result.violations)).toEqual([...want.violations, { kind: 'cover', a: 'G', b: null, value: 0.7, min: 0.9 }]);
    const unknownSurface = pipes.map((p) => ({ ...p, underCarriageway: undefined }));
    expect(last.result.violations).toEqual(checkClearances(pipeColumns(unknownSurface)).violations);
    // judged again on the records' surface (what the page does with the asset catalog): the check on the records
    const byId = new Map(pipes.map((p) => [p.id, p]));
    const judged = withSurface(last.result, (id) => byId.get(id) ?? null);
    expect(judged.violations).toEqual(checkClearances(pipeColumns(pipes)).violations);
    expect(judged.counts).toEqual({ horizontal: 1, vertical: 1, cover: 1 });
    // a pipe without a record keeps its violation
    expect(withSurface(last.result, () => null).counts.cover).toBe(2);
    expect(last.result.cancelled).toBe(false);
    // the gid of every pipe a violation names (gid = fixture order)
    for (const v of last.result.violations) {
      expect(last.gids[v.a]).toBe(pipes.findIndex((p) => p.id === v.a));
      if (v.b) expect(last.gids[v.b]).toBe(pipes.findIndex((p) => p.id === v.b));
    }
  });

  it('checks an area as the direct check does, loading the query copy once', async () => {
    const { s, posted, fetches } = service();
    const cols = columnsFromQueryCopy(decodeQueryCopy(buffer.slice(0)));
    // a box around pipes F and G (the gas pair)
    const fg = pipes.filter((p) => p.id === 'F' || p.id === 'G').flatMap((p) => p.coords);
    const xs = fg.map((c) => c[0]);
    const ys = fg.map((c) => c[1]);
    const [w, e, so, n] = [Math.min(...xs) - 1e-6, Math.max(...xs) + 1e-6, Math.min(...ys) - 1e-6, Math.max(...ys) + 1e-6];
    const area = { type: 'Polygon', coordinates: [[[w, so], [e, so], [e, n], [w, n], [w, so]]] };
    await s.handle({ type: 'check', requestId: 1, url: 'query.bin', area });
    await s.handle({ type: 'check', requestId: 2, url: 'query.bin' });
    const results = posted.filter((r) => r.type === 'result');
    expect(results).toHaveLength(2);
    expect(fetches()).toBe(1);
    const direct = checkClearances(cols, { within: withinArea(cols, area) });
    if (results[0].type !== 'result') return;
    expect(results[0].result.violations).toEqual(direct.violations);
    expect(results[0].result.checked.segments).toBeLessThan(pipes.length);
    expect(results[0].result.violations.length).toBeGreaterThan(0);
  });

  it('stops at the next chunk after a cancel and says so', async () => {
    let svc: ReturnType<typeof createCheckService> | null = null;
    const { s, posted } = service({
      onPost: (r) => {
        // cancel as soon as the first chunk is reported (the message arrives while the service yields)
        if (r.type === 'progress' && r.done > 0) void svc?.handle({ type: 'cancel', requestId: 3 });
      },
    });
    svc = s;
    await s.handle({ type: 'check', requestId: 3, url: 'query.bin', chunk: 2 });
    const progress = posted.filter((r) => r.type === 'progress');
    expect(progress.map((p) => p.done)).toEqual([0, 2]);
    const last = posted[posted.length - 1];
    expect(last.type === 'result' && last.result.cancelled).toBe(true);
  });

  it('answers an unusable area and an unreadable file with an error of that request', async () => {
    const { s, posted } = service();
    await s.handle({ type: 'check', requestId: 4, url: 'query.bin', area: { type: 'Point', coordinates: [0, 0] } });
    expect(posted[posted.length - 1]).toMatchObject({ type: 'error', requestId: 4, code: 'area' });
    const failing = createCheckService({ fetchBuffer: () => Promise.reject(new Error('HTTP 404')), post: (r) => posted.push(r) });
    await failing.handle({ type: 'check', requestId: 5, url: 'missing.bin' });
    expect(posted[posted.length - 1]).toMatchObject({ type: 'error', requestId: 5, code: 'load', message: 'HTTP 404' });
  });
});
