/**
 * A page route that passes the simulator's feed documents through with one sensor's latest reading replaced by
 * `value` (time = the document's generatedAt, so it is always the newest): how the e2e files raise an alarm on purpose.
 * Non-200 answers and bodies that are not JSON pass unchanged; a request that fails is aborted.
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
