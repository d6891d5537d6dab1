/**
 * The importer's small parsers, as tables: sizes, numbers, code pages, header units, categories, materials, point
 * kinds, and the CRS text reader in src/analysis/crs.ts (.prj WKT in ESRI and OGC flavours, proj4, EPSG codes).
 */
import { describe, expect, it } from 'vitest';
import { crsFromText, fromLonLat, kmOutsideRegion, CHONGQING_REGION } from '../../../../src/analysis/crs';
import { dbfEncoding, decoderLabel, decodeText } from '../../../../tools/import/encoding';
import { lookupCategory, lookupMaterial, lookupNodeType, normaliseHeader, parseNumber, parseSize, parseYear } from '../../../../tools/import/mapping';
import { PRJ_4545 } from './fixtures';

describe('sizes', () => {
  it.each([
    ['DN300', 'mm', { dn: 300, box: null }],
    ['300', 'mm', { dn: 300, box: null }],
    ['Φ300', 'mm', { dn: 300, box: null }],
    ['φ 300', 'mm', { dn: 300, box: null }],
    ['De110', 'mm', { dn: 110, box: null }],
    ['600×400', 'mm', { dn: null, box: { w: 600, h: 400 } }],
    ['600x400', 'mm', { dn: null, box: { w: 600, h: 400 } }],
    ['600*400', 'mm', { dn: null, box: { w: 600, h: 400 } }],
    ['B×H=1200×800', 'mm', { dn: null, box: { w: 1200, h: 800 } }],
    ['0.3', 'm', { dn: 300, box: null }],
    ['1.2×1.0', 'm', { dn: null, box: { w: 1200, h: 1000 } }],
    ['12', 'inch', { dn: 304.8, box: null }],
    ['300mm', 'm', { dn: 300, box: null }],
    ['约三百', 'mm', undefined],
    ['', 'mm', undefined],
    ['4孔', 'mm', undefined],
  ] as const)('%s (%s)', (text, unit, want) => {
    expect(parseSize(text, unit)).toEqual(want);
  });
});

describe('cells', () => {
  it('numbers: blanks and dashes are none; full-width digits and a unit suffix pass', () => {
    expect([' 1.25 ', '', '-', '/', '１．５', '2.0m', 'abc', Number.NaN, 3].map(parseNumber)).toEqual([1.25, undefined, undefined, undefined, 1.5, 2, undefined, undefined, 3]);
  });
  it('years', () => {
    expect(['2008', '2008年', '2015-06', '', '九八'].map(parseYear)).toEqual([2008, 2008, 2015, 0, 0]);
  });
  it('header units', () => {
    expect(normaliseHeader('管径(mm)')).toEqual({ key: '管径', unit: 'mm' });
    expect(normaliseHeader('起点埋深（米）')).toEqual({ key: '起点埋深', unit: 'm' });
    expect(normaliseHeader(' X ')).toEqual({ key: 'x' });
  });
  it('categories: CJJ 61 codes and names, feature codes, words; unknown is undefined', () => {
    expect(lookupCategory('WS')).toEqual({ cat: 'PS', sub: 'WS' });
    expect(lookupCategory('污水管线')).toEqual({ cat: 'PS', sub: 'WS' });
    expect(lookupCategory('给水')).toEqual({ cat: 'JS' });
    expect(lookupCategory('52021000')).toEqual({ cat: 'PS', sub: 'WS' });
    expect(lookupCategory('51042204')).toEqual({ cat: 'JS', sub: 'JP' });
    expect(lookupCategory('上水')).toEqual({ cat: 'JS' });
    expect(lookupCategory('暖通')).toBeUndefined();
    expect(lookupCategory('污水管道', { 污水管道: 'HS' })).toEqual({ cat: 'PS', sub: 'HS' });
  });
  it('materials and point kinds', () => {
    expect(['砼', '球墨铸铁管', 'HDPE', 'upvc', '钢', 'T', '钛合金'].map((m) => lookupMaterial(m))).toEqual(['T', 'QM', 'PE', 'PVC', 'G', 'T', undefined]);
    expect(lookupNodeType('阀门井', '')).toBe('valve');
    expect(lookupNodeType('污水井', '')).toBe('manhole');
    expect(lookupNodeType('', '三通')).toBe('tee');
    expect(lookupNodeType('', '出水口')).toBe('outfall');
    expect(lookupNodeType('化粪池', '')).toBeUndefined();
    expect(lookupNodeType('化粪池', '', { 化粪池: 'manhole' })).toBe('manhole');
  });
});

