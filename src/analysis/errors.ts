/**
 * Typed errors of the area query. Each has a stable `code` the UI translates, `params` for the message, and one-line
 * English and Chinese messages ready to show. `message` is the English line.
 */

export type AreaErrorCode =
  | 'not-json'
  | 'not-geojson'
  | 'not-polygon'
  | 'empty'
  | 'bad-coordinates'
  | 'ring-not-closed'
  | 'too-few-vertices'
  | 'too-many-vertices'
  | 'degenerate'
  | 'self-intersecting'
  | 'hole-outside'
  | 'parts-overlap'
  | 'projected-coordinates'
  | 'degrees-as-projected'
  | 'swapped-axes'
  | 'out-of-range'
  | 'unknown-crs'
  | 'bad-filter';

export type ErrorParams = Readonly<Record<string, string | number>>;

type Template = (p: ErrorParams) => string;

const EN: Record<AreaErrorCode, Template> = {
  'not-json': (p) => `The area is not valid JSON (${p.detail}).`,
  'not-geojson': (p) => `The area is not GeoJSON: ${p.detail}.`,
  'not-polygon': (p) => `The area must be a Polygon or MultiPolygon, got ${p.type}.`,
  empty: () => 'The area has no polygon in it.',
  'bad-coordinates': (p) => `Bad coordinate at ${p.where}: every position must be two finite numbers.`,
  'ring-not-closed': (p) => `Ring ${p.where} is not closed: its last position must repeat the first.`,
  'too-few-vertices': (p) => `Ring ${p.where} has ${p.count} distinct vertices; a polygon needs at least 3.`,
  'too-many-vertices': (p) => `The area has ${p.count} vertices; at most ${p.max} are accepted.`,
  degenerate: (p) => `Ring ${p.where} has no area (its vertices lie on one line or enclose less than 1 m²).`,
  'self-intersecting': (p) => `The area's edges cross or touch themselves near ${p.at}.`,
  'hole-outside': (p) => `Hole ${p.where} is not inside its polygon's outer ring (or overlaps another hole).`,
  'parts-overlap': (p) => `MultiPolygon parts ${p.a} and ${p.b} overlap${p.at ? ` near ${p.at}` : ''}; parts may touch at points but must not overlap or share an edge.`,
  'projected-coordinates': (p) =>
    `The coordinates look projected (x ${p.x}, y ${p.y}), not longitude/latitude${p.guess ? `; probably ${p.guess}` : ''}: declare the CRS (e.g. --crs ${p.suggest}).`,
  'degrees-as-projected': (p) =>
    `The coordinates look like degrees of longitude/latitude (x ${p.x}, y ${p.y}), not metres of ${p.crs}: choose ${p.suggest} (CGCS2000 longitude/latitude) or WGS 84 longitude/latitude instead.`,
  'swapped-axes': (p) => `The coordinates look like latitude, longitude (${p.x}, ${p.y}); GeoJSON wants longitude first.`,
  'out-of-range': (p) => `Coordinate (${p.x}, ${p.y}) is outside longitude −180…180 / latitude −90…90.`,
  'unknown-crs': (p) => `Unknown or unsupported coordinate reference system: ${p.crs}.`,
  'bad-filter': (p) => `Bad filter: ${p.detail}.`,
};

const ZH: Record<AreaErrorCode, Template> = {
  'not-json': (p) => `范围不是有效的 JSON（${p.detail}）。`,
  'not-geojson': (p) => `范围不是 GeoJSON：${p.detail}。`,
  'not-polygon': (p) => `范围必须是面（Polygon 或 MultiPolygon），实际为 ${p.type}。`,
  empty: () => '范围中没有面。',
  'bad-coordinates': (p) => `坐标 ${p.where} 无效：每个坐标必须是两个有限数值。`,
  'ring-not-closed': (p) => `环 ${p.where} 未闭合：最后一个坐标必须与第一个相同。`,
  'too-few-vertices': (p) => `环 ${p.where} 只有 ${p.count} 个不同顶点，面至少需要 3 个。`,
  'too-many-vertices': (p) => `范围有 ${p.count} 个顶点，最多接受 ${p.max} 个。`,
  degenerate: (p) => `环 ${p.where} 没有面积（顶点共线或围成面积小于 1 平方米）。`,
  'self-intersecting': (p) => `范围的边在 ${p.at} 附近自相交或自接触。`,
  'hole-outside': (p) => `洞 ${p.where} 不在所属面的外环内（或与其他洞重叠）。`,
  'parts-overlap': (p) => `多面的第 ${p.a} 与第 ${p.b} 部分重叠${p.at ? `（${p.at} 附近）` : ''}：各部分可在点上相接，但不得重叠或共用边。`,
  'projected-coordinates': (p) =>
    `坐标看起来是投影坐标（x ${p.x}，y ${p.y}），不是经纬度${p.guess ? `，可能是 ${p.guess}` : ''}：请声明坐标系（如 --crs ${p.suggest}）。`,
  'degrees-as-projected': (p) =>
    `坐标看起来是经纬度（x ${p.x}，y ${p.y}），不是 ${p.crs} 的米制坐标：请改选 ${p.suggest}（CGCS2000 经纬度）或 WGS 84 经纬度。`,
  'swapped-axes': (p) => `坐标看起来是“纬度, 经度”顺序（${p.x}, ${p.y}）；GeoJSON 要求经度在前。`,
  'out-of-range': (p) => `坐标 (${p.x}, ${p.y}) 超出经度 −180…180 / 纬度 −90…90 范围。`,
  'unknown-crs': (p) => `未知或不支持的坐标系：${p.crs}。`,
  'bad-filter': (p) => `筛选条件无效：${p.detail}。`,
};

export class AreaError extends Error {
  readonly code: AreaErrorCode;
  readonly params: ErrorParams;
  readonly messageZh: string;

  constructor(code: AreaErrorCode, params: ErrorParams = {}) {
    super(EN[code](params));
    this.name = 'AreaError';
    this.code = code;
    this.params = params;
    this.messageZh = ZH[code](params);
  }

  /** Plain, structured-clone-safe form (for Worker messages and JSON output). */
  toJSON(): AreaErrorInfo {
    return { code: this.code, params: this.params, en: this.message, zh: this.messageZh };
  }
}

export interface AreaErrorInfo {
  code: AreaErrorCode;
  params: ErrorParams;
  en: string;
  zh: string;
}

export function isAreaError(e: unknown): e is AreaError {
  return e instanceof AreaError;
}
