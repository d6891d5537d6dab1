/**
 * Names as data: real street, bridge and landmark names of the main urban area (positions are estimates, E),
 * owners per category, and the generic naming used where no real name is known.
 */
import type { LonLat } from '../../src/domain/schema';
import type { RiverId } from './rivers';

export interface NamePair {
  zh: string;
  en: string;
}

/** Arterial names per district key, most important first (assigned to the longest arterial runs). */
export const ARTERIAL_NAMES: Record<string, NamePair[]> = {
  yuzhong: [
    { zh: '中山一路', en: 'Zhongshan 1st Rd' }, { zh: '中山二路', en: 'Zhongshan 2nd Rd' },
    { zh: '中山三路', en: 'Zhongshan 3rd Rd' }, { zh: '中山四路', en: 'Zhongshan 4th Rd' },
    { zh: '解放东路', en: 'Jiefang E Rd' }, { zh: '民族路', en: 'Minzu Rd' }, { zh: '民权路', en: 'Minquan Rd' },
    { zh: '邹容路', en: 'Zourong Rd' }, { zh: '新华路', en: 'Xinhua Rd' }, { zh: '和平路', en: 'Heping Rd' },
    { zh: '北区路', en: 'Beiqu Rd' }, { zh: '长江一路', en: 'Changjiang 1st Rd' }, { zh: '长江二路', en: 'Changjiang 2nd Rd' },
    { zh: '大坪正街', en: 'Daping Main St' }, { zh: '人民路', en: 'Renmin Rd' }, { zh: '上清寺路', en: 'Shangqingsi Rd' },
    { zh: '青年路', en: 'Qingnian Rd' }, { zh: '八一路', en: 'Bayi Rd' }, { zh: '沧白路', en: 'Cangbai Rd' },
    { zh: '临江路', en: 'Linjiang Rd' }, { zh: '五四路', en: 'Wusi Rd' }, { zh: '学田湾正街', en: 'Xuetianwan Main St' },
  ],
  jiangbei: [
    { zh: '建新北路', en: 'Jianxin N Rd' }, { zh: '建新南路', en: 'Jianxin S Rd' }, { zh: '建新东路', en: 'Jianxin E Rd' },
    { zh: '江北城大街', en: 'Jiangbeicheng Ave' }, { zh: '洋河一路', en: 'Yanghe 1st Rd' }, { zh: '金沙路', en: 'Jinsha Rd' },
    { zh: '鲤鱼池路', en: 'Liyuchi Rd' }, { zh: '观音桥步行街', en: 'Guanyinqiao Walk' }, { zh: '红旗河沟路', en: 'Hongqihegou Rd' },
    { zh: '五里店路', en: 'Wulidian Rd' }, { zh: '港城路', en: 'Gangcheng Rd' },
  ],
  nanan: [
    { zh: '江南大道', en: 'Jiangnan Ave' }, { zh: '南坪正街', en: 'Nanping Main St' }, { zh: '烟雨路', en: 'Yanyu Rd' },
    { zh: '南城大道', en: 'Nancheng Ave' }, { zh: '弹子石老街', en: 'Danzishi Old St' }, { zh: '海棠溪路', en: 'Haitangxi Rd' },
    { zh: '上新街', en: 'Shangxin St' }, { zh: '南坪西路', en: 'Nanping W Rd' }, { zh: '学府大道', en: 'Xuefu Ave' },
    { zh: '四公里街', en: 'Sigongli St' },
  ],
  shapingba: [
    { zh: '小龙坎正街', en: 'Xiaolongkan Main St' }, { zh: '沙坪坝正街', en: 'Shapingba Main St' }, { zh: '天陈路', en: 'Tianchen Rd' },
    { zh: '汉渝路', en: 'Hanyu Rd' }, { zh: '渝碚路', en: 'Yubei Rd' }, { zh: '站西路', en: 'Zhanxi Rd' },
  ],
  jiulongpo: [
    { zh: '杨家坪正街', en: 'Yangjiaping Main St' }, { zh: '谢家湾正街', en: 'Xiejiawan Main St' },
    { zh: '石坪桥正街', en: 'Shipingqiao Main St' }, { zh: '九龙大道', en: 'Jiulong Ave' }, { zh: '科园一路', en: 'Keyuan 1st Rd' },
    { zh: '黄桷坪正街', en: 'Huangjueping Main St' }, { zh: '石杨路', en: 'Shiyang Rd' },
  ],
};

