/**
 * Configuration text is text: the base map attribution from config.json reaches Cesium's credit display (which puts a
 * Credit's HTML into the page) escaped, so markup in it shows as the characters typed and builds no element.
 */
import { describe, expect, it } from 'vitest';
import { basemapCredit, escapeHtml } from '../../../src/viewer/basemap';

describe('basemap credit', () => {
  it('escapes every markup character', () => {
    expect(escapeHtml(`<a href="x">T&C's</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;T&amp;C&#39;s&lt;/a&gt;');
    expect(escapeHtml('天地图 © 2024')).toBe('天地图 © 2024');
  });

  it('builds a Credit whose HTML is the escaped text (a <style> or an outside link stays literal)', () => {
    const hostile = '<style>body{display:none}</style><a href="https://elsewhere.example/">map</a>';
    const credit = basemapCredit(hostile);
    expect(credit.html).toBe(
      '&lt;style&gt;body{display:none}&lt;/style&gt;&lt;a href=&quot;https://elsewhere.example/&quot;&gt;map&lt;/a&gt;',
    );
    expect(credit.html).not.toContain('<');
    expect(basemapCredit('天地图').html).toBe('天地图');
  });
});
