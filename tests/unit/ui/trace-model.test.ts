import { describe, expect, test } from 'vitest';
import type { IsolationResult, NodeItem, PipeItem, SectionResult, TraceResult, ValveItem } from '../../../src/analysis/network/types';
import type { PipeNode, PipeSegment } from '../../../src/domain/schema';
import { TRACE_CLASSES, TRACE_COLOURS, traceClassCode } from '../../../src/layers/traceTheme';
import { STRINGS } from '../../../src/ui/i18n';
import {
  alarmTraceKinds,
  requestAsset,
  requestFor,
  traceGids,
  traceHighlight,
  traceKindsFor,
  traceMarkers,
  withStuck,
} from '../../../src/ui/traceModel';
import { legendClasses, positionText, requestLabel, traceProblemText } from '../../../src/ui/tracePanel';
import { withHighlight } from '../../../src/viewer/highlightShader';
import { PIPE_FRAGMENT_SHADER } from '../../../src/viewer/pipeShader';

function segment(p: Partial<PipeSegment> & { id: string; cat: PipeSegment['cat'] }): PipeSegment {
  return {
    kind: 'segment', gid: 0, sub: 'JP', code: '', from: 'A', to: 'B', coords: [[0, 0], [0.001, 0]], material: 'QM', dn: 300, box: null,
    depth0: 1, depth1: 1, ground0: 0, ground1: 0, burial: 'ZM', year: 2000, owner: '', street: null, crossing: null, pressureZone: null,
    pressureClass: null, invert0: null, invert1: null, ...p,
  };
}

function node(p: Partial<PipeNode> & { id: string; cat: PipeNode['cat']; type: PipeNode['type'] }): PipeNode {
  return { kind: 'node', gid: 100, sub: 'JP', code: '', position: [106.5, 29.5], ground: 0, depth: 1.2, year: 2000, owner: '', segments: ['JS-1'], ...p };
}

const pipe = (id: string, gid: number, length = 10): PipeItem => ({
  id, gid, cat: 'JS', sub: 'JP', dn: 300, length, position: [106.5 + gid * 1e-4, 29.5], depth0: 1, depth1: 1.2, from: 'a', to: 'b',
});
const valve = (id: string, gid: number, role: ValveItem['role']): ValveItem => ({
  id, gid, cat: 'JS', sub: 'JP', type: 'valve', position: [106.6, 29.6 + gid * 1e-4], depth: 1.5, role,
  state: role === 'already-closed' ? 'closed' : 'open', operable: role !== 'inoperable',
});

/**
 * Hand-drawn isolation: pipe P1 (gid 1) between valves V10 and V11 (to close), V12 inoperable (passed through, so
 * P2 gid 2 is isolated too and V13 closes), one outage pipe P3 (gid 3), a meter M20 in the section.
 */
function isolation(): IsolationResult {
  return {
    kind: 'isolation',
    pipe: pipe('P1', 1),
    valves: { close: [valve('V10', 10, 'close'), valve('V11', 11, 'close'), valve('V13', 13, 'close')], inoperable: [valve('V12', 12, 'inoperable')], stuck: [], alreadyClosed: [valve('V14', 14, 'already-closed')] },
    isolated: [pipe('P1', 1, 40), pipe('P2', 2, 60)],
    outage: [pipe('P3', 3, 25)],
    customers: [{ id: 'M20', gid: 20, cat: 'JS', sub: 'JP', type: 'meter', position: [106.5, 29.5], depth: 1, customers: 12, demand: 0.3, cause: 'isolated' }],
    sources: [{ id: 'S30', gid: 30, cat: 'JS', sub: 'JP', type: 'junction', position: [106.4, 29.4], depth: 2, kind: 'zone-inlet', name: 'Inlet' }],
    counts: { valvesToClose: 3, inoperable: 1, stuck: 0, alreadyClosed: 1, isolatedPipes: 2, outagePipes: 1, servicePoints: 1, customers: 12 },
    lengths: { isolated: 100, outage: 25, total: 125 },
    demand: 0.3,
    ignoredStuck: [],
  };
}

