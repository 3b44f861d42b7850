import { act, renderHook, waitFor } from '@testing-library/react';
import { useState } from 'react';
import type { QueryRequest } from '../../shared/query-model';
import { EMPTY_FILTER, type ReportFilter } from '../../renderer/src/model/report-filter';
import { PAGE_SIZE } from '../../renderer/src/state/report-pages';
import { mergeForwardResults, type ForwardingByReport } from '../../renderer/src/state/use-forwarding';
import { useLibrary } from '../../renderer/src/state/use-library';
import { useReportWindow } from '../../renderer/src/state/use-report-window';
import { DEFAULT_SORT } from '../../renderer/src/views/reports/sort-reports';
import { makeReport, makeReports } from '../support/report-factory';
import { fakeApi, type FakeApi } from './support/fake-api';
import { forwardResult } from './support/forward-factory';

const NONE_FORWARDED: ForwardingByReport = new Map();

/** The library and the report window wired as app.tsx wires them, with the selection and filter settable. */
function renderWindow(fake: FakeApi) {
  return renderHook(() => {
    const [selectedId, select] = useState<string | null>(null);
    const [filter, setFilter] = useState<ReportFilter>(EMPTY_FILTER);
    const library = useLibrary(fake.api);
    const list = useReportWindow(fake.api, { filter, sort: DEFAULT_SORT, forwarding: NONE_FORWARDED, revision: library.kind === 'ready' ? library.revision : -1, selectedId });
    return { list, select, setFilter };
  });
}

const queries = (fake: FakeApi) => fake.calls.filter((c) => c.method === 'queryReports').map((c) => c.args[0] as QueryRequest);

describe('useReportWindow', () => {
  it('asks for the pages around the viewport, never for the whole library', async () => {
    const fake = fakeApi({ reports: makeReports(2_000) });
    const { result } = renderWindow(fake);
    await waitFor(() => expect(result.current.list.status).toBe('ready'));
    expect(result.current.list).toMatchObject({ total: 2_000, libraryTotal: 2_000, stale: false });
    expect(queries(fake).every((q) => q.offset === 0 && q.limit === 2 * PAGE_SIZE)).toBe(true);

    const asked = queries(fake).length;
    act(() => result.current.list.setViewport(1_500, 1_530));
    await waitFor(() => expect(result.current.list.rowAt(1_530)?.id).toBe(fake.reports[1_530]?.id));
    // The visible page and one either side, in one request.
    expect(queries(fake).slice(asked).map((q) => [q.offset, q.limit])).toEqual([[1_400, 3 * PAGE_SIZE]]);
    expect(result.current.list.rowAt(0)).toBeUndefined();
    expect(fake.calls.some((c) => c.method === 'listReports')).toBe(false);
  });

  it('asks again once per burst of library events, and the selected report stays selected where it moved', async () => {
    const fake = fakeApi({ reports: makeReports(500) });
    const { result } = renderWindow(fake);
    await waitFor(() => expect(result.current.list.status).toBe('ready'));
    act(() => result.current.list.setViewport(300, 330));
    await waitFor(() => expect(result.current.list.rowAt(330)).toBeDefined());
    const selected = fake.reports[310]!.id;
    act(() => result.current.select(selected));
    expect(result.current.list.selection).toEqual({ shown: true, exists: true });
    expect(result.current.list.indexOf(selected)).toBe(310);

    const asked = queries(fake).length;
    act(() => {
      for (let i = 0; i < 3; i++) fake.emit({ kind: 'added', report: makeReport({ eventTime: `2026-11-2${i + 1}T10:00:00.000Z` }), summary: '' });
      fake.emit({ kind: 'updated', report: { ...fake.reports[0]!, appName: 'Renamed' }, summary: '', previousFolder: null });
    });
    await waitFor(() => expect(result.current.list.total).toBe(503));
    await waitFor(() => expect(result.current.list.indexOf(selected)).toBe(313));
    // One question for the whole burst, covering the viewport.
    expect(queries(fake).slice(asked).map((q) => [q.offset, q.limit])).toEqual([[200, 3 * PAGE_SIZE]]);
    expect(result.current.list.selection).toEqual({ shown: true, exists: true });

    // Filtered away it is still the selection, known to be hidden (not gone).
    act(() => result.current.setFilter({ ...EMPTY_FILTER, text: 'no-report-has-this' }));
    await waitFor(() => expect(result.current.list.total).toBe(0));
    await waitFor(() => expect(result.current.list.selection).toEqual({ shown: false, exists: true }));
  });

  it('puts forwarded reports first for the Forwarded sort and fetches each page by id', async () => {
    const fake = fakeApi({ reports: makeReports(300) });
    const second = fake.reports[1]!;
    const last = fake.reports[299]!;
    // "Failed" sorts before "Sent · 12345"; the never-forwarded follow, newest first.
    const forwarding = mergeForwardResults(NONE_FORWARDED, [forwardResult(second.id, true), forwardResult(last.id, false, { state: 'failed' })]);
    const { result } = renderHook(() => useReportWindow(fake.api, { filter: EMPTY_FILTER, sort: { column: 'forwarded', direction: 'ascending' }, forwarding, revision: 0, selectedId: null }));
    await waitFor(() => expect(result.current.rowAt(2)).toBeDefined());
    expect([result.current.rowAt(0)?.id, result.current.rowAt(1)?.id, result.current.rowAt(2)?.id]).toEqual([last.id, second.id, fake.reports[0]!.id]);
    expect(result.current.total).toBe(300);
    expect(fake.calls.some((c) => c.method === 'matchingReportIds')).toBe(true);
  });
});
