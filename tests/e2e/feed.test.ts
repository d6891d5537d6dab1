/**
 * The live feed in the viewer, end to end, against the feed simulator that `vite preview` serves at /api/feed (with
 * its control endpoint on, FEED_CONTROL=1 in globalSetup):
 *  - a forced alarm (one reading of the simulator's document set below the alarm limit by a page route) reaches the
 *    right pipe (the pipe shader's status code is 3) and the alarm list; clicking the row flies to it and selects it;
 *    an acknowledgement survives a reload and can be undone;
 *  - the control endpoint's faults (malformed JSON, HTTP 500, wrong types, older sequence, every reading rejected, no
 *    readings, hang, huge body) show in the badge in words (amber "receiving, 0 readings usable" for the documents
 *    that arrive with nothing usable; "waiting n s" for a hanging request), the alarmed pipe keeps its status, and the
 *    feed recovers after fault=ok;
 *  - an alarm whose sensor goes silent stays listed as an alarm with its last value ("no data since …"), the pipe keeps
 *    status 3; acknowledging and clearing it with Enter keep the focus in the list; cleared, the asset is offline
 *    (never normal) and counted in an offline group, not listed as a row.
 * No request leaves the origin, no CSP violation, no page error; console errors only for the feed requests the
 * faults make fail on purpose.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';
import { afterAll, afterEach, beforeAll, describe, expect, inject, test } from 'vitest';
import type { SensorDef } from '../../src/domain/schema';
import { ROOT } from '../../tools/prepare-lib';
import { forceReading } from './feedRoute';
import { twin, useAppSessions, waitForApp, type AppSession } from './browser';
import type { TwinHooks as FeedHooks } from '../../src/app/testHooks';

const dataDir = inject('e2eDataDir');

/**
 * This file drives the simulator's faults and clock (/api/feed/_control), which would break any other file's pages
 * running at the same time: it serves the same build with a `vite preview` of its own (its own feed simulator, its own
 * origin), started here and stopped when the file ends.
 */
let server: PreviewServer | undefined;
let baseUrl = '';
beforeAll(async () => {
  process.env.FEED_CONTROL = '1';
  const outDir = inject('e2eOutDir');
  server = await preview({ root: ROOT, mode: 'e2e', configLoader: 'runner', logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 4419 } });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report a URL');
  baseUrl = url.replace(/\/$/, '');
});
afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.httpServer.close(() => resolve()) : resolve()));
});


function sensors(): SensorDef[] {
  return JSON.parse(readFileSync(join(dataDir, '..', 'public', 'data', 'sensors.json'), 'utf8')) as SensorDef[];
}

function sensorOf(metric: string): SensorDef {
  const s = sensors().find((x) => x.metric === metric);
  if (!s) throw new Error(`the e2e dataset has no ${metric} sensor`);
  return s;
}

const hooks = <T>(page: Page, fn: (t: FeedHooks, arg: string) => T | Promise<T>, arg = ''): Promise<T> =>
  twin(page, fn, arg);

async function control(query: string): Promise<void> {
  const res = await fetch(`${baseUrl}/api/feed/_control?${query}`);
  expect(res.status, `control ${query}: ${await res.clone().text()}`).toBe(200);
}

/** console errors the faults cause on purpose: the browser logs a failed feed request */
const FEED_FAILURE = /Failed to load resource|net::ERR_/;

// the first two tests share one page load (keep): each forces its own reading through a route of its own and polls at
// once, the simulator is reset after each test, so each also passes alone
const sessions = useAppSessions(() => baseUrl, FEED_FAILURE);
let app: AppSession | undefined;

beforeAll(async () => {
  await control('reset=1');
});
afterAll(async () => {
  await control('reset=1').catch(() => undefined);
});
afterEach(async () => {
  await control('reset=1');
});

async function alarmRow(page: Page, id: string): Promise<{ id: string; code: number; acked: boolean } | undefined> {
  return (await hooks(page, (t) => t.alarmRows())).find((r) => r.id === id);
}