describe('which traces an asset offers', () => {
  test('pressure pipes and valves isolate; drainage pipes and manholes trace both ways; an outfall has its catchment', () => {
    expect(traceKindsFor(segment({ id: 'JS-1', cat: 'JS' }))).toEqual(['isolate']);
    expect(traceKindsFor(segment({ id: 'RQ-1', cat: 'RQ' }))).toEqual(['isolate']);
    expect(traceKindsFor(segment({ id: 'RL-1', cat: 'RL' }))).toEqual(['isolate']);
    expect(traceKindsFor(segment({ id: 'PS-1', cat: 'PS' }))).toEqual(['upstream', 'downstream']);
    expect(traceKindsFor(segment({ id: 'DL-1', cat: 'DL' }))).toEqual([]);
    expect(traceKindsFor(node({ id: 'JF-1', cat: 'JS', type: 'valve' }))).toEqual(['isolate']);
    expect(traceKindsFor(node({ id: 'JH-1', cat: 'JS', type: 'hydrant' }))).toEqual([]);
    expect(traceKindsFor(node({ id: 'PM-1', cat: 'PS', type: 'manhole' }))).toEqual(['upstream', 'downstream']);
    expect(traceKindsFor(node({ id: 'PO-1', cat: 'PS', type: 'outfall' }))).toEqual(['catchment', 'upstream']);
    expect(traceKindsFor(node({ id: 'PM-2', cat: 'PS', type: 'manhole', segments: [] }))).toEqual([]);
  });

  test('a valve is isolated as the section around its first pipe with the valve itself passed through', () => {
    const v = node({ id: 'JF-7', cat: 'JS', type: 'valve', segments: ['JS-3', 'JS-4'] });
    expect(requestFor(v, 'isolate')).toEqual({ kind: 'isolate', pipe: 'JS-3', stuck: ['JF-7'], valve: 'JF-7' });
    expect(requestFor(segment({ id: 'JS-9', cat: 'JS' }), 'isolate')).toEqual({ kind: 'isolate', pipe: 'JS-9', stuck: [] });
    expect(requestFor(node({ id: 'PO-1', cat: 'PS', type: 'outfall' }), 'catchment')).toEqual({ kind: 'catchment', outfall: 'PO-1' });
    expect(requestFor(node({ id: 'PM-1', cat: 'PS', type: 'manhole' }), 'catchment')).toBeNull();
    expect(requestAsset({ kind: 'isolate', pipe: 'JS-3', stuck: ['JF-7'], valve: 'JF-7' })).toBe('JF-7');
  });

  test('alarm rows: isolate on water, gas and heat; upstream on drainage; outfalls upstream on a river section', () => {
    expect(alarmTraceKinds({ kind: 'asset', group: 'JS' })).toEqual(['isolate']);
    expect(alarmTraceKinds({ kind: 'asset', group: 'RQ' })).toEqual(['isolate']);
    expect(alarmTraceKinds({ kind: 'asset', group: 'PS' })).toEqual(['upstream']);
    expect(alarmTraceKinds({ kind: 'asset', group: 'DL' })).toEqual([]);
    expect(alarmTraceKinds({ kind: 'asset', group: null })).toEqual([]);
    expect(alarmTraceKinds({ kind: 'section', group: 'section' })).toEqual(['section']);
  });

  test('marking a valve stuck adds it once; freeing it removes it, but never the valve being isolated', () => {
    const req = { kind: 'isolate' as const, pipe: 'JS-3', stuck: ['JF-7'], valve: 'JF-7' };
    const one = withStuck(req, 'JF-8', true);
    expect(one).toEqual({ ...req, stuck: ['JF-7', 'JF-8'] });
    expect(withStuck(one, 'JF-8', true)).toEqual(one);
    expect(withStuck(one, 'JF-8', false).stuck).toEqual(['JF-7']);
    expect(withStuck(one, 'JF-7', false).stuck).toEqual(['JF-7', 'JF-8']);
    expect(withStuck({ kind: 'upstream', from: 'PS-1' }, 'JF-8', true)).toEqual({ kind: 'upstream', from: 'PS-1' });
  });
});

