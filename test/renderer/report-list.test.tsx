import { act, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import type { WerReport } from '../../shared/report-model';
import { EMPTY_FILTER, type ReportFilter } from '../../renderer/src/model/report-filter';
import { ReportList } from '../../renderer/src/views/reports/report-list';
import { ReportsView } from '../../renderer/src/views/reports/reports-view';
import { type ForwardingByReport, mergeForwardResults } from '../../renderer/src/state/use-forwarding';
import { useReportWindow } from '../../renderer/src/state/use-report-window';
import type { ColumnId } from '../../renderer/src/views/reports/columns';
import { DEFAULT_SORT, nextSort } from '../../renderer/src/views/reports/sort-reports';
import { ok } from '../../shared/result';
import type { WerApi } from '../../shared/wer-api';
import { crashSig, makeReport, makeReports } from '../support/report-factory';
import { fakeApi } from './support/fake-api';
import { forwardResult } from './support/forward-factory';

// The detail pane is another view with its own tests; here it only has to appear.
jest.mock('../../renderer/src/views/detail/report-detail-view', () => ({
  ReportDetailView: ({ reportId }: { reportId: string }) => jest.requireActual<typeof import('react')>('react').createElement('p', null, `Detail of ${reportId}`),
}));

const NONE_FORWARDED: ForwardingByReport = new Map();

/** Holds the filter, sort, selection and report window as app.tsx does (over a fake app), and reports every onSelect call. */
function Harness({ reports, api, initial = EMPTY_FILTER, onSelect, forwarding = NONE_FORWARDED }: {
  readonly reports: readonly WerReport[];
  readonly api?: WerApi;
  readonly initial?: ReportFilter;
  readonly onSelect?: (id: string | null) => void;
  readonly forwarding?: ForwardingByReport;
}) {
  const [ownApi] = useState(() => api ?? fakeApi({ reports }).api);
  const [filter, setFilter] = useState(initial);
  const [sort, setSort] = useState(DEFAULT_SORT);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const list = useReportWindow(ownApi, { filter, sort, forwarding, revision: 0, selectedId });
  const select = (id: string | null) => {
    onSelect?.(id);
    setSelectedId(id);
  };
  const onSort = (column: ColumnId) => setSort((s) => nextSort(s, column));
  return <ReportList list={list} filter={filter} onFilterChange={setFilter} sort={sort} onSort={onSort} selectedId={selectedId} onSelect={select} forwarding={forwarding} />;
}

/** Lets the window's queries (answered at once by the fake) and the renders they cause finish. */
const settle = () => act(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));

/** Renders and waits for the first page of the list. */
async function renderList(ui: Parameters<typeof render>[0]) {
  const result = render(ui);
  await settle();
  return result;
}

const rows = () => screen.queryAllByTestId('report-row');
const count = () => screen.getByTestId('report-count').textContent;
const cellTexts = (row: HTMLElement) => within(row).getAllByRole('gridcell').map((c) => c.textContent);
const appOf = (row: HTMLElement) => cellTexts(row)[2];

// Noon UTC, so the local date is the same in any time zone the tests run in.
const viewer = makeReport({ id: 'r-viewer', sig: crashSig('ContosoViewer.exe', 'ContosoRender.dll', 'c0000005', '0000000000001234', '3.2.1.0'), eventTime: '2026-11-03T12:00:00.000Z' });
const sync = makeReport({
  id: 'r-sync',
  sig: crashSig('FabrikamSync.exe', 'ntdll.dll', 'c0000374'),
  eventTime: '2026-11-02T12:00:00.000Z',
  store: 'ReportQueue',
  attachments: [],
  problems: ['Report.wer ended in the middle of a line.'],
});
const hang = makeReport({ id: 'r-hang', eventType: 'AppHangB1', sig: ['Notepad.exe', '10.0.1.0', '5f000000', 'abcd', '67246080'], eventTime: '2026-11-01T12:00:00.000Z' });
const three = [hang, viewer, sync];

