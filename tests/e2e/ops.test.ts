/**
 * Shared operations state end to end (issue 12): the real operations server (server/app.ts createServer) serves the
 * e2e build with its own embedded database (a fresh PGlite folder under tmp/), its config.json with `sharedState`,
 * the feed simulator and the API; the viewer runs in headless Chromium.
 *  - two screens (two browser contexts): an operator logs in on one, acknowledges an alarm and opens an incident from
 *    it, then moves the incident to "isolated"; the other screen (not logged in) shows both, by the event stream;
 *  - without a login a write is refused (the API answers 401) and the UI says so (the acknowledge button is disabled
 *    with the reason; a wrong password is answered in words);
 *  - the server stopped: the viewer says "Shared state offline" and the map keeps working; it comes back online when
 *    the server returns (same port, same database), with the incidents still there.
 * Console errors only for the requests that fail on purpose (the stopped server, the refused write).
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { SensorDef } from '../../src/domain/schema';
import type { TwinHooks } from '../../src/app/testHooks';
import { createServer, type TwinServer } from '../../server/app';
import { hashPassword } from '../../server/auth';
import { ROOT } from '../../tools/prepare-lib';
import { forceReading } from './feedRoute';
import { twin, useAppSessions } from './browser';

const dataDir = inject('e2eDataDir');
const outDir = inject('e2eOutDir');
const dbDir = join(ROOT, 'tmp', `e2e-ops-${process.pid}`);
const OPERATOR = { name: 'district-op', password: 'correct horse battery' };

let server: TwinServer | undefined;
let port = 0;
let baseUrl = '';

async function startServer(): Promise<void> {
  server = await createServer({ host: '127.0.0.1', port, dataDir: dbDir, distDir: outDir, databaseUrl: null, env: {}, configFile: join(dbDir, 'none.json'), log: () => undefined });
  baseUrl = server.url;
  port = Number(new URL(baseUrl).port);
}

beforeAll(async () => {
  rmSync(dbDir, { recursive: true, force: true });
  mkdirSync(dbDir, { recursive: true });
  await startServer();
  await server?.store.putUser(OPERATOR.name, 'operator', await hashPassword(OPERATOR.password), 'test');
});
afterAll(async () => {
  await server?.close();
  rmSync(dbDir, { recursive: true, force: true });
});

/** the browser logs the requests that fail on purpose: the stopped server, the refused write */
const EXPECTED = /Failed to load resource|net::ERR_/;
const sessions = useAppSessions(() => baseUrl, EXPECTED);

const hooks = <T, A = string>(page: Page, fn: (t: TwinHooks, arg: A) => T | Promise<T>, arg?: A): Promise<T> => twin(page, fn, arg);

/** the n-th pressure sensor of the e2e dataset on an asset of its own (each test alarms a different asset) */
function pressureSensor(n: number): SensorDef {
  const all = JSON.parse(readFileSync(join(dataDir, '..', 'public', 'data', 'sensors.json'), 'utf8')) as SensorDef[];
  const assets = new Set<string>();
  const s = all.filter((x) => x.metric === 'pressure' && !assets.has(x.asset) && assets.add(x.asset))[n];
  if (!s) throw new Error(`the e2e dataset has fewer than ${n + 1} pressure sensors`);
  return s;
}

/**
 * Opens a screen with the sensor in alarm and waits until its shared state is online and the alarm is listed (not
 * for the map's tiles: nothing here needs them drawn). `small`: a smaller viewport (less software GL) for a screen
 * that is only watched.
 */
async function openScreen(sensor: SensorDef, small = false): Promise<Page> {
  // the first screen of a test loads in the file's tab (storage and cookies cleared), a second in a context of its own
  const app = await sessions.open(small ? { width: 640, height: 480 } : {});
  const page = app.page;
  await forceReading(page, sensor, 0.05); // MPa: below the 0.14 MPa alarm limit
  await page.waitForFunction(() => Boolean((window as unknown as { __twin?: unknown }).__twin), undefined, { timeout: 120_000 });
  await page.evaluate(() => (window as unknown as { __twin: { ready: Promise<void> } }).__twin.ready);
  await expect.poll(() => hooks(page, (t) => t.opsLink()), { timeout: 30_000 }).toBe('online');
  await hooks(page, (t) => t.feedPollNow());
  await expect.poll(async () => (await hooks(page, (t) => t.alarmRows())).some((r) => r.id === sensor.asset), { timeout: 30_000 }).toBe(true);
  return page;
}