/** Riverside road names by river, bank side (+1 left / −1 right looking downstream) and district key. */
export function bankRoadName(river: RiverId, side: 1 | -1, district: string): NamePair {
  if (river === 'yangtze') {
    if (side < 0) return { zh: '南滨路', en: 'Nanbin Rd' };
    if (district === 'jiangbei') return { zh: '北滨二路', en: 'Beibin 2nd Rd' };
    if (district === 'jiulongpo') return { zh: '九滨路', en: 'Jiubin Rd' };
    return { zh: '长江滨江路', en: 'Changjiang Riverside Rd' };
  }
  if (side > 0) return { zh: '北滨一路', en: 'Beibin 1st Rd' };
  if (district === 'shapingba') return { zh: '沙滨路', en: 'Shabin Rd' };
  return { zh: '嘉陵江滨江路', en: 'Jialingjiang Riverside Rd' };
}

export interface BridgeDef {
  zh: string;
  en: string;
  river: RiverId;
  at: LonLat;
}

/** Bridge centres from standards.md §6 (E). */
export const BRIDGES: readonly BridgeDef[] = [
  { zh: '石门大桥', en: 'Shimen Bridge', river: 'jialing', at: [106.48, 29.584] },
  { zh: '嘉华大桥', en: 'Jiahua Bridge', river: 'jialing', at: [106.516, 29.573] },
  { zh: '牛角沱嘉陵江大桥', en: 'Niujiaotuo Jialing River Bridge', river: 'jialing', at: [106.537, 29.567] },
  { zh: '黄花园大桥', en: 'Huanghuayuan Bridge', river: 'jialing', at: [106.555, 29.571] },
  { zh: '千厮门嘉陵江大桥', en: 'Qiansimen Jialing River Bridge', river: 'jialing', at: [106.5785, 29.5675] },
  { zh: '鹅公岩大桥', en: 'Egongyan Bridge', river: 'yangtze', at: [106.531, 29.513] },
  { zh: '菜园坝长江大桥', en: 'Caiyuanba Yangtze River Bridge', river: 'yangtze', at: [106.546, 29.54] },
  { zh: '石板坡长江大桥', en: 'Shibanpo Yangtze River Bridge', river: 'yangtze', at: [106.556, 29.545] },
  { zh: '东水门长江大桥', en: 'Dongshuimen Yangtze River Bridge', river: 'yangtze', at: [106.588, 29.558] },
  { zh: '朝天门长江大桥', en: 'Chaotianmen Yangtze River Bridge', river: 'yangtze', at: [106.597, 29.579] },
];

export interface LandmarkDef {
  zh: string;
  en: string;
  at: LonLat;
}

/** Landmarks (positions E, hand-placed to agree with the hand-placed rivers). */
export const LANDMARKS: readonly LandmarkDef[] = [
  { zh: '解放碑', en: 'Jiefangbei', at: [106.5772, 29.5575] },
  { zh: '朝天门', en: 'Chaotianmen', at: [106.5867, 29.5658] },
  { zh: '洪崖洞', en: 'Hongyadong', at: [106.5786, 29.5637] },
  { zh: '人民大礼堂', en: 'Great Hall of the People', at: [106.5523, 29.5619] },
  { zh: '湖广会馆', en: 'Huguang Guild Hall', at: [106.5849, 29.5592] },
  { zh: '鹅岭公园', en: 'Eling Park', at: [106.5372, 29.5545] },
  { zh: '李子坝', en: 'Liziba', at: [106.5345, 29.5625] },
  { zh: '长嘉汇', en: 'Changjiahui (confluence)', at: [106.5885, 29.5668] },
  { zh: '重庆大剧院', en: 'Chongqing Grand Theatre', at: [106.5812, 29.5712] },
  { zh: '江北嘴', en: 'Jiangbeizui', at: [106.5850, 29.5735] },
  { zh: '观音桥', en: 'Guanyinqiao', at: [106.5330, 29.5790] },
  { zh: '弹子石', en: 'Danzishi', at: [106.6010, 29.5660] },
  { zh: '南滨公园', en: 'Nanbin Park', at: [106.5780, 29.5440] },
  { zh: '菜园坝火车站', en: 'Caiyuanba Station', at: [106.5480, 29.5470] },
  { zh: '三峡广场', en: 'Sanxia Square', at: [106.4570, 29.5570] },
  { zh: '杨家坪', en: 'Yangjiaping', at: [106.5100, 29.5060] },
  { zh: '磁器口', en: 'Ciqikou', at: [106.4480, 29.5790] },
];

