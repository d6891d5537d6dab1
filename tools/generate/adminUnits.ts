/**
 * Administrative units for a generated dataset (docs/admin-units.md): districts (区县) and streets (镇街) with their
 * real names around Yuzhong, and grids (网格) of 200–400 m generated over them.
 *
 * How: a lattice of square blocks (`cellSize` across, turned like the Yuzhong street grid) covers the dataset's bbox; each
 * block takes the district of its centre (the generator's own district rule, so pipes, owners and units agree) and,
 * within it, the street whose hand-placed centre is nearest (E: positions to a few hundred metres). A grid is one
 * block; a street is the union of its blocks and a district the union of its streets, traced along the lattice, so the
 * levels nest exactly (every grid inside one street, every street inside one district) and cover the bbox without
 * gaps or overlaps, the rivers included (districts meet mid-river, as real boundaries do). Deterministic: no random
 * numbers, the same bbox gives the same file.
 *
 * `writeAdminIndex` then places the dataset in the grids (admin-index.json: each monitored asset's grid, pipe length
 * per grid and category) with the roll-up's own locator (src/analysis/rollup.ts); prepare runs it again when a user
 * brings their own admin.geojson.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AdminCollection, AdminFeature, AdminUnitProps } from '../../src/domain/adminUnits';
import { parseAdminUnits } from '../../src/domain/adminUnits';
import type { LonLat, PipeNode, PipeSegment, SensorDef } from '../../src/domain/schema';
import { buildAdminIndex, GridLocator, polylineMiddle } from '../../src/analysis/rollup';
import { forEachRecord } from '../dataset/read';
import { DISTRICTS } from './area';
import { round, rotate, type LocalFrame, type XY } from './geo';
import { writeJSON } from './write';

/** Grid block size, metres: 400, down to 200 for small areas (so even a test dataset has a few dozen grids). */
export function cellSize(areaM2: number): number {
  return Math.round(Math.min(400, Math.max(200, Math.sqrt(areaM2 / 30))));
}
/** Turn of the lattice, radians from east: the Yuzhong street grid's (area.ts REGION_ROTATION.yuzhong). */
const LATTICE_TURN = (9 * Math.PI) / 180;

/** Official division codes of the districts (行政区划代码). */
const DISTRICT_CODE: Record<string, string> = {
  yuzhong: '500103',
  jiangbei: '500105',
  shapingba: '500106',
  jiulongpo: '500107',
  nanan: '500108',
};

interface StreetSeed {
  district: string;
  name: string;
  nameEn: string;
  at: LonLat;
}