describe('report list', () => {
  it('shows one row per report, newest first, with every column', async () => {
    await renderList(<Harness reports={three} />);
    expect(rows()).toHaveLength(3);
    const [first, second, third] = rows() as [HTMLElement, HTMLElement, HTMLElement];
    expect(cellTexts(first)).toEqual([expect.stringContaining('2026-11-03'), 'APPCRASH', 'ContosoViewer.exe', '3.2.1.0', 'ContosoRender.dll', 'c0000005 access violation', '0000000000001234', 'Archive', 'WER', '2dump']);
    expect(within(first).getAllByRole('gridcell')[0]?.getAttribute('title')).toBe('2026-11-03T12:00:00.000Z');
    expect(within(first).getAllByRole('gridcell')[9]?.getAttribute('title')).toContain('WER1234.tmp.mdmp (minidump, 117 KB)');
    expect(cellTexts(second).slice(1, 10)).toEqual(['APPCRASH', 'FabrikamSync.exe', '1.0.0.0', 'ntdll.dll', 'c0000374 heap corruption', '0000000000001234', 'Queue', 'WER', '0']);
    expect(within(second).getByRole('img', { name: /Read with problems: Report.wer ended/ }).getAttribute('title')).toBe('Report.wer ended in the middle of a line.');
    expect(cellTexts(third).slice(1, 6)).toEqual(['AppHangB1', 'Notepad.exe', '10.0.1.0', '', 'hang abcd']);
    expect(third.querySelector('.event-dot.hang')).not.toBeNull();
    expect(first.querySelector('.event-dot.crash')).not.toBeNull();
    const grid = screen.getByRole('grid', { name: 'Crash reports' });
    expect(grid.getAttribute('aria-rowcount')).toBe('4');
    expect(first.getAttribute('aria-rowindex')).toBe('2');
    expect(screen.getAllByRole('columnheader').map((h) => h.textContent?.replace(/[▲▼]/g, ''))).toEqual(['Time', 'Event', 'Application', 'Version', 'Module', 'Exception', 'Offset', 'Store', 'Source', 'Attachments']);
    expect(count()).toBe('Showing 3 of 3 reports');
  });

  it('renders only a window of rows for 10,000 reports', async () => {
    await renderList(<Harness reports={makeReports(10_000)} />);
    expect(rows().length).toBeGreaterThan(10);
    expect(rows().length).toBeLessThan(100);
    expect(screen.getByRole('grid').getAttribute('aria-rowcount')).toBe('10001');
    expect(count()).toBe('Showing 10000 of 10000 reports');
  });

  it('narrows with the quick filter (every word must match)', async () => {
    const user = userEvent.setup();
    await renderList(<Harness reports={makeReports(10_000)} />);
    await user.type(screen.getByTestId('quick-filter'), 'SYNC');
    await settle();
    expect(count()).toBe('Showing 2000 of 10000 reports');
    await user.paste(' .net');
    await settle();
    expect(count()).toMatch(/^Showing \d{3,4} of 10000 reports$/);
    for (const row of rows()) {
      expect(appOf(row)).toBe('FabrikamSync.exe');
      expect(cellTexts(row)[5]).toBe('e0434352 .NET exception');
    }
    await user.clear(screen.getByTestId('quick-filter'));
    await settle();
    expect(count()).toBe('Showing 10000 of 10000 reports');
  }, 20_000);

  it('narrows by a facet chosen from its menu, shown as a removable chip', async () => {
    const user = userEvent.setup();
    await renderList(<Harness reports={three} />);
    await user.click(screen.getByRole('button', { name: 'Event type filter' }));
    await settle();
    const menu = screen.getByRole('group', { name: 'Event type values' });
    expect(within(menu).getByText('APPCRASH').parentElement?.textContent).toBe('APPCRASH2');
    await user.click(within(menu).getByRole('checkbox', { name: /AppHangB1/ }));
    await settle();
    expect(count()).toBe('Showing 1 of 3 reports');
    expect(rows().map(appOf)).toEqual(['Notepad.exe']);
    await user.keyboard('{Escape}');
    await settle();
    expect(screen.queryByRole('group', { name: 'Event type values' })).toBeNull();

    // Counts follow the other filters: among hangs, only the archive has any.
    await user.click(screen.getByRole('button', { name: 'Store filter' }));
    await settle();
    expect(within(screen.getByRole('group', { name: 'Store values' })).getAllByRole('checkbox').map((c) => c.parentElement?.textContent)).toEqual(['Archive1']);
    await user.click(screen.getByRole('button', { name: 'Remove filter Event type: AppHangB1' }));
    await settle();
    expect(count()).toBe('Showing 3 of 3 reports');
    // The click outside closed the menu.
    expect(screen.queryByRole('group', { name: 'Store values' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Store filter' }));
    await settle();
    await user.click(within(screen.getByRole('group', { name: 'Store values' })).getByRole('checkbox', { name: /Queue/ }));
    await settle();
    expect(rows().map(appOf)).toEqual(['FabrikamSync.exe']);
    expect(screen.getAllByTestId('filter-chip').map((c) => c.textContent)).toEqual(['Store: Queue×']);
    expect(screen.getByRole('button', { name: 'Store filter (1 chosen)' })).toBeTruthy();
  });

  it('shows the facet counts the app answered with the page, not counts of its own', async () => {
    const user = userEvent.setup();
    const fake = fakeApi({ reports: three });
    const api: WerApi = {
      ...fake.api,
      queryReports: async (request) => {
        const answer = await fake.api.queryReports(request);
        return answer.ok ? ok({ ...answer.value, facets: { ...answer.value.facets, eventTypes: [{ value: 'APPCRASH', count: 123_456 }, { value: 'AppHangB1', count: 7 }] } }) : answer;
      },
    };
    await renderList(<Harness reports={three} api={api} />);
    await user.click(screen.getByRole('button', { name: 'Event type filter' }));
    const menu = screen.getByRole('group', { name: 'Event type values' });
    expect(within(menu).getAllByRole('checkbox').map((c) => c.parentElement?.textContent)).toEqual(['APPCRASH123456', 'AppHangB17']);
  });

  it('narrows by a date range, both days included', async () => {
    await renderList(<Harness reports={three} />);
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-11-02' } });
    await settle();
    expect(rows().map(appOf)).toEqual(['ContosoViewer.exe', 'FabrikamSync.exe']);
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-11-02' } });
    await settle();
    expect(rows().map(appOf)).toEqual(['FabrikamSync.exe']);
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-11-03' } });
    await settle();
    expect(screen.getByText(/“From” is after “To”/)).toBeTruthy();
  });

  it('clears every filter at once, from the bar or from the empty result', async () => {
    const user = userEvent.setup();
    await renderList(<Harness reports={three} initial={{ ...EMPTY_FILTER, text: 'notepad', stores: ['ReportArchive'] }} />);
    expect(count()).toBe('Showing 1 of 3 reports');
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await settle();
    expect(count()).toBe('Showing 3 of 3 reports');
    expect(screen.queryByRole('button', { name: 'Clear filters' })).toBeNull();
    expect((screen.getByTestId('quick-filter') as HTMLInputElement).value).toBe('');

    await user.type(screen.getByTestId('quick-filter'), 'nothing-like-this');
    await settle();
    expect(screen.getByText('No reports match these filters')).toBeTruthy();
    const buttons = screen.getAllByRole('button', { name: 'Clear filters' });
    await user.click(buttons[buttons.length - 1] as HTMLElement);
    await settle();
    expect(rows()).toHaveLength(3);
  });

  it('sorts by a column on click, and reverses on the second click', async () => {
    const user = userEvent.setup();
    await renderList(<Harness reports={three} />);
    const header = (name: string) => screen.getAllByRole('columnheader').find((h) => h.textContent?.startsWith(name)) as HTMLElement;
    expect(header('Time').getAttribute('aria-sort')).toBe('descending');
    await user.click(within(header('Application')).getByRole('button'));
    await settle();
    expect(header('Application').getAttribute('aria-sort')).toBe('ascending');
    expect(header('Time').getAttribute('aria-sort')).toBe('none');
    expect(rows().map(appOf)).toEqual(['ContosoViewer.exe', 'FabrikamSync.exe', 'Notepad.exe']);
    await user.click(within(header('Application')).getByRole('button'));
    await settle();
    expect(header('Application').getAttribute('aria-sort')).toBe('descending');
    expect(rows().map(appOf)).toEqual(['Notepad.exe', 'FabrikamSync.exe', 'ContosoViewer.exe']);
    // Keyboard: Enter on the focused header button.
    within(header('Time')).getByRole('button').focus();
    await user.keyboard('{Enter}');
    await settle();
    expect(header('Time').getAttribute('aria-sort')).toBe('descending');
  });

  it('moves the selection with the keyboard and selects with the mouse', async () => {
    const user = userEvent.setup();
    const onSelect = jest.fn();
    const reports = makeReports(50);
    await renderList(<Harness reports={reports} onSelect={onSelect} />);
    const grid = screen.getByRole('grid');
    grid.focus();
    const last = () => onSelect.mock.calls.at(-1)?.[0];
    await user.keyboard('{ArrowDown}');
    await settle();
    expect(last()).toBe(reports[0]?.id);
    await user.keyboard('{ArrowDown}{ArrowDown}');
    await settle();
    expect(last()).toBe(reports[2]?.id);
    await user.keyboard('{ArrowUp}');
    await settle();
    expect(last()).toBe(reports[1]?.id);
    expect(grid.querySelector('[aria-selected="true"]')?.getAttribute('aria-rowindex')).toBe('3');
    expect(grid.getAttribute('aria-activedescendant')).toBe(grid.querySelector('[aria-selected="true"]')?.id);
    await user.keyboard('{End}');
    await settle();
    expect(last()).toBe(reports[49]?.id);
    await user.keyboard('{Home}');
    await settle();
    expect(last()).toBe(reports[0]?.id);
    await user.keyboard('{PageDown}');
    await settle();
    expect(last()).toBe(reports[19]?.id);
    await user.keyboard('{Escape}');
    await settle();
    expect(last()).toBeNull();
    expect(grid.querySelector('[aria-selected="true"]')).toBeNull();
    await user.keyboard('{Enter}');
    await settle();
    expect(last()).toBe(reports[19]?.id);
    await user.click(rows()[4] as HTMLElement);
    await settle();
    expect(last()).toBe(reports[4]?.id);
  });

  it('jumps to the quick filter on "/" or Ctrl+F, but lets "/" be typed in it', async () => {
    const user = userEvent.setup();
    await renderList(<Harness reports={three} />);
    screen.getByRole('grid').focus();
    await user.keyboard('/');
    await settle();
    const input = screen.getByTestId('quick-filter') as HTMLInputElement;
    expect(document.activeElement).toBe(input);
    expect(input.value).toBe('');
    await user.keyboard('a/b');
    await settle();
    expect(input.value).toBe('a/b');
    // Escape empties the filter first, then goes back to the list.
    await user.keyboard('{Escape}');
    await settle();
    expect(input.value).toBe('');
    await user.keyboard('{Escape}');
    await settle();
    expect(document.activeElement).toBe(screen.getByRole('grid'));
    await user.keyboard('{Control>}f{/Control}');
    await settle();
    expect(document.activeElement).toBe(input);
  });

  it('shows the problem it came from as a removable chip', async () => {
    const user = userEvent.setup();
    await renderList(<Harness reports={three} initial={{ ...EMPTY_FILTER, reportIds: ['r-sync', 'r-hang'], reportIdsLabel: 'Problem: FabrikamSync.exe crashed in ntdll.dll' }} />);
    expect(count()).toBe('Showing 2 of 3 reports');
    expect(screen.getByText('Problem: FabrikamSync.exe crashed in ntdll.dll')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Remove filter Problem: FabrikamSync.exe crashed in ntdll.dll' }));
    await settle();
    expect(count()).toBe('Showing 3 of 3 reports');
    expect(screen.queryByTestId('filter-chip')).toBeNull();
  });

  it('keeps the open report but highlights no row when filters hide it', async () => {
    const user = userEvent.setup();
    await renderList(<Harness reports={three} />);
    await user.click(rows()[0] as HTMLElement);
    await settle();
    expect(rows()[0]?.getAttribute('aria-selected')).toBe('true');
    await user.type(screen.getByTestId('quick-filter'), 'notepad');
    await settle();
    expect(rows().every((r) => r.getAttribute('aria-selected') === 'false')).toBe(true);
    expect(screen.getByText('The open report is hidden by the filters.')).toBeTruthy();
  });

  it('says what an empty library means', async () => {
    await renderList(<Harness reports={[]} />);
    expect(screen.getByRole('heading', { name: 'No crash reports yet' })).toBeTruthy();
    expect(screen.getByText(/New reports appear here live/)).toBeTruthy();
    expect(screen.queryByRole('grid')).toBeNull();
  });
});

describe('Forwarded column', () => {
  const headers = () => screen.getAllByRole('columnheader').map((h) => h.textContent);

  it('appears only once some report has been forwarded', async () => {
    const { unmount } = await renderList(<Harness reports={three} />);
    expect(headers()).not.toContain('Forwarded');
    expect(screen.getByRole('grid').getAttribute('aria-colcount')).toBe('10');
    unmount();
    await renderList(<Harness reports={three} forwarding={mergeForwardResults(NONE_FORWARDED, [forwardResult('r-viewer', true)])} />);
    expect(headers()).toContain('Forwarded');
    expect(screen.getByRole('grid').getAttribute('aria-colcount')).toBe('11');
  });

  it("shows each report's latest result with the details as a tooltip, and sorts by it", async () => {
    const forwarding = mergeForwardResults(NONE_FORWARDED, [
      forwardResult('r-viewer', true, { time: '2026-11-21T10:00:00.000Z' }),
      forwardResult('r-sync', false, { state: 'failed', error: 'The server refused the report (HTTP 403).' }),
      // A later attempt at another server is the one the list shows.
      forwardResult('r-viewer', false, { server: 'http://backup:1273', time: '2026-11-21T11:00:00.000Z' }),
    ]);
    await renderList(<Harness reports={three} forwarding={forwarding} />);
    const forwardedCell = (row: HTMLElement) => within(row).getAllByRole('gridcell')[10] as HTMLElement;
    const [viewerRow, syncRow, hangRow] = rows() as [HTMLElement, HTMLElement, HTMLElement];
    expect(forwardedCell(viewerRow).textContent).toBe('Queued');
    expect(forwardedCell(viewerRow).getAttribute('title')).toMatch(/Queued for http:\/\/backup:1273/);
    expect(forwardedCell(syncRow).textContent).toBe('Failed');
    expect(forwardedCell(syncRow).getAttribute('title')).toContain('The server refused the report (HTTP 403).');
    expect(forwardedCell(hangRow).textContent).toBe('');
    expect(forwardedCell(hangRow).getAttribute('title')).toBe('Not forwarded to a CER server');

    await userEvent.click(screen.getByRole('button', { name: /^Forwarded/ }));
    await settle();
    expect(rows().map(appOf)).toEqual(['FabrikamSync.exe', 'ContosoViewer.exe', 'Notepad.exe']);
  });

  it('shows Sent with the bucket the server gave', async () => {
    await renderList(<Harness reports={three} forwarding={mergeForwardResults(NONE_FORWARDED, [forwardResult('r-hang', true)])} />);
    const hangRow = rows()[2] as HTMLElement;
    const cell = within(hangRow).getAllByRole('gridcell')[10] as HTMLElement;
    expect(cell.textContent).toBe('Sent · 12345');
    expect(cell.getAttribute('title')).toMatch(/^Sent to http:\/\/cer:1273 on 2026-11-21 \d\d:00:00, files uploaded\nBucket 12345 \(table 1\)$/);
  });
});

describe('reports view', () => {
  it('shows the selected report beside the list, with a splitter', async () => {
    const fake = fakeApi({ reports: three });
    function ViewHarness() {
      const [selectedId, setSelectedId] = useState<string | null>(null);
      const [filter, setFilter] = useState(EMPTY_FILTER);
      const list = useReportWindow(fake.api, { filter, sort: DEFAULT_SORT, forwarding: NONE_FORWARDED, revision: 0, selectedId });
      return (
        <ReportsView api={fake.api} info={null} list={list} filter={filter} onFilterChange={setFilter} sort={DEFAULT_SORT} onSort={() => undefined} selectedId={selectedId} onSelect={setSelectedId} forwarding={NONE_FORWARDED} />
      );
    }
    await renderList(<ViewHarness />);
    expect(screen.queryByTestId('detail-pane')).toBeNull();
    await userEvent.click(rows()[0] as HTMLElement);
    await settle();
    expect(within(screen.getByTestId('detail-pane')).getByText('Detail of r-viewer')).toBeTruthy();
    const splitter = screen.getByRole('separator', { name: 'Resize the report detail' });
    splitter.focus();
    await userEvent.keyboard('{ArrowLeft}');
    await settle();
    expect(splitter.getAttribute('aria-valuenow')).toBe('50');
  });
});

describe('Source column', () => {
  // Records as the merger of issue 15 makes them: the factory's folder record given the sources
  // (and store) a merged or log-only record carries.
  const logEvent = (provider: string, eventId: number, recordId: number) => ({
    kind: 'eventlog' as const,
    log: 'D:\\tickets\\4711\\Application.evtx',
    channel: 'Application',
    provider,
    eventId,
    recordId,
    time: '2026-11-04T12:00:00.000Z',
    reportId: null,
  });
  const mergedBase = makeReport({ id: 'r-merged', sig: crashSig('Merged.exe', 'm.dll'), eventTime: '2026-11-06T12:00:00.000Z' });
  const merged: WerReport = { ...mergedBase, sources: [...mergedBase.sources, logEvent('Application Error', 1000, 1234)] };
  const logOnly: WerReport = {
    ...makeReport({ id: 'r-log', sig: crashSig('Gone.exe', 'g.dll'), eventTime: '2026-11-05T12:00:00.000Z' }),
    store: 'EventLog',
    storeRoot: null,
    folder: 'D:\\tickets\\4711\\Application.evtx',
    sources: [logEvent('Application Error', 1000, 1300), logEvent('Windows Error Reporting', 1001, 1301)],
  };
  const dump: WerReport = {
    ...makeReport({ id: 'r-dump', sig: crashSig('Local.exe', 'l.dll'), eventTime: '2026-11-04T12:00:00.000Z' }),
    store: 'CrashDumps',
    sources: [{ kind: 'dump', path: 'C:\\Users\\ada\\AppData\\Local\\CrashDumps\\Local.exe.4242.dmp', size: 12 * 1024 * 1024 }],
  };
  const five = [merged, logOnly, dump, ...three];
  const sourceCell = (row: HTMLElement) => within(row).getAllByRole('gridcell')[8] as HTMLElement;

  it('says what recorded each crash, marks log-only crashes, and lists every source in the tooltip', async () => {
    await renderList(<Harness reports={five} />);
    const [mergedRow, logRow, dumpRow, viewerRow] = rows() as [HTMLElement, HTMLElement, HTMLElement, HTMLElement];
    expect(sourceCell(mergedRow).textContent).toBe('WER + Event log');
    expect(sourceCell(mergedRow).getAttribute('title')).toBe(
      `WER report folder ${mergedBase.folder}\nApplication log (Application.evtx): Application Error 1000, record #1234, 2026-11-04 12:00:00 UTC`,
    );
    expect(sourceCell(logRow).textContent).toBe('Event loglog only');
    expect(within(sourceCell(logRow)).getByText('log only')).toHaveClass('log-only-badge');
    expect(sourceCell(logRow).getAttribute('title')).toMatch(/Windows Error Reporting 1001, record #1301.*\nKnown only from the event log/);
    expect(cellTexts(logRow)[7]).toBe('Log');
    expect(sourceCell(dumpRow).textContent).toBe('LocalDumps');
    expect(sourceCell(dumpRow).getAttribute('title')).toBe('LocalDumps dump C:\\Users\\ada\\AppData\\Local\\CrashDumps\\Local.exe.4242.dmp (12.0 MB)');
    expect(sourceCell(viewerRow).textContent).toBe('WER');
    expect(within(viewerRow).queryByText('log only')).toBeNull();
  });

  it('filters by source from a facet menu with counts, shown as a chip', async () => {
    const user = userEvent.setup();
    await renderList(<Harness reports={five} />);
    await user.click(screen.getByRole('button', { name: 'Source filter' }));
    await settle();
    const menu = screen.getByRole('group', { name: 'Source values' });
    expect(within(menu).getAllByRole('checkbox').map((c) => c.parentElement?.textContent)).toEqual(['WER3', 'Event log1', 'LocalDumps1', 'WER + Event log1']);
    await user.click(within(menu).getByRole('checkbox', { name: /^Event log/ }));
    await settle();
    expect(rows().map(appOf)).toEqual(['Gone.exe']);
    expect(screen.getAllByTestId('filter-chip').map((c) => c.textContent)).toEqual(['Source: Event log×']);
  });

  it('sorts by source', async () => {
    await renderList(<Harness reports={five} />);
    await userEvent.click(screen.getByTitle('Sort by source'));
    await settle();
    expect(rows().map((r) => sourceCell(r).textContent)).toEqual(['Event loglog only', 'LocalDumps', 'WER', 'WER', 'WER', 'WER + Event log']);
  });
});
