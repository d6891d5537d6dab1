/**
 * Screen mode in real headless Chromium: a short tour advances on its own, a new alarm interrupts it and it resumes at
 * the stop it was on; the presenter's keys (PageDown, B) act through the map's keyboard owner; the units drill down
 * from the city to a grid and back with the keyboard alone; the 1920×1080 layout is saved as a screenshot
 * (tmp/screen-1920x1080.png, looked at by a person). Then: the link of a view opened in a fresh browser context
 * restores that view, and Save picture writes a PNG of the map.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import type { Page } from 'playwright-core';
import { describe, expect, inject, test } from 'vitest';
import type { ScreenHooks } from '../../src/app/screen';
import type { TwinHooks } from '../../src/app/testHooks';
import { ROOT } from '../../tools/prepare-lib';
import { freezeFeed } from './feedRoute';
import { twin, useAppSessions, waitForApp } from './browser';
import { knownPipe } from './dataset';

const baseUrl = inject('baseUrl');
const dataDir = inject('e2eDataDir');
const sessions = useAppSessions(baseUrl);

type Hooks = TwinHooks & { screen: ScreenHooks };
const hooks = <T, A = string>(page: Page, fn: (t: Hooks, arg: A) => T | Promise<T>, arg?: A): Promise<T> => twin<Hooks, T, A>(page, fn, arg);
/** Waits until `predicate(window.__twin.screen, arg)` holds in the page (a real function: the page's CSP forbids eval). */
const until = async <A>(page: Page, predicate: (arg: A) => boolean, arg: A, timeout = 60_000): Promise<void> => {
  await page.waitForFunction(predicate as (a: unknown) => boolean, arg as unknown, { timeout, polling: 100 });
};
const t0 = Date.now();
const mark = (what: string): void => console.log(`screen e2e: ${what} at ${((Date.now() - t0) / 1000).toFixed(1)} s`);

/** three stops over the e2e data (around Qiansimen); the last one long, so an interrupt lands in it */
const TOUR = {
  version: 1,
  interruptS: 1,
  // the simulator's own alarms may interrupt once before the test's; none after it
  interruptGapS: 3600,
  stops: [
    { id: 'a', caption: { zh: '第一站', en: 'Stop A' }, camera: { lon: 106.578, lat: 29.555, height: 2500, heading: 0, pitch: -45 }, flyS: 0, dwellS: 1 },
    { id: 'b', caption: { zh: '第二站', en: 'Stop B' }, camera: { lon: 106.579, lat: 29.558, height: 2000, heading: 20, pitch: -45 }, flyS: 0, dwellS: 1 },
    { id: 'c', caption: { zh: '第三站', en: 'Stop C' }, camera: { lon: 106.577, lat: 29.556, height: 2200, heading: 340, pitch: -45 }, flyS: 0, dwellS: 600 },
  ],
};

