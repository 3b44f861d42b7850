import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { BundlePlan } from '../../shared/export-model';
import { App } from '../../renderer/src/app';
import { makeReport, makeReports } from '../support/report-factory';
import { fakeApi } from './support/fake-api';
import { forwardResult } from './support/forward-factory';

/** A one-file plan, enough for the bundle dialog to allow exporting (values as in bundle-dialog.test). */
const PLAN: BundlePlan = {
  options: { redact: true, includeDumps: false, includeHeapDumps: false, sizeBudget: null, ticketText: '', toolVersion: '0.1.0' },
  reports: [{ index: 0, id: 'r1', folder: 'C:\\WER\\AppCrash_x', store: 'ReportArchive', storeRoot: 'C:\\WER', zipFolder: 'reports/AppCrash_x', eventType: 'APPCRASH', eventTime: null, title: 'x.exe crashed' }],
  files: [{ reportIndex: 0, source: 'C:\\WER\\AppCrash_x\\Report.wer', zipPath: 'reports/AppCrash_x/Report.wer', size: 4096, mtimeMs: 0, kind: 'report-wer', treatment: 'redact' }],
  leftOut: [],
  totalBytes: 4096,
  warnings: [],
  redaction: null,
  problems: [],
};

/** Longer than the bundle dialog's 150 ms planning delay and the library's 100 ms event batching. */
const settle = () => act(() => new Promise<void>((resolve) => setTimeout(resolve, 400)));

