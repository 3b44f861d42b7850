/**
 * `serve` under Windows Node in Wine, opened by Linux Chromium over loopback: the page loads with
 * the token URL and lists the reports of the machine's and the user's default stores, each row
 * naming its Windows store folder.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, win32 } from 'node:path';
import type { Browser } from 'playwright-core';
import { LIGHT_WATCH_FOLDERS } from '../../electron/main/core/library/store-watchers';
import { formatReportWer, utf16leWithBom } from '../../electron/main/core/sample/report-writer';
import { MATCH_ALL, NEWEST_FIRST } from '../../shared/query-model';
import { buildStore } from '../support/store-builder';
import { waitFor } from '../support/wait';
import { type AppPage, openApp, pollUntil, waitForReportCount } from '../e2e/support/app-page';
import { launchChromium } from '../e2e/support/chromium';
import { resetStores } from './support/lane-stores';
import { LANE_DEFAULT_LOCATIONS, linuxPath, userProfile, windowsLane, withoutWineEventLogWarnings } from './support/wine-lane';
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

/**
 * The warm start of `serve` under Windows Node: after a cold start it writes the report cache
 * and the query index beside it (temp file and rename in a Windows data folder), both naming one
 * generation, and the next start serves the same reports from them.
 */
describe('serve under Windows Node: the report cache and the query index', () => {
  const lane = windowsLane();
  const collected = 'C:\\Collected\\Served';
  // In the profile of the user Wine runs as (the test's own folders may not be writable by it).
  const dataDir = win32.join(userProfile(lane), 'serve-index-data');

  afterAll(async () => {
    await rm(linuxPath(lane, 'C:\\Collected'), { recursive: true, force: true });
    await rm(linuxPath(lane, dataDir), { recursive: true, force: true });
  });

  it('are written after a cold start, name one generation, and serve the next start', async () => {
    await rm(linuxPath(lane, 'C:\\Collected'), { recursive: true, force: true });
    await rm(linuxPath(lane, dataDir), { recursive: true, force: true });
    await buildStore(linuxPath(lane, collected), 7);
    const data = linuxPath(lane, dataDir);
    const indexFile = join(data, 'reports-cache.query-index');
    const start = async (): Promise<WineProcess> => {
      const run = startWindowsCli(lane, ['serve', collected, '--port', '0', '--data-dir', dataDir]);
      await run.waitForStderr((text) => text.includes('serving'), 'serve to start', 60_000);
      expect(withoutWineEventLogWarnings(run.stderr())).toContain('serving 7 report(s) from 1 location(s)');
      return run;
    };
    const cold = await start();
    // Written a few seconds after the start (the cache first, then the index that matches it).
    await waitFor(() => existsSync(indexFile), 'the query index', 30_000);
    await cold.stop();
    const cacheHeader = JSON.parse((await readFile(join(data, 'reports-cache.json'), 'utf8')).split('\n')[0] ?? '') as { generation: string };
    const index = await readFile(indexFile);
    expect(index.subarray(0, 8).toString('latin1')).toBe('WERQIDX\0');
    expect(index.toString('hex', 24, 32)).toBe(cacheHeader.generation);
    expect(await readdir(data)).not.toContainEqual(expect.stringMatching(/\.tmp$/));
    const warm = await start();
    await warm.stop();
  });

  it('a large collected folder starts from its cache as it is; a folder changed while closed is read again once the stamps are compared (on the scan worker)', async () => {
    const large = 'C:\\Collected\\Large';
    const largeData = win32.join(userProfile(lane), 'serve-large-data');
    await rm(linuxPath(lane, largeData), { recursive: true, force: true });
    const built = await buildStore(linuxPath(lane, large), LIGHT_WATCH_FOLDERS + 1, { firstIndex: 20_000 });
    const start = async (): Promise<{ run: WineProcess; url: URL }> => {
      const run = startWindowsCli(lane, ['serve', large, '--port', '0', '--data-dir', largeData]);
      await run.waitForStderr((text) => text.includes('serving'), 'serve to start', 180_000);
      return { run, url: new URL(run.stdout().split('\n')[0] ?? '') };
    };
    const cold = await start();
    await waitFor(() => existsSync(join(linuxPath(lane, largeData), 'reports-cache.query-index')), 'the query index', 60_000);
    await cold.run.stop();

    const changed = built[0];
    if (!changed) throw new Error('no report built');
    await writeFile(join(changed.folder, 'Report.wer'), utf16leWithBom(formatReportWer({ ...changed.spec, appName: 'ChangedWhileClosed' })));
    const appName = async (url: URL, report: (typeof built)[number]): Promise<string | null> => {
      const response = await fetch(new URL('/api/call/queryReports', url), {
        method: 'POST',
        headers: { 'X-Wer-Token': url.searchParams.get('token') ?? '', 'Content-Type': 'application/json' },
        body: JSON.stringify([{ filter: { ...MATCH_ALL, reportIds: [report.spec.reportIdentifier.toLowerCase()] }, sort: NEWEST_FIRST, offset: 0, limit: 1 }]),
      });
      const result = (await response.json()) as { ok: boolean; value?: { rows: { appName: string | null }[] } };
      return result.value?.rows[0]?.appName ?? null;
    };
    const other = built[1];
    if (!other) throw new Error('no report built');
    const warm = await start();
    try {
      // Rows of reports kept on disk (in the cache file) are read back from it.
      expect(await appName(warm.url, other)).toBe(other.spec.appName);
      await pollUntil(() => appName(warm.url, changed), (name) => name === 'ChangedWhileClosed', 'the report changed while serve was closed', 60_000);
      expect(withoutWineEventLogWarnings(warm.run.stderr())).toContain(`serving ${LIGHT_WATCH_FOLDERS + 1} report(s) from 1 location(s)`);
    } finally {
      await warm.run.stop();
    }
    // The save at close copied the stored reports into the new cache file and renamed it over the old one.
    const again = await start();
    try {
      expect(await appName(again.url, changed)).toBe('ChangedWhileClosed');
      expect(await appName(again.url, other)).toBe(other.spec.appName);
    } finally {
      await again.run.stop();
    }
  }, 300_000);
});
