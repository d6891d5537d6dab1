/**
 * Live sources and extra layers end to end (docs/sources.md), against the built app served by a small node:http
 * server of this file: its own config.json (the source under test, an extra 3D Tiles layer), a sensors.json whose
 * intervals are 2 s (staleness 3 × 2 s, so "offline" needs no long wait) and a CSP that allows the configured broker /
 * service origin in connect-src, as src/domain/csp.ts makes it.
 *  - MQTT: readings published to Debian's mosquitto over WebSockets colour a pipe (alarm, then normal); stopping the
 *    broker turns it offline, never normal. In the same app: an extra layer made here (two boxes with metadata) is
 *    listed in the layer panel, a pipe under a box is still the pick there, and a click on a box shows its
 *    properties in the inspect panel.
 *  - SensorThings: a local server answers the latest-observation request with responses in the standard's shape;
 *    the same pipe goes alarm → normal as the answers change, and offline once the service fails.
 */
import { readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { connect as mqttConnect, type MqttClient } from 'mqtt';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { TwinHooks } from '../../src/app/testHooks';
import { configuredConnectSources, contentSecurityPolicy } from '../../src/domain/csp';
import type { PipeSegment, SensorDef } from '../../src/domain/schema';
import { STATUS_ALARM, STATUS_NORMAL, STATUS_OFFLINE } from '../../src/domain/status';
import { launchBrowser } from '../../tools/browser/chromium';
import { Mosquitto, freePort } from '../helpers/mosquitto';
import { openApp, twin, waitForApp, type AppSession } from './browser';
import { knownPipe } from './dataset';

const dataDir = inject('e2eDataDir');
const outDir = inject('e2eOutDir');
const publicData = join(dataDir, '..', 'public', 'data');

const hooks = <T, A = string>(page: Page, fn: (t: TwinHooks, arg: A) => T | Promise<T>, arg?: A): Promise<T> => twin(page, fn, arg);

// ---- a tileset made here: boxes (one feature each) with EXT_mesh_features + EXT_structural_metadata ----

interface Box {
  name: string;
  /** centre, metres east/north of the tileset origin */
  e: number;
  n: number;
  half: number;
  bottom: number;
  top: number;
}

const pad8 = (n: number): number => (n + 7) & ~7;

/** A glb with one mesh of boxes (glTF y-up: x east, y up, z south), feature id per box, a property table. */
function boxesGlb(boxes: Box[]): Buffer {
  const pos: number[] = [];
  const fid: number[] = [];
  const idx: number[] = [];
  boxes.forEach((b, k) => {
    const base = pos.length / 3;
    for (const y of [b.bottom, b.top]) for (const [de, dn] of [[-1, -1], [1, -1], [1, 1], [-1, 1]]) {
      pos.push(b.e + de * b.half, y, -(b.n + dn * b.half));
      fid.push(k);
    }
    const faces = [[0, 2, 1], [0, 3, 2], [4, 5, 6], [4, 6, 7], [0, 1, 5], [0, 5, 4], [1, 2, 6], [1, 6, 5], [2, 3, 7], [2, 7, 6], [3, 0, 4], [3, 4, 7]];
    for (const f of faces) idx.push(...f.map((i) => base + i));
  });
  const enc = new TextEncoder();
  const names = boxes.map((b) => enc.encode(b.name));
  const nameBytes = Buffer.concat(names.map((n) => Buffer.from(n)));
  const offsets = new Uint32Array(boxes.length + 1);
  names.forEach((n, i) => (offsets[i + 1] = offsets[i] + n.length));
  const heights = new Float32Array(boxes.map((b) => b.top));
  const chunks = [Buffer.from(new Float32Array(pos).buffer), Buffer.from(new Float32Array(fid).buffer), Buffer.from(new Uint16Array(idx).buffer), nameBytes, Buffer.from(offsets.buffer), Buffer.from(heights.buffer)];
  const views: { buffer: number; byteOffset: number; byteLength: number; target?: number }[] = [];
  let offset = 0;
  const parts: Buffer[] = [];
  chunks.forEach((c, i) => {
    views.push({ buffer: 0, byteOffset: offset, byteLength: c.length, ...(i < 2 ? { target: 34962 } : i === 2 ? { target: 34963 } : {}) });
    const padded = Buffer.alloc(pad8(c.length));
    c.copy(padded);
    parts.push(padded);
    offset += padded.length;
  });
  const bin = Buffer.concat(parts);
  const min = [0, 1, 2].map((a) => Math.min(...pos.filter((_, i) => i % 3 === a)));
  const max = [0, 1, 2].map((a) => Math.max(...pos.filter((_, i) => i % 3 === a)));
  const gltf = {
    asset: { version: '2.0', generator: 'tests/e2e/sources.test.ts' },
    extensionsUsed: ['EXT_mesh_features', 'EXT_structural_metadata'],
    extensions: {
      EXT_structural_metadata: {
        schema: { id: 'towers', classes: { building: { properties: { name: { type: 'STRING' }, height: { type: 'SCALAR', componentType: 'FLOAT32' } } } } },
        propertyTables: [{ class: 'building', count: boxes.length, properties: { name: { values: 3, stringOffsets: 4, stringOffsetType: 'UINT32' }, height: { values: 5 } } }],
      },
    },
    scene: 0,
    scenes: [{ nodes: [0] }],
    nodes: [{ mesh: 0 }],
    materials: [{ pbrMetallicRoughness: { baseColorFactor: [0.8, 0.8, 0.85, 1], metallicFactor: 0, roughnessFactor: 1 } }],
    meshes: [
      {
        primitives: [
          {
            attributes: { POSITION: 0, _FEATURE_ID_0: 1 },
            indices: 2,
            material: 0,
            extensions: { EXT_mesh_features: { featureIds: [{ featureCount: boxes.length, attribute: 0, propertyTable: 0 }] } },
          },
        ],
      },
    ],
    accessors: [
      { bufferView: 0, componentType: 5126, count: pos.length / 3, type: 'VEC3', min, max },
      { bufferView: 1, componentType: 5126, count: fid.length, type: 'SCALAR' },
      { bufferView: 2, componentType: 5123, count: idx.length, type: 'SCALAR' },
    ],
    bufferViews: views,
    buffers: [{ byteLength: bin.length }],
  };
  const json = Buffer.from(JSON.stringify(gltf));
  const jsonPadded = Buffer.concat([json, Buffer.alloc(pad8(json.length) - json.length, 0x20)]);
  const header = Buffer.alloc(12);
  header.writeUInt32LE(0x46546c67, 0);
  header.writeUInt32LE(2, 4);
  header.writeUInt32LE(12 + 8 + jsonPadded.length + 8 + bin.length, 8);
  const jh = Buffer.alloc(8);
  jh.writeUInt32LE(jsonPadded.length, 0);
  jh.writeUInt32LE(0x4e4f534a, 4);
  const bh = Buffer.alloc(8);
  bh.writeUInt32LE(bin.length, 0);
  bh.writeUInt32LE(0x004e4942, 4);
  return Buffer.concat([header, jh, jsonPadded, bh, bin]);
}

/** box A around the middle of a known pipe (the tileset's origin), box B beside it */
const towers: Box[] = [
  { name: 'Tower A', e: 0, n: 0, half: 15, bottom: -20, top: 80 },
  { name: 'Tower B', e: 90, n: 60, half: 30, bottom: 0, top: 150 },
];
let towerOrigin: [number, number] = [0, 0];

/** lon, lat, height of a point e/n/u metres from an origin (small offsets: a local tangent plane is enough). */
function enuLonLat(origin: [number, number], e: number, n: number, u: number): [number, number, number] {
  const lat = (origin[1] * Math.PI) / 180;
  return [origin[0] + e / (111_320 * Math.cos(lat)), origin[1] + n / 110_574, u];
}

/** East-north-up frame at lon/lat (height 0) → ECEF, column-major (3D Tiles `transform`). */
function enuTransform(lonDeg: number, latDeg: number): number[] {
  const a = 6378137;
  const e2 = 6.69437999014e-3;
  const lon = (lonDeg * Math.PI) / 180;
  const lat = (latDeg * Math.PI) / 180;
  const N = a / Math.sqrt(1 - e2 * Math.sin(lat) ** 2);
  const o = [N * Math.cos(lat) * Math.cos(lon), N * Math.cos(lat) * Math.sin(lon), N * (1 - e2) * Math.sin(lat)];
  const east = [-Math.sin(lon), Math.cos(lon), 0];
  const north = [-Math.sin(lat) * Math.cos(lon), -Math.sin(lat) * Math.sin(lon), Math.cos(lat)];
  const up = [Math.cos(lat) * Math.cos(lon), Math.cos(lat) * Math.sin(lon), Math.sin(lat)];
  return [...east, 0, ...north, 0, ...up, 0, ...o, 1];
}

// ---- the served app ----

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm',
  '.glb': 'model/gltf-binary', '.png': 'image/png', '.jpg': 'image/jpeg', '.svg': 'image/svg+xml', '.txt': 'text/plain; charset=utf-8', '.geojson': 'application/json', '.xml': 'application/xml',
};

