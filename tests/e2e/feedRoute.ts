/**
 * Page routes over the simulator's feed (/api/feed) for the e2e files.
 *
 * forceReading passes the simulator's documents through with one sensor's latest reading replaced by `value` (time =
 * the document's generatedAt, so it is always the newest): how the e2e files raise an alarm on purpose. Non-200 answers
 * and bodies that are not JSON pass unchanged; a request that fails is aborted. freezeFeed (below) holds a page at one
 * document.
 */
import type { Page, Route } from 'playwright-core';
import type { SensorDef } from '../../src/domain/schema';

export async function forceReading(page: Page, sensor: Pick<SensorDef, 'sensor'>, value: number): Promise<void> {
  await page.route('**/api/feed', async (route: Route) => {
    let resp;
    try {
      resp = await route.fetch({ timeout: 20_000 });
    } catch {
      await route.abort().catch(() => undefined);
      return;
    }
    try {
      if (resp.status() !== 200) throw new Error('pass');
      const doc = (await resp.json()) as { generatedAt: string; readings: { sensor: string; value: number; time: string }[] };
      for (const r of doc.readings) {
        if (r.sensor === sensor.sensor) {
          r.value = value;
          r.time = doc.generatedAt;
        }
      }
      await route.fulfill({ response: resp, json: doc });
    } catch {
      await route.fulfill({ response: resp }).catch(() => undefined);
    }
  });
}

/**
 * The page's feed stays at the first document it fetches (each later poll gets that document again, its sequence
 * already applied, so the page ignores it): no new alarm can move a screen's camera while a test reads it.
 */
export async function freezeFeed(page: Page): Promise<void> {
  let first: { body: string; status: number } | null = null;
  await page.route('**/api/feed', async (route: Route) => {
    if (!first) {
      const resp = await route.fetch();
      first = { body: await resp.text(), status: resp.status() };
    }
    await route.fulfill({ status: first.status, contentType: 'application/json', body: first.body });
  });
}