export interface SectionDef {
  id: string;
  zh: string;
  en: string;
  river: RiverId;
  at: LonLat;
  targetClass: 1 | 2 | 3 | 4 | 5;
  level: 'national' | 'municipal';
}

/**
 * River monitoring sections near the main urban area. Cuntan and Daxigou from standards.md §6; the others are generic
 * municipal sections at well-known places (E). Zhutuo (Yangtze entry, target II), Yuzui (downstream, target III) and
 * Beiwenquan (upper Jialing) lie tens of kilometres outside any dataset's bbox and are left out on purpose.
 */
export const SECTIONS: readonly SectionDef[] = [
  { id: 'WQ-CUNTAN', zh: '寸滩', en: 'Cuntan', river: 'yangtze', at: [106.60, 29.61], targetClass: 2, level: 'national' },
  { id: 'WQ-DAXIGOU', zh: '大溪沟', en: 'Daxigou', river: 'jialing', at: [106.548, 29.57], targetClass: 2, level: 'municipal' },
  { id: 'WQ-CHAOTIANMEN', zh: '朝天门', en: 'Chaotianmen', river: 'yangtze', at: [106.596, 29.574], targetClass: 2, level: 'municipal' },
  { id: 'WQ-QIANSIMEN', zh: '千厮门', en: 'Qiansimen', river: 'jialing', at: [106.574, 29.568], targetClass: 3, level: 'municipal' },
  { id: 'WQ-CAIYUANBA', zh: '菜园坝', en: 'Caiyuanba', river: 'yangtze', at: [106.550, 29.5415], targetClass: 2, level: 'municipal' },
  { id: 'WQ-EGONGYAN', zh: '鹅公岩', en: 'Egongyan', river: 'yangtze', at: [106.527, 29.505], targetClass: 2, level: 'municipal' },
  { id: 'WQ-CIQIKOU', zh: '磁器口', en: 'Ciqikou', river: 'jialing', at: [106.452, 29.585], targetClass: 3, level: 'municipal' },
  { id: 'WQ-SHIMEN', zh: '石门', en: 'Shimen', river: 'jialing', at: [106.49, 29.581], targetClass: 3, level: 'national' },
];

/**
 * Riverbank ("two rivers, four banks") project names per river, bank side (+1 left / −1 right looking downstream)
 * and district key; `${river}:${side}` is the fallback. Repeated names get phase suffixes (一期, 二期, …).
 */
