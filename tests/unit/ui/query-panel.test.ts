import { describe, expect, test } from 'vitest';
import type { QueryItem } from '../../../src/analysis';
import { crsChoices, parseCoordText } from '../../../src/ui/coordInput';
import { drawHintKey } from '../../../src/ui/drawToolbar';
import { nextSort, queryOptions, sortItems } from '../../../src/ui/queryState';
import { withHighlight } from '../../../src/viewer/highlightShader';
import { PIPE_FRAGMENT_SHADER } from '../../../src/viewer/pipeShader';

function item(p: Partial<QueryItem> & { id: string; gid: number }): QueryItem {
  return {
    cat: 'JS', sub: 'JP', material: 'QM', burial: 'ZM', owner: '', dn: 300, box: null, diameterClass: '300-600',
    depth0: 1, depth1: 1, depthMin: 1, depthMax: 1, year: 2000, length: 10, lengthInside: 5, relation: 'within', ...p,
  };
}

const items = [
  item({ id: 'B', gid: 1, cat: 'RQ', dn: 100, depthMin: 2, lengthInside: 9, year: 0, relation: 'touches' }),
  item({ id: 'A', gid: 0, cat: 'PS', dn: null, box: { w: 2000, h: 1500 }, depthMin: 3, lengthInside: 1, year: 1990 }),
  item({ id: 'C', gid: 2, cat: 'JS', dn: 600, depthMin: 2, lengthInside: 4, year: 2010, relation: 'crosses' }),
];

describe('result table sorting', () => {
  test('by id, category (CJJ 61 order), size (box by its equivalent side), depth with id tie-break', () => {
    expect(sortItems(items, 'id', false).map((i) => i.id)).toEqual(['A', 'B', 'C']);
    expect(sortItems(items, 'cat', false).map((i) => i.cat)).toEqual(['JS', 'PS', 'RQ']);
    expect(sortItems(items, 'size', true).map((i) => i.id)).toEqual(['A', 'C', 'B']);
    expect(sortItems(items, 'depth', false).map((i) => i.id)).toEqual(['B', 'C', 'A']);
    expect(sortItems(items, 'lengthInside', true).map((i) => i.id)).toEqual(['B', 'C', 'A']);
  });

  test('unknown years sort last ascending; relation in within, crosses, touches order; input untouched', () => {
    expect(sortItems(items, 'year', false).map((i) => i.id)).toEqual(['A', 'C', 'B']);
    expect(sortItems(items, 'relation', false).map((i) => i.relation)).toEqual(['within', 'crosses', 'touches']);
    expect(items.map((i) => i.id)).toEqual(['B', 'A', 'C']);
  });

  test('clicking the sorted column flips it, another column starts ascending', () => {
    expect(nextSort({ key: 'id', desc: false }, 'id')).toEqual({ key: 'id', desc: true });
    expect(nextSort({ key: 'id', desc: true }, 'depth')).toEqual({ key: 'depth', desc: false });
  });
});

describe('query options', () => {
  test('only the filters that are set are sent', () => {
    expect(queryOptions({ mode: 'intersects', categories: [], maxDepth: null })).toEqual({ mode: 'intersects' });
    expect(queryOptions({ mode: 'within', categories: ['JS', 'RQ'], maxDepth: 3 })).toEqual({ mode: 'within', categories: ['JS', 'RQ'], maxDepth: 3 });
  });

  test('the hint follows the tool and whether the shape is finished', () => {
    expect(drawHintKey({ tool: null, finished: false })).toBe('draw.hint.start');
    expect(drawHintKey({ tool: 'circle', finished: false })).toBe('draw.hint.circle');
    expect(drawHintKey({ tool: 'circle', finished: true })).toBe('draw.hint.edit');
  });
});

describe('typed coordinates', () => {
  test('commas, spaces, tabs, semicolons and full-width commas; comments and blank lines skipped; ring closed', () => {
    const r = parseCoordText('# Gauss-Krüger\n3500100.5, 3270000\n3500200 3270000\n\n3500200\t3270100\n3500100；3270100\n');
    expect(r).toEqual({ ok: true, ring: [[3500100.5, 3270000], [3500200, 3270000], [3500200, 3270100], [3500100, 3270100], [3500100.5, 3270000]] });
  });

  test('a bad line is named; fewer than 3 distinct vertices are refused', () => {
    expect(parseCoordText('106.5, 29.5\n106.6 x\n')).toEqual({ ok: false, key: 'query.coords.badLine', params: { line: 2, text: '106.6 x' } });
    expect(parseCoordText('1,2\n3,4\n1,2')).toEqual({ ok: false, key: 'query.coords.tooFew' });
  });

  test('the CRS list offers lon/lat first, then the Chongqing CGCS2000 codes', () => {
    const c = crsChoices('en');
    expect(c[0].value).toBe('');
    expect(c.map((x) => x.value)).toContain('EPSG:4545');
  });
});

describe('highlight shader', () => {
  test('wraps the base fragment main once and reads u_highlight behind u_highlightOn', () => {
    const s = withHighlight(PIPE_FRAGMENT_SHADER);
    expect(s.match(/void fragmentMain\(/g)).toHaveLength(1);
    expect(s).toContain('pipeBaseFragmentMain(fsInput, material);');
    expect(s).toContain('pipeLookup(u_highlight, hgid)');
    expect(s).toContain('u_highlightOn == 1');
    expect(() => withHighlight('void main() {}')).toThrow();
  });
});
