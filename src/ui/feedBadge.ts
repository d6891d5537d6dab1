/**
 * The feed-health badge: connection state, last update time and age, rejected readings of the last document, and the
 * last problem in plain words (translated; the technical message is the tooltip). A retry button polls at once.
 * `badgeModel` is the pure part (tested in Node); the DOM part renders it with textContent only.
 *
 * States: idle (connecting), ok (live: green), degraded (documents arrive but give nothing usable: every reading
 * rejected, an older document ignored, or no readings at all: amber), retrying (requests fail: red), off (no feed).
 */
import type { FeedHealth } from '../feed/client';
import { el } from './dom';
import { ageText, failureText, timeText } from './feedFormat';
import { translate, type Lang } from './i18n';
import { livePanel, type LivePanel } from './livePanel';
import type { AppStore } from './state';

export type BadgeState = 'idle' | 'ok' | 'degraded' | 'retrying' | 'off';

export interface BadgeModel {
  state: BadgeState;
  label: string;
  /** "Updated 14:05:09 (12 s ago)" or "No data received yet" */
  updated: string;
  /** rejected readings of the last applied document, 0 = none */
  rejected: number;
  rejectedText: string | null;
  /** rejected readings since the page opened (the tooltip of rejectedText) */
  rejectedTotalText: string | null;
  /** the current problem in plain words, null when none */
  problem: string | null;
  /** the technical message (tooltip) */
  detail: string | null;
}

export interface BadgeInput {
  health: FeedHealth | null;
  /** the last poll handed an older sequence (refused, not a transport failure) */
  staleSequence: boolean;
  /** client clock now, ms */
  now: number;
  /** a setup failure (sensors.json missing…), already in words */
  setupError?: string | null;
}

export function rejectedTotal(h: FeedHealth): number {
  let n = 0;
  for (const v of Object.values(h.rejectedReadings)) n += v;
  return n;
}

export function badgeModel(input: BadgeInput, lang: Lang): BadgeModel {
  const h = input.health;
  if (!h) {
    return {
      state: 'off',
      label: translate(lang, 'feed.state.off'),
      updated: translate(lang, 'feed.never'),
      rejected: 0,
      rejectedText: null,
      rejectedTotalText: null,
      problem: input.setupError ?? null,
      detail: null,
    };
  }
  let state: BadgeState = h.state;
  const updated =
    h.lastOkAt !== null
      ? translate(lang, 'feed.updated', { time: timeText(h.lastOkAt, lang), age: ageText(input.now - h.lastOkAt, lang) })
      : translate(lang, 'feed.never');
  const last = h.lastDocument;
  const rejected = last?.rejected ?? 0;
  const total = rejectedTotal(h);
  let problem: string | null = null;
  let detail: string | null = null;
  const space = lang === 'en' ? ' ' : '';
  if (h.state === 'retrying' && h.lastError) {
    problem = failureText(h.lastError.kind, lang, h.lastError.status);
    if (h.lastOkAt !== null) problem += `${space}${translate(lang, 'feed.keepsLast')}`;
    // a request still in flight (a hanging server) is "waiting n s", never "retrying in 0 s"
    const when =
      h.inFlightSince !== null
        ? translate(lang, 'feed.waiting', { s: Math.max(0, Math.floor((input.now - h.inFlightSince) / 1000)) })
        : h.nextPollAt !== null
          ? translate(lang, 'feed.retryIn', { s: Math.max(0, Math.ceil((h.nextPollAt - input.now) / 1000)) })
          : null;
    if (when) problem += lang === 'en' ? ` (${when})` : `（${when}）`;
    detail = h.lastError.message;
  } else if (h.state === 'ok') {
    // documents arrive, but nothing in them is usable: say so in amber, not green "Live"
    if (input.staleSequence) {
      state = 'degraded';
      problem = `${failureText('staleSequence', lang)}${space}${translate(lang, 'feed.keepsLast')}`;
    } else if (last && last.received === 0) {
      state = 'degraded';
      problem = translate(lang, 'feed.warn.empty');
    } else if (last && last.received > 0 && last.accepted === 0 && last.unchanged === 0) {
      state = 'degraded';
      problem = translate(lang, 'feed.warn.allRejected', { n: last.rejected });
    }
  }
  return {
    state,
    label: translate(lang, `feed.state.${state}`),
    updated,
    rejected,
    rejectedText: last && rejected > 0 ? translate(lang, 'feed.rejected', { n: rejected, m: last.received }) : null,
    rejectedTotalText: total > 0 ? translate(lang, 'feed.rejectedTotal', { n: total }) : null,
    problem,
    detail,
  };
}

export type FeedBadgeView = LivePanel<BadgeInput>;

export function mountFeedBadge(parent: HTMLElement, store: AppStore, retry: () => void): FeedBadgeView {
  const root = el('div', { className: 'feed-badge', testId: 'feed-badge', attrs: { role: 'status', 'aria-live': 'polite' } });
  parent.appendChild(root);
  let input: BadgeInput = { health: null, staleSequence: false, now: Date.now() };

  // persistent elements updated in place (the badge refreshes every second; the retry button must stay clickable)
  const dot = el('span', { className: 'feed-dot' });
  const label = el('span', { className: 'feed-state', testId: 'feed-state' });
  const updated = el('span', { className: 'feed-updated', testId: 'feed-updated' });
  const rejected = el('span', { className: 'feed-rejected', testId: 'feed-rejected' });
  const problem = el('span', { className: 'feed-problem', testId: 'feed-problem' });
  const button = el('button', { className: 'feed-retry', testId: 'feed-retry', attrs: { type: 'button' } });
  button.addEventListener('click', retry);
  root.append(dot, label, updated, rejected, problem, button);

  const render = (): void => {
    const lang = store.get().lang;
    const m = badgeModel(input, lang);
    root.dataset.state = m.state;
    dot.className = `feed-dot feed-${m.state}`;
    label.textContent = m.label;
    updated.textContent = m.updated;
    rejected.textContent = m.rejectedText ?? '';
    rejected.title = m.rejectedTotalText ?? '';
    // hidden parts are removed from the tree, so tests and screen readers see only what is shown
    setShown(rejected, m.rejectedText !== null);
    problem.textContent = m.problem ?? '';
    problem.title = m.detail ?? '';
    setShown(problem, m.problem !== null);
    button.textContent = translate(lang, 'feed.retry');
    setShown(button, m.state === 'retrying');
  };

  const setShown = (node: HTMLElement, shown: boolean): void => {
    if (shown && node.parentNode !== root) {
      // keep the order: re-insert before the first later sibling that is present
      const order = [dot, label, updated, rejected, problem, button];
      const after = order.slice(order.indexOf(node) + 1).find((n) => n.parentNode === root) ?? null;
      root.insertBefore(node, after);
    } else if (!shown && node.parentNode === root) node.remove();
  };

  return livePanel<BadgeInput>(root, store, (next) => (input = next), render, [
    () => button.removeEventListener('click', retry),
  ]);
}
