/**
 * Presets for survey data as Chinese survey offices deliver it: column-name aliases per field of our schema (point
 * tables 物探点号, X, Y, 地面高程, 埋深, 特征, 附属物 …; line tables 起点号, 终点号, 管径 or 断面尺寸, 材质, 起点埋深,
 * 终点埋深, 权属单位, 埋设年代 …; common pinyin abbreviations), and the words used for materials, burial methods and
 * point kinds, mapped to the CJJ 61 codes of src/domain/categories.ts. A mapping file (mapping.ts) adds to these.
 */
import type { CategoryCode, NodeType } from '../../src/domain/schema';

/** The fields of our schema an input column can feed. */
export const FIELDS = [
  'id', 'from', 'to', 'x', 'y', 'ground', 'depth', 'ground0', 'ground1', 'depth0', 'depth1', 'top0', 'top1',
  'invert0', 'invert1', 'size', 'material', 'owner', 'year', 'burial', 'category', 'code', 'feature', 'appurtenance',
] as const;
export type Field = (typeof FIELDS)[number];

/** Column names per field, compared after normalising (case, spaces, a unit in brackets removed). */
export const COLUMN_ALIASES: Record<Field, readonly string[]> = {
  id: ['编号', '管线编号', '管段编号', '线编号', '物探点号', '点号', '管线点号', '点编号', '测点号', 'id', 'bh', 'gxbh', 'wtdh', 'exp_no', 'code_id'],
  from: ['起点号', '起点点号', '起始点号', '起点', '起点编号', '起点物探点号', 'qddh', 's_point', 'start_id', 'from', 'startid', 'from_id'],
  to: ['终点号', '终点点号', '终止点号', '终点', '终点编号', '终点物探点号', 'zddh', 'e_point', 'end_id', 'to', 'endid', 'to_id'],
  x: ['x', 'x坐标', '纵坐标', 'xzb', 'coord_x'],
  y: ['y', 'y坐标', '横坐标', 'yzb', 'coord_y'],
  ground: ['地面高程', '地面标高', '井口高程', '井盖高程', '高程', 'dmgc', 'ground', 'elevation'],
  depth: ['埋深', '井深', '井底埋深', '点埋深', 'ms', 'depth'],
  ground0: ['起点地面高程', '起点高程', '起点地面标高', 'qddmgc', 'ground0'],
  ground1: ['终点地面高程', '终点高程', '终点地面标高', 'zddmgc', 'ground1'],
  depth0: ['起点埋深', '起点管顶埋深', 'qdms', 's_deep', 'depth0'],
  depth1: ['终点埋深', '终点管顶埋深', 'zdms', 'e_deep', 'depth1'],
  top0: ['起点管顶高程', 'qdgdgc'],
  top1: ['终点管顶高程', 'zdgdgc'],
  invert0: ['起点管底高程', '起点管内底高程', '起点内底高程', 'qdgnd'],
  invert1: ['终点管底高程', '终点管内底高程', '终点内底高程', 'zdgnd'],
  size: ['管径', '规格', '断面尺寸', '断面', '管径或断面', '管径断面', '口径', '尺寸', 'gj', 'dmcc', 'dn', 'diameter', 'size', 'pipesize'],
  material: ['材质', '管材', '材料', 'cz', 'material'],
  owner: ['权属单位', '权属', '管理单位', 'qsdw', 'owner'],
  year: ['埋设年代', '建设年代', '埋设日期', '敷设年代', '建设年份', 'msnd', 'year'],
  burial: ['埋设方式', '敷设方式', 'msfs', 'burial'],
  category: ['管线类别', '管线类型', '管线种类', '类别', '管类', '类型', 'gxlb', 'category'],
  code: ['要素代码', '特征代码', '分类代码', 'fcode', 'ysdm', 'code'],
  feature: ['特征', '特征点', '点特征', 'tz', 'feature'],
  appurtenance: ['附属物', '附属设施', '附属物名称', 'fsw', 'appurtenance'],
};

