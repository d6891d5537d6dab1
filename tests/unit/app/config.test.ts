import { describe, expect, test } from 'vitest';
import { DEFAULT_CONFIG, DEFAULT_VIEW, isUrlLike, validateConfig } from '../../../src/app/config';
import { renderMessage } from '../../../src/ui/i18n';
import { readFileSync } from 'node:fs';

describe('runtime config validation', () => {
  test('the committed public/config.json is valid and has no problems', () => {
    const raw: unknown = JSON.parse(readFileSync('public/config.json', 'utf8'));
    const { problems } = validateConfig(raw);
    expect(problems).toEqual([]);
  });

  test('an empty object gives the defaults', () => {
    expect(validateConfig({})).toEqual({ config: DEFAULT_CONFIG, problems: [] });
  });

  test('not an object: defaults and one message', () => {
    for (const raw of [null, 42, 'x', []]) {
      const r = validateConfig(raw);
      expect(r.config).toEqual(DEFAULT_CONFIG);
      expect(r.problems.map((p) => p.key)).toEqual(['err.configNotObject']);
    }
  });

  test('each bad field falls back alone and is reported in both languages', () => {
    const r = validateConfig({
      tilesUrl: 'javascript:alert(1)',
      dataBaseUrl: '/overlays',
      language: 'fr',
      initialView: { lon: 200, lat: 29.5, height: 3000, heading: 0, pitch: -45 },
      basemap: 'google',
    });
    expect(r.config.tilesUrl).toBe(DEFAULT_CONFIG.tilesUrl);
    expect(r.config.dataBaseUrl).toBe('/overlays/');
    expect(r.config.language).toBe('auto');
    expect(r.config.initialView).toEqual({ ...DEFAULT_VIEW, lat: 29.5, height: 3000, heading: 0, pitch: -45 });
    expect(r.config.basemap).toBe('naturalEarth');
    const en = r.problems.map((p) => renderMessage('en', p));
    expect(en).toHaveLength(4);
    expect(en.join('\n')).toContain('"tilesUrl" must be a URL');
    expect(en.join('\n')).toContain('"initialView.lon" must be a number from -180 to 180');
    const zh = r.problems.map((p) => renderMessage('zh-CN', p));
    expect(zh.join('\n')).toContain('应为 -180 到 180 之间的数字');
  });

  test('a WMTS basemap is accepted with defaults for its optional fields', () => {
    const r = validateConfig({
      basemap: { type: 'wmts', url: 'https://tiles.example.org/wmts', layer: 'vec', tilingScheme: 'geographic', subdomains: ['0', '1'] },
    });
    expect(r.problems).toEqual([]);
    expect(r.config.basemap).toMatchObject({ type: 'wmts', layer: 'vec', style: 'default', tilingScheme: 'geographic', subdomains: ['0', '1'] });
  });

  test('the initial view frames the data unless a pose is given', () => {
    expect(validateConfig({}).config.initialView).toBe('data');
    expect(validateConfig({ initialView: 'data' }).config.initialView).toBe('data');
    const bad = validateConfig({ initialView: 'somewhere' });
    expect(bad.config.initialView).toBe('data');
    expect(bad.problems).toHaveLength(1);
  });

  test('the tile cache budget is a number of MB in range, else the default with a message', () => {
    expect(validateConfig({ tileCacheMB: 256 }).config.tileCacheMB).toBe(256);
    for (const bad of [8, 100000, '512', null]) {
      const r = validateConfig({ tileCacheMB: bad });
      expect(r.config.tileCacheMB).toBe(DEFAULT_CONFIG.tileCacheMB);
      expect(r.problems.map((p) => renderMessage('en', p)).join('\n')).toContain('"tileCacheMB" must be a number from 64 to 16384');
    }
  });

  test('terrain is the ellipsoid or a URL', () => {
    expect(validateConfig({ terrain: { url: '/terrain/' } }).config.terrain).toEqual({ url: '/terrain/' });
    const bad = validateConfig({ terrain: 'cesium-world-terrain' });
    expect(bad.config.terrain).toBe('ellipsoid');
    expect(bad.problems).toHaveLength(1);
  });

  test('unknown keys are reported, $-prefixed comments are not', () => {
    const r = validateConfig({ tileUrl: '/x', $comment: 'hello' });
    expect(r.problems).toEqual([{ key: 'err.configUnknown', params: { field: 'tileUrl' } }]);
  });

  test('a WMTS basemap without a usable url or layer falls back whole, with one message naming the field', () => {
    const noUrl = validateConfig({ basemap: { type: 'wmts', url: 'javascript:alert(1)', layer: 'vec' } });
    expect(noUrl.config.basemap).toBe('naturalEarth');
    expect(noUrl.problems).toEqual([{ key: 'err.configField', params: { field: 'basemap.url', expect: '@expect.url' } }]);
    const noLayer = validateConfig({ basemap: { type: 'wmts', url: '/wmts', layer: '' } });
    expect(noLayer.config.basemap).toBe('naturalEarth');
    expect(noLayer.problems.map((p) => p.params?.field)).toEqual(['basemap.layer']);
    const other = validateConfig({ basemap: { type: 'xyz', url: '/x' } });
    expect(other.problems.map((p) => p.params?.field)).toEqual(['basemap']);
    // a bad optional field falls back alone and the basemap stays
    const level = validateConfig({ basemap: { type: 'wmts', url: '/wmts', layer: 'vec', maximumLevel: 99 } });
    expect(level.config.basemap).toMatchObject({ type: 'wmts', maximumLevel: 18 });
    expect(level.problems.map((p) => renderMessage('en', p)).join('\n')).toContain('"basemap.maximumLevel" must be a number from 0 to 24');
  });

  test('URL shapes', () => {
    expect(isUrlLike('/tiles/pipes/tileset.json')).toBe(true);
    expect(isUrlLike('tiles/x.json')).toBe(true);
    expect(isUrlLike('https://a.example/x')).toBe(true);
    expect(isUrlLike('//evil.example/x')).toBe(false);
    expect(isUrlLike('data:text/plain,x')).toBe(false);
    expect(isUrlLike(' /x')).toBe(false);
    expect(isUrlLike('')).toBe(false);
  });
});
