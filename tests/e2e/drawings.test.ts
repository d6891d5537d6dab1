/**
 * Engineer's drawings in real headless Chromium against the built app (issue 14, viewer side), one page load shared by
 * the tests (keep):
 *  - a section line drawn across a water main (test hook, A → B) → the drawing lists exactly the pipes the line crosses,
 *    worked out here in Node from the e2e dataset by plain segment intersection; the PNG export is a 2× picture;
 *  - the same with two real clicks on the map after "Draw section line": the heading says A → B and the drawing holds
 *    the main;
 *  - the long profile between two manholes of a sewer → the pipes along the flow between them (walked here in Node from
 *    the dataset); asked the other way round, the same pipes, drawn in the flow direction, and the panel says so;
 *  - hovering the profile drawing puts the 3D marker where the drawing's point is: the lon/lat at that chainage along
 *    the path (from the SVG's axis metadata and the dataset) at its invert, within a few pixels on the canvas.
 *
 * Then, on the same page, reviews and the clearance check (issue 14):
 *  - an excavation check of a pit around a water main (test hook) → the report lists the main; prepared for print, the
 *    print media shows the report alone, with the map picture (a PNG data: URL taken from the canvas) and the section
 *    through the pit;
 *  - the clearance check over a small area → the violations equal the pure check run here in Node on the query copy the
 *    app serves (the Worker's input) with cover judged on the records' surface — which is also the check on the
 *    records themselves —; the panel lists them, a marker per violation, their pipes highlighted;
 *  - the whole network checked one pipe per chunk, "Cancel" pressed while it runs → the answer says cancelled, with
 *    fewer pipes checked than there are;
 *  - a click on a riverbank project where no pipe is picked selects that project in the review panel.
 * No request leaves the origin, no CSP violation, no console error (the harness checks after each test).
 */
import type { Page } from 'playwright-core';
import { describe, expect, inject, test } from 'vitest';
import { metresPerDegree, pieceLength, polylineLength } from '../../src/domain/geodesy';
import type { LonLat, PipeSegment } from '../../src/domain/schema';
import { twin, useAppSessions, waitForApp, type AppSession } from './browser';
import { knownPipe, readNdjson } from './dataset';
import type { TwinHooks as Hooks } from '../../src/app/testHooks';
import { booleanPointInPolygon } from '@turf/turf';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkClearances, pipeColumns } from '../../src/analysis/drawings/check';
import { columnsFromQueryCopy, withinArea, withSurface } from '../../src/analysis/drawings/checkInput';
import { decodeQueryCopy } from '../../src/analysis/queryCopy';

const baseUrl = inject('baseUrl');
const dataDir = inject('e2eDataDir');
const outDir = inject('e2eOutDir');
const sessions = useAppSessions(baseUrl);

const hooks = <T, A = string>(page: Page, fn: (t: Hooks, arg: A) => T | Promise<T>, arg?: A): Promise<T> => twin<Hooks, T, A>(page, fn, arg);

const segments = (): PipeSegment[] => readNdjson<PipeSegment>(dataDir, 'segments.ndjson');

/** A line `half` metres each side of a pipe's middle (by length), square to it. */
function lineAcross(p: PipeSegment, half: number): [LonLat, LonLat] {
  const L = polylineLength(p.coords);
  const mid = pointAlong(p.coords, L / 2);
  let walked = 0;
  let k = 0;
  while (k < p.coords.length - 2 && walked + pieceLength(...p.coords[k], ...p.coords[k + 1]) < L / 2) walked += pieceLength(...p.coords[k], ...p.coords[k + 1]), k++;
  const a = p.coords[k];
  const b = p.coords[k + 1];
  const m = metresPerDegree(mid[1]);
  const dx = (b[0] - a[0]) * m.lon;
  const dy = (b[1] - a[1]) * m.lat;
  const n = Math.hypot(dx, dy);
  const ox = (-dy / n) * half;
  const oy = (dx / n) * half;
  return [
    [mid[0] - ox / m.lon, mid[1] - oy / m.lat],
    [mid[0] + ox / m.lon, mid[1] + oy / m.lat],
  ];
}

