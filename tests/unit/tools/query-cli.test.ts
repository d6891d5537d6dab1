/**
 * `npm run query` as a process: success prints what the engine returns; every kind of bad input exits non-zero with one
 * line on stderr. Runs `node --import tsx tools/query/cli.ts` (what the npm script runs) against fixture data.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseArea } from '../../../src/analysis/area';
import { crsDef, fromLonLat } from '../../../src/analysis/crs';
import { queryArea } from '../../../src/analysis/query';
import { buildQueryCopy, encodeQueryCopy } from '../../../src/analysis/queryCopy';
import { segmentsFromGeoJson } from '../../../tools/query/network';

const root = join(__dirname, '../../..');
const fixture = join(root, 'tests/fixtures/query/depth-filter');
const network = join(fixture, 'network.geojson');
const areaFile = join(fixture, 'area.geojson');
const tmp = mkdtempSync(join(tmpdir(), 'query-cli-'));

function cli(args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', join(root, 'tools/query/cli.ts'), ...args], { cwd: root });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    if (stdin !== undefined) p.stdin.end(stdin);
    else p.stdin.end();
  });
}

function write(name: string, text: string): string {
  const f = join(tmp, name);
  writeFileSync(f, text);
  return f;
}

describe('query CLI', () => {
  const copy = buildQueryCopy(segmentsFromGeoJson(readFileSync(network, 'utf8')));
  const area = parseArea(readFileSync(areaFile, 'utf8'));

  it('prints {area, filters, totals, items} exactly as the engine computes them', async () => {
    const r = await cli([areaFile, '--data', network, '--max-depth', '3', '--category', 'JS,DL']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const want = queryArea(copy, area, { maxDepth: 3, categories: ['JS', 'DL'] });
    expect(out).toEqual(JSON.parse(JSON.stringify({ area: want.area, filters: want.filters, totals: want.totals, items: want.items })));
    expect(out.items.map((i: { id: string }) => i.id)).toEqual(['A', 'B', 'K']);
  });

  it('writes CSV and GeoJSON, reads the area from stdin, the network from query.bin, and --within', async () => {
    const bin = join(tmp, 'query.bin');
    writeFileSync(bin, new Uint8Array(encodeQueryCopy(copy)));
    const csv = await cli(['-', '--data', bin, '--format', 'csv', '--within'], readFileSync(areaFile, 'utf8'));
    expect(csv.code).toBe(0);
    expect(csv.stdout.charCodeAt(0)).toBe(0xfeff);
    expect(csv.stdout.split('\r\n').filter(Boolean)).toHaveLength(1 + 3); // B, G, K are within; A crosses
    const gj = await cli([areaFile, '--data', bin, '--format=geojson']);
    expect(gj.code).toBe(0);
    expect(JSON.parse(gj.stdout).features).toHaveLength(1 + 4);
  });

  it('reads a Gauss-Krüger area with --crs', async () => {
    const gk = crsDef(4545)!;
    const ring = area.polygons[0][0].map((p) => fromLonLat(gk, p));
    const f = write('gk.geojson', JSON.stringify({ type: 'Polygon', coordinates: [ring] }));
    const r = await cli([f, '--data', network, '--crs', 'EPSG:4545']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^warning \[reprojected\]/);
    expect(JSON.parse(r.stdout).items).toHaveLength(4);
  });

  const bad: [string, () => string[], RegExp, number][] = [
    ['not JSON', () => [write('a.json', '{"type": "Polygon", '), '--data', network], /\[not-json\]/, 2],
    ['not a polygon', () => [write('b.json', '{"type":"Point","coordinates":[106.5,29.5]}'), '--data', network], /\[not-polygon\]/, 2],
    ['self-intersecting', () => [write('c.json', JSON.stringify({ type: 'Polygon', coordinates: [[[106.5, 29.5], [106.51, 29.51], [106.51, 29.5], [106.5, 29.51], [106.5, 29.5]]] })), '--data', network], /\[self-intersecting\]/, 2],
    ['too few vertices', () => [write('d.json', JSON.stringify({ type: 'Polygon', coordinates: [[[106.5, 29.5], [106.51, 29.51], [106.5, 29.5]]] })), '--data', network], /\[too-few-vertices\]/, 2],
    ['projected coordinates as lon/lat', () => [write('e.json', JSON.stringify({ type: 'Polygon', coordinates: [[[362000, 3272000], [362100, 3272000], [362100, 3272100], [362000, 3272000]]] })), '--data', network], /\[projected-coordinates\].*EPSG:4545/, 2],
    ['lat/lon order', () => [write('f.json', JSON.stringify({ type: 'Polygon', coordinates: [[[29.5, 106.5], [29.5, 106.51], [29.51, 106.51], [29.5, 106.5]]] })), '--data', network], /\[swapped-axes\]/, 2],
    ['unknown category', () => [areaFile, '--data', network, '--category', 'XX'], /\[bad-filter\]/, 2],
    ['bad depth', () => [areaFile, '--data', network, '--max-depth', 'deep'], /\[usage\]/, 2],
    ['unknown option', () => [areaFile, '--data', network, '--frobnicate'], /\[usage\]/, 2],
    ['missing area file', () => [join(tmp, 'nope.geojson'), '--data', network], /\[usage\].*cannot read/, 2],
    ['no area at all', () => ['--data', network], /\[usage\]/, 2],
    ['missing data', () => [areaFile, '--data', join(tmp, 'no-data')], /\[data\].*npm run data/, 1],
    ['unknown CRS', () => [areaFile, '--data', network, '--crs', 'EPSG:3857'], /\[unknown-crs\]/, 2],
    // issue 9 item 7: say what is wrong instead of "no area" or an empty result with exit 0
    ['lon/lat declared as EPSG:4545', () => [areaFile, '--data', network, '--crs=EPSG:4545'], /\[degrees-as-projected\].*look like degrees.*EPSG:4490/, 2],
    ['an area entirely outside the data', () => [write('far.json', JSON.stringify({ type: 'Polygon', coordinates: [[[106.9, 29.9], [106.91, 29.9], [106.91, 29.91], [106.9, 29.9]]] })), '--data', network], /\[outside-data\].*entirely outside the data/, 3],
    ['overlapping parts', () => [write('g.json', JSON.stringify({ type: 'MultiPolygon', coordinates: [[[[106.5, 29.5], [106.52, 29.5], [106.52, 29.52], [106.5, 29.52], [106.5, 29.5]]], [[[106.51, 29.51], [106.53, 29.51], [106.53, 29.53], [106.51, 29.53], [106.51, 29.51]]]] })), '--data', network], /\[parts-overlap\]/, 2],
  ];

  // Start them all up front, a few processes at a time (each is a Node start-up), then check one per test.
  const results = new Map<string, Promise<{ code: number; stdout: string; stderr: string }>>();
  beforeAll(() => {
    const queue = [...bad];
    const lanes = 3;
    const next = (): Promise<void> => {
      const job = queue.shift();
      if (!job) return Promise.resolve();
      const p = cli(job[1]());
      results.set(job[0], p);
      return p.then(next, next);
    };
    for (let k = 0; k < lanes; k++) void next();
  });

  for (const [name, , pattern, code] of bad) {
    it(`exits ${code} with one line on stderr: ${name}`, async () => {
      while (!results.has(name)) await new Promise((r) => setTimeout(r, 20));
      const r = await results.get(name)!;
      expect(r.code).toBe(code);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(pattern);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    });
  }

  it('--help prints the usage (exit 0); --x=v and --x v both work', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: npm run query/);
    expect(help.stdout).toContain('--max-depth M');
    const a = await cli([areaFile, '--data', network, '--max-depth', '3', '--category', 'JS,DL']);
    const b = await cli([areaFile, '--data=' + network, '--max-depth=3', '--category=JS,DL']);
    expect(b.code).toBe(0);
    expect(b.stdout).toBe(a.stdout);
  });

  it('exits quietly when the reader goes away (npm run query … | head)', async () => {
    // enough pipes that the output (~1 MB) overflows the pipe and the reader closes it mid-write
    const features = [];
    for (let k = 0; k < 2500; k++) {
      const x = 106.501 + (k % 50) * 0.0001;
      const y = 29.501 + Math.floor(k / 50) * 0.0001;
      features.push({ type: 'Feature', properties: { id: `P-${k}` }, geometry: { type: 'LineString', coordinates: [[x, y], [x + 0.00005, y + 0.00005]] } });
    }
    const big = write('big.geojson', JSON.stringify({ type: 'FeatureCollection', features }));
    const square = write('sq.json', JSON.stringify({ type: 'Polygon', coordinates: [[[106.5, 29.5], [106.51, 29.5], [106.51, 29.51], [106.5, 29.51], [106.5, 29.5]]] }));
    const r = await new Promise<{ code: number; stderr: string; got: number }>((resolve, reject) => {
      const p = spawn(process.execPath, ['--import', 'tsx', join(root, 'tools/query/cli.ts'), square, '--data', big], { cwd: root });
      let stderr = '';
      let got = 0;
      p.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
      p.stdout.once('data', (d: Buffer) => {
        got = d.length; // like `head`: read a little, then close the pipe
        p.stdout.destroy();
      });
      p.on('error', reject);
      p.on('close', (code) => resolve({ code: code ?? -1, stderr, got }));
    });
    expect(r.got).toBeGreaterThan(0);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});