/** Streets (街道) by district with a rough centre each (E, a few hundred metres). Order gives the street ids. */
const STREETS: readonly StreetSeed[] = [
  { district: 'yuzhong', name: '朝天门街道', nameEn: 'Chaotianmen Subdistrict', at: [106.583, 29.563] },
  { district: 'yuzhong', name: '解放碑街道', nameEn: 'Jiefangbei Subdistrict', at: [106.576, 29.557] },
  { district: 'yuzhong', name: '南纪门街道', nameEn: 'Nanjimen Subdistrict', at: [106.565, 29.549] },
  { district: 'yuzhong', name: '七星岗街道', nameEn: 'Qixinggang Subdistrict', at: [106.561, 29.557] },
  { district: 'yuzhong', name: '大溪沟街道', nameEn: 'Daxigou Subdistrict', at: [106.551, 29.566] },
  { district: 'yuzhong', name: '上清寺街道', nameEn: 'Shangqingsi Subdistrict', at: [106.542, 29.562] },
  { district: 'yuzhong', name: '两路口街道', nameEn: 'Lianglukou Subdistrict', at: [106.545, 29.553] },
  { district: 'yuzhong', name: '菜园坝街道', nameEn: 'Caiyuanba Subdistrict', at: [106.549, 29.545] },
  { district: 'yuzhong', name: '化龙桥街道', nameEn: 'Hualongqiao Subdistrict', at: [106.522, 29.564] },
  { district: 'yuzhong', name: '大坪街道', nameEn: 'Daping Subdistrict', at: [106.524, 29.548] },
  { district: 'yuzhong', name: '石油路街道', nameEn: 'Shiyoulu Subdistrict', at: [106.512, 29.543] },
  { district: 'jiangbei', name: '华新街街道', nameEn: 'Huaxinjie Subdistrict', at: [106.565, 29.576] },
  { district: 'jiangbei', name: '观音桥街道', nameEn: 'Guanyinqiao Subdistrict', at: [106.532, 29.578] },
  { district: 'jiangbei', name: '五里店街道', nameEn: 'Wulidian Subdistrict', at: [106.588, 29.588] },
  { district: 'jiangbei', name: '大石坝街道', nameEn: 'Dashiba Subdistrict', at: [106.510, 29.590] },
  { district: 'jiangbei', name: '寸滩街道', nameEn: 'Cuntan Subdistrict', at: [106.602, 29.606] },
  { district: 'jiangbei', name: '石马河街道', nameEn: 'Shimahe Subdistrict', at: [106.500, 29.605] },
  { district: 'nanan', name: '弹子石街道', nameEn: 'Danzishi Subdistrict', at: [106.598, 29.566] },
  { district: 'nanan', name: '龙门浩街道', nameEn: 'Longmenhao Subdistrict', at: [106.589, 29.552] },
  { district: 'nanan', name: '海棠溪街道', nameEn: 'Haitangxi Subdistrict', at: [106.575, 29.539] },
  { district: 'nanan', name: '南坪街道', nameEn: 'Nanping Subdistrict', at: [106.565, 29.526] },
  { district: 'nanan', name: '铜元局街道', nameEn: 'Tongyuanju Subdistrict', at: [106.552, 29.534] },
  { district: 'nanan', name: '花园路街道', nameEn: 'Huayuanlu Subdistrict', at: [106.556, 29.513] },
  { district: 'shapingba', name: '土湾街道', nameEn: 'Tuwan Subdistrict', at: [106.484, 29.570] },
  { district: 'shapingba', name: '小龙坎街道', nameEn: 'Xiaolongkan Subdistrict', at: [106.462, 29.566] },
  { district: 'shapingba', name: '渝碚路街道', nameEn: 'Yubeilu Subdistrict', at: [106.468, 29.553] },
  { district: 'shapingba', name: '磁器口街道', nameEn: 'Ciqikou Subdistrict', at: [106.448, 29.580] },
  { district: 'shapingba', name: '天星桥街道', nameEn: 'Tianxingqiao Subdistrict', at: [106.458, 29.545] },
  { district: 'jiulongpo', name: '渝州路街道', nameEn: 'Yuzhoulu Subdistrict', at: [106.490, 29.535] },
  { district: 'jiulongpo', name: '石桥铺街道', nameEn: 'Shiqiaopu Subdistrict', at: [106.474, 29.528] },
  { district: 'jiulongpo', name: '谢家湾街道', nameEn: 'Xiejiawan Subdistrict', at: [106.520, 29.525] },
  { district: 'jiulongpo', name: '石坪桥街道', nameEn: 'Shipingqiao Subdistrict', at: [106.496, 29.519] },
  { district: 'jiulongpo', name: '杨家坪街道', nameEn: 'Yangjiaping Subdistrict', at: [106.510, 29.508] },
  { district: 'jiulongpo', name: '黄桷坪街道', nameEn: 'Huangjueping Subdistrict', at: [106.525, 29.494] },
];

export interface AdminInput {
  frame: LocalFrame;
  /** [west, south, east, north] the units cover, degrees */
  bbox: readonly [number, number, number, number];
  /** the generator's district key at a local point */
  district: (p: XY) => string;
}

type Vertex = [number, number];

