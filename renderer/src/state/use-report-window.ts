/**
 * The report list as the page holds it: a window of rows around the viewport, asked of the app
 * (`queryReports`) for the current filter and sort, with the list's total, the library's size and
 * the facet counts. Asked again when the filter, the sort or the library (its `revision`) changes.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { MATCH_ALL, type QueryFacets, type QueryFilter } from '../../../shared/query-model';
import type { WerReport } from '../../../shared/report-model';
import type { WerApi } from '../../../shared/wer-api';
import { localUtcOffset, toQueryFilter, type ReportFilter } from '../model/report-filter';
import type { SortState } from '../views/reports/sort-reports';
import { forwardedFetcher } from './forwarded-pages';
import { type PageFetcher, ReportPages } from './report-pages';
import type { ForwardingByReport } from './use-forwarding';

/** What the list needs of the window. */
export interface ReportWindow {
  /** `loading` until the first answer; `error` when that failed. */
  readonly status: 'loading' | 'ready' | 'error';
  readonly error: string | null;
  /** Reports the filter lets through, and in the whole library. */
  readonly total: number;
  readonly libraryTotal: number;
  readonly facets: QueryFacets;
  /** The rows shown answer an earlier filter or sort: the new one is being asked. */
  readonly stale: boolean;
  /** The row at an index, when loaded. */
  readonly rowAt: (index: number) => WerReport | undefined;
  /** Where a report is among the loaded rows, or -1. */
  readonly indexOf: (id: string) => number;
  /** The grid tells which rows are on screen; the window fetches around them. */
  readonly setViewport: (first: number, last: number) => void;
  /** The row at an index, fetched when not loaded (keyboard moves). */
  readonly loadRow: (index: number) => Promise<WerReport | undefined>;
  /** The selected report: whether the filter lets it through, and whether it is in the library at all (null: not known yet, or none selected). */
  readonly selection: { readonly shown: boolean; readonly exists: boolean } | null;
}

/** What the window shows. */
export interface ReportWindowInput {
  readonly filter: ReportFilter;
  readonly sort: SortState;
  /** The outbox results (the Forwarded sort depends on them). */
  readonly forwarding: ForwardingByReport;
  /** Goes up when the library changed (useLibrary). */
  readonly revision: number;
  readonly selectedId: string | null;
}

const NO_FACETS: QueryFacets = { eventTypes: [], applications: [], stores: [], sources: [] };
const NOT_FORWARDED: ForwardingByReport = new Map();

/** The rows of the list around the viewport; see ReportWindow. */
export function useReportWindow(api: WerApi, { filter, sort, forwarding, revision, selectedId }: ReportWindowInput): ReportWindow {
  const [, setVersion] = useState(0);
  const pagesRef = useRef<ReportPages | null>(null);
  pagesRef.current ??= new ReportPages(() => setVersion((v) => v + 1));
  const pages = pagesRef.current;
  const utcOffset = useMemo(() => localUtcOffset(), []);
  const query = useMemo(() => toQueryFilter(filter), [filter]);
  // Forwarding progress changes the map often; only the Forwarded sort must ask again.
  const sortForwarding = sort.column === 'forwarded' ? forwarding : NOT_FORWARDED;

  useEffect(() => {
    const { column, direction } = sort;
    const fetcher: PageFetcher =
      column === 'forwarded'
        ? forwardedFetcher(api, query, direction, sortForwarding, utcOffset)
        : (offset, limit) => api.queryReports({ filter: query, sort: { column, direction }, offset, limit, utcOffsetMinutes: utcOffset });
    pages.reset(fetcher);
  }, [api, pages, query, sort, sortForwarding, revision, utcOffset]);

  const selection = useSelectionCheck(api, query, selectedId, revision, utcOffset);
  const setViewport = useCallback((first: number, last: number) => pages.setViewport(first, last), [pages]);
  const rowAt = useCallback((index: number) => pages.rowAt(index), [pages]);
  const indexOf = useCallback((id: string) => pages.indexOf(id), [pages]);
  const loadRow = useCallback((index: number) => pages.load(index), [pages]);

  const counts = pages.counts;
  const loadedIndex = selectedId !== null && !pages.stale ? pages.indexOf(selectedId) : -1;
  return {
    status: counts ? 'ready' : pages.error !== null ? 'error' : 'loading',
    error: pages.error,
    total: counts?.total ?? 0,
    libraryTotal: counts?.libraryTotal ?? 0,
    facets: counts?.facets ?? NO_FACETS,
    stale: pages.stale,
    rowAt,
    indexOf,
    setViewport,
    loadRow,
    // A loaded row is shown without asking.
    selection: loadedIndex >= 0 ? { shown: true, exists: true } : selection,
  };
}

/** Whether the filter lets the selected report through, and whether it still exists (asked of the app). */
function useSelectionCheck(api: WerApi, filter: QueryFilter, selectedId: string | null, revision: number, utcOffset: number) {
  const [answer, setAnswer] = useState<{ readonly id: string; readonly shown: boolean; readonly exists: boolean } | null>(null);
  useEffect(() => {
    if (selectedId === null) return undefined;
    let current = true;
    const ids = [selectedId];
    // A list of chosen reports (a problem) lets the selection through only if it is one of them.
    const chosen = filter.reportIds === null || filter.reportIds.includes(selectedId);
    void Promise.all([api.matchingReportIds({ ...filter, reportIds: ids }, 0, utcOffset), api.matchingReportIds({ ...MATCH_ALL, reportIds: ids }, 0)]).then(([shown, exists]) => {
      if (current && shown.ok && exists.ok) setAnswer({ id: selectedId, shown: chosen && shown.value.total > 0, exists: exists.value.total > 0 });
    });
    return () => {
      current = false;
    };
  }, [api, filter, selectedId, revision, utcOffset]);
  return answer !== null && answer.id === selectedId ? { shown: answer.shown, exists: answer.exists } : null;
}
