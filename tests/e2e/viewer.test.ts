/**
 * The walking skeleton, end to end, in real headless Chromium against the built app served by `vite preview`:
 * the scene renders with CJJ 61 pipe colours, a known pipe can be clicked and inspected, underground mode works,
 * the language toggles, and not one request leaves the page's origin, with no console errors or CSP violations.
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

// the first three tests share one page load (keep): each starts from what the one before leaves (initial view, no
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
    // headless Chromium renders WebGL with SwiftShader: config "effects": "auto" drops panel shadows and blur there
    expect(await app.page.getAttribute('#app', 'data-effects')).toBe('lite');
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

  test('the interface follows the browser language and toggles between Chinese and English', async () => {
    app = await sessions.open({ locale: 'zh-CN' });
    await waitForApp(app.page);
    const legend = app.page.getByTestId('layer-panel');
    await expect.poll(() => legend.textContent()).toContain('给水');
    await app.page.getByTestId('language-toggle').click();
    await expect.poll(() => legend.textContent()).toContain('Water supply');
  });
});
