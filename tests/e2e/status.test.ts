/**
 * Live status on the GPU, end to end in real headless Chromium: a status change sent through the API
 * (__twin.setStatuses, colour mode "status") recolours exactly the targeted pipes — the alarm colour appears where the
 * targeted pipes are drawn and nowhere near pipes that were not targeted — and picking returns the right id from the
 * whole-network view (far: the coarse tiles) and after flying to the pipe (near: the leaf tiles).
 *
 * Pipes that carry a live-feed sensor are left out: the simulator feed would send their statuses over ours.
 *
 * Network traces on the same page (issue 10, viewer side):
 *  - a water pipe clicked on the map → "Isolate" in the inspect panel: the valves to close are listed (ids in the
 *    engine's order) and drawn (their class in the pipe shader's highlight texture, numbered markers); the whole result
 *    equals the engine's answer computed here in Node on the same dataset (what `npm run trace -- isolate` prints);
 *    CSV and GeoJSON exports are downloads naming the valves; "Stuck" on the first valve runs again past it (again the
 *    engine's answer); Esc clears the panel, the highlight and the markers;
 *  - a pipe alarm (one reading of the simulator's document pushed below the alarm limit by a page route) is isolated
 *    from the alarm list with one click on the row's "Isolate", shown in Chinese after the language switch.
 * No request leaves the origin, no CSP violation, no console error (the harness checks after each test).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, test } from 'vitest';
import { NetworkEngine, isNetworkError, type IsolationResult, type NetworkResult } from '../../src/analysis/network';
import { traceClassCode } from '../../src/layers/traceTheme';
import { loadNetwork } from '../../tools/network/buildNetwork';
import { category } from '../../src/domain/categories';
import type { PipeNode, PipeSegment, SensorDef } from '../../src/domain/schema';
import { STATUS_ALARM, STATUS_NORMAL, statusDef } from '../../src/domain/status';
import { forceReading } from './feedRoute';
import { twin, useAppSessions, waitForApp, type AppSession } from './browser';
import { lengthDeg, readNdjson as readNdjsonIn } from './dataset';
import { countHue, decodePng, type Image } from './pixels';
import type { TwinHooks } from '../../src/app/testHooks';

const baseUrl = inject('baseUrl');
const dataDir = inject('e2eDataDir');


type Pos = { x: number; y: number };

function readNdjson<T>(file: string): T[] {
  return readNdjsonIn<T>(dataDir, file);
}

/** Big, long pipes on land without a live-feed sensor, easiest to see first. */
function candidates(): PipeSegment[] {
  const sensors = JSON.parse(readFileSync(join(dataDir, 'sensors.json'), 'utf8')) as { asset: string }[];
  const withSensor = new Set(sensors.map((s) => s.asset));
  const size = (s: PipeSegment): number => (s.dn ?? 800) * lengthDeg(s);
  return readNdjson<PipeSegment>('segments.ndjson')
    .filter((s) => s.crossing === null && !withSensor.has(s.id))
    .sort((a, b) => size(b) - size(a));
}

function gidCount(): number {
  const meta = JSON.parse(readFileSync(join(dataDir, 'meta.json'), 'utf8')) as { segmentCount: number; nodeCount: number };
  return meta.segmentCount + meta.nodeCount;
}

const hooks = <T, A = string>(page: Page, fn: (t: TwinHooks, arg: A) => T | Promise<T>, arg?: A): Promise<T> =>
  twin(page, fn, arg);

/** The part of the image within `r` pixels of a point, as its own image (for countHue). */
function around(img: Image, p: Pos, r = 4): Image {
  const x0 = Math.max(0, Math.round(p.x) - r);
  const y0 = Math.max(0, Math.round(p.y) - r);
  const x1 = Math.min(img.width - 1, Math.round(p.x) + r);
  const y1 = Math.min(img.height - 1, Math.round(p.y) + r);
  const width = x1 - x0 + 1;
  const height = y1 - y0 + 1;
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const from = ((y0 + y) * img.width + x0) * 4;
    data.set(img.data.subarray(from, from + width * 4), y * width * 4);
  }
  return { width, height, data };
}

