/**
 * The area query in real headless Chromium against the built app: a polygon drawn by mouse clicks around a known pipe
 * lists it; the result ids are the CLI's for the same area (the drawn area exported as GeoJSON and fed to
 * tools/query/cli.ts); the CSV export is a download with a UTF-8 BOM, the bilingual header and one row per result; a
 * bow-tie polygon gets the self-intersection message and no results; an uploaded two-part area is drawn, every part.
 *
 * The panel dock (src/ui/layout.ts) around it, at 1280×720 and 1920×1080: selecting a pipe opens the inspect panel
 * without moving the query panel's Export button or any dock header; every panel can be scrolled to its last element
 * and is on top there (not clipped, not covered); a header collapses its panel from the mouse or the keyboard and the
 * state survives a reload; the layer panel's "only" shows one category and a second click all again.
 *
 * No request leaves the origin, no CSP violation (the query Worker runs under worker-src), no console error.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, test } from 'vitest';
import type { PipeSegment } from '../../src/domain/schema';
import { twin, useAppSessions, waitForApp, type AppSession } from './browser';
import { knownPipe as knownPipeIn } from './dataset';
import type { TwinHooks as Hooks } from '../../src/app/testHooks';

const baseUrl = inject('baseUrl');
const dataDir = inject('e2eDataDir');


/** A big, long water main on land (the one the viewer test clicks). */
function knownPipe(): PipeSegment {
  return knownPipeIn(dataDir);
}

const hooks = <T>(page: Page, fn: (t: Hooks, arg: string) => T | Promise<T>, arg = ''): Promise<T> =>
  twin(page, fn, arg);

/** Frames the pipe and clicks a polygon whose vertices are pixel offsets from the pipe's middle, then presses Enter. */
async function drawAround(page: Page, id: string, offsets: readonly [number, number][]): Promise<void> {
  await hooks(page, (t, a) => t.flyToAsset(a), id);
  await hooks(page, (t) => t.whenIdle());
  // back off a little (the fly-to frame is a few tens of metres): the area then holds the pipe's neighbours too
  const canvasBox = await page.locator('canvas').first().boundingBox();
  if (canvasBox) await page.mouse.move(canvasBox.x + canvasBox.width / 2, canvasBox.y + canvasBox.height / 2);
  await page.mouse.wheel(0, 400);
  await hooks(page, (t) => t.whenIdle());
  const mid = await hooks(page, (t, a) => t.canvasPositionOf(a), id);
  expect(mid, `asset ${id} on screen`).not.toBeNull();
  const box = await page.locator('canvas').first().boundingBox();
  if (!box || !mid) throw new Error('no canvas');
  await page.getByTestId('draw-polygon').click();
  // single clicks (no sleep between them): each lands over 100 px from the last, so none is the second click of a
  // double-click (the draw tool's guard is a few pixels)
  for (const [dx, dy] of offsets) await page.mouse.click(box.x + mid.x + dx, box.y + mid.y + dy);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => {
    const t = (window as unknown as { __twin: Hooks }).__twin;
    return t.queryPhase() === 'done' || t.queryPhase() === 'error';
  }, undefined, { timeout: 60_000 });
}

async function download(page: Page, testId: string): Promise<Buffer> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const path = await dl.path();
  return readFileSync(path);
}

type Box = { x: number; y: number; width: number; height: number };

/** Types a lon/lat box of ±d degrees around the known pipe's middle vertex into the query panel and runs it. */
async function queryAroundKnownPipe(page: Page, d = 0.0006): Promise<void> {
  const pipe = knownPipe();
  const [lon, lat] = pipe.coords[Math.floor(pipe.coords.length / 2)];
  const ring = [[lon - d, lat - d], [lon + d, lat - d], [lon + d, lat + d], [lon - d, lat + d]];
  // the coordinates box (a <details>) may be open already: the test before left it so
  const coords = page.locator('[data-testid="query-panel"] .query-coords');
  if (!(await coords.evaluate((d) => (d as HTMLDetailsElement).open))) await coords.locator('summary').click();
  await page.getByTestId('query-coords-text').fill(ring.map(([x, y]) => `${x.toFixed(6)}, ${y.toFixed(6)}`).join('\n'));
  await page.getByTestId('query-coords-apply').click();
  await page.waitForFunction(() => {
    const phase = (window as unknown as { __twin: Hooks }).__twin.queryPhase();
    return phase === 'done' || phase === 'error';
  }, undefined, { timeout: 60_000 });
  expect(await hooks(page, (t) => t.queryPhase())).toBe('done');
  expect((await hooks(page, (t) => t.queryResultIds()))?.length ?? 0, 'the typed area holds pipes').toBeGreaterThan(0);
}