let broker: Mosquitto;
let publisher: MqttClient | undefined;
let app: Server;
let appUrl = '';
let sta: Server;
let staUrl = '';
/** what the SensorThings server answers now: a pressure value, or an HTTP error */
let staAnswer: { value: number } | { status: number } = { status: 503 };
/** the config.json the app gets */
let config: Record<string, unknown> = {};
const overrides = new Map<string, Buffer>();

/** A pressure sensor alone on its asset (an asset's status is the worst of its sensors', and only this one reports). */
const pressure = (): SensorDef => {
  const all = JSON.parse(readFileSync(join(publicData, 'sensors.json'), 'utf8')) as SensorDef[];
  const s = all.find((x) => x.metric === 'pressure' && all.filter((y) => y.asset === x.asset).length === 1);
  if (!s) throw new Error('the e2e dataset has no pressure sensor alone on its asset');
  return s;
};

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
}

beforeAll(async () => {
  broker = await Mosquitto.start();
  // sensors report every 2 s here: silent for 6 s = offline
  const sensors = (JSON.parse(readFileSync(join(publicData, 'sensors.json'), 'utf8')) as SensorDef[]).map((s) => ({ ...s, interval: 2 }));
  overrides.set('/data/sensors.json', Buffer.from(JSON.stringify(sensors)));

  // the extra layer: box A around the middle of a known pipe (the pipe stays pickable through it), box B beside it
  const pipe = knownPipe(dataDir);
  const mid = pipe.coords[Math.floor(pipe.coords.length / 2)];
  towerOrigin = [mid[0], mid[1]];
  overrides.set('/e2e-layers/towers/towers.glb', boxesGlb(towers));
  overrides.set(
    '/e2e-layers/towers/tileset.json',
    Buffer.from(
      JSON.stringify({
        asset: { version: '1.1' },
        geometricError: 500,
        root: { transform: enuTransform(mid[0], mid[1]), boundingVolume: { box: [45, 30, 65, 90, 0, 0, 0, 90, 0, 0, 0, 90] }, geometricError: 0, refine: 'ADD', content: { uri: 'towers.glb' } },
      }),
    ),
  );

  const staPort = await freePort();
  staUrl = `http://127.0.0.1:${staPort}`;
  const appPort = await freePort();
  appUrl = `http://127.0.0.1:${appPort}`;
  const sensor = pressure();

  // the SensorThings service: the latest-observation request, answered in the standard's shape (fresh times)
  sta = createServer((req, res) => {
    const u = new URL(req.url ?? '/', staUrl);
    const cors = { 'Access-Control-Allow-Origin': appUrl };
    if (u.pathname !== '/v1.1/Things' || u.searchParams.get('$expand') !== 'Datastreams/Observations($top=1;$orderby=phenomenonTime desc)') {
      res.writeHead(404, cors).end();
      return;
    }
    if ('status' in staAnswer) {
      res.writeHead(staAnswer.status, cors).end();
      return;
    }
    const now = new Date().toISOString();
    res.writeHead(200, { ...cors, 'Content-Type': 'application/json' });
    res.end(
      JSON.stringify({
        value: [
          {
            '@iot.id': 1,
            name: 'Pressure station',
            properties: {},
            Datastreams: [
              {
                '@iot.id': 11,
                name: sensor.sensor,
                unitOfMeasurement: { name: 'Kilopascal', symbol: 'kPa', definition: 'http://www.qudt.org/qudt/owl/1.0.0/unit/Instances.html#Kilopascal' },
                Observations: [{ '@iot.id': Date.now(), phenomenonTime: now, resultTime: now, result: staAnswer.value * 1000 }],
              },
            ],
          },
        ],
      }),
    );
  });
  await listen(sta, staPort);

  const base = JSON.parse(readFileSync(join(outDir, 'config.json'), 'utf8')) as Record<string, unknown>;
  const layers = [{ name: 'Towers', url: '/e2e-layers/towers/tileset.json', opacity: 0.6 }];
  config = { ...base, layers };
  app = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', appUrl).pathname);
    const headers: Record<string, string> = { 'Content-Security-Policy': contentSecurityPolicy(configuredConnectSources(config)), 'Cache-Control': 'no-store' };
    let body = path === '/config.json' ? Buffer.from(JSON.stringify(config)) : overrides.get(path);
    if (!body) {
      const file = normalize(join(outDir, path === '/' ? 'index.html' : path));
      if (!file.startsWith(outDir) || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
        res.writeHead(404, headers).end();
        return;
      }
      body = readFileSync(file);
    }
    res.writeHead(200, { ...headers, 'Content-Type': MIME[extname(path)] ?? (path === '/' ? MIME['.html'] : 'application/octet-stream') }).end(body);
  });
  await listen(app, appPort);
});

