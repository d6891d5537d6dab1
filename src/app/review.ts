/**
 * Wiring of the reviews (docs/review.md): the review panel (ui/reviewPanel.ts) docked in the right column, the riverbank
 * project review of a project from projects.geojson, and the excavation check of a pit drawn on the map with the draw
 * tool's state machine (ui/drawSession.ts, polygon) and its layer (layers/drawing.ts, with the pit depth outline). The
 * ground is cut along the pit (viewer/groundCut.ts) and the pipes found are highlighted (owner "review").
 *
 * Data, loaded on the first review: the query copy (query.bin, decoded in the page: the analyses are synchronous and
 * the index answers in milliseconds), the overlays (outfalls, sections, rivers) and meta.json; catchments from a query
 * Worker of its own that loads network.bin (absent or failing: the report says catchments were not computed).
 */
import { booleanPointInPolygon } from '@turf/turf';
import { pitSectionLine, svgDataUrl } from '../analysis/drawings/pitSection';
import { crossSection } from '../analysis/drawings/section';
import { sectionSvg } from '../analysis/drawings/svg';
import { QueryClient } from '../analysis/queryClient';
import { decodeQueryCopy, segmentId, type QueryCopy } from '../analysis/queryCopy';
import { excavationCheck, ReviewInputError, riverbankReview, type ExcavationResult, type RiverbankResult, type RiverbankData } from '../analysis/review';
import type { CatchmentResult } from '../analysis/network/types';
import type { FeatureCollection, LineString, Point, Polygon } from 'geojson';
import type { AssetRecord, LonLat, OutfallProps, ProjectProps, RiverProps, SectionProps } from '../domain/schema';
import { translate, type Lang } from '../ui/i18n';
import type { InspectAction } from '../ui/inspectPanel';
import { DrawingLayer } from '../layers/drawing';
import { DrawSession } from '../ui/drawSession';
import type { Layout } from '../ui/layout';
import { mountReviewPanel, type ReviewPanel } from '../ui/reviewPanel';
import { excavationReport, riverbankReport, type ReportMeta, type ReportPictures } from '../ui/reviewReport';
import '../styles/print.css';
import { GroundCut } from '../viewer/groundCut';
import { captureFrame } from '../viewer/snapshot';
import type { CanvasInput, CanvasPointer, KeyInput } from '../viewer/input';
import type { MapView } from '../viewer/widget';
import { besideTileset } from './config';
import type { AppContext } from './context';
import { errorDetail, fetchJson } from './fetchers';
import { WorkerPart } from './workerPart';

interface ReviewData {
  copy: QueryCopy;
  outfalls: FeatureCollection<Point, OutfallProps>;
  sections: FeatureCollection<LineString, SectionProps>;
  centrelines: { river: string; coords: LonLat[] }[];
  meta: ReportMeta;
}

const HIGHLIGHT_OWNER = 'review';

export class ReviewController extends WorkerPart {
  private data: Promise<ReviewData> | null = null;
  private projects: FeatureCollection<Polygon, ProjectProps> | null = null;
  private client: Promise<QueryClient | null> | null = null;
  private session: DrawSession | null = null;
  private readonly layer: DrawingLayer;
  private readonly cut: GroundCut;
  private last: { kind: 'excavation'; r: ExcavationResult } | { kind: 'riverbank'; r: RiverbankResult } | null = null;
  private meta: ReportMeta = { name: '', generatedAt: '', seed: 0 };
  private at = new Date();
  /** the pictures of the report shown: the map when it was made (and at print), the section through the pit */
  private pictures: ReportPictures = {};
  panel: ReviewPanel | null = null;
  /** docks and expands the panel (set by wireReview; the panel is docked at its first use) */
  open: () => void = () => undefined;
  /** opens the clearance check (set by boot; the review panel's "Clearance check…") */
  openClearance: (() => void) | null = null;

