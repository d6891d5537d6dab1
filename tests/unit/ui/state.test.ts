/**
 * The UI store's message helpers: numbers are per store (two apps mounted one after the other, or side by side, do
 * not share a counter), and dismissing one message leaves the others shown.
 */
import { describe, expect, test } from 'vitest';
import { createStore, dismissMessage, pushMessage } from '../../../src/ui/state';

describe('ui state messages', () => {
  test('each store numbers its messages from 1, whatever another store did', () => {
    const a = createStore('en');
    pushMessage(a, { key: 'err.render', params: { detail: 'x' } });
    pushMessage(a, { key: 'err.render', params: { detail: 'y' } }, 'warning');
    const b = createStore('en');
    pushMessage(b, { key: 'err.render', params: { detail: 'z' } });
    expect(a.get().messages.map((m) => [m.seq, m.level])).toEqual([
      [1, 'error'],
      [2, 'warning'],
    ]);
    expect(b.get().messages.map((m) => m.seq)).toEqual([1]);
  });

  test('dismissing a message hides that one only', () => {
    const s = createStore('zh-CN');
    pushMessage(s, { key: 'err.render', params: { detail: 'a' } });
    pushMessage(s, { key: 'err.render', params: { detail: 'b' } });
    dismissMessage(s, 1);
    expect(s.get().messages.map((m) => m.dismissed)).toEqual([true, false]);
  });
});
