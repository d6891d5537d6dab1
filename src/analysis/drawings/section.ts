/**
 * Cross-section (横断面): a line drawn across a street → every pipe it crosses, with its offset along the line, crown
 * and invert depths at the crossing (depth0 → depth1 interpolated by length along the pipe), size, category and
 * clearance class; the clear distances between neighbours, horizontal edge to edge along the line and vertical
 * where two pipes overlap in plan, against the GB 50289 tables (domain/clearances.ts). Pure.
 *
 * The horizontal clear distance is measured along the section line: draw the line square to the street (as a
 * surveyor does) for the true edge-to-edge distance of parallel pipes.
 */
import { clearanceClass, DEFAULT_CLEARANCES, horizontalRule, verticalRule, type ClearanceTable } from '../../domain/clearances';
import type { LonLat } from '../../domain/schema';
import { acuteAngle, intersectPieces, lerp, localPlane, pipeSize } from './pipeGeometry';
import type { ClearancePair, CrossSection, DrawingPipe, SectionPipe } from './types';

export interface SectionOptions {
  table?: ClearanceTable;
}

/** Pipes of `pipes` crossed by `line` (a candidate list: pass the few near the line, e.g. from a flatbush search). */
export function crossSection(line: readonly LonLat[], pipes: Iterable<DrawingPipe>, options: SectionOptions = {}): CrossSection {
  if (line.length < 2) throw new Error('a section line needs two points');
  const table = options.table ?? DEFAULT_CLEARANCES;
  const plane = localPlane(line[0]);
  const lx = line.map((p) => plane.x(p[0]));
  const ly = line.map((p) => plane.y(p[1]));
  const lineCum = [0];
  for (let i = 1; i < line.length; i++) lineCum.push(lineCum[i - 1] + Math.hypot(lx[i] - lx[i - 1], ly[i] - ly[i - 1]));
  const length = lineCum[lineCum.length - 1];

  const found: SectionPipe[] = [];
  for (const p of pipes) {
    const px = p.coords.map((c) => plane.x(c[0]));
    const py = p.coords.map((c) => plane.y(c[1]));
    const cum = [0];
    for (let i = 1; i < px.length; i++) cum.push(cum[i - 1] + Math.hypot(px[i] - px[i - 1], py[i] - py[i - 1]));
    const total = cum[cum.length - 1];
    for (let i = 1; i < px.length; i++) {
      for (let j = 1; j < lx.length; j++) {
        const hit = intersectPieces(lx[j - 1], ly[j - 1], lx[j], ly[j], px[i - 1], py[i - 1], px[i], py[i]);
        if (!hit) continue;
        const along = cum[i - 1] + hit.u * (cum[i] - cum[i - 1]);
        const f = total > 0 ? along / total : 0;
        const { width, height } = pipeSize(p);
        const crownDepth = lerp(p.depth0, p.depth1, f);
        const x = lerp(lx[j - 1], lx[j], hit.t);
        const y = lerp(ly[j - 1], ly[j], hit.t);
        found.push({
          id: p.id,
          gid: p.gid,
          cat: p.cat,
          sub: p.sub,
          material: p.material,
          dn: p.dn,
          box: p.box,
          owner: p.owner,
          cls: clearanceClass(p.cat, p.dn, p.pressureClass),
          offset: lineCum[j - 1] + hit.t * (lineCum[j] - lineCum[j - 1]),
          width,
          height,
          crownDepth,
          invertDepth: crownDepth + height,
          ground: lerp(p.ground0, p.ground1, f),
          angle: acuteAngle(lx[j] - lx[j - 1], ly[j] - ly[j - 1], px[i] - px[i - 1], py[i] - py[i - 1]),
          position: plane.lonLat(x, y),
        });
      }
    }
  }
  found.sort((a, b) => a.offset - b.offset || a.crownDepth - b.crownDepth || (a.id < b.id ? -1 : 1));
  const pairs = sectionPairs(found, table);
  const ground: CrossSection['ground'] = [];
  if (found.length > 0) {
    ground.push({ offset: 0, elevation: found[0].ground });
    for (const s of found) ground.push({ offset: s.offset, elevation: s.ground });
    ground.push({ offset: length, elevation: found[found.length - 1].ground });
  }
  return { kind: 'cross-section', line: line.map((p) => [p[0], p[1]]), length, pipes: found, ground, pairs, violations: pairs.filter((q) => q.ok === false).length };
}

/**
 * Clear distances between neighbours: every pair overlapping in plan gets a vertical clearance (the upper pipe's
 * bottom to the lower pipe's top); each pipe and the next one that does not overlap it get a horizontal one.
 */
export function sectionPairs(pipes: readonly SectionPipe[], table: ClearanceTable = DEFAULT_CLEARANCES): ClearancePair[] {
  const out: ClearancePair[] = [];
  for (let i = 0; i < pipes.length; i++) {
    const a = pipes[i];
    let horizontalDone = false;
    for (let j = i + 1; j < pipes.length; j++) {
      const b = pipes[j];
      const gap = b.offset - b.width / 2 - (a.offset + a.width / 2);
      if (gap < 0) {
        const [upper, lower] = a.crownDepth <= b.crownDepth ? [a, b] : [b, a];
        const clear = lower.crownDepth - upper.invertDepth;
        const rule = verticalRule(a.cls, b.cls, table);
        out.push(pair(a.id, b.id, 'vertical', clear, rule));
      } else if (!horizontalDone) {
        horizontalDone = true;
        out.push(pair(a.id, b.id, 'horizontal', gap, horizontalRule(a.cls, b.cls, table)));
      }
      // pipes beyond the first that does not overlap and further than any rule cannot matter
      if (horizontalDone && b.offset - b.width / 2 - (a.offset + a.width / 2) > 10) break;
    }
  }
  return out;
}

function pair(a: string, b: string, kind: ClearancePair['kind'], clear: number, rule: { min: number; sure: ClearancePair['sure']; source: string } | undefined): ClearancePair {
  const r = round3(clear);
  if (!rule) return { a, b, kind, clear: r, min: null, sure: null, source: null, ok: null };
  return { a, b, kind, clear: r, min: rule.min, sure: rule.sure, source: rule.source, ok: r >= rule.min - 1e-9 };
}

export function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}
