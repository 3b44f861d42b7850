import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import type { WerReport } from '../../../../shared/report-model';
import { StateMessage } from '../../components/state-message';
import { applyFilter, EMPTY_FILTER, localUtcOffset, prepareQuickFilter, type ReportFilter } from '../../model/report-filter';
import type { ForwardingByReport } from '../../state/use-forwarding';
import { type ColumnContext, type ColumnId, EMPTY_COLUMN_CONTEXT } from './columns';
import { FilterBar } from './filter-bar';
import { ReportGrid } from './report-grid';
import { DEFAULT_SORT, nextSort, sortReports, type SortState } from './sort-reports';
import './report-list.css';

/** Props of the report list. */
export interface ReportListProps {
  readonly reports: readonly WerReport[];
  readonly filter: ReportFilter;
  readonly onFilterChange: (filter: ReportFilter) => void;
  readonly selectedId: string | null;
  readonly onSelect: (id: string | null) => void;
  /** Recorded forwarding results (the Forwarded column). */
  readonly forwarding: ForwardingByReport;
  /** Receives the quick filter input, so the app's Find command can focus it; else the list keeps its own. */
  readonly quickFilterRef?: RefObject<HTMLInputElement | null>;
}

const WARM_SLICE = 1000;

/** Whether a key press is typing (so "/" must stay a character there). */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT';
}

/**
 * The report list: filter bar over a sortable, virtual grid. Sorting runs once per sort change,
 * the facet/date filter once per filter change, and the text filter (deferred, so typing never
 * waits for the list) only over what the facets let through.
 */
export function ReportList({ reports, filter, onFilterChange, selectedId, onSelect, forwarding, quickFilterRef: outerQuickFilterRef }: ReportListProps) {
  const [sort, setSort] = useState<SortState>(DEFAULT_SORT);
  const ownQuickFilterRef = useRef<HTMLInputElement>(null);
  const quickFilterRef = outerQuickFilterRef ?? ownQuickFilterRef;
  const gridRef = useRef<HTMLDivElement>(null);
  const utcOffset = useMemo(() => localUtcOffset(), []);
  const text = useDeferredValue(filter.text);
  const { eventTypes, applications, stores, sources, from, to, reportIds } = filter;

  const context = useMemo<ColumnContext>(() => ({ forwarding }), [forwarding]);
  // Forwarding progress changes the context often; only a sort by that column needs to run again.
  const sortContext = sort.column === 'forwarded' ? context : EMPTY_COLUMN_CONTEXT;
  const sorted = useMemo(() => sortReports(reports, sort, sortContext), [reports, sort, sortContext]);
  const narrowed = useMemo(
    () => applyFilter(sorted, { ...EMPTY_FILTER, eventTypes, applications, stores, sources, from, to, reportIds }, utcOffset),
    [sorted, eventTypes, applications, stores, sources, from, to, reportIds, utcOffset],
  );
  const shown = useMemo(() => (text.trim() === '' ? narrowed : applyFilter(narrowed, { ...EMPTY_FILTER, text })), [narrowed, text]);

  // Index the reports for the quick filter in small slices while the user is still reading.
  useEffect(() => {
    let next = 0;
    let timer: ReturnType<typeof setTimeout>;
    const step = () => {
      prepareQuickFilter(reports.slice(next, next + WARM_SLICE));
      next += WARM_SLICE;
      if (next < reports.length) timer = setTimeout(step, 0);
    };
    timer = setTimeout(step, 50);
    return () => clearTimeout(timer);
  }, [reports]);

  // "/" (outside text fields) and Ctrl+F anywhere in the view jump to the quick filter.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || (e.target instanceof Element && e.target.closest('[role="dialog"]'))) return;
      const find = (e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'f';
      const slash = e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey && !isTyping(e.target);
      const input = quickFilterRef.current;
      if ((!find && !slash) || !input) return;
      e.preventDefault();
      input.focus();
      input.select();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [quickFilterRef]);

  const onSort = useCallback((column: ColumnId) => setSort((s) => nextSort(s, column)), []);
  const focusGrid = useCallback(() => gridRef.current?.focus(), []);
  const clear = () => onFilterChange(EMPTY_FILTER);

  if (reports.length === 0) {
    return (
      <div className="report-list">
        <StateMessage title="No crash reports yet">
          <p>Windows has not recorded any crash, hang or kernel failure in these stores. New reports appear here live.</p>
        </StateMessage>
      </div>
    );
  }

  const selectedHidden = selectedId !== null && !shown.some((r) => r.id === selectedId) && reports.some((r) => r.id === selectedId);
  return (
    <div className="report-list">
      <FilterBar
        reports={reports}
        filter={filter}
        onFilterChange={onFilterChange}
        shownCount={shown.length}
        selectedHidden={selectedHidden}
        utcOffset={utcOffset}
        quickFilterRef={quickFilterRef}
        onLeaveQuickFilter={focusGrid}
      />
      {shown.length === 0 ? (
        <StateMessage title="No reports match these filters">
          <p>None of the {reports.length} reports passes every filter above. Remove a filter, or start over.</p>
          <button type="button" onClick={clear}>
            Clear filters
          </button>
        </StateMessage>
      ) : (
        <ReportGrid reports={shown} sort={sort} onSort={onSort} selectedId={selectedId} onSelect={onSelect} gridRef={gridRef} stale={text !== filter.text} context={context} />
      )}
    </div>
  );
}
