/**
 * Broken tiles and hostile configuration, end to end in real headless Chromium:
 *  - a coarse pipe tile that answers 404 does not hide its block: its intact children still load and are drawn
 *    (a pipe that only they hold is picked at its screen position), the status line does not say "loaded", and the
 *    message names the affected area (a lon/lat box that holds the block's pipes) and how many tiles failed;
 *  - a WMTS base map whose tiles answer 404 says so once, and its credit (from config.json) shows as plain text.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, test } from 'vitest';
import type { PipeSegment } from '../../src/domain/schema';
import { decodeGlb, readGlb, readProperties } from '../../tools/tiler/inspect';
import { twin, useAppSessions, waitForApp, type AppSession } from './browser';
import { lengthDeg, readNdjson } from './dataset';
import type { TwinHooks } from '../../src/app/testHooks';

const baseUrl = inject('baseUrl');
const dataDir = inject('e2eDataDir');
const contentDir = join(dataDir, '../public/tiles/pipes/content');

const hooks = <T, A = string>(page: Page, fn: (t: TwinHooks, arg: A) => T | Promise<T>, arg?: A): Promise<T> =>
  twin(page, fn, arg);

/** the level-1 tile made to fail, and its children (the e2e tileset's shape, tmp/e2e/public/tiles/pipes) */
const FAILED = '1/0_0';
const CHILDREN = ['2/0_0', '2/1_0', '2/0_1', '2/1_1'];

async function idsOf(tile: string): Promise<{ gids: Set<number>; ids: string[] }> {
  const p = readProperties(await decodeGlb(readGlb(join(contentDir, `${tile}.glb`))));
  return { gids: new Set(p.gid), ids: p.id ?? [] };
}

/**
 * The biggest pipe on land that the failed tile's children hold and the root does not: the root is what stayed drawn
 * over the block when the failed tile blocked refinement, so the pipe is seen (and picked) only from the children.
 */
async function pipeOnlyInChildren(): Promise<PipeSegment> {
  const coarse = [await idsOf('0/0_0')];
  const inChildren = new Set<string>();
  for (const c of CHILDREN) for (const id of (await idsOf(c)).ids) inChildren.add(id);
  const pipes = readNdjson<PipeSegment>(dataDir, 'segments.ndjson').filter(
    (s) => inChildren.has(s.id) && s.crossing === null && !coarse.some((t) => t.gids.has(s.gid)),
  );
  pipes.sort((a, b) => (b.dn ?? 800) * lengthDeg(b) - (a.dn ?? 800) * lengthDeg(a));
  if (!pipes[0]) throw new Error(`no pipe held only by the children of ${FAILED}`);
  return pipes[0];
}

/** Parses "106.5612–106.5741°E, 29.5520–29.5637°N" boxes out of a message. */
function boxesIn(text: string): { west: number; east: number; south: number; north: number }[] {
  const re = /([\d.]+)–([\d.]+)°E, ([\d.]+)–([\d.]+)°N/g;
  return [...text.matchAll(re)].map((m) => ({ west: +m[1], east: +m[2], south: +m[3], north: +m[4] }));
}

// the 404s the tests cause on purpose reach the console as "Failed to load resource"
const sessions = useAppSessions(baseUrl, /status of 404|Failed to load resource/);
let app: AppSession | undefined;

/** Opens a cheap same-origin page first, so routes are in place before the app's first request. */
async function openWith(setup: (page: Page) => Promise<void>): Promise<Page> {
  app = await sessions.open({ path: '/config.json' });
  const page = app.page;
  await setup(page);
  await page.goto(baseUrl + '/', { timeout: 120_000 });
  await waitForApp(page);
  return page;
}