  constructor(
    private readonly ctx: AppContext,
    private readonly view: MapView,
    private readonly urls: { query: string; network: string; data: string },
  ) {
    super();
    this.layer = new DrawingLayer(view.scene);
    this.cut = new GroundCut(view.scene, () => ctx.requestRender());
  }

  /** true while a pit is being drawn (map clicks then place corners, not select) */
  drawing(): boolean {
    return this.session !== null && !this.session.finished;
  }

  result(): ExcavationResult | RiverbankResult | null {
    return this.last?.r ?? null;
  }

  async loadProjects(): Promise<void> {
    try {
      this.projects = (await fetchJson(`${this.urls.data}projects.geojson`)) as FeatureCollection<Polygon, ProjectProps>;
      this.panel?.setProjects(this.projects.features.map((f) => ({ id: f.properties.id, name: f.properties.name, nameEn: f.properties.nameEn })));
    } catch {
      this.panel?.setProjects([]);
    }
  }

  private loadData(): Promise<ReviewData> {
    if (!this.data) {
      const d = this.urls.data;
      this.data = (async () => {
        const [buf, outfalls, sections, rivers, meta] = await Promise.all([
          fetch(this.urls.query).then((r) => {
            if (!r.ok) throw new Error(`${this.urls.query}: HTTP ${r.status}`);
            return r.arrayBuffer();
          }),
          fetchJson(`${d}outfalls.geojson`).catch(() => ({ type: 'FeatureCollection', features: [] })),
          fetchJson(`${d}sections.geojson`).catch(() => ({ type: 'FeatureCollection', features: [] })),
          fetchJson(`${d}rivers.geojson`).catch(() => ({ type: 'FeatureCollection', features: [] })),
          fetchJson(`${d}meta.json`).catch(() => ({})),
        ]);
        const rv = rivers as FeatureCollection<LineString, RiverProps>;
        const m = meta as Partial<ReportMeta>;
        this.meta = { name: String(m.name ?? ''), generatedAt: String(m.generatedAt ?? ''), seed: Number(m.seed ?? 0) };
        return {
          copy: decodeQueryCopy(buf),
          outfalls: outfalls as ReviewData['outfalls'],
          sections: sections as ReviewData['sections'],
          centrelines: rv.features.filter((f) => f.properties.kind === 'centreline' && f.geometry.type === 'LineString').map((f) => ({ river: f.properties.river, coords: f.geometry.coordinates as LonLat[] })),
          meta: this.meta,
        };
      })();
      this.data.catch(() => (this.data = null)); // a later try may succeed
    }
    return this.data;
  }

  private networkClient(): Promise<QueryClient | null> {
    if (!this.client) {
      this.client = (async () => {
        try {
          const worker = new Worker(new URL('../analysis/queryWorker.ts', import.meta.url), { type: 'module' });
          this.worker = worker;
          const c = new QueryClient(worker);
          await c.loadNetworkUrl(this.urls.network);
          return c;
        } catch {
          this.worker?.terminate();
          this.worker = null;
          return null;
        }
      })();
    }
    return this.client;
  }

  private fail(err: unknown): void {
    const detail = err instanceof ReviewInputError ? (this.ctx.store.get().lang === 'en' ? err.en : err.zh) : errorDetail(err);
    this.panel?.setStatus('review.failed', { detail });
  }

  private show(): void {
    const lang = this.ctx.store.get().lang;
    const l = this.last;
    this.panel?.showReport(!l ? null : l.kind === 'excavation' ? excavationReport(l.r, lang, this.meta, this.at) : riverbankReport(l.r, lang, this.meta, this.at), this.pictures);
  }

  /** The map as it is now (a frame rendered and copied in its postRender), as a PNG data: URL at most 1200 px wide; '' when it cannot be read. */
  private async mapPicture(): Promise<string> {
    if (this.view.isDestroyed()) return '';
    try {
      const frame = await captureFrame(this.view.scene);
      const k = Math.min(1, 1200 / Math.max(1, frame.width));
      if (k >= 1) return frame.toDataURL('image/png');
      const small = document.createElement('canvas');
      small.width = Math.round(frame.width * k);
      small.height = Math.round(frame.height * k);
      small.getContext('2d')?.drawImage(frame, 0, 0, small.width, small.height);
      return small.toDataURL('image/png');
    } catch {
      return '';
    }
  }

