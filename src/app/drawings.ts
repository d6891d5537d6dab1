/**
 * Wiring of the engineer's drawings (docs/drawings.md): the inspect panel's "Profile to outfall" on a drainage pipe or
 * manhole and "Cross-section here" on any pipe → the pure drawings (src/analysis/drawings, loaded by a dynamic import()
 * at first use) → the drawing panel (ui/drawingPanel.ts), docked in the right column at first use.
 *
 * - Profile to outfall: the network engine's downstream trace, run by the trace controller (so the path is also
 *   highlighted in 3D, and a profile asked after the network changed uses the engine's current network) → the traced
 *   pipes' and their nodes' records from the asset catalog → chainDownstream → longProfile → profileSvg.
 * - Cross-section here: a 60 m line square to the pipe at its middle (sectionLineAcross) → the pipes whose boxes meet
 *   the line's box in the query copy's R-tree (<tiles>/query.bin, decoded in the page once, at first use) → their
 *   records from the catalog → crossSection → sectionSvg.
 *
 * The pure glue (sectionLineAcross, idsNear, profileStart) is exported for tests/unit/app/drawings.test.ts.
 */
import type { CrossSection, DrawingNode, DrawingPipe, LongProfile } from '../analysis/drawings/types';
import { decodeQueryCopy, segmentId, type QueryCopy } from '../analysis/queryCopy';
import { metresPerDegree, offsetMetres, pieceLength } from '../domain/geodesy';
import type { AssetRecord, LonLat, PipeSegment } from '../domain/schema';
import { mountDrawingPanel, type DrawingContent, type DrawingPanel } from '../ui/drawingPanel';
import { translate, type Lang } from '../ui/i18n';
import type { InspectAction } from '../ui/inspectPanel';
import type { Layout } from '../ui/layout';
import { traceKindsFor } from '../ui/traceModel';
import '../styles/drawing.css';
import { besideTileset } from './config';
import type { AppContext } from './context';
import { errorDetail } from './fetchers';
import type { TraceController } from './traceController';

/** Length of the "Cross-section here" line, metres (a street and its pavements). */
export const SECTION_LINE_M = 60;

/**
 * A straight line `lengthM` long, square to the polyline at its middle (by length) and centred there; null for a
 * polyline without length. Local metres from src/domain/geodesy.ts.
 */
