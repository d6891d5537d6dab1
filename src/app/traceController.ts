/**
 * The network traces' controller (valve isolation, upstream/downstream, outfall catchment, river section → outfalls):
 * a query Worker of its own that loads only the network file (<tiles>/network.bin, on first use), the requests from
 * the inspect panel, the alarm list and the trace panel, the result drawn on the map (pipe classes through the pipe
 * shader's highlight texture, numbered valve/outfall markers and a catchment outline through a TraceLayer) and the
 * exports as Blob downloads. No Cesium here: app/trace.ts gives it the real layer, Worker and camera.
 *
 * One trace is shown at a time. A new request replaces the last one at once (its highlight goes before the answer
 * comes); answers to superseded requests are ignored. The trace is cleared by the panel's Clear, by Esc, by a selection
 * of an asset that is not part of it, and when another part (the area query) takes over the highlight.
 * dispose() ends the Worker, the listeners and the markers.
 */
import { QueryClient, QueryWorkerError, type WorkerLike } from '../analysis';
import type { NetworkResult } from '../analysis/network/types';
import { nodeCentreOffset } from '../domain/nodeShapes';
import type { AssetRecord } from '../domain/schema';
import type { TraceDrawing, TraceMarker } from '../layers/traceHighlight';
import { TRACE_DIM } from '../layers/traceTheme';
import type { AlarmRow } from '../ui/alarmList';
import { translate, type I18nKey, type Lang } from '../ui/i18n';
import {
  alarmTraceKinds,
  createTraceStore,
  requestFor,
  traceGids,
  traceHighlight,
  traceKindsFor,
  traceMarkers,
  withStuck,
  type TraceKind,
  type TraceProblem,
  type TraceRequest,
  type TraceStore,
} from '../ui/traceModel';
import type { CanvasInput } from '../viewer/input';
import type { AppContext } from './context';
import { errorDetail } from './fetchers';
import { saveText } from '../ui/download';
import { WorkerPart } from './workerPart';

/** The owner name the trace sets the pipe highlight with (PipeStyle.setHighlight). */
export const TRACE_HIGHLIGHT_OWNER = 'trace';

/** A button a panel shows for a trace (inspect panel, alarm row). */
export interface TraceAction {
  kind: TraceKind;
  label: string;
  title: string;
  testId: string;
  run(): void;
}

const ACTION_KEYS: Record<TraceKind, [I18nKey, I18nKey]> = {
  isolate: ['trace.action.isolate', 'trace.action.isolateTitle'],
  upstream: ['trace.action.upstream', 'trace.action.upstreamTitle'],
  downstream: ['trace.action.downstream', 'trace.action.downstreamTitle'],
  catchment: ['trace.action.catchment', 'trace.action.catchmentTitle'],
  section: ['trace.action.section', 'trace.action.sectionTitle'],
};

function problemOf(err: unknown): TraceProblem {
  if (err instanceof QueryWorkerError) return { en: err.info.en, zh: err.info.zh, code: err.info.code };
  return { key: 'trace.failed', params: { detail: errorDetail(err) } };
}

/** Lon/lat points that frame a result (the valves, the pipes' middles, the outfalls). */
function framePoints(r: NetworkResult): [number, number][] {
  switch (r.kind) {
    case 'isolation':
      return [r.pipe, ...r.valves.close, ...r.valves.inoperable, ...r.valves.stuck, ...r.isolated].map((x) => x.position);
    case 'trace':
      return [r.start, ...r.pipes, ...r.outfalls].map((x) => x.position);
    case 'catchment':
      return r.outline ? r.outline.coordinates[0].map((p) => [p[0], p[1]] as [number, number]) : [r.outfall.position, ...r.pipes.map((p) => p.position)];
    case 'section':
      return [r.section.position, ...r.outfalls.flatMap((o) => (o.outline ? o.outline.coordinates[0].map((p) => [p[0], p[1]] as [number, number]) : [o.outfall.position]))];
  }
}