describe('screen mode', () => {
  test('a tour advances, an alarm interrupts it and it resumes; clicker keys; drill-down by keyboard; 1920×1080 layout', async () => {
    const app = await sessions.open({ path: '/?screen', keep: true });
    const page = app.page;
    await waitForApp(page);
    await until(page, () => Boolean((window as unknown as { __twin?: Hooks }).__twin?.screen?.active()), null);
    mark('app ready in screen mode');
    await page.evaluate(() => (window as unknown as { __twin: Hooks }).__twin.screen.ready());
    expect(await hooks(page, (t, tour) => t.screen.loadTour(tour), TOUR)).toBeNull();

    // the tour moves on by itself: a → b → c
    await until(page, () => (window as unknown as { __twin: Hooks }).__twin.screen.tour()?.id === 'c', null);
    mark('tour at stop c');
    expect(await page.getByTestId('tour-caption').textContent()).toBe('Stop C');

    // a new alarm interrupts: shown (caption names it), then back to stop c, still playing
    const pipe = knownPipe(dataDir).id;
    await hooks(page, (t, id) => t.screen.interrupt(id), pipe);
    expect(await hooks(page, (t) => t.screen.tour()?.interrupt)).toBe(pipe);
    expect(await page.getByTestId('tour-interrupt').textContent()).toContain(pipe);
    await until(page, () => (window as unknown as { __twin: Hooks }).__twin.screen.tour()?.interrupt === null, null);
    mark('interrupt over');
    expect(await hooks(page, (t) => t.screen.tour())).toMatchObject({ id: 'c', playing: true, interrupt: null });

    // the presenter's clicker: pause, PageDown → next stop (loops to a); B blanks the screen and brings it back
    await page.getByTestId('tour-toggle').click();
    await page.keyboard.press('PageDown');
    expect(await hooks(page, (t) => t.screen.tour())).toMatchObject({ id: 'a', playing: false });
    await page.keyboard.press('b');
    expect(await page.getByTestId('screen-black').isVisible()).toBe(true);
    await page.keyboard.press('b');
    expect(await page.getByTestId('screen-black').isVisible()).toBe(false);

    // drill down with the keyboard: city → district → street → grid (its assets), then Backspace back up to the city
    const levels: (string | null)[] = [];
    for (let depth = 0; depth < 3; depth++) {
      const first = page.getByTestId('unit-row').first();
      const id = await first.getAttribute('data-id');
      await first.focus();
      await page.keyboard.press('Enter');
      await until(page, (want) => (window as unknown as { __twin: Hooks }).__twin.screen.unit() === want, id ?? '');
      levels.push(await hooks(page, (t) => t.screen.unit()));
    }
    expect(levels.map((id) => id?.length)).toEqual([6, 9, 13]); // 500103 → 500103001 → 500103001-001
    expect((await page.getByTestId('screen-crumbs').textContent())?.split('›')).toHaveLength(4);
    for (let depth = 0; depth < 3; depth++) await page.keyboard.press('Backspace');
    await until(page, () => (window as unknown as { __twin: Hooks }).__twin.screen.unit() === null, null);
    mark('back at the city');

    // the fixed 1920×1080 design, at 1920×1080
    await page.setViewportSize({ width: 1920, height: 1080 });
    await hooks(page, (t) => t.whenIdle());
    const box = await page.getByTestId('screen-stage').boundingBox();
    expect(box).toMatchObject({ x: 0, y: 0, width: 1920, height: 1080 });
    mkdirSync(join(ROOT, 'tmp'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'tmp/screen-1920x1080.png') });
  }, 240_000);

  test('a copied link restores the view in a fresh browser context; Save picture writes a PNG of the map', async () => {
    // the app of the test above when it passed (in screen mode, the tour paused), else a new one
    const a = await sessions.open({ path: '/?screen', keep: true });
    await waitForApp(a.page);
    await hooks(a.page, (t) => t.setColorMode('status'));
    await hooks(a.page, (t) => t.screen.drill('500103'));
    // the link and the view it was copied from, read together: this app's feed goes on, and a new alarm on it jumps
    // its camera (seen once between two separate reads)
    const { hash, poseA } = await hooks(a.page, (t) => ({ hash: t.screen.hash(), poseA: t.cameraPose() }));
    mark('first app: view set');
    expect(hash).toMatch(/^v=1&c=.*&m=s&.*scr=1&au=500103$/);

    // the second screen's feed is frozen at its first document: a new alarm would (rightly) fly the camera to it
    // between loading the link and reading the pose (flights are jumps under reduced motion)
    const b = await sessions.open({ fresh: true, path: '/config.json' });
    await freezeFeed(b.page);
    await b.page.goto(`${baseUrl}/#${hash}`, { timeout: 120_000 });
    await waitForApp(b.page);
    mark('second app ready');
    await until(b.page, () => (window as unknown as { __twin?: Hooks }).__twin?.screen?.unit() === '500103', null);
    const poseB = await hooks(b.page, (t) => t.cameraPose());
    expect(poseA && poseB).toBeTruthy();
    if (!poseA || !poseB) return;
    expect(Math.abs(poseB.lon - poseA.lon)).toBeLessThan(1e-5);
    expect(Math.abs(poseB.lat - poseA.lat)).toBeLessThan(1e-5);
    expect(Math.abs(poseB.height - poseA.height)).toBeLessThan(0.5);
    expect(await b.page.evaluate(() => location.hash.includes('m=s'))).toBe(true);
    expect(await hooks(b.page, (t) => t.screen.active())).toBe(true);
    expect(await hooks(b.page, (t) => t.screen.hash())).toBe(hash);

    // the first app, back in normal mode: Save picture gives a PNG of the map's size (title, legend, time drawn on it)
    await hooks(a.page, (t) => t.screen.exit());
    const [download] = await Promise.all([a.page.waitForEvent('download'), a.page.getByTestId('snapshot-save').click()]);
    expect(download.suggestedFilename()).toMatch(/^twin-\d{12}\.png$/);
    const file = join(ROOT, 'tmp/screen-picture.png');
    await download.saveAs(file);
    const png = PNG.sync.read(readFileSync(file));
    const canvas = await a.page.getByTestId('map').evaluate((c) => ({ w: (c as HTMLCanvasElement).width, h: (c as HTMLCanvasElement).height }));
    expect({ w: png.width, h: png.height }).toEqual(canvas);
  }, 300_000);
});
