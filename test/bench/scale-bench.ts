/**
 * `npm run bench scale`: `serve` over collector-sized fleet stores (scale-fleet.ts: 300,000 and
 * 1,000,000 reports, generated once under .cache and reused), measured as issue 16 asks, in real
 * Chromium: cold start (and its ratio to reading every Report.wer once), first list paint, a
 * filter keystroke, the Problems and History views, the server's RSS over a minute idle, warm
 * restart from the cache (and the same views after it), and the memory of `scan --json` and
 * `scan --group`. Each figure is
 * printed against its goal. Not a test: nothing fails on time.
 *
 * Sizes: `WER_SCALE_SIZES=300000` (comma-separated) limits the run; the default is both sizes.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { VIEWPORT } from '../e2e/support/app-page';
import { launchChromium } from '../e2e/support/chromium';
import { startServe, type ServeProcess } from '../e2e/support/serve-process';
import { BUILT, requireBuilt } from '../support/built';
import { queryIndexFile } from '../../electron/main/core/app/library-host';
import { ensureFleet, freeBytes, type Fleet } from './scale-fleet';
import { FIRST_ROW_PROBE, keystrokeProbe, type ProbeGlobals, timeKeystroke } from './ui-bench';

const DEFAULT_SIZES = [300_000, 1_000_000];
const GOALS = { firstPaintMs: 1500, keystrokeMs: 150, viewMs: 1000, warmStartMs: 3000 } as const;
const IDLE_SECONDS = 60;
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const verdict = (value: number, goal: number) => (value < goal ? 'met' : 'NOT met');

/** The resident memory of a process (Linux /proc), or null when it is gone. */
function rssOf(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
    return line ? Number(line.replace(/\D+/g, '')) * 1024 : null;
  } catch {
    return null;
  }
}

/** The floor of a cold start: reading every Report.wer once, in this process (the page cache is as warm as serve's). */
function rawReadMs(store: string): number {
  const t = performance.now();
  for (const kind of ['ReportQueue', 'ReportArchive']) {
    for (const name of readdirSync(join(store, kind))) readFileSync(join(store, kind, name, 'Report.wer'));
  }
  return performance.now() - t;
}

async function firstPaint(browser: Browser, url: string): Promise<{ ms: number; page: Page }> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  await context.addInitScript({ content: FIRST_ROW_PROBE });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => (globalThis as unknown as ProbeGlobals).__werFirstRow !== undefined, null, { timeout: 600_000, polling: 50 });
  return { ms: (await page.evaluate('window.__werFirstRow')) as number, page };
}

/** Keystroke pairs (typing q, clearing it) timed after the first pair. */
const KEY_PAIRS = 5;

/**
 * Quick-filter keystrokes timed in the page, from the keydown until the report count line
 * changes (see keystrokeProbe): the first pair after the page loads (the server's first search),
 * and the median of the next ones.
 */
async function keystrokes(page: Page): Promise<{ first: number; median: number }> {
  await page.evaluate(keystrokeProbe());
  const pair = async () => Math.max(await timeKeystroke(page, 'q', -1), await timeKeystroke(page, 'Backspace', -1));
  const first = await pair();
  const later: number[] = [];
  for (let i = 0; i < KEY_PAIRS; i++) later.push(await pair());
  later.sort((a, b) => a - b);
  return { first, median: later[Math.floor(later.length / 2)] as number };
}

/**
 * A tab opened, timed in the page as the first paint is: from the click's pointer down until its
 * first row (or chart) is in the page and the next frame is drawn. Playwright's own checks around
 * a click and a wait (half a second here) are not part of what the user waits for.
 */
