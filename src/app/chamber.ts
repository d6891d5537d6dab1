/**
 * Wiring of the chamber close-up: the inspect panel's "Chamber" button on a manhole, valve or meter chamber, gully or
 * outfall → the node's pipes from the asset catalog (app/assets.ts) → the pure geometry
 * (analysis/chamber/geometry.ts) → the panel (ui/chamberPanel.ts), docked in the right column at first use, whose 3D
 * view is src/viewer/chamberScene.ts.
 *
 * Bundle: the main bundle carries only this file and analysis/chamber/chamberTypes.ts. The panel and the geometry load
 * by a dynamic import() at the first "Chamber", three.js (the scene) by another when the view starts, so three never
 * enters the main bundle; the scene's WebGL context (a second one beside Cesium's) exists only while the panel is open.
 */
import { hasChamber } from '../analysis/chamber/chamberTypes';
import type { AssetRecord, PipeNode, PipeSegment } from '../domain/schema';
import type { ChamberPanel } from '../ui/chamberPanel';
import { translate, type Lang } from '../ui/i18n';
import type { InspectAction } from '../ui/inspectPanel';
import type { Layout } from '../ui/layout';
import '../styles/chamber.css';
import type { AppContext } from './context';
import { errorDetail } from './fetchers';

export interface ChamberController {
  /** the inspect panel's buttons for a record: "Chamber" on nodes that have one */
  inspectActions(record: AssetRecord, lang: Lang): InspectAction[];
  /** opens the close-up of a node; resolves once the panel shows it (its 3D view started or its error shown) */
  open(node: PipeNode): Promise<void>;
  /** the panel, once the first open() loaded it */
  readonly panel: ChamberPanel | null;
  dispose(): void;
}

const DOCK_ID = 'chamber-panel';

type Loaded = { panel: ChamberPanel; chamberModel: typeof import('../analysis/chamber/geometry').chamberModel };

export function wireChamber(ctx: AppContext, layout: Layout): ChamberController {
  let loaded: Promise<Loaded> | null = null;
  let panel: ChamberPanel | null = null;
  let token = 0;
  let disposed = false;

  /** the panel and the geometry, loaded once; the panel is docked in the right column */
  const load = (): Promise<Loaded> => {
    loaded ??= Promise.all([import('../ui/chamberPanel'), import('../analysis/chamber/geometry')]).then(([ui, geo]) => {
      // the panel waits outside the page until docked
      const holder = document.createElement('div');
      const p = ui.mountChamberPanel(holder, ctx.store, {
        openView: async (host, model, labels) => {
          const { createChamberScene } = await import('../viewer/chamberScene');
          return createChamberScene(host, model, labels);
        },
      });
      if (disposed) p.dispose();
      else {
        panel = p;
        layout.dock(p.root, { id: DOCK_ID, titleKey: 'chamber.title', side: 'right', size: 'fill', weight: 4 });
      }
      return { panel: p, chamberModel: geo.chamberModel };
    });
    loaded.catch(() => (loaded = null)); // a failed chunk may be tried again
    return loaded;
  };

  const open = async (node: PipeNode): Promise<void> => {
    const my = ++token;
    let parts: Loaded;
    try {
      parts = await load();
    } catch (err) {
      if (!disposed) ctx.error('chamber.failed', { detail: errorDetail(err) });
      return;
    }
    if (my !== token || disposed) return;
    const p = parts.panel;
    layout.setCollapsed(DOCK_ID, false);
    p.loading(node.id);
    const catalog = ctx.catalog;
    let segments: PipeSegment[];
    try {
      const records = catalog ? await Promise.all(node.segments.map((id) => catalog.recordById(id))) : [];
      segments = records.filter((r): r is PipeSegment => r !== null && r.kind === 'segment');
    } catch (err) {
      if (my === token && !disposed) p.fail(node.id, 'chamber.loadFailed', { detail: errorDetail(err) });
      return;
    }
    if (my !== token || disposed) return;
    await p.show(parts.chamberModel(node, segments));
  };

  return {
    get panel() {
      return panel;
    },
    open,
    inspectActions(record, lang) {
      if (record.kind !== 'node' || !hasChamber(record.type)) return [];
      return [
        {
          label: translate(lang, 'chamber.action'),
          title: translate(lang, 'chamber.actionTitle'),
          testId: 'inspect-chamber',
          run: () => void open(record),
        },
      ];
    },
    dispose() {
      disposed = true;
      ++token;
      panel?.dispose();
      panel = null;
    },
  };
}