/** What the controller draws markers with (layers/traceHighlight.ts; tests pass a stand-in). */
export interface TraceLayer {
  show(drawing: TraceDrawing | null): void;
  markers(): { gid: number; cls: TraceMarker['cls']; label: string | null }[];
  destroy(): void;
}

/** What the controller uses of the running app (AppContext fits; tests pass a stand-in). */
export type TraceContext = Pick<AppContext, 'store' | 'style' | 'catalog' | 'heightMode' | 'anchorOf' | 'flyToAsset' | 'whenStyle'>;

/** A Worker that can be ended (tests pass a fake that answers like queryWorker.ts). */
export type TraceWorker = WorkerLike & { terminate(): void };

/** The parts the controller builds on; the defaults are the real ones for a map view. */
export interface TraceDeps {
  layer: TraceLayer;
  createWorker(): TraceWorker;
  /** frames lon/lat points with the camera */
  frame(points: readonly (readonly [number, number])[]): Promise<void>;
}

export class TraceController extends WorkerPart<TraceWorker> {
  readonly store: TraceStore = createTraceStore();
  private readonly layer: TraceLayer;
  private readonly deps: TraceDeps;
  private client: QueryClient | null = null;
  private loading: Promise<boolean> | null = null;
  /** the trace's highlight is on the pipe style now */
  private drawn = false;
  /** the camera flight to the last result (resolved when none) */
  private flight: Promise<void> = Promise.resolve();

  constructor(
    private readonly ctx: TraceContext,
    private readonly networkUrl: string,
    deps: TraceDeps,
  ) {
    super();
    this.deps = deps;
    this.layer = deps.layer;
  }

  // ---- data ----

  private ensureClient(): Promise<boolean> {
    if (this.loading) return this.loading;
    this.store.set({ data: 'loading' });
    this.loading = (async () => {
      try {
        const worker = this.deps.createWorker();
        this.worker = worker;
        const client = new QueryClient(worker);
        await client.loadNetworkUrl(this.networkUrl);
        if (this.disposed) return false;
        this.client = client;
        this.store.set({ data: 'ready' });
        return true;
      } catch (err) {
        const detail = err instanceof QueryWorkerError ? err.info.en : errorDetail(err);
        this.store.set({ data: 'failed', phase: 'error', problem: { key: 'trace.loadFailed', params: { detail } } });
        this.worker?.terminate();
        this.worker = null;
        this.loading = null; // a later try may succeed
        return false;
      }
    })();
    return this.loading;
  }

  // ---- requests ----

  /** Runs a trace; resolves with its result, or null when it failed or was superseded. */
  async run(request: TraceRequest): Promise<NetworkResult | null> {
    const my = ++this.seq;
    // the last trace leaves the map at once: no stale highlight while the new one runs
    this.undraw();
    this.store.set({ request, phase: 'running', result: null, problem: null });
    if (!(await this.ensureClient()) || my !== this.seq) return null;
    const client = this.client;
    if (!client || this.disposed) return null;
    try {
      const result = await this.ask(client, request);
      if (my !== this.seq || this.disposed) return null;
      this.store.set({ phase: 'done', result, problem: null });
      await this.draw(result, my);
      return result;
    } catch (err) {
      if (my !== this.seq || this.disposed) return null;
      this.store.set({ phase: 'error', result: null, problem: problemOf(err) });
      return null;
    }
  }

  private ask(client: QueryClient, r: TraceRequest): Promise<NetworkResult> {
    switch (r.kind) {
      case 'isolate':
        return client.isolate(r.pipe, [...r.stuck]);
      case 'upstream':
      case 'downstream':
        return client.trace(r.kind, r.from);
      case 'catchment':
        return client.catchment(r.outfall);
      case 'section':
        return client.sectionOutfalls(r.section, r.withinM);
    }
  }