describe('encodings', () => {
  it('code page names → TextDecoder labels', () => {
    expect(['936', 'ANSI 936', 'cp936', 'CP936', 'GB2312', 'UTF-8', 'utf8', '950', '1252', 'nonsense'].map(decoderLabel)).toEqual(['gbk', 'gbk', 'gbk', 'gbk', 'gbk', 'utf-8', 'utf-8', 'big5', 'windows-1252', undefined]);
  });
  it('DBF: --encoding, then .cpg, then the language driver id 0x4D, then the bytes', () => {
    const dbf = new Uint8Array(64);
    dbf[29] = 0x4d;
    expect(dbfEncoding(dbf, undefined, undefined)).toEqual({ label: 'gbk', source: 'ldid', evidence: 'LDID 0x4D' });
    expect(dbfEncoding(dbf, 'UTF-8', undefined)).toMatchObject({ label: 'utf-8', source: 'cpg' });
    expect(dbfEncoding(dbf, '936', 'utf-8')).toMatchObject({ label: 'utf-8', source: 'option' });
    dbf[29] = 0;
    expect(dbfEncoding(dbf, undefined, undefined)).toMatchObject({ label: 'utf-8', source: 'utf8-valid' });
  });
  it('CSV text: BOM, else UTF-8 when valid, else GBK', () => {
    const gbkBytes = new Uint8Array([0xce, 0xef, 0xcc, 0xbd]); // 物探 in GBK
    expect(decodeText(gbkBytes, undefined)).toEqual({ text: '物探', encoding: { label: 'gbk', source: 'gbk-fallback' } });
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]), undefined).text).toBe('A');
  });
});

describe('CRS text (src/analysis/crs.ts)', () => {
  const OGC_4545 =
    'PROJCS["CGCS2000 / 3-degree Gauss-Kruger CM 108E",GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",108],PARAMETER["scale_factor",1],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1],AUTHORITY["EPSG","4545"]]';
  it('ESRI and OGC WKT of CGCS2000 GK CM 108E are EPSG:4545; zone prefix and 6° widths found', () => {
    expect(crsFromText(PRJ_4545)?.code).toBe('EPSG:4545');
    expect(crsFromText(OGC_4545)?.code).toBe('EPSG:4545');
    expect(crsFromText(PRJ_4545.replace('500000.0', '36500000.0'))?.code).toBe('EPSG:4524');
    expect(crsFromText(PRJ_4545.replace('CGCS2000_3_Degree_GK_CM_108E', 'CGCS2000_6_Degree_GK_CM_105E').replace('"Central_Meridian",108.0', '"Central_Meridian",105.0'))?.code).toBe('EPSG:4507');
  });
  it('EPSG codes, UTM and proj4 strings', () => {
    expect(crsFromText('EPSG:4545')?.code).toBe('EPSG:4545');
    expect(crsFromText('32648')?.name).toBe('WGS 84 / UTM zone 48N');
    expect(crsFromText('+proj=utm +zone=48 +ellps=WGS84 +units=m')?.code).toBe('EPSG:32648');
    expect(crsFromText('+proj=tmerc +lat_0=0 +lon_0=105 +k=1 +x_0=35500000 +y_0=0 +ellps=GRS80 +units=m')?.code).toBe('EPSG:4523');
    expect(crsFromText('not a crs')).toBeUndefined();
  });
  it('US State Plane in feet: EPSG:2263 and its ESRI .prj put the Empire State Building at the same place', () => {
    const esb: [number, number] = [-73.9857, 40.7484];
    const ft = fromLonLat(crsFromText('EPSG:2263')!, esb);
    const prj =
      'PROJCS["NAD_1983_StatePlane_New_York_Long_Island_FIPS_3104_Feet",GEOGCS["GCS_North_American_1983",DATUM["D_North_American_1983",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Lambert_Conformal_Conic"],PARAMETER["False_Easting",984250.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",-74.0],PARAMETER["Standard_Parallel_1",40.66666666666666],PARAMETER["Standard_Parallel_2",41.03333333333333],PARAMETER["Latitude_Of_Origin",40.16666666666666],UNIT["Foot_US",0.3048006096012192]]';
    const def = crsFromText(prj)!;
    expect(def.source).toBe('wkt');
    const ft2 = fromLonLat(def, esb);
    expect(Math.abs(ft[0] - ft2[0]) + Math.abs(ft[1] - ft2[1])).toBeLessThan(0.01);
    // ~988,200 ft E, ~211,900 ft N (Manhattan midtown in NY-LI feet)
    expect(Math.round(ft[0] / 1000)).toBe(988);
    expect(Math.round(ft[1] / 1000)).toBe(212);
  });
  it('Beijing 1954 and Xi’an 1980 are accepted and flagged', () => {
    expect(crsFromText(PRJ_4545.replace('D_China_2000', 'D_Beijing_1954').replace('6378137.0,298.257222101', '6378245.0,298.3'))?.legacyDatum).toBe('beijing1954');
    expect(crsFromText(PRJ_4545.replace('D_China_2000', 'D_Xian_1980').replace('6378137.0,298.257222101', '6378140.0,298.257'))?.legacyDatum).toBe('xian1980');
    expect(crsFromText('EPSG:4214')?.legacyDatum).toBe('beijing1954');
  });
  it('region distance: 0 inside Chongqing, hundreds of km at Beijing', () => {
    expect(kmOutsideRegion([106.5, 29.5, 106.6, 29.6], CHONGQING_REGION)).toBe(0);
    expect(kmOutsideRegion([116.3, 39.8, 116.4, 39.9], CHONGQING_REGION)).toBeGreaterThan(700);
  });
});
