/**
 * Reviews and the clearance check in real headless Chromium against the built app (issue 14), one page load shared by
 * the tests (keep):
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
import { booleanPointInPolygon } from '@turf/turf';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, test } from 'vitest';
import { checkClearances, pipeColumns } from '../../src/analysis/drawings/check';
import { columnsFromQueryCopy, withinArea, withSurface } from '../../src/analysis/drawings/checkInput';
import { decodeQueryCopy } from '../../src/analysis/queryCopy';
import { metresPerDegree } from '../../src/domain/geodesy';
import type { LonLat, PipeSegment } from '../../src/domain/schema';
import type { TwinHooks as Hooks } from '../../src/app/testHooks';
import { twin, useAppSessions, waitForApp, type AppSession } from './browser';
import { knownPipe, readNdjson } from './dataset';

const baseUrl = inject('baseUrl');
const dataDir = inject('e2eDataDir');
const outDir = inject('e2eOutDir');
const sessions = useAppSessions(baseUrl);

const hooks = <T, A = string>(page: Page, fn: (t: Hooks, arg: A) => T | Promise<T>, arg?: A): Promise<T> => twin<Hooks, T, A>(page, fn, arg);
const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

/** A square of `half` metres each side around a point, as a closed ring. */
function square(c: LonLat, half: number): LonLat[] {
  const m = metresPerDegree(c[1]);
  const dx = half / m.lon;
  const dy = half / m.lat;
  return [[c[0] - dx, c[1] - dy], [c[0] + dx, c[1] - dy], [c[0] + dx, c[1] + dy], [c[0] - dx, c[1] + dy], [c[0] - dx, c[1] - dy]];
}

async function app(): Promise<AppSession> {
  const a = await sessions.open({ keep: true });
  await waitForApp(a.page);
  return a;
}

describe('reviews and clearance check (issue 14)', () => {
  test('excavation report prints alone with the map picture and the section through the pit', async () => {
    const { page } = await app();
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
    const { page } = await app();
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
    const { page } = await app();
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
    const { page } = await app();
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
