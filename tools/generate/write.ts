/**
 * Streaming writers: NDJSON records go to disk in chunks (never one giant string), JSON files are written whole.
 * Field order follows src/domain/schema.ts so files read well and are byte-stable.
 */
import { createWriteStream, writeFileSync } from 'node:fs';
import type { PipeNode, PipeSegment } from '../../src/domain/schema';
import { round, type LocalFrame } from './geo';
import type { PipeNetwork } from './network';

async function writeLines(path: string, count: number, line: (i: number) => string): Promise<void> {
  const ws = createWriteStream(path, { encoding: 'utf8' });
  const CHUNK = 2000;
  for (let i = 0; i < count; i += CHUNK) {
    let buf = '';
    const end = Math.min(count, i + CHUNK);
    for (let k = i; k < end; k++) buf += line(k) + '\n';
    if (!ws.write(buf)) await new Promise<void>((r) => ws.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => {
    ws.end(() => resolve());
    ws.once('error', reject);
  });
}

function flatToLonLat(c: Float64Array, frame: LocalFrame): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < c.length; i += 2) out.push(frame.toLonLatRounded([c[i], c[i + 1]]));
  return out;
}

export async function writeSegments(path: string, pn: PipeNetwork, frame: LocalFrame): Promise<void> {
  await writeLines(path, pn.segs.length, (i) => {
    const s = pn.segs[i];
    const a = pn.nodes[s.from];
    const b = pn.nodes[s.to];
    const rec: PipeSegment = {
      kind: 'segment', id: s.id, gid: i, cat: s.cat, sub: s.sub, code: s.code, from: a.id, to: b.id,
      coords: flatToLonLat(s.coords, frame),
      material: s.material, dn: s.dn, box: s.box, depth0: s.depth0, depth1: s.depth1,
      ground0: round(a.ground, 2), ground1: round(b.ground, 2), burial: s.burial, year: s.year, owner: s.owner,
      street: s.street, crossing: s.crossing, pressureZone: s.pressureZone, pressureClass: s.pressureClass,
      invert0: s.invert0, invert1: s.invert1, underCarriageway: s.underCarriageway,
    };
    return JSON.stringify(rec);
  });
}

export async function writeNodes(path: string, pn: PipeNetwork, frame: LocalFrame): Promise<void> {
  const base = pn.segs.length;
  await writeLines(path, pn.nodes.length, (i) => {
    const n = pn.nodes[i];
    const rec: PipeNode = {
      kind: 'node', id: n.id, gid: base + i, cat: n.cat, sub: n.sub, code: n.code, type: n.type,
      position: frame.toLonLatRounded(n.xy), ground: round(n.ground, 2), depth: n.depth, year: n.year, owner: n.owner,
      segments: n.segs.map((si) => pn.segs[si].id),
    };
    return JSON.stringify(rec);
  });
}

export function writeJSON(path: string, value: unknown, pretty = false): void {
  writeFileSync(path, JSON.stringify(value, null, pretty ? 2 : undefined) + '\n');
}