describe('how an isolation is drawn', () => {
  test('each gid gets its class byte; valves over pipes, the pipe asked for over everything (last write wins)', () => {
    const hl = traceHighlight(isolation());
    const byGid = new Map<number, number>();
    hl.gids.forEach((g, i) => byGid.set(g, hl.classes[i]));
    expect(hl.gids.length).toBe(hl.classes.length);
    expect(byGid.get(1)).toBe(traceClassCode('origin'));
    expect(byGid.get(2)).toBe(traceClassCode('isolated'));
    expect(byGid.get(3)).toBe(traceClassCode('outage'));
    expect(byGid.get(10)).toBe(traceClassCode('valveClose'));
    expect(byGid.get(13)).toBe(traceClassCode('valveClose'));
    expect(byGid.get(12)).toBe(traceClassCode('valveStuck'));
    expect(byGid.get(14)).toBe(1); // already closed: kept in view, own colour
    expect(byGid.get(20)).toBe(traceClassCode('isolated')); // the meter in the section
    expect(byGid.has(30)).toBe(false); // the source still feeding is listed, not coloured
    expect([...byGid.keys()].sort((a, b) => a - b)).toEqual([1, 2, 3, 10, 11, 12, 13, 14, 20]);
  });

  test('markers: the valves to close numbered 1…n in list order, the inoperable one unnumbered', () => {
    const m = traceMarkers(isolation());
    expect(m.map((x) => [x.id, x.cls, x.label])).toEqual([
      ['V10', 'valveClose', '1'],
      ['V11', 'valveClose', '2'],
      ['V13', 'valveClose', '3'],
      ['V12', 'valveStuck', ''],
    ]);
    expect(m[0].depth).toBe(1.5);
  });

  test('a selection of any listed asset (sources included) keeps the trace; others do not', () => {
    const gids = traceGids(isolation());
    for (const g of [1, 2, 3, 10, 12, 14, 20, 30]) expect(gids.has(g)).toBe(true);
    expect(gids.has(99)).toBe(false);
  });

  test('the legend names only the classes on the map', () => {
    expect(legendClasses(isolation())).toEqual(['origin', 'isolated', 'outage', 'valveClose', 'valveStuck']);
    const clean = { ...isolation(), outage: [], valves: { ...isolation().valves, inoperable: [] } };
    expect(legendClasses(clean)).toEqual(['origin', 'isolated', 'valveClose']);
  });
});