describe('app shell', () => {
  it('says how to connect when there is no API', () => {
    render(<App api={undefined} />);
    expect(screen.getByRole('alert')).toHaveTextContent('Not connected to WER Explorer');
  });

  it('shows an error with a retry when the reports cannot be read', async () => {
    const fake = fakeApi({ listError: 'The server did not answer.' });
    render(<App api={fake.api} />);
    expect(await screen.findByText('The reports could not be read')).toBeInTheDocument();
    expect(screen.getByText('The server did not answer.')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(fake.calls.filter((c) => c.method === 'libraryStatus')).toHaveLength(2);
  });

  it('asks for the list\u2019s rows once at start: the library\u2019s first status is no change', async () => {
    const fake = fakeApi({ reports: makeReports(3) });
    render(<App api={fake.api} />);
    expect(await screen.findByText(/3 report\(s\) from 1 of 1 store/)).toBeInTheDocument();
    await settle();
    const pages = fake.calls.filter((c) => c.method === 'queryReports' && (c.args[0] as { limit: number }).limit > 0);
    expect(pages).toHaveLength(1);
    // A change is: the list asks again.
    act(() => fake.emit({ kind: 'added', report: makeReport({ eventTime: '2026-11-21T09:00:00.000Z' }), summary: 'x crashed' }));
    await waitFor(() => expect(screen.getByText(/4 report\(s\) from/)).toBeInTheDocument());
    expect(fake.calls.filter((c) => c.method === 'queryReports' && (c.args[0] as { limit: number }).limit > 0)).toHaveLength(2);
  });

  it('applies live events in batches and reloads on reset', async () => {
    const fake = fakeApi({ reports: makeReports(3) });
    render(<App api={fake.api} />);
    expect(await screen.findByText(/3 report\(s\) from 1 of 1 store/)).toBeInTheDocument();
    const added = makeReport({ eventTime: '2026-11-21T09:00:00.000Z' });
    act(() => fake.emit({ kind: 'added', report: added, summary: 'x crashed' }));
    await waitFor(() => expect(screen.getByText(/4 report\(s\) from/)).toBeInTheDocument());
    act(() => fake.emit({ kind: 'removed', id: added.id, folder: added.folder }));
    await waitFor(() => expect(screen.getByText(/3 report\(s\) from/)).toBeInTheDocument());
    fake.reports = makeReports(5);
    act(() => fake.emit({ kind: 'reset' }));
    await waitFor(() => expect(screen.getByText(/5 report\(s\) from/)).toBeInTheDocument());
  });

  it('keeps the open report selected while live events change the list under it', async () => {
    const fake = fakeApi({ reports: makeReports(5) });
    const opened = fake.reports[2]!.id;
    render(<App api={fake.api} />);
    await screen.findByText(/5 report\(s\) from/);
    await userEvent.click((await screen.findAllByTestId('report-row'))[2] as HTMLElement);
    await screen.findByTestId('detail-pane');
    act(() => fake.emit({ kind: 'added', report: makeReport({ eventTime: '2026-11-21T09:00:00.000Z' }), summary: 'x crashed' }));
    await screen.findByText(/6 report\(s\) from/);
    // A newer report came in above it: the same report is selected, one row down, and still open.
    await waitFor(() => expect(screen.getAllByTestId('report-row')[3]).toHaveAttribute('aria-selected', 'true'));
    expect(screen.getAllByTestId('report-row').filter((r) => r.getAttribute('aria-selected') === 'true')).toHaveLength(1);
    expect(screen.getByTestId('detail-pane')).toBeInTheDocument();
    expect(fake.calls.filter((c) => c.method === 'getReport').map((c) => c.args[0])).toEqual([opened]);
  });

  it('shows the recorded forwarding results in the list and keeps them current from forwarding progress', async () => {
    const reports = makeReports(2);
    const [first, second] = reports as [(typeof reports)[number], (typeof reports)[number]];
    const fake = fakeApi({ reports, forwardStatus: [forwardResult(first.id, true)] });
    render(<App api={fake.api} />);
    await screen.findByText(/2 report\(s\) from/);
    expect(await screen.findByRole('columnheader', { name: /Forwarded/ })).toBeInTheDocument();
    expect(screen.getByText('Sent · 12345')).toBeInTheDocument();
    act(() => fake.emit({ kind: 'task', taskId: 't', done: 1, total: 1, label: second.folder, forward: forwardResult(second.id, false, { state: 'failed', error: 'refused' }) }));
    expect(await screen.findByText('Failed')).toBeInTheDocument();
    expect(screen.getByText('Sent · 12345')).toBeInTheDocument();
  });

  it('follows menu commands and the theme setting', async () => {
    const fake = fakeApi({ reports: makeReports(2) });
    fake.settings = { ...fake.settings, theme: 'dark' };
    render(<App api={fake.api} />);
    await screen.findByText(/2 report\(s\) from/);
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('dark'));
    act(() => fake.emit({ kind: 'command', command: 'settings' }));
    expect(await screen.findByRole('heading', { name: 'Report stores' })).toBeInTheDocument();
    act(() => fake.emit({ kind: 'command', command: 'show-history' }));
    expect(screen.getByRole('tab', { name: 'History' })).toHaveAttribute('aria-selected', 'true');
    await waitFor(() => expect(screen.queryByText('Counting the reports…')).toBeNull());
  });

  it('exports the reports shown as a list file', async () => {
    const fake = fakeApi({ reports: makeReports(4) });
    render(<App api={fake.api} />);
    await screen.findByText(/4 report\(s\) from/);
    await userEvent.click(screen.getByRole('button', { name: /Export \/ forward 4 report\(s\) shown/ }));
    await userEvent.click(within(screen.getByRole('menu')).getByRole('menuitem', { name: 'List as CSV' }));
    expect(await screen.findByText(/Exported 4 report\(s\) as wer-reports.csv/)).toBeInTheDocument();
    expect(fake.calls.find((c) => c.method === 'exportList')?.args).toEqual(['csv', fake.reports.map((r) => r.id)]);
    // The menu acts on the list's reports, so it is only shown beside the list.
    await userEvent.click(screen.getByRole('tab', { name: 'Problems' }));
    expect(screen.queryByRole('button', { name: /Export \/ forward/ })).toBeNull();
  });

  it('keeps the reports an open bundle dialog plans and exports when live events change the list', async () => {
    const fake = fakeApi({ reports: makeReports(4), plan: PLAN });
    const ids = fake.reports.map((r) => r.id);
    render(<App api={fake.api} />);
    await screen.findByText(/4 report\(s\) from/);
    await userEvent.click(screen.getByRole('button', { name: /Export \/ forward 4 report\(s\) shown/ }));
    await userEvent.click(within(screen.getByRole('menu')).getByRole('menuitem', { name: 'Ticket bundle…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Ticket bundle: 4 report(s) shown' });
    await within(dialog).findByTestId('bundle-review');
    const plans = () => fake.calls.filter((c) => c.method === 'planBundle');
    expect(plans()).toHaveLength(1);

    act(() => fake.emit({ kind: 'added', report: makeReport({ eventTime: '2026-11-21T09:00:00.000Z' }), summary: 'x crashed' }));
    await screen.findByText(/5 report\(s\) from/);
    // The header menu follows the list; the open dialog keeps what it was opened for.
    expect(await screen.findByRole('button', { name: /Export \/ forward 5 report\(s\) shown/ })).toBeInTheDocument();
    await settle();
    expect(plans()).toHaveLength(1);
    expect(plans()[0]?.args[0]).toMatchObject({ reportIds: ids });
    expect(screen.getByRole('dialog', { name: 'Ticket bundle: 4 report(s) shown' })).toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Export bundle…' }));
    await waitFor(() => expect(fake.calls.find((c) => c.method === 'exportBundle')?.args[0]).toMatchObject({ reportIds: ids }));
  });

  it('keeps the reports an open forward dialog sends when live events change the list', async () => {
    const fake = fakeApi({ reports: makeReports(3) });
    const ids = fake.reports.map((r) => r.id);
    render(<App api={fake.api} />);
    await screen.findByText(/3 report\(s\) from/);
    await userEvent.click(screen.getByRole('button', { name: /Export \/ forward 3 report\(s\) shown/ }));
    await userEvent.click(within(screen.getByRole('menu')).getByRole('menuitem', { name: 'Forward to CER server…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Forward to a CER server: 3 report(s) shown' });
    act(() => fake.emit({ kind: 'added', report: makeReport({ eventTime: '2026-11-21T09:00:00.000Z' }), summary: 'x crashed' }));
    await screen.findByText(/4 report\(s\) from/);
    await userEvent.type(within(dialog).getByRole('textbox'), 'http://cer.example.com');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Forward 3 report(s)' }));
    await waitFor(() => expect(fake.calls.find((c) => c.method === 'forwardReports')?.args[0]).toMatchObject({ reportIds: ids }));
  });

  it('does not swap an open dialog for another when a menu command asks for one', async () => {
    const fake = fakeApi({ reports: makeReports(2), plan: PLAN });
    render(<App api={fake.api} />);
    await screen.findByText(/2 report\(s\) from/);
    act(() => fake.emit({ kind: 'command', command: 'export-bundle' }));
    expect(await screen.findByRole('dialog', { name: 'Ticket bundle: 2 report(s) shown' })).toBeInTheDocument();
    act(() => fake.emit({ kind: 'command', command: 'export-list' }));
    expect(screen.getAllByRole('dialog')).toHaveLength(1);
    expect(screen.getByRole('dialog', { name: 'Ticket bundle: 2 report(s) shown' })).toBeInTheDocument();
  });

  it('says so when a menu export finds no reports to act on', async () => {
    const fake = fakeApi({ reports: [] });
    render(<App api={fake.api} />);
    await screen.findByText('No crash reports yet');
    act(() => fake.emit({ kind: 'command', command: 'export-bundle' }));
    expect(await screen.findByText(/There are no reports to export or forward here/)).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('focuses the quick filter of the report list on the Find command, from any view', async () => {
    const fake = fakeApi({ reports: makeReports(3) });
    render(<App api={fake.api} />);
    await screen.findByText(/3 report\(s\) from/);
    await userEvent.click(screen.getByRole('tab', { name: 'Problems' }));
    act(() => fake.emit({ kind: 'command', command: 'find' }));
    expect(screen.getByRole('tab', { name: 'Reports' })).toHaveAttribute('aria-selected', 'true');
    await waitFor(() => expect(screen.getByTestId('quick-filter')).toHaveFocus());
    // Already on the list: focus comes back to the filter from wherever it was.
    screen.getByRole('grid', { name: 'Crash reports' }).focus();
    act(() => fake.emit({ kind: 'command', command: 'find' }));
    await waitFor(() => expect(screen.getByTestId('quick-filter')).toHaveFocus());
  });

  it('leaves focus in an open dialog on the Find command', async () => {
    const fake = fakeApi({ reports: makeReports(2), plan: PLAN });
    render(<App api={fake.api} />);
    await screen.findByText(/2 report\(s\) from/);
    await userEvent.click(screen.getByRole('tab', { name: 'History' }));
    await waitFor(() => expect(screen.queryByText('Counting the reports…')).toBeNull());
    act(() => fake.emit({ kind: 'command', command: 'export-bundle' }));
    const dialog = await screen.findByRole('dialog');
    act(() => fake.emit({ kind: 'command', command: 'find' }));
    await settle();
    expect(screen.getByRole('tab', { name: 'History' })).toHaveAttribute('aria-selected', 'true');
    expect(dialog).toContainElement(document.activeElement as HTMLElement);
  });

  it('starts a list export with a choice of format on the Export List command', async () => {
    const fake = fakeApi({ reports: makeReports(4) });
    render(<App api={fake.api} />);
    await screen.findByText(/4 report\(s\) from/);
    await userEvent.click(screen.getByRole('tab', { name: 'History' }));
    await waitFor(() => expect(screen.queryByText('Counting the reports…')).toBeNull());
    act(() => fake.emit({ kind: 'command', command: 'export-list' }));
    expect(screen.getByRole('tab', { name: 'Reports' })).toHaveAttribute('aria-selected', 'true');
    const dialog = await screen.findByRole('dialog', { name: 'Export list: 4 report(s) shown' });
    expect(within(dialog).getByRole('radio', { name: 'CSV' })).toBeChecked();
    await userEvent.click(within(dialog).getByRole('radio', { name: 'JSON' }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Export as JSON' }));
    expect(await screen.findByText(/Exported 4 report\(s\) as wer-reports.json/)).toBeInTheDocument();
    expect(fake.calls.find((c) => c.method === 'exportList')?.args).toEqual(['json', fake.reports.map((r) => r.id)]);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('tells the elevated-rights story when the machine stores are access-denied', async () => {
    const fake = fakeApi({
      reports: [],
      stores: [{ path: 'C:\\ProgramData\\Microsoft\\Windows\\WER\\ReportQueue', scope: 'machine', label: 'Machine queue', state: 'access-denied', message: 'Access denied.', reportCount: 0 }],
    });
    render(<App api={fake.api} />);
    expect(await screen.findByText(/Run as administrator/)).toBeInTheDocument();
  });
});
