/**
 * The trace controller with stand-ins for the Worker (answers like queryWorker.ts), the pipe style and the marker
 * layer: what the map shows always matches the panel — a new request removes the last highlight before its answer
 * comes, an answer to a superseded request is dropped, a failure leaves nothing drawn, Esc / a selection outside the
 * trace / another part taking the highlight clear it; "stuck" re-runs with the valve passed through.
 */
import { describe, expect, test } from 'vitest';
import type { IsolationResult, ValveItem } from '../../../src/analysis/network/types';
import type { WorkerRequest, WorkerResponse } from '../../../src/analysis/worker-protocol';
import { TraceController, type TraceContext, type TraceDeps } from '../../../src/app/traceController';
import type { TraceDrawing } from '../../../src/layers/traceHighlight';
import { TRACE_DIM, traceClassCode } from '../../../src/layers/traceTheme';
import { createStore } from '../../../src/ui/state';
import type { KeyHandler } from '../../../src/viewer/input';
import type { PipeStyle, PipeStyleListener } from '../../../src/viewer/pipeStyle';

const valve = (id: string, gid: number): ValveItem => ({
  id, gid, cat: 'JS', sub: 'JP', type: 'valve', position: [106.5, 29.5], depth: 1.4, role: 'close', state: 'open', operable: true,
});

/** pipe P<gid> isolated between two valves (gids 100+gid, 200+gid); the stuck valves are listed as stuck */
function isolation(pipeId: string, stuck: readonly string[] = []): IsolationResult {
  const gid = Number(pipeId.slice(1));
  const pipe = { id: pipeId, gid, cat: 'JS' as const, sub: 'JP', dn: 200, length: 50, position: [106.5, 29.5] as [number, number], depth0: 1, depth1: 1, from: 'a', to: 'b' };
  const close = [valve(`V${100 + gid}`, 100 + gid), valve(`V${200 + gid}`, 200 + gid)].filter((v) => !stuck.includes(v.id));
  return {
    kind: 'isolation', pipe, valves: { close, inoperable: [], stuck: stuck.map((s, i) => ({ ...valve(s, 300 + i), role: 'stuck' })), alreadyClosed: [] },
    isolated: [pipe], outage: [], customers: [], sources: [],
    counts: { valvesToClose: close.length, inoperable: 0, stuck: stuck.length, alreadyClosed: 0, isolatedPipes: 1, outagePipes: 0, servicePoints: 0, customers: 0 },
    lengths: { isolated: 50, outage: 0, total: 50 }, demand: 0, ignoredStuck: [],
  };
}

/** A Worker stand-in: answers each request on its own turn, or holds it until release(requestId). */
function fakeWorker() {
  const listeners: ((ev: MessageEvent<WorkerResponse>) => void)[] = [];
  const requests: WorkerRequest[] = [];
  const held = new Map<number, () => void>();
  let hold = false;
  const answer = (req: WorkerRequest): WorkerResponse => {
    switch (req.type) {
      case 'network-load-url':
        return { type: 'network-loaded', requestId: req.requestId, summary: { segments: 1, nodes: 1, sources: 1, valves: 2, closedValves: 0, inoperableValves: 0, outfalls: 0, sections: 0 } };
      case 'isolate':
        if (req.pipe === 'P9') {
          return { type: 'error', requestId: req.requestId, error: { code: 'contains-source', params: {}, en: 'The section contains a source', zh: '该段含供给源' } };
        }
        return { type: 'isolation', requestId: req.requestId, result: isolation(req.pipe, req.stuck ?? []), ms: 1 };
      default:
        return { type: 'error', requestId: req.requestId, error: { code: 'internal', params: {}, en: 'no', zh: '否' } };
    }
  };
  const worker = {
    requests,
    terminated: false,
    set hold(v: boolean) {
      hold = v;
    },
    release(requestId: number) {
      held.get(requestId)?.();
      held.delete(requestId);
    },
    postMessage(req: WorkerRequest) {
      requests.push(req);
      const send = (): void => {
        for (const l of listeners) l({ data: answer(req) } as MessageEvent<WorkerResponse>);
      };
      if (hold && req.type !== 'network-load-url') held.set(req.requestId, () => setTimeout(send, 0));
      else setTimeout(send, 0);
    },
    addEventListener(_type: 'message', l: (ev: MessageEvent<WorkerResponse>) => void) {
      listeners.push(l);
    },
    terminate() {
      worker.terminated = true;
    },
  };
  return worker;
}