const ALARM = statusDef(STATUS_ALARM).color;
/** alarm red, also while the feed's alarm pulse blends it towards white (saturation down to about 0.37) */
const alarmPixels = (img: Image): number => countHue(img, ALARM, 15, 0.3, 0.45);

async function clickAt(page: Page, pos: Pos): Promise<void> {
  const box = await page.locator('canvas').first().boundingBox();
  if (!box) throw new Error('no canvas');
  await page.mouse.click(box.x + pos.x, box.y + pos.y);
}

let engine: NetworkEngine | null = null;
function net(): NetworkEngine {
  engine ??= new NetworkEngine(loadNetwork(dataDir));
  return engine;
}

/** JSON as the page hands it over (structured clone → JSON) */
const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

/** A long water main on land whose isolation closes at least two valves (the engine in Node decides). */
function isolablePipe(): { pipe: PipeSegment; expected: IsolationResult } {
  const candidates = readNdjsonIn<PipeSegment>(dataDir, 'segments.ndjson').filter((s) => s.cat === 'JS' && s.crossing === null && s.dn !== null);
  candidates.sort((a, b) => (b.dn ?? 0) * lengthDeg(b) - (a.dn ?? 0) * lengthDeg(a));
  for (const pipe of candidates.slice(0, 60)) {
    try {
      const expected = net().isolate(pipe.id);
      if (expected.valves.close.length >= 2) return { pipe, expected };
    } catch (err) {
      if (!isNetworkError(err)) throw err;
    }
  }
  throw new Error('the e2e dataset has no isolable water main');
}

async function download(page: Page, testId: string): Promise<Buffer> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  return readFileSync(await dl.path());
}

async function traceDone(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const p = (window as unknown as { __twin: TwinHooks }).__twin.tracePhase();
    return p === 'done' || p === 'error';
  }, undefined, { timeout: 60_000 });
}

const rowIds = (page: Page, testId: string): Promise<string[]> =>
  page.locator(`[data-testid="${testId}"] tbody tr`).evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-id') ?? ''));

/**
 * A pressure alarm on the water network (one reading pushed below the alarm limit by a page route), isolated with one
 * click on its row's "Isolate" after switching to Chinese: the result is the engine's for that asset's pipe.
 */
async function isolateFromAlarmRow(page: Page): Promise<void> {
  const sensors = JSON.parse(readFileSync(join(dataDir, '..', 'public', 'data', 'sensors.json'), 'utf8')) as SensorDef[];
  const segments = new Map(readNdjsonIn<PipeSegment>(dataDir, 'segments.ndjson').map((s) => [s.id, s]));
  const nodes = new Map(readNdjsonIn<PipeNode>(dataDir, 'nodes.ndjson').map((n) => [n.id, n]));
  const sensor = sensors.find((s) => s.metric === 'pressure' && (segments.get(s.asset)?.cat === 'JS' || nodes.get(s.asset)?.cat === 'JS'));
  if (!sensor) throw new Error('the e2e dataset has no pressure sensor on the water network');
  const id = sensor.asset;
  // the pipe the engine isolates for that asset: the segment itself, a valve's section, else a fitting's first pipe
  const n = nodes.get(id);
  const target = n ? n.segments[0] : id;
  const stuck = n?.type === 'valve' ? [id] : [];
  let expected: unknown;
  try {
    expected = { result: plain(net().isolate(target, { stuck })) };
  } catch (err) {
    if (!isNetworkError(err)) throw err;
    expected = { problem: err.info.zh };
  }

  await forceReading(page, sensor, 0.05); // MPa: below the 0.14 MPa alarm limit

  await hooks(page, (t) => t.feedPollNow());
  await expect.poll(async () => (await hooks(page, (t) => t.alarmRows())).find((r) => r.id === id)?.code, { timeout: 30_000 }).toBe(3);
  await page.getByTestId('language-toggle').click();
  const row = page.locator(`[data-testid="alarm-list"] li[data-id="${id}"]`);
  const isolate = row.getByTestId('alarm-trace-isolate');
  expect(await isolate.textContent()).toBe('关阀');
  await isolate.click();
  await traceDone(page);
  const result = await hooks(page, (t) => t.traceResult());
  const problem = await hooks(page, (t) => t.traceProblem());
  expect(result ? { result: plain(result) } : { problem }).toEqual(expected);
  const panel = page.getByTestId('trace-panel');
  expect(await panel.isVisible()).toBe(true);
  expect(await panel.textContent()).toContain('关阀分析');
  if (result) expect(await page.getByTestId('trace-summary').textContent()).toContain('需关阀门');
  expect(await hooks(page, (t) => t.selectedId())).toBe(id);
  if (process.env.TRACE_SHOTS) {
    await hooks(page, (t) => t.whenIdle());
    await page.screenshot({ path: join(process.env.TRACE_SHOTS, 'trace-alarm-zh.png') });
  }
}

