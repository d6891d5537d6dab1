/**
 * The panel dock (src/ui/layout.ts) in real headless Chromium, at 1280×720 and 1920×1080: selecting a pipe opens the
 * inspect panel without moving the query panel's Export button or any dock header; every panel can be scrolled to its
 * last element and is on top there (not clipped, not covered); a header collapses its panel from the mouse or the
 * keyboard and the state survives a reload; the layer panel's "only" shows one category and a second click all again.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, test } from 'vitest';
import type { TwinHooks as Hooks } from '../../src/app/testHooks';
import { twin, useAppSessions, waitForApp } from './browser';
import { knownPipe } from './dataset';

const baseUrl = inject('baseUrl');
const dataDir = inject('e2eDataDir');

const hooks = <T>(page: Page, fn: (t: Hooks, arg: string) => T | Promise<T>, arg = ''): Promise<T> => twin(page, fn, arg);

type Box = { x: number; y: number; width: number; height: number };

/** Types a lon/lat box of ±d degrees around the known pipe's middle vertex into the query panel and runs it. */
async function queryAroundKnownPipe(page: Page, d = 0.0006): Promise<void> {
  const pipe = knownPipe(dataDir);
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

// the three tests share one page load (keep), resized between them as a window is; each starts with no selection
const sessions = useAppSessions(baseUrl);

describe('panel dock', () => {
  for (const [width, height] of [[1280, 720], [1920, 1080]] as const) {
    test(`${width}×${height}: selecting a pipe moves neither the Export button nor any panel; every panel is reachable`, async () => {
      const app = await sessions.open({ width, height, keep: true });
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
    const app = await sessions.open({ width: 1280, height: 720, keep: true });
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
