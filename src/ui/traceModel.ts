/**
 * The network-trace UI without the DOM: what a trace is asked (TraceRequest), its state (a small store apart from the
 * app state), which traces an asset, an alarm row or a river section offers, and how a result is drawn — the class
 * of each gid in the pipe shader's highlight texture and the numbered markers. Pure, so it is tested in Node.
 */
import type { NetworkResult, PipeItem } from '../analysis/network/types';
import type { AssetRecord, CategoryCode } from '../domain/schema';
import { traceClassCode, type TraceClass } from '../layers/traceTheme';
import type { I18nKey, Params } from './i18n';
import { Store } from './store';

export type TraceRequest =
  /** valve isolation of a pressure pipe; `valve`: set when the user asked to isolate that valve (it is in `stuck`) */
  | { kind: 'isolate'; pipe: string; stuck: readonly string[]; valve?: string }
  | { kind: 'upstream' | 'downstream'; from: string }
  | { kind: 'catchment'; outfall: string }
  | { kind: 'section'; section: string; withinM?: number };

export type TraceKind = TraceRequest['kind'];

/** An error to show: a translated UI key, or a message the engine gave in both languages. */
export type TraceProblem = { key: I18nKey; params?: Params } | { en: string; zh: string; code: string };

export type TracePhase = 'idle' | 'running' | 'done' | 'error';

export interface TraceUiState {
  phase: TracePhase;
  /** what was asked last (null when the trace is cleared) */
  request: TraceRequest | null;
  /** the network file: not asked for yet, loading, loaded, failed */
  data: 'none' | 'loading' | 'ready' | 'failed';
  result: NetworkResult | null;
  problem: TraceProblem | null;
}

export type TraceStore = Store<TraceUiState>;

export function initialTraceState(): TraceUiState {
  return { phase: 'idle', request: null, data: 'none', result: null, problem: null };
}

export function createTraceStore(): TraceStore {
  return new Store(initialTraceState());
}

/** Networks searched by valve isolation (closed conduits under pressure). */
export const PRESSURE_CATEGORIES: readonly CategoryCode[] = ['JS', 'RQ', 'RL'];
/** Networks searched by gravity traces (flow from the inverts). */
export const GRAVITY_CATEGORIES: readonly CategoryCode[] = ['PS'];

const isPressure = (cat: CategoryCode): boolean => PRESSURE_CATEGORIES.includes(cat);
const isGravity = (cat: CategoryCode): boolean => GRAVITY_CATEGORIES.includes(cat);

/**
 * The traces an asset offers: isolation for pressure pipes and valves; upstream and downstream for drainage pipes,
 * manholes, inlets and junctions; the catchment (and upstream) for an outfall. Empty for everything else.
 */
export function traceKindsFor(record: AssetRecord): TraceKind[] {
  if (record.kind === 'segment') {
    if (isPressure(record.cat)) return ['isolate'];
    if (isGravity(record.cat)) return ['upstream', 'downstream'];
    return [];
  }
  if (isPressure(record.cat)) return record.type === 'valve' && record.segments.length > 0 ? ['isolate'] : [];
  if (isGravity(record.cat)) {
    if (record.type === 'outfall') return ['catchment', 'upstream'];
    if (record.segments.length > 0) return ['upstream', 'downstream'];
  }
  return [];
}

/**
 * The request for a trace of an asset. A valve is isolated as the section around it with the valve itself passed
 * through (as if stuck): the valves on both sides close, so the valve can be worked on.
 */
export function requestFor(record: AssetRecord, kind: TraceKind): TraceRequest | null {
  switch (kind) {
    case 'isolate':
      if (record.kind === 'segment') return { kind, pipe: record.id, stuck: [] };
      if (record.type === 'valve' && record.segments[0]) return { kind, pipe: record.segments[0], stuck: [record.id], valve: record.id };
      return null;
    case 'upstream':
    case 'downstream':
      return { kind, from: record.id };
    case 'catchment':
      return record.kind === 'node' && record.type === 'outfall' ? { kind, outfall: record.id } : null;
    case 'section':
      return null;
  }
}

/** What an alarm row can start: the category is read from the id's prefix (the row carries no record). */
export function alarmTraceKinds(row: { kind: 'asset' | 'section'; group: CategoryCode | 'section' | null }): TraceKind[] {
  if (row.kind === 'section') return ['section'];
  if (row.group === null || row.group === 'section') return [];
  if (isPressure(row.group)) return ['isolate'];
  if (isGravity(row.group)) return ['upstream'];
  return [];
}