/**
 * Outlines of a set of lattice cells (i, j) as polygons with holes, in lattice coordinates: boundary edges run with
 * the inside on their left (outer rings anticlockwise, holes clockwise); where two cells touch only at a corner the
 * trace turns left, so each stays its own polygon.
 */
export function traceCells(cells: ReadonlySet<string>): Vertex[][][] {
  const has = (i: number, j: number): boolean => cells.has(`${i},${j}`);
  const out = new Map<string, Vertex[]>();
  const add = (a: Vertex, b: Vertex): void => {
    const k = `${a[0]},${a[1]}`;
    const list = out.get(k);
    if (list) list.push(b);
    else out.set(k, [b]);
  };
  for (const key of cells) {
    const [i, j] = key.split(',').map(Number);
    if (!has(i, j - 1)) add([i, j], [i + 1, j]);
    if (!has(i + 1, j)) add([i + 1, j], [i + 1, j + 1]);
    if (!has(i, j + 1)) add([i + 1, j + 1], [i, j + 1]);
    if (!has(i - 1, j)) add([i, j + 1], [i, j]);
  }
  const rings: Vertex[][] = [];
  const starts = [...out.keys()].sort();
  for (const s of starts) {
    while ((out.get(s)?.length ?? 0) > 0) {
      const start = s.split(',').map(Number) as Vertex;
      const ring: Vertex[] = [start];
      let prev = start;
      let cur = (out.get(s) as Vertex[]).shift() as Vertex;
      while (!(cur[0] === start[0] && cur[1] === start[1])) {
        ring.push(cur);
        const k = `${cur[0]},${cur[1]}`;
        const options = out.get(k) ?? [];
        const dx = cur[0] - prev[0];
        const dy = cur[1] - prev[1];
        // left turn first, then straight on, then right
        const prefs: Vertex[] = [
          [cur[0] - dy, cur[1] + dx],
          [cur[0] + dx, cur[1] + dy],
          [cur[0] + dy, cur[1] - dx],
        ];
        const pick = prefs.findIndex((p) => options.some((o) => o[0] === p[0] && o[1] === p[1]));
        if (pick < 0) throw new Error(`lattice trace broke at ${k}`);
        const next = prefs[pick];
        options.splice(options.findIndex((o) => o[0] === next[0] && o[1] === next[1]), 1);
        prev = cur;
        cur = next;
      }
      rings.push(dropCollinear(ring));
    }
  }
  const signed = (r: Vertex[]): number => {
    let a = 0;
    for (let k = 0; k < r.length; k++) {
      const p = r[k];
      const q = r[(k + 1) % r.length];
      a += p[0] * q[1] - q[0] * p[1];
    }
    return a / 2;
  };
  const polys: Vertex[][][] = rings.filter((r) => signed(r) > 0).map((r) => [r]);
  for (const hole of rings.filter((r) => signed(r) < 0)) {
    // a hole's corner lies strictly inside one outer ring: test the middle of its first cell edge, nudged inside
    const a = hole[0];
    const b = hole[1];
    const probe: Vertex = [(a[0] + b[0]) / 2 + (b[1] - a[1]) * 0.01 * -1, (a[1] + b[1]) / 2 + (b[0] - a[0]) * 0.01];
    // the smallest outer ring around it (an island inside another unit's hole lies inside two)
    const owners = polys.filter((p) => inRing(probe, p[0])).sort((x, y) => Math.abs(signed(x[0])) - Math.abs(signed(y[0])));
    const owner = owners[0] ?? polys[0];
    owner?.push(hole);
  }
  return polys;
}

function dropCollinear(ring: Vertex[]): Vertex[] {
  return ring.filter((p, k) => {
    const a = ring[(k - 1 + ring.length) % ring.length];
    const b = ring[(k + 1) % ring.length];
    return (p[0] - a[0]) * (b[1] - p[1]) - (p[1] - a[1]) * (b[0] - p[0]) !== 0;
  });
}

