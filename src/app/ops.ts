/**
 * Shared operations state in the viewer (issue 12), when config.json names an operations server
 * (`"sharedState": { "url": "/api" }`); without one this part does nothing at all (no request, no panel).
 *
 * mountOps wires the controller (app/opsController.ts: session, acknowledgements, incidents, KPIs, event stream,
 * offline and recovery) to the page: the login / link box in the top bar (ui/loginDialog.ts), the incidents panel in
 * the left column (ui/incidentsPanel.ts), shared acknowledgements and "open an incident" (⚑) in the alarm list, and
 * the incident KPIs in the KPI strip (app/feed.ts share / setOpsKpis). dispose() undoes all of it: stream, timers,
 * listeners, panels, and the feed back to local acknowledgements.
 */
import '../styles/ops.css';
import type { IsolationResult } from '../analysis/network/types';
import type { IncidentCreateBody } from '../domain/ops';
import type { AlarmRow } from '../ui/alarmList';
import { episodeOf } from '../ui/alarmList';
import { metricName } from '../ui/feedFormat';
import { translate } from '../ui/i18n';
import { mountIncidentsPanel, type IncidentsPanel } from '../ui/incidentsPanel';
import type { Layout, Shell } from '../ui/layout';
import { mountLoginDialog } from '../ui/loginDialog';
import { canWrite, isolationPlanOf, type IsolationPlan, type OpsActions } from '../ui/opsState';
import { SharedAcks } from '../ui/sharedAcks';
import type { TopBar } from '../ui/topBar';
import type { AppConfig } from './config';
import type { AppContext } from './context';
import type { FeedApp } from './feed';
import { OpsController } from './opsController';

export interface OpsApp {
  /** with config.sharedState: mounts the operations UI and connects; without: nothing */
  start(config: AppConfig): Promise<void>;
  dispose(): void;
  /** the controller once started (test hooks) */
  readonly controller: OpsController | null;
}

export interface OpsParts {
  feed: FeedApp;
  layout: Layout;
  topBar: TopBar;
  /** the valve isolation last computed by the network traces, null when there is none */
  isolation?(): IsolationResult | null;
}

/** A new incident's fields from an alarm row: its asset, the alarm episode, a title in the page's language. */
export function draftFromAlarm(row: AlarmRow, lang: Parameters<typeof translate>[0]): IncidentCreateBody {
  const { sensor, metric, episode } = episodeOf(row);
  const what = row.metric ? metricName(row.metric, lang) : translate(lang, 'alarms.title');
  return {
    type: row.kind === 'section' ? 'water-quality' : 'other',
    title: translate(lang, 'incidents.titleFromAlarm', { metric: what, asset: row.id }),
    asset: row.id,
    location: null,
    severity: row.code === 3 ? 'high' : 'medium',
    team: null,
    notes: '',
    alarm: { sensor, metric, episode },
    isolationPlan: null,
  };
}

export function mountOps(ctx: AppContext, shell: Shell, parts: OpsParts): OpsApp {
  let controller: OpsController | null = null;
  let disposed = false;
  const offs: (() => void)[] = [];

  return {
    get controller() {
      return controller;
    },
    async start(config) {
      const shared = config.sharedState;
      if (!shared || disposed) return;
      const c = new OpsController(shared.url);
      controller = c;
      const app = ctx.store;
      const ops = c.state;

      const login = mountLoginDialog(parts.topBar.slot, app, ops, c);
      offs.push(() => login.dispose());

      /** the isolation computed here for this pipe (network traces), as an incident records it */
      const planFor = (asset: string): IsolationPlan | null => {
        const r = parts.isolation?.() ?? null;
        return r && r.pipe.id === asset ? isolationPlanOf(r) : null;
      };
      // a new incident at an asset gets its place and, when one was computed for it, the isolation plan
      const actions: OpsActions = {
        login: (n, p) => c.login(n, p),
        logout: () => c.logout(),
        patchIncident: (id, patch) => c.patchIncident(id, patch),
        audit: (id) => c.audit(id),
        createIncident: async (body) => {
          const asset = body.asset;
          if (asset && body.location === null) {
            const anchor = await ctx.anchorOf(asset).catch(() => null);
            if (anchor) body = { ...body, location: [anchor.lon, anchor.lat] };
          }
          if (asset && body.isolationPlan === null) body = { ...body, isolationPlan: planFor(asset) };
          return c.createIncident(body);
        },
      };
      let panel: IncidentsPanel | null = null;
      const incidents = mountIncidentsPanel(shell.left, app, ops, actions, {
        flyTo: (id) => {
          const gid = ctx.catalog?.gidOf(id) ?? null;
          app.set({ selection: { gid, id } });
          void ctx.flyToAsset(id);
        },
        planFor,
      });
      panel = incidents;
      parts.layout.dock(incidents.element, { id: 'incidents-panel', titleKey: 'incidents.title', side: 'left', size: 'fill' });
      offs.push(() => panel?.dispose());

      const acks = new SharedAcks(ops, (body) => c.ack(body), () => parts.feed.inheritedSince());
      parts.feed.share({
        acks,
        raiseIncident: (row) => incidents.openCreate(draftFromAlarm(row, app.get().lang)),
        canRaiseIncident: () => canWrite(ops.get()),
      });
      offs.push(() => {
        parts.feed.share(null);
        acks.dispose();
      });
      offs.push(ops.watch((s) => s.kpis, (k) => parts.feed.setOpsKpis(k)));
      offs.push(() => parts.feed.setOpsKpis(null));
      offs.push(() => c.dispose());
      await c.start();
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const off of offs.splice(0).reverse()) off();
    },
  };
}
