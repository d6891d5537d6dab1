/**
 * The overlay GeoJSON files: rivers (water polygons + centrelines), streets, monitoring sections, riverbank projects,
 * outfalls and labels. Pure functions from the generated geometry to FeatureCollections.
 */
import type {
  LabelProps, LonLat, OutfallProps, ProjectProps, RiverProps, SectionProps, StreetProps,
} from '../../src/domain/schema';
import { DISTRICTS } from './area';
import { dist, type LocalFrame, type XY } from './geo';
import { BRIDGES, LANDMARKS, PHASES, PROJECT_NAMES, SECTIONS, type NamePair } from './names';
import type { PipeNetwork } from './network';
import { Rng } from './prng';
import { offsetPoint, waterRing, type RiverGeom, type WaterIndex } from './rivers';
import { BANK_ROAD_OFFSET, streetPath, type StreetNet } from './streets';

export interface Feature<G, P> {
  type: 'Feature';
  geometry: G;
  properties: P;
}
export interface FC<G, P> {
  type: 'FeatureCollection';
  features: Feature<G, P>[];
}
export type LineGeom = { type: 'LineString'; coordinates: LonLat[] };
export type PolyGeom = { type: 'Polygon'; coordinates: LonLat[][] };
export type PointGeom = { type: 'Point'; coordinates: LonLat };

export interface OverlayInput {
  frame: LocalFrame;
  water: WaterIndex;
  net: StreetNet;
  pn: PipeNetwork;
  /** final dataset bbox, degrees */
  bbox: [number, number, number, number];
  seed: number;
  district: (p: XY) => string;
}

function fc<G, P>(features: Feature<G, P>[]): FC<G, P> {
  return { type: 'FeatureCollection', features };
}

function inBbox(p: LonLat, b: [number, number, number, number], marginDeg = 0): boolean {
  return p[0] >= b[0] - marginDeg && p[0] <= b[2] + marginDeg && p[1] >= b[1] - marginDeg && p[1] <= b[3] + marginDeg;
}

/** vertex range of a river within the bbox grown by `marginDeg`, or null */
function riverRange(r: RiverGeom, frame: LocalFrame, bbox: [number, number, number, number], marginDeg: number): [number, number] | null {
  let i0 = -1;
  let i1 = -1;
  r.line.forEach((p, i) => {
    if (inBbox(frame.toLonLat(p), bbox, marginDeg)) {
      if (i0 < 0) i0 = i;
      i1 = i;
    }
  });
  if (i0 < 0) return null;
  return [Math.max(0, i0 - 1), Math.min(r.line.length - 1, i1 + 1)];
}

function ringCCW(ring: LonLat[]): LonLat[] {
  let a = 0;
  for (let i = 0; i < ring.length - 1; i++) a += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return a < 0 ? [...ring].reverse() : ring;
}

export function riversGeoJSON(inp: OverlayInput): FC<PolyGeom | LineGeom, RiverProps> {
  const out: Feature<PolyGeom | LineGeom, RiverProps>[] = [];
  for (const r of inp.water.rivers) {
    const range = riverRange(r, inp.frame, inp.bbox, 0.02);
    if (!range) continue;
    const props = { river: r.def.id, name: r.def.name, nameEn: r.def.nameEn };
    const ring = waterRing(r, range[0], range[1]).map((p) => inp.frame.toLonLatRounded(p));
    out.push({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [ringCCW(ring)] }, properties: { kind: 'water', ...props } });
    const line = r.line.slice(range[0], range[1] + 1).map((p) => inp.frame.toLonLatRounded(p));
    out.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: line }, properties: { kind: 'centreline', ...props } });
  }
  return fc(out);
}

export function streetsGeoJSON(inp: OverlayInput): FC<LineGeom, StreetProps> {
  return fc(
    inp.net.streets.map((s) => ({
      type: 'Feature' as const,
      geometry: { type: 'LineString' as const, coordinates: streetPath(inp.net, s).map((p) => inp.frame.toLonLatRounded(p)) },
      properties: { id: s.id, name: s.name, nameEn: s.nameEn, class: s.cls, width: s.width },
    })),
  );
}

