/**
 * The walking skeleton, end to end, in real headless Chromium against the built app served by `vite preview`:
 * the scene renders with CJJ 61 pipe colours, a known pipe can be clicked and inspected, underground mode works,
 * the map works from the keyboard (Tab reaches it: a focusable canvas with a name and a visible focus outline; arrows
 * pan, + and − zoom, Enter selects the asset at the centre, Esc clears, Home returns to the starting view), the
 * language toggles, and not one request leaves the page's origin, with no console errors or CSP violations.
 */
import type { Page } from 'playwright-core';
import { describe, expect, inject, test } from 'vitest';
import { category } from '../../src/domain/categories';
import type { PipeSegment } from '../../src/domain/schema';
import { twin, useAppSessions, waitForApp, type AppSession } from './browser';
import { knownPipe as knownPipeIn } from './dataset';
import { countHue, decodePng, diffFraction, distinctColours } from './pixels';
import type { TwinHooks } from '../../src/app/testHooks';

const baseUrl = inject('baseUrl');
const dataDir = inject('e2eDataDir');


function knownPipe(): PipeSegment {
  return knownPipeIn(dataDir);
}

const hooks = <T>(page: Page, fn: (t: TwinHooks, arg: string) => T | Promise<T>, arg = ''): Promise<T> =>
  twin(page, fn, arg);

async function clickAsset(page: Page, id: string): Promise<void> {
  await hooks(page, (t, a) => t.flyToAsset(a), id);
  await hooks(page, (t) => t.whenIdle());
  const pos = await hooks(page, (t, a) => t.canvasPositionOf(a), id);
  expect(pos, `asset ${id} should be on screen after flyToAsset`).not.toBeNull();
  const box = await page.locator('canvas').first().boundingBox();
  if (!box || !pos) throw new Error('no canvas');
  await page.mouse.click(box.x + pos.x, box.y + pos.y);
}

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

// the first four tests share one page load (keep): each starts from what the one before leaves (initial view, no
// selection), which is also how it starts when run alone
const sessions = useAppSessions(baseUrl);
let app: AppSession | undefined;

describe('viewer', () => {
  test('default view renders the rivers and CJJ 61 coloured pipes, offline', async () => {
    app = await sessions.open({ keep: true });
    await waitForApp(app.page);
    const img = decodePng(await app.page.locator('canvas').first().screenshot());
    expect(distinctColours(img), 'a blank canvas has almost no colours').toBeGreaterThan(200);
    // water supply (sky blue), gas (magenta), power (red), telecom (green) must all be visible
    for (const code of ['JS', 'RQ', 'DL', 'TX'] as const) {
      const def = category(code);
      if (!def) throw new Error(code);
      expect(countHue(img, def.display), `pixels of ${code} ${def.en}`).toBeGreaterThan(20);
    }
    // river water: a blue-ish surface of a good size
    expect(countHue(img, [40, 110, 200], 25, 0.3, 0.15), 'river pixels').toBeGreaterThan(2000);
    expect(app.requests.length, 'the app loaded its own files').toBeGreaterThan(5);
    // headless Chromium renders WebGL in software (llvmpipe or SwiftShader): config "effects": "auto" drops panel
    // shadows, blur and the map's multisampling there
    expect(await app.page.getAttribute('#app', 'data-effects')).toBe('lite');
    expect(await twin(app.page, (t: TwinHooks) => t.mapSamples()), 'map multisampling in software GL').toBe(1);
    expect(await app.page.locator('.dock-item').first().evaluate((el) => getComputedStyle(el).backdropFilter)).toBe('none');
  });

  test('clicking a known pipe opens its panel with its id and attributes; Esc clears', async () => {
    const pipe = knownPipe();
    app = await sessions.open({ keep: true });
    await waitForApp(app.page);
    await clickAsset(app.page, pipe.id);
    const panel = app.page.getByTestId('inspect-panel');
    await expect.poll(() => panel.textContent(), { timeout: 20_000 }).toContain(pipe.id);
    const text = (await panel.textContent()) ?? '';
    expect(text).toContain('Water supply');
    expect(text).toContain(`${pipe.dn}`);
    expect(await hooks(app.page, (t) => t.selectedId())).toBe(pipe.id);
    await app.page.keyboard.press('Escape');
    await expect.poll(() => panel.isVisible()).toBe(false);
    expect(await hooks(app.page, (t) => t.selectedId())).toBeNull();
  });

  test('underground mode makes the ground translucent and pipes stay pickable', async () => {
    const pipe = knownPipe();
    app = await sessions.open({ keep: true });
    await waitForApp(app.page);
    await hooks(app.page, (t, a) => t.flyToAsset(a), pipe.id);
    await hooks(app.page, (t) => t.whenIdle());
    const canvas = app.page.locator('canvas').first();
    const before = decodePng(await canvas.screenshot());
    await app.page.getByTestId('underground-toggle').click();
    await expect.poll(() => app?.page.getByTestId('underground-opacity').isVisible()).toBe(true);
    await hooks(app.page, (t) => t.whenIdle());
    const after = decodePng(await canvas.screenshot());
    expect(diffFraction(before, after), 'the ground looks different').toBeGreaterThan(0.05);
    await clickAsset(app.page, pipe.id);
    await expect
      .poll(() => app?.page.getByTestId('inspect-panel').textContent(), { timeout: 20_000 })
      .toContain(pipe.id);
  });

  test('Tab reaches the map; arrows pan, + and − zoom, Enter selects the asset at the centre, Esc clears, Home returns', async () => {
    app = await sessions.open({ keep: true });
    const page = app.page;
    await waitForApp(page);
    // from the starting view with nothing selected, the ground opaque: as the app starts (the tests before leave a
    // selection and underground mode on)
    await page.keyboard.press('Escape');
    if ((await page.getByTestId('underground-toggle').getAttribute('aria-pressed')) === 'true') await page.getByTestId('underground-toggle').click();
    await page.getByTestId('home-view').click();
    await hooks(page, (t) => t.whenIdle());

    // Tab from the start of the page until the map has the focus
    let tabs = 0;
    while ((await focusedTestId(page)) !== 'map' && tabs < 80) {
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
    const pipe = knownPipe();
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

    // Home on the map: back to the starting view (a jump: the harness asks for reduced motion)
    await page.keyboard.press('Home');
    const home = await pose(page);
    expect(groundMetres(p0, home), 'Home returned over the starting point').toBeLessThan(1);
    expect(Math.abs(home.height - p0.height), 'at the starting height').toBeLessThan(1);
    expect(await focusedTestId(page), 'the focus stayed on the map').toBe('map');
  });

  test('the interface follows the browser language and toggles between Chinese and English', async () => {
    app = await sessions.open({ locale: 'zh-CN' });
    await waitForApp(app.page);
    const legend = app.page.getByTestId('layer-panel');
    await expect.poll(() => legend.textContent()).toContain('给水');
    await app.page.getByTestId('language-toggle').click();
    await expect.poll(() => legend.textContent()).toContain('Water supply');
  });
});