async function openView(page: Page, tab: string, testId: string): Promise<number> {
  await page.evaluate(`(() => {
    window.__werView = { t0: null, t1: null };
    document.addEventListener('pointerdown', () => { window.__werView.t0 = performance.now(); }, { capture: true, once: true });
    const observer = new MutationObserver(() => {
      if (window.__werView.t0 === null || !document.querySelector('[data-testid="${testId}"]')) return;
      observer.disconnect();
      requestAnimationFrame(() => { window.__werView.t1 = performance.now(); });
    });
    observer.observe(document.body, { childList: true, subtree: true });
  })()`);
  await page.getByRole('tab', { name: tab }).click();
  await page.waitForFunction(() => (globalThis as unknown as ProbeGlobals).__werView?.t1 != null, null, { timeout: 600_000, polling: 50 });
  return (await page.evaluate('window.__werView.t1 - window.__werView.t0')) as number;
}

/** RSS of a process sampled every second for `seconds`: first, last and highest. */
async function idleRss(pid: number | undefined, seconds: number): Promise<{ first: number; last: number; max: number }> {
  const samples: number[] = [];
  for (let i = 0; i <= seconds; i++) {
    const rss = rssOf(pid);
    if (rss !== null) samples.push(rss);
    await new Promise((r) => setTimeout(r, 1000));
  }
  return { first: samples[0] ?? 0, last: samples.at(-1) ?? 0, max: Math.max(0, ...samples) };
}

/** Runs the built CLI with `args`, discarding stdout, and samples its RSS: the highest, and the run time. */
async function cliPeak(args: readonly string[]): Promise<{ ms: number; peak: number; bytes: number; code: number | null }> {
  requireBuilt(BUILT.cli);
  const t = performance.now();
  const child = spawn(process.execPath, [BUILT.cli, ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
  let bytes = 0;
  child.stdout?.on('data', (chunk: Buffer) => (bytes += chunk.length));
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, rssOf(child.pid) ?? 0)), 100);
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  clearInterval(timer);
  return { ms: performance.now() - t, peak, bytes, code };
}

/** Waits (up to 15 minutes) until the report cache and the query index are in `data`; the time since `began`. */
async function whenSaved(data: string, began: number): Promise<number> {
  const cache = join(data, 'reports-cache.json');
  const files = [cache, queryIndexFile(cache)];
  const deadline = performance.now() + 15 * 60_000;
  while (!files.every((f) => existsSync(f))) {
    if (performance.now() > deadline) throw new Error(`the cache and query index were not written within 15 minutes: ${files.join(', ')}`);
    await new Promise((done) => setTimeout(done, 500));
  }
  return performance.now() - began;
}

