/**
 * Wiring of the chamber close-up: the inspect panel's "Chamber" button on a manhole, valve, meter chamber, gully or
 * outfall → the node's pipes from the asset catalog (app/assets.ts) → the pure geometry
 * (analysis/chamber/geometry.ts) → the panel (ui/chamberPanel.ts), docked in the right column at first use, whose 3D
 * view is src/viewer/chamberScene.ts loaded by a dynamic import() — three.js stays out of the main bundle and its
 * WebGL context (a second one beside Cesium's) exists only while the panel is open.
 */
import { chamberModel, hasChamber } from '../analysis/chamber/geometry';
import type { AssetRecord, PipeNode, PipeSegment } from '../domain/schema';
import { mountChamberPanel, type ChamberPanel } from '../ui/chamberPanel';
import type { Lang } from '../ui/i18n';
import { translate } from '../ui/i18n';
import type { InspectAction } from '../ui/inspectPanel';
import type { Layout } from '../ui/layout';
import '../styles/chamber.css';
import type { AppContext } from './context';
import { errorDetail } from './fetchers';

export interface ChamberController {
  /** the inspect panel's buttons for a record: "Chamber" on nodes that have one */
  inspectActions(record: AssetRecord, lang: Lang): InspectAction[];
  /** opens the close-up of a node (also for tests and other parts) */
  open(node: PipeNode): Promise<void>;
  readonly panel: ChamberPanel;
  dispose(): void;
}

const DOCK_ID = 'chamber-panel';

export function wireChamber(ctx: AppContext, layout: Layout): ChamberController {
  // the panel waits outside the page until first opened
  const holder = document.createElement('div');
  const panel = mountChamberPanel(holder, ctx.store, {
    openView: async (host, model, labels) => {
      const { createChamberScene } = await import('../viewer/chamberScene');
      return createChamberScene(host, model, labels);
    },
  });
  let docked = false;
  let token = 0;

  const open = async (node: PipeNode): Promise<void> => {
    const my = ++token;
    if (!docked) {
      docked = true;
      layout.dock(panel.root, { id: DOCK_ID, titleKey: 'chamber.title', side: 'right', size: 'fill', weight: 3 });
    }
    layout.setCollapsed(DOCK_ID, false);
    panel.loading(node.id);
    const catalog = ctx.catalog;
    let segments: PipeSegment[];
    try {
      const records = catalog ? await Promise.all(node.segments.map((id) => catalog.recordById(id))) : [];
      segments = records.filter((r): r is PipeSegment => r !== null && r.kind === 'segment');
    } catch (err) {
      if (my === token && !ctx.disposed) panel.fail(node.id, 'chamber.loadFailed', { detail: errorDetail(err) });
      return;
    }
    if (my !== token || ctx.disposed) return;
    await panel.show(chamberModel(node, segments));
  };

  return {
    panel,
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
      ++token;
      panel.dispose();
    },
  };
}
