/**
 * The real renderer over the real core in a real browser: `wer-explorer serve` (built CLI) on a
 * generated store, driven by headless Chromium. Expected answers come from the core, never typed in.
 * Also saves the README screenshots (see `npm run screenshots`).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCollector } from '../../electron/main/core/cer/collector';
import { describeExceptionCode } from '../../shared/codes';
import { groupProblems } from '../../shared/problems';
import { displayApplication } from '../../shared/report-display';
import type { WerReport } from '../../shared/report-model';
import { defaultSettings } from '../../shared/settings-model';
import { EMPTY_FILTER } from '../../renderer/src/model/report-filter';
import { applyFilter } from '../support/list-rules';
import { type AppPage, openApp, pollUntil, saveScreenshot, waitForReportCount } from './support/app-page';
import { buildE2eStore, liveReportSpec, sampleWithDump, scanAll, writeReportAtomically } from './support/e2e-store';
import { type ServedApp, startServedApp } from './support/served-app';

jest.setTimeout(30_000);

const quickFilter = (app: AppPage) => app.page.getByTestId('quick-filter');

/** "Access violation" or "STATUS_ACCESS_VIOLATION": the words of the code's name, however shown. */
function codeNamePattern(code: string): RegExp {
  const { name } = describeExceptionCode(code);
  if (!name) throw new Error(`no name for exception code ${code}`);
  return new RegExp(name.replace(/^STATUS_/, '').split('_').join('[ _]'), 'i');
}

/** The detail pane's text (the region labelled "Report detail"). */
async function detailText(app: AppPage): Promise<string> {
  return app.page.getByRole('region', { name: 'Report detail' }).first().innerText();
}

/** Selects a report by filtering the list down to its id and clicking the row, then clears the filter. */
async function selectReport(app: AppPage, id: string, total: number, afterClick: () => Promise<void> = async () => {}): Promise<void> {
  await quickFilter(app).fill(id);
  try {
    await waitForReportCount(app.page, 1, total);
    await app.page.getByTestId('report-row').first().click();
    await afterClick();
  } finally {
    // The selection stays when the filter is cleared: the README pictures show a full list.
    await quickFilter(app).fill('');
  }
  await waitForReportCount(app.page, total, total);
}

