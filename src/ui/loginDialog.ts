/**
 * The operations box in the top bar (issue 12): the shared-state link ("Shared state offline", with the server's
 * reason, when the server or its database cannot be reached; the map and the feed keep working), who is logged in
 * with their role and a "Log out" button, or a "Log in" button that opens a small form (name, password). A refused
 * login is said in plain words (wrong name or password, too many attempts, server unreachable), in the page's
 * language; the password field is emptied after every try. Strings from the server reach the page as text.
 */
import { el } from './dom';
import { translate, type I18nKey, type Params } from './i18n';
import { problemText, type OpsActions, type OpsStore } from './opsState';
import type { AppStore } from './state';

export interface LoginDialog {
  dispose(): void;
}

export function mountLoginDialog(parent: HTMLElement, store: AppStore, ops: OpsStore, actions: Pick<OpsActions, 'login' | 'logout'>): LoginDialog {
  const t = (k: I18nKey, p?: Params): string => translate(store.get().lang, k, p);
  // the link's words: always read out; on screen only when it is not online (online, a green dot says it)
  const linkText = el('span', { className: 'ops-link-text' });
  const link = el('span', { className: 'ops-link', testId: 'ops-link', attrs: { role: 'status' } }, [el('span', { className: 'ops-dot', attrs: { 'aria-hidden': 'true' } }), linkText]);
  const user = el('span', { className: 'ops-user', testId: 'ops-user' });
  const openButton = el('button', { className: 'ops-login-open', testId: 'login-open', attrs: { type: 'button' } });
  const logoutButton = el('button', { className: 'ops-logout', testId: 'logout', attrs: { type: 'button' } });

  const name = el('input', { testId: 'login-name', attrs: { type: 'text', autocomplete: 'username', maxlength: '64' } });
  const password = el('input', { testId: 'login-password', attrs: { type: 'password', autocomplete: 'current-password', maxlength: '1024' } });
  const nameLabel = el('span');
  const passwordLabel = el('span');
  const submit = el('button', { testId: 'login-submit', attrs: { type: 'submit' } });
  const cancel = el('button', { testId: 'login-cancel', attrs: { type: 'button' } });
  const error = el('p', { className: 'ops-login-error', testId: 'login-error', attrs: { role: 'alert' } });
  const heading = el('h2', { className: 'ops-login-title' });
  const form = el('form', { className: 'ops-login-form', testId: 'login-form' }, [
    heading,
    el('label', {}, [nameLabel, name]),
    el('label', {}, [passwordLabel, password]),
    el('div', { className: 'ops-login-buttons' }, [submit, cancel]),
  ]);
  form.hidden = true;
  let busy = false;
  let errorText: (() => string) | null = null;

  const box = el('div', { className: 'ops-box', testId: 'ops-box' }, [link, user, openButton, logoutButton, form, error]);
  parent.appendChild(box);

  const render = (): void => {
    const s = ops.get();
    const lang = store.get().lang;
    if (s.link === 'offline') {
      const reason = s.offlineReason ? (lang === 'en' ? s.offlineReason.en : s.offlineReason.zh) : null;
      linkText.textContent = reason ? t('ops.offlineReason', { reason }) : t('ops.offline');
      link.title = `${linkText.textContent}. ${t('ops.offlineHint')}`;
    } else {
      linkText.textContent = t(s.link === 'online' ? 'ops.online' : 'ops.connecting');
      link.title = linkText.textContent;
    }
    link.dataset.link = s.link;
    link.classList.toggle('offline', s.link === 'offline');
    const u = s.session?.user ?? null;
    user.hidden = !u;
    // the name on screen (the top bar is full at 960 px), with the role in the tooltip and for screen readers
    user.textContent = u ? u.name : '';
    user.title = u ? t('login.user', { name: u.name, role: t(`role.${u.role}`) }) : '';
    if (u) user.setAttribute('aria-label', user.title);
    else user.removeAttribute('aria-label');
    openButton.hidden = !!u || !form.hidden;
    openButton.textContent = t('login.open');
    logoutButton.hidden = !u;
    logoutButton.textContent = t('login.logout');
    logoutButton.disabled = busy;
    heading.textContent = t('login.title');
    nameLabel.textContent = `${t('login.name')} `;
    passwordLabel.textContent = `${t('login.password')} `;
    submit.textContent = busy ? t('login.busy') : t('login.submit');
    submit.disabled = busy;
    cancel.textContent = t('login.cancel');
    error.textContent = errorText?.() ?? '';
    error.hidden = !errorText;
  };

  const close = (): void => {
    form.hidden = true;
    errorText = null;
    password.value = '';
    render();
  };

  openButton.addEventListener('click', () => {
    form.hidden = false;
    errorText = null;
    render();
    name.focus();
  });
  cancel.addEventListener('click', close);
  form.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') close();
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (busy) return;
    const n = name.value.trim();
    const p = password.value;
    if (!n || !p) {
      errorText = () => t('login.empty');
      render();
      return;
    }
    busy = true;
    render();
    void actions.login(n, p).then((out) => {
      busy = false;
      password.value = '';
      if (disposed) return;
      if (out.ok) close();
      else {
        const problem = out.problem;
        errorText = () => problemText(problem, store.get().lang);
        render();
        password.focus();
      }
    });
  });
  logoutButton.addEventListener('click', () => {
    if (busy) return;
    busy = true;
    render();
    void actions.logout().then((out) => {
      busy = false;
      if (disposed) return;
      // a logout that did not reach the server leaves the session as it is, and says why
      errorText = out.ok ? null : () => problemText(out.problem, store.get().lang);
      render();
    });
  });

  let disposed = false;
  const offOps = ops.subscribe(render);
  const offLang = store.watch((s) => s.lang, render);
  return {
    dispose() {
      if (disposed) return;
      disposed = true;
      offOps();
      offLang();
      box.remove();
    },
  };
}
