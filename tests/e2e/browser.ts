/**
 * Real headless Chromium (Debian's package) driven by playwright-core, launched the way shared/design.md measured:
 * no background networking, no component updates, Google hosts unresolvable, software GL (SwiftShader).
 *
 * openApp() records, for the test to assert on: every request the page makes (so a request leaving the origin fails
 * the test), console errors, uncaught page errors and Content-Security-Policy violations.
 */
import { execSync } from 'node:child_process';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

export function chromiumPath(): string {
  for (const c of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (c) {
      try {
        execSync(`test -x ${c}`);
        return c;
      } catch {
        /* try next */
      }
    }
  }
  return execSync('command -v chromium || command -v chromium-browser', { shell: '/bin/sh' }).toString().trim();
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--component-updater=url-source=http://127.0.0.1:9/',
      '--gaia-url=http://127.0.0.1:9/',
      '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
    ],
  });
}

export interface AppSession {
  page: Page;
  /** every request URL the page made */
  requests: string[];
  /** requests whose origin is not the app's origin (data: and blob: URLs are local and allowed) */
  foreignRequests(): string[];
  consoleErrors: string[];
  pageErrors: string[];
  cspViolations(): Promise<string[]>;
  close(): Promise<void>;
}

export interface OpenOptions {
  locale?: string;
  width?: number;
  height?: number;
  /** path and query after the base URL, default "/" */
  path?: string;
}

export async function openApp(browser: Browser, baseUrl: string, opts: OpenOptions = {}): Promise<AppSession> {
  const context = await browser.newContext({
    viewport: { width: opts.width ?? 960, height: opts.height ?? 600 },
    locale: opts.locale ?? 'en-US',
  });
  const page = await context.newPage();
  const origin = new URL(baseUrl).origin;
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  await page.goto(baseUrl + (opts.path ?? "/"), { timeout: 120_000 });
  return {
    page,
    requests,
    consoleErrors,
    pageErrors,
    foreignRequests: () =>
      requests.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== origin),
    cspViolations: () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp.slice()),
    close: () => context.close(),
  };
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

/**
 * What every e2e test promises after it ran: not one request left the page's origin, no CSP violation, no uncaught
 * page error and no console error (except those `expectedConsole` matches, e.g. feed requests a test breaks on
 * purpose). Closes the session either way.
 */
export async function expectCleanSession(app: AppSession, expectedConsole?: RegExp): Promise<void> {
  try {
    expect(app.foreignRequests(), 'requests that left the page origin').toEqual([]);
    expect(await app.cspViolations(), 'Content-Security-Policy violations').toEqual([]);
    expect(app.pageErrors, 'uncaught page errors').toEqual([]);
    expect(
      app.consoleErrors.filter((e) => !expectedConsole?.test(e)),
      'console errors',
    ).toEqual([]);
  } finally {
    await app.close();
  }
}

/**
 * Registers the per-file browser lifecycle every e2e file shares: one Chromium for the file, a fresh page per test, and
 * expectCleanSession() after each test. Returns `open`, which opens the app at `baseUrl` for the current test.
 */
export function useAppSessions(
  baseUrl: string,
  expectedConsole?: RegExp,
): { open(opts?: OpenOptions): Promise<AppSession> } {
  let browser: Browser | undefined;
  let current: AppSession | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    if (!current) return;
    const session = current;
    current = undefined;
    await expectCleanSession(session, expectedConsole);
  });
  return {
    async open(opts?: OpenOptions): Promise<AppSession> {
      if (!browser) throw new Error('the browser is not launched (call open() inside a test)');
      current = await openApp(browser, baseUrl, opts);
      return current;
    },
  };
}