describe('browser mode in Chromium', () => {
  let root: string;
  let store: string;
  let served: ServedApp | undefined;
  let app: AppPage;
  let reports: WerReport[];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'wer-e2e-'));
    store = join(root, 'WER');
    await buildE2eStore(store);
    reports = await scanAll(store);
    served = await startServedApp([store], join(root, 'data'));
    app = served.app;
  }, 60_000);

  afterAll(async () => {
    await served?.close();
    await rm(root, { recursive: true, force: true });
  }, 20_000);

  it('lists every report of the store, with no console errors or CSP violations', async () => {
    const n = reports.length;
    expect(n).toBeGreaterThan(50);
    await waitForReportCount(app.page, n, n, 20_000);
    // aria-rowcount counts the header row too.
    expect(await app.page.getByRole('grid').getAttribute('aria-rowcount')).toBe(String(n + 1));
    await expect(app.page.getByTestId('report-row').first().isVisible()).resolves.toBe(true);
    expect(await app.problems()).toEqual([]);
  });

  it('narrows the list as the quick filter is typed, and widens it again when cleared', async () => {
    const n = reports.length;
    const word = 'notepad';
    const expected = applyFilter(reports, { ...EMPTY_FILTER, text: word }).length;
    expect(expected).toBeGreaterThan(0);
    expect(expected).toBeLessThan(n);
    await quickFilter(app).pressSequentially(word, { delay: 20 });
    await waitForReportCount(app.page, expected, n);
    expect((await app.page.getByTestId('report-row').first().innerText()).toLowerCase()).toContain(word);
    await quickFilter(app).fill('');
    await waitForReportCount(app.page, n, n);
  });

  it('shows the decoded report and its minidump when a report is clicked', async () => {
    const sample = sampleWithDump();
    const report = reports.find((r) => r.id === sample.spec.reportIdentifier.toLowerCase());
    if (!report) throw new Error('the sample report with a dump was not scanned');
    expect(report.attachments.some((a) => a.kind === 'minidump')).toBe(true);
    const codePattern = codeNamePattern(sample.dump.exceptionCode.toString(16));
    const application = displayApplication(report);
    await selectReport(app, report.id, reports.length, async () => {
      await pollUntil(() => detailText(app), (t) => t.includes(application) && codePattern.test(t), `the detail to name ${application} and ${codePattern}`, 10_000);
      const dumpPanel = app.page.getByTestId('dump-panel').first();
      await pollUntil(() => dumpPanel.innerText(), (t) => t.includes(sample.dump.module), `the dump panel to name ${sample.dump.module}`, 10_000);
    });
    // Still shown with the whole list back.
    await expect(app.page.getByTestId('dump-panel').first().isVisible()).resolves.toBe(true);
    await saveScreenshot(app.page, 'reports');
  });

  it('shows a report written into the store while the page is open within 2 s, without a reload', async () => {
    await app.page.evaluate('window.__werSamePage = true');
    const n = reports.length;
    const spec = liveReportSpec('FreshCrashApp');
    await writeReportAtomically(join(store, 'ReportQueue'), spec);
    try {
      const ms = await waitForReportCount(app.page, n + 1, n + 1, 2000);
      expect(ms).toBeLessThan(2000);
      // It is the newest report, so the first row.
      await pollUntil(() => app.page.getByTestId('report-row').first().innerText(), (t) => t.includes('FreshCrashApp'), 'the new report as the first row', 2000);
      expect(await app.page.evaluate('window.__werSamePage === true')).toBe(true);
    } finally {
      // Later tests expect what the store holds now, whatever happened here.
      reports = await scanAll(store);
    }
    expect(reports).toHaveLength(n + 1);
  });

  it('shows as many problems as the core groups, and the history total of reports with a time', async () => {
    const problems = groupProblems(reports, { mode: defaultSettings().grouping });
    await app.page.getByRole('tab', { name: 'Problems' }).click();
    await pollUntil(() => app.page.getByTestId('problem-row').count(), (c) => c === problems.length, `${problems.length} problem rows`, 10_000);
    await saveScreenshot(app.page, 'problems');

    const timed = reports.filter((r) => r.eventTime !== null).length;
    await app.page.getByRole('tab', { name: 'History' }).click();
    // The default range is the last 30 days when anything is that recent: the total counts all.
    await app.page.getByRole('group', { name: 'Range' }).getByRole('button', { name: 'All', exact: true }).click();
    await app.page.getByTestId('history-chart').first().waitFor({ state: 'visible', timeout: 10_000 });
    await pollUntil(
      () => app.page.getByTestId('history-total').first().innerText(),
      (t) => Number(/^\s*([\d,]+)\s+reports?\b/i.exec(t)?.[1]?.replace(/,/g, '')) === timed,
      `the history total to say ${timed} reports`,
      10_000,
    );
    await saveScreenshot(app.page, 'history');
    await app.page.getByRole('tab', { name: 'Reports' }).click();
    await waitForReportCount(app.page, reports.length, reports.length);
    expect(await app.problems()).toEqual([]);
  });

  it('shows the reports of a problem in the list, under a chip that names it', async () => {
    const problems = groupProblems(reports, { mode: defaultSettings().grouping });
    await app.page.getByRole('tab', { name: 'Problems' }).click();
    // The most frequent problem is the first row.
    const top = [...problems].sort((a, b) => b.count - a.count)[0];
    if (!top) throw new Error('the sample store has no problem');
    await app.page.getByTestId('problem-row').first().click();
    await app.page.getByRole('button', { name: `Show ${top.count} report${top.count === 1 ? '' : 's'}` }).click();
    await waitForReportCount(app.page, top.count, reports.length);
    const chip = app.page.getByTestId('filter-chip').first();
    expect(await chip.innerText()).toContain(top.title);
    await chip.getByRole('button').click();
    await waitForReportCount(app.page, reports.length, reports.length);
    expect(await app.problems()).toEqual([]);
  });

  it('follows the dark colour scheme of the system', async () => {
    if (!served) throw new Error('not started');
    const dark = await openApp(served.browser, served.serve.url, 'dark');
    try {
      await waitForReportCount(dark.page, reports.length, reports.length, 20_000);
      const background = await dark.page.evaluate('getComputedStyle(document.body).backgroundColor');
      const light = await app.page.evaluate('getComputedStyle(document.body).backgroundColor');
      expect(background).not.toEqual(light);
      await selectReport(dark, sampleWithDump().spec.reportIdentifier.toLowerCase(), reports.length, () =>
        dark.page.getByTestId('dump-panel').first().waitFor({ timeout: 10_000 }),
      );
      await saveScreenshot(dark.page, 'reports-dark');
      expect(await dark.problems()).toEqual([]);
    } finally {
      await dark.close();
    }
  });

  it('tells a user who opened the address without its token how to connect', async () => {
    if (!served) throw new Error('not started');
    const bare = await openApp(served.browser, served.serve.origin);
    try {
      await bare.page.getByText('Not connected', { exact: false }).first().waitFor({ state: 'visible', timeout: 10_000 });
      await expect(bare.page.getByText('wer-explorer serve').first().isVisible()).resolves.toBe(true);
      expect(await bare.problems()).toEqual([]);
    } finally {
      await bare.close();
    }
  });

  it('forwards the selected report to a CER collector and then shows its result in the list and the detail', async () => {
    const collector = await startCollector({ dir: join(root, 'collected'), port: 0 });
    try {
      const report = reports.find((r) => r.eventType === 'APPCRASH');
      if (!report) throw new Error('no APPCRASH report in the store');
      await selectReport(app, report.id, reports.length, async () => {
        await app.page.getByRole('button', { name: 'Export / forward the selected report' }).click();
        await app.page.getByRole('menuitem', { name: 'Forward to CER server…' }).click();
        const dialog = app.page.getByRole('dialog');
        await dialog.getByRole('textbox').fill(collector.url);
        await dialog.getByRole('button', { name: 'Forward 1 report(s)' }).click();
        await dialog.getByText('1 of 1 report(s) sent.').waitFor({ timeout: 15_000 });
        await dialog.getByRole('button', { name: 'Close', exact: true }).click();
      });
      // The outbox's result, as the list and the detail show it from now on.
      const row = app.page.getByTestId('report-row').filter({ hasText: 'Sent · ' });
      await pollUntil(() => row.count(), (c) => c === 1, 'one row marked as sent', 5000);
      const section = app.page.getByTestId('forward-section');
      await pollUntil(() => section.innerText(), (t) => t.includes(collector.url.replace(/\/$/, '')) && /Sent, files uploaded/.test(t), 'the forwarding section of the detail', 5000);
      expect(await app.problems()).toEqual([]);
    } finally {
      await collector.close();
    }
  });
  it('shows the problem of a bad symbol path element as it is typed in Settings, then saves the path', async () => {
    await app.page.getByRole('tab', { name: 'Settings' }).click();
    try {
      const symbols = app.page.getByRole('region', { name: 'Symbols' });
      expect(await symbols.getByRole('checkbox', { name: /Microsoft’s public symbol server/ }).isChecked()).toBe(false);
      const field = symbols.getByRole('textbox', { name: 'Symbol path', exact: true });
      await field.fill('D:\\pdbs;http://symbols.example.com');
      const problems = symbols.getByRole('list', { name: 'Symbol path problems' });
      await problems.getByText(/needs "srv\*" in front of it/).waitFor({ timeout: 5000 });
      const path = 'D:\\pdbs;srv*https://symbols.example.com';
      await field.fill(path);
      await problems.waitFor({ state: 'detached', timeout: 5000 });
      await symbols.getByRole('button', { name: 'Save symbol settings' }).click();
      const saved = () => readFile(join(root, 'data', 'settings.json'), 'utf8').then((t) => JSON.parse(t) as { symbolPath?: string }, () => ({}) as { symbolPath?: string });
      await pollUntil(saved, (s) => s.symbolPath === path, 'the symbol path in the settings file', 5000);
      const table = symbols.getByRole('table', { name: 'Effective symbol path' });
      await pollUntil(() => table.innerText(), (t) => t.includes('Downloads from https://symbols.example.com') && t.includes('symbol path setting'), 'the effective symbol path', 5000);
      expect(await app.problems()).toEqual([]);
    } finally {
      await app.page.getByRole('tab', { name: 'Reports' }).click();
      await waitForReportCount(app.page, reports.length, reports.length);
    }
  });
});
