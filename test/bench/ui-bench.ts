import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { EMPTY_FILTER } from '../../renderer/src/model/report-filter';
import { applyFilter } from '../support/list-rules';
import { parseReportCount, VIEWPORT, waitForReportCount } from '../e2e/support/app-page';
import { launchChromium } from '../e2e/support/chromium';
import { scanAll } from '../e2e/support/e2e-store';
import { startServe, type ServeProcess } from '../e2e/support/serve-process';
import { buildStore } from '../support/store-builder';
import { median } from './stats';

const REPORTS = 10_000;
const LOADS = 3;
const KEYSTROKES = 10;
const FIRST_PAINT_GOAL_MS = 1500;
const KEYSTROKE_GOAL_MS = 100;

const verdict = (ms: number, goal: number) => (ms < goal ? 'met' : 'NOT met');

/*
 * In-page probes, as script text: this file is compiled without DOM types. performance.now() in
 * the page counts from navigation start.
 */

/** Records when the first report row is in the DOM, at the next animation frame (its paint). */
export const FIRST_ROW_PROBE = `
  (() => {
    const observer = new MutationObserver(() => {
      if (!document.querySelector('[data-testid="report-row"]')) return;
      observer.disconnect();
      requestAnimationFrame(() => { window.__werFirstRow = performance.now(); });
    });
    observer.observe(document, { childList: true, subtree: true });
  })();
`;

/**
 * Times each keystroke in the quick filter, in the page, from its keydown until the count line
 * shows the expected number (any other number than before the key, when expected is -1).
 */
export function keystrokeProbe(): string {
  return `
    (() => {
      const parse = (${parseReportCount.toString()});
      const shown = () => parse(document.querySelector('[data-testid="report-count"]')?.textContent ?? '')?.shown ?? null;
      window.__werKey = { t0: null, t1: null, expected: -1, before: null };
      const input = document.querySelector('[data-testid="quick-filter"]');
      input.addEventListener('keydown', () => {
        if (window.__werKey.t0 !== null) return;
        window.__werKey.t0 = performance.now();
        window.__werKey.before = shown();
      }, true);
      new MutationObserver(() => {
        const k = window.__werKey;
        if (k.t0 === null || k.t1 !== null) return;
        const now = shown();
        if (now !== null && (k.expected < 0 ? now !== k.before : now === k.expected)) k.t1 = performance.now();
      }).observe(document.body, { childList: true, subtree: true, characterData: true });
      input.focus();
    })();
  `;
}

/** What the probes leave on the page's window. */
export interface ProbeGlobals {
  __werFirstRow?: number;
  __werKey?: { t0: number | null; t1: number | null; expected: number; before: number | null };
  __werView?: { t0: number | null; t1: number | null };
}

/*
 * waitForFunction predicates are self-contained functions (they run in the page), never strings:
 * a string predicate is run with eval in the page, which the app's CSP rightly refuses.
 */

/** When the page had the first page of the report list from the server (ms after navigation start; the page asks for pages, never the whole list). */
const LIST_RECEIVED = `performance.getEntriesByType('resource').find((e) => e.name.endsWith('/queryReports'))?.responseEnd ?? NaN`;

async function timeFirstPaint(browser: Browser, url: string, total: number): Promise<{ ms: number; received: number; page: Page }> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  await context.addInitScript({ content: FIRST_ROW_PROBE });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => (globalThis as unknown as ProbeGlobals).__werFirstRow !== undefined, null, { timeout: 120_000, polling: 50 });
  const ms = (await page.evaluate('window.__werFirstRow')) as number;
  const received = (await page.evaluate(LIST_RECEIVED)) as number;
  // Prove the list counts every report (its rows arrive in pages as they are scrolled to).
  await waitForReportCount(page, total, total, 60_000);
  return { ms, received, page };
}

/** One keystroke timed by {@link keystrokeProbe} (installed in the page first); `expected` -1: any change of the count. */
export async function timeKeystroke(page: Page, key: string, expected: number): Promise<number> {
  await page.evaluate(`window.__werKey = { t0: null, t1: null, expected: ${expected}, before: null }`);
  await page.keyboard.press(key);
  await page.waitForFunction(() => (globalThis as unknown as ProbeGlobals).__werKey?.t1 != null, null, { timeout: 30_000, polling: 20 });
  return (await page.evaluate('window.__werKey.t1 - window.__werKey.t0')) as number;
}

/** Single characters that narrow the list without emptying it, so every keystroke changes the count. */
function narrowingKeys(reports: Parameters<typeof applyFilter>[0]): { key: string; count: number }[] {
  const keys: { key: string; count: number }[] = [];
  for (const key of 'q+w(gubvd789)jzyxk') {
    const count = applyFilter(reports, { ...EMPTY_FILTER, text: key }).length;
    if (count > 0 && count < reports.length) keys.push({ key, count });
    if (keys.length === KEYSTROKES) break;
  }
  return keys;
}

/**
 * The UI in browser mode with 10,000 reports, in headless Chromium against `serve`: first list
 * paint after load (median of 3 loads) and quick-filter keystroke → updated list (median of 10,
 * typing one character and clearing it). Goals: first paint < 1.5 s, keystroke < 100 ms.
 */
export async function benchUi(log: (line: string) => void): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'wer-bench-ui-'));
  let serve: ServeProcess | undefined;
  let browser: Browser | undefined;
  try {
    const store = join(root, 'WER');
    await buildStore(store, REPORTS, { attachmentsEvery: 5, loadedModules: 60 });
    const reports = await scanAll(store);
    const t = performance.now();
    serve = await startServe([store], join(root, 'data'), 180_000);
    log(`ui: serve ready with ${reports.length} reports after ${(performance.now() - t).toFixed(0)} ms (cold scan, not part of the goals)`);
    browser = await launchChromium();

    const paints: number[] = [];
    const received: number[] = [];
    let page: Page | undefined;
    for (let i = 0; i < LOADS; i++) {
      if (page) await page.context().close();
      const load = await timeFirstPaint(browser, serve.url, reports.length);
      page = load.page;
      paints.push(load.ms);
      received.push(load.received);
    }
    const paint = median(paints);
    log(
      `ui: first list paint after load ${paint.toFixed(0)} ms (median of ${LOADS}: ${paints.map((p) => p.toFixed(0)).join(', ')} ms; goal < ${FIRST_PAINT_GOAL_MS} ms: ${verdict(paint, FIRST_PAINT_GOAL_MS)})`,
    );
    log(`ui: of which the first page of the list arrived from the server after ${received.map((r) => r.toFixed(0)).join(', ')} ms`);
    if (!page) throw new Error('no page');

    await page.evaluate(keystrokeProbe());
    const typing: number[] = [];
    const clearing: number[] = [];
    for (const { key, count } of narrowingKeys(reports)) {
      typing.push(await timeKeystroke(page, key, count));
      clearing.push(await timeKeystroke(page, 'Backspace', reports.length));
    }
    const typed = median(typing);
    const cleared = median(clearing);
    log(
      `ui: filter keystroke -> list updated: typing ${typed.toFixed(0)} ms, clearing ${cleared.toFixed(0)} ms (medians of ${typing.length}; goal < ${KEYSTROKE_GOAL_MS} ms: ${verdict(Math.max(typed, cleared), KEYSTROKE_GOAL_MS)})`,
    );
    log(`ui: slowest keystroke ${Math.max(...typing, ...clearing).toFixed(0)} ms`);
  } finally {
    await browser?.close();
    await serve?.stop();
    await rm(root, { recursive: true, force: true });
  }
}