  /** The cross-section along the pit's longest axis (carried past it by the reach and 5 m) as an SVG data: URL; null when no pipe crosses it. */
  private async pitSection(r: ExcavationResult, copy: QueryCopy): Promise<string | null> {
    const catalog = this.ctx.catalog;
    if (!catalog || !copy.index) return null;
    const line = pitSectionLine(r.pit.polygon[0] as LonLat[], r.reachM + 5);
    const w = Math.min(line[0][0], line[1][0]);
    const e = Math.max(line[0][0], line[1][0]);
    const so = Math.min(line[0][1], line[1][1]);
    const n = Math.max(line[0][1], line[1][1]);
    const near = copy.index.search(w - 1e-4, so - 1e-4, e + 1e-4, n + 1e-4).slice(0, 400);
    const records = await Promise.all(near.map((i) => catalog.recordById(segmentId(copy, i)).catch(() => null)));
    const pipes = records.filter((x): x is NonNullable<typeof x> & { kind: 'segment' } => x?.kind === 'segment');
    const s = crossSection(line, pipes);
    if (s.pipes.length === 0) return null;
    return svgDataUrl(sectionSvg(s, { lang: this.ctx.store.get().lang === 'en' ? 'en' : 'zh', width: 900 }));
  }

  /** The pictures of the last report: the map now and, for an excavation, the section (then shown with the report). */
  private async refreshPictures(my: number, section: boolean): Promise<void> {
    const l = this.last;
    if (!l) return;
    const map = await this.mapPicture();
    let sectionUrl: string | null | undefined = this.pictures.section;
    if (section) {
      sectionUrl = undefined;
      if (l.kind === 'excavation') {
        try {
          sectionUrl = await this.pitSection(l.r, (await this.loadData()).copy);
        } catch {
          sectionUrl = null;
        }
      }
    }
    if (my !== this.seq || this.disposed || this.last !== l) return;
    this.pictures = { map, ...(sectionUrl !== undefined ? { section: sectionUrl } : {}) };
    this.show();
  }

  /** "Print": the map picture taken again, the report alone on the page, the browser's print dialog. */
  async print(): Promise<void> {
    await this.refreshPictures(this.seq, false);
    this.panel?.print();
  }

  /** The report prepared for print (on) or back (off), without the dialog (test hooks); the report's pictures. */
  async printView(on: boolean): Promise<{ picture: string; section: boolean } | null> {
    if (!this.last) return null;
    if (on) await this.refreshPictures(this.seq, false);
    this.panel?.printView(on);
    return { picture: this.pictures.map ?? '', section: typeof this.pictures.section === 'string' };
  }

  /** A map click that picked no asset: the riverbank project under it (overlay shown), selected in the panel. */
  pickProjectAt(lonLat: LonLat): string | null {
    if (!this.projects || !this.ctx.store.get().overlayVisible.projects) return null;
    const f = this.projects.features.find((p) => p.geometry && booleanPointInPolygon(lonLat as [number, number], p.geometry));
    if (!f) return null;
    this.open();
    this.panel?.pickProject(f.properties.id);
    return f.properties.id;
  }

