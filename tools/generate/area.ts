/**
 * Where a dataset lies and what the land is like: the bounding box for a requested size, the land regions the rivers
 * cut the city into, their districts, and a plausible ground elevation (riverside roads ~190–200 m, the Yuzhong ridge
 * and the hills behind the banks 250–370 m; E).
 */
import type { LonLat } from '../../src/domain/schema';
import type { XY } from './geo';
import { valueNoise2 } from './prng';
import type { WaterIndex } from './rivers';

/** Land cut by the two rivers. "yuzhong" is the peninsula and the land west of it (Shapingba / Jiulongpo). */
export type Region = 'yuzhong' | 'jiangbei' | 'nanan';
export const REGIONS: readonly Region[] = ['yuzhong', 'jiangbei', 'nanan'];

/** Street grid orientation per region, radians from east (roughly the local river direction). */
export const REGION_ROTATION: Record<Region, number> = {
  yuzhong: (9 * Math.PI) / 180,
  jiangbei: (-6 * Math.PI) / 180,
  nanan: (52 * Math.PI) / 180,
};

export interface AreaSpec {
  bbox: [number, number, number, number];
  centre: LonLat;
  /** total area of the bbox, km² */
  areaKm2: number;
}

/** Small datasets sit around the Qiansimen bridge (both banks of the Jialing, Hongyadong, Jiangbeizui). */
const SMALL_CENTRE: LonLat = [106.5785, 29.5672];
/** From ~30,000 segments on: Yuzhong peninsula with the banks opposite. */
const LARGE_CENTRE: LonLat = [106.566, 29.5605];

/**
 * Bounding box for a target segment count: about 1,500 segments per km² of bbox (water included) — a realistic
 * density for surveyed city streets —, at least 1.8 km², at most 550 km² (beyond that the network gets denser instead
 * of larger). Aspect about 5:4.
 */
export function areaFor(segments: number): AreaSpec {
  const areaKm2 = Math.min(550, Math.max(1.8, segments / 1500));
  const t = Math.min(1, Math.max(0, Math.log(segments / 500) / Math.log(30000 / 500)));
  const lon = SMALL_CENTRE[0] + (LARGE_CENTRE[0] - SMALL_CENTRE[0]) * t;
  const lat = SMALL_CENTRE[1] + (LARGE_CENTRE[1] - SMALL_CENTRE[1]) * t;
  const wKm = Math.sqrt(areaKm2 * 1.25);
  const hKm = areaKm2 / wKm;
  const dLon = wKm / 2 / (111.32 * Math.cos((lat * Math.PI) / 180));
  const dLat = hKm / 2 / 110.57;
  const r = (v: number): number => Math.round(v * 1e6) / 1e6;
  return { bbox: [r(lon - dLon), r(lat - dLat), r(lon + dLon), r(lat + dLat)], centre: [lon, lat], areaKm2 };
}

export function regionOf(water: WaterIndex, p: XY): Region {
  // rivers[0] = Yangtze (flows SW → NE: right = south/east bank), rivers[1] = Jialing (flows W → E: left = north).
  if (water.side(p, 0) < 0) return 'nanan';
  return water.side(p, 1) > 0 ? 'jiangbei' : 'yuzhong';
}

export interface District {
  name: string;
  nameEn: string;
  short: string;
  /** label anchor when the district has land in the bbox */
}

export const DISTRICTS: Record<string, District> = {
  yuzhong: { name: '渝中区', nameEn: 'Yuzhong District', short: '渝中' },
  jiangbei: { name: '江北区', nameEn: 'Jiangbei District', short: '江北' },
  nanan: { name: '南岸区', nameEn: "Nan'an District", short: '南岸' },
  shapingba: { name: '沙坪坝区', nameEn: 'Shapingba District', short: '沙坪坝' },
  jiulongpo: { name: '九龙坡区', nameEn: 'Jiulongpo District', short: '九龙坡' },
};

/** District key for a point in a region (coarse, E). */
export function districtOf(region: Region, p: LonLat): keyof typeof DISTRICTS {
  const [lon, lat] = p;
  if (region === 'nanan') return 'nanan';
  if (region === 'jiangbei') return lon < 106.47 ? 'shapingba' : 'jiangbei';
  if (lon < 106.49) return lat > 29.545 ? 'shapingba' : 'jiulongpo';
  if (lat < 29.525 || (lon < 106.515 && lat < 29.54)) return 'jiulongpo';
  return 'yuzhong';
}

/**
 * Ground elevation (1985 datum, metres) from the distance to the water's edge: the bank at ~186 m, riverside roads
 * 190–200 m, rising over ~500 m to hills of 250–360 m whose height varies over kilometres. The elevation grows with the
 * distance from the water almost everywhere (few closed hollows), so the land drains to the rivers as it does in
 * reality; that keeps gravity sewers at sane depths.
 */
export function groundAt(seed: number, p: XY, landDist: number): number {
  const d = Math.max(0, landDist);
  const ridge = 300 + 40 * valueNoise2(seed + 101, p[0] / 3500, p[1] / 3500) + 10 * valueNoise2(seed + 202, p[0] / 1600, p[1] / 1600);
  const rise = 1 - Math.exp(-Math.max(0, d - 25) / 480);
  const local = 0.8 * valueNoise2(seed + 303, p[0] / 120, p[1] / 120);
  return 186 + Math.min(d, 25) * 0.28 + (ridge - 193) * rise + local * rise;
}