describe('tiles that fail', () => {
  test('a coarse tile answering 404 does not hide its block, and the message names the area', async () => {
    const pipe = await pipeOnlyInChildren();
    let failedRequests = 0;
    const page = await openWith(async (p) => {
      await p.route(`**/tiles/pipes/content/${FAILED}.glb`, (route) => {
        failedRequests++;
        return route.fulfill({ status: 404, body: 'not found' });
      });
    });
    expect(failedRequests, 'the coarse tile was requested (and answered 404)').toBeGreaterThan(0);

    // the message: how many tiles failed, and where (a box that holds the pipe's points)
    const messages = await hooks(page, (t) => t.errors());
    const message = messages.find((m) => /1 tiles failed/.test(m));
    expect(message, `a message about the failed tile in ${JSON.stringify(messages)}`).toBeDefined();
    const boxes = boxesIn(message ?? '');
    expect(boxes.length, 'the message names the area as a lon/lat box').toBe(1);
    const [box] = boxes;
    const [lon, lat] = pipe.coords[Math.floor(pipe.coords.length / 2)];
    expect(lon).toBeGreaterThanOrEqual(box.west - 1e-4);
    expect(lon).toBeLessThanOrEqual(box.east + 1e-4);
    expect(lat).toBeGreaterThanOrEqual(box.south - 1e-4);
    expect(lat).toBeLessThanOrEqual(box.north + 1e-4);
    const statusLine = (await page.getByTestId('status-tiles').textContent()) ?? '';
    expect(statusLine).not.toMatch(/Pipes loaded/);
    expect(statusLine).toMatch(/incomplete: 1 tiles failed/);

    // the block's pipes are drawn: fly to a pipe only the failed tile's children hold, pick it at its middle
    await hooks(page, (t, id) => t.flyToAsset(id), pipe.id);
    await hooks(page, (t) => t.whenIdle());
    expect((await hooks(page, (t) => t.drawnTiles())).leaves, 'leaf tiles drawn in the block').toBeGreaterThan(0);
    const pos = await hooks(page, (t, id) => t.canvasPositionOf(id), pipe.id);
    expect(pos, `${pipe.id} on screen after flyToAsset`).not.toBeNull();
    if (!pos) return;
    expect(await hooks(page, (t, a) => t.pickedIdAt(a.x, a.y), pos), `${pipe.id} drawn and picked`).toBe(pipe.id);
  });

  test('a WMTS base map answering 404 says so once; its credit is plain text', async () => {
    const config = JSON.parse(readFileSync(join(dataDir, '../public/config.json'), 'utf8')) as Record<string, unknown>;
    const credit = '<style>body{display:none}</style><a href="https://elsewhere.example/">Evil map</a>';
    config.basemap = {
      type: 'wmts',
      url: `${baseUrl}/wmts-missing/{TileMatrix}/{TileRow}/{TileCol}.png`,
      layer: 'missing',
      style: 'default',
      tileMatrixSetID: 'w',
      format: 'image/png',
      tilingScheme: 'webMercator',
      maximumLevel: 18,
      credit,
    };
    let tileRequests = 0;
    const page = await openWith(async (p) => {
      await p.route('**/config.json', (route) => route.fulfill({ json: config }));
      await p.route('**/wmts-missing/**', (route) => {
        tileRequests++;
        return route.fulfill({ status: 404, body: 'not found' });
      });
    });
    expect(tileRequests, 'base map tiles were requested').toBeGreaterThan(0);
    await expect
      .poll(() => hooks(page, (t) => t.errors().filter((m) => /base map tiles could not be loaded/.test(m)).length), {
        timeout: 30_000,
      })
      .toBe(1);
    // more tiles fail as the view changes: still one message
    await hooks(page, (t) => t.flyToAsset('JS-000001').catch(() => undefined));
    await hooks(page, (t) => t.whenIdle());
    expect((await hooks(page, (t) => t.errors())).filter((m) => /base map tiles could not be loaded/.test(m))).toHaveLength(1);

    // the credit: the typed characters, no element built from them, the page still shown
    const credits = page.locator('.credits');
    await expect.poll(() => credits.textContent(), { timeout: 30_000 }).toContain(credit);
    expect(await credits.locator('style, a[href^="https://elsewhere"]').count(), 'no element from the credit text').toBe(0);
    expect(await page.evaluate(() => getComputedStyle(document.body).display)).not.toBe('none');
  });
});
