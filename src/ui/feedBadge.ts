/**
 * The feed-health badge: connection state, last update time and age, rejected readings, and the last problem in
 * plain words (translated; the technical message is the tooltip). A retry button polls at once.
 * `badgeModel` is the pure part (tested in Node); the DOM part renders it with textContent only.
 */
import type { FeedHealth } from '../feed/client';
import { el, replaceChildren } from './dom';
import { ageText, failureText, timeText } from './feedFormat';
import { translate, type Lang } from './i18n';
import type { AppStore } from './state';

export type BadgeState = 'idle' | 'ok' | 'retrying' | 'off';

export interface BadgeModel {
  state: BadgeState;
  label: string;
  /** "Updated 14:05:09 (12 s ago)" or "No data received yet" */
  updated: string;
  /** total rejected readings since start, 0 = none */
  rejected: number;
  rejectedText: string | null;
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
      problem: input.setupError ?? null,
      detail: null,
    };
  }
  const state: BadgeState = h.state;
  const updated =
    h.lastOkAt !== null
      ? translate(lang, 'feed.updated', { time: timeText(h.lastOkAt, lang), age: ageText(input.now - h.lastOkAt, lang) })
      : translate(lang, 'feed.never');
  const rejected = rejectedTotal(h);
  let problem: string | null = null;
  let detail: string | null = null;
  if (h.state === 'retrying' && h.lastError) {
    problem = failureText(h.lastError.kind, lang, h.lastError.status);
    if (h.lastOkAt !== null) problem += ` ${translate(lang, 'feed.keepsLast')}`;
    if (h.nextPollAt !== null) problem += ` (${translate(lang, 'feed.retryIn', { s: Math.max(0, Math.ceil((h.nextPollAt - input.now) / 1000)) })})`;
    detail = h.lastError.message;
  } else if (input.staleSequence) {
    problem = `${failureText('staleSequence', lang)} ${translate(lang, 'feed.keepsLast')}`;
  }
  return {
    state,
    label: translate(lang, `feed.state.${state}`),
    updated,
    rejected,
    rejectedText: rejected > 0 ? translate(lang, 'feed.rejected', { n: rejected }) : null,
    problem,
    detail,
  };
}

export interface FeedBadgeView {
  update(input: BadgeInput): void;
}

export function mountFeedBadge(parent: HTMLElement, store: AppStore, retry: () => void): FeedBadgeView {
  const root = el('div', { className: 'feed-badge', testId: 'feed-badge', attrs: { role: 'status', 'aria-live': 'polite' } });
  parent.appendChild(root);
  let input: BadgeInput = { health: null, staleSequence: false, now: Date.now() };

  const render = (): void => {
    const lang = store.get().lang;
    const m = badgeModel(input, lang);
    root.dataset.state = m.state;
    const button =
      m.state === 'retrying'
        ? el('button', { className: 'feed-retry', text: translate(lang, 'feed.retry'), testId: 'feed-retry', attrs: { type: 'button' } })
        : null;
    button?.addEventListener('click', retry);
    replaceChildren(root, [
      el('span', { className: `feed-dot feed-${m.state}` }),
      el('span', { className: 'feed-state', testId: 'feed-state', text: m.label }),
      el('span', { className: 'feed-updated', testId: 'feed-updated', text: m.updated }),
      m.rejectedText ? el('span', { className: 'feed-rejected', testId: 'feed-rejected', text: m.rejectedText }) : null,
      m.problem ? el('span', { className: 'feed-problem', testId: 'feed-problem', text: m.problem, title: m.detail ?? undefined }) : null,
      button,
    ]);
  };

  store.watch((s) => s.lang, render);
  return {
    update(next) {
      input = next;
      render();
    },
  };
}
