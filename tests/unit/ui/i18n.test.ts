import { describe, expect, test } from 'vitest';
import {
  LANGS,
  STRINGS,
  pickLanguage,
  placeholders,
  renderMessage,
  translate,
  type I18nKey,
} from '../../../src/ui/i18n';

const keys = Object.keys(STRINGS.en) as I18nKey[];

describe('i18n tables', () => {
  test('every key exists in both languages, non-empty, with the same placeholders', () => {
    for (const lang of LANGS) {
      expect(Object.keys(STRINGS[lang]).sort()).toEqual([...keys].sort());
      for (const k of keys) {
        expect(STRINGS[lang][k].trim(), `${lang} ${k}`).not.toBe('');
        expect(placeholders(STRINGS[lang][k]), `${lang} ${k}`).toEqual(placeholders(STRINGS.en[k]));
      }
    }
  });

  test('the Chinese table is really Chinese where the English one has words', () => {
    const untranslated = keys.filter(
      (k) => /[a-z]{3,}/i.test(STRINGS.en[k].replace(/\{\w+\}/g, '')) && STRINGS['zh-CN'][k] === STRINGS.en[k],
    );
    expect(untranslated).toEqual([]);
  });

  test('fills placeholders and keeps unknown ones visible', () => {
    expect(translate('en', 'unit.dn', { dn: 300 })).toBe('DN 300 mm');
    expect(translate('zh-CN', 'unit.dn', { dn: 300 })).toBe('DN300 毫米');
    expect(translate('en', 'unit.dn')).toBe('DN {dn} mm');
  });

  test('a parameter naming another key is translated in the same language', () => {
    const m = { key: 'err.overlay' as const, params: { name: '@overlay.rivers', detail: 'HTTP 404' } };
    expect(renderMessage('en', m)).toContain('"Rivers"');
    expect(renderMessage('zh-CN', m)).toContain('“河流”');
  });
});

describe('pickLanguage', () => {
  test('a stored choice wins, then the configured language, then the browser', () => {
    expect(pickLanguage('en', 'zh-CN', ['zh-CN'])).toBe('en');
    expect(pickLanguage(null, 'zh-CN', ['en-US'])).toBe('zh-CN');
    expect(pickLanguage(null, 'auto', ['zh-TW', 'en'])).toBe('zh-CN');
    expect(pickLanguage(null, 'auto', ['fr-FR', 'en-GB'])).toBe('en');
    expect(pickLanguage('garbage', 'auto', ['de'])).toBe('en');
  });
});