describe('gravity traces and sections', () => {
  const start: NodeItem = { id: 'PM-1', gid: 50, cat: 'PS', sub: 'WS', type: 'manhole', position: [106.5, 29.5], depth: 3 };
  const trace: TraceResult = {
    kind: 'trace',
    direction: 'downstream',
    start: { id: 'PM-1', gid: 50, asset: 'node', position: [106.5, 29.5] },
    pipes: [pipe('PS-1', 5), pipe('PS-2', 6)],
    nodes: [start, { ...start, id: 'PM-2', gid: 51 }],
    outfalls: [{ ...start, id: 'PO-1', gid: 52, type: 'outfall' }],
    slopeFlags: [{ id: 'PS-2', gid: 6, flag: 'adverse', rise: 0.2, position: [106.5, 29.5] }, { id: 'PS-1', gid: 5, flag: 'flat', rise: 0, position: [106.5, 29.5] }],
    counts: { pipes: 2, nodes: 2, outfalls: 1, slopeFlags: 2 },
    length: 20,
  };

  test('traced pipes in the traced colour, the adverse one flagged, the start over all; outfalls numbered', () => {
    const hl = traceHighlight(trace);
    const byGid = new Map<number, number>();
    hl.gids.forEach((g, i) => byGid.set(g, hl.classes[i]));
    expect(byGid.get(5)).toBe(traceClassCode('traced')); // flat: listed, not recoloured
    expect(byGid.get(6)).toBe(traceClassCode('adverse'));
    expect(byGid.get(50)).toBe(traceClassCode('origin'));
    expect(byGid.get(52)).toBe(traceClassCode('traced'));
    expect(traceMarkers(trace).map((m) => [m.id, m.cls, m.label])).toEqual([['PM-1', 'origin', ''], ['PO-1', 'traced', '1']]);
    expect(legendClasses(trace)).toEqual(['origin', 'traced', 'adverse']);
  });

  test('a section colours every catchment pipe by its gid list and numbers its outfalls nearest first', () => {
    const summary = (id: string, gid: number, pipeGids: number[]): SectionResult['outfalls'][number] => ({
      outfall: { ...start, id, gid, type: 'outfall', river: 'yangtze' }, along: gid * 10, counts: { pipes: pipeGids.length, nodes: 0, sensors: 0, alarmCapable: 0, slopeFlags: 0 },
      length: 0, outline: null, area: 0, pipeGids, sensors: [],
    });
    const r: SectionResult = {
      kind: 'section', section: { id: 'S1', name: '断面', nameEn: 'Section', river: 'yangtze', position: [106.5, 29.5] }, withinM: 5000,
      outfalls: [summary('PO-1', 60, [1, 2]), summary('PO-2', 61, [3])], counts: { outfalls: 2, pipes: 3, sensors: 0, alarmCapable: 0 }, length: 0,
    };
    const hl = traceHighlight(r);
    expect(new Set(hl.gids)).toEqual(new Set([1, 2, 3, 60, 61]));
    expect(traceMarkers(r).map((m) => m.label)).toEqual(['1', '2']);
  });
});

describe('panel texts and the shader palette', () => {
  test('positions to six decimals; a valve isolation names the valve; engine messages follow the language', () => {
    expect(positionText([106.5712345, 29.5])).toBe('106.571235, 29.500000');
    expect(requestLabel({ kind: 'isolate', pipe: 'JS-3', stuck: ['JF-7'], valve: 'JF-7' }, 'en')).toBe('valve JF-7, both sides');
    expect(requestLabel({ kind: 'isolate', pipe: 'JS-3', stuck: ['JF-7'], valve: 'JF-7' }, 'zh-CN')).toBe('阀门 JF-7（两侧）');
    expect(requestLabel({ kind: 'catchment', outfall: 'PO-1' }, 'en')).toBe('PO-1');
    const p = { en: 'The section contains a source', zh: '该段含供给源', code: 'contains-source' };
    expect(traceProblemText('en', p)).toBe(p.en);
    expect(traceProblemText('zh-CN', p)).toBe(p.zh);
    expect(traceProblemText('en', { key: 'trace.loadFailed', params: { detail: 'HTTP 404' } })).toBe('The network could not be loaded: HTTP 404');
  });

  test('every trace class has a distinct colour in the shader, after the plain highlight byte 1', () => {
    const shader = withHighlight(PIPE_FRAGMENT_SHADER);
    const colours = new Set(TRACE_CLASSES.map((c) => TRACE_COLOURS[c].join(',')));
    expect(colours.size).toBe(TRACE_CLASSES.length);
    for (const c of TRACE_CLASSES) {
      const [r] = TRACE_COLOURS[c];
      expect(shader).toContain(`if (v == ${traceClassCode(c)}) return vec3(${(r / 255).toFixed(4)},`);
    }
    expect(traceClassCode(TRACE_CLASSES[0])).toBe(2);
    expect(shader).toContain('pipeTraceColour(hv)');
    // the dimming of the pipes outside the set is a uniform (the area query and a trace dim differently)
    expect(shader).toContain('mix(material.diffuse, vec3(0.02), u_highlightDim)');
  });

  test('every trace kind has a kicker and an action in both languages', () => {
    for (const kind of ['isolate', 'upstream', 'downstream', 'catchment', 'section'] as const) {
      for (const lang of ['en', 'zh-CN'] as const) {
        expect(STRINGS[lang][`trace.kicker.${kind}`]).toBeTruthy();
        expect(STRINGS[lang][`trace.action.${kind}`]).toBeTruthy();
      }
    }
  });
});
