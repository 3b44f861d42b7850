import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { REPO_ROOT } from '../../support/built';

/** Window size of every test page and screenshot. */
export const VIEWPORT = { width: 1400, height: 850 } as const;

/**
 * Runs in the page before its own scripts: records CSP violations. Kept as text (not a function)
 * so this file needs no DOM types and the bench, compiled without them, can use it.
 */
const CSP_RECORDER = `
  window.__werCsp = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__werCsp.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber);
  });
`;

/** A page of the app with everything that went wrong in it. */
export interface AppPage {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Console errors and uncaught exceptions, in order. */
  readonly errors: string[];
  /** Console errors, uncaught exceptions and CSP violations seen so far. */
  readonly problems: () => Promise<string[]>;
  readonly close: () => Promise<void>;
}

/** Opens `url` in a fresh context (own session storage, light theme unless told) at the test viewport. */
export async function openApp(browser: Browser, url: string, colorScheme: 'light' | 'dark' = 'light'): Promise<AppPage> {
  const context = await browser.newContext({ viewport: VIEWPORT, colorScheme });
  // A missing element fails a test in seconds, well inside its Jest timeout, with Playwright's message.
  context.setDefaultTimeout(10_000);
  await context.addInitScript({ content: CSP_RECORDER });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console error: ${m.text()} (${m.location().url}:${m.location().lineNumber})`);
  });
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  await page.goto(url);
  const problems = async () => {
    const csp = (await page.evaluate('window.__werCsp ?? []').catch(() => [])) as string[];
    return [...errors, ...csp.map((v) => `CSP violation: ${v}`)];
  };
  return { context, page, errors, problems, close: () => context.close() };
}

/** "Showing 1,234 of 10,000 reports" → { shown: 1234, total: 10000 }; null when it says something else. */
export function parseReportCount(text: string): { shown: number; total: number } | null {
  // Thousands separators vary by locale (`,` `.` thin space); numbers here are whole.
  const plain = text.replace(/(\d)[,.\u00a0\u202f\s](?=\d{3}\b)/g, '$1');
  const m = /(\d+)\D+?(\d+)/.exec(plain);
  if (!m) {
    const single = /(\d+)/.exec(plain);
    return single ? { shown: Number(single[1]), total: Number(single[1]) } : null;
  }
  return { shown: Number(m[1]), total: Number(m[2]) };
}

/** Polls `read` until `ok` holds for its value; on timeout fails with the last value seen. */
export async function pollUntil<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, timeoutMs: number): Promise<T> {
  const start = Date.now();
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await read();
      if (ok(last)) return last;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() - start > timeoutMs) {
      const seen = last === undefined ? `nothing (${lastError instanceof Error ? lastError.message.split('\n')[0] : String(lastError)})` : JSON.stringify(last);
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last saw ${seen}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until the list's count line says `shown` of `total` reports, and returns the time it took. */
export async function waitForReportCount(page: Page, shown: number, total: number, timeoutMs = 10_000): Promise<number> {
  const start = Date.now();
  await pollUntil(
    async () => (await page.getByTestId('report-count').textContent({ timeout: 1000 })) ?? '',
    (text) => {
      const c = parseReportCount(text);
      return c !== null && c.shown === shown && c.total === total;
    },
    `the report count to say ${shown} of ${total}`,
    timeoutMs,
  );
  return Date.now() - start;
}

/** Where screenshots go: `WER_SCREENSHOT_DIR` (relative to the repository), default `.tmp/screenshots`. */
export function screenshotDir(): string {
  return resolve(REPO_ROOT, process.env.WER_SCREENSHOT_DIR ?? join('.tmp', 'screenshots'));
}

/** Saves a PNG of the whole window as `<name>.png` in the screenshot folder, once the page is idle. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  const dir = screenshotDir();
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  // No blinking caret or half-finished transition in the pictures.
  await page.screenshot({ path, animations: 'disabled', caret: 'hide' });
  return path;
}