/** Pieces p1p2 and p3p4 (lon/lat, a few hundred metres: planar is exact enough) cross. */
function crosses(p1: LonLat, p2: LonLat, p3: LonLat, p4: LonLat): boolean {
  const d = (a: LonLat, b: LonLat, c: LonLat): number => (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
  const d1 = d(p3, p4, p1);
  const d2 = d(p3, p4, p2);
  const d3 = d(p1, p2, p3);
  const d4 = d(p1, p2, p4);
  return d1 * d2 < 0 && d3 * d4 < 0;
}

/** The ids of the pipes the line crosses, ordered by distance from A (the drawing's order), from the dataset. */
function crossedIds(line: [LonLat, LonLat]): string[] {
  const hits: { id: string; t: number }[] = [];
  for (const s of segments()) {
    for (let i = 1; i < s.coords.length; i++) {
      const a = s.coords[i - 1];
      const b = s.coords[i];
      if (!crosses(line[0], line[1], a, b)) continue;
      // where along the line: intersection parameter
      const r = [line[1][0] - line[0][0], line[1][1] - line[0][1]];
      const q = [b[0] - a[0], b[1] - a[1]];
      const t = ((a[0] - line[0][0]) * q[1] - (a[1] - line[0][1]) * q[0]) / (r[0] * q[1] - r[1] * q[0]);
      hits.push({ id: s.id, t });
    }
  }
  return hits.sort((x, y) => x.t - y.t).map((h) => h.id);
}

/** A sewer run of three pipes A → B → C → D where every node on the way has one pipe leaving it (one path). */
function sewerRun(): { a: string; d: string; ids: string[]; pipes: PipeSegment[] } {
  const ps = segments().filter((s) => s.cat === 'PS');
  const leaving = new Map<string, PipeSegment[]>();
  for (const s of ps) leaving.set(s.from, [...(leaving.get(s.from) ?? []), s]);
  const starts = [...ps].sort((x, y) => (x.id < y.id ? -1 : 1));
  for (const first of starts) {
    const run = [first];
    while (run.length < 3) {
      const out = leaving.get(run[run.length - 1].to) ?? [];
      if (out.length !== 1 || run.includes(out[0])) break;
      run.push(out[0]);
    }
    if (run.length === 3 && (leaving.get(first.from) ?? []).length === 1) return { a: first.from, d: run[2].to, ids: run.map((s) => s.id), pipes: run };
  }
  throw new Error('the e2e dataset has no sewer run of three pipes');
}

/** The point `metres` along a polyline (as the drawing's hover walks it). */
function pointAlong(coords: readonly LonLat[], metres: number): LonLat {
  let walked = 0;
  for (let i = 1; i < coords.length; i++) {
    const [a, b] = [coords[i - 1], coords[i]];
    const l = pieceLength(a[0], a[1], b[0], b[1]);
    if (l > 0 && walked + l >= metres) {
      const t = (metres - walked) / l;
      return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
    }
    walked += l;
  }
  return coords[coords.length - 1];
}

/** The ids the drawing shown draws (its SVG), in drawing order. */
async function drawnIds(page: Page, cls: string): Promise<string[]> {
  const svg = (await hooks(page, (t) => t.drawingSvg())) ?? '';
  return [...svg.matchAll(new RegExp(`class="${cls}" data-id="([^"]+)"`, 'g'))].map((m) => m[1]);
}

const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

/** A square of `half` metres each side around a point, as a closed ring. */
function square(c: LonLat, half: number): LonLat[] {
  const m = metresPerDegree(c[1]);
  const dx = half / m.lon;
  const dy = half / m.lat;
  return [[c[0] - dx, c[1] - dy], [c[0] + dx, c[1] - dy], [c[0] + dx, c[1] + dy], [c[0] - dx, c[1] + dy], [c[0] - dx, c[1] - dy]];
}

async function openKept(): Promise<AppSession> {
  const a = await sessions.open({ keep: true });
  await waitForApp(a.page);
  return a;
}

// one page load for the whole file (keep): the drawings' tests, then the reviews'
let app: AppSession | undefined;

describe('drawings', () => {
  test('a section line across a water main draws exactly the pipes it crosses; PNG at 2×', async () => {
    const main = knownPipe(dataDir);
    const line = lineAcross(main, 40);
    const expected = crossedIds(line);
    expect(expected).toContain(main.id);
    app = await sessions.open({ keep: true });
    await waitForApp(app.page);
    const ids = await hooks(app.page, (t, l) => t.drawSectionLine(l[0], l[1]), line);
    expect(ids).toEqual(expected);
    expect(await drawnIds(app.page, 'pipe')).toEqual(expected);
    const text = await hooks(app.page, (t) => t.drawingText());
    expect(text.heading).toMatch(new RegExp(`^Cross-section A → B, 80\\.0 m: ${expected.length} pipes`));
    const png = await hooks(app.page, (t) => t.drawingPng());
    expect(png?.type).toBe('image/png');
    expect(png?.width).toBe(2000); // the section drawing is 1000 wide
    // a line over 500 m is refused with its length
    const far: [LonLat, LonLat] = [line[0], [line[0][0] + 600 / metresPerDegree(line[0][1]).lon, line[0][1]]];
    expect(await hooks(app.page, (t, l) => t.drawSectionLine(l[0], l[1]), far)).toBeNull();
    expect((await hooks(app.page, (t) => t.drawingText())).status).toBe('The section line is 600 m long: draw one of at most 500 m.');
  });

  test('"Draw section line" and two clicks on the map: the drawing A → B holds the main', async () => {
    const main = knownPipe(dataDir);
    app = await sessions.open({ keep: true });
    await waitForApp(app.page);
    const page = app.page;
    await hooks(page, (t, id) => t.flyToAsset(id), main.id);
    await hooks(page, (t) => t.whenIdle());
    // on screen: through the main's middle, square to it, 90 px each side
    const [c0, c1] = lineAcross(main, 3); // 3 m each side of the middle, square to the main
    const s0 = await hooks(page, (t, p) => t.canvasPositionOfLonLat(p[0], p[1]), c0);
    const s1 = await hooks(page, (t, p) => t.canvasPositionOfLonLat(p[0], p[1]), c1);
    const box = await page.locator('canvas').first().boundingBox();
    if (!s0 || !s1 || !box) throw new Error('the main is not on screen');
    const n = Math.hypot(s1.x - s0.x, s1.y - s0.y);
    const [nx, ny] = [(s1.x - s0.x) / n, (s1.y - s0.y) / n];
    const mid = { x: (s0.x + s1.x) / 2, y: (s0.y + s1.y) / 2 };
    const pa = { x: mid.x - 90 * nx, y: mid.y - 90 * ny };
    const pb = { x: mid.x + 90 * nx, y: mid.y + 90 * ny };
    // Esc cancels the tool: the panel's guidance goes
    await hooks(page, (t) => t.startSectionLine());
    expect((await hooks(page, (t) => t.drawingText())).status).toMatch(/Click end A/);
    await page.keyboard.press('Escape');
    expect((await hooks(page, (t) => t.drawingText())).status).toBeNull();
    await hooks(page, (t) => t.startSectionLine());
    await page.mouse.click(box.x + pa.x, box.y + pa.y);
    await page.mouse.move(box.x + (pa.x + pb.x) / 2, box.y + (pa.y + pb.y) / 2);
    await page.mouse.click(box.x + pb.x, box.y + pb.y);
    await page.waitForFunction(() => /A → B/.test((window as unknown as { __twin: Hooks }).__twin.drawingText().heading), undefined, { timeout: 30_000 });
    expect(await drawnIds(page, 'pipe')).toContain(main.id);
    // the click placed the ends: the main was not selected by it
    expect(await hooks(page, (t) => t.selectedId())).not.toBe(main.id);
  });

  test('profile between two manholes follows the sewer, either way asked; hover moves the 3D marker along it', async () => {
    const run = sewerRun();
    app = await sessions.open({ keep: true });
    await waitForApp(app.page);
    const page = app.page;
    expect(await hooks(page, (t, ab) => t.drawProfileBetween(ab[0], ab[1]), [run.a, run.d])).toEqual(run.ids);
    expect(await drawnIds(page, 'pipe')).toEqual(run.ids);
    expect((await hooks(page, (t) => t.drawingText())).heading).toBe(`Long profile ${run.a} → ${run.d}`);
    // asked from downstream: the same pipes, drawn in the flow direction, and the note says so
    expect(await hooks(page, (t, ab) => t.drawProfileBetween(ab[0], ab[1]), [run.d, run.a])).toEqual(run.ids);
    expect((await hooks(page, (t) => t.drawingText())).note).toMatch(/upstream/);

    // hover: a pointer over the drawing at a whole pixel → metres along the path (the SVG's axis metadata) → the marker
    const first = run.pipes[0];
    await hooks(page, (t, id) => t.flyToAsset(id), first.id);
    await hooks(page, (t) => t.whenIdle());
    const img = page.getByTestId('drawing-image');
    const svg = (await hooks(page, (t) => t.drawingSvg())) ?? '';
    const num = (name: string): number => Number(new RegExp(`${name}="([^"]+)"`).exec(svg)?.[1]);
    const meta = { natural: await img.evaluate((el: HTMLImageElement) => el.naturalWidth), left: num('data-axis-left'), right: num('data-axis-right'), span: num('data-axis-span') };
    // the part of the drawing its scrolled dock shows: between the top and bottom of every clipping ancestor
    const visible = await img.evaluate((el: HTMLElement) => {
      // as a user scrolls the dock: the panel's scrolling ancestors (not the page) bring the drawing's top into view
      for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
        const o = getComputedStyle(e).overflowY;
        if ((o === 'auto' || o === 'scroll') && e.scrollHeight > e.clientHeight) e.scrollTop += el.getBoundingClientRect().top - e.getBoundingClientRect().top;
      }
      let [top, bottom] = [el.getBoundingClientRect().top, el.getBoundingClientRect().bottom];
      for (let e = el.parentElement; e; e = e.parentElement) {
        if (getComputedStyle(e).overflowY === 'visible') continue;
        const r = e.getBoundingClientRect();
        [top, bottom] = [Math.max(top, r.top), Math.min(bottom, r.bottom)];
      }
      return { top, bottom };
    });
    expect(visible.bottom - visible.top, 'some of the drawing is shown').toBeGreaterThan(10);
    const ibox = await img.boundingBox();
    if (!ibox) throw new Error('no drawing on the page');
    const len1 = polylineLength(first.coords);
    const svgX = meta.left + ((len1 / 2) / meta.span) * (meta.right - meta.left);
    const clientX = Math.round(ibox.x + (svgX * ibox.width) / meta.natural);
    const y = (visible.top + visible.bottom) / 2;
    await page.mouse.move(clientX - 10, y);
    await page.mouse.move(clientX, y);
    const marker = await hooks(page, (t) => t.drawingMarker());
    expect(marker).not.toBeNull();
    // the chainage that whole pixel stands for, and the point there from the dataset
    const ch = (((clientX - ibox.x) * meta.natural) / ibox.width - meta.left) / (meta.right - meta.left) * meta.span;
    expect(ch).toBeLessThan(len1);
    const [lon, lat] = pointAlong(first.coords, ch);
    const f = ch / len1;
    const invert0 = first.invert0 ?? first.ground0 - first.depth0 - (first.dn ?? 0) / 1000;
    const invert1 = first.invert1 ?? first.ground1 - first.depth1 - (first.dn ?? 0) / 1000;
    // ellipsoid height mode (the e2e dataset): invert − ground
    const height = invert0 + (invert1 - invert0) * f - (first.ground0 + (first.ground1 - first.ground0) * f);
    const m = metresPerDegree(lat);
    expect(Math.hypot((marker!.lon - lon) * m.lon, (marker!.lat - lat) * m.lat)).toBeLessThan(0.05);
    expect(marker!.height).toBeCloseTo(height, 2);
    const want = await hooks(page, (t, p) => t.canvasPositionOfLonLat(p[0], p[1], p[2]), [lon, lat, height]);
    expect(want).not.toBeNull();
    expect(marker!.canvas).not.toBeNull();
    expect(Math.abs(marker!.canvas!.x - want!.x)).toBeLessThan(3);
    expect(Math.abs(marker!.canvas!.y - want!.y)).toBeLessThan(3);
    // leaving the drawing hides it; closing the drawing too
    await page.mouse.move(ibox.x - 40, y);
    expect(await hooks(page, (t) => t.drawingMarker())).toBeNull();
    await page.getByTestId('drawing-close').click();
    expect(await hooks(page, (t) => t.drawingUrl())).toBeNull();
  });
});

