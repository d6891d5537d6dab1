import { describe, expect, it } from 'vitest';
import { findPath } from '../../../../src/analysis/drawings/path';
import { longProfile } from '../../../../src/analysis/drawings/profile';
import { crossSection } from '../../../../src/analysis/drawings/section';
import { profileSvg, sectionSvg } from '../../../../src/analysis/drawings/svg';
import { profileFixture, sectionFixture } from './fixtures';

const count = (s: string, needle: string): number => s.split(needle).length - 1;

describe('section drawing', () => {
  const { line, pipes } = sectionFixture();
  const section = crossSection(line, pipes);

  it('draws every crossed pipe in its CJJ 61 colour, the two violations in red, the measuring bar in both languages', async () => {
    const zh = sectionSvg(section);
    for (const id of ['W1', 'S1', 'G1', 'T1', 'D1', 'J2']) expect(zh).toContain(`data-id="${id}"`);
    expect(zh).not.toContain('data-id="X1"');
    expect(count(zh, 'class="clear bad"')).toBe(2);
    expect(zh).toContain('fill="rgb(0,255,255)"'); // water
    expect(zh).toContain('fill="rgb(76,57,38)"'); // drainage, the standard brown on paper
    expect(zh).toContain('管底埋深（m）');
    const en = sectionSvg(section, { lang: 'en' });
    expect(en).toContain('Invert depth (m)');
    expect(en).toContain('W1–S1 horizontal clearance 1.05 m &lt; 1.50 m');
    await expect(zh).toMatchFileSnapshot('../../../fixtures/drawings/section.zh.svg');
    await expect(en).toMatchFileSnapshot('../../../fixtures/drawings/section.en.svg');
  });

  it('escapes ids from the data', () => {
    const hostile = pipes.map((p, i) => (i === 0 ? { ...p, id: '<script>x</script>' } : p));
    const svg = sectionSvg(crossSection(line, hostile));
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
  });
});

describe('profile drawing', () => {
  it('draws the adverse pipe and the step-up in red with the measuring-bar rows', async () => {
    const { pipes, nodes } = profileFixture();
    const p = longProfile(findPath(pipes, 'M1', 'O1') ?? [], nodes);
    const zh = profileSvg(p);
    expect(count(zh, 'class="invert bad"')).toBe(1);
    for (const row of ['地面高程', '管底高程', '埋深', '管径', '材质', '长度', '坡度']) expect(zh).toContain(row);
    expect(zh).toContain('94.70/94.50');
    expect(zh).toContain('>-2.5<');
    await expect(zh).toMatchFileSnapshot('../../../fixtures/drawings/profile.zh.svg');
    await expect(profileSvg(p, { lang: 'en' })).toMatchFileSnapshot('../../../fixtures/drawings/profile.en.svg');
  });
});