  /** A trace of an asset (inspect panel): the request its record and the kind make. */
  runFor(record: AssetRecord, kind: TraceKind): Promise<NetworkResult | null> {
    const req = requestFor(record, kind);
    return req ? this.run(req) : Promise.resolve(null);
  }

  /** A trace from an alarm row: the asset's record decides (a node alarm isolates its first pipe). */
  async runForAlarm(row: Pick<AlarmRow, 'kind' | 'id' | 'gid'>, kind: TraceKind): Promise<NetworkResult | null> {
    if (row.kind === 'section') return this.run({ kind: 'section', section: row.id });
    const catalog = this.ctx.catalog;
    const gid = row.gid >= 0 ? row.gid : (catalog?.gidOf(row.id) ?? null);
    const record = gid !== null ? await catalog?.record(gid).catch(() => null) : null;
    if (!record) return this.run(kind === 'isolate' ? { kind, pipe: row.id, stuck: [] } : kind === 'catchment' ? { kind, outfall: row.id } : kind === 'section' ? { kind, section: row.id } : { kind, from: row.id });
    if (kind === 'isolate' && record.kind === 'node' && record.type !== 'valve') {
      // an alarm on a fitting or meter: isolate the pipe it sits on
      const pipe = record.segments[0];
      return pipe ? this.run({ kind, pipe, stuck: [] }) : this.run({ kind, pipe: record.id, stuck: [] });
    }
    return this.runFor(record, kind);
  }

  /** Marks a valve stuck (or working again) and runs the isolation again. */
  stuck(valve: string, stuck: boolean): void {
    const req = this.store.get().request;
    if (req?.kind === 'isolate') void this.run(withStuck(req, valve, stuck));
  }

  /** Clears the trace: panel, highlight, markers. A running request's answer is ignored. */
  clear(): void {
    ++this.seq;
    this.undraw();
    this.store.set({ request: null, phase: 'idle', result: null, problem: null });
  }

  // ---- drawing ----

  private async draw(result: NetworkResult, my: number): Promise<void> {
    const style = this.ctx.style;
    const hl = traceHighlight(result);
    this.drawn = true;
    style?.setHighlight(hl.gids, hl.classes, TRACE_HIGHLIGHT_OWNER, TRACE_DIM);
    const markers = await this.markerPlaces(result);
    if (my !== this.seq || this.disposed) return;
    const outline = result.kind === 'catchment' ? (result.outline ? [result.outline.coordinates[0]] : []) : result.kind === 'section' ? result.outfalls.flatMap((o) => (o.outline ? [o.outline.coordinates[0]] : [])) : [];
    this.layer.show({ markers, outline, outlineHeight: 0.5 });
    this.flight = this.deps.frame(framePoints(result));
  }

  private async markerPlaces(result: NetworkResult): Promise<TraceMarker[]> {
    const items = traceMarkers(result);
    const nodeTypes = new Map<string, { type: Parameters<typeof nodeCentreOffset>[0]; depth: number }>();
    const collect = (list: readonly { id: string; type: Parameters<typeof nodeCentreOffset>[0]; depth: number }[]): void => {
      for (const n of list) nodeTypes.set(n.id, { type: n.type, depth: n.depth });
    };
    if (result.kind === 'isolation') collect([...result.valves.close, ...result.valves.inoperable, ...result.valves.stuck]);
    if (result.kind === 'trace') collect(result.outfalls);
    if (result.kind === 'catchment') collect([result.outfall]);
    if (result.kind === 'section') collect(result.outfalls.map((o) => o.outfall));
    const places = await Promise.all(
      items.map(async (m): Promise<TraceMarker | null> => {
        const node = nodeTypes.get(m.id);
        let height: number;
        if (node && this.ctx.heightMode === 'ellipsoid') height = nodeCentreOffset(node.type, node.depth);
        else {
          const anchor = await this.ctx.anchorOf(m.id).catch(() => null);
          if (!anchor) return null;
          height = anchor.height;
        }
        return { gid: m.gid, lon: m.position[0], lat: m.position[1], height, cls: m.cls, label: m.label || undefined };
      }),
    );
    return places.filter((p): p is TraceMarker => p !== null);
  }

