/**
 * Feature codes (CJJ 61 Appendix F, as standards.md §1 describes them) and asset ids.
 *
 * Code = "5" + category digit + sub-type (2 digits: the sub-type's position in its category, 01…) + element
 * (1 segment, 2 point) + point kind (1 feature point, 2 appurtenance; 0 for segments) + serial (2 digits).
 * E.g. sewage segment 52021000, sewage manhole 52022202, distribution valve 51042204. The serials of the point kinds
 * below beyond manhole (02) and valve (04) are this project's convention (E).
 */
import { category } from '../../src/domain/categories';
import type { CategoryCode, NodeType } from '../../src/domain/schema';

/** point kind and serial per node type */
export const NODE_CODE: Record<NodeType, { kind: 1 | 2; serial: number; letter: string }> = {
  bend: { kind: 1, serial: 1, letter: 'B' },
  tee: { kind: 1, serial: 2, letter: 'T' },
  junction: { kind: 1, serial: 3, letter: 'J' },
  manhole: { kind: 2, serial: 2, letter: 'M' },
  valve: { kind: 2, serial: 4, letter: 'V' },
  hydrant: { kind: 2, serial: 5, letter: 'H' },
  meter: { kind: 2, serial: 6, letter: 'F' },
  outfall: { kind: 2, serial: 7, letter: 'O' },
  inlet: { kind: 2, serial: 8, letter: 'I' },
  sensor: { kind: 2, serial: 9, letter: 'S' },
};

function prefix(cat: CategoryCode, sub: string): string {
  const def = category(cat);
  if (!def) throw new Error(`unknown category ${cat}`);
  const i = def.subs.findIndex((s) => s.code === sub);
  if (i < 0) throw new Error(`unknown sub-type ${sub} of ${cat}`);
  return `5${def.digit}${String(i + 1).padStart(2, '0')}`;
}

const cache = new Map<string, string>();

export function segmentCode(cat: CategoryCode, sub: string): string {
  const k = `${cat}:${sub}`;
  let c = cache.get(k);
  if (!c) cache.set(k, (c = `${prefix(cat, sub)}1000`));
  return c;
}

export function nodeCode(cat: CategoryCode, sub: string, type: NodeType): string {
  const k = `${cat}:${sub}:${type}`;
  let c = cache.get(k);
  if (!c) {
    const t = NODE_CODE[type];
    cache.set(k, (c = `${prefix(cat, sub)}2${t.kind}${String(t.serial).padStart(2, '0')}`));
  }
  return c;
}

/** Serial counters per id prefix: segments "JP-000123", nodes "JP-V000045" (letter from NODE_CODE). */
export class IdCounter {
  private readonly n = new Map<string, number>();

  next(p: string): string {
    const v = (this.n.get(p) ?? 0) + 1;
    this.n.set(p, v);
    return `${p}-${String(v).padStart(6, '0')}`;
  }

  segment(sub: string): string {
    return this.next(sub);
  }

  node(sub: string, type: NodeType): string {
    const v = (this.n.get(`${sub}:${type}`) ?? 0) + 1;
    this.n.set(`${sub}:${type}`, v);
    return `${sub}-${NODE_CODE[type].letter}${String(v).padStart(6, '0')}`;
  }
}
