/**
 * The page shell and its panel dock.
 *
 * `buildShell` lays out the page: top bar, the globe, two panel columns (`left`, `right`), a `detail` slot beside the
 * left column, on-screen messages and the status line. It returns the mount points.
 *
 * `mountLayout` turns the columns into a dock that holds a dozen panels at 1280×720 as well as on a wall:
 * - every panel (`section.panel`) a part appends to `shell.left` or `shell.right` is adopted: wrapped in a dock item
 *   with a header bar (a real `<button>` with `aria-expanded`, inside a heading) that collapses and expands it. The
 *   collapsed state is remembered per panel in localStorage (a missing or broken store just means "all expanded").
 * - panels that come and go with the selection (the inspect and live-readings panels) move to the `detail` slot: they
 *   float beside the left column (over it on narrow screens) and never push another panel, so nothing under the
 *   pointer moves when an asset is selected.
 * - the height of an expanded dock item does not follow its content ("fill" items share the column by weight, "fixed"
 *   items have a set height, each scrolls inside), so a panel that grows (new alarms, a result table) moves nothing
 *   else. Only the user's own click on a header changes the split. When the expanded items do not fit (each keeps a
 *   minimum height), the column scrolls: every panel stays reachable.
 *
 * Parts keep mounting as they always did (`mountX(shell.right, …)` appending a `section.panel`); the dock adopts what
 * appears (a MutationObserver, so the wrap happens before the next paint). A part can also dock explicitly:
 *
 *   layout.dock(panelElement, { id: 'isolation-panel', titleKey: 'isolation.title', side: 'right', size: 'fill' });
 *
 * `id` is the panel's stable name (the persisted state and `data-dock-id`); `titleKey` the header text (default: the
 * panel's own first heading); `side` the column or the detail slot; `size` 'fill' (share of the column, `weight`),
 * 'fixed' (`height` px) or 'auto' (its content's height: only for panels whose size never changes while in use);
 * `badge` a selector of an element inside the panel whose text the header repeats (e.g. the alarm count, so a collapsed
 * panel still says it). A panel's own heading that the header repeats is hidden by the stylesheet.
 *
 * `dispose()` undoes all of it: the observer, the store watch and the badge observers are detached, every panel is put
 * back where its part appended it, and the dock items are removed.
 */
import { el } from './dom';
import { translate, type I18nKey, type Lang } from './i18n';
import type { AppStore } from './state';

export interface Shell {
  topbar: HTMLElement;
  globe: HTMLElement;
  left: HTMLElement;
  right: HTMLElement;
  /** the slot for the panels that follow the selection (inspect, live readings) */
  detail: HTMLElement;
  overlay: HTMLElement;
  bottom: HTMLElement;
}

export function buildShell(root: HTMLElement): Shell {
  const topbar = el('div', { className: 'shell-top' });
  const globe = el('div', { className: 'globe', attrs: { id: 'globe' } });
  const left = el('aside', { className: 'panel-stack left', testId: 'dock-left' });
  const right = el('aside', { className: 'panel-stack right', testId: 'dock-right' });
  const detail = el('aside', { className: 'panel-stack detail', testId: 'dock-detail' });
  const overlay = el('div', { className: 'shell-overlay' });
  const bottom = el('div', { className: 'shell-bottom' });
  root.replaceChildren(topbar, el('main', { className: 'stage' }, [globe, left, detail, right, overlay]), bottom);
  return { topbar, globe, left, right, detail, overlay, bottom };
}

export type DockSide = 'left' | 'right' | 'detail';
export type DockSize = 'fill' | 'fixed' | 'auto';

export interface DockOptions {
  /** stable name: the persisted collapsed state and `data-dock-id` */
  id: string;
  /** header text; default: the panel's own first heading when it is docked, else the id */
  titleKey?: I18nKey;
  /** default: the column the panel was appended to ('left' when docked explicitly) */
  side?: DockSide;
  /** default 'fill' */
  size?: DockSize;
  /** share of the column among the expanded 'fill' items (default 1) */
  weight?: number;
  /** body height in CSS pixels for size 'fixed' (default 96) */
  height?: number;
  /** selector of an element in the panel whose text the header repeats */
  badge?: string;
  /** 'end': kept after the other items of its column (e.g. a status panel whose height may change) */
  place?: 'end';
}

