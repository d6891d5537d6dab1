/**
 * Engineer's checks and drawings from the command line (src/analysis/drawings/):
 *
 *   npm run check -- clearances [--area a.geojson] [--format json|csv] [--out FILE]
 *   npm run check -- section --line "lon,lat;lon,lat[;…]" [--format svg|json] [--lang zh|en] [--out FILE]
 *   npm run check -- profile --from ID (--to ID | --to-outfall) [--format svg|json] [--lang zh|en] [--out FILE]
 *   options: --data DIR (dataset folder, default data/sample)
 *
 * `clearances`: GB 50289 horizontal / vertical clear distances and minimum cover over the whole network or the pipes
 * in an area (a GeoJSON polygon, as the area query reads it); exit 0 either way (violations are the answer).
 * `profile --to-outfall`: `--from` a drainage pipe or node; the path is the network engine's downstream trace
 * (src/analysis/network/) ordered into one line to the outfall. An unknown id: one line (English, Chinese), exit 1.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArea } from '../../src/analysis/area';
import { checkClearances, PipeColumnsBuilder } from '../../src/analysis/drawings/check';
import { checkCsv } from '../../src/analysis/drawings/export';
import type { DrawingLang } from '../../src/analysis/drawings/labels';
import { chainDownstream, findPath, type PathStep } from '../../src/analysis/drawings/path';
import { longProfile } from '../../src/analysis/drawings/profile';
import { crossSection } from '../../src/analysis/drawings/section';
import { profileSvg, sectionSvg } from '../../src/analysis/drawings/svg';
import type { DrawingNode, DrawingPipe } from '../../src/analysis/drawings/types';
import { NetworkEngine } from '../../src/analysis/network/engine';
import { isNetworkError } from '../../src/analysis/network/errors';
import { OUTSIDE, PreparedArea } from '../../src/analysis/preparedArea';
import type { LonLat, PipeNode, PipeSegment } from '../../src/domain/schema';
import { flags, parseCli, valued, type CliIo } from '../cli';
import { forEachRecord } from '../dataset/read';
import { loadNetwork } from '../network/buildNetwork';

const USAGE = `usage: npm run check -- <command> [options]

commands:
  clearances [--area a.geojson]         GB 50289 clear distances (parallel and crossing pipes) and minimum cover,
                                        whole network or the pipes in an area; --format json|csv
  section --line "lon,lat;lon,lat"      cross-section drawing of every pipe the line crosses; --format svg|png|json
  profile --from ID --to ID             long profile along one network between two nodes; --format svg|png|json
  profile --from ID --to-outfall        long profile from a drainage pipe or node down to its outfall

options:
  --data DIR        dataset folder (default data/sample)
  --lang zh|en      language of the drawing (default zh)
  --out FILE        write there instead of stdout
  -h, --help`;

const processIo: CliIo = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
  exit: (code) => process.exit(code),
};

function parseLine(s: string): LonLat[] | null {
  const pts = s.split(';').map((p) => p.split(',').map((v) => Number(v.trim())));
  if (pts.length < 2 || pts.some((p) => p.length !== 2 || !p.every(Number.isFinite))) return null;
  return pts.map((p) => [p[0], p[1]]);
}

function toPipe(s: PipeSegment): DrawingPipe {
  return s;
}

/** Set by runCheck when a drawing is asked as PNG: the caller renders it (async) with `writePng`. */
let pendingPng: { svg: string; out: string } | null = null;

/** Screenshots an SVG drawing with headless Chromium into a PNG file (2× device pixels, for print). */
export async function writePng(svg: string, out: string): Promise<void> {
  const { launchBrowser } = await import('../browser/chromium');
  const size = /width="(\d+)" height="(\d+)"/.exec(svg);
  const [w, h] = size ? [Number(size[1]), Number(size[2])] : [1000, 800];
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: w, height: h }, deviceScaleFactor: 2 });
    await page.setContent(`<!doctype html><html><body style="margin:0">${svg}</body></html>`);
    writeFileSync(out, await page.screenshot({ clip: { x: 0, y: 0, width: w, height: h } }));
  } finally {
    await browser.close();
  }
}

/** Runs one command and, for --format png, renders the drawing; resolves to the exit code. */
export async function runCheckAsync(argv: string[], io: CliIo = processIo): Promise<number> {
  pendingPng = null;
  const code = runCheck(argv, io);
  const png = pendingPng as { svg: string; out: string } | null;
  if (code === 0 && png) await writePng(png.svg, png.out);
  return code;
}