// one page load for the whole file (keep): the three status tests, then the trace; each starts from the starting view as a user gets back to it (Esc, the
// top bar's "Home view", category colours), so each also passes alone
const sessions = useAppSessions(baseUrl);
let app: AppSession | undefined;

/** No selection, the starting view, category colours, everything drawn. */
async function backToStart(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await expect.poll(() => hooks(page, (t) => t.selectedId())).toBeNull();
  // reduced motion (the harness asks for it): the flight home is a jump, done when the click returns
  await page.getByTestId('home-view').click();
  await hooks(page, (t) => t.setColorMode('category'));
  await hooks(page, (t) => t.whenIdle());
}

/**
 * On-screen positions (whole-network view) of the first candidates drawn well inside the canvas and on top there
 * (from far away pipes in one street overlap: the pick at the position must be the pipe itself).
 */
async function onScreen(page: Page, pipes: PipeSegment[], max: number): Promise<{ pipe: PipeSegment; pos: Pos }[]> {
  const size = await page.locator('canvas').first().boundingBox();
  if (!size) throw new Error('no canvas');
  const out: { pipe: PipeSegment; pos: Pos }[] = [];
  for (const pipe of pipes.slice(0, max)) {
    const pos = await hooks(page, (t, id) => t.canvasPositionOf(id), pipe.id);
    if (!pos || pos.x < 20 || pos.y < 20 || pos.x > size.width - 20 || pos.y > size.height - 20) continue;
    const top = await hooks(page, (t, a) => t.pickedIdAt(a.x, a.y), pos);
    if (top === pipe.id) out.push({ pipe, pos });
  }
  return out;
}

const far = (a: Pos, b: Pos, d: number): boolean => Math.hypot(a.x - b.x, a.y - b.y) >= d;

