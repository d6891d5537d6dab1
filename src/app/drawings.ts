/**
 * Wiring of the engineer's drawings (docs/drawings.md): the inspect panel's "Profile to outfall" on a drainage pipe or
 * manhole, "Profile from here" / "Profile to here" on two nodes or pipes of one network, "Cross-section here" on any
 * pipe, and the section line drawn with two clicks on the map ("Draw section line") → the pure drawings (src/analysis/drawings, loaded by a dynamic import()
 * at first use) → the drawing panel (ui/drawingPanel.ts), docked in the right column at first use.
 *
 * - Profile to outfall: the network engine's downstream trace, run by the trace controller (so the path is also
 *   highlighted in 3D, and a profile asked after the network changed uses the engine's current network) → the traced
 *   pipes' and their nodes' records from the asset catalog → chainDownstream → longProfile → profileSvg.
 * - Cross-section here: a 60 m line square to the pipe at its middle (sectionLineAcross) → the pipes whose boxes meet
 *   the line's box in the query copy's R-tree (<tiles>/query.bin, decoded in the page once, at first use) → their
 *   records from the catalog → crossSection → sectionSvg. A drawn section line (ui/sectionLineTool.ts: A, then B, at
 *   most 500 m; Esc cancels) goes the same way; the line stays on the map with its ends labelled A and B while its
 *   drawing is open (viewer/drawingMarker.ts).
 * - Profile between two chosen assets: on a gravity network the network engine's downstream trace from the first (run
 *   by the trace controller: the current network, never a stale copy) → findFlowPath to the second; when the second
 *   lies upstream, the trace from the second back to the first (the profile is then drawn in the flow direction and the
 *   panel says so). On a pressure network (no flow direction) the pipes of the query copy around both ends →
 *   findPath. No path: the panel says so.
 * - Hover: a pointer over the drawing → metres along its axis → the point along the path (at its invert) or the line
 *   (at the ground) → the 3D marker (viewer/drawingMarker.ts), hidden when the pointer leaves or the drawing closes.
 *
 * The pure glue (sectionLineAcross, idsNear, profileStart, profileEnds, nearEnds, markerHeight) is exported for
 * tests/unit/app/drawings.test.ts.
 */
import type { PathStep } from '../analysis/drawings/path';
import type { DrawingAxis } from '../analysis/drawings/svg';
import type { DrawingPoint } from '../analysis/drawings/hover';
import type { CrossSection, DrawingNode, DrawingPipe, LongProfile } from '../analysis/drawings/types';
import { decodeQueryCopy, segmentId, type QueryCopy } from '../analysis/queryCopy';
import { metresPerDegree, offsetMetres, pieceLength } from '../domain/geodesy';
import type { AssetRecord, HeightMode, LonLat, PipeSegment } from '../domain/schema';
import { mountDrawingPanel, type DrawingContent, type DrawingPanel } from '../ui/drawingPanel';
import { translate, type I18nKey, type Lang, type Params } from '../ui/i18n';
import type { InspectAction } from '../ui/inspectPanel';
import type { Layout } from '../ui/layout';
import { traceKindsFor } from '../ui/traceModel';
import { MAX_SECTION_LINE_M, SectionLineTool, sectionLineLength } from '../ui/sectionLineTool';
import { DrawingMarker, type MarkerPosition } from '../viewer/drawingMarker';
import type { CanvasInput, CanvasPointer, KeyInput } from '../viewer/input';
import type { MapView } from '../viewer/widget';
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

/** The node a profile starts from (a pipe: its upstream end) and ends at (a pipe: its downstream end). */
export function profileEnds(record: AssetRecord): { start: string; end: string } {
  return record.kind === 'segment' ? { start: record.from, end: record.to } : { start: record.id, end: record.id };
}

/** Where an asset lies (a node's position, a pipe's middle vertex), for the candidate box of a pressure-network path. */
function where(record: AssetRecord): LonLat {
  if (record.kind === 'node') return record.position;
  return record.coords[Math.floor(record.coords.length / 2)];
}