function fakeStyle() {
  const listeners = new Set<PipeStyleListener>();
  const calls: { gids: number[] | null; classes: number[] | null; owner: string; dim?: number }[] = [];
  const bytes = new Map<number, number>();
  const style = {
    calls,
    bytes,
    setHighlight(gids: ArrayLike<number> | null, classes?: ArrayLike<number>, owner = '', dim?: number) {
      bytes.clear();
      if (gids) for (let i = 0; i < gids.length; i++) bytes.set(gids[i], classes ? classes[i] : 1);
      calls.push({ gids: gids ? Array.from(gids) : null, classes: classes ? Array.from(classes) : null, owner, dim });
      for (const l of listeners) l.highlight?.(gids ? owner : null);
      return bytes.size;
    },
    highlightedCount: () => bytes.size,
    statusOf: () => 0,
    subscribe(l: PipeStyleListener) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
  return style;
}

function setup() {
  const style = fakeStyle();
  const ctx: TraceContext = {
    store: createStore('en'),
    style: style as unknown as PipeStyle,
    catalog: null,
    heightMode: 'ellipsoid',
    anchorOf: () => Promise.resolve(null),
    flyToAsset: () => Promise.resolve(),
    whenStyle: () => Promise.resolve(style as unknown as PipeStyle),
  };
  const worker = fakeWorker();
  const drawings: (TraceDrawing | null)[] = [];
  const deps: TraceDeps = {
    layer: {
      show: (d: TraceDrawing | null) => drawings.push(d),
      markers: () => [],
      destroy: () => undefined,
    },
    createWorker: () => worker,
    frame: () => Promise.resolve(),
  };
  const c = new TraceController(ctx, '/tiles/pipes/network.bin', deps);
  let key: KeyHandler = () => false;
  c.attach({ onKey: (fn: KeyHandler) => ((key = fn), () => undefined) } as unknown as Parameters<TraceController['attach']>[0]);
  const press = (k: string): boolean => key({ key: k, inField: false, preventDefault: () => undefined } as unknown as Parameters<KeyHandler>[0]);
  return { ctx, style, worker, drawings, c, press };
}

const lastDrawing = (d: (TraceDrawing | null)[]): TraceDrawing | null => d[d.length - 1] ?? null;
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 5));