/** Runs one command; returns the exit code (0; 1 for an unknown id / no path). Bad usage exits 2 through parseCli. */
export function runCheck(argv: string[], io: CliIo = processIo): number {
  const cli = parseCli(
    { name: 'npm run check --', usage: USAGE, positionals: true, options: { ...valued('data', 'area', 'format', 'line', 'from', 'to', 'lang', 'out'), ...flags('to-outfall') } },
    argv,
    io,
  );
  const [command, extra] = cli.positionals;
  if (!command) return cli.fail('a command is needed');
  if (extra !== undefined) return cli.fail(`unexpected argument '${extra}'`);
  const dir = cli.values.data ?? 'data/sample';
  const lang: DrawingLang = cli.oneOf('lang', ['zh', 'en']) ?? 'zh';
  const write = (text: string): void => {
    if (cli.values.out) writeFileSync(cli.values.out, text);
    else io.out(text);
  };
  const segments = join(dir, 'segments.ndjson');

  if (command === 'clearances') {
    const format = cli.oneOf('format', ['json', 'csv']) ?? 'json';
    const b = new PipeColumnsBuilder();
    forEachRecord<PipeSegment>(segments, (s) => b.add(toPipe(s)));
    const cols = b.build();
    let within: ((i: number) => boolean) | undefined;
    if (cli.values.area) {
      const area = parseArea(JSON.parse(readFileSync(cli.values.area, 'utf8')));
      const prepared = new PreparedArea(area.polygons);
      const [w, s, e, n] = area.bbox;
      within = (i) => {
        for (let v = cols.start[i]; v < cols.start[i + 1]; v++) {
          const x = cols.lonlat[2 * v];
          const y = cols.lonlat[2 * v + 1];
          if (x >= w && x <= e && y >= s && y <= n && prepared.locate(x, y) !== OUTSIDE) return true;
          if (v + 1 < cols.start[i + 1]) {
            const mx = (x + cols.lonlat[2 * v + 2]) / 2;
            const my = (y + cols.lonlat[2 * v + 3]) / 2;
            if (mx >= w && mx <= e && my >= s && my <= n && prepared.locate(mx, my) !== OUTSIDE) return true;
          }
        }
        return false;
      };
    }
    const r = checkClearances(cols, { within });
    write(format === 'csv' ? checkCsv(r) : `${JSON.stringify(r, null, 2)}\n`);
    return 0;
  }

  const format = cli.oneOf('format', ['svg', 'json', 'png']) ?? 'svg';
  if (format === 'png' && !cli.values.out) return cli.fail('--format png needs --out FILE.png');
  // a drawing as PNG: the SVG screenshotted by headless Chromium (tools/browser/chromium.ts) after this returns
  const drawing = (svg: string): void => {
    if (format === 'png') pendingPng = { svg, out: cli.values.out as string };
    else write(svg);
  };
  if (command === 'section') {
    if (!cli.values.line) return cli.fail('section needs --line "lon,lat;lon,lat"');
    const line = parseLine(cli.values.line);
    if (!line) return cli.fail(`bad --line '${cli.values.line}' (lon,lat;lon,lat)`);
    const pad = 1e-4;
    const xs = line.map((p) => p[0]);
    const ys = line.map((p) => p[1]);
    const [w, e, s, n] = [Math.min(...xs) - pad, Math.max(...xs) + pad, Math.min(...ys) - pad, Math.max(...ys) + pad];
    const near: DrawingPipe[] = [];
    forEachRecord<PipeSegment>(segments, (seg) => {
      if (crossesBox(seg.coords, w, s, e, n)) near.push(toPipe(seg));
    });
    const section = crossSection(line, near);
    if (format === 'json') write(`${JSON.stringify(section, null, 2)}\n`);
    else drawing(sectionSvg(section, { lang }));
    return 0;
  }

  if (command === 'profile') {
    const from = cli.values.from;
    if (!from) return cli.fail('profile needs --from ID');
    const toOutfall = cli.values['to-outfall'] === true;
    if (!toOutfall && !cli.values.to) return cli.fail('profile needs --to ID or --to-outfall');
    if (toOutfall && cli.values.to) return cli.fail('give --to or --to-outfall, not both');
    const pipes: DrawingPipe[] = [];
    const byId = new Map<string, DrawingPipe>();
    forEachRecord<PipeSegment>(segments, (seg) => {
      const p = toPipe(seg);
      pipes.push(p);
      byId.set(p.id, p);
    });
    const nodes = new Map<string, DrawingNode>();
    forEachRecord<PipeNode>(join(dir, 'nodes.ndjson'), (n) => void nodes.set(n.id, { id: n.id, type: n.type, position: n.position, ground: n.ground, depth: n.depth }));
    let path: PathStep[] | null;
    if (toOutfall) {
      const engine = new NetworkEngine(loadNetwork(dir));
      let traced: DrawingPipe[];
      try {
        traced = engine.trace('downstream', from).pipes.map((p) => byId.get(p.id)).filter((p): p is DrawingPipe => p !== undefined);
      } catch (e) {
        if (isNetworkError(e)) {
          io.err(`check: ${e.info.en} ${e.info.zh}\n`);
          return 1;
        }
        throw e;
      }
      const start = byId.get(from) ?? traced.filter((p) => p.from === from).sort((a, b) => (b.dn ?? 0) - (a.dn ?? 0))[0];
      path = start ? chainDownstream(start, traced) : null;
    } else {
      path = findPath(pipes, from, cli.values.to as string);
    }
    if (!path || path.length === 0) {
      io.err(`check: no path from ${from} to ${cli.values.to ?? 'an outfall'} along one network. 沿同一管网找不到从${from}到${cli.values.to ?? '排放口'}的路径。\n`);
      return 1;
    }
    const profile = longProfile(path, nodes);
    if (format === 'json') write(`${JSON.stringify(profile, null, 2)}\n`);
    else drawing(profileSvg(profile, { lang }));
    return 0;
  }
  return cli.fail(`unknown command '${command}'`);
}

/** True when a polyline's bounding box overlaps the box (a cheap prefilter; the section computes exact crossings). */
function crossesBox(coords: LonLat[], w: number, s: number, e: number, n: number): boolean {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const c of coords) {
    x0 = Math.min(x0, c[0]);
    x1 = Math.max(x1, c[0]);
    y0 = Math.min(y0, c[1]);
    y1 = Math.max(y1, c[1]);
  }
  return x0 <= e && x1 >= w && y0 <= n && y1 >= s;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    process.exitCode = await runCheckAsync(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`check: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  }
}
