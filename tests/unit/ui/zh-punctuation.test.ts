import { describe, expect, test } from 'vitest';
import { STRINGS, type I18nKey } from '../../../src/ui/i18n';

/** Chinese characters and the full-width punctuation that goes with them (，。：；（）、“” …). */
const ZH = '[\\u3000-\\u303f\\u4e00-\\u9fff\\uff00-\\uffef]';
const HAN = '[\\u4e00-\\u9fff]';

/** What a Chinese sentence must not contain: an ASCII space between two characters, half-width ( ) , : ; next to them. */
const RULES: readonly [string, RegExp][] = [
  ['ASCII space between Chinese characters', new RegExp(`${HAN} +${HAN}`)],
  ['half-width parenthesis next to Chinese', new RegExp(`${ZH}[()]|[()]${ZH}`)],
  ['half-width comma, colon or semicolon next to Chinese', new RegExp(`${ZH}[,:;]|[,:;]${ZH}`)],
];

function problems(table: Readonly<Record<string, string>>): string[] {
  const out: string[] = [];
  for (const [key, text] of Object.entries(table)) {
    for (const [rule, re] of RULES) if (re.test(text)) out.push(`${key}: ${rule}: ${text}`);
  }
  return out;
}

describe('Chinese punctuation in the zh-CN table', () => {
  test('the scan finds each kind of mistake (so a clean result means something)', () => {
    expect(problems({ a: '管线 加载', b: '管线(CJJ 61)', c: '失败(HTTP 404)。', d: '已提亮;小方块', e: '东经 1°,北纬' })).toHaveLength(5);
    expect(problems({ a: '管线（CJJ 61）', b: '剩余 {n} 个瓦片', c: '应为本站路径或 http(s) 地址', d: '每行一个顶点：x, y' })).toEqual([]);
  });

  test('no zh-CN string has an ASCII space between Chinese characters or half-width ( ) , : ; next to Chinese', () => {
    expect(problems(STRINGS['zh-CN'] as Readonly<Record<I18nKey, string>>)).toEqual([]);
  });
});
