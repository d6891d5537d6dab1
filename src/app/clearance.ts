/**
 * Wiring of the clearance and cover check in the viewer (GB 50289; docs/drawings.md): the check runs in its own
 * Worker (analysis/drawings/checkWorker.ts) over the area query's area or the whole network, on the query copy
 * (tiles/pipes/query.bin, the file the area query loads); the panel (ui/clearancePanel.ts, docked in the right column
 * at its first use) shows the progress with "Cancel" (a message the Worker reads between chunks of pipes), then the
 * violations, cover judged again on each pipe's recorded surface (the query copy has none: checkInput.ts withSurface,
 * records from the asset catalog). Their pipes are highlighted through the pipe style (owner "clearance") and a marker is put at each
 * violation (viewer/violationMarkers.ts); a row click flies there and selects the pipe; "CSV" saves them all.
 */
import { withSurface } from '../analysis/drawings/checkInput';
import type { CheckRequest, CheckResponse } from '../analysis/drawings/checkProtocol';
import { checkCsv } from '../analysis/drawings/export';
import type { CheckResult } from '../analysis/drawings/types';
import { mountClearancePanel, type ClearancePanel, type ClearanceScope } from '../ui/clearancePanel';
import { saveText } from '../ui/download';
import { translate, type Lang } from '../ui/i18n';
import type { InspectAction } from '../ui/inspectPanel';
import type { Layout } from '../ui/layout';
import '../styles/clearance.css';
import { flyToPoints } from '../viewer/camera';
import { ViolationMarkers } from '../viewer/violationMarkers';
import type { MapView } from '../viewer/widget';
import { besideTileset } from './config';
import type { AppContext } from './context';
import type { QueryController } from './query';

/** The owner name of the clearance highlight (PipeStyle.setHighlight). */
export const CLEARANCE_HIGHLIGHT_OWNER = 'clearance';

export class ClearanceController {
  private worker: Worker | null = null;
  private seq = 0;
  private pending: { requestId: number; resolve: (r: CheckResult | null) => void } | null = null;
  private last: { result: CheckResult; gids: Record<string, number> } | null = null;
  private readonly markers: ViolationMarkers;
  private readonly offs: (() => void)[] = [];
  private disposed = false;
  panel: ClearancePanel | null = null;
  /** docks and expands the panel (set by wireClearance) */
  open: () => void = () => undefined;

  constructor(
    private readonly ctx: AppContext,
    private readonly view: MapView,
    private readonly queryUrl: string,
    private readonly areaOf: () => { area: unknown; crs: string } | null,
    private readonly createWorker: () => Worker = () => new Worker(new URL('../analysis/drawings/checkWorker.ts', import.meta.url), { type: 'module' }),
  ) {
    this.markers = new ViolationMarkers(view.scene, () => ctx.requestRender());
  }

  result(): CheckResult | null {
    return this.last?.result ?? null;
  }

  private ensureWorker(): Worker {
    if (!this.worker) {
      const w = this.createWorker();
      w.addEventListener('message', (ev: MessageEvent<CheckResponse>) => this.onMessage(ev.data));
      w.addEventListener('error', (ev) => this.finish(null, ev.message || 'Worker error'));
      this.worker = w;
    }
    return this.worker;
  }

  private onMessage(r: CheckResponse): void {
    if (!this.pending || r.requestId !== this.pending.requestId) return; // superseded
    if (r.type === 'progress') this.panel?.set({ kind: 'busy', done: r.done, total: r.total });
    else if (r.type === 'error') this.finish(null, r.code === 'area' ? `${r.message}` : r.message);
    else void this.settle(r.requestId, r.result, r.gids);
  }

  /** The Worker's answer with the cover violations judged on each pipe's recorded surface (asset catalog), shown. */
  private async settle(requestId: number, raw: CheckResult, allGids: Record<string, number>): Promise<void> {
    const catalog = this.ctx.catalog;
    const surfaces = new Map<string, { sub: string; underCarriageway?: boolean } | null>();
    if (catalog) {
      const ids = [...new Set(raw.violations.filter((v) => v.kind === 'cover').map((v) => v.a))];
      await Promise.all(
        ids.map(async (id) => {
          const rec = await catalog.recordById(id).catch(() => null);
          surfaces.set(id, rec?.kind === 'segment' ? { sub: rec.sub, underCarriageway: rec.underCarriageway } : null);
        }),
      );
    }
    if (this.disposed || !this.pending || this.pending.requestId !== requestId) return;
    const result = withSurface(raw, (id) => surfaces.get(id) ?? null);
    const gids: Record<string, number> = {};
    for (const v of result.violations) for (const id of v.b ? [v.a, v.b] : [v.a]) if (allGids[id] !== undefined) gids[id] = allGids[id];
    this.last = { result, gids };
    const list = [...new Set(Object.values(gids))];
    this.ctx.style?.setHighlight(list.length ? list : null, undefined, CLEARANCE_HIGHLIGHT_OWNER);
    this.markers.set(result.violations.map((v) => ({ lon: v.position[0], lat: v.position[1], kind: v.kind })));
    this.panel?.set({ kind: 'result', result });
    this.finish(result, null);
  }

