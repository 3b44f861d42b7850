/**
 * The report list holds a window, not the library: `serve` (built CLI) over a store of a few
 * thousand generated reports, in real Chromium. The page never asks for the whole list
 * (listReports), renders only the rows in view, and scrolling to the end shows the oldest report,
 * fetched when it comes into view. Expected answers come from the core's own scan.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WerReport } from '../../shared/report-model';
import { buildStore } from '../support/store-builder';
import { type AppPage, pollUntil, waitForReportCount } from './support/app-page';
import { scanAll } from './support/e2e-store';
import { type ServedApp, startServedApp } from './support/served-app';

jest.setTimeout(60_000);

const REPORTS = 3000;

describe('the report window in Chromium', () => {
  let root: string;
  let dataDir: string;
  let served: ServedApp | undefined;
  let app: AppPage;
  let reports: WerReport[];
  /** The WerApi calls the page made, in order (browser mode: POST /api/call/<method>). */
  const calls: { method: string; body: string | null }[] = [];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'wer-e2e-window-'));
    dataDir = await mkdtemp(join(tmpdir(), 'wer-e2e-window-data-'));
    await buildStore(root, REPORTS);
    reports = await scanAll(root);
    served = await startServedApp([root], dataDir);
    app = served.app;
  }, 120_000);

  afterAll(async () => {
    await served?.close();
    await rm(root, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  }, 20_000);

  it('lists every report without ever asking for the whole library', async () => {
    app.page.on('request', (request) => {
      const m = /\/api\/call\/(\w+)/.exec(request.url());
      if (m?.[1]) calls.push({ method: m[1], body: request.postData() });
    });
    // The page was opened before the listener: reload so every call of a fresh start is seen.
    await app.page.reload();
    expect(reports).toHaveLength(REPORTS);
    await waitForReportCount(app.page, REPORTS, REPORTS, 30_000);
    expect(calls.map((c) => c.method)).toContain('queryReports');
    expect(calls.map((c) => c.method)).not.toContain('listReports');
    // Only the rows in view (plus an overscan) are in the page.
    expect(await app.page.getByTestId('report-row').count()).toBeLessThan(100);
  });

  it('shows the last report when scrolled to the end, fetching the rows there', async () => {
    const oldest = reports[reports.length - 1] as WerReport;
    const asked = calls.length;
    // As text: this project compiles its tests without DOM types.
    await app.page.evaluate(`document.querySelector('[role="grid"]').scrollTo({ top: 1e9 })`);
    const lastRow = app.page.locator(`[data-testid="report-row"][aria-rowindex="${REPORTS + 1}"]`);
    await lastRow.waitFor();
    expect(await lastRow.getByRole('gridcell').first().getAttribute('title')).toBe(oldest.eventTime);
    // Its rows were asked for when they came into view, from near the end of the list.
    const offsets = calls.slice(asked).filter((c) => c.method === 'queryReports').map((c) => (JSON.parse(c.body ?? '[]') as [{ offset: number }])[0]?.offset ?? -1);
    expect(offsets.some((o) => o >= REPORTS - 300)).toBe(true);
    expect(calls.map((c) => c.method)).not.toContain('listReports');

    // Selecting works at the far end too, and the keyboard moves on from there.
    await lastRow.click();
    await app.page.getByTestId('detail-pane').waitFor();
    await pollUntil(() => lastRow.getAttribute('aria-selected'), (v) => v === 'true', 'the last row to be selected', 10_000);
    await app.page.keyboard.press('ArrowUp');
    const previous = app.page.locator(`[data-testid="report-row"][aria-rowindex="${REPORTS}"]`);
    await pollUntil(() => previous.getAttribute('aria-selected'), (v) => v === 'true', 'ArrowUp to select the row above', 10_000);
    expect(await app.problems()).toEqual([]);
  });
});
