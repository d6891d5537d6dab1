/**
 * The draw toolbar of the area query: one button per shape (polygon, rectangle, circle, corridor), the corridor width,
 * Clear, and a one-line hint for the tool in use. Renders from the query state; actions go to the handlers.
 */
import { DRAW_KINDS, type DrawKind } from './drawShapes';
import { el } from './dom';
import { translate, type I18nKey, type Lang } from './i18n';
import type { QueryUiState } from './queryState';

export interface DrawToolbarHandlers {
  onTool(kind: DrawKind): void;
  onClear(): void;
  onCorridorWidth(m: number): void;
}

export function drawHintKey(s: Pick<QueryUiState, 'tool' | 'finished'>): I18nKey {
  if (!s.tool) return 'draw.hint.start';
  if (s.finished) return 'draw.hint.edit';
  return `draw.hint.${s.tool}`;
}

export function drawToolbarView(lang: Lang, s: QueryUiState, handlers: DrawToolbarHandlers): HTMLElement {
  const t = (k: I18nKey): string => translate(lang, k);
  const buttons = DRAW_KINDS.map((kind) => {
    const active = s.tool === kind;
    const b = el('button', {
      className: active ? 'seg active' : 'seg',
      text: t(`draw.${kind}`),
      testId: `draw-${kind}`,
      attrs: { type: 'button', 'aria-pressed': String(active) },
    });
    b.addEventListener('click', () => handlers.onTool(kind));
    return b;
  });
  const clear = el('button', { className: 'seg', text: t('draw.clear'), testId: 'draw-clear', attrs: { type: 'button' } });
  clear.addEventListener('click', () => handlers.onClear());
  const width = el('input', {
    testId: 'draw-corridor-width',
    attrs: { type: 'number', min: '0.5', max: '1000', step: '0.5', 'aria-label': t('draw.corridorWidth') },
  });
  width.value = String(s.corridorWidthM);
  width.addEventListener('change', () => {
    const v = Number(width.value);
    if (Number.isFinite(v) && v > 0) handlers.onCorridorWidth(v);
    else width.value = String(s.corridorWidthM);
  });
  const widthField = s.tool === 'corridor' ? el('label', { className: 'query-field' }, [el('span', { text: t('draw.corridorWidth') }), width]) : null;
  return el('div', { className: 'draw-toolbar', testId: 'draw-toolbar' }, [
    el('div', { className: 'segmented query-row' }, [...buttons, clear]),
    widthField,
    el('p', { className: 'panel-note draw-hint', text: t(drawHintKey(s)), testId: 'draw-hint' }),
  ]);
}