async function benchSize(fleet: Fleet, browser: Browser, log: (line: string) => void): Promise<void> {
  const n = fleet.count.toLocaleString('en-US');
  const floor = rawReadMs(fleet.store);
  const data = await mkdtemp(join(tmpdir(), 'wer-bench-scale-'));
  let serve: ServeProcess | undefined;
  try {
    let t = performance.now();
    const coldBegan = t;
    serve = await startServe([fleet.store], data, 3_600_000);
    const cold = performance.now() - t;
    log(`scale ${n}: cold start to URL ${s(cold)} (reading every Report.wer once: ${s(floor)}; ratio ${(cold / floor).toFixed(1)}x)`);

    const load = await firstPaint(browser, serve.url);
    log(`scale ${n}: first list paint ${load.ms.toFixed(0)} ms after the page loads (goal < ${GOALS.firstPaintMs} ms: ${verdict(load.ms, GOALS.firstPaintMs)})`);
    const keys = await keystrokes(load.page);
    log(
      `scale ${n}: filter keystroke -> list updated (typing or clearing, the slower): first ${keys.first.toFixed(0)} ms, then median ${keys.median.toFixed(0)} ms (goal < ${GOALS.keystrokeMs} ms: first ${verdict(keys.first, GOALS.keystrokeMs)}, then ${verdict(keys.median, GOALS.keystrokeMs)})`,
    );
    const problems = await openView(load.page, 'Problems', 'problem-row');
    const history = await openView(load.page, 'History', 'history-chart');
    log(`scale ${n}: Problems view ${problems.toFixed(0)} ms, History view ${history.toFixed(0)} ms (goal < ${GOALS.viewMs} ms: ${verdict(Math.max(problems, history), GOALS.viewMs)})`);
    await load.page.context().close();

    const idle = await idleRss(serve.pid, IDLE_SECONDS);
    const rssGoal = fleet.count <= 300_000 ? 700 * 1048576 : 1024 * 1048576;
    log(
      `scale ${n}: server RSS over ${IDLE_SECONDS} s idle: ${mb(idle.first)} -> ${mb(idle.last)} (highest ${mb(idle.max)}; goal < ${mb(rssGoal)}: ${verdict(idle.max, rssGoal)})`,
    );
    // The warm start needs the first start's cache and query index: at 1,000,000 their first
    // write can outlast the idle minute, and a stop cut short by SIGKILL would lose them.
    const saved = await whenSaved(data, coldBegan);
    log(`scale ${n}: cache and query index written ${s(saved)} after the cold start began`);
    await serve.stop();
    serve = undefined;

    t = performance.now();
    serve = await startServe([fleet.store], data, 3_600_000);
    const warm = performance.now() - t;
    log(`scale ${n}: warm start from the cache ${s(warm)} (goal < ${s(GOALS.warmStartMs)}: ${verdict(warm, GOALS.warmStartMs)})`);
    // The same views on the second day: started from the cache and the query index, no cache to write.
    const again = await firstPaint(browser, serve.url);
    const keysAgain = await keystrokes(again.page);
    const problemsAgain = await openView(again.page, 'Problems', 'problem-row');
    const historyAgain = await openView(again.page, 'History', 'history-chart');
    log(
      `scale ${n}: after the warm start: first list paint ${again.ms.toFixed(0)} ms, keystroke first ${keysAgain.first.toFixed(0)} ms then median ${keysAgain.median.toFixed(0)} ms, Problems ${problemsAgain.toFixed(0)} ms, History ${historyAgain.toFixed(0)} ms`,
    );
    await again.page.context().close();
    // The library as it idles from day to day: every report kept on disk, the start's background work done.
    const idleAgain = await idleRss(serve.pid, IDLE_SECONDS);
    log(
      `scale ${n}: server RSS after the warm start and those views, over ${IDLE_SECONDS} s idle: ${mb(idleAgain.first)} -> ${mb(idleAgain.last)} (highest ${mb(idleAgain.max)}; goal < ${mb(rssGoal)}: ${verdict(idleAgain.max, rssGoal)})`,
    );
    await serve.stop();
    serve = undefined;

    const json = await cliPeak(['scan', fleet.store, '--json']);
    log(`scale ${n}: scan --json ${s(json.ms)}, ${mb(json.bytes)} printed, peak RSS ${mb(json.peak)} (exit ${json.code})`);
    const group = await cliPeak(['scan', fleet.store, '--group', '--json']);
    log(`scale ${n}: scan --group --json ${s(group.ms)}, peak RSS ${mb(group.peak)} (goal < 1024 MB: ${verdict(group.peak, 1024 * 1048576)}; exit ${group.code})`);
  } finally {
    await serve?.stop();
    await rm(data, { recursive: true, force: true });
  }
}

/** Every size in turn (fleets are generated on first use: ~6 GB and tens of minutes for 1,000,000). */
export async function benchScale(log: (line: string) => void): Promise<void> {
  requireBuilt(BUILT.cli, BUILT.renderer);
  const sizes = process.env.WER_SCALE_SIZES ? process.env.WER_SCALE_SIZES.split(',').map(Number).filter((x) => x > 0) : DEFAULT_SIZES;
  log(`scale: ${mb(freeBytes(tmpdir()))} free on disk; sizes ${sizes.join(', ')}`);
  const browser = await launchChromium();
  try {
    for (const size of sizes) {
      const fleet = ensureFleet(size, log);
      if (fleet.generatedMs !== null) log(`scale: generated ${size} reports in ${s(fleet.generatedMs)}`);
      await benchSize(fleet, browser, log);
    }
  } finally {
    await browser.close();
  }
}