afterAll(async () => {
  publisher?.end(true);
  await broker?.dispose();
  await new Promise<void>((r) => (sta ? sta.close(() => r()) : r()));
  await new Promise<void>((r) => (app ? app.close(() => r()) : r()));
});

let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/**
 * Opens the app; after the test: no request off the app's origin but `allowed`, no CSP violation, no page error, no
 * console error but the failures the test causes.
 */
async function withApp(allowed: string[], run: (page: Page) => Promise<void>): Promise<void> {
  if (!browser) throw new Error('no browser');
  const session: AppSession = await openApp(browser, appUrl);
  try {
    await waitForApp(session.page);
    await run(session.page);
    const foreign = session.foreignRequests().filter((u) => !allowed.includes(new URL(u).origin));
    expect(foreign, 'requests that left the page origin (other than the configured source)').toEqual([]);
    expect(await session.cspViolations(), 'Content-Security-Policy violations').toEqual([]);
    expect(session.pageErrors, 'uncaught page errors').toEqual([]);
    // the failures the tests cause on purpose: the broker stopped (WebSocket), the service answering 503
    expect(session.consoleErrors.filter((e) => !/WebSocket connection to 'ws:\/\/127\.0\.0\.1|Failed to load resource|net::ERR_/.test(e)), 'console errors').toEqual([]);
  } finally {
    await session.close();
  }
}

describe('live sources', () => {
  test('MQTT over WebSockets colours a pipe and a stopped broker turns it offline; an extra 3D Tiles layer is listed and picked', async () => {
    const sensor = pressure();
    const topic = (s: string): string => `e2e/${s}/reading`;
    config = { ...config, feed: { source: 'mqtt', url: broker.url, topics: ['e2e/+/reading'], mapping: { sensor: '$topic.1', value: 'v' } } };
    await withApp([], async (page) => {
      await expect.poll(() => hooks(page, (t) => t.feedHealth()?.state), { timeout: 30_000 }).toBe('ok');
      const pub = mqttConnect(broker.url, { reconnectPeriod: 0 });
      publisher = pub;
      await new Promise<void>((resolve, reject) => {
        pub.once('connect', () => resolve());
        pub.once('error', reject);
      });
      let value = 0.05; // MPa: below the 0.14 MPa alarm limit
      const send = (): void => void pub.publishAsync(topic(sensor.sensor), JSON.stringify({ v: value }));
      send();
      // the sensor reports every 2 s: keep it talking while the broker is up
      const timer = setInterval(send, 1000);
      try {
        await expect.poll(() => hooks(page, (t, id) => t.statusOf(id), sensor.asset), { timeout: 30_000 }).toBe(STATUS_ALARM);
        value = 0.3;
        await expect.poll(() => hooks(page, (t, id) => t.statusOf(id), sensor.asset), { timeout: 30_000 }).toBe(STATUS_NORMAL);
      } finally {
        clearInterval(timer);
      }
      pub.end(true);
      await broker.stop();
      await expect.poll(() => hooks(page, (t) => t.feedHealth()?.state), { timeout: 30_000 }).toBe('retrying');
      const seen = new Set<number>();
      await expect
        .poll(
          async () => {
            const s = await hooks(page, (t, id) => t.statusOf(id), sensor.asset);
            seen.add(s);
            return s;
          },
          { timeout: 30_000 },
        )
        .toBe(STATUS_OFFLINE);
      expect([...seen].filter((s) => s !== STATUS_NORMAL && s !== STATUS_OFFLINE), 'only normal until offline').toEqual([]);

      // the extra layer: listed, loaded
      const row = page.locator('[data-testid="extra-layers"] .extra-layer-row');
      await expect.poll(() => row.first().textContent(), { timeout: 30_000 }).toContain('Towers');
      await expect.poll(() => row.first().getAttribute('data-state'), { timeout: 60_000 }).toBe('ready');
      // in the whole-network view: a click on a box where no asset is shows its properties in the inspect panel
      const canvas = await page.locator('canvas').first().boundingBox();
      if (!canvas) throw new Error('no canvas');
      // candidate points on the boxes (their faces' middles and upper parts), projected; the first that is on the
      // map (no panel over it), on a box, and with no asset behind it
      const points = towers.flatMap((b) =>
        [0.3, 0.6, 0.9].flatMap((f) => [[0, 0], [-0.9, 0], [0.9, 0], [0, -0.9], [0, 0.9]].map(([de, dn]) => enuLonLat(towerOrigin, b.e + de * b.half, b.n + dn * b.half, b.bottom + f * (b.top - b.bottom)))),
      );
      const spot = await hooks(
        page,
        (t, a) => {
          const why: string[] = [];
          for (const [lon, lat, h] of a.points) {
            const p = t.canvasPositionOfLonLat(lon, lat, h);
            if (!p || p.x < 5 || p.y < 5 || p.x > a.w - 5 || p.y > a.h - 5) {
              why.push(p ? `off ${Math.round(p.x)},${Math.round(p.y)}` : 'null');
              continue;
            }
            const tag = document.elementFromPoint(a.left + p.x, a.top + p.y)?.tagName;
            if (tag !== 'CANVAS') {
              why.push(`${tag} ${Math.round(p.x)},${Math.round(p.y)}`);
              continue;
            }
            const f = t.extraFeatureAt(p.x, p.y);
            const id = t.pickedIdAt(p.x, p.y);
            if (!f || id !== null) {
              why.push(`${f ? 'box' : 'nobox'} ${id} ${Math.round(p.x)},${Math.round(p.y)}`);
              continue;
            }
            return { x: p.x, y: p.y, name: f.properties.find((q) => q.name === 'name')?.value ?? '', why: '' };
          }
          return { x: 0, y: 0, name: '', why: why.join('; ') };
        },
        { points, left: canvas.x, top: canvas.y, w: canvas.width, h: canvas.height },
      );
      if (!spot.name) throw new Error(`no part of a box without an asset behind it is on screen: ${spot.why}`);
      await page.mouse.click(canvas.x + spot.x, canvas.y + spot.y);
      const panel = page.getByTestId('inspect-panel');
      await expect.poll(() => panel.textContent(), { timeout: 10_000 }).toContain(spot.name);
      expect(await page.getByTestId('inspect-feature').textContent()).toMatch(/height\s*(80|150)/);
      expect(await hooks(page, (t) => t.selectedId())).toBeNull();
      // box A stands around the middle of a pipe: the box is there, the pick is still the pipe
      const pipe: PipeSegment = knownPipe(dataDir);
      await hooks(page, (t, id) => t.flyToAsset(id), pipe.id);
      await hooks(page, (t) => t.whenIdle());
      const pos = await hooks(page, (t, id) => t.canvasPositionOf(id), pipe.id);
      if (!pos) throw new Error(`${pipe.id} is off screen after flyToAsset`);
      expect((await hooks(page, (t, a) => t.extraFeatureAt(a.x, a.y), pos))?.properties.find((p) => p.name === 'name')?.value).toBe('Tower A');
      expect(await hooks(page, (t, a) => t.pickedIdAt(a.x, a.y), pos)).toBe(pipe.id);
    });
  });

  test('SensorThings: the latest observation colours the pipe, polling follows it, a failing service turns it offline', async () => {
    const sensor = pressure();
    staAnswer = { value: 0.05 };
    config = { ...config, layers: [], feed: { source: 'sensorthings', url: `${staUrl}/v1.1`, pollS: 1 } };
    await withApp([staUrl], async (page) => {
      await expect.poll(() => hooks(page, (t, id) => t.statusOf(id), sensor.asset), { timeout: 30_000 }).toBe(STATUS_ALARM);
      staAnswer = { value: 0.3 };
      await expect.poll(() => hooks(page, (t, id) => t.statusOf(id), sensor.asset), { timeout: 30_000 }).toBe(STATUS_NORMAL);
      staAnswer = { status: 503 };
      await expect.poll(() => hooks(page, (t) => t.feedHealth()?.lastError?.status), { timeout: 30_000 }).toBe(503);
      await expect.poll(() => hooks(page, (t, id) => t.statusOf(id), sensor.asset), { timeout: 30_000 }).toBe(STATUS_OFFLINE);
    });
  });
});