/**
 * The box a pressure-network path is searched in: the two ends padded by half their distance and at least `minPadM`
 * metres (a path along the streets rarely strays further).
 */
export function nearEnds(a: LonLat, b: LonLat, minPadM = 150): { line: [LonLat, LonLat]; padM: number } {
  const [dx, dy] = offsetMetres(a, b);
  return { line: [a, b], padM: Math.max(minPadM, Math.hypot(dx, dy) / 2) };
}

/**
 * The 3D marker's height for a point of a drawing: the pipes are drawn with the ground at the ellipsoid (height 0) in
 * 'ellipsoid' mode, so a point `elevation` high is drawn `elevation − ground` there; in 'absolute' mode at `elevation`.
 * A point without elevation sits at the ground.
 */
export function markerHeight(p: Pick<DrawingPoint, 'elevation' | 'ground'>, mode: HeightMode): number {
  if (p.elevation === null) return mode === 'ellipsoid' ? 0 : (p.ground ?? 0);
  return mode === 'ellipsoid' ? p.elevation - (p.ground ?? p.elevation) : p.elevation;
}

/** A problem shown instead of a drawing. */
type Problem = { problem: I18nKey; params: Params };

export interface DrawingsController {
  /** the inspect panel's buttons for a record: profile to outfall, profile from here / to here, cross-section here, draw section line */
  inspectActions(record: AssetRecord, lang: Lang): InspectAction[];
  /** the profile from a drainage pipe or node to its outfall, shown in the panel; null when none could be made */
  profileToOutfall(record: AssetRecord): Promise<LongProfile | null>;
  /** the profile along the network between two assets (nodes or pipes) of one network; null when none could be made */
  profileBetween(a: AssetRecord, b: AssetRecord): Promise<LongProfile | null>;
  /** the cross-section square to a pipe at its middle, shown in the panel; null when none could be made */
  sectionAcross(pipe: PipeSegment): Promise<CrossSection | null>;
  /** the cross-section along a line from A to B (at most 500 m), shown in the panel; null when none could be made */
  sectionAlong(a: LonLat, b: LonLat): Promise<CrossSection | null>;
  /** "Draw section line": the next two map clicks place A and B */
  startSectionLine(): void;
  /** true while the section line is being drawn and made (map clicks then place its ends, not select) */
  drawing(): boolean;
  /** the start of the profile waiting for its end, null when none */
  profileFrom(): string | null;
  /** the 3D hover marker: where it is and where on the canvas; null when hidden */
  hovered(): (MarkerPosition & { canvas: { x: number; y: number } | null }) | null;
  /** the panel, once docked */
  readonly panel: DrawingPanel | null;
  dispose(): void;
}

const DOCK_ID = 'drawing-panel';

type Drawings = typeof import('../analysis/drawings');

/** The drawings' words are in 'zh' or 'en' (analysis/drawings/labels.ts). */
const drawingLang = (lang: Lang): 'zh' | 'en' => (lang === 'en' ? 'en' : 'zh');

const isGravity = (r: AssetRecord): boolean => traceKindsFor(r).some((k) => k === 'upstream' || k === 'downstream');

/** The map side of the drawings: clicks and keys for the section line, the scene for its marks. */
export interface DrawingsMap {
  view: MapView;
  input: CanvasInput;
}

