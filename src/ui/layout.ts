/**
 * The page shell: top bar, the globe, a left panel column (layers) and a right-hand panel stack (inspect now; alarm
 * list, query results later), on-screen messages and the status line. Returns the mount points.
 */
import { el } from './dom';

export interface Shell {
  topbar: HTMLElement;
  globe: HTMLElement;
  left: HTMLElement;
  right: HTMLElement;
  overlay: HTMLElement;
  bottom: HTMLElement;
}

export function buildShell(root: HTMLElement): Shell {
  const topbar = el('div', { className: 'shell-top' });
  const globe = el('div', { className: 'globe', attrs: { id: 'globe' } });
  const left = el('aside', { className: 'panel-stack left' });
  const right = el('aside', { className: 'panel-stack right' });
  const overlay = el('div', { className: 'shell-overlay' });
  const bottom = el('div', { className: 'shell-bottom' });
  root.replaceChildren(topbar, el('main', { className: 'stage' }, [globe, left, right, overlay]), bottom);
  return { topbar, globe, left, right, overlay, bottom };
}
