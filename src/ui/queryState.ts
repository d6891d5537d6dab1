/**
 * State of the area-query UI (its own small store, apart from the app state): the active draw tool, the query options,
 * the phase of the running query and its result, and the table's sort. Pure helpers for sorting and the option
 * object sent to the Worker.
 */
import type { QueryItem, QueryMode, QueryOptions, QueryResult } from '../analysis';
import { categoryIndex } from '../domain/categories';
import type { CategoryCode } from '../domain/schema';
import type { DrawKind } from './drawShapes';
import type { I18nKey, Params } from './i18n';
import { Store } from './store';

export type SortKey = 'id' | 'cat' | 'material' | 'size' | 'depth' | 'lengthInside' | 'year' | 'relation';
export const SORT_KEYS: readonly SortKey[] = ['id', 'cat', 'material', 'size', 'depth', 'lengthInside', 'year', 'relation'];

/** An error to show: a translated UI key, or a message the engine gave in both languages. */
export type QueryProblem = { key: I18nKey; params?: Params } | { en: string; zh: string; code: string };

export type QueryPhase = 'idle' | 'running' | 'done' | 'error';

export interface QueryUiState {
  open: boolean;
  /** the draw tool in use (drawing or editing), null when none */
  tool: DrawKind | null;
  /** the shape is finished (editable by dragging) */
  finished: boolean;
  corridorWidthM: number;
  mode: QueryMode;
  /** empty = all */
  categories: readonly CategoryCode[];
  maxDepth: number | null;
  data: 'loading' | 'ready' | 'failed';
  dataProblem: QueryProblem | null;
  phase: QueryPhase;
  startedAt: number;
  result: QueryResult | null;
  problem: QueryProblem | null;
  sort: { key: SortKey; desc: boolean };
}

export function initialQueryState(): QueryUiState {
  return {
    open: false,
    tool: null,
    finished: false,
    corridorWidthM: 10,
    mode: 'intersects',
    categories: [],
    maxDepth: null,
    data: 'loading',
    dataProblem: null,
    phase: 'idle',
    startedAt: 0,
    result: null,
    problem: null,
    sort: { key: 'id', desc: false },
  };
}

export type QueryStore = Store<QueryUiState>;

export function createQueryStore(): QueryStore {
  return new Store(initialQueryState());
}

/** The Worker's options for the current UI choices. */
export function queryOptions(s: Pick<QueryUiState, 'mode' | 'categories' | 'maxDepth'>): QueryOptions {
  const o: QueryOptions = { mode: s.mode };
  if (s.categories.length > 0) o.categories = [...s.categories];
  if (s.maxDepth !== null) o.maxDepth = s.maxDepth;
  return o;
}

const RELATION_ORDER = { within: 0, crosses: 1, touches: 2 } as const;

function sizeValue(it: QueryItem): number {
  if (it.box) return Math.sqrt(it.box.w * it.box.h);
  return it.dn ?? -1;
}

function compare(key: SortKey, a: QueryItem, b: QueryItem): number {
  switch (key) {
    case 'id':
      return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    case 'cat':
      return categoryIndex(a.cat) - categoryIndex(b.cat);
    case 'material':
      return a.material < b.material ? -1 : a.material > b.material ? 1 : 0;
    case 'size':
      return sizeValue(a) - sizeValue(b);
    case 'depth':
      return a.depthMin - b.depthMin;
    case 'lengthInside':
      return a.lengthInside - b.lengthInside;
    case 'year':
      return (a.year > 0 ? a.year : Infinity) - (b.year > 0 ? b.year : Infinity);
    case 'relation':
      return RELATION_ORDER[a.relation] - RELATION_ORDER[b.relation];
  }
}

/** A sorted copy; ties keep id order, so the order is stable whatever the input order. */
export function sortItems(items: readonly QueryItem[], key: SortKey, desc: boolean): QueryItem[] {
  const sign = desc ? -1 : 1;
  return [...items].sort((a, b) => {
    const c = compare(key, a, b);
    if (c !== 0 && !Number.isNaN(c)) return sign * c;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : a.gid - b.gid;
  });
}

/** Clicking a column header: the same column flips the direction, another starts ascending. */
export function nextSort(current: { key: SortKey; desc: boolean }, key: SortKey): { key: SortKey; desc: boolean } {
  return current.key === key ? { key, desc: !current.desc } : { key, desc: false };
}