describe('live feed', () => {
  test('a forced alarm colours the right pipe, is listed, flies to and selects it; acknowledgement survives a reload', async () => {
    const pressure = sensorOf('pressure');
    const id = pressure.asset;
    app = await sessions.open({ keep: true });
    const page = app.page;
    await forceReading(page, pressure, 0.05); // MPa: below the 0.14 MPa alarm limit
    await waitForApp(page);
    await hooks(page, (t) => t.feedPollNow());
    await expect.poll(() => hooks(page, (t, a) => t.statusOf(a), id), { timeout: 30_000 }).toBe(3);
    expect(await hooks(page, (t, a) => t.feedStatusOf(a), id)).toBe(3);
    await expect.poll(async () => (await alarmRow(page, id))?.code, { timeout: 10_000 }).toBe(3);

    const row = page.locator(`[data-testid="alarm-list"] li[data-id="${id}"]`);
    await expect.poll(() => row.textContent()).toContain('0.05 MPa');
    await row.getByTestId('alarm-open').click();
    await expect.poll(() => hooks(page, (t) => t.selectedId()), { timeout: 10_000 }).toBe(id);
    await expect.poll(() => page.getByTestId('inspect-panel').textContent(), { timeout: 20_000 }).toContain(id);
    await expect.poll(() => page.getByTestId('readings-panel').textContent(), { timeout: 10_000 }).toContain('0.05 MPa');
    // the camera flies (1.2 s of animation, slow under software GL): the asset ends up framed near the centre
    const box = await page.locator('canvas').first().boundingBox();
    if (!box) throw new Error('no canvas');
    const offCentre = async (): Promise<number> => {
      await hooks(page, (t) => t.whenIdle());
      const pos = await hooks(page, (t, a) => t.canvasPositionOf(a), id);
      return pos ? Math.max(Math.abs(pos.x - box.width / 2) / box.width, Math.abs(pos.y - box.height / 2) / box.height) : Infinity;
    };
    await expect.poll(offCentre, { timeout: 30_000, interval: 1000, message: 'the alarmed asset is framed after the click' }).toBeLessThan(1 / 3);

    await row.getByTestId('alarm-ack').click();
    await expect.poll(async () => (await alarmRow(page, id))?.acked).toBe(true);
    await expect.poll(() => row.getAttribute('class')).toContain('acked');

    await page.reload({ timeout: 120_000 });
    await waitForApp(page);
    await hooks(page, (t) => t.feedPollNow());
    await expect.poll(async () => (await alarmRow(page, id))?.acked, { timeout: 30_000 }).toBe(true);
    await page.locator(`[data-testid="alarm-list"] li[data-id="${id}"]`).getByTestId('alarm-ack').click();
    await expect.poll(async () => (await alarmRow(page, id))?.acked).toBe(false);
    }, 300_000);

  test('feed faults show in words in the badge, keep the last good colours, and recover', async () => {
    const pressure = sensorOf('pressure');
    const id = pressure.asset;
    app = await sessions.open({ keep: true });
    const page = app.page;
    await forceReading(page, pressure, 0.05);
    await waitForApp(page);
    await hooks(page, (t) => t.feedPollNow());
    await expect.poll(() => hooks(page, (t, a) => t.statusOf(a), id), { timeout: 30_000 }).toBe(3);
    const problem = page.getByTestId('feed-problem');
    const receiving = 'Receiving, 0 readings usable';
    const faults: [string, RegExp, string?][] = [
      ['malformed', /broken document/],
      ['500', /HTTP 500/],
      ['wrongTypes', /unsupported version|no valid/],
      ['olderSequence', /older document/, receiving],
      ['allRejected', /Every reading of the last document was rejected/, receiving],
      ['empty', /Documents arrive with no readings/, receiving],
      ['hang', /did not answer in time.*waiting \d+ s for an answer/],
      ['huge', /too large/],
    ];
    let first = true;
    for (const [fault, words, state] of faults) {
      await control(`fault=${fault}`);
      if (first) {
        // from here on no good document arrives: the page must keep what it has
        await page.unroute('**/api/feed');
        first = false;
      }
      await hooks(page, (t) => t.feedPollNow());
      await expect.poll(async () => ((await problem.count()) ? await problem.textContent() : ''), { timeout: 60_000, message: fault }).toMatch(words);
      if (state) {
        expect(await page.getByTestId('feed-state').textContent(), fault).toBe(state);
        expect(await page.getByTestId('feed-badge').getAttribute('data-state'), fault).toBe('degraded');
      }
      expect(await hooks(page, (t, a) => t.statusOf(a), id), `the alarmed pipe keeps its status during ${fault}`).toBe(3);
      expect(await page.locator(`[data-testid="alarm-list"] li[data-id="${id}"]`).count()).toBe(1);
    }
    await control('fault=ok');
    await hooks(page, (t) => t.feedPollNow());
    await expect.poll(() => page.getByTestId('feed-state').textContent(), { timeout: 60_000 }).toBe('Live');
    await expect.poll(() => problem.count(), { timeout: 30_000 }).toBe(0);
    const health = await hooks(page, (t) => t.feedHealth());
    expect(health?.state).toBe('ok');
    }, 240_000);

  test('an alarm whose sensor goes silent stays an alarm with its last value; ack and clear with Enter keep focus in the list', async () => {
    const lel = sensorOf('lel'); // reports every 30 s: silent after 3 × 30 s without a reading
    const id = lel.asset;
    // the sensor stops reporting first: the simulator's reading stops advancing at its last sample, so the forced
    // reading below (stamped with each document's time) is newer than anything the simulator will send afterwards.
    // (Silenced after forcing, a sample the simulator took in between — its demo gas leak reads ~30 %LEL — was newer
    // than the forced one and became the last value.)
    await control(`fault=silent&sensors=${encodeURIComponent(lel.sensor)}`);
    // a page load of its own: the last reading the page saw must be the forced one, and a page that went through the
    // simulator resets of the tests before may have seen a later real one
    app = await sessions.open();
    const page = app.page;
    await forceReading(page, lel, 32); // %LEL: alarm at 20
    await waitForApp(page);
    await hooks(page, (t) => t.feedPollNow());
    await expect.poll(() => hooks(page, (t, a) => t.statusOf(a), id), { timeout: 30_000 }).toBe(3);
    // the page route stops forcing it: the simulator's documents carry the sensor's older, frozen sample
    await page.unroute('**/api/feed');
    // 3 × 30 s of silence on the server's clock, without waiting for them: the simulator's clock jumps 120 s ahead
    await control('advance=120');
    await hooks(page, (t) => t.feedPollNow());
    const row = page.locator(`[data-testid="alarm-list"] li[data-id="${id}"]`);
    await expect.poll(() => row.getAttribute('data-stale'), { timeout: 60_000, interval: 500 }).toBe('1');
    expect(await hooks(page, (t, a) => t.feedStatusOf(a), id), 'still an alarm in the feed').toBe(3);
    expect(await hooks(page, (t, a) => t.statusOf(a), id), 'still an alarm on the pipe').toBe(3);
    expect((await alarmRow(page, id))?.code).toBe(3);
    expect(await row.textContent()).toMatch(/no data since \d\d:\d\d:\d\d · .*32 %LEL/);

    const focusInList = (): Promise<boolean> =>
      page.evaluate(() => {
        const a = document.activeElement;
        return !!a && a !== document.body && !!a.closest('[data-testid="alarm-list"]');
      });
    // acknowledge with the keyboard: the row moves below the others, focus stays in the list (not the page body)
    await row.getByTestId('alarm-ack').focus();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await alarmRow(page, id))?.acked).toBe(true);
    expect(await focusInList(), 'focus after acknowledging with Enter').toBe(true);
    // clear it (the operator's decision, distinct from acknowledging): offline, never normal, grouped
    await row.getByTestId('alarm-clear').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => hooks(page, (t, a) => t.feedStatusOf(a), id), { timeout: 10_000 }).toBe(4);
    expect(await hooks(page, (t, a) => t.statusOf(a), id), 'the pipe shader shows it offline').toBe(4);
    expect(await focusInList(), 'focus after clearing with Enter').toBe(true);
    expect(await alarmRow(page, id)).toBeUndefined();
    const group = page.locator(`[data-testid="alarm-offline-group"][data-group="${lel.cat ?? 'RQ'}"]`);
    await expect.poll(() => group.count()).toBeGreaterThan(0);
    expect(Number(await group.first().getAttribute('data-count'))).toBeGreaterThan(0);
  }, 240_000);
});
