/**
 * CJJ 61-2017 tables as data: categories (Appendix B), sub-types, materials (Table C.0.1), burial methods
 * (Table C.0.2). The one place that knows these codes and colours; nothing else hard-codes them.
 * Source and certainty: shared/reference/standards.md §1.
 */
import type { CategoryCode } from './schema';

export type RGB = readonly [number, number, number];

export interface CategoryDef {
  code: CategoryCode;
  /** CJJ 61 category digit used in feature codes. */
  digit: number;
  zh: string;
  en: string;
  /** The standard's colour: the category's identity. */
  standard: RGB;
  /**
   * Display colour on the dark operations-centre theme. Same hue as the standard colour; lightness is lifted where
   * the standard colour reads badly on dark (brown drainage, black industrial). The legend says so.
   */
  display: RGB;
  subs: readonly SubTypeDef[];
}

export interface SubTypeDef {
  code: string;
  zh: string;
  en: string;
}

export const CATEGORIES: readonly CategoryDef[] = [
  {
    code: 'JS', digit: 1, zh: '给水', en: 'Water supply', standard: [0, 255, 255], display: [0, 255, 255],
    subs: [
      { code: 'JY', zh: '原水', en: 'Raw water' },
      { code: 'SS', zh: '输水', en: 'Transmission' },
      { code: 'ZS', zh: '中水', en: 'Reclaimed water' },
      { code: 'JP', zh: '配水', en: 'Distribution' },
      { code: 'JZ', zh: '直饮水', en: 'Drinking water' },
      { code: 'XS', zh: '消防', en: 'Fire water' },
      { code: 'LS', zh: '绿化', en: 'Irrigation' },
      { code: 'JH', zh: '循环', en: 'Circulating' },
    ],
  },
  {
    // Brown (76,57,38) is nearly invisible on a dark screen: same hue (30°), lightness lifted.
    code: 'PS', digit: 2, zh: '排水', en: 'Drainage', standard: [76, 57, 38], display: [176, 132, 88],
    subs: [
      { code: 'YS', zh: '雨水', en: 'Storm water' },
      { code: 'WS', zh: '污水', en: 'Sewage' },
      { code: 'HS', zh: '雨污合流', en: 'Combined sewer' },
    ],
  },
  {
    code: 'RQ', digit: 3, zh: '燃气', en: 'Gas', standard: [255, 0, 255], display: [255, 0, 255],
    subs: [
      { code: 'MQ', zh: '煤气', en: 'Town gas' },
      { code: 'YH', zh: '液化气', en: 'LPG' },
      { code: 'TR', zh: '天然气', en: 'Natural gas' },
    ],
  },
  {
    code: 'RL', digit: 4, zh: '热力', en: 'Heat', standard: [255, 128, 0], display: [255, 128, 0],
    subs: [
      { code: 'RS', zh: '热水', en: 'Hot water' },
      { code: 'ZQ', zh: '蒸汽', en: 'Steam' },
    ],
  },
  {
    code: 'DL', digit: 5, zh: '电力', en: 'Power', standard: [255, 0, 0], display: [255, 0, 0],
    subs: [
      { code: 'GD', zh: '供电', en: 'Power supply' },
      { code: 'LD', zh: '路灯', en: 'Street lighting' },
      { code: 'XH', zh: '交通信号', en: 'Traffic signals' },
      { code: 'DC', zh: '电车', en: 'Tram / trolleybus' },
      { code: 'GG', zh: '广告', en: 'Advertising' },
    ],
  },
  {
    code: 'TX', digit: 6, zh: '通信', en: 'Telecom', standard: [0, 255, 0], display: [0, 255, 0],
    subs: [
      { code: 'DH', zh: '电话', en: 'Telephone' },
      { code: 'DS', zh: '有线电视', en: 'Cable TV' },
      { code: 'XX', zh: '信息网络', en: 'Data network' },
      { code: 'GB', zh: '广播', en: 'Broadcast' },
    ],
  },
  {
    // Black is invisible on dark: shown as a light grey (hue-less, like black), flagged in the legend.
    code: 'GY', digit: 7, zh: '工业', en: 'Industrial', standard: [0, 0, 0], display: [170, 170, 170],
    subs: [
      { code: 'QQ', zh: '氢', en: 'Hydrogen' },
      { code: 'YQ', zh: '氧', en: 'Oxygen' },
      { code: 'GQ', zh: '乙炔', en: 'Acetylene' },
    ],
  },
  {
    code: 'QT', digit: 8, zh: '其他', en: 'Other', standard: [102, 0, 204], display: [150, 90, 230],
    subs: [
      { code: 'ZH', zh: '综合管廊', en: 'Utility tunnel' },
      { code: 'BM', zh: '不明管线', en: 'Unidentified' },
    ],
  },
];

