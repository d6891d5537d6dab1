/**
 * Loads a tiler output in real CesiumJS (the package's build, headless Debian Chromium with software GL) and checks
 * what only a client can: every tile loads (no tileFailed), and picking the screen point where an asset should be —
 * computed from its record (position and depth) — returns that asset's gid and id. A wrong axis (y-up), transform,
 * depth or metadata layout makes the pick miss or fail.
 *
 *   npx tsx tools/tiler/cesiumCheck.ts --tiles <tileset dir> --data <dataset dir> [--gids 0,17,…] [--far]
 *                                      [--shots <dir for screenshots>]
 *
 * Needs `chromium` (apt-get install -y chromium). Prints one line per check; exit code 1 if any fails.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, resolve } from 'node:path';
import { flags, parseCli, valued } from '../cli';
import { forEachLine, readMeta } from '../dataset/read';
import type { AssetRecord, PipeNode, PipeSegment } from '../../src/domain/schema';
import { nodeSolid } from '../../src/domain/nodeShapes';

const cli = parseCli({
  name: 'cesiumCheck',
  usage: `usage: npx tsx tools/tiler/cesiumCheck.ts [--tiles DIR] [--data DIR] [--gids 0,17,…] [--far] [--shots DIR]
  --tiles DIR   tileset folder (default public/tiles/pipes)
  --data DIR    the dataset it was built from (default data/sample)
  --gids LIST   assets to pick, comma-separated (default: first, second, middle, first node, last)
  --far         also look from 6 km, 1.5 km, 400 m and 120 m and print what was drawn
  --shots DIR   save screenshots there
  -h, --help    this text`,
  options: { ...valued('tiles', 'data', 'gids', 'shots'), ...flags('far') },
});

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const tilesDir = resolve(cli.values.tiles ?? 'public/tiles/pipes');
const dataDir = resolve(cli.values.data ?? 'data/sample');
const CESIUM = join(ROOT, 'node_modules/cesium/Build/Cesium');
const shots = cli.values.shots;

const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.glb': 'model/gltf-binary',
  '.wasm': 'application/wasm',
  '.html': 'text/html',
  '.css': 'text/css',
};

const PAGE = `<!doctype html><html><head><style>html,body{margin:0;overflow:hidden}#c{width:800px;height:600px}#c canvas{width:100%;height:100%}.cesium-widget-credits{display:none}</style>
<script>window.CESIUM_BASE_URL = '/cesium/';</script><script src="/cesium/Cesium.js"></script></head>
<body><div id="c"></div><script>
(async () => {
  const widget = new Cesium.CesiumWidget('c', { globe: false, baseLayer: false, skyBox: false, skyAtmosphere: false });
  const tileset = await Cesium.Cesium3DTileset.fromUrl('/tiles/tileset.json');
  const failures = [];
  tileset.tileFailed.addEventListener((e) => failures.push(e.url + ': ' + e.message));
  widget.scene.primitives.add(tileset);
  const idle = () => new Promise((res) => {
    const t0 = performance.now();
    const tick = () => {
      widget.scene.render();
      if ((tileset.tilesLoaded && performance.now() - t0 > 500) || performance.now() - t0 > 60000) res();
      else setTimeout(tick, 50);
    };
    tick();
  });
  window.check = {
    failures,
    async look(lon, lat, h, range) {
      widget.camera.setView({
        destination: Cesium.Cartesian3.fromDegrees(lon, lat, h + range),
        orientation: { heading: 0, pitch: -Cesium.Math.PI_OVER_TWO, roll: 0 },
      });
      await idle();
      return tileset.tilesLoaded;
    },
    pickAt(lon, lat, h) {
      const p = Cesium.Cartesian3.fromDegrees(lon, lat, h);
      const w = Cesium.SceneTransforms.worldToWindowCoordinates(widget.scene, p);
      if (!w) return { error: 'off screen' };
      // everything along the ray (a shallower pipe may cover the asset when looking straight down)
      const hits = widget.scene.drillPick(w, 6).filter((f) => f && f.getProperty);
      if (!hits.length) return { error: 'nothing picked at ' + w.x.toFixed(0) + ',' + w.y.toFixed(0) };
      const all = hits.map((f) => ({ gid: Number(f.getProperty('gid')), id: f.getProperty('id') ?? null }));
      return { ...all[0], all };
    },
    stats() {
      let n = 0;
      let lines = 0;
      (function walk(t) {
        if (t.contentReady) {
          n++;
          if (t.children.length) lines++;
        }
        t.children.forEach(walk);
      })(tileset.root);
      return { ready: n, lineTiles: lines, selected: tileset._selectedTiles.length, sse: tileset.root._screenSpaceError };
    },
  };
})().catch((e) => { window.checkError = String(e && e.stack || e); });
</script></body></html>`;

function serve(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
    let file: string | null = null;
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(PAGE);
      return;
    }
    if (path.startsWith('/cesium/')) file = join(CESIUM, path.slice('/cesium/'.length));
    else if (path.startsWith('/tiles/')) file = join(tilesDir, path.slice('/tiles/'.length));
    if (!file || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => {
    const a = server.address();
    ok({ server, url: `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}/` });
  }));
}

/** Where to aim at an asset: a point inside its geometry, [lon, lat, height]. */
function aimPoint(r: AssetRecord, heightMode: string): [number, number, number] {
  if (r.kind === 'segment') {
    const s = r as PipeSegment;
    const c = s.coords;
    // 30 % along the first piece (away from fittings at the ends and mid-block hydrants)
    const lon = c[0][0] + (c[1][0] - c[0][0]) * 0.3;
    const lat = c[0][1] + (c[1][1] - c[0][1]) * 0.3;
    const hgt = s.box ? s.box.h / 1000 : (s.dn ?? 100) / 1000;
    const ground = heightMode === 'absolute' ? (s.ground0 + s.ground1) / 2 : 0;
    const depth = s.depth0 + (s.depth1 - s.depth0) * 0.3; // close enough on a one-piece or straight polyline
    return [lon, lat, ground - depth - hgt / 2];
  }
  const n = r as PipeNode;
  const solid = nodeSolid(n.type, n.depth, 0.3);
  const ground = heightMode === 'absolute' ? n.ground : 0;
  return [n.position[0], n.position[1], ground + (solid.bottom + solid.top) / 2];
}

