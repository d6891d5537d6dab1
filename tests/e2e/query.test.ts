/**
 * The area query in real headless Chromium against the built app: a polygon drawn by mouse clicks around a known pipe
 * lists it; the result ids are the CLI's for the same area (the drawn area exported as GeoJSON and fed to
 * tools/query/cli.ts); the CSV export is a download with a UTF-8 BOM, the bilingual header and one row per result; a
 * bow-tie polygon gets the self-intersection message and no results. No request leaves the origin, no CSP violation
 * (the query Worker runs under worker-src), no console error.
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

// the three tests share one page load (keep): each after the first starts by clearing the area the one before drew,
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