export const PROJECT_NAMES: Record<string, NamePair[]> = {
  confluence: [{ zh: '长嘉汇滨江公园', en: 'Changjiahui Riverside Park' }],
  'yangtze:1:yuzhong': [
    { zh: '长江滨江步道（渝中段）', en: 'Yangtze Riverside Walk (Yuzhong)' }, { zh: '珊瑚公园滨江段', en: 'Shanhu Park Riverside' },
    { zh: '菜园坝滨江段', en: 'Caiyuanba Riverside' }, { zh: '储奇门滨江段', en: 'Chuqimen Riverside' },
  ],
  'yangtze:1:jiulongpo': [{ zh: '九滨路滨江带', en: 'Jiubin Riverside Belt' }, { zh: '鹅公岩滨江段', en: 'Egongyan Riverside' }],
  'yangtze:1:jiangbei': [{ zh: '北滨二路江岸整治', en: 'Beibin 2nd Rd Bank Renewal' }, { zh: '寸滩滨江段', en: 'Cuntan Riverside' }],
  'yangtze:1': [{ zh: '长江北岸滨江带', en: 'Yangtze North Bank Belt' }],
  'yangtze:-1': [
    { zh: '南滨路滨江公园提升', en: 'Nanbin Riverside Park Upgrade' }, { zh: '弹子石滨江步道', en: 'Danzishi Riverside Walk' },
    { zh: '海棠溪滨江湿地', en: 'Haitangxi Riverside Wetland' }, { zh: '南岸消落带生态修复', en: "Nan'an Drawdown Zone Restoration" },
  ],
  'jialing:1:jiangbei': [
    { zh: '北滨路滨江公园', en: 'Beibin Riverside Park' }, { zh: '江北嘴滨江步道', en: 'Jiangbeizui Riverside Walk' },
    { zh: '嘉陵江北岸消落带治理', en: 'Jialing North Bank Drawdown Zone' },
  ],
  'jialing:1': [{ zh: '嘉陵江北岸滨江带', en: 'Jialing North Bank Belt' }],
  'jialing:-1:yuzhong': [
    { zh: '洪崖洞滨江段', en: 'Hongyadong Riverside' }, { zh: '嘉陵江滨江步道（渝中段）', en: 'Jialing Riverside Walk (Yuzhong)' },
    { zh: '大溪沟滨江公园', en: 'Daxigou Riverside Park' }, { zh: '李子坝滨江段', en: 'Liziba Riverside' },
  ],
  'jialing:-1:shapingba': [{ zh: '沙滨路滨江带', en: 'Shabin Riverside Belt' }, { zh: '磁器口滨江段', en: 'Ciqikou Riverside' }],
  'jialing:-1': [{ zh: '嘉陵江南岸滨江带', en: 'Jialing South Bank Belt' }],
};

export const PHASES: readonly NamePair[] = [
  { zh: '一期', en: 'phase 1' }, { zh: '二期', en: 'phase 2' }, { zh: '三期', en: 'phase 3' }, { zh: '四期', en: 'phase 4' },
  { zh: '五期', en: 'phase 5' }, { zh: '六期', en: 'phase 6' },
];

/** sub-type → district → pick bucket → owner (no key strings built per call: this runs for every node) */
const ownerCache = new Map<string, Map<string, string[]>>();
const BUCKET_PICK = [0.2, 0.5, 0.8];

/** Owners (权属单位) per category / sub-type; district-level bodies take the district's short name. */
export function ownerFor(cat: string, sub: string, districtShort: string, pick: number): string {
  const bucket = pick < 0.4 ? 0 : pick < 0.7 ? 1 : 2;
  let bySub = ownerCache.get(sub);
  if (!bySub) ownerCache.set(sub, (bySub = new Map()));
  let byDistrict = bySub.get(districtShort);
  if (!byDistrict) {
    byDistrict = BUCKET_PICK.map((p) => ownerOf(cat, sub, districtShort, p));
    bySub.set(districtShort, byDistrict);
  }
  return byDistrict[bucket];
}

function ownerOf(cat: string, sub: string, districtShort: string, pick: number): string {
  switch (cat) {
    case 'JS':
      return '重庆水务集团';
    case 'PS':
      if (sub === 'WS') return pick < 0.7 ? '重庆市排水有限公司' : `${districtShort}区市政设施管理所`;
      return `${districtShort}区市政设施管理所`;
    case 'RQ':
      return '重庆燃气集团';
    case 'RL':
      return '江北嘴能源站';
    case 'DL':
      return sub === 'LD' ? `${districtShort}区路灯管理所` : '国网重庆市电力公司';
    case 'TX':
      if (sub === 'DS') return '重庆有线电视网络有限公司';
      if (sub === 'DH') return '中国电信重庆分公司';
      return pick < 0.4 ? '中国移动重庆公司' : pick < 0.7 ? '中国电信重庆分公司' : '中国联通重庆分公司';
    default:
      return `${districtShort}区市政设施管理所`;
  }
}
