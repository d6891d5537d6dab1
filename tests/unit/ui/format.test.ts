import { describe, expect, test } from 'vitest';
import type { PipeNode, PipeSegment } from '../../../src/domain/schema';
import { describeAsset, metres, sizeText } from '../../../src/ui/format';

const segment: PipeSegment = {
  kind: 'segment',
  id: 'JP-000123',
  gid: 123,
  cat: 'JS',
  sub: 'JP',
  code: '51041000',
  from: 'JP-N000010',
  to: 'JP-N000011',
  coords: [
    [106.577, 29.557],
    [106.578, 29.558],
  ],
  material: 'QM',
  dn: 300,
  box: null,
  depth0: 1.2,
  depth1: 1.35,
  ground0: 245.6,
  ground1: 246.04,
  burial: 'ZM',
  year: 2008,
  owner: '重庆水务集团',
  street: 'ST-012',
  crossing: null,
  pressureZone: '渝中区',
  pressureClass: null,
  invert0: null,
  invert1: null,
};

const node: PipeNode = {
  kind: 'node',
  id: 'WS-N000042',
  gid: 900,
  cat: 'PS',
  sub: 'WS',
  code: '52022202',
  type: 'manhole',
  position: [106.5771234, 29.5571234],
  ground: 250,
  depth: 3.5,
  year: 1999,
  owner: 'Drainage Co.',
  segments: ['WS-000001', 'WS-000002'],
};

function rows(r: ReturnType<typeof describeAsset>): Record<string, string> {
  return Object.fromEntries(r.rows.map((x) => [x.label, x.value]));
}

describe('asset attributes in human words', () => {
  test('a water main in English', () => {
    const d = describeAsset(segment, 'en');
    expect(d).toMatchObject({ kind: 'Pipe segment', id: 'JP-000123' });
    const r = rows(d);
    expect(r).toMatchObject({
      Category: 'Water supply',
      Type: 'Distribution (JP)',
      Material: 'Ductile iron',
      Size: 'DN 300 mm',
      'Depth at start': '1.2 m',
      'Depth at end': '1.35 m',
      'Ground elevation at end': '246.04 m',
      Burial: 'Direct burial',
      Built: '2008',
      'Pressure zone': '渝中区',
      'From point': 'JP-N000010',
    });
    expect(r).not.toHaveProperty('River crossing');
    expect(r).not.toHaveProperty('Pressure class');
  });

  test('the street is named when its name is known', () => {
    const names = { street: (id: string) => (id === 'ST-012' ? { zh: '民族路', en: 'Minzu Road' } : undefined) };
    expect(rows(describeAsset(segment, 'en', names))['Street']).toBe('Minzu Road (ST-012)');
    expect(rows(describeAsset(segment, 'zh-CN', names))['所在道路']).toBe('民族路 (ST-012)');
    expect(rows(describeAsset(segment, 'en'))['Street']).toBe('ST-012');
  });

  test('the same main in Chinese', () => {
    expect(rows(describeAsset(segment, 'zh-CN'))).toMatchObject({
      管线类别: '给水',
      小类: '配水 (JP)',
      材质: '球墨铸铁',
      规格: 'DN300 毫米',
      埋设方式: '直埋',
    });
  });

  test('box sections, gas pressure class, crossings and inverts', () => {
    const gas: PipeSegment = {
      ...segment,
      id: 'TR-000001',
      cat: 'RQ',
      sub: 'TR',
      material: 'PE',
      pressureZone: null,
      pressureClass: 'mediumA',
      crossing: 'under-river',
    };
    const r = rows(describeAsset(gas, 'en'));
    expect(r['Pressure class']).toBe('Medium A');
    expect(r['River crossing']).toBe('Under the river bed');
    expect(sizeText({ dn: null, box: { w: 2000, h: 1500 } }, 'en')).toBe('2000 × 1500 mm (box)');
    const culvert: PipeSegment = { ...segment, cat: 'PS', sub: 'YS', invert0: 240.1, invert1: 239.85 };
    expect(rows(describeAsset(culvert, 'en'))['Invert at end']).toBe('239.85 m');
  });

  test('unknown codes stay visible instead of disappearing', () => {
    const odd: PipeSegment = { ...segment, material: 'XYZ', burial: 'QQ', sub: 'YS' };
    const r = rows(describeAsset(odd, 'en'));
    expect(r['Material']).toBe('unknown (XYZ)');
    expect(r['Burial']).toBe('unknown (QQ)');
    // YS is a drainage sub-type, not a water one
    expect(r['Type']).toBe('unknown (YS)');
  });

  test('a manhole', () => {
    const d = describeAsset(node, 'en');
    expect(d.kind).toBe('Pipe point');
    expect(rows(d)).toMatchObject({
      'Point type': 'Manhole',
      Depth: '3.5 m',
      Category: 'Drainage',
      'Connected segments': 'WS-000001, WS-000002',
      Position: '106.577123° E, 29.557123° N',
    });
    expect(rows(describeAsset(node, 'zh-CN'))['管点类型']).toBe('检查井');
  });

  test('metres are trimmed, not padded', () => {
    expect(metres(2, 'en')).toBe('2 m');
    expect(metres(1.005, 'en')).toBe('1 m');
    expect(metres(0.456, 'zh-CN')).toBe('0.46 米');
  });
});
