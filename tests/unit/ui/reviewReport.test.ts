import { describe, expect, it } from 'vitest';
import type { ExcavationItem, ExcavationResult, RiverbankResult } from '../../../src/analysis/review';
import { STATUS_WARNING } from '../../../src/domain/status';
import { excavationReport, MAX_ROWS, riverbankReport } from '../../../src/ui/reviewReport';

const meta = { name: 'Test data', generatedAt: '2025-08-23T12:05:29.000Z', seed: 7 };
const at = new Date('2026-12-03T10:00:00Z');
const item = (id: string, owner: string, status: 'reached' | 'near'): ExcavationItem => ({
  gid: 1, id, cat: 'RQ', sub: 'TR', owner, material: 'GG', dn: 200, box: null, status, offsetM: 1, depthM: 0.8, marginM: 0.2, depth0: 0.8, depth1: 0.8,
});
const exc: ExcavationResult = {
  kind: 'excavation',
  pit: { polygon: [], depthM: 3, sideSlope: 0.5, areaM2: 100, crs: 'EPSG:4545' },
  safetyM: 1,
  reachM: 3,
  items: [item('P3', '燃气公司', 'reached'), item('P2', '', 'near')],
  owners: [
    { owner: '燃气公司', reached: 1, near: 0, items: [item('P3', '燃气公司', 'reached')] },
    { owner: '', reached: 0, near: 1, items: [item('P2', '', 'near')] },
  ],
  counts: { reached: 1, near: 1, owners: 2 },
  candidates: 5,
};

describe('excavation report', () => {
  it('Chinese: one table per owner to notify, the findings, the time and the data version', () => {
    const m = excavationReport(exc, 'zh-CN', meta, at);
    expect(m.title).toBe('开挖分析报告');
    expect(m.altTitle).toBe('Excavation check report');
    expect(m.summary[1]).toBe('挖及管线1条，安全距离内1条，需通知权属单位2家');
    expect(m.tables.map((t) => t.caption)).toEqual(['权属单位：燃气公司', '权属单位：（权属单位未登记）']);
    expect(m.tables[0].rows).toEqual([['P3', '燃气', 'DN200', '挖及', '1', '0.8', '0.2']]);
    expect(m.tables[1].rows[0][3]).toBe('安全距离内');
    expect(m.footer).toEqual(['生成时间：2026-12-03 10:00:00 UTC', '数据：Test data，生成于2025-08-23T12:05:29.000Z，种子7', '量算坐标系：EPSG:4545']);
  });

  it('English, and a long table is cut to one page with a count of the rest', () => {
    const many = Array.from({ length: MAX_ROWS + 5 }, (_, i) => item(`X${i}`, 'A', 'near'));
    const m = excavationReport({ ...exc, owners: [{ owner: 'A', reached: 0, near: many.length, items: many }] }, 'en', meta, at);
    expect(m.tables[0].caption).toBe('Owner: A');
    expect(m.tables[0].rows).toHaveLength(MAX_ROWS);
    expect(m.tables[0].more).toBe('… and 5 more');
    expect(m.summary[0]).toBe('Pit: 100 m², 3 m deep, side slope 0.5:1, safety distance 1 m (reach 3 m)');
  });
});

describe('riverbank report', () => {
  const rb: RiverbankResult = {
    kind: 'riverbank',
    project: { id: 'PRJ-T', name: '测试步道', nameEn: 'Test walk', river: 'yangtze', areaM2: 2000 },
    distanceM: 10,
    buffer: { geometry: { type: 'Polygon', coordinates: [] }, crs: 'EPSG:4545', areaM2: 4713.65 },
    pipes: {
      under: [{ cat: 'JS', count: 1, lengthM: 20, ids: ['A'], gids: [0] }],
      near: [],
      counts: { under: 1, near: 0 },
      lengthM: { under: 20, near: 0 },
    },
    outfalls: [{ id: 'O1', gid: 1, sub: 'YS', river: 'yangtze', dn: 800, position: [0, 0], inProject: false }],
    sections: [{ id: 'S2', name: '寸滩', nameEn: 'Cuntan', river: 'yangtze', position: 'downstream', distanceM: 500, targetClass: 3, currentClass: 4, status: STATUS_WARNING }],
    drainage: null,
  };
  it('lists the categories, outfalls and sections with their classes, and says when catchments are missing', () => {
    const zh = riverbankReport(rb, 'zh-CN', meta, at);
    expect(zh.summary).toEqual(['测试步道：缓冲10米（4714平方米）；下方管线1条，周边0条，排口1个', '无管网模型：未计算汇水范围。']);
    expect(zh.tables[0].rows).toEqual([['给水', '1', '20', 'A']]);
    expect(zh.tables[1].rows).toEqual([]);
    expect(zh.tables[1].empty).toBe('无。');
    expect(zh.tables[2].rows).toEqual([['O1', 'DN800', 'yangtze', '缓冲区内']]);
    expect(zh.tables[3].rows).toEqual([['下游', '500', '寸滩', 'III（良好）', 'IV（轻度污染）', '预警']]);
    const en = riverbankReport({ ...rb, drainage: { catchments: [{ outfall: 'O1', pipes: 3, lengthM: 120.4, areaKm2: 0.012, pipeGids: [] }], pipes: 3, lengthM: 120.4 } }, 'en', meta, at);
    expect(en.tables[3].rows[0].slice(0, 3)).toEqual(['Downstream', '500', 'Cuntan']);
    expect(en.tables[4].caption).toBe('Sewers draining through the project (3 pipes, 120 m)');
    expect(en.tables[4].rows).toEqual([['O1', '3', '120', '0.012']]);
  });
});