/** How the dock places the panels the app mounts today, by their data-testid. */
export const KNOWN_PANELS: Readonly<Record<string, Omit<DockOptions, 'id'>>> = {
  'layer-panel': { side: 'left', titleKey: 'layers.title', size: 'auto' },
  'inspect-panel': { side: 'detail' },
  'readings-panel': { side: 'detail' },
  // the feed's health and KPIs: its text may grow by a line or two (a fault in words), so it sits at the column's end,
  // where growing only shortens the item above it and moves nothing under the pointer
  'feed-panel': { side: 'right', titleKey: 'feed.title', size: 'auto', place: 'end' },
  'alarm-list': { side: 'right', titleKey: 'alarms.title', size: 'fill', weight: 1, badge: '[data-testid="alarm-count"]' },
  'query-panel': { side: 'right', titleKey: 'query.title', size: 'fill', weight: 2 },
};

const STORAGE_KEY = 'cq-twin.dock';

/** Collapsed panels by id, from the stored text; anything unreadable counts as "nothing collapsed". */
export function parseDockState(raw: string | null): Set<string> {
  if (!raw) return new Set();
  try {
    const v: unknown = JSON.parse(raw);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return new Set();
    const collapsed = (v as { collapsed?: unknown }).collapsed;
    if (!Array.isArray(collapsed)) return new Set();
    return new Set(collapsed.filter((x): x is string => typeof x === 'string'));
  } catch {
    return new Set();
  }
}

export function serializeDockState(collapsed: ReadonlySet<string>): string {
  return JSON.stringify({ collapsed: [...collapsed].sort() });
}

/** The options a panel is docked with: the known table, else its stack and its own heading. */
export function dockOptionsFor(testId: string | undefined, appendedTo: DockSide, fallbackId: string): DockOptions {
  const known = testId !== undefined ? KNOWN_PANELS[testId] : undefined;
  return { side: appendedTo, ...known, id: testId ?? fallbackId };
}

/** The storage the dock remembers its state in; null where there is none (private mode, blocked storage). */
function defaultStorage(): Pick<Storage, 'getItem' | 'setItem'> | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export interface Layout {
  /** Docks a panel (see the module comment). A panel already docked is left as it is. */
  dock(panel: HTMLElement, opts: DockOptions): void;
  isCollapsed(id: string): boolean;
  setCollapsed(id: string, collapsed: boolean): void;
  dispose(): void;
}

interface Docked {
  panel: HTMLElement;
  /** where the part appended the panel, to put it back on dispose */
  home: HTMLElement | null;
  item: HTMLElement | null;
  header: HTMLButtonElement | null;
  title: HTMLElement | null;
  opts: DockOptions;
  fallbackTitle: string;
  badgeObserver: MutationObserver | null;
}

function headingText(panel: HTMLElement): string {
  return panel.querySelector('h2, h3')?.textContent?.trim() ?? '';
}