/** Material words → CJJ 61 Table C.0.1 codes (the codes and their names in categories.ts count too). */
export const MATERIAL_WORDS: Record<string, string> = {
  砼: 'T', 混凝土: 'T', 钢筋混凝土: 'T', 钢筋砼: 'T', 水泥: 'T', rc: 'T', 混凝土管: 'T',
  铸铁: 'ZT', 灰口铸铁: 'ZT', 灰铁: 'ZT', ci: 'ZT',
  球墨: 'QM', 球墨铸铁: 'QM', 球铁: 'QM', di: 'QM',
  钢: 'G', 钢管: 'G', 镀锌钢: 'G', 镀锌: 'G', 不锈钢: 'G', steel: 'G',
  聚乙烯: 'PE', hdpe: 'PE', pe: 'PE', mdpe: 'PE',
  聚氯乙烯: 'PVC', pvc: 'PVC', upvc: 'PVC', 'u-pvc': 'PVC',
  玻璃钢: 'BLG', frp: 'BLG', grp: 'BLG',
  砖石: 'ZS', 砖: 'Z', 砖砌: 'Z', 石: 'S', 石砌: 'S', 石棉: 'SM', 石棉水泥: 'SM',
  陶瓷: 'TC', 陶: 'TC', 陶土: 'TC', 缸瓦: 'TC',
  铜: 'TZ', 铜缆: 'TZ', 电缆: 'TZ', 光纤: 'GX', 光缆: 'GX',
};

/** Burial method words → CJJ 61 Table C.0.2 codes. */
export const BURIAL_WORDS: Record<string, string> = {
  直埋: 'ZM', 管埋: 'GM', 穿管: 'GM', 管块: 'GK', 排管: 'GK', 管沟: 'GG', 沟道: 'GG', 电缆沟: 'GG', 架空: 'JK',
  综合管廊: 'ZH', 管廊: 'ZH', 顶管: 'DG', 拖拉管: 'DG', 水下: 'SX',
};

/** Category and sub-type words beyond the standard names (CJJ 61 codes and names are matched first). */
export const CATEGORY_WORDS: Record<string, string> = {
  上水: 'JS', 供水: 'JS', 自来水: 'JS', 下水: 'PS', 排水: 'PS', 雨污: 'HS', 合流: 'HS', 燃气: 'RQ', 煤气: 'MQ',
  电信: 'TX', 通讯: 'TX', 通信: 'TX', 电力: 'DL', 供电: 'GD', 热力: 'RL', 供热: 'RL', 暖气: 'RL', 工业: 'GY', 管廊: 'ZH', 不明: 'BM',
};

/** Point feature (特征) and appurtenance (附属物) words → node types; appurtenance wins over feature. */
export const NODE_WORDS: Array<[RegExp, NodeType]> = [
  // the specific chambers first: 阀门井 is a valve, 水表井 a meter, not a manhole
  [/阀|闸/, 'valve'],
  [/消火栓|消防栓/, 'hydrant'],
  [/水表|流量计|计量/, 'meter'],
  [/出水口|排放口|出口|排口/, 'outfall'],
  [/雨篦|雨水篦|进水口|收水口|篦子/, 'inlet'],
  [/监测|传感|探头/, 'sensor'],
  [/检查井|检修井|窨井|污水井|雨水井|人孔|手孔|工作井|井$/, 'manhole'],
  [/三通|四通|分支|多通/, 'tee'],
  [/弯头|拐点|转折/, 'bend'],
  [/直线点|变径|变材|预留口|连接点|接头|交叉点|非普查|起讫点|变深|盖板|出露点/, 'junction'],
];

/** The sub-type a category-only value gets (E: the commonest kind; reported as sub-defaulted). */
export const DEFAULT_SUB: Record<CategoryCode, string> = { JS: 'JP', PS: 'HS', RQ: 'TR', RL: 'RS', DL: 'GD', TX: 'XX', GY: 'QQ', QT: 'BM' };

/** Default sizes when a pipe has none (E: a small common size per category, flagged in the report), mm. */
export const DEFAULT_DN: Record<string, number> = { JS: 100, PS: 300, RQ: 100, RL: 200, DL: 100, TX: 100, GY: 100, QT: 300 };

/** Snapping tolerance when none is given, metres (survey specs ask for centimetre closure; 5 cm leaves room). */
export const DEFAULT_SNAP_M = 0.05;
