import { describe, expect, test } from 'vitest';
import { CATEGORY_CODES } from '../../../src/domain/categories';
import type { CategoryCode } from '../../../src/domain/schema';
import { allCategories, isOnly, onlyCategory } from '../../../src/ui/layerPanel';
import { dockOptionsFor, parseDockState, serializeDockState } from '../../../src/ui/layout';

const visibleCodes = (v: Readonly<Record<CategoryCode, boolean>>): CategoryCode[] => CATEGORY_CODES.filter((c) => v[c]);

describe('"only this" in the layer panel', () => {
  test('one click shows the one category, a second click on it shows every category again', () => {
    const all = allCategories();
    const gas = onlyCategory(all, 'RQ');
    expect(visibleCodes(gas)).toEqual(['RQ']);
    expect(isOnly(gas, 'RQ')).toBe(true);
    expect(visibleCodes(onlyCategory(gas, 'RQ'))).toEqual(CATEGORY_CODES);
  });

  test('"only" on another category switches to that one; from a partial selection it isolates too', () => {
    expect(visibleCodes(onlyCategory(onlyCategory(allCategories(), 'RQ'), 'JS'))).toEqual(['JS']);
    const partial = { ...allCategories(), JS: false, PS: false };
    expect(visibleCodes(onlyCategory(partial, 'DL'))).toEqual(['DL']);
    // hidden but chosen: it becomes the one shown
    expect(visibleCodes(onlyCategory(partial, 'JS'))).toEqual(['JS']);
    expect(isOnly(partial, 'DL')).toBe(false);
  });
});

describe('dock state', () => {
  test('collapsed panels survive a round trip through storage', () => {
    const raw = serializeDockState(new Set(['query-panel', 'alarm-list']));
    expect([...parseDockState(raw)].sort()).toEqual(['alarm-list', 'query-panel']);
  });

  test('missing or broken stored state means nothing collapsed, never an error', () => {
    for (const raw of [null, '', '{', 'null', '[]', '{"collapsed":"x"}', '42']) expect(parseDockState(raw).size, String(raw)).toBe(0);
    expect([...parseDockState('{"collapsed":["a",3,null,"b"]}')]).toEqual(['a', 'b']);
  });

  test('known panels go where the layout wants them; unknown ones stay in the column they were appended to', () => {
    expect(dockOptionsFor('inspect-panel', 'right', 'p1')).toMatchObject({ id: 'inspect-panel', side: 'detail' });
    expect(dockOptionsFor('query-panel', 'right', 'p1')).toMatchObject({ id: 'query-panel', side: 'right', titleKey: 'query.title' });
    expect(dockOptionsFor('isolation-panel', 'right', 'p1')).toEqual({ id: 'isolation-panel', side: 'right' });
    expect(dockOptionsFor(undefined, 'left', 'panel-3')).toEqual({ id: 'panel-3', side: 'left' });
  });
});
