/**
 * Wiring of the area query ("draw an area, get the pipes inside"): the query Worker and its client, the draw tool's
 * mouse and keyboard input (app events from viewer/input.ts), the drawn shape (layers/drawing.ts), the result-set
 * highlight in the pipe shader, the panel (ui/queryPanel.ts), row clicks (fly to + select), and the exports as Blob
 * downloads. A typed or uploaded area is drawn (every part, holes included) and the camera flies to it.
 *
 * The query copy (<tiles>/query.bin) is loaded by the Worker on first use, so a viewer that never queries never
 * downloads it. Responses to superseded queries are ignored. dispose() ends the Worker, the input subscriptions, the
 * drawn shape and the panel.
 */
import { QueryClient, QueryWorkerError, type QueryResult } from '../analysis';
import { DrawingLayer, type AreaPolygon } from '../layers/drawing';
import { areaFeature, type DrawKind, type LonLat } from '../ui/drawShapes';
import { DrawSession } from '../ui/drawSession';
import type { I18nKey, Params } from '../ui/i18n';
import { mountQueryPanel } from '../ui/queryPanel';
import { createQueryStore, queryOptions, type QueryProblem, type QueryStore } from '../ui/queryState';
import '../styles/query.css';
import { flyToPoints } from '../viewer/camera';
import type { CanvasInput, CanvasPointer, KeyInput } from '../viewer/input';
import type { MapView } from '../viewer/widget';
import { besideTileset } from './config';
import type { AppContext } from './context';
import { errorDetail } from './fetchers';
import { saveText } from '../ui/download';
import { WorkerPart } from './workerPart';

/** The area as sent to the Worker: a drawn/typed ring or an uploaded file's text, with its CRS ("" = lon/lat). */
interface AreaInput {
  area: unknown;
  crs: string;
  /** from the draw tool (then the drawn shape is on the map already) */
  drawn: boolean;
}

export class QueryController extends WorkerPart {
  readonly store: QueryStore = createQueryStore();
  private session: DrawSession | null = null;
  private readonly layer: DrawingLayer;
  private client: QueryClient | null = null;
  private loading: Promise<boolean> | null = null;
  private input: AreaInput | null = null;
  private dragging: number | null = null;
  private lastClick: { x: number; y: number; t: number } | null = null;
  /** the flight to the last typed/uploaded area (resolved when none) */
  private flight: Promise<void> = Promise.resolve();

  constructor(
    private readonly ctx: AppContext,
    private readonly view: MapView,
    private readonly queryUrl: string,
  ) {
    super();
    this.layer = new DrawingLayer(view.scene);
  }

  /** true while a shape is being drawn: map clicks place vertices instead of selecting pipes */
  drawing(): boolean {
    return this.session !== null && !this.session.finished;
  }

  resultIds(): string[] | null {
    const r = this.store.get().result;
    return r ? r.items.map((it) => it.id) : null;
  }

  /** the area last sent to the engine (GeoJSON Feature or the uploaded text) and its CRS */
  areaInput(): { area: unknown; crs: string } | null {
    return this.input ? { area: this.input.area, crs: this.input.crs } : null;
  }

  // ---- data ----

  private ensureClient(): Promise<boolean> {
    if (this.loading) return this.loading;
    this.store.set({ data: 'loading', dataProblem: null });
    this.loading = (async () => {
      try {
        const worker = new Worker(new URL('../analysis/queryWorker.ts', import.meta.url), { type: 'module' });
        this.worker = worker;
        const client = new QueryClient(worker);
        await client.loadUrl(this.queryUrl);
        if (this.disposed) return false;
        this.client = client;
        this.store.set({ data: 'ready' });
        return true;
      } catch (err) {
        const detail = err instanceof QueryWorkerError ? err.info.en : errorDetail(err);
        this.store.set({ data: 'failed', dataProblem: { key: 'query.dataFailed', params: { detail } } });
        this.worker?.terminate();
        this.worker = null;
        this.loading = null; // a later try may succeed
        return false;
      }
    })();
    return this.loading;
  }

  // ---- drawing ----

  startTool(kind: DrawKind): void {
    this.session = new DrawSession(kind, this.store.get().corridorWidthM);
    this.input = null;
    ++this.seq;
    this.store.set({ tool: kind, finished: false, phase: 'idle', result: null, problem: null });
    this.ctx.style?.setHighlight(null);
    this.redraw();
    void this.ensureClient();
  }

  clear(): void {
    this.session = null;
    this.input = null;
    ++this.seq;
    this.endDrag();
    this.store.set({ tool: null, finished: false, phase: 'idle', result: null, problem: null });
    this.ctx.style?.setHighlight(null);
    this.layer.update(null);
  }