/** The same request with a valve marked stuck (true) or freed (false). */
export function withStuck<R extends TraceRequest>(req: R, valve: string, stuck: boolean): R {
  if (req.kind !== 'isolate') return req;
  const set = new Set(req.stuck);
  if (stuck) set.add(valve);
  else if (valve !== req.valve) set.delete(valve);
  return { ...req, stuck: [...set] };
}

/** The asset a request starts from (for "is this selection part of the trace"). */
export function requestAsset(req: TraceRequest): string {
  switch (req.kind) {
    case 'isolate':
      return req.valve ?? req.pipe;
    case 'upstream':
    case 'downstream':
      return req.from;
    case 'catchment':
      return req.outfall;
    case 'section':
      return req.section;
  }
}

/** Highlight: gid → byte for the pipe shader (layers/traceTheme.ts), in the order they were set (later wins). */
export interface TraceHighlight {
  gids: number[];
  classes: number[];
}

/** A numbered marker on the map. */
export interface TraceMarkerItem {
  id: string;
  gid: number;
  position: [number, number];
  depth: number;
  cls: 'valveClose' | 'valveStuck' | 'source' | 'origin' | 'traced';
  /** the row number in the panel ("1", "2" …), empty for the origin */
  label: string;
}

class HighlightBuilder {
  readonly out: TraceHighlight = { gids: [], classes: [] };
  add(items: readonly { gid: number }[] | readonly number[], cls: TraceClass | 1): void {
    const code = cls === 1 ? 1 : traceClassCode(cls);
    for (const it of items) {
      this.out.gids.push(typeof it === 'number' ? it : it.gid);
      this.out.classes.push(code);
    }
  }
}

/**
 * The gids a result colours and their class. Later classes win where an asset appears twice: the valves over the
 * pipes, the start over everything.
 */
export function traceHighlight(result: NetworkResult): TraceHighlight {
  const b = new HighlightBuilder();
  switch (result.kind) {
    case 'isolation':
      b.add(result.outage, 'outage');
      b.add(result.isolated, 'isolated');
      b.add(result.customers.filter((c) => c.cause === 'outage'), 'outage');
      b.add(result.customers.filter((c) => c.cause === 'isolated'), 'isolated');
      b.add(result.valves.alreadyClosed, 1);
      b.add(result.valves.inoperable, 'valveStuck');
      b.add(result.valves.stuck, 'valveStuck');
      b.add(result.valves.close, 'valveClose');
      b.add([result.pipe], 'origin');
      break;
    case 'trace':
      b.add(result.pipes, 'traced');
      b.add(result.nodes, 'traced');
      b.add(result.outfalls, 'traced');
      b.add(result.slopeFlags.filter((f) => f.flag === 'adverse'), 'adverse');
      b.add([result.start], 'origin');
      break;
    case 'catchment':
      b.add(result.pipes, 'traced');
      b.add(result.slopeFlags.filter((f) => f.flag === 'adverse'), 'adverse');
      b.add([result.outfall], 'origin');
      break;
    case 'section':
      for (const o of result.outfalls) {
        b.add(o.pipeGids, 'traced');
        b.add([o.outfall], 'origin');
      }
      break;
  }
  return b.out;
}

/** The markers of a result: numbered valves to close, then the valves passed through, sources, numbered outfalls. */
export function traceMarkers(result: NetworkResult): TraceMarkerItem[] {
  const out: TraceMarkerItem[] = [];
  const push = (
    items: readonly { id: string; gid: number; position: [number, number]; depth?: number }[],
    cls: TraceMarkerItem['cls'],
    numbered: boolean,
  ): void => {
    items.forEach((it, i) => out.push({ id: it.id, gid: it.gid, position: it.position, depth: it.depth ?? 0, cls, label: numbered ? String(i + 1) : '' }));
  };
  switch (result.kind) {
    case 'isolation':
      push(result.valves.close, 'valveClose', true);
      push([...result.valves.inoperable, ...result.valves.stuck], 'valveStuck', false);
      break;
    case 'trace':
      push([result.start], 'origin', false);
      push(result.outfalls, 'traced', true);
      break;
    case 'catchment':
      push([result.outfall], 'origin', false);
      break;
    case 'section':
      push(result.outfalls.map((o) => o.outfall), 'traced', true);
      break;
  }
  return out;
}

/** Every gid a result names (pipes, valves, nodes, outfalls): a selection of one of them keeps the trace shown. */
export function traceGids(result: NetworkResult): Set<number> {
  const set = new Set(traceHighlight(result).gids);
  if (result.kind === 'isolation') for (const s of result.sources) set.add(s.gid);
  return set;
}

/** Sum of pipe lengths, metres. */
export function totalLength(pipes: readonly PipeItem[]): number {
  let m = 0;
  for (const p of pipes) m += p.length;
  return m;
}