describe('live status on the GPU', () => {
  test('status mode over the whole sample: unmonitored pipes keep a dimmed category colour, an alarm gets a marker', async () => {
    app = await sessions.open({ keep: true });
    const page = app.page;
    await waitForApp(page);
    await backToStart(page);
    const shot = async (): Promise<Image> => decodePng(await page.locator('canvas').first().screenshot());
    // water supply (cyan, the most common category): no status colour has its hue, and the overlays look the same in
    // both modes. Before, every unmonitored pipe turned grey in status mode: 142 of 790 cyan pixels were left (overlays)
    const cyan = (img: Image): number => countHue(img, category('JS')?.display ?? [0, 0, 0], 14, 0.5, 0.2);
    const inCategory = cyan(await shot());
    await hooks(page, (t) => t.setColorMode('status'));
    await hooks(page, (t) => t.whenIdle());
    const inStatus = cyan(await shot());
    expect(inCategory, 'water pipes (cyan) in category mode').toBeGreaterThan(300);
    expect(inStatus, 'water pipes still cyan (dimmed) in status mode').toBeGreaterThan(inCategory * 0.5);

    // an alarm on a pipe without a sensor, seen from the whole-sample view: a marker much larger than the line
    const size = await page.locator('canvas').first().boundingBox();
    if (!size) throw new Error('no canvas');
    const redAround = async (pos: Pos): Promise<number> => alarmPixels(around(await shot(), pos, 9));
    // the first big pipe well inside the canvas with no red around it yet (the simulator raises alarms of its own)
    const before = await shot();
    let target: { pipe: PipeSegment; pos: Pos } | undefined;
    for (const pipe of candidates().slice(0, 40)) {
      const pos = await hooks(page, (t, id) => t.canvasPositionOf(id), pipe.id);
      if (!pos || pos.x < 20 || pos.y < 20 || pos.x > size.width - 20 || pos.y > size.height - 20) continue;
      if (alarmPixels(around(before, pos, 9)) < 20) {
        target = { pipe, pos };
        break;
      }
    }
    if (!target) throw new Error('no pipe on screen without red around it');
    const { pipe, pos } = target;
    await hooks(page, (t, g) => t.setStatuses([g], [3]), pipe.gid);
    // a 14-pixel disc is about 150 pixels; the pipe's own red line a few dozen at most
    await expect.poll(() => redAround(pos), { timeout: 30_000 }).toBeGreaterThan(80);
    // back to normal: the marker goes
    await hooks(page, (t, g) => t.setStatuses([g], [1]), pipe.gid);
    await hooks(page, (t) => t.whenIdle());
    expect(await redAround(pos), `no marker at ${pipe.id} once it is normal`).toBeLessThan(20);
  });

  test('picking returns the right id from the whole-network view and up close', async () => {
    app = await sessions.open({ keep: true });
    const page = app.page;
    await waitForApp(page);
    await backToStart(page);
    const panel = page.getByTestId('inspect-panel');

    // far: the initial whole-network view, drawn from the coarse tiles (centrelines)
    const farTiles = await hooks(page, (t) => t.drawnTiles());
    expect(farTiles.coarse, 'coarse tiles drawn in the whole-network view').toBeGreaterThan(0);
    const [first] = await onScreen(page, candidates(), 30);
    expect(first, 'a big pipe on screen in the whole-network view').toBeDefined();
    await clickAt(page, first.pos);
    await expect.poll(() => hooks(page, (t) => t.selectedId()), { timeout: 20_000 }).toBe(first.pipe.id);
    await expect.poll(() => panel.textContent(), { timeout: 20_000 }).toContain(first.pipe.id);
    await page.keyboard.press('Escape');
    await expect.poll(() => hooks(page, (t) => t.selectedId())).toBeNull();

    // near: fly to another pipe, click its middle
    const near = candidates()[1];
    await hooks(page, (t, id) => t.flyToAsset(id), near.id);
    await hooks(page, (t) => t.whenIdle());
    const pos = await hooks(page, (t, id) => t.canvasPositionOf(id), near.id);
    expect(pos, `${near.id} on screen after flyToAsset`).not.toBeNull();
    expect((await hooks(page, (t) => t.drawnTiles())).leaves, 'leaf tiles drawn up close').toBeGreaterThan(0);
    if (!pos) return;
    await clickAt(page, pos);
    await expect.poll(() => hooks(page, (t) => t.selectedId()), { timeout: 20_000 }).toBe(near.id);
    await expect.poll(() => panel.textContent(), { timeout: 20_000 }).toContain(near.id);
  });

  test('setStatuses recolours exactly the targeted pipes', async () => {
    app = await sessions.open({ keep: true });
    const page = app.page;
    await waitForApp(page);
    await backToStart(page);
    const all = Array.from({ length: gidCount() }, (_, i) => i);
    await hooks(page, (t) => t.setColorMode('status'));
    await hooks(page, (t, a) => t.setStatuses(a[0], a[1]), [all, all.map(() => STATUS_NORMAL)] as [number[], number[]]);
    await hooks(page, (t) => t.whenIdle());

    const pool = candidates();
    const targets = pool.slice(0, 2);
    const others = pool.slice(2, 4);
    await hooks(page, (t, a) => t.setStatuses(a, a.map(() => 3)), targets.map((p) => p.gid));
    await hooks(page, (t) => t.whenIdle());

    /** flies to a pipe; its middle must be on screen and on top there (the pick says so) */
    const lookAt = async (pipe: PipeSegment): Promise<{ img: Image; pos: Pos }> => {
      await hooks(page, (t, id) => t.flyToAsset(id), pipe.id);
      await hooks(page, (t) => t.whenIdle());
      const pos = await hooks(page, (t, id) => t.canvasPositionOf(id), pipe.id);
      if (!pos) throw new Error(`${pipe.id} is off screen after flyToAsset`);
      expect(await hooks(page, (t, a) => t.pickedIdAt(a.x, a.y), pos), `${pipe.id} on top at its middle`).toBe(pipe.id);
      const png = await page.locator('canvas').first().screenshot();
      if (process.env.STATUS_SHOTS) writeFileSync(join(process.env.STATUS_SHOTS, `status-${pipe.id}.png`), png);
      return { img: decodePng(png), pos };
    };
    // untouched pipes first, then the targets: the camera ends on the last target, so its way back needs no flight
    for (const pipe of others) {
      const { img, pos } = await lookAt(pipe);
      expect(alarmPixels(around(img, pos, 3)), `no alarm red at untouched ${pipe.id}`).toBe(0);
      expect(countHue(around(img, pos, 3), statusDef(STATUS_NORMAL).color, 20, 0.3, 0.3), `${pipe.id} drawn normal green`).toBeGreaterThan(10);
    }
    let lastPos: Pos = { x: 0, y: 0 };
    for (const pipe of targets) {
      const { img, pos } = await lookAt(pipe);
      expect(alarmPixels(around(img, pos, 3)), `alarm red at target ${pipe.id}`).toBeGreaterThan(10);
      lastPos = pos;
    }
    // and back: the last target to normal, its red (and its marker) is gone
    const last = targets[targets.length - 1];
    await hooks(page, (t, a) => t.setStatuses(a, a.map(() => 1)), [last.gid]);
    await hooks(page, (t) => t.whenIdle());
    const img = decodePng(await page.locator('canvas').first().screenshot());
    expect(alarmPixels(around(img, lastPos, 3)), `target ${last.id} normal again`).toBe(0);
  }, 300_000); // four flights, each a pick and a screenshot: about 30 s apiece on a busy 2-core machine
});