  private finish(result: CheckResult | null, error: string | null): void {
    const p = this.pending;
    this.pending = null;
    if (error !== null) this.panel?.set({ kind: 'error', message: error });
    p?.resolve(result);
  }

  /** Runs the check over the area query's area ('area') or the whole network; resolves with the result (null: failed or superseded). */
  run(scope: ClearanceScope | { area: unknown; crs?: string }, chunk?: number): Promise<CheckResult | null> {
    this.open();
    if (this.pending) {
      const old = this.pending;
      this.pending = null;
      old.resolve(null);
    }
    // an explicit area (test hooks) or the area query's
    const area = typeof scope === 'object' ? { area: scope.area, crs: scope.crs ?? '' } : scope === 'area' ? this.areaOf() : null;
    if (scope === 'area' && !area) {
      this.panel?.set({ kind: 'error', message: translate(this.ctx.store.get().lang, 'clearance.noArea') });
      return Promise.resolve(null);
    }
    const requestId = ++this.seq;
    this.panel?.set({ kind: 'busy', done: 0, total: 0 });
    return new Promise((resolve) => {
      this.pending = { requestId, resolve };
      const req: CheckRequest = { type: 'check', requestId, url: this.queryUrl, ...(area ? { area: area.area, crs: area.crs || undefined } : {}), ...(chunk ? { chunk } : {}) };
      this.ensureWorker().postMessage(req);
    });
  }

  /** Stops the running check: the Worker reads the message between chunks and answers with what it found so far. */
  cancel(): void {
    if (this.pending) this.worker?.postMessage({ type: 'cancel', requestId: this.pending.requestId } satisfies CheckRequest);
  }

  csv(): void {
    if (this.last) saveText(checkCsv(this.last.result), 'text/csv', 'clearances.csv');
  }

  /** Flies to violation `index` of the last result and selects its (first) pipe. */
  show(index: number): void {
    const v = this.last?.result.violations[index];
    if (!v) return;
    const gid = this.last?.gids[v.a] ?? null;
    this.ctx.store.set({ selection: { gid, id: v.a } });
    void flyToPoints(this.view.scene, [v.position]);
  }

  /** Clears the highlight and the markers (the panel keeps its list). */
  clear(): void {
    this.last = null;
    this.ctx.style?.setHighlight(null, undefined, CLEARANCE_HIGHLIGHT_OWNER);
    this.markers.set([]);
  }

  markerCount(): number {
    return this.markers.count;
  }

  /** The inspect panel's action on a pipe or node: open the panel (the check runs on the user's "Check"). */
  inspectActions(_record: unknown, lang: Lang): InspectAction[] {
    return [{ label: translate(lang, 'clearance.open'), title: translate(lang, 'clearance.openTitle'), testId: 'inspect-clearance', run: () => this.open() }];
  }

  onDispose(fn: () => void): void {
    this.offs.push(fn);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const off of this.offs.splice(0)) off();
    this.pending?.resolve(null);
    this.pending = null;
    this.worker?.terminate();
    this.worker = null;
    this.ctx.style?.setHighlight(null, undefined, CLEARANCE_HIGHLIGHT_OWNER);
    if (!this.view.isDestroyed()) this.markers.destroy();
  }
}

/** Builds the clearance check: the controller, its panel (docked in the right column at its first use). */
export function wireClearance(ctx: AppContext, view: MapView, layout: Layout, tilesUrl: string, query: QueryController): ClearanceController {
  const c = new ClearanceController(ctx, view, besideTileset(tilesUrl, 'query.bin', location.href), () => query.areaInput());
  const holder = document.createElement('div');
  const panel = mountClearancePanel(holder, ctx.store, {
    run: (scope) => void c.run(scope),
    cancel: () => c.cancel(),
    csv: () => c.csv(),
    show: (i) => c.show(i),
  });
  c.panel = panel;
  let docked = false;
  c.open = () => {
    panel.setHasArea(query.areaInput() !== null);
    if (!docked) {
      docked = true;
      layout.dock(panel.root, { id: 'clearance-panel', titleKey: 'clearance.title', side: 'right', size: 'fill', weight: 1 });
    }
    layout.setCollapsed('clearance-panel', false);
  };
  c.onDispose(query.store.subscribe(() => panel.setHasArea(query.areaInput() !== null)));
  c.onDispose(() => panel.dispose());
  return c;
}
