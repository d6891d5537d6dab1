/** On-screen messages (errors and warnings), rendered in the current language, each dismissable. */
import { el, replaceChildren } from './dom';
import { renderMessage, translate } from './i18n';
import { dismissMessage, type AppState, type AppStore } from './state';

/** Mounts the message list; returns its dispose function. */
export function mountMessages(parent: HTMLElement, store: AppStore): () => void {
  const root = el('div', { className: 'messages', testId: 'messages', attrs: { role: 'alert', 'aria-live': 'assertive' } });
  parent.appendChild(root);
  let last: AppState | null = null;
  const render = (s: AppState): void => {
    if (last && last.lang === s.lang && last.messages === s.messages) return;
    last = s;
    replaceChildren(
      root,
      s.messages
        .filter((m) => !m.dismissed)
        .map((m) => {
          const close = el('button', {
            className: 'icon-button',
            text: '×',
            title: translate(s.lang, 'msg.dismiss'),
            attrs: { type: 'button', 'aria-label': translate(s.lang, 'msg.dismiss') },
          });
          close.addEventListener('click', () => dismissMessage(store, m.seq));
          return el('div', { className: `message message-${m.level}`, testId: 'message' }, [
            el('span', { className: 'message-text', text: renderMessage(s.lang, m) }),
            close,
          ]);
        }),
    );
  };
  render(store.get());
  const off = store.subscribe(render);
  return () => {
    off();
    root.remove();
  };
}