export const CATEGORY_CODES: readonly CategoryCode[] = CATEGORIES.map((c) => c.code);

const byCode = new Map<string, CategoryDef>(CATEGORIES.map((c) => [c.code, c]));
const subByCode = new Map<string, { sub: SubTypeDef; cat: CategoryDef }>();
for (const cat of CATEGORIES) for (const sub of cat.subs) subByCode.set(sub.code, { sub, cat });

export function category(code: string): CategoryDef | undefined {
  return byCode.get(code);
}

export function isCategoryCode(code: string): code is CategoryCode {
  return byCode.has(code);
}

/** Sub-type by code, with its category. Note: "ZS" is both 中水 (JS) and a material code; here it is the sub-type. */
export function subType(code: string): { sub: SubTypeDef; cat: CategoryDef } | undefined {
  return subByCode.get(code);
}

/** Index of a category in CATEGORIES: a small integer for tiles and GPU tables. */
export function categoryIndex(code: CategoryCode): number {
  return CATEGORY_CODES.indexOf(code);
}

export interface CodeName {
  code: string;
  zh: string;
  en: string;
}

/** CJJ 61 Table C.0.1 material codes. */
export const MATERIALS: readonly CodeName[] = [
  { code: 'ZT', zh: '铸铁', en: 'Cast iron' },
  { code: 'G', zh: '钢', en: 'Steel' },
  { code: 'T', zh: '混凝土', en: 'Concrete' },
  { code: 'PE', zh: '聚乙烯', en: 'Polyethylene (PE)' },
  { code: 'PVC', zh: '聚氯乙烯', en: 'PVC' },
  { code: 'BLG', zh: '玻璃钢', en: 'Fibreglass (GRP)' },
  { code: 'QM', zh: '球墨铸铁', en: 'Ductile iron' },
  { code: 'ZS', zh: '砖石', en: 'Brick and stone' },
  { code: 'Z', zh: '砖', en: 'Brick' },
  { code: 'S', zh: '石', en: 'Stone' },
  { code: 'SM', zh: '石棉', en: 'Asbestos cement' },
  { code: 'TC', zh: '陶瓷', en: 'Vitrified clay' },
  { code: 'TZ', zh: '铜', en: 'Copper' },
  { code: 'GX', zh: '光纤', en: 'Optical fibre' },
];

/** CJJ 61 Table C.0.2 burial method codes. */
export const BURIAL_METHODS: readonly CodeName[] = [
  { code: 'ZM', zh: '直埋', en: 'Direct burial' },
  { code: 'GM', zh: '管埋', en: 'In conduit' },
  { code: 'GK', zh: '管块', en: 'Duct bank' },
  { code: 'GG', zh: '管沟', en: 'In trench' },
  { code: 'JK', zh: '架空', en: 'Overhead' },
  { code: 'ZH', zh: '综合管廊', en: 'Utility tunnel' },
  { code: 'DG', zh: '顶管', en: 'Pipe jacking' },
  { code: 'SX', zh: '水下', en: 'Underwater' },
];

const materialByCode = new Map(MATERIALS.map((m) => [m.code, m]));
const burialByCode = new Map(BURIAL_METHODS.map((m) => [m.code, m]));

export function material(code: string): CodeName | undefined {
  return materialByCode.get(code);
}

export function burialMethod(code: string): CodeName | undefined {
  return burialByCode.get(code);
}

/** CSS colour string for a category's display colour. */
export function cssColor(rgb: RGB): string {
  return `rgb(${rgb[0]}, ${rgb[1]}, ${rgb[2]})`;
}
