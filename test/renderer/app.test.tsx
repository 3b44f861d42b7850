import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../../renderer/src/app';
import { makeReport, makeReports } from '../support/report-factory';
import { fakeApi } from './support/fake-api';
import { forwardResult } from './support/forward-factory';

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
    expect(fake.calls.filter((c) => c.method === 'listReports')).toHaveLength(2);
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

  it('tells the elevated-rights story when the machine stores are access-denied', async () => {
    const fake = fakeApi({
      reports: [],
      stores: [{ path: 'C:\\ProgramData\\Microsoft\\Windows\\WER\\ReportQueue', scope: 'machine', label: 'Machine queue', state: 'access-denied', message: 'Access denied.', reportCount: 0 }],
    });
    render(<App api={fake.api} />);
    expect(await screen.findByText(/Run as administrator/)).toBeInTheDocument();
  });
});