function inRing(p: Vertex, ring: readonly Vertex[]): boolean {
  let inside = false;
  for (let k = 0, m = ring.length - 1; k < ring.length; m = k++) {
    const a = ring[k];
    const b = ring[m];
    if (a[1] > p[1] !== b[1] > p[1] && p[0] < ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0]) inside = !inside;
  }
  return inside;
}

/** The units of a bbox: districts, then streets, then grids (the order parseAdminUnits reads them in). */
export function buildAdminUnits(inp: AdminInput): AdminCollection {
  const { frame } = inp;
  const [w, s, e, n] = inp.bbox;
  const corners = [frame.toXY([w, s]), frame.toXY([e, s]), frame.toXY([e, n]), frame.toXY([w, n])];
  const box = [Math.min(...corners.map((c) => c[0])), Math.min(...corners.map((c) => c[1])), Math.max(...corners.map((c) => c[0])), Math.max(...corners.map((c) => c[1]))];
  // lattice coordinates of the box corners → the cell range covering it
  const CELL_M = cellSize((box[2] - box[0]) * (box[3] - box[1]));
  const toLattice = (p: XY): XY => rotate(p, -LATTICE_TURN);
  const fromLattice = (i: number, j: number): XY => rotate([i * CELL_M, j * CELL_M], LATTICE_TURN);
  const lc = corners.map(toLattice);
  const i0 = Math.floor(Math.min(...lc.map((c) => c[0])) / CELL_M);
  const i1 = Math.ceil(Math.max(...lc.map((c) => c[0])) / CELL_M);
  const j0 = Math.floor(Math.min(...lc.map((c) => c[1])) / CELL_M);
  const j1 = Math.ceil(Math.max(...lc.map((c) => c[1])) / CELL_M);
  const seeds = STREETS.map((st, k) => ({ ...st, k, xy: frame.toXY(st.at) }));

  /** street index → its cells (lattice keys), in row order from the north-west */
  const streetCells = new Map<number, { i: number; j: number }[]>();
  for (let j = j1 - 1; j >= j0; j--) {
    for (let i = i0; i < i1; i++) {
      const c = fromLattice(i + 0.5, j + 0.5);
      if (c[0] < box[0] || c[0] > box[2] || c[1] < box[1] || c[1] > box[3]) continue;
      const d = inp.district(c);
      let best = -1;
      let bestD = Infinity;
      for (const sd of seeds) {
        if (sd.district !== d) continue;
        const dd = Math.hypot(sd.xy[0] - c[0], sd.xy[1] - c[1]);
        if (dd < bestD) {
          bestD = dd;
          best = sd.k;
        }
      }
      if (best < 0) continue; // a district without streets on the list: left out (no such case in the sample area)
      const list = streetCells.get(best);
      if (list) list.push({ i, j });
      else streetCells.set(best, [{ i, j }]);
    }
  }

  const toLonLat = (v: Vertex): LonLat => {
    const p = frame.toLonLat(fromLattice(v[0], v[1]));
    return [round(p[0], 7), round(p[1], 7)];
  };
  const geometry = (cells: Iterable<{ i: number; j: number }>): AdminFeature['geometry'] => {
    const polys = traceCells(new Set([...cells].map((c) => `${c.i},${c.j}`))).map((rings) =>
      rings.map((r) => {
        const ll = r.map(toLonLat);
        ll.push(ll[0]);
        return ll;
      }),
    );
    return polys.length === 1 ? { type: 'Polygon', coordinates: polys[0] } : { type: 'MultiPolygon', coordinates: polys };
  };
  const feature = (props: AdminUnitProps, cells: Iterable<{ i: number; j: number }>): AdminFeature => ({ type: 'Feature', properties: props, geometry: geometry(cells) });

  const districts: AdminFeature[] = [];
  const streets: AdminFeature[] = [];
  const grids: AdminFeature[] = [];
  const districtKeys = Object.keys(DISTRICTS).filter((d) => [...streetCells.keys()].some((k) => STREETS[k].district === d));
  for (const dk of districtKeys) {
    const code = DISTRICT_CODE[dk] ?? dk;
    const def = DISTRICTS[dk];
    const mine = [...streetCells.keys()].filter((k) => STREETS[k].district === dk).sort((a, b) => a - b);
    districts.push(feature({ id: code, level: 'district', name: def.name, nameEn: def.nameEn, parent: null, code }, mine.flatMap((k) => streetCells.get(k) ?? [])));
    for (const k of mine) {
      const st = STREETS[k];
      const serial = STREETS.slice(0, k + 1).filter((x) => x.district === dk).length;
      const sid = `${code}${String(serial).padStart(3, '0')}`;
      const cells = streetCells.get(k) ?? [];
      streets.push(feature({ id: sid, level: 'street', name: st.name, nameEn: st.nameEn, parent: code }, cells));
      cells.forEach((c, g) => {
        const no = g + 1;
        grids.push(
          feature(
            { id: `${sid}-${String(no).padStart(3, '0')}`, level: 'grid', name: `${st.name.replace(/街道$/, '')}第${no}网格`, nameEn: `${st.nameEn.replace(/ Subdistrict$/, '')} grid ${no}`, parent: sid },
            [c],
          ),
        );
      });
    }
  }
  return { type: 'FeatureCollection', features: [...districts, ...streets, ...grids] };
}

