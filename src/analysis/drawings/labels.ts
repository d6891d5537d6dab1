/**
 * The words of the drawings (SVG), in Chinese and English: drawings are printed reports made here in pure code, so
 * their strings live with them (as the network export's role names do), not in the UI's i18n table.
 */
export type DrawingLang = 'zh' | 'en';

const WORDS = {
  sectionTitle: { zh: '横断面图', en: 'Cross-section' },
  profileTitle: { zh: '纵断面图', en: 'Long profile' },
  length: { zh: '长度', en: 'Length' },
  pipes: { zh: '管线', en: 'pipes' },
  violations: { zh: '违规', en: 'violations' },
  none: { zh: '无', en: 'none' },
  scale: { zh: '比例尺', en: 'Scale' },
  vex: { zh: '竖向放大', en: 'vertical exaggeration' },
  ground: { zh: '地面线', en: 'Ground' },
  rowId: { zh: '管线编号', en: 'Pipe' },
  rowCat: { zh: '类别', en: 'Category' },
  rowSize: { zh: '管径（mm）', en: 'Size (mm)' },
  rowMaterial: { zh: '材质', en: 'Material' },
  rowCrown: { zh: '管顶埋深（m）', en: 'Crown depth (m)' },
  rowInvertDepth: { zh: '管底埋深（m）', en: 'Invert depth (m)' },
  rowGround: { zh: '地面高程（m）', en: 'Ground elev. (m)' },
  rowOffset: { zh: '间距（m）', en: 'Offset (m)' },
  rowInvert: { zh: '管底高程（m）', en: 'Invert elev. (m)' },
  rowDepth: { zh: '埋深（m）', en: 'Depth (m)' },
  rowLength: { zh: '长度（m）', en: 'Length (m)' },
  rowSlope: { zh: '坡度（‰）', en: 'Slope (‰)' },
  rowStation: { zh: '桩号（m）', en: 'Chainage (m)' },
  rowNode: { zh: '检查井', en: 'Node' },
  horizontal: { zh: '水平净距', en: 'horizontal clearance' },
  vertical: { zh: '垂直净距', en: 'vertical clearance' },
  noRule: { zh: '无规定', en: 'no rule' },
  adverse: { zh: '反坡', en: 'adverse' },
  drop: { zh: '跌水', en: 'drop' },
  stepUp: { zh: '逆台', en: 'step up' },
  legendOk: { zh: '净距满足', en: 'clearance met' },
  legendBad: { zh: '净距不足', en: 'Clearance short' },
  sure: { zh: '可信度', en: 'sureness' },
  from: { zh: '起点', en: 'from' },
  to: { zh: '终点', en: 'to' },
} as const;

export type WordKey = keyof typeof WORDS;

export function word(key: WordKey, lang: DrawingLang): string {
  return WORDS[key][lang];
}
