/**
 * Wiring of the network traces: the controller (app/traceController.ts) with the real parts — the marker layer
 * (layers/traceHighlight.ts), a query Worker, the camera — and the panel (ui/tracePanel.ts) docked in the right column.
 */
import { TraceHighlightLayer } from '../layers/traceHighlight';
import type { Layout } from '../ui/layout';
import { mountTracePanel } from '../ui/tracePanel';
import '../styles/trace.css';
import { flyToPoints } from '../viewer/camera';
import type { CanvasInput } from '../viewer/input';
import type { MapView } from '../viewer/widget';
import { besideTileset } from './config';
import type { AppContext } from './context';
import { TraceController, type TraceDeps } from './traceController';

export { TraceController } from './traceController';

function defaultDeps(ctx: AppContext, view: MapView): TraceDeps {
  return {
    layer: new TraceHighlightLayer(view.scene, () => ctx.requestRender()),
    createWorker: () => new Worker(new URL('../analysis/queryWorker.ts', import.meta.url), { type: 'module' }),
    frame: (points) => flyToPoints(view.scene, points),
  };
}

/**
 * Builds the traces: the panel is docked in the right column at the first trace (until then the dock has no item
 * for it; afterwards the item hides with the panel while no trace is shown), Esc and selection input from the map.
 * Call once the map exists; dispose() also removes the panel.
 */
export function wireTrace(ctx: AppContext, view: MapView, input: CanvasInput, layout: Layout, tilesUrl: string): TraceController {
  const c = new TraceController(ctx, besideTileset(tilesUrl, 'network.bin', location.href), defaultDeps(ctx, view));
  c.attach(input);
  // the panel waits outside the page until the first trace
  const holder = document.createElement('div');
  const panel = mountTracePanel(holder, ctx.store, c.store, {
    onClear: () => c.clear(),
    onRow: (item) => c.showItem(item),
    onStuck: (valve, stuck) => c.stuck(valve, stuck),
    onExport: (format) => void c.download(format),
    onCatchment: (outfall) => void c.run({ kind: 'catchment', outfall }),
    statusOf: (gid) => ctx.style?.statusOf(gid) ?? null,
  });
  let docked = false;
  c.onDispose(
    c.store.watch(
      (s) => s.request,
      (req, prev) => {
        if (!req) return;
        if (!docked) {
          docked = true;
          layout.dock(panel.root, { id: 'trace-panel', titleKey: 'trace.title', side: 'right', size: 'fill', weight: 2 });
        }
        // a new trace opens its dock item (the user may have collapsed it last time)
        if (!prev) layout.setCollapsed('trace-panel', false);
      },
    ),
  );
  c.onDispose(() => panel.dispose());
  return c;
}