  setCorridorWidth(m: number): void {
    this.store.set({ corridorWidthM: m });
    if (this.session?.kind === 'corridor') {
      this.session.corridorWidthM = m;
      this.redraw();
      if (this.session.finished) this.runDrawn();
    }
  }

  private redraw(invalid = false): void {
    const s = this.session;
    if (!s) return;
    this.layer.update({
      outline: s.preview(),
      centreLine: s.centreLine(),
      handles: s.points,
      finished: s.finished,
      depthM: this.store.get().maxDepth,
      invalid,
    });
  }

  private static lonLat(p: CanvasPointer): LonLat | null {
    const g = p.ground();
    return g ? [g.lon, g.lat] : null;
  }

  private onClick(pos: CanvasPointer): void {
    const s = this.session;
    if (!s || s.finished) return;
    const now = performance.now();
    const last = this.lastClick;
    this.lastClick = { x: pos.x, y: pos.y, t: now };
    // the second click of a double-click lands (almost) where the first did: not a new vertex
    if (last && now - last.t < 600 && Math.hypot(pos.x - last.x, pos.y - last.y) < 5) return;
    const p = QueryController.lonLat(pos);
    if (!p) return;
    if (s.click(p)) this.finished();
    else this.redraw();
  }

  finish(): void {
    const s = this.session;
    if (s && !s.finished && s.finish()) this.finished();
  }

  undo(): void {
    const s = this.session;
    if (s && !s.finished) {
      s.undo();
      this.redraw();
    }
  }

  /** Esc: cancels a shape being drawn (a finished one stays; Clear removes it). */
  cancel(): void {
    if (this.drawing()) this.clear();
  }

  private finished(): void {
    this.store.set({ finished: true });
    this.redraw();
    this.runDrawn();
  }

  private onMove(pos: CanvasPointer): void {
    const s = this.session;
    if (!s) return;
    if (this.dragging !== null) {
      const p = QueryController.lonLat(pos);
      if (p) {
        s.moveVertex(this.dragging, p);
        this.redraw();
      }
      return;
    }
    if (!s.finished) {
      s.move(QueryController.lonLat(pos));
      this.redraw();
    }
  }

  private onDown(pos: CanvasPointer): void {
    const s = this.session;
    if (!s || !s.finished) return;
    const i = this.layer.handleAt(pos.x, pos.y);
    if (i === null) return;
    this.dragging = i;
    this.view.setCameraInputs(false);
  }

  private onUp(): void {
    if (this.dragging === null) return;
    this.endDrag();
    this.runDrawn();
  }

  private endDrag(): void {
    this.dragging = null;
    this.view.setCameraInputs(true);
  }

  // ---- querying ----

  private runDrawn(): void {
    const ring = this.session?.ring();
    if (!ring) return;
    this.input = { area: areaFeature(ring, { source: 'drawn', shape: this.session?.kind ?? 'polygon' }), crs: '', drawn: true };
    void this.run();
  }

  /** A typed ring in a CRS ("" = lon/lat). */
  queryRing(ring: [number, number][], crs: string): void {
    this.session = null;
    this.store.set({ tool: null, finished: false });
    this.input = { area: areaFeature(ring, { source: 'typed' }), crs, drawn: false };
    void this.run();
  }

  /** An uploaded GeoJSON text (the engine parses and checks it; a legacy crs member is honoured). */
  queryText(text: string): void {
    this.session = null;
    this.store.set({ tool: null, finished: false });
    this.input = { area: text, crs: '', drawn: false };
    void this.run();
  }

  problem(key: I18nKey, params?: Params): void {
    this.store.set({ problem: { key, params }, phase: 'error' });
  }

  async run(): Promise<QueryResult | null> {
    const input = this.input;
    if (!input) return null;
    const my = ++this.seq;
    this.store.set({ phase: 'running', startedAt: Date.now(), problem: null });
    if (!(await this.ensureClient()) || my !== this.seq) {
      if (my === this.seq) this.store.set({ phase: 'error' });
      return null;
    }
    const client = this.client;
    if (!client || this.disposed) return null;
    try {
      const result = await client.query(input.area, queryOptions(this.store.get()), input.crs || undefined);
      if (my !== this.seq || this.disposed) return null;
      this.store.set({ phase: 'done', result, problem: null });
      this.ctx.style?.setHighlight(result.items.map((it) => it.gid));
      if (input.drawn) this.redraw();
      else this.showArea(result);
      return result;
    } catch (err) {
      if (my !== this.seq || this.disposed) return null;
      const problem: QueryProblem =
        err instanceof QueryWorkerError ? { en: err.info.en, zh: err.info.zh, code: err.info.code } : { key: 'query.dataFailed', params: { detail: errorDetail(err) } };
      this.store.set({ phase: 'error', result: null, problem });
      this.ctx.style?.setHighlight(null);
      if (input.drawn) this.redraw(true);
      else this.layer.update(null);
      return null;
    }
  }

