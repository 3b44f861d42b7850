/**
 * What recorded each crash, in the real renderer over the real core: `serve` (built CLI) on a
 * generated store of WER folders shows a Source column and facet, and the detail's "Recorded by"
 * names each report's folder. The expected sources come from the core's scan of the same store.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanStores } from '../../electron/main/core/store/scan-stores';
import type { WerReport } from '../../shared/report-model';
import { buildStore } from '../support/store-builder';
import { type AppPage, waitForReportCount } from './support/app-page';
import { type ServedApp, startServedApp } from './support/served-app';

jest.setTimeout(30_000);

describe('record sources in Chromium', () => {
  let root: string;
  let served: ServedApp | undefined;
  let app: AppPage;
  let reports: WerReport[];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'wer-e2e-sources-'));
    const store = join(root, 'WER');
    await buildStore(store, 12, { attachmentsEvery: 3 });
    reports = (await scanStores([{ path: store, scope: 'extra', label: store }])).reports;
    served = await startServedApp([store], join(root, 'data'));
    app = served.app;
  }, 60_000);

  afterAll(async () => {
    await served?.close();
    await rm(root, { recursive: true, force: true });
  }, 20_000);

  it('shows a Source column and a Source facet: every report of a WER store was recorded by its folder', async () => {
    // The core's answer: one WER folder source per report, that report's own folder.
    expect(reports).toHaveLength(12);
    for (const r of reports) expect(r.sources).toEqual([expect.objectContaining({ kind: 'wer', folder: r.folder })]);
    await waitForReportCount(app.page, 12, 12, 20_000);
    const grid = app.page.getByRole('grid', { name: 'Crash reports' });
    const headers = (await grid.getByRole('columnheader').allInnerTexts()).map((h) => h.replace(/[▲▼]/g, '').trim());
    expect(headers).toContain('Source');
    const column = headers.indexOf('Source');
    // Typed structurally: the test program has no DOM lib, and React's types stub HTMLElement/SVGElement as empty.
    type Row = { querySelectorAll(selector: string): ArrayLike<{ textContent: string | null }> };
    const cells = await app.page.getByTestId('report-row').evaluateAll((rows, i) => rows.map((row) => (row as unknown as Row).querySelectorAll('[role="gridcell"]')[i]?.textContent ?? null), column);
    expect(cells.length).toBeGreaterThan(0);
    expect(new Set(cells)).toEqual(new Set(['WER']));

    await app.page.getByRole('button', { name: 'Source filter' }).click();
    const values = app.page.getByRole('group', { name: 'Source values' });
    expect((await values.getByRole('checkbox').count())).toBe(1);
    expect((await values.locator('label').innerText()).replace(/\s+/g, ' ').trim()).toBe('WER 12');
    await values.getByRole('checkbox', { name: /WER/ }).check();
    await waitForReportCount(app.page, 12, 12);
    await app.page.getByRole('button', { name: 'Remove filter Source: WER' }).click();
    expect(await app.problems()).toEqual([]);
  });

  it('names the report folder under "Recorded by" in the detail', async () => {
    const report = reports[3] as WerReport;
    await app.page.getByTestId('quick-filter').fill(report.id);
    await waitForReportCount(app.page, 1, 12);
    await app.page.getByTestId('report-row').first().click();
    const recorded = app.page.getByTestId('record-sources');
    await recorded.getByRole('heading', { name: 'Recorded by' }).waitFor();
    expect(await recorded.getByRole('listitem').allInnerTexts()).toEqual([`WER report folder ${report.folder}`]);
    // A folder that exists is no "known from the event log" record.
    expect(await recorded.innerText()).not.toContain('event log');
    expect(await app.problems()).toEqual([]);
  });
});
