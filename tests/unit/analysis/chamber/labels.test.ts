/**
 * The chamber close-up's words (src/ui/chamberPanel.ts, DOM-free helpers) on the geometry of a hand-made manhole:
 * the size line and the 3D labels, in both languages.
 */
import { describe, expect, it } from 'vitest';
import { chamberModel } from '../../../../src/analysis/chamber/geometry';
import type { PipeNode, PipeSegment } from '../../../../src/domain/schema';
import { chamberSizeText, pipeLabelLines } from '../../../../src/ui/chamberPanel';

const node: PipeNode = {
  kind: 'node', id: 'WS-J1', gid: 9, cat: 'PS', sub: 'WS', code: '52022202', type: 'manhole', position: [106.58, 29.56],
  ground: 300, depth: 3, year: 2010, owner: 'X', segments: ['WS-1', 'JS-3'],
};
const base = {
  kind: 'segment', gid: 0, code: '', box: null, depth0: 2.4, depth1: 2.4, ground0: 300, ground1: 300, burial: 'ZM',
  year: 2010, owner: 'X', street: null, crossing: null, pressureZone: null, pressureClass: null, invert0: null, invert1: null,
} as const;
const ws1: PipeSegment = { ...base, id: 'WS-1', cat: 'PS', sub: 'WS', from: 'WS-J1', to: 'WS-J2', coords: [[106.58, 29.56], [106.581, 29.56]], material: 'T', dn: 400, invert0: 297.2 };
const js3: PipeSegment = { ...base, id: 'JS-3', cat: 'JS', sub: 'JP', from: 'JS-0', to: 'WS-J1', coords: [[106.58, 29.561], [106.58, 29.56]], material: 'QM', dn: 200, depth1: 1.2 };
const m = chamberModel(node, [ws1, js3]);

describe('chamber close-up words', () => {
  it('says the chamber size in both languages', () => {
    expect(chamberSizeText(m, 'en')).toBe('Round, Φ1.00 m inside, 3.00 m deep, 240 mm walls');
    expect(chamberSizeText(m, 'zh-CN')).toBe('圆形，内径Φ1.00米，深3.00米，壁厚240毫米');
  });

  it('labels a drainage pipe by its recorded invert and another pipe by its depth', () => {
    const byId = new Map(m.pipes.map((p) => [p.id, p]));
    expect(pipeLabelLines(byId.get('WS-1')!, 'en')).toEqual(['WS-1', 'DN 400 mm · Concrete', 'invert 297.20 m']);
    expect(pipeLabelLines(byId.get('JS-3')!, 'zh-CN')).toEqual(['JS-3', 'DN200 毫米 · 球墨铸铁', '埋深1.20米']);
  });
});