  /** Riverbank review of a project by id. */
  async review(projectId: string, distanceM: number): Promise<RiverbankResult | null> {
    const my = ++this.seq;
    this.open();
    this.panel?.setStatus('review.running');
    try {
      const f = this.projects?.features.find((p) => p.properties.id === projectId);
      if (!f) throw new Error(`unknown project ${projectId}`);
      const data = await this.loadData();
      const project = { id: f.properties.id, name: f.properties.name, nameEn: f.properties.nameEn, river: f.properties.river, polygon: f.geometry.coordinates as LonLat[][] };
      const base: RiverbankData = { copy: data.copy, outfalls: data.outfalls, sections: data.sections, centrelines: data.centrelines };
      const first = riverbankReview(project, distanceM, base);
      // the catchments of the outfalls inside, from the network engine (Worker)
      const client = first.outfalls.length ? await this.networkClient() : null;
      let r = first;
      if (client) {
        const found = new Map<string, CatchmentResult>();
        for (const o of first.outfalls) {
          try {
            found.set(o.id, await client.catchment(o.id));
          } catch {
            // not in the network model: listed without a catchment
          }
        }
        r = riverbankReview(project, distanceM, {
          ...base,
          catchment: (id) => {
            const c = found.get(id);
            if (!c) throw new Error(`no catchment for ${id}`);
            return c;
          },
        });
      }
      if (my !== this.seq || this.disposed) return null;
      this.clearPit();
      this.last = { kind: 'riverbank', r };
      this.at = new Date();
      const gids = [...r.pipes.under.flatMap((g) => g.gids), ...r.pipes.near.flatMap((g) => g.gids), ...(r.drainage?.catchments.flatMap((c) => c.pipeGids) ?? [])];
      this.ctx.style?.setHighlight(gids, undefined, HIGHLIGHT_OWNER);
      this.layer.update({ outline: null, areas: [f.geometry.coordinates as LonLat[][], ...(r.buffer.geometry.type === 'Polygon' ? [r.buffer.geometry.coordinates as LonLat[][]] : (r.buffer.geometry.coordinates as LonLat[][][]))], handles: [], finished: true, depthM: null });
      this.panel?.setStatus(null);
      this.pictures = {};
      this.show();
      this.ctx.requestRender();
      await this.refreshPictures(my, true);
      return r;
    } catch (err) {
      if (my === this.seq) this.fail(err);
      return null;
    }
  }

  /** Starts drawing a pit (polygon). */
  drawPit(): void {
    ++this.seq;
    this.open();
    this.session = new DrawSession('polygon');
    this.cut.set(null);
    this.panel?.setStatus('review.drawing');
    void this.loadData().catch(() => undefined);
  }

  /** Excavation check of a pit ring (lon/lat) with the panel's inputs; also the test hooks' entry. */
  async checkPit(ring: readonly LonLat[]): Promise<ExcavationResult | null> {
    const my = ++this.seq;
    this.open();
    const inputs = this.panel?.pitInputs() ?? { depthM: 3, sideSlope: 0.5, safetyM: 1 };
    try {
      const data = await this.loadData();
      const r = excavationCheck({ polygon: [ring.map((p) => [p[0], p[1]] as LonLat)], depthM: inputs.depthM, sideSlope: inputs.sideSlope }, data.copy, inputs.safetyM);
      if (my !== this.seq || this.disposed) return null;
      this.last = { kind: 'excavation', r };
      this.at = new Date();
      this.cut.set(ring);
      this.layer.update({ outline: ring, handles: [], finished: true, depthM: inputs.depthM });
      this.ctx.style?.setHighlight(
        r.items.map((i) => i.gid),
        undefined,
        HIGHLIGHT_OWNER,
      );
      this.panel?.setStatus(null);
      this.pictures = {};
      this.show();
      await this.refreshPictures(my, true);
      return r;
    } catch (err) {
      if (my === this.seq) this.fail(err);
      return null;
    }
  }

  /** The inspect panel's button on a pipe or node: open the panel and draw a pit (the asset stays selected). */
  inspectActions(record: AssetRecord, lang: Lang): InspectAction[] {
    void record;
    return [{ label: translate(lang, 'review.open'), title: translate(lang, 'review.openTitle'), testId: 'inspect-review', run: () => this.drawPit() }];
  }

  private pitRing(): LonLat[] | null {
    return this.last?.kind === 'excavation' ? (this.last.r.pit.polygon[0] as LonLat[]) : null;
  }

  /** depth, slope or safety changed: check the last pit again */
  recheck(): void {
    const ring = this.pitRing();
    if (ring) void this.checkPit(ring);
  }