describe('reviews and clearance check (issue 14)', () => {
  test('excavation report prints alone with the map picture and the section through the pit', async () => {
    const { page } = await openKept();
    const pipe = knownPipe(dataDir);
    const mid = pipe.coords[Math.floor(pipe.coords.length / 2)];
    // a 12 × 12 m pit on the main's middle vertex: the main runs through it
    const ring = square(mid, 6);
    const r = await hooks(page, (t, ring) => t.excavationCheck(ring as [number, number][]), ring);
    expect(r?.items.map((i) => i.id)).toContain(pipe.id);
    await expect.poll(() => page.getByTestId('review-report-excavation').first().isVisible()).toBe(true);
    const parts = await hooks(page, (t) => t.reviewPrintView(true));
    expect(parts?.section).toBe(true);
    expect(parts?.picture).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/]{1000}/);
    await page.emulateMedia({ media: 'print' });
    try {
      const printed = page.getByTestId('review-print-root');
      await expect.poll(() => printed.isVisible()).toBe(true);
      expect(await printed.getByTestId('review-report-excavation').isVisible()).toBe(true);
      expect(await printed.getByTestId('review-report-map').getAttribute('src')).toBe(parts?.picture);
      expect(await printed.getByTestId('review-report-section').locator('img').isVisible()).toBe(true);
      // the rest of the page is hidden: the map canvas is not shown
      expect(await page.locator('canvas').first().isVisible()).toBe(false);
    } finally {
      await page.emulateMedia({ media: 'screen' });
      await hooks(page, (t) => t.reviewPrintView(false));
    }
    expect(await page.getByTestId('review-print-root').count()).toBe(0);
  });

  test('clearance check over a small area lists what the pure check finds on the served query copy', async () => {
    const { page } = await openKept();
    const copy = decodeQueryCopy(new Uint8Array(readFileSync(join(outDir, 'tiles', 'pipes', 'query.bin'))).buffer);
    const cols = columnsFromQueryCopy(copy);
    // 120 m each side of the place of a violation the whole-network check finds (the middle one of its list)
    const all = checkClearances(cols).violations;
    const around = all[Math.floor(all.length / 2)].position;
    const area = { type: 'Polygon', coordinates: [square(around, 120)] };
    // the Worker's check on the query copy, cover judged again on the records' surface (as the page does with the catalog)
    const records = new Map(readNdjson<PipeSegment>(dataDir, 'segments.ndjson').map((r) => [r.id, r]));
    const expected = withSurface(checkClearances(cols, { within: withinArea(cols, area) }), (id) => records.get(id) ?? null);
    expect(expected.violations).toEqual(checkClearances(pipeColumns([...records.values()]), { within: withinArea(pipeColumns([...records.values()]), area) }).violations);
    expect(expected.checked.segments).toBeGreaterThan(0);
    expect(expected.checked.segments).toBeLessThan(cols.count);
    expect(expected.violations.length).toBeGreaterThan(0);
    const got = await hooks(page, (t, a) => t.clearanceCheck({ area: a }), area as unknown);
    expect(plain(got)).toEqual(plain(expected));
    const shown = await hooks(page, (t) => t.clearanceShown());
    expect(shown).toEqual({ rows: Math.min(200, expected.violations.length), markers: expected.violations.length });
    const first = expected.violations[0];
    expect(await hooks(page, (t, id) => t.highlightOf(id), first.a)).toBeGreaterThan(0);
  });

  test('the whole network one pipe per chunk, cancelled from the panel while it runs', async () => {
    const { page } = await openKept();
    await page.evaluate(() => {
      const w = window as unknown as { __twin: Hooks; __clearanceRun?: Promise<unknown> };
      w.__clearanceRun = w.__twin.clearanceCheck('all', 1);
    });
    await page.getByTestId('clearance-progress').waitFor({ state: 'visible' });
    await page.getByTestId('clearance-cancel').click();
    const r = (await page.evaluate(() => (window as unknown as { __clearanceRun: Promise<unknown> }).__clearanceRun)) as { cancelled: boolean; checked: { segments: number } } | null;
    const total = decodeQueryCopy(new Uint8Array(readFileSync(join(outDir, 'tiles', 'pipes', 'query.bin'))).buffer).count;
    expect(r?.cancelled).toBe(true);
    expect(r?.checked.segments).toBeLessThan(total);
    await expect.poll(() => page.getByTestId('clearance-cancelled').isVisible()).toBe(true);
  });

  test('a click on a riverbank project selects it for review', async () => {
    const { page } = await openKept();
    await hooks(page, (t) => t.homeView());
    await hooks(page, (t) => t.whenIdle());
    const projects = JSON.parse(readFileSync(join(dataDir, 'projects.geojson'), 'utf8')) as GeoJSON.FeatureCollection<GeoJSON.Polygon, { id: string; name: string; nameEn: string }>;
    const box = await page.locator('canvas').first().boundingBox();
    if (!box) throw new Error('no canvas');
    // points inside a project (between its two long sides), on screen, where a click picks no pipe
    let hit: { id: string; x: number; y: number; names: string[] } | null = null;
    for (const f of projects.features) {
      const ring = f.geometry.coordinates[0];
      for (let k = 1; k < ring.length / 2 - 1 && !hit; k += 2) {
        const a = ring[k];
        const b = ring[ring.length - 2 - k];
        const p: LonLat = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
        if (!booleanPointInPolygon(p, f.geometry)) continue;
        const at = await hooks(page, (t, q) => t.canvasPositionOfLonLat(q[0], q[1]), p);
        if (!at || at.x < 20 || at.y < 20 || at.x > box.width - 20 || at.y > box.height - 20) continue;
        if ((await hooks(page, (t, q) => t.pickedIdAt(q.x, q.y), at)) !== null) continue;
        hit = { id: f.properties.id, names: [f.properties.name, f.properties.nameEn], ...at };
      }
      if (hit) break;
    }
    if (!hit) throw new Error('no riverbank project on screen in the home view');
    await page.mouse.click(box.x + hit.x, box.y + hit.y);
    await expect.poll(() => page.getByTestId('review-project').inputValue()).toBe(hit.id);
    const status = (await page.getByTestId('review-status').textContent()) ?? '';
    expect(hit.names.some((n) => status.includes(n))).toBe(true);
  });
});
