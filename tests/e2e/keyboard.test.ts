/**
 * The map from the keyboard, in real headless Chromium: Tab reaches the map (a focusable canvas with a name and a
 * visible focus outline), the arrow keys pan, + and − zoom, Enter selects the asset at the centre of the view (the
 * same pick as a click) and Esc clears the selection.
 */
import type { Page } from 'playwright-core';
import { describe, expect, inject, test } from 'vitest';
import { twin, useAppSessions, waitForApp } from './browser';
import { knownPipe } from './dataset';
import type { TwinHooks } from '../../src/app/testHooks';

const baseUrl = inject('baseUrl');
const dataDir = inject('e2eDataDir');

const hooks = <T>(page: Page, fn: (t: TwinHooks, arg: string) => T | Promise<T>, arg = ''): Promise<T> => twin(page, fn, arg);

type Pose = NonNullable<ReturnType<TwinHooks['cameraPose']>>;

const pose = async (page: Page): Promise<Pose> => {
  const p = await hooks(page, (t) => t.cameraPose());
  if (!p) throw new Error('no camera');
  return p;
};

/** metres between two camera positions on the ground (local flat approximation, fine for a few hundred metres) */
function groundMetres(a: Pose, b: Pose): number {
  const k = Math.PI / 180;
  return Math.hypot((b.lon - a.lon) * k * 6378137 * Math.cos(a.lat * k), (b.lat - a.lat) * k * 6378137);
}

const focusedTestId = (page: Page): Promise<string | null> =>
  page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid ?? null);

const sessions = useAppSessions(baseUrl);

describe('keyboard', () => {
  test('Tab reaches the map; arrows pan, + and − zoom, Enter selects the asset at the centre, Esc clears', async () => {
    const app = await sessions.open();
    const page = app.page;
    await waitForApp(page);

    // Tab from the start of the page until the map has the focus
    let tabs = 0;
    while ((await focusedTestId(page)) !== 'map' && tabs < 40) {
      await page.keyboard.press('Tab');
      tabs++;
    }
    expect(await focusedTestId(page), 'the map is reachable with Tab').toBe('map');
    const map = page.getByTestId('map');
    expect(await map.getAttribute('aria-label')).toMatch(/arrow keys/i);
    const outline = await map.evaluate((c) => {
      const s = getComputedStyle(c);
      return { style: s.outlineStyle, width: parseFloat(s.outlineWidth), offset: parseFloat(s.outlineOffset) };
    });
    expect(outline.style, 'a visible focus outline').not.toBe('none');
    expect(outline.width).toBeGreaterThan(0);
    expect(outline.offset + outline.width, 'the outline lies inside the canvas (the widget clips overflow)').toBeLessThanOrEqual(0);

    // arrows pan: the camera moves over the ground at the same height
    const p0 = await pose(page);
    await page.keyboard.press('ArrowUp');
    const p1 = await pose(page);
    expect(groundMetres(p0, p1), 'ArrowUp moved the camera').toBeGreaterThan(5);
    expect(Math.abs(p1.height - p0.height)).toBeLessThan(1);
    await page.keyboard.press('ArrowLeft');
    const p2 = await pose(page);
    expect(groundMetres(p1, p2), 'ArrowLeft moved the camera').toBeGreaterThan(5);

    // + zooms in (lower), − zooms out (higher)
    await page.keyboard.press('+');
    const p3 = await pose(page);
    expect(p3.height, '+ zooms in').toBeLessThan(p2.height - 1);
    await page.keyboard.press('-');
    const p4 = await pose(page);
    expect(p4.height, '− zooms out').toBeGreaterThan(p3.height + 1);

    // Enter selects what is at the centre of the view: frame a known pipe (fly-to centres it), then press Enter
    const pipe = knownPipe(dataDir);
    await hooks(page, (t, a) => t.flyToAsset(a), pipe.id);
    await hooks(page, (t) => t.whenIdle());
    expect(await hooks(page, (t) => t.selectedId())).toBeNull();
    expect(await focusedTestId(page), 'the focus stayed on the map').toBe('map');
    await page.keyboard.press('Enter');
    await expect.poll(() => hooks(page, (t) => t.selectedId()), { timeout: 20_000 }).toBe(pipe.id);
    await expect.poll(() => page.getByTestId('inspect-panel').textContent(), { timeout: 20_000 }).toContain(pipe.id);
    expect(await focusedTestId(page), 'selecting keeps the focus on the map').toBe('map');
    await page.keyboard.press('Escape');
    await expect.poll(() => hooks(page, (t) => t.selectedId())).toBeNull();
  });
});
