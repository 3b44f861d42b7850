import { act, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { WerReport } from '../../shared/report-model';
import { HistoryView } from '../../renderer/src/views/history/history-view';
import { crashSig, makeReport } from '../support/report-factory';
import { fakeApi } from './support/fake-api';
import { fixToday } from './support/fixed-today';

// Only Date is faked ("today" = Sat 2026-11-21, so the last 30 days start on Fri 2026-10-23);
// Jest runs in UTC (jest.config.js), so local days equal UTC days here.
beforeEach(() => {
  fixToday('2026-11-21T12:00:00Z');
});
afterEach(() => jest.useRealTimers());

const viewer = crashSig('ContosoViewer.exe', 'ContosoRender.dll');
const sync = crashSig('FabrikamSync.exe', 'ntdll.dll');
const hang = ['ContosoViewer.exe', '1.0.0.0', '5f000000', '0000', '67246080'];

/** 8 dated reports: Oct 24 (1), Nov 2 (3 crashes + 1 hang), Nov 4 (2), Nov 10 (1 FabrikamSync); and 1 undated. */
function sampleReports(): WerReport[] {
  const at = (day: string, sig: string[], eventType = 'APPCRASH', hour = 10) =>
    makeReport({ sig, eventType, eventTime: `${day}T${String(hour).padStart(2, '0')}:00:00.000Z` });
  return [
    at('2026-10-24', viewer),
    at('2026-11-02', viewer, 'APPCRASH', 8),
    at('2026-11-02', viewer, 'APPCRASH', 9),
    at('2026-11-02', sync),
    at('2026-11-02', hang, 'AppHangB1'),
    at('2026-11-04', viewer),
    at('2026-11-04', viewer, 'appcrash', 11),
    at('2026-11-10', sync),
    makeReport({ sig: viewer, eventTime: null }),
  ];
}

/** Lets the view's queries (answered at once by the fake) and the renders they cause finish. */
const settle = () => act(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));

/** The view over a fake app holding these reports (it answers the history queries with historyOf), once its answers are in. */
async function renderHistory(reports: readonly WerReport[], onShowReports: (f: object) => void = () => undefined) {
  const result = render(<HistoryView api={fakeApi({ reports }).api} revision={0} onShowReports={onShowReports} />);
  await settle();
  return result;
}

const rows = () => screen.getAllByTestId('history-row');
const cells = (row: HTMLElement) => within(row).getAllByRole('cell').map((c) => c.textContent);

test('the total line counts the dated reports in the last 30 days', async () => {
  await renderHistory(sampleReports(), () => undefined);
  expect(screen.getByTestId('history-total').textContent).toBe('8 reports between Oct 23, 2026 and Nov 21, 2026 · 1 report without a date not shown');
  expect(screen.getByRole('button', { name: 'Last 30 days' }).getAttribute('aria-pressed')).toBe('true');
  expect(screen.getByTestId('history-chart')).toBeTruthy();
});

test('the table has one row per day with reports, newest first, with counts per event type', async () => {
  await renderHistory(sampleReports(), () => undefined);
  const headers = within(screen.getByRole('table')).getAllByRole('columnheader').map((h) => h.textContent);
  expect(headers).toEqual(['Day', 'Total', 'APPCRASH', 'AppHangB1', 'Actions']);
  expect(rows().map((r) => within(r).getByRole('rowheader').textContent)).toEqual(['Nov 10, 2026', 'Nov 4, 2026', 'Nov 2, 2026', 'Oct 24, 2026']);
  // Total, APPCRASH, AppHangB1 ("appcrash" counts as APPCRASH).
  expect(cells(rows()[1] as HTMLElement).slice(0, 3)).toEqual(['2', '2', '0']);
  expect(cells(rows()[2] as HTMLElement).slice(0, 3)).toEqual(['4', '3', '1']);
});

test('"Show reports" of a day shows that day in the report list', async () => {
  const user = userEvent.setup();
  const onShowReports = jest.fn();
  await renderHistory(sampleReports(), onShowReports);
  await user.click(within(rows()[1] as HTMLElement).getByRole('button', { name: 'Show reports' }));
  expect(onShowReports).toHaveBeenCalledWith({ from: '2026-11-04', to: '2026-11-04' });
});