export function sectionLineAcross(coords: readonly LonLat[], lengthM = SECTION_LINE_M): [LonLat, LonLat] | null {
  const lengths: number[] = [];
  let total = 0;
  for (let i = 1; i < coords.length; i++) {
    const l = pieceLength(coords[i - 1][0], coords[i - 1][1], coords[i][0], coords[i][1]);
    lengths.push(l);
    total += l;
  }
  if (!(total > 0)) return null;
  let walked = 0;
  let k = 0;
  while (k < lengths.length - 1 && (lengths[k] === 0 || walked + lengths[k] < total / 2)) walked += lengths[k++];
  const a = coords[k];
  const b = coords[k + 1];
  const t = lengths[k] > 0 ? (total / 2 - walked) / lengths[k] : 0;
  const mid: LonLat = [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
  const [dx, dy] = offsetMetres(a, b);
  const n = Math.hypot(dx, dy);
  // the perpendicular, turned left of the pipe's direction, half the length each way
  const px = (-dy / n) * (lengthM / 2);
  const py = (dx / n) * (lengthM / 2);
  const m = metresPerDegree(mid[1]);
  return [
    [mid[0] - px / m.lon, mid[1] - py / m.lat],
    [mid[0] + px / m.lon, mid[1] + py / m.lat],
  ];
}

/** Ids of the query copy's segments whose boxes meet the line's box padded by `padM` metres (candidates only). */
export function idsNear(copy: QueryCopy, line: readonly LonLat[], padM = 1): string[] {
  if (!copy.index || line.length === 0) return [];
  const lons = line.map((p) => p[0]);
  const lats = line.map((p) => p[1]);
  const m = metresPerDegree(lats[0]);
  const hits = copy.index.search(Math.min(...lons) - padM / m.lon, Math.min(...lats) - padM / m.lat, Math.max(...lons) + padM / m.lon, Math.max(...lats) + padM / m.lat);
  return hits.sort((x, y) => x - y).map((i) => segmentId(copy, i));
}

/**
 * The first pipe of a profile to the outfall: the pipe itself, or — from a node — the largest traced pipe leaving it
 * (the main line where the flow splits; ties by id). Null when nothing leaves the node.
 */
export function profileStart(record: AssetRecord, traced: readonly DrawingPipe[]): DrawingPipe | null {
  if (record.kind === 'segment') return record;
  const out = traced.filter((p) => p.from === record.id);
  out.sort((a, b) => (b.dn ?? b.box?.w ?? 0) - (a.dn ?? a.box?.w ?? 0) || (a.id < b.id ? -1 : 1));
  return out[0] ?? null;
}

export interface DrawingsController {
  /** the inspect panel's buttons for a record: "Profile to outfall" on drainage pipes and nodes, "Cross-section here" on pipes */
  inspectActions(record: AssetRecord, lang: Lang): InspectAction[];
  /** the profile from a drainage pipe or node to its outfall, shown in the panel; null when none could be made */
  profileToOutfall(record: AssetRecord): Promise<LongProfile | null>;
  /** the cross-section square to a pipe at its middle, shown in the panel; null when none could be made */
  sectionAcross(pipe: PipeSegment): Promise<CrossSection | null>;
  /** the panel, once docked */
  readonly panel: DrawingPanel | null;
  dispose(): void;
}

const DOCK_ID = 'drawing-panel';

type Drawings = typeof import('../analysis/drawings');

/** The drawings' words are in 'zh' or 'en' (analysis/drawings/labels.ts). */
const drawingLang = (lang: Lang): 'zh' | 'en' => (lang === 'en' ? 'en' : 'zh');

export function wireDrawings(ctx: AppContext, layout: Layout, trace: TraceController, tilesUrl: string): DrawingsController {
  const queryUrl = besideTileset(tilesUrl, 'query.bin', location.href);
  let panel: DrawingPanel | null = null;
  let lib: Promise<Drawings> | null = null;
  let copy: Promise<QueryCopy> | null = null;
  let token = 0;
  let disposed = false;

  const open = (): DrawingPanel => {
    if (!panel) {
      const holder = document.createElement('div');
      panel = mountDrawingPanel(holder, ctx.store);
      layout.dock(panel.root, { id: DOCK_ID, titleKey: 'drawing.title', side: 'right', size: 'fill', weight: 3 });
    }
    layout.setCollapsed(DOCK_ID, false);
    return panel;
  };

  const loadLib = (): Promise<Drawings> => {
    lib ??= import('../analysis/drawings');
    lib.catch(() => (lib = null)); // a failed chunk may be tried again
    return lib;
  };

  const loadCopy = (): Promise<QueryCopy> => {
    copy ??= fetch(queryUrl).then(async (r) => {
      if (!r.ok) throw new Error(`${queryUrl}: HTTP ${r.status}`);
      return decodeQueryCopy(await r.arrayBuffer());
    });
    copy.catch(() => (copy = null));
    return copy;
  };

  const records = async (ids: readonly string[]): Promise<AssetRecord[]> => {
    const catalog = ctx.catalog;
    if (!catalog) throw new Error('asset catalog not loaded');
    const all = await Promise.all(ids.map((id) => catalog.recordById(id)));
    return all.filter((r): r is AssetRecord => r !== null);
  };

  /** runs one drawing job: the panel shows "working", then the drawing or the error; a newer job supersedes it */
  const job = async <T>(make: (my: number) => Promise<{ result: T; content: DrawingContent } | { problem: 'drawing.noPipes' | 'drawing.noPath' | 'drawing.noTrace'; params: Record<string, string> } | null>): Promise<T | null> => {
    const my = ++token;
    const p = open();
    p.setStatus('drawing.working');
    try {
      const out = await make(my);
      if (my !== token || disposed || !out) return null;
      if ('problem' in out) {
        p.setStatus(out.problem, out.params);
        return null;
      }
      p.show(out.content);
      return out.result;
    } catch (err) {
      if (my === token && !disposed) p.setStatus('drawing.failed', { detail: errorDetail(err) });
      return null;
    }
  };

  const profileToOutfall = (record: AssetRecord): Promise<LongProfile | null> =>
    job<LongProfile>(async (my) => {
      const [d, result] = await Promise.all([loadLib(), trace.run({ kind: 'downstream', from: record.id })]);
      if (my !== token || disposed) return null;
      // the trace failed (its panel says why) or another trace replaced it
      if (!result || result.kind !== 'trace') return { problem: 'drawing.noTrace', params: { id: record.id } };
      const traced = (await records(result.pipes.map((p) => p.id))).filter((r): r is PipeSegment => r.kind === 'segment');
      const start = profileStart(record, traced);
      if (!start) return { problem: 'drawing.noPath', params: { id: record.id } };
      const path = d.chainDownstream(start, traced);
      const nodeIds = [...new Set(path.flatMap((s) => [s.pipe.from, s.pipe.to]))];
      const nodes = new Map<string, DrawingNode>();
      for (const n of await records(nodeIds)) if (n.kind === 'node') nodes.set(n.id, n);
      if (my !== token || disposed) return null;
      const profile = d.longProfile(path, nodes);
      const content: DrawingContent = {
        title: (lang) => translate(lang, 'drawing.profileTitle', { from: profile.from, to: profile.to }),
        svg: (lang) => d.profileSvg(profile, { lang: drawingLang(lang) }),
        fileName: `profile-${profile.from}-${profile.to}`,
      };
      return { result: profile, content };
    });

  const sectionAcross = (pipe: PipeSegment): Promise<CrossSection | null> =>
    job<CrossSection>(async (my) => {
      const line = sectionLineAcross(pipe.coords);
      if (!line) return { problem: 'drawing.noPipes', params: {} };
      const [d, c] = await Promise.all([loadLib(), loadCopy()]);
      if (my !== token || disposed) return null;
      const near = (await records(idsNear(c, line))).filter((r): r is PipeSegment => r.kind === 'segment');
      if (my !== token || disposed) return null;
      const section = d.crossSection(line, near);
      if (section.pipes.length === 0) return { problem: 'drawing.noPipes', params: {} };
      const content: DrawingContent = {
        title: (lang) => translate(lang, 'drawing.sectionTitle', { id: pipe.id, n: section.pipes.length, violations: section.violations }),
        svg: (lang) => d.sectionSvg(section, { lang: drawingLang(lang) }),
        fileName: `section-${pipe.id}`,
      };
      return { result: section, content };
    });

  return {
    get panel() {
      return panel;
    },
    profileToOutfall,
    sectionAcross,
    inspectActions(record, lang) {
      const out: InspectAction[] = [];
      if (traceKindsFor(record).includes('downstream')) {
        out.push({ label: translate(lang, 'drawing.profileAction'), title: translate(lang, 'drawing.profileActionTitle'), testId: 'inspect-profile', run: () => void profileToOutfall(record) });
      }
      if (record.kind === 'segment') {
        out.push({ label: translate(lang, 'drawing.sectionAction'), title: translate(lang, 'drawing.sectionActionTitle'), testId: 'inspect-section', run: () => void sectionAcross(record) });
      }
      return out;
    },
    dispose() {
      disposed = true;
      ++token;
      panel?.dispose();
      panel = null;
    },
  };
}
