/**
 * `tsx tools/generate/preview.ts [DIR] [OUT.svg] [west,south,east,north]`: a quick SVG map of a generated dataset
 * (water, streets, pipes in their display colours, outfalls, labels) for eyeballing the generator's output.
 * Convert with e.g. `convert -density 96 OUT.svg OUT.png`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { category, cssColor } from '../../src/domain/categories';
import type { PipeNode, PipeSegment } from '../../src/domain/schema';
import { parseCli } from '../cli';
import { readMeta, readRecords } from '../dataset/read';

const cli = parseCli({
  name: 'preview',
  usage: `usage: tsx tools/generate/preview.ts [DIR] [OUT.svg] [west,south,east,north]
  DIR         dataset folder (default data/sample)
  OUT.svg     where to write the map (default tmp/preview.svg)
  west,…      the area to draw in degrees (default the dataset's bbox)
  -h, --help  this text
  (PREVIEW_DEEP=M in the environment: sewers deeper than M metres drawn thick and yellow)`,
  options: {},
  positionals: true,
});
if (cli.positionals.length > 3) cli.fail(`at most 3 arguments, got ${cli.positionals.length}`);
const [dir = 'data/sample', outPath = 'tmp/preview.svg', bboxArg] = cli.positionals;
const meta = readMeta(dir);
const bboxIn = bboxArg?.split(',').map(Number);
if (bboxIn && (bboxIn.length !== 4 || !bboxIn.every(Number.isFinite))) cli.fail(`the area needs west,south,east,north in degrees; got '${bboxArg}'`);
const bb = bboxIn ? (bboxIn as [number, number, number, number]) : meta.bbox;
const W = 2000;
const kx = Math.cos(((bb[1] + bb[3]) / 2) * (Math.PI / 180));
const H = Math.round((W * (bb[3] - bb[1])) / ((bb[2] - bb[0]) * kx));
const X = (lon: number): number => ((lon - bb[0]) / (bb[2] - bb[0])) * W;
const Y = (lat: number): number => H - ((lat - bb[1]) / (bb[3] - bb[1])) * H;
const path = (cs: number[][]): string => cs.map((p, i) => `${i ? 'L' : 'M'}${X(p[0]).toFixed(1)},${Y(p[1]).toFixed(1)}`).join('');
const mPerPx = ((bb[2] - bb[0]) * 111320 * kx) / W;

interface GJ {
  features: { geometry: { type: string; coordinates: unknown }; properties: Record<string, unknown> }[];
}
const gj = (f: string): GJ => JSON.parse(readFileSync(join(dir, f), 'utf8')) as GJ;
const out: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">`, `<rect width="${W}" height="${H}" fill="#0d1117"/>`];
for (const f of gj('rivers.geojson').features) {
  if (f.properties.kind === 'water') out.push(`<path d="${path((f.geometry.coordinates as number[][][])[0])}Z" fill="#12324f"/>`);
}
for (const f of gj('projects.geojson').features) {
  out.push(`<path d="${path((f.geometry.coordinates as number[][][])[0])}Z" fill="#1f5130" fill-opacity="0.8"/>`);
}
for (const f of gj('streets.geojson').features) {
  const w = Math.max(1, (f.properties.width as number) / mPerPx);
  const col = f.properties.class === 'bridge' ? '#555' : '#262b33';
  out.push(`<path d="${path(f.geometry.coordinates as number[][])}" stroke="${col}" stroke-width="${w.toFixed(1)}" fill="none" stroke-linecap="round"/>`);
}
// large datasets: streets only (an SVG of a million paths is too much for a browser)
const drawPipes = meta.segmentCount <= 200_000;
for (const s of drawPipes ? readRecords<PipeSegment>(dir, 'segments.ndjson') : []) {
  const c = category(s.cat);
  const col = c ? cssColor(c.display) : '#fff';
  const deep = process.env.PREVIEW_DEEP && s.cat === 'PS' && Math.max(s.depth0, s.depth1) > Number(process.env.PREVIEW_DEEP);
  const w = deep ? 5 : s.crossing ? 2.5 : 1;
  out.push(`<path d="${path(s.coords)}" stroke="${deep ? '#ffff00' : col}" stroke-width="${w}" fill="none" stroke-opacity="0.9"/>`);
}
for (const n of drawPipes ? readRecords<PipeNode>(dir, 'nodes.ndjson') : []) {
  if (n.type === 'outfall') out.push(`<circle cx="${X(n.position[0])}" cy="${Y(n.position[1])}" r="4" fill="${n.sub === 'WS' ? '#ff6040' : '#40c0ff'}"/>`);
  if (n.type === 'valve' && mPerPx < 2) out.push(`<circle cx="${X(n.position[0])}" cy="${Y(n.position[1])}" r="1.5" fill="#fff"/>`);
}
for (const f of gj('sections.geojson').features) {
  out.push(`<path d="${path(f.geometry.coordinates as number[][])}" stroke="#ffd400" stroke-width="3" fill="none"/>`);
}
for (const f of gj('labels.geojson').features) {
  const p = f.geometry.coordinates as number[];
  const size = f.properties.kind === 'district' ? 28 : 18;
  out.push(`<text x="${X(p[0])}" y="${Y(p[1])}" fill="#fff" font-size="${size}" font-family="sans-serif">${f.properties.nameEn as string}</text>`);
}
out.push('</svg>');
writeFileSync(outPath, out.join('\n'));
console.log(`${outPath}: ${W}×${H}px, ${mPerPx.toFixed(2)} m/px`);