async function login(page: Page, name: string, password: string): Promise<void> {
  await page.getByTestId('login-open').click();
  await page.getByTestId('login-name').fill(name);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

const acked = async (page: Page, id: string): Promise<boolean | undefined> => (await hooks(page, (t) => t.alarmRows())).find((r) => r.id === id)?.acked;

describe('shared operations state', () => {
  test('an acknowledgement and an incident stage change on one screen appear on the other', async () => {
    const sensor = pressureSensor(0);
    const id = sensor.asset;
    const district = await openScreen(sensor);
    const city = await openScreen(sensor, true);

    await login(district, OPERATOR.name, OPERATOR.password);
    await expect.poll(() => district.getByTestId('ops-user').getAttribute('title')).toBe(`${OPERATOR.name} (operator)`);
    const row = district.locator(`[data-testid="alarm-list"] li[data-id="${id}"]`);
    await row.getByTestId('alarm-ack').click();
    await expect.poll(() => acked(district, id), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => acked(city, id), { timeout: 10_000, message: 'the acknowledgement reaches the other screen' }).toBe(true);

    // an incident from the alarm (the form is filled from it), then a stage change
    await row.getByTestId('alarm-incident').click();
    expect(await district.getByTestId('incident-form-asset').inputValue()).toBe(id);
    await district.getByTestId('incident-form-create').click();
    await expect.poll(() => district.getByTestId('incident-title').textContent(), { timeout: 10_000 }).toContain(id);
    const [created] = await hooks(district, (t) => t.opsIncidents());
    await expect.poll(async () => (await hooks(city, (t) => t.opsIncidents())).map((i) => i.stage)).toEqual(['reported']);
    await district.locator('[data-testid="incident-stage"][data-stage="isolated"]').click();
    await expect.poll(() => district.getByTestId('incident-stage-now').textContent(), { timeout: 10_000 }).toBe('Isolated');
    await expect
      .poll(async () => (await hooks(city, (t) => t.opsIncidents()))[0], { timeout: 10_000, message: 'the stage change reaches the other screen' })
      .toEqual({ id: created.id, stage: 'isolated', version: created.version + 1 });
    // shown in the other screen's panel (listed under its stage) and counted in its KPI strip
    await expect.poll(() => city.locator(`[data-testid="incident-row"][data-id="${created.id}"]`).getAttribute('data-stage')).toBe('isolated');
    await expect.poll(() => city.getByTestId('kpi-incidents').textContent()).toContain('1');
  });

  test('a write without login is refused and the UI says so; the server stopped: "shared state offline", back when it returns', async () => {
    const sensor = pressureSensor(1);
    const page = await openScreen(sensor);

    const status = await page.evaluate(
      async (body) => (await fetch('/api/acks', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })).status,
      { sensor: sensor.sensor, metric: 'pressure', asset: sensor.asset, episode: `${sensor.sensor}|pressure|2026-01-01T00:00:00.000Z` },
    );
    expect(status).toBe(401);
    const ack = page.locator(`[data-testid="alarm-list"] li[data-id="${sensor.asset}"]`).getByTestId('alarm-ack');
    expect(await ack.isDisabled()).toBe(true);
    expect(await ack.getAttribute('title')).toBe('Log in as an operator to acknowledge');
    expect(await page.getByTestId('incidents-new').isDisabled()).toBe(true);
    await login(page, OPERATOR.name, 'not the password');
    await expect.poll(() => page.getByTestId('login-error').textContent()).toBe('Wrong name or password');
    expect(await hooks(page, (t) => t.opsUser())).toBeNull();

    const before = await hooks(page, (t) => t.opsIncidents());
    await server?.close();
    await expect.poll(() => hooks(page, (t) => t.opsLink()), { timeout: 30_000 }).toBe('offline');
    expect(await page.getByTestId('ops-link').textContent()).toBe('Shared state offline');
    // the map keeps working without the server: a restyle still draws (the tiles it holds stay)
    await hooks(page, (t) => t.setColorMode('status'));
    await hooks(page, (t) => t.whenIdle());
    expect(await hooks(page, (t) => t.tilesLoaded())).toBe(true);

    await startServer();
    await expect.poll(() => hooks(page, (t) => t.opsLink()), { timeout: 60_000, message: 'back online when the server returns' }).toBe('online');
    expect(await page.getByTestId('ops-link').textContent()).toBe('Shared state online');
    expect(await hooks(page, (t) => t.opsIncidents())).toEqual(before);
  });
});