/** The element at a box's centre is the element itself (or inside it): nothing covers it there. */
async function onTop(page: Page, testId: string): Promise<boolean> {
  return page.evaluate((id) => {
    const target = document.querySelector(`[data-testid="${id}"]`);
    if (!target) return false;
    const r = target.getBoundingClientRect();
    const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    return hit !== null && (hit === target || target.contains(hit));
  }, testId);
}

async function boxOf(page: Page, testId: string): Promise<Box> {
  const box = await page.getByTestId(testId).boundingBox();
  if (!box) throw new Error(`${testId} has no box`);
  return box;
}

/** Header boxes of every dock item, by dock id. */
async function headerBoxes(page: Page): Promise<Record<string, Box>> {
  return page.evaluate(() => {
    const out: Record<string, { x: number; y: number; width: number; height: number }> = {};
    for (const h of document.querySelectorAll<HTMLElement>('.dock-header')) {
      const r = h.getBoundingClientRect();
      out[h.dataset.testid ?? ''] = { x: r.x, y: r.y, width: r.width, height: r.height };
    }
    return out;
  });
}

/**
 * For every shown panel (docked or in the detail slot): its last element can be scrolled into view, lies inside the
 * viewport and is the element on top at its centre. Returns the panels that failed, with why.
 */
async function unreachablePanels(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const bad: string[] = [];
    const vw = window.innerWidth;
    const vh = window.innerHeight;
    const inside = (r: DOMRect): boolean => r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 && r.right <= vw + 0.5 && r.bottom <= vh + 0.5;
    for (const header of document.querySelectorAll<HTMLElement>('.dock-header')) {
      header.scrollIntoView({ block: 'nearest' });
      if (!inside(header.getBoundingClientRect())) bad.push(`${header.dataset.testid}: header outside the viewport`);
    }
    const panels = [...document.querySelectorAll<HTMLElement>('section.panel')].filter((p) => !p.hidden && !p.closest('.dock-body[hidden]'));
    for (const panel of panels) {
      const name = panel.dataset.testid ?? panel.className;
      const last = [...panel.querySelectorAll<HTMLElement>('*')].filter((e) => e.getClientRects().length > 0).pop();
      if (!last) {
        bad.push(`${name}: nothing shown`);
        continue;
      }
      last.scrollIntoView({ block: 'nearest' });
      const r = last.getBoundingClientRect();
      if (!inside(r)) {
        bad.push(`${name}: last element outside the viewport (${Math.round(r.top)}–${Math.round(r.bottom)} of ${vh})`);
        continue;
      }
      const hit = document.elementFromPoint(r.left + Math.min(r.width / 2, 4), r.top + Math.min(r.height / 2, 4));
      if (!hit || !panel.contains(hit)) bad.push(`${name}: last element covered by ${hit?.className ?? 'nothing'}`);
    }
    return bad;
  });
}

// one page load for the whole file (keep): the area query's three tests, then the dock's three, resized between
// them as a window is. Each area-query test after the first starts by clearing the area the one before drew,
// as a user would, and draws from a camera it sets itself, so each also passes alone
const sessions = useAppSessions(baseUrl);
let app: AppSession | undefined;

/** Clear in the draw toolbar: no area, no results. */
async function clearQuery(page: Page): Promise<void> {
  await page.getByTestId('draw-clear').click();
  expect(await hooks(page, (t) => t.queryResultIds())).toBeNull();
  expect(await hooks(page, (t) => t.queryShownArea())).toBeNull();
}