  private clearPit(): void {
    this.session = null;
    this.cut.set(null);
  }

  close(): void {
    ++this.seq;
    this.clearPit();
    this.last = null;
    this.pictures = {};
    this.layer.update(null);
    this.ctx.style?.setHighlight(null, undefined, HIGHLIGHT_OWNER);
    this.panel?.setStatus(null);
    this.show();
  }

  private redraw(): void {
    const s = this.session;
    if (s) this.layer.update({ outline: s.preview(), handles: s.points, finished: s.finished, depthM: this.panel?.pitInputs().depthM ?? null });
  }

  private finished(): void {
    const ring = this.session?.ring();
    this.session = null;
    if (ring) void this.checkPit(ring);
  }

  private static lonLat(p: CanvasPointer): LonLat | null {
    const g = p.ground();
    return g ? [g.lon, g.lat] : null;
  }

  attach(input: CanvasInput): void {
    this.offs.push(
      input.addTool(() => this.drawing()),
      input.on('click', (e) => {
        const s = this.session;
        if (!s || s.finished) {
          // not drawing a pit: a click on a riverbank project (and on no asset, no other tool drawing) picks it
          if (this.projects?.features.length && this.ctx.store.get().overlayVisible.projects && !input.toolActive() && !e.asset()) {
            const p = ReviewController.lonLat(e);
            if (p) this.pickProjectAt(p);
          }
          return;
        }
        const p = ReviewController.lonLat(e);
        if (!p) return;
        if (s.click(p)) this.finished();
        else this.redraw();
      }),
      input.on('doubleClick', () => {
        if (this.drawing() && this.session?.finish()) this.finished();
      }),
      input.on('move', (e) => {
        if (this.drawing()) {
          this.session?.move(ReviewController.lonLat(e));
          this.redraw();
        }
      }),
      input.onKey((k: KeyInput) => {
        if (k.inField || !this.drawing()) return false;
        if (k.key === 'Enter') {
          if (this.session?.finish()) this.finished();
        } else if (k.key === 'Backspace') {
          k.preventDefault();
          this.session?.undo();
          this.redraw();
        } else if (k.key === 'Escape') {
          this.session = null;
          this.layer.update(null);
          this.panel?.setStatus(null);
        } else return false;
        return true;
      }, 20),
      this.ctx.store.watch(
        (s) => s.lang,
        () => this.show(),
      ),
    );
  }

  protected release(): void {
    if (!this.view.isDestroyed()) {
      this.cut.destroy();
      this.layer.destroy();
    }
  }
}

/** Builds the reviews: the panel (docked in the right column at its first use), map input for drawing a pit. dispose() removes all. */
export function wireReview(ctx: AppContext, view: MapView, input: CanvasInput, layout: Layout, tilesUrl: string, dataBaseUrl: string): ReviewController {
  const c = new ReviewController(ctx, view, {
    query: besideTileset(tilesUrl, 'query.bin', location.href),
    network: besideTileset(tilesUrl, 'network.bin', location.href),
    data: dataBaseUrl,
  });
  c.attach(input);
  const holder = document.createElement('div');
  const panel = mountReviewPanel(holder, ctx.store, {
    onReview: (id, d) => void c.review(id, d),
    onDrawPit: () => c.drawPit(),
    onPitOptions: () => c.recheck(),
    onClose: () => c.close(),
    onPrint: () => void c.print(),
    onClearance: () => c.openClearance?.(),
  });
  c.panel = panel;
  // docked at the first use (the inspect panel's "Dig here…", a test hook), like the trace panel
  let docked = false;
  c.open = () => {
    if (!docked) {
      docked = true;
      layout.dock(panel.root, { id: 'review-panel', titleKey: 'review.title', side: 'right', size: 'fill', weight: 1 });
    }
    layout.setCollapsed('review-panel', false);
  };
  void c.loadProjects();
  c.onDispose(() => panel.dispose());
  return c;
}