describe('network trace', () => {
  test('click a water pipe → Isolate: listed and highlighted as the engine says; stuck re-run; exports; Esc; an alarm isolated from its row in Chinese', async () => {
    const { pipe, expected } = isolablePipe();
    app = await sessions.open({ keep: true });
    const page = app.page;
    await waitForApp(page);
    await backToStart(page);
    await hooks(page, (t, a) => t.flyToAsset(a), pipe.id);
    await hooks(page, (t) => t.whenIdle());
    const mid = await hooks(page, (t, a) => t.canvasPositionOf(a), pipe.id);
    const box = await page.locator('canvas').first().boundingBox();
    if (!mid || !box) throw new Error(`${pipe.id} is not on screen`);
    await page.mouse.click(box.x + mid.x, box.y + mid.y);
    await expect.poll(() => hooks(page, (t) => t.selectedId()), { timeout: 20_000 }).toBe(pipe.id);
    await page.getByTestId('inspect-trace-isolate').click();
    await traceDone(page);
    expect(await hooks(page, (t) => t.traceProblem())).toBeNull();

    // the whole result is the engine's, in the engine's order
    const result = (await hooks(page, (t) => t.traceResult())) as IsolationResult;
    expect(plain(result)).toEqual(plain(expected));
    const closeIds = expected.valves.close.map((v) => v.id);
    expect(await rowIds(page, 'trace-valves-close')).toEqual(closeIds.slice(0, 300));
    expect(await page.getByTestId('trace-summary').getAttribute('data-close')).toBe(String(closeIds.length));
    // the first row shows the valve's position and depth
    const firstRow = await page.locator('[data-testid="trace-valves-close"] tbody tr').first().textContent();
    expect(firstRow).toContain(expected.valves.close[0].position[0].toFixed(6));
    expect(firstRow).toContain(expected.valves.close[0].depth.toFixed(2));

    // drawn: the valves in the valve colour with numbered markers, the pipe asked for as the start, the rest of the
    // section as isolated
    for (const v of expected.valves.close) expect(await hooks(page, (t, a) => t.highlightOf(a), v.id)).toBe(traceClassCode('valveClose'));
    expect(await hooks(page, (t, a) => t.highlightOf(a), pipe.id)).toBe(traceClassCode('origin'));
    const other = expected.isolated.find((p) => p.id !== pipe.id);
    if (other) expect(await hooks(page, (t, a) => t.highlightOf(a), other.id)).toBe(traceClassCode('isolated'));
    const shown = await hooks(page, (t) => t.traceShown());
    expect(shown.markers.filter((m) => m.cls === 'valveClose').map((m) => [m.gid, m.label])).toEqual(expected.valves.close.map((v, i) => [v.gid, String(i + 1)]));
    expect(shown.highlighted).toBeGreaterThanOrEqual(expected.isolated.length + closeIds.length);
    if (process.env.TRACE_SHOTS) {
      await hooks(page, (t) => t.whenIdle());
      await page.screenshot({ path: join(process.env.TRACE_SHOTS, 'trace-isolation.png') });
    }

    // exports: downloads that name every valve to close
    const csv = await download(page, 'trace-export-csv');
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    for (const id of closeIds) expect(csv.toString('utf8')).toContain(id);
    const geo = JSON.parse((await download(page, 'trace-export-geojson')).toString('utf8')) as { type: string; features: { properties: { id?: string } }[] };
    expect(geo.type).toBe('FeatureCollection');
    const geoIds = new Set(geo.features.map((f) => f.properties.id));
    for (const id of closeIds) expect(geoIds.has(id)).toBe(true);

    // the first valve is stuck: the search passes it, as the engine does with --stuck
    const stuck = closeIds[0];
    const expectedStuck = ((): NetworkResult | string => {
      try {
        return net().isolate(pipe.id, { stuck: [stuck] });
      } catch (err) {
        if (isNetworkError(err)) return err.info.en;
        throw err;
      }
    })();
    await page.locator(`[data-testid="trace-valves-close"] [data-testid="trace-stuck"][data-id="${stuck}"]`).click();
    await traceDone(page);
    if (typeof expectedStuck === 'string') {
      expect(await hooks(page, (t) => t.traceProblem())).toBe(expectedStuck);
    } else {
      expect(plain(await hooks(page, (t) => t.traceResult()))).toEqual(plain(expectedStuck));
      expect(await rowIds(page, 'trace-valves-stuck-table')).toContain(stuck);
      expect(await hooks(page, (t, a) => t.highlightOf(a), stuck)).toBe(traceClassCode('valveStuck'));
    }

    // Esc: the panel, the highlight and the markers go
    await page.keyboard.press('Escape');
    await expect.poll(() => hooks(page, (t) => t.tracePhase())).toBe('idle');
    expect(await hooks(page, (t, a) => t.highlightOf(a), pipe.id)).toBe(0);
    expect((await hooks(page, (t) => t.traceShown())).markers).toEqual([]);
    expect(await page.getByTestId('trace-panel').isHidden()).toBe(true);

    // the same app (one load for the file): a pipe alarm isolated from the alarm list, in Chinese
    await isolateFromAlarmRow(page);
  });
});