describe('area query', () => {
  test('a polygon drawn by clicks lists the pipe inside, the same ids as the CLI, and exports CSV', async () => {
    const pipe = knownPipe();
    app = await sessions.open({ keep: true });
    await waitForApp(app.page);
    await clearQuery(app.page);
    await drawAround(app.page, pipe.id, [[-110, -70], [110, -80], [120, 70], [-100, 80]]);
    expect(await hooks(app.page, (t) => t.queryPhase())).toBe('done');
    const ids = (await hooks(app.page, (t) => t.queryResultIds())) ?? [];
    expect(ids).toContain(pipe.id);
    expect(ids.length, 'the area holds a few pipes').toBeGreaterThan(1);
    const summary = app.page.getByTestId('query-summary');
    expect(await summary.getAttribute('data-count')).toBe(String(ids.length));
    expect(await app.page.getByTestId('query-table').locator('tbody tr').count()).toBe(Math.min(ids.length, 300));

    // the drawn area, exported as GeoJSON, through the CLI: identical ids
    const geo = JSON.parse((await download(app.page, 'query-export-geojson')).toString('utf8')) as {
      features: { geometry: unknown; properties: { role: string; id?: string } }[];
    };
    const areaFeature = geo.features[0];
    expect(areaFeature.properties.role).toBe('area');
    expect(geo.features.slice(1).map((f) => f.properties.id)).toEqual(ids);
    const dir = mkdtempSync(join(tmpdir(), 'e2e-query-'));
    const areaFile = join(dir, 'area.geojson');
    writeFileSync(areaFile, JSON.stringify({ type: 'Feature', properties: {}, geometry: areaFeature.geometry }));
    const cli = JSON.parse(
      execFileSync('npx', ['tsx', 'tools/query/cli.ts', areaFile, '--data', dataDir, '--format', 'json'], { encoding: 'utf8' }),
    ) as { items: { id: string }[] };
    expect(cli.items.map((it) => it.id)).toEqual(ids);

    // CSV: BOM, bilingual header, one row per result
    const csv = await download(app.page, 'query-export-csv');
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.toString('utf8').slice(1).split('\r\n').filter((l) => l.length > 0);
    expect(lines[0].startsWith('编号 ID,')).toBe(true);
    expect(lines.length - 1).toBe(ids.length);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(ids);
  });

  test('a bow-tie polygon gets the self-intersection message and no results', async () => {
    const pipe = knownPipe();
    app = await sessions.open({ keep: true });
    await waitForApp(app.page);
    await clearQuery(app.page);
    await drawAround(app.page, pipe.id, [[-70, -50], [70, 50], [70, -50], [-70, 50]]);
    expect(await hooks(app.page, (t) => t.queryPhase())).toBe('error');
    expect(await app.page.getByTestId('query-problem').textContent()).toContain('cross or touch themselves');
    expect(await hooks(app.page, (t) => t.queryResultIds())).toBeNull();
    expect(await app.page.getByTestId('query-table').count()).toBe(0);
  });

  test('an uploaded two-part area (one part with a hole) is drawn, every part, and the camera flies to it', async () => {
    const meta = JSON.parse(readFileSync(join(dataDir, 'meta.json'), 'utf8')) as { bbox: [number, number, number, number] };
    const [w, s, e, n] = meta.bbox;
    const dx = (e - w) / 5;
    const dy = (n - s) / 5;
    const square = (x0: number, y0: number, x1: number, y1: number): number[][] => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
    // south-west part with a hole in its middle, north-east part: two corners of the data, far apart
    const partA = [square(w, s, w + dx, s + dy), square(w + dx * 0.4, s + dy * 0.4, w + dx * 0.6, s + dy * 0.6)];
    const partB = [square(e - dx, n - dy, e, n)];
    const centres: [number, number][] = [[w + dx * 0.2, s + dy * 0.5], [e - dx / 2, n - dy / 2]];
    const area = { type: 'Feature', properties: {}, geometry: { type: 'MultiPolygon', coordinates: [partA, partB] } };

    app = await sessions.open({ keep: true });
    const page = app.page;
    await waitForApp(page);
    await clearQuery(page);
    // start close up on a pipe: the area's parts are off screen
    await hooks(page, (t, a) => t.flyToAsset(a), knownPipe().id);
    const onScreen = async (): Promise<boolean[]> => {
      const out: boolean[] = [];
      for (const [lon, lat] of centres) {
        const pos = await hooks(page, (t, a) => t.canvasPositionOfLonLat(Number(a.split(',')[0]), Number(a.split(',')[1])), `${lon},${lat}`);
        out.push(pos !== null);
      }
      return out;
    };
    expect(await onScreen(), 'before: not both parts in view').not.toEqual([true, true]);
    expect(await hooks(app.page, (t) => t.queryShownArea())).toBeNull();

    await app.page.getByTestId('query-upload-input').setInputFiles({ name: 'two-parts.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(area)) });
    await app.page.waitForFunction(() => {
      const t = (window as unknown as { __twin: Hooks }).__twin;
      return t.queryPhase() === 'done' || t.queryPhase() === 'error';
    }, undefined, { timeout: 60_000 });
    expect(await hooks(app.page, (t) => t.queryPhase())).toBe('done');
    // both polygons drawn, with the hole's ring: 2 polygons, 3 rings
    expect(await hooks(app.page, (t) => t.queryShownArea())).toEqual({ polygons: 2, rings: 3 });
    expect(await onScreen(), 'after the flight: both parts in view').toEqual([true, true]);
  });
});

describe('panel dock', () => {
  for (const [width, height] of [[1280, 720], [1920, 1080]] as const) {
    test(`${width}×${height}: selecting a pipe moves neither the Export button nor any panel; every panel is reachable`, async () => {
      app = await sessions.open({ width, height, keep: true });
      const page = app.page;
      await waitForApp(page);
      await page.keyboard.press('Escape');
      await expect.poll(() => hooks(page, (t) => t.selectedId())).toBeNull();
      await queryAroundKnownPipe(page);

      // Export at the top of the query panel's view, the result table under it, as a user would scroll to them
      await page.getByTestId('query-export-csv').evaluate((e) => e.scrollIntoView({ block: 'start' }));
      const before = await boxOf(page, 'query-export-csv');
      const headersBefore = await headerBoxes(page);
      expect(Object.keys(headersBefore).sort()).toEqual(
        ['dock-header-alarm-list', 'dock-header-feed-panel', 'dock-header-layer-panel', 'dock-header-query-panel'],
      );
      expect(await onTop(page, 'query-export-csv'), 'Export on top before the selection').toBe(true);
      expect(await page.getByTestId('inspect-panel').isVisible()).toBe(false);

      // a result row selects its pipe (the row is in view already: the click scrolls nothing); the inspect panel opens
      const row = page.getByTestId('query-table').locator('tbody tr').first();
      const rowId = await row.getAttribute('data-id');
      const rowInView = await row.evaluate((tr) => {
        const r = tr.getBoundingClientRect();
        const body = tr.closest('.dock-body')?.getBoundingClientRect();
        return !!body && r.top >= body.top && r.bottom <= body.bottom;
      });
      expect(rowInView, 'the first result row is in view under Export').toBe(true);
      await row.click();
      await expect.poll(() => hooks(page, (t) => t.selectedId()), { timeout: 10_000 }).toBe(rowId);
      await expect.poll(() => page.getByTestId('inspect-panel').textContent(), { timeout: 20_000 }).toContain(rowId ?? '-');
      expect(await page.getByTestId('inspect-panel').isVisible()).toBe(true);

      expect(await boxOf(page, 'query-export-csv'), 'Export did not move').toEqual(before);
      expect(await headerBoxes(page), 'no dock header moved').toEqual(headersBefore);
      expect(await onTop(page, 'query-export-csv'), 'Export still on top (the inspect panel does not cover it)').toBe(true);

      if (process.env.LAYOUT_SHOTS) await page.screenshot({ path: join(process.env.LAYOUT_SHOTS, `layout-${width}x${height}.png`) });
      expect(await unreachablePanels(page)).toEqual([]);
    }, 300_000);
  }

  test('1280×720: headers collapse panels by mouse and keyboard, the state survives a reload; "only" shows one category', async () => {
    app = await sessions.open({ width: 1280, height: 720, keep: true });
    const page = app.page;
    await waitForApp(page);
    const alarms = page.getByTestId('dock-header-alarm-list');
    const query = page.locator('[data-dock-id="query-panel"]');
    expect(await alarms.getAttribute('aria-expanded')).toBe('true');
    const queryHeight = (await query.boundingBox())?.height ?? 0;

    await alarms.click();
    expect(await alarms.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByTestId('alarm-list').isVisible()).toBe(false);
    expect((await query.boundingBox())?.height ?? 0, 'the query panel takes the room the alarm list gave up').toBeGreaterThan(queryHeight + 50);

    // "only" on gas: one category; again: all of them
    const checked = (): Promise<string[]> =>
      page.evaluate(() =>
        [...document.querySelectorAll<HTMLInputElement>('input[data-testid^="category-"]')].filter((i) => i.checked).map((i) => i.dataset.testid ?? ''),
      );
    const all = await checked();
    expect(all.length).toBeGreaterThan(5);
    await page.getByTestId('category-only-RQ').click();
    expect(await checked()).toEqual(['category-RQ']);
    await page.getByTestId('category-only-RQ').click();
    expect(await checked()).toEqual(all);

    // Cesium's attribution box and the veil behind it follow the dark theme (Cesium's own are light grey)
    const luminance = await page.evaluate(() =>
      ['.cesium-credit-lightbox', '.cesium-credit-lightbox-overlay'].map((sel) => {
        const e = document.querySelector(sel);
        const [r, g, b] = (e ? getComputedStyle(e).backgroundColor : '').match(/[\d.]+/g)?.map(Number) ?? [255, 255, 255];
        return Math.round(0.2126 * r + 0.7152 * g + 0.0722 * b);
      }),
    );
    expect(luminance.every((l) => l < 40), `credit box backgrounds dark (luminance ${luminance.join(', ')})`).toBe(true);

    await page.reload({ timeout: 120_000 });
    await waitForApp(page);
    expect(await alarms.getAttribute('aria-expanded'), 'collapsed after a reload').toBe('false');
    expect(await page.getByTestId('alarm-list').isVisible()).toBe(false);
    await alarms.focus();
    await page.keyboard.press('Enter');
    expect(await alarms.getAttribute('aria-expanded')).toBe('true');
    expect(await page.getByTestId('alarm-list').isVisible()).toBe(true);
  }, 300_000);
});