/** Sections near the bbox from names.ts, plus a generic one on any river reach in the bbox that has none. */
export function sectionsGeoJSON(inp: OverlayInput): FC<LineGeom, SectionProps> {
  const out: Feature<LineGeom, SectionProps>[] = [];
  const across = (r: RiverGeom, i: number): LonLat[] => [
    inp.frame.toLonLatRounded(offsetPoint(r, i, r.half[i] + 40)),
    inp.frame.toLonLatRounded(offsetPoint(r, i, -(r.half[i] + 40))),
  ];
  const covered = new Set<string>();
  for (const s of SECTIONS) {
    if (!inBbox(s.at, inp.bbox, 0.003)) continue;
    const ri = inp.water.rivers.findIndex((r) => r.def.id === s.river);
    const r = inp.water.rivers[ri];
    const p = inp.frame.toXY(s.at);
    let bi = 0;
    r.line.forEach((q, i) => {
      if (dist(q, p) < dist(r.line[bi], p)) bi = i;
    });
    covered.add(s.river);
    out.push({
      type: 'Feature', geometry: { type: 'LineString', coordinates: across(r, bi) },
      properties: { id: s.id, name: s.zh, nameEn: s.en, river: s.river, targetClass: s.targetClass, level: s.level },
    });
  }
  for (const r of inp.water.rivers) {
    if (covered.has(r.def.id)) continue;
    const inside = r.line.map((p, i) => ({ p, i })).filter(({ p }) => inBbox(inp.frame.toLonLat(p), inp.bbox));
    if (inside.length === 0) continue;
    const i = inside[inside.length >> 1].i;
    const dk = inp.district(offsetPoint(r, i, r.half[i] + 100));
    out.push({
      type: 'Feature', geometry: { type: 'LineString', coordinates: across(r, i) },
      properties: {
        id: `WQ-${r.def.id.toUpperCase()}-${DISTRICTS[dk].nameEn.split(' ')[0].toUpperCase().replace(/[^A-Z]/g, '')}`,
        name: `${r.def.name}${DISTRICTS[dk].short}断面`, nameEn: `${r.def.nameEn} ${DISTRICTS[dk].nameEn.replace(' District', '')} section`,
        river: r.def.id, targetClass: r.def.id === 'yangtze' ? 2 : 3, level: 'municipal',
      },
    });
  }
  return fc(out);
}

/** Strips of land between the water and the riverside road, ~0.6–1.5 km long, named per bank. */
export function projectsGeoJSON(inp: OverlayInput): FC<PolyGeom, ProjectProps> {
  const rng = new Rng(inp.seed).fork('projects');
  const out: Feature<PolyGeom, ProjectProps>[] = [];
  const inner = 6;
  const outer = BANK_ROAD_OFFSET - 16;
  const confluence = inp.frame.toXY([106.5885, 29.5668]);
  let n = 0;
  const usedNames = new Map<string, number>();
  const nameFor = (key: string, dk: string): NamePair => {
    const pool = PROJECT_NAMES[`${key}:${dk}`] ?? PROJECT_NAMES[key];
    const k = PROJECT_NAMES[`${key}:${dk}`] ? `${key}:${dk}` : key;
    const n = usedNames.get(k) ?? 0;
    usedNames.set(k, n + 1);
    const base = pool[n % pool.length];
    const phase = Math.floor(n / pool.length);
    return phase === 0 ? base : { zh: `${base.zh}${PHASES[Math.min(phase, PHASES.length - 1)].zh}`, en: `${base.en}, ${PHASES[Math.min(phase, PHASES.length - 1)].en}` };
  };
  inp.water.rivers.forEach((r, ri) => {
    for (const side of [1, -1] as const) {
      let run: number[] = [];
      const flush = (): void => {
        if (run.length < 8) {
          run = [];
          return;
        }
        const pieceLen = 15 + rng.int(0, 20);
        for (let k = 0; k + 8 <= run.length; k += pieceLen + 3) {
          const piece = run.slice(k, k + pieceLen);
          if (piece.length < 8 || !rng.chance(0.75)) continue;
          const a = piece.map((i) => offsetPoint(r, i, side * (r.half[i] + inner)));
          const b = piece.map((i) => offsetPoint(r, i, side * (r.half[i] + outer))).reverse();
          const ring = [...a, ...b, a[0]].map((p) => inp.frame.toLonLatRounded(p));
          const midI = piece[piece.length >> 1];
          const nearConfluence = dist(r.line[midI], confluence) < 900;
          const dk = inp.district(offsetPoint(r, midI, side * (r.half[midI] + outer + 60)));
          const name = nearConfluence ? nameFor('confluence', '') : nameFor(`${r.def.id}:${side}`, dk);
          const nrm = r.normals[midI];
          const vx = side * nrm[0];
          const vy = side * nrm[1];
          const bank: ProjectProps['bank'] = Math.abs(vy) >= Math.abs(vx) ? (vy > 0 ? 'north' : 'south') : vx > 0 ? 'east' : 'west';
          n++;
          const status = rng.weighted<ProjectProps['status']>([['completed', 0.5], ['underway', 0.35], ['planned', 0.15]]);
          const year = status === 'completed' ? rng.int(2018, 2024) : status === 'underway' ? rng.int(2024, 2026) : rng.int(2026, 2028);
          out.push({
            type: 'Feature', geometry: { type: 'Polygon', coordinates: [ringCCW(ring)] },
            properties: { id: `PRJ-${String(n).padStart(3, '0')}`, name: name.zh, nameEn: name.en, bank, river: r.def.id, status, year },
          });
        }
        run = [];
      };
      for (let i = 0; i < r.line.length; i++) {
        const pIn = offsetPoint(r, i, side * (r.half[i] + inner));
        const pOut = offsetPoint(r, i, side * (r.half[i] + outer));
        const ok = inBbox(inp.frame.toLonLat(pIn), inp.bbox) && inBbox(inp.frame.toLonLat(pOut), inp.bbox)
          && inp.water.landDist(pIn) > inner - 2 && inp.water.landDist(pOut) > outer - 4;
        if (ok) run.push(i);
        else flush();
      }
      flush();
      void ri;
    }
  });
  return fc(out);
}