  private undraw(): void {
    if (this.drawn) {
      this.drawn = false;
      this.ctx.style?.setHighlight(null, undefined, TRACE_HIGHLIGHT_OWNER);
    }
    this.layer.show(null);
  }

  /** what the map shows now: highlighted gids by class byte, and the markers (for tests) */
  shown(): { highlighted: number; markers: { gid: number; cls: string; label: string | null }[] } {
    return { highlighted: this.drawn ? (this.ctx.style?.highlightedCount() ?? 0) : 0, markers: this.layer.markers() };
  }

  /** the camera's flight to the last result */
  whenFramed(): Promise<void> {
    return this.flight;
  }

  // ---- panel and entry points ----

  showItem(item: { id: string; gid: number }): void {
    this.ctx.store.set({ selection: { gid: item.gid, id: item.id } });
    void this.ctx.flyToAsset(item.id);
  }

  async download(format: 'csv' | 'geojson'): Promise<void> {
    const client = this.client;
    if (!client) return;
    try {
      const { text, mime, filename } = await client.networkExport(format);
      saveText(text, mime, filename);
    } catch (err) {
      this.store.set({ problem: { key: 'trace.exportFailed', params: { detail: err instanceof QueryWorkerError ? err.info.en : errorDetail(err) } } });
    }
  }

  private action(kind: TraceKind, lang: Lang, run: () => void, prefix: string): TraceAction {
    const [label, title] = ACTION_KEYS[kind];
    return { kind, label: translate(lang, label), title: translate(lang, title), testId: `${prefix}-${kind}`, run };
  }

  /** The inspect panel's trace buttons for a record. */
  inspectActions(record: AssetRecord, lang: Lang): TraceAction[] {
    return traceKindsFor(record).map((kind) => this.action(kind, lang, () => void this.runFor(record, kind), 'inspect-trace'));
  }

  /** An alarm row's trace buttons ("Isolate" on a pressure-network alarm, "Outfalls upstream" on a section). */
  alarmActions(row: AlarmRow, lang: Lang): TraceAction[] {
    return alarmTraceKinds(row).map((kind) =>
      this.action(kind, lang, () => {
        if (row.kind === 'asset' && row.gid >= 0) this.ctx.store.set({ selection: { gid: row.gid, id: row.id } });
        void this.runForAlarm(row, kind);
      }, 'alarm-trace'),
    );
  }

  /**
   * Esc clears a shown trace (before the selection's own Esc); a selection of an asset outside the trace clears it;
   * another part replacing the pipe highlight clears it.
   */
  attach(input: CanvasInput): void {
    this.offs.push(
      input.onKey((k) => {
        if (k.inField || k.key !== 'Escape' || this.store.get().request === null) return false;
        this.clear();
        return true;
      }, 15),
      this.ctx.store.watch(
        (s) => s.selection,
        (sel) => {
          const result = this.store.get().result;
          if (!sel || !result) return;
          const gid = sel.gid ?? (sel.id !== null ? (this.ctx.catalog?.gidOf(sel.id) ?? null) : null);
          if (gid !== null && !traceGids(result).has(gid)) this.clear();
        },
      ),
    );
    void this.ctx.whenStyle().then((style) => {
      if (this.disposed) return;
      this.offs.push(
        style.subscribe({
          highlight: (owner) => {
            if (owner === TRACE_HIGHLIGHT_OWNER || !this.drawn) return;
            // the area query (or another part) took the highlight: the trace is no longer what the map shows
            this.drawn = false;
            this.clear();
          },
        }),
      );
    });
  }

  protected release(): void {
    this.client = null;
    this.layer.destroy();
  }
}
