/**
 * The checks and repairs of an import, as data: one row per rule with its severity, what happens to the feature, and
 * its bilingual title for the validation report (import-report.html / .json). Every feature that is dropped or
 * changed gets a line under one of these rules: nothing is dropped without one.
 */

export type Severity = 'error' | 'warning' | 'info';
/** dropped: not in the dataset; repaired: in the dataset, changed as the detail says; flagged: in the dataset as read */
export type Action = 'dropped' | 'repaired' | 'flagged';

export interface RuleDef {
  severity: Severity;
  action: Action;
  zh: string;
  en: string;
}

export const RULES = {
  'bad-geometry': { severity: 'error', action: 'dropped', zh: '几何无效（空、坐标非数值或少于两个点）', en: 'Invalid geometry (empty, non-numeric coordinates or fewer than two positions)' },
  'deleted-record': { severity: 'info', action: 'dropped', zh: 'DBF 中标记为删除的记录', en: 'Record marked as deleted in the DBF' },
  'unsupported-geometry': { severity: 'error', action: 'dropped', zh: '不支持的几何类型（面等）', en: 'Unsupported geometry type (polygons etc.)' },
  'multipart-split': { severity: 'info', action: 'repaired', zh: '多部件线拆分为单独管段', en: 'Multi-part line split into separate segments' },
  'missing-point': { severity: 'error', action: 'dropped', zh: '管线引用的点号在点表中不存在', en: 'Line refers to a point number missing from the point table' },
  'duplicate-point-id': { severity: 'error', action: 'dropped', zh: '点号重复（保留第一条）', en: 'Duplicate point number (the first is kept)' },
  'duplicate-point': { severity: 'warning', action: 'dropped', zh: '同一位置的重复点（合并到第一个点）', en: 'Duplicate point at the same position (merged into the first)' },
  'duplicate-id': { severity: 'warning', action: 'repaired', zh: '编号重复（已改名）', en: 'Duplicate id (renamed)' },
  'duplicate-segment': { severity: 'warning', action: 'dropped', zh: '重复管段（同一端点、同一长度）', en: 'Duplicate segment (same end nodes, same length)' },
  'zero-length': { severity: 'warning', action: 'dropped', zh: '零长度管段', en: 'Zero-length segment' },
  'end-point-mismatch': { severity: 'warning', action: 'flagged', zh: '管段端点与其起点号或终点号的点位不符（超出容差，按图形连接）', en: 'Segment end away from the point its from/to number names (beyond the tolerance: joined by geometry)' },
  snapped: { severity: 'info', action: 'repaired', zh: '端点吸附到容差内的节点', en: 'End snapped to a node within the tolerance' },
  'node-created': { severity: 'info', action: 'repaired', zh: '管段端点无测量点，已生成节点', en: 'No surveyed point at a segment end: node created' },
  'dangling-end': { severity: 'warning', action: 'flagged', zh: '悬挂端点（无测量点且只连一条管段）', en: 'Dangling end (no surveyed point, one segment only)' },
  'crossing-without-node': { severity: 'warning', action: 'flagged', zh: '同类管线交叉但无节点', en: 'Pipes of one network cross without a node' },
  'uphill-gravity': { severity: 'warning', action: 'flagged', zh: '重力管管底高程逆坡（终点高于起点）', en: 'Gravity pipe runs uphill (end invert above start invert)' },
  'depth-missing': { severity: 'warning', action: 'repaired', zh: '埋深缺失或为零，按类别默认值（GB 50289 最小覆土）补齐', en: 'Depth missing or zero: filled with the category default (GB 50289 minimum cover)' },
  'depth-from-z': { severity: 'info', action: 'repaired', zh: '埋深由 Z 值与地面高程推算', en: 'Depth computed from the Z value and the ground elevation' },
  'z-depth-mismatch': { severity: 'warning', action: 'flagged', zh: 'Z 值与埋深不符（相差超过 0.5 米）', en: 'Z value and depth disagree (by more than 0.5 m)' },
  'ground-missing': { severity: 'info', action: 'repaired', zh: '地面高程缺失（记为 0；逆坡检查跳过）', en: 'Ground elevation missing (recorded as 0; no slope check)' },
  'size-missing': { severity: 'warning', action: 'repaired', zh: '管径或断面缺失或无法识别，按类别默认值补齐', en: 'Diameter or section missing or unreadable: category default used' },
  'size-suspicious': { severity: 'warning', action: 'flagged', zh: '管径可疑（小于 10 毫米或大于 5000 毫米，单位是否有误？）', en: 'Suspicious size (below 10 mm or above 5000 mm: wrong unit?)' },
  'unknown-category': { severity: 'warning', action: 'repaired', zh: '无法识别的管线类别（按编号前缀或图层名，否则记为“不明管线”）', en: 'Unknown pipe category (taken from the id prefix or layer name, else “unidentified”)' },
  'sub-defaulted': { severity: 'info', action: 'repaired', zh: '只有大类没有小类，取该大类的常用小类', en: 'Category without sub-type: the category’s usual sub-type used' },
  'unknown-material': { severity: 'warning', action: 'flagged', zh: '无法识别的材质（按原文保留）', en: 'Unknown material (kept as written)' },
  'unknown-burial': { severity: 'info', action: 'flagged', zh: '无法识别的埋设方式（按原文保留）', en: 'Unknown burial method (kept as written)' },
  'unknown-node-type': { severity: 'info', action: 'repaired', zh: '无法识别的点特征或附属物（记为连接点）', en: 'Unknown point feature or appurtenance (recorded as a junction)' },
  'isolated-point': { severity: 'info', action: 'flagged', zh: '孤立点（不在任何管段端点上）', en: 'Isolated point (at no segment end)' },
  'swapped-axes': { severity: 'warning', action: 'repaired', zh: 'X/Y 坐标互换（北坐标在前），已纠正', en: 'X/Y swapped (northing first): corrected' },
  'crs-guessed': { severity: 'warning', action: 'flagged', zh: '未声明坐标系，按坐标值推断', en: 'No coordinate system declared: inferred from the values' },
  'crs-no-datum-shift': { severity: 'warning', action: 'flagged', zh: '1954北京、1980西安坐标系：无已知的到 CGCS2000 的转换参数，位置可能偏差数十米', en: 'Beijing 1954 / Xi’an 1980: no datum shift to CGCS2000 is known; positions may be tens of metres off' },
  'far-from-region': { severity: 'warning', action: 'flagged', zh: '数据范围远离配置区域（坐标系或带号是否有误？）', en: 'Data lie far from the configured region (wrong CRS or zone?)' },
  'encoding-guessed': { severity: 'info', action: 'flagged', zh: '未声明字符编码，按内容推断', en: 'No text encoding declared: inferred from the bytes' },
} as const satisfies Record<string, RuleDef>;

export type RuleId = keyof typeof RULES;
export const RULE_IDS = Object.keys(RULES) as RuleId[];