describe('trace controller', () => {
  test('an isolation is listed, drawn by class (owner "trace") and marked: valves numbered 1…n; the network loads once', async () => {
    const { c, style, worker, drawings } = setup();
    const r = await c.run({ kind: 'isolate', pipe: 'P1', stuck: [] });
    expect(r?.kind).toBe('isolation');
    expect(c.store.get().phase).toBe('done');
    expect(style.bytes.get(1)).toBe(traceClassCode('origin'));
    expect(style.bytes.get(101)).toBe(traceClassCode('valveClose'));
    expect(style.bytes.get(201)).toBe(traceClassCode('valveClose'));
    expect(style.calls[style.calls.length - 1]).toMatchObject({ owner: 'trace', dim: TRACE_DIM });
    expect(lastDrawing(drawings)?.markers.map((m) => [m.gid, m.cls, m.label])).toEqual([[101, 'valveClose', '1'], [201, 'valveClose', '2']]);
    // ellipsoid heights from the valve's depth (a valve's centre is its depth below ground)
    expect(lastDrawing(drawings)?.markers[0].height).toBeCloseTo(-1.4, 5);
    await c.run({ kind: 'isolate', pipe: 'P2', stuck: [] });
    expect(worker.requests.filter((q) => q.type === 'network-load-url')).toHaveLength(1);
  });

  test('a new request takes the last highlight off at once; the answer to a superseded request is dropped', async () => {
    const { c, style, worker } = setup();
    await c.run({ kind: 'isolate', pipe: 'P1', stuck: [] });
    worker.hold = true;
    const first = c.run({ kind: 'isolate', pipe: 'P2', stuck: [] });
    // the P1 highlight is gone before any answer
    expect(style.bytes.size).toBe(0);
    expect(c.store.get().result).toBeNull();
    await settle();
    const second = c.run({ kind: 'isolate', pipe: 'P3', stuck: [] });
    await settle();
    const [, , p2, p3] = worker.requests.filter((q) => q.type === 'isolate' || q.type === 'network-load-url').map((q) => q.requestId);
    worker.release(p3);
    expect((await second)?.kind).toBe('isolation');
    worker.release(p2);
    expect(await first).toBeNull();
    await settle();
    expect((c.store.get().result as IsolationResult).pipe.id).toBe('P3');
    expect(style.bytes.get(3)).toBe(traceClassCode('origin'));
    expect(style.bytes.has(2)).toBe(false);
  });

  test('an engine error is shown in both languages and nothing is drawn', async () => {
    const { c, style, drawings, ctx } = setup();
    await c.run({ kind: 'isolate', pipe: 'P1', stuck: [] });
    expect(await c.run({ kind: 'isolate', pipe: 'P9', stuck: [] })).toBeNull();
    expect(c.store.get().phase).toBe('error');
    expect(c.store.get().problem).toEqual({ en: 'The section contains a source', zh: '该段含供给源', code: 'contains-source' });
    expect(style.bytes.size).toBe(0);
    expect(lastDrawing(drawings)).toBeNull();
    expect(ctx.store.get().messages).toEqual([]);
  });

  test('"stuck" runs again with the valve passed through; Esc clears panel, highlight and markers', async () => {
    const { c, style, worker, drawings, press } = setup();
    await c.run({ kind: 'isolate', pipe: 'P1', stuck: [] });
    c.stuck('V101', true);
    await settle();
    await settle();
    const last = worker.requests[worker.requests.length - 1];
    expect(last).toMatchObject({ type: 'isolate', pipe: 'P1', stuck: ['V101'] });
    expect(style.bytes.get(300)).toBe(traceClassCode('valveStuck'));
    expect(style.bytes.has(101)).toBe(false);
    expect(press('Escape')).toBe(true);
    expect(c.store.get()).toMatchObject({ request: null, phase: 'idle', result: null });
    expect(style.bytes.size).toBe(0);
    expect(lastDrawing(drawings)).toBeNull();
    // nothing shown: Esc is left to the selection
    expect(press('Escape')).toBe(false);
  });

  test('a selection inside the trace keeps it; one outside clears it; another part taking the highlight clears it', async () => {
    const { c, ctx, style } = setup();
    await c.run({ kind: 'isolate', pipe: 'P1', stuck: [] });
    ctx.store.set({ selection: { gid: 101, id: 'V101' } });
    expect(c.store.get().phase).toBe('done');
    ctx.store.set({ selection: { gid: 55, id: 'JS-55' } });
    expect(c.store.get().request).toBeNull();
    expect(style.bytes.size).toBe(0);

    await c.run({ kind: 'isolate', pipe: 'P1', stuck: [] });
    style.setHighlight([7, 8], undefined, ''); // the area query's result
    expect(c.store.get().request).toBeNull();
    expect(style.bytes.get(7)).toBe(1); // the query's highlight stays
  });

  test('dispose ends the Worker; a late answer changes nothing', async () => {
    const { c, worker } = setup();
    await c.run({ kind: 'isolate', pipe: 'P1', stuck: [] });
    worker.hold = true;
    const pending = c.run({ kind: 'isolate', pipe: 'P2', stuck: [] });
    await settle();
    c.dispose();
    expect(worker.terminated).toBe(true);
    worker.release(worker.requests[worker.requests.length - 1].requestId);
    expect(await pending).toBeNull();
  });
});