function domId(id: string): string {
  return `dock-body-${id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

export function mountLayout(
  shell: Shell,
  store: AppStore,
  storage: Pick<Storage, 'getItem' | 'setItem'> | null = defaultStorage(),
): Layout {
  const read = (): string | null => {
    try {
      return storage?.getItem(STORAGE_KEY) ?? null;
    } catch {
      return null;
    }
  };
  const collapsed = parseDockState(read());
  const docked = new Map<HTMLElement, Docked>();
  const byId = new Map<string, Docked>();
  const stacks: Record<DockSide, HTMLElement> = { left: shell.left, right: shell.right, detail: shell.detail };
  let counter = 0;
  let disposed = false;

  const save = (): void => {
    try {
      storage?.setItem(STORAGE_KEY, serializeDockState(collapsed));
    } catch {
      /* full or blocked storage: the state lasts for this page only */
    }
  };

  /** the panel is still where the dock put it (its part has not removed it) */
  const holds = (d: Docked): boolean =>
    d.item ? d.panel.parentElement?.parentElement === d.item : d.panel.parentElement === stacks.detail;

  const titleOf = (d: Docked, lang: Lang): string =>
    d.opts.titleKey ? translate(lang, d.opts.titleKey) : d.fallbackTitle || d.opts.id;

  const apply = (d: Docked): void => {
    if (!d.item || !d.header) return;
    const isCollapsed = collapsed.has(d.opts.id);
    d.item.classList.toggle('collapsed', isCollapsed);
    d.header.setAttribute('aria-expanded', String(!isCollapsed));
    const body = d.item.querySelector<HTMLElement>(':scope > .dock-body');
    if (body) body.hidden = isCollapsed;
  };

  const renderTitles = (lang: Lang): void => {
    for (const d of docked.values()) {
      if (!d.title || !d.header) continue;
      d.title.textContent = titleOf(d, lang);
      d.header.title = translate(lang, 'dock.toggleTitle');
    }
  };

  const wrap = (d: Docked, side: DockSide): void => {
    const { panel, opts } = d;
    const title = el('span', { className: 'dock-title' });
    const badge = el('span', { className: 'dock-badge', testId: `dock-badge-${opts.id}` });
    const header = el(
      'button',
      { className: 'dock-header', testId: `dock-header-${opts.id}`, attrs: { type: 'button', 'aria-controls': domId(opts.id) } },
      [el('span', { className: 'dock-chevron', attrs: { 'aria-hidden': 'true' } }), title, badge],
    );
    const body = el('div', { className: 'dock-body', attrs: { id: domId(opts.id), role: 'region' } });
    const item = el('div', {
      className: 'dock-item',
      attrs: { 'data-dock-id': opts.id, 'data-size': opts.size ?? 'fill', ...(opts.place ? { 'data-place': opts.place } : {}) },
    });
    if ((opts.size ?? 'fill') === 'fill') item.style.setProperty('--dock-weight', String(opts.weight ?? 1));
    if (opts.size === 'fixed') item.style.setProperty('--dock-height', `${opts.height ?? 96}px`);
    const stack = stacks[side];
    if (panel.parentElement === stack) stack.insertBefore(item, panel);
    else stack.appendChild(item);
    item.append(el('h2', { className: 'dock-heading' }, [header]), body);
    body.appendChild(panel);
    // items placed at the end stay there, in the DOM too (the keyboard order follows what the eye sees)
    for (const end of [...stack.querySelectorAll<HTMLElement>(':scope > .dock-item[data-place="end"]')]) {
      if (end !== stack.lastElementChild) stack.appendChild(end);
    }
    header.addEventListener('click', () => layout.setCollapsed(opts.id, !collapsed.has(opts.id)));
    d.item = item;
    d.header = header;
    d.title = title;
    if (opts.badge) {
      const selector = opts.badge;
      const copy = (): void => {
        const text = panel.querySelector(selector)?.textContent ?? '';
        if (badge.textContent !== text) badge.textContent = text;
      };
      d.badgeObserver = new MutationObserver(copy);
      d.badgeObserver.observe(panel, { subtree: true, childList: true, characterData: true });
      copy();
    }
    apply(d);
  };

  const layout: Layout = {
    dock(panel, opts) {
      if (disposed || docked.has(panel)) return;
      // a part that was disposed and mounted again: its old item goes, the new panel takes the id
      const stale = byId.get(opts.id);
      if (stale && !holds(stale)) {
        stale.badgeObserver?.disconnect();
        stale.item?.remove();
        docked.delete(stale.panel);
      }
      const side = opts.side ?? 'left';
      const home = panel.parentElement;
      const d: Docked = { panel, home, item: null, header: null, title: null, opts, fallbackTitle: headingText(panel), badgeObserver: null };
      docked.set(panel, d);
      byId.set(opts.id, d);
      if (side === 'detail') {
        // no header: these panels show and hide themselves with the selection
        stacks.detail.appendChild(panel);
      } else {
        wrap(d, side);
      }
      renderTitles(store.get().lang);
    },
    isCollapsed: (id) => collapsed.has(id),
    setCollapsed(id, value) {
      if (value) collapsed.add(id);
      else collapsed.delete(id);
      save();
      const d = byId.get(id);
      if (d) apply(d);
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      observer.disconnect();
      unwatch();
      for (const d of docked.values()) {
        d.badgeObserver?.disconnect();
        const item = d.item;
        // back where its part appended it, unless the part has removed it already
        if (holds(d)) {
          if (d.home && d.home.isConnected) {
            if (item && item.parentElement === d.home) d.home.insertBefore(d.panel, item);
            else d.home.appendChild(d.panel);
          } else {
            d.panel.remove();
          }
        }
        item?.remove();
      }
      docked.clear();
      byId.clear();
    },
  };

  const adopt = (node: Node, side: DockSide, stack: HTMLElement): void => {
    if (!(node instanceof HTMLElement) || node.parentElement !== stack) return;
    if (!node.classList.contains('panel') || docked.has(node)) return;
    layout.dock(node, dockOptionsFor(node.dataset.testid, side, `panel-${++counter}`));
  };

  const observer = new MutationObserver((records) => {
    for (const r of records) {
      const side: DockSide = r.target === shell.right ? 'right' : 'left';
      for (const n of r.addedNodes) adopt(n, side, r.target as HTMLElement);
    }
  });
  for (const [side, stack] of [['left', shell.left], ['right', shell.right]] as const) {
    observer.observe(stack, { childList: true });
    for (const n of [...stack.children]) adopt(n, side, stack);
  }
  const unwatch = store.watch((s) => s.lang, (lang) => renderTitles(lang));
  return layout;
}
