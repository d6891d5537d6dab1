/**
 * The e2e harness: opens the built app in headless Chromium (launched by tools/browser/chromium.ts, the launcher the
 * benchmarks share) and records, for the test to assert on: every request the page makes (so a request leaving the
 * origin fails the test), console errors, uncaught page errors and Content-Security-Policy violations.
 *
 * Speed without weaker tests: one Chromium per file, and one browser context (tab) per file that the tests take turns
 * in. Every `open()` still boots a fresh app: the previous page is left (about:blank), its routes are removed, the
 * origin's storage (localStorage, sessionStorage, IndexedDB, cookies, caches) is cleared, and the app is loaded anew at
 * its initial view. What carries over is only the browser's HTTP and compiled-code caches, which is what makes a second
 * boot several seconds faster under software GL. A different locale, or `fresh: true`, gets a new context.
 *
 * A page load costs several seconds of shader compiling on software GL, so consecutive tests that only look and click
 * may share one: `open({ keep: true })` hands back the app the previous test opened with `keep` too (same options),
 * when that test passed and left it clean; otherwise it loads afresh as above. Such tests carry the previous test's
 * state (camera, selection): write each to start from what the one before leaves, and to pass when run alone.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { launchBrowser } from '../../tools/browser/chromium';

export interface AppSession {
  page: Page;
  /** every request URL the page made */
  requests: string[];
  /** requests whose origin is not the app's origin (data: and blob: URLs are local and allowed) */
  foreignRequests(): string[];
  consoleErrors: string[];
  pageErrors: string[];
  cspViolations(): Promise<string[]>;
  /** closes the session's browser context */
  close(): Promise<void>;
}

export interface OpenOptions {
  locale?: string;
  width?: number;
  height?: number;
  /** path and query after the base URL, default "/" */
  path?: string;
  /** a new browser context (empty HTTP cache) instead of the file's shared one */
  fresh?: boolean;
  /** reuse the app the previous test opened with `keep` (and the same options) if it passed; see the top */
  keep?: boolean;
}

/**
 * The options that decide whether a kept app fits an open(): everything but `keep` and the page size (a kept page is
 * resized to the size asked for, as a user resizes the window; the app must follow that anyway).
 */
const keepKey = (o: OpenOptions): string => JSON.stringify([o.locale ?? 'en-US', o.path ?? '/', o.fresh === true]);

const DEFAULT_VIEWPORT = { width: 960, height: 600 };

/** What one open() of the app recorded; the page's listeners write into the current recorder. */
interface Recorder {
  requests: string[];
  consoleErrors: string[];
  pageErrors: string[];
}

/** One browser context with one page, reused by consecutive open() calls with the same locale. */
interface Tab {
  context: BrowserContext;
  page: Page;
  locale: string;
  recorder: Recorder;
}

async function newTab(browser: Browser, locale: string, viewport: { width: number; height: number }): Promise<Tab> {
  // reduced motion: no 2 Hz alarm pulse, so software GL renders only when something changes
  const context = await browser.newContext({ viewport, locale, reducedMotion: 'reduce' });
  const page = await context.newPage();
  const tab: Tab = { context, page, locale, recorder: { requests: [], consoleErrors: [], pageErrors: [] } };
  page.on('request', (r) => tab.recorder.requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error') tab.recorder.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => tab.recorder.pageErrors.push(String(e)));
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return tab;
}

/**
 * Leaves the app (about:blank), drops every route a test added and clears the origin's storage, so that the next
 * load of the app in this tab starts as a first visit would (only the HTTP and code caches stay warm).
 */
async function resetTab(tab: Tab, origin: string): Promise<void> {
  const { page } = tab;
  await page.unrouteAll({ behavior: 'ignoreErrors' });
  // sessionStorage belongs to the tab, not to the origin's storage cleared below: empty it while still on the origin
  if (page.url().startsWith(origin)) await page.evaluate(() => sessionStorage.clear()).catch(() => undefined);
  await page.goto('about:blank');
  const cdp = await tab.context.newCDPSession(page);
  try {
    await cdp.send('Storage.clearDataForOrigin', {
      origin,
      storageTypes: 'cookies,file_systems,indexeddb,local_storage,service_workers,cache_storage,storage_buckets',
    });
  } finally {
    await cdp.detach();
  }
}

async function load(tab: Tab, baseUrl: string, opts: OpenOptions): Promise<AppSession> {
  const { page } = tab;
  const origin = new URL(baseUrl).origin;
  const viewport = { width: opts.width ?? DEFAULT_VIEWPORT.width, height: opts.height ?? DEFAULT_VIEWPORT.height };
  const size = page.viewportSize();
  if (!size || size.width !== viewport.width || size.height !== viewport.height) await page.setViewportSize(viewport);
  const recorder: Recorder = { requests: [], consoleErrors: [], pageErrors: [] };
  tab.recorder = recorder;
  await page.goto(baseUrl + (opts.path ?? '/'), { timeout: 120_000 });
  return {
    page,
    requests: recorder.requests,
    consoleErrors: recorder.consoleErrors,
    pageErrors: recorder.pageErrors,
    foreignRequests: () =>
      recorder.requests.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== origin),
    cspViolations: () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp.slice()),
    close: () => tab.context.close(),
  };
}

/** Opens the app in a new browser context of its own (closed by the session's close()). */
export async function openApp(browser: Browser, baseUrl: string, opts: OpenOptions = {}): Promise<AppSession> {
  const tab = await newTab(browser, opts.locale ?? 'en-US', DEFAULT_VIEWPORT);
  return load(tab, baseUrl, opts);
}

