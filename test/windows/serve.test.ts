/**
 * `serve` under Windows Node in Wine, opened by Linux Chromium over loopback: the page loads with
 * the token URL and lists the reports of the machine's and the user's default stores, each row
 * naming its Windows store folder.
 */
import { win32 } from 'node:path';
import type { Browser } from 'playwright-core';
import { buildStore } from '../support/store-builder';
import { type AppPage, openApp, waitForReportCount } from '../e2e/support/app-page';
import { launchChromium } from '../e2e/support/chromium';
import { resetStores } from './support/lane-stores';
import { LANE_DEFAULT_LOCATIONS, userProfile, windowsLane, withoutWineEventLogWarnings } from './support/wine-lane';
import { type WineProcess, startWindowsCli } from './support/wine-run';

describe('serve under Windows Node, in Linux Chromium', () => {
  const lane = windowsLane();
  let serve: WineProcess | undefined;
  let browser: Browser | undefined;
  let app: AppPage;
  let url: string;
  let storeRoots: string[];
  const total = 6;

  beforeAll(async () => {
    const stores = await resetStores(lane);
    // Reports 0 and 10 go to ReportQueue, the others to ReportArchive: all four default stores hold some.
    const built = [
      ...(await buildStore(stores.machine.linux, 3)).map((b) => win32.join(stores.machine.windows, b.store)),
      ...(await buildStore(stores.user.linux, 3, { firstIndex: 10 })).map((b) => win32.join(stores.user.windows, b.store)),
    ];
    storeRoots = [...new Set(built)].sort();
    serve = startWindowsCli(lane, ['serve', '--port', '0', '--data-dir', win32.join(userProfile(lane), 'serve-data')]);
    // Both start at once; a browser that did start is kept, so afterAll closes it when serve failed.
    const [launched, started] = await Promise.allSettled([launchChromium(), serve.waitForStdout((text) => text.includes('\n'), 'the serve URL')]);
    if (launched.status === 'fulfilled') browser = launched.value;
    if (launched.status === 'rejected') throw launched.reason;
    if (started.status === 'rejected') throw started.reason;
    url = serve.stdout().split('\n')[0] ?? '';
    app = await openApp(launched.value, url);
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('prints a loopback URL with its token, and serves the default stores', () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+$/);
    expect(withoutWineEventLogWarnings(serve?.stderr() ?? '')).toBe(`serving ${total} report(s) from ${LANE_DEFAULT_LOCATIONS} location(s); press Ctrl+C to stop\n`);
  });

  it('the page lists every report with no console errors or CSP violations', async () => {
    await waitForReportCount(app.page, total, total);
    expect(await app.page.getByTestId('report-row').count()).toBe(total);
    expect(await app.problems()).toEqual([]);
  });

  it('each row names its Windows store folder: the machine and the user stores', async () => {
    const rows = app.page.getByTestId('report-row');
    const titles: string[] = [];
    for (let i = 0; i < total; i++) {
      // The store column's tooltip is the store folder (storeRoot) the report was found in.
      titles.push((await rows.nth(i).getByRole('gridcell').nth(7).getAttribute('title')) ?? '');
    }
    expect([...new Set(titles)].sort()).toEqual(storeRoots);
  });
});