  /**
   * A typed or uploaded area on the map, every part with its holes (lon/lat as the engine normalised it), and the
   * camera flown to frame it (all parts). The drawn shape instead stays as the draw tool left it.
   */
  private showArea(result: QueryResult): void {
    const g = result.area.geometry;
    const polygons: AreaPolygon[] = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates).map((rings) =>
      rings.map((ring) => ring.map((p) => [p[0], p[1]] as LonLat)),
    );
    this.layer.update({ outline: null, areas: polygons, handles: [], finished: true, depthM: this.store.get().maxDepth });
    const [w, s, e, n] = result.area.bbox;
    this.flight = flyToPoints(this.view.scene, [[w, s], [e, s], [e, n], [w, n]]);
  }

  /** The typed/uploaded area on the map (polygons and rings drawn), once the camera's flight to it has ended. */
  async shownArea(): Promise<{ polygons: number; rings: number } | null> {
    await this.flight;
    return this.layer.shownAreas();
  }

  setOptions(patch: Parameters<QueryStore['set']>[0]): void {
    this.store.set(patch);
    if (this.input) void this.run();
    else if (this.session) this.redraw();
  }

  // ---- results ----

  showItem(gid: number, id: string): void {
    this.ctx.store.set({ selection: { gid, id } });
    void this.ctx.flyToAsset(id);
  }

  async download(format: 'csv' | 'geojson'): Promise<void> {
    const client = this.client;
    if (!client) return;
    try {
      const { text, mime, filename } = await client.export(format);
      saveText(text, mime, filename);
    } catch (err) {
      this.problem('query.exportFailed', { detail: err instanceof QueryWorkerError ? err.info.en : errorDetail(err) });
    }
  }

  // ---- input ----

  /** Map clicks, moves, button down/up, double-clicks and the drawing keys (Enter, Backspace, Esc). */
  attach(input: CanvasInput): void {
    this.offs.push(
      input.addTool(() => this.drawing()),
      input.on('click', (e) => {
        if (e.keyboard) {
          // Space/Enter on the focused map: a vertex at the centre of the view, without the double-click guard
          const p = QueryController.lonLat(e);
          const s = this.session;
          if (!p || !s || s.finished) return;
          if (s.click(p)) this.finished();
          else this.redraw();
        } else this.onClick(e);
      }),
      input.on('doubleClick', () => this.finish()),
      input.on('move', (e) => this.onMove(e)),
      input.on('down', (e) => this.onDown(e)),
      input.on('up', () => this.onUp()),
      input.onKey((k) => this.onKey(k), 20),
    );
  }

  private onKey(k: KeyInput): boolean {
    if (k.inField || !this.drawing()) return false;
    if (k.key === 'Enter') this.finish();
    else if (k.key === 'Backspace') {
      k.preventDefault();
      this.undo();
    } else if (k.key === 'Escape') this.cancel();
    else return false;
    return true;
  }

  /** at dispose(), after the input subscriptions, the panel and the Worker: the client and the drawn shape */
  protected release(): void {
    this.client = null;
    if (!this.view.isDestroyed()) this.layer.destroy();
  }
}

/**
 * Builds the area query: panel in `parent`, input from the map's CanvasInput. Call once the map exists. The returned
 * controller is the one handle on it (test hooks, the click-to-select guard); its dispose() also removes the panel.
 */
export function wireQuery(ctx: AppContext, view: MapView, input: CanvasInput, parent: HTMLElement, tilesUrl: string): QueryController {
  const c = new QueryController(ctx, view, besideTileset(tilesUrl, 'query.bin', location.href));
  c.attach(input);
  const panel = mountQueryPanel(parent, ctx.store, c.store, {
    onTool: (kind) => c.startTool(kind),
    onClear: () => c.clear(),
    onCorridorWidth: (m) => c.setCorridorWidth(m),
    onOptions: (patch) => c.setOptions(patch),
    onRow: (it) => c.showItem(it.gid, it.id),
    onExport: (format) => void c.download(format),
    onRing: (ring, crs) => c.queryRing(ring, crs),
    onProblem: (key, params) => c.problem(key, params),
    onFile: (text) => c.queryText(text),
  });
  c.onDispose(() => panel.dispose());
  return c;
}