test('weeks regroup the days; a week is shown to its Sunday, clipped to the range', async () => {
  const user = userEvent.setup();
  const onShowReports = jest.fn();
  await renderHistory(sampleReports(), onShowReports);
  await user.click(screen.getByRole('button', { name: 'Week' }));
  await settle();
  expect(rows().map((r) => within(r).getByRole('rowheader').textContent)).toEqual(['Week of Nov 9, 2026', 'Week of Nov 2, 2026', 'Week of Oct 19, 2026']);
  expect(cells(rows()[1] as HTMLElement)[0]).toBe('6');
  await user.click(within(rows()[1] as HTMLElement).getByRole('button', { name: 'Show reports' }));
  expect(onShowReports).toHaveBeenLastCalledWith({ from: '2026-11-02', to: '2026-11-08' });
  // The week of Oct 19 starts before the range (Oct 23): only the days in range are asked for.
  await user.click(within(rows()[2] as HTMLElement).getByRole('button', { name: 'Show reports' }));
  expect(onShowReports).toHaveBeenLastCalledWith({ from: '2026-10-23', to: '2026-10-25' });
});

test('stacking by application changes the series', async () => {
  const user = userEvent.setup();
  await renderHistory(sampleReports(), () => undefined);
  await user.click(screen.getByRole('button', { name: 'Application' }));
  await settle();
  const headers = within(screen.getByRole('table')).getAllByRole('columnheader').map((h) => h.textContent);
  expect(headers).toEqual(['Day', 'Total', 'ContosoViewer.exe', 'FabrikamSync.exe', 'Actions']);
  expect(cells(rows()[2] as HTMLElement).slice(0, 3)).toEqual(['4', '3', '1']);
  expect(screen.getByRole('list', { name: 'Series' }).textContent).toContain('ContosoViewer.exe (6)');
});

test('clicking a bar segment shows that day and series, with every spelling of the event type', async () => {
  const onShowReports = jest.fn();
  const { container } = await renderHistory(sampleReports(), onShowReports);
  // The first bar layer is the largest series (APPCRASH); its non-empty rectangles are its days.
  const layer = container.querySelector('.recharts-bar-rectangles');
  const rects = [...(layer?.querySelectorAll('path.recharts-rectangle') ?? [])].filter((p) => Number(p.getAttribute('height')) > 0);
  expect(rects.length).toBeGreaterThan(0);
  fireEvent.click(rects[rects.length - 2] as Element);
  expect(onShowReports).toHaveBeenCalledWith({ from: '2026-11-04', to: '2026-11-04', eventTypes: ['APPCRASH', 'appcrash'] });
});

test('All widens the range to every dated report', async () => {
  const user = userEvent.setup();
  const reports = [...sampleReports(), makeReport({ sig: viewer, eventTime: '2025-06-01T10:00:00.000Z' })];
  await renderHistory(reports, () => undefined);
  expect(screen.getByTestId('history-total').textContent).toContain('1 report outside this range');
  await user.click(screen.getByRole('button', { name: 'All' }));
  await settle();
  expect(screen.getByTestId('history-total').textContent).toMatch(/^9 reports between Jun 1, 2025 and Nov 10, 2026/);
  expect(rows()).toHaveLength(5);
});

test('old reports only: the view starts on All instead of an empty month', async () => {
  await renderHistory([makeReport({ sig: viewer, eventTime: '2024-01-05T10:00:00.000Z' })], () => undefined);
  expect(screen.getByRole('button', { name: 'All' }).getAttribute('aria-pressed')).toBe('true');
  expect(screen.getByTestId('history-total').textContent).toBe('1 report between Jan 5, 2024 and Jan 5, 2024');
});

test('a range without reports explains and offers All', async () => {
  const user = userEvent.setup();
  await renderHistory([makeReport({ sig: viewer, eventTime: '2024-01-05T10:00:00.000Z' })], () => undefined);
  await user.click(screen.getByRole('button', { name: 'Last 90 days' }));
  await settle();
  expect(screen.getByText('No reports in this range')).toBeTruthy();
  await user.click(screen.getByRole('button', { name: 'Show all' }));
  await settle();
  expect(rows()).toHaveLength(1);
});

test('empty states: no reports, and reports without dates', async () => {
  const { rerender } = await renderHistory([], () => undefined);
  expect(screen.getByText('No reports yet')).toBeTruthy();
  rerender(<HistoryView api={fakeApi({ reports: [makeReport({ eventTime: null }), makeReport({ eventTime: null })] }).api} revision={0} onShowReports={() => undefined} />);
  await settle();
  expect(screen.getByText('No dated reports')).toBeTruthy();
  expect(screen.getByText(/None of the 2 reports has an event time/)).toBeTruthy();
});
