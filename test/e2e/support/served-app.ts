/**
 * What every e2e file starts with: `wer-explorer serve` (built CLI) and Chromium, started at
 * once, and the app opened in a page. Whichever of the two did start is stopped again when the
 * other failed, so a failed start leaves no process behind.
 */
import type { Browser } from 'playwright-core';
import { type AppPage, openApp } from './app-page';
import { launchChromium } from './chromium';
import { type ServeProcess, startServe } from './serve-process';

/** A served app open in Chromium. */
export interface ServedApp {
  readonly serve: ServeProcess;
  readonly browser: Browser;
  readonly app: AppPage;
  /** Closes the browser and stops serve. */
  readonly close: () => Promise<void>;
}

/** Serves `paths` with its own data folder and opens the app (see the file comment). */
export async function startServedApp(paths: readonly string[], dataDir: string, serveTimeoutMs?: number): Promise<ServedApp> {
  const [served, launched] = await Promise.allSettled([startServe(paths, dataDir, serveTimeoutMs), launchChromium()]);
  if (served.status === 'rejected' || launched.status === 'rejected') {
    if (launched.status === 'fulfilled') await launched.value.close();
    if (served.status === 'fulfilled') await served.value.stop();
    throw served.status === 'rejected' ? served.reason : (launched as PromiseRejectedResult).reason;
  }
  const serve = served.value;
  const browser = launched.value;
  const close = async () => {
    await browser.close();
    await serve.stop();
  };
  try {
    return { serve, browser, app: await openApp(browser, serve.url), close };
  } catch (e) {
    await close();
    throw e;
  }
}