async function main(): Promise<void> {
  const meta = readMeta(dataDir);
  const wanted = (cli.values.gids ?? '').split(',').filter(Boolean).map(Number);
  if (!wanted.every((g) => Number.isInteger(g) && g >= 0)) cli.fail(`--gids needs gids like 0,17,42; got '${cli.values.gids}'`);
  const total = meta.segmentCount + meta.nodeCount;
  const gids = wanted.length ? wanted : [0, 1, Math.floor(meta.segmentCount / 2), meta.segmentCount, total - 1];
  const recs = new Map<number, AssetRecord>();
  let gid = 0;
  for (const f of ['segments.ndjson', 'nodes.ndjson']) {
    forEachLine(join(dataDir, f), (line) => {
      if (gids.includes(gid)) recs.set(gid, JSON.parse(line.toString('utf8')) as AssetRecord);
      gid++;
    });
  }
  const { server, url } = await serve();
  // the project's one Chromium launcher (its flags and software GL), loaded after the arguments: --help needs no browser
  const { launchBrowser } = await import('../browser/chromium');
  const browser = await launchBrowser();
  let failed = 0;
  try {
    const page = await browser.newPage({ viewport: { width: 800, height: 600 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(url);
    await page.waitForFunction(() => (window as unknown as { check?: unknown; checkError?: unknown }).check ?? (window as unknown as { checkError?: unknown }).checkError, undefined, { timeout: 120_000 });
    const err = await page.evaluate(() => (window as unknown as { checkError?: string }).checkError);
    if (err) throw new Error(err);
    type Check = {
      look(lon: number, lat: number, h: number, range: number): Promise<boolean>;
      pickAt(lon: number, lat: number, h: number): {
        gid?: number;
        id?: string | null;
        all?: { gid: number; id: string | null }[];
        error?: string;
      };
      failures: string[];
      stats(): Record<string, number>;
    };
    if (cli.values.far) {
      const [lon, lat] = aimPoint(recs.get(gids[0])!, meta.heightMode);
      const loaded = await page.evaluate(([a, b]) => (window as unknown as { check: Check }).check.look(a, b, 0, 6000), [lon, lat]);
      const st = await page.evaluate(() => (window as unknown as { check: Check }).check.stats());
      console.log(`far view (6 km): tilesLoaded=${loaded}, ${JSON.stringify(st)}`);
      if (shots) await page.screenshot({ path: join(shots, 'far.png') });
      for (const range of [1500, 400, 120]) {
        await page.evaluate(([a, b, r]) => (window as unknown as { check: Check }).check.look(a, b, 0, r), [lon, lat, range]);
        const s2 = await page.evaluate(() => (window as unknown as { check: Check }).check.stats());
        console.log(`view from ${range} m: ${JSON.stringify(s2)}`);
        if (shots) await page.screenshot({ path: join(shots, `view-${range}.png`) });
      }
    }
    for (const g of gids) {
      const r = recs.get(g);
      if (!r) continue;
      const [lon, lat, h] = aimPoint(r, meta.heightMode);
      const res = await page.evaluate(
        async ([a, b, c]) => {
          const ck = (window as unknown as { check: Check }).check;
          await ck.look(a, b, c, 25);
          return ck.pickAt(a, b, c);
        },
        [lon, lat, h],
      );
      const ok = res.gid === g && res.id === r.id;
      // looking straight down something shallower may cover the aim point: the asset must then be further along the ray
      const covered = !ok && (res.all ?? []).some((x) => x.gid === g && x.id === r.id);
      if (!ok && !covered) failed++;
      if (shots) await page.screenshot({ path: join(shots, `gid-${g}.png`) });
      const shown = { gid: res.gid, id: res.id, error: res.error };
      console.log(`${ok ? 'ok  ' : covered ? `ok (under gid ${res.gid})` : 'FAIL'} gid ${g} ${r.id} (${r.kind}) at ${lon.toFixed(6)}, ${lat.toFixed(6)}, ${h.toFixed(2)} m → ${JSON.stringify(shown)}`);
    }
    const failures = await page.evaluate(() => (window as unknown as { check: Check }).check.failures);
    for (const f of failures) console.log(`FAIL tile: ${f}`);
    for (const e of errors) console.log(`FAIL page error: ${e}`);
    failed += failures.length + errors.length;
  } finally {
    await browser.close();
    server.close();
  }
  console.log(failed ? `cesium check: ${failed} failed` : 'cesium check: all ok');
  process.exit(failed ? 1 : 0);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