export function wireDrawings(ctx: AppContext, layout: Layout, trace: TraceController, tilesUrl: string, map?: DrawingsMap): DrawingsController {
  const queryUrl = besideTileset(tilesUrl, 'query.bin', location.href);
  let panel: DrawingPanel | null = null;
  let lib: Promise<Drawings> | null = null;
  let copy: Promise<QueryCopy> | null = null;
  let token = 0;
  let disposed = false;
  let tool: SectionLineTool | null = null;
  let start: AssetRecord | null = null;
  let marker: DrawingMarker | null = null;
  const offs: (() => void)[] = [];

  const marks = (): DrawingMarker | null => {
    if (!map || disposed || map.view.isDestroyed()) return null;
    marker ??= new DrawingMarker(map.view.scene);
    return marker;
  };
  const clearMarks = (): void => {
    marker?.setHover(null);
    marker?.setLine(null, null, false);
  };

  const open = (): DrawingPanel => {
    if (!panel) {
      const holder = document.createElement('div');
      panel = mountDrawingPanel(holder, ctx.store, {
        onClose: () => {
          tool = null;
          start = null;
          clearMarks();
        },
        onDrawLine: () => startSectionLine(),
      });
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
  const segments = async (ids: readonly string[]): Promise<PipeSegment[]> => (await records(ids)).filter((r): r is PipeSegment => r.kind === 'segment');
  const nodesOf = async (path: readonly PathStep[]): Promise<Map<string, DrawingNode>> => {
    const nodes = new Map<string, DrawingNode>();
    for (const n of await records([...new Set(path.flatMap((s) => [s.pipe.from, s.pipe.to]))])) if (n.kind === 'node') nodes.set(n.id, n);
    return nodes;
  };

  /** the hover of a drawing: x on the SVG → metres along `axis` → a point → the 3D marker */
  const hoverer = (d: Drawings, axis: DrawingAxis, pointAt: (metres: number) => DrawingPoint | null) => (x: number | null): void => {
    const m = marks();
    if (!m) return;
    const metres = x === null ? null : d.chainageAtX(axis, x);
    const p = metres === null ? null : pointAt(metres);
    m.setHover(p ? { lon: p.lon, lat: p.lat, height: markerHeight(p, ctx.heightMode) } : null);
  };

  /** runs one drawing job: the panel shows "working", then the drawing or the problem; a newer job supersedes it */
  const job = async <T>(make: (my: number) => Promise<{ result: T; content: DrawingContent; note?: Problem; line?: [LonLat, LonLat] } | Problem | null>): Promise<T | null> => {
    const my = ++token;
    const p = open();
    p.setNote(null);
    p.setStatus('drawing.working');
    clearMarks();
    try {
      const out = await make(my);
      if (my !== token || disposed || !out) return null;
      if ('problem' in out) {
        p.setStatus(out.problem, out.params);
        return null;
      }
      p.show(out.content);
      if (out.note) p.setNote(out.note.problem, out.note.params);
      if (out.line) marks()?.setLine(out.line[0], out.line[1], true);
      return out.result;
    } catch (err) {
      if (my === token && !disposed) p.setStatus('drawing.failed', { detail: errorDetail(err) });
      return null;
    }
  };

  const profileContent = (d: Drawings, profile: LongProfile, path: PathStep[]): DrawingContent => ({
    title: (lang) => translate(lang, 'drawing.profileTitle', { from: profile.from, to: profile.to }),
    svg: (lang) => d.profileSvg(profile, { lang: drawingLang(lang) }),
    fileName: `profile-${profile.from}-${profile.to}`,
    hover: hoverer(d, d.profileAxis(profile), (ch) => d.profilePointAt(profile, path, ch)),
  });

  const profileToOutfall = (record: AssetRecord): Promise<LongProfile | null> =>
    job<LongProfile>(async (my) => {
      const [d, result] = await Promise.all([loadLib(), trace.run({ kind: 'downstream', from: record.id })]);
      if (my !== token || disposed) return null;
      // the trace failed (its panel says why) or another trace replaced it
      if (!result || result.kind !== 'trace') return { problem: 'drawing.noTrace', params: { id: record.id } };
      const traced = await segments(result.pipes.map((p) => p.id));
      const first = profileStart(record, traced);
      if (!first) return { problem: 'drawing.noPath', params: { id: record.id } };
      const path = d.chainDownstream(first, traced);
      const nodes = await nodesOf(path);
      if (my !== token || disposed) return null;
      const profile = d.longProfile(path, nodes);
      return { result: profile, content: profileContent(d, profile, path) };
    });

  /** the pipes downstream of an asset (the engine's trace on the current network), the asset itself when a pipe */
  const downstreamOf = async (r: AssetRecord): Promise<PipeSegment[] | null> => {
    const result = await trace.run({ kind: 'downstream', from: r.id });
    if (!result || result.kind !== 'trace') return null;
    const traced = await segments(result.pipes.map((p) => p.id));
    if (r.kind === 'segment' && !traced.some((p) => p.id === r.id)) traced.push(r);
    return traced;
  };

  const profileBetween = (a: AssetRecord, b: AssetRecord): Promise<LongProfile | null> =>
    job<LongProfile>(async (my) => {
      start = null;
      const d = await loadLib();
      const none: Problem = { problem: 'drawing.noPathBetween', params: { a: a.id, b: b.id } };
      if (a.id === b.id || a.cat !== b.cat) return none;
      let path: PathStep[] | null = null;
      let note: Problem | undefined;
      if (isGravity(a) && isGravity(b)) {
        const down = await downstreamOf(a);
        if (my !== token || disposed) return null;
        path = down ? d.findFlowPath(down, profileEnds(a).start, profileEnds(b).end) : null;
        if (!path) {
          const up = await downstreamOf(b);
          if (my !== token || disposed) return null;
          path = up ? d.findFlowPath(up, profileEnds(b).start, profileEnds(a).end) : null;
          if (path) note = { problem: 'drawing.againstFlow', params: { a: a.id, b: b.id, from: b.id, to: a.id } };
        }
      } else {
        const c = await loadCopy();
        const box = nearEnds(where(a), where(b));
        const near = (await segments(idsNear(c, box.line, box.padM))).filter((p) => p.cat === a.cat);
        if (my !== token || disposed) return null;
        path = d.findPath(near, profileEnds(a).start, profileEnds(b).end);
      }
      if (!path || path.length === 0) return none;
      const nodes = await nodesOf(path);
      if (my !== token || disposed) return null;
      const profile = d.longProfile(path, nodes);
      return { result: profile, content: profileContent(d, profile, path), note };
    });

  const sectionContent = (d: Drawings, section: CrossSection, title: (lang: Lang) => string, fileName: string): DrawingContent => ({
    title,
    svg: (lang) => d.sectionSvg(section, { lang: drawingLang(lang) }),
    fileName,
    hover: hoverer(d, d.sectionAxis(section), (m) => d.sectionPointAt(section, m)),
  });

  const sectionOf = async (my: number, line: [LonLat, LonLat]): Promise<{ d: Drawings; section: CrossSection } | null> => {
    const [d, c] = await Promise.all([loadLib(), loadCopy()]);
    if (my !== token || disposed) return null;
    const near = await segments(idsNear(c, line));
    if (my !== token || disposed) return null;
    return { d, section: d.crossSection(line, near) };
  };

  const sectionAcross = (pipe: PipeSegment): Promise<CrossSection | null> =>
    job<CrossSection>(async (my) => {
      const line = sectionLineAcross(pipe.coords);
      if (!line) return { problem: 'drawing.noPipes', params: {} };
      const out = await sectionOf(my, line);
      if (!out) return null;
      const { d, section } = out;
      if (section.pipes.length === 0) return { problem: 'drawing.noPipes', params: {} };
      const title = (lang: Lang): string => translate(lang, 'drawing.sectionTitle', { id: pipe.id, n: section.pipes.length, violations: section.violations });
      return { result: section, content: sectionContent(d, section, title, `section-${pipe.id}`), line };
    });

  const sectionAlong = (a: LonLat, b: LonLat): Promise<CrossSection | null> =>
    job<CrossSection>(async (my) => {
      const { metres, tooLong } = sectionLineLength(a, b);
      if (tooLong) {
        const problem: Problem = { problem: 'drawing.lineTooLong', params: { m: Math.round(metres), max: MAX_SECTION_LINE_M } };
        return problem;
      }
      const line: [LonLat, LonLat] = [[a[0], a[1]], [b[0], b[1]]];
      const out = await sectionOf(my, line);
      if (!out) return null;
      const { d, section } = out;
      if (section.pipes.length === 0) return { problem: 'drawing.noPipes', params: {} };
      const m = section.length.toFixed(1);
      const title = (lang: Lang): string => translate(lang, 'drawing.lineTitle', { m, n: section.pipes.length, violations: section.violations });
      return { result: section, content: sectionContent(d, section, title, `section-${Math.round(section.length)}m`), line };
    });

  const startSectionLine = (): void => {
    if (!map) return;
    ++token; // a drawing still being made is not shown over the new line
    start = null;
    tool = new SectionLineTool();
    clearMarks();
    const p = open();
    p.close(); // the drawing shown goes: the panel now guides the new line
    p.setNote(null);
    p.setStatus('drawing.lineHint', { max: MAX_SECTION_LINE_M });
  };

  const cancel = (): boolean => {
    if (tool) {
      tool = null;
      ++token; // a line finished just before is not drawn either
      clearMarks();
      panel?.close();
      return true;
    }
    if (start) {
      start = null;
      panel?.setNote(null);
      return true;
    }
    return false;
  };

  const lonLat = (e: CanvasPointer): LonLat | null => {
    const g = e.ground();
    return g ? [g.lon, g.lat] : null;
  };

  if (map) {
    offs.push(
      map.input.addTool(() => tool !== null),
      map.input.on('click', (e) => {
        if (!tool?.drawing) return;
        const p = lonLat(e);
        if (!p) return;
        const finished = tool;
        const line = tool.click(p);
        const pre = tool.preview();
        if (pre) marks()?.setLine(pre.a, pre.b, false);
        // the tool stays until its drawing is made: this click (B) selects nothing either
        if (line) void sectionAlong(line[0], line[1]).finally(() => {
            if (tool === finished) tool = null;
          });
      }),
      map.input.on('move', (e) => {
        if (!tool?.drawing || !tool.a) return;
        tool.move(lonLat(e));
        const pre = tool.preview();
        if (pre) marks()?.setLine(pre.a, pre.b, false);
      }),
      map.input.onKey((k: KeyInput) => {
        if (k.inField || k.key !== 'Escape') return false;
        return cancel();
      }, 25),
    );
  }

  return {
    get panel() {
      return panel;
    },
    profileToOutfall,
    profileBetween,
    sectionAcross,
    sectionAlong,
    startSectionLine,
    drawing: () => tool !== null,
    profileFrom: () => start?.id ?? null,
    hovered: () => marker?.hovered() ?? null,
    inspectActions(record, lang) {
      const out: InspectAction[] = [];
      if (traceKindsFor(record).includes('downstream')) {
        out.push({ label: translate(lang, 'drawing.profileAction'), title: translate(lang, 'drawing.profileActionTitle'), testId: 'inspect-profile', run: () => void profileToOutfall(record) });
      }
      const onNetwork = record.kind === 'segment' || record.segments.length > 0;
      if (onNetwork) {
        const from = start;
        if (from && from.id !== record.id && from.cat === record.cat) {
          out.push({ label: translate(lang, 'drawing.profileToAction'), title: translate(lang, 'drawing.profileToActionTitle', { from: from.id }), testId: 'inspect-profile-to', run: () => void profileBetween(from, record) });
        }
        out.push({
          label: translate(lang, 'drawing.profileFromAction'),
          title: translate(lang, 'drawing.profileFromActionTitle'),
          testId: 'inspect-profile-from',
          run: () => {
            start = record;
            open().setNote('drawing.pickEnd', { id: record.id });
          },
        });
      }
      if (record.kind === 'segment') {
        out.push({ label: translate(lang, 'drawing.sectionAction'), title: translate(lang, 'drawing.sectionActionTitle'), testId: 'inspect-section', run: () => void sectionAcross(record) });
        if (map) out.push({ label: translate(lang, 'drawing.lineAction'), title: translate(lang, 'drawing.lineActionTitle'), testId: 'inspect-section-line', run: () => startSectionLine() });
      }
      return out;
    },
    dispose() {
      disposed = true;
      ++token;
      for (const off of offs.splice(0)) off();
      tool = null;
      start = null;
      if (map && !map.view.isDestroyed()) marker?.destroy();
      marker = null;
      panel?.dispose();
      panel = null;
    },
  };
}