export function outfallsGeoJSON(inp: OverlayInput, nodeGidBase: number): FC<PointGeom, OutfallProps> {
  const out: Feature<PointGeom, OutfallProps>[] = [];
  inp.pn.nodes.forEach((n, i) => {
    if (n.type !== 'outfall') return;
    const near = inp.water.nearest(n.xy);
    const seg = inp.pn.segs[n.segs[0]];
    out.push({
      type: 'Feature', geometry: { type: 'Point', coordinates: inp.frame.toLonLatRounded(n.xy) },
      properties: {
        id: n.id, gid: nodeGidBase + i, sub: n.sub, river: near ? inp.water.rivers[near.river].def.id : 'yangtze',
        dn: seg.dn ?? seg.box?.h ?? 0,
      },
    });
  });
  return fc(out);
}

export function labelsGeoJSON(inp: OverlayInput): FC<PointGeom, LabelProps> {
  const out: Feature<PointGeom, LabelProps>[] = [];
  const pt = (p: LonLat, props: LabelProps): void => {
    out.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [Math.round(p[0] * 1e6) / 1e6, Math.round(p[1] * 1e6) / 1e6] }, properties: props });
  };
  for (const l of LANDMARKS) if (inBbox(l.at, inp.bbox)) pt(l.at, { name: l.zh, nameEn: l.en, kind: 'landmark' });
  for (const s of inp.net.streets) {
    if (s.cls !== 'bridge') continue;
    const e = inp.net.edges[s.edges[0]];
    const a = inp.net.nodes[e.a].xy;
    const b = inp.net.nodes[e.b].xy;
    const def = BRIDGES.find((x) => x.zh === s.name);
    pt(inp.frame.toLonLat([(a[0] + b[0]) / 2, (a[1] + b[1]) / 2]), { name: s.name, nameEn: def?.en ?? s.nameEn, kind: 'bridge' });
  }
  // districts: at the street node nearest the mean of the district's street nodes
  const groups = new Map<string, XY[]>();
  for (const n of inp.net.nodes) {
    if (!inBbox(inp.frame.toLonLat(n.xy), inp.bbox)) continue;
    const k = inp.district(n.xy);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(n.xy);
  }
  for (const k of Object.keys(DISTRICTS)) {
    const g = groups.get(k);
    if (!g || g.length < 3) continue;
    const m: XY = [g.reduce((s, p) => s + p[0], 0) / g.length, g.reduce((s, p) => s + p[1], 0) / g.length];
    let best = g[0];
    for (const p of g) if (dist(p, m) < dist(best, m)) best = p;
    pt(inp.frame.toLonLat(best), { name: DISTRICTS[k].name, nameEn: DISTRICTS[k].nameEn, kind: 'district' });
  }
  const centre = inp.frame.toXY([(inp.bbox[0] + inp.bbox[2]) / 2, (inp.bbox[1] + inp.bbox[3]) / 2]);
  const bridgeMids = inp.net.streets
    .filter((s) => s.cls === 'bridge')
    .map((s) => {
      const e = inp.net.edges[s.edges[0]];
      const a = inp.net.nodes[e.a].xy;
      const b = inp.net.nodes[e.b].xy;
      return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2] as XY;
    });
  for (const r of inp.water.rivers) {
    const inside = r.line.filter((p) => inBbox(inp.frame.toLonLat(p), inp.bbox));
    if (inside.length === 0) continue;
    // near the middle of the view, but not on top of a bridge label
    const score = (p: XY): number => dist(p, centre) + (bridgeMids.some((m) => dist(m, p) < 250) ? 1e6 : 0);
    let best = inside[0];
    for (const p of inside) if (score(p) < score(best)) best = p;
    pt(inp.frame.toLonLat(best), { name: r.def.name, nameEn: r.def.nameEn, kind: 'river' });
  }
  return fc(out);
}