/** Waits for the app's test hook: config read, widget built, tileset and overlays loaded, a frame rendered. */
export async function waitForApp(page: Page, timeoutMs = 120_000): Promise<void> {
  await page.waitForFunction(() => Boolean((window as unknown as { __twin?: unknown }).__twin), undefined, {
    timeout: timeoutMs,
  });
  await page.evaluate(async () => {
    const t = (window as unknown as { __twin: { ready: Promise<void>; whenIdle(): Promise<void> } }).__twin;
    await t.ready;
    await t.whenIdle();
  });
}

/**
 * Calls a function on the app's test hooks (window.__twin) inside the page. The function is sent as source text, so it
 * may use only its two arguments: the hooks object and `arg`.
 */
export async function twin<H, T, A = string>(page: Page, fn: (t: H, arg: A) => T | Promise<T>, arg?: A): Promise<T> {
  return page.evaluate(
    ([src, a]) => {
      const t = (window as unknown as { __twin: H }).__twin;
      return (new Function('t', 'a', `return (${src})(t, a);`) as (t: H, a: A) => T)(t, a as A);
    },
    [fn.toString(), arg] as const,
  ) as Promise<T>;
}

/** Asserts what every e2e test promises after it ran (see expectCleanSession). */
async function sessionProblems(app: AppSession, expectedConsole?: RegExp): Promise<void> {
  expect(app.foreignRequests(), 'requests that left the page origin').toEqual([]);
  expect(await app.cspViolations(), 'Content-Security-Policy violations').toEqual([]);
  expect(app.pageErrors, 'uncaught page errors').toEqual([]);
  expect(
    app.consoleErrors.filter((e) => !expectedConsole?.test(e)),
    'console errors',
  ).toEqual([]);
}

/**
 * What every e2e test promises after it ran: not one request left the page's origin, no CSP violation, no uncaught
 * page error and no console error (except those `expectedConsole` matches, e.g. feed requests a test breaks on
 * purpose). Closes the session either way.
 */
export async function expectCleanSession(app: AppSession, expectedConsole?: RegExp): Promise<void> {
  try {
    await sessionProblems(app, expectedConsole);
  } finally {
    await app.close();
  }
}

/**
 * Registers the per-file browser lifecycle every e2e file shares: one Chromium for the file, one tab that each test's
 * first open() loads the app into afresh (see the top of this file), and the clean-session check after each test.
 * Returns `open`, which opens the app at `baseUrl` for the current test; a second open() in the same test opens
 * another app beside the first, in a context of its own.
 */
export function useAppSessions(
  base: string | (() => string),
  expectedConsole?: RegExp,
): { open(opts?: OpenOptions): Promise<AppSession> } {
  /** a function when the file starts its own server in beforeAll (the URL is known only then) */
  const baseUrlOf = (): string => (typeof base === 'string' ? base : base());
  let browser: Browser | undefined;
  let tab: Tab | undefined;
  let current: AppSession | undefined;
  /** further apps one test opened beside the current one (e.g. two screens), each in its own context */
  let extras: AppSession[] = [];
  /** the app the last passing test opened with `keep`, and the key of its options */
  let kept: { session: AppSession; key: string } | undefined;
  let currentKey: string | undefined;
  const dropTab = async (): Promise<void> => {
    const t = tab;
    tab = undefined;
    kept = undefined;
    await t?.context.close().catch(() => undefined);
  };
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await dropTab();
    await browser?.close();
  });
  afterEach(async (context) => {
    const others = extras;
    extras = [];
    for (const app of others) await expectCleanSession(app, expectedConsole);
    if (!current) return;
    const session = current;
    const key = currentKey;
    current = undefined;
    currentKey = undefined;
    try {
      await sessionProblems(session, expectedConsole);
    } catch (e) {
      await dropTab(); // a tab that saw a failure is not reused
      throw e;
    }
    if (key !== undefined && context.task.result?.state !== 'fail') kept = { session, key };
  });
  return {
    async open(opts: OpenOptions = {}): Promise<AppSession> {
      if (!browser) throw new Error('the browser is not launched (call open() inside a test)');
      const baseUrl = baseUrlOf();
      if (current) {
        const extra = await openApp(browser, baseUrl, opts);
        extras.push(extra);
        return extra;
      }
      const reuse = kept;
      kept = undefined;
      if (opts.keep && reuse && reuse.key === keepKey(opts) && tab && reuse.session.page === tab.page && !tab.page.isClosed()) {
        // the page size asked for (the kept page may have had another, or a test resized it)
        const viewport = { width: opts.width ?? DEFAULT_VIEWPORT.width, height: opts.height ?? DEFAULT_VIEWPORT.height };
        const size = tab.page.viewportSize();
        if (!size || size.width !== viewport.width || size.height !== viewport.height) await tab.page.setViewportSize(viewport);
        current = reuse.session;
        currentKey = reuse.key;
        return current;
      }
      const locale = opts.locale ?? 'en-US';
      if (tab && (opts.fresh || tab.locale !== locale || tab.page.isClosed())) await dropTab();
      // a tab that cannot be reset (its page crashed, a test closed it) is replaced
      if (tab) await resetTab(tab, new URL(baseUrl).origin).catch(dropTab);
      tab ??= await newTab(browser, locale, DEFAULT_VIEWPORT);
      current = await load(tab, baseUrl, opts);
      currentKey = opts.keep ? keepKey(opts) : undefined;
      return current;
    },
  };
}