/**
 * admin-index.json for a dataset folder holding admin.geojson: the grid of every monitored asset (sensors.json) and
 * river section (sections.geojson), and pipe length per grid and category. Returns the number of grids.
 */
export function writeAdminIndex(dir: string): { grids: number; placed: number; assets: number } {
  const { tree } = parseAdminUnits(JSON.parse(readFileSync(join(dir, 'admin.geojson'), 'utf8')));
  const locator = new GridLocator(tree);
  const sensors = existsSync(join(dir, 'sensors.json')) ? (JSON.parse(readFileSync(join(dir, 'sensors.json'), 'utf8')) as SensorDef[]) : [];
  const wanted = new Set(sensors.map((x) => x.asset));
  const points: { id: string; at: readonly [number, number] }[] = [];
  forEachRecord<PipeNode>(join(dir, 'nodes.ndjson'), (node) => {
    if (wanted.has(node.id)) points.push({ id: node.id, at: [node.position[0], node.position[1]] });
  });
  const sectionsPath = join(dir, 'sections.geojson');
  if (existsSync(sectionsPath)) {
    const fc = JSON.parse(readFileSync(sectionsPath, 'utf8')) as { features: { properties: { id: string }; geometry: { type: string; coordinates: number[][] } }[] };
    for (const f of fc.features) if (f.geometry?.type === 'LineString') points.push({ id: f.properties.id, at: polylineMiddle(f.geometry.coordinates) });
  }
  // segments stream through once: their lengths per grid, and the middles of the monitored ones
  const segmentPoints: { id: string; at: readonly [number, number] }[] = [];
  const index = buildAdminIndex(locator, [], (add) => {
    forEachRecord<PipeSegment>(join(dir, 'segments.ndjson'), (seg) => {
      add(seg.cat, seg.coords);
      if (wanted.has(seg.id)) segmentPoints.push({ id: seg.id, at: polylineMiddle(seg.coords) });
    });
  });
  for (const p of [...segmentPoints, ...points]) {
    const g = locator.locate(p.at[0], p.at[1]);
    if (g !== null) index.assets[p.id] = g;
  }
  points.push(...segmentPoints);
  writeJSON(join(dir, 'admin-index.json'), index);
  return { grids: tree.byLevel.grid.length, placed: Object.keys(index.assets).length, assets: points.length };
}
