import { useCallback, useEffect, useMemo, useRef, type RefObject } from 'react';
import { StateMessage } from '../../components/state-message';
import { EMPTY_FILTER, type ReportFilter } from '../../model/report-filter';
import type { ForwardingByReport } from '../../state/use-forwarding';
import type { ReportWindow } from '../../state/use-report-window';
import { type ColumnContext, type ColumnId } from './columns';
import { FilterBar } from './filter-bar';
import { ReportGrid } from './report-grid';
import type { SortState } from './sort-reports';
import './report-list.css';

/** Props of the report list. */
export interface ReportListProps {
  /** The filtered, sorted list as the page holds it (useReportWindow over `filter` and `sort`). */
  readonly list: ReportWindow;
  readonly filter: ReportFilter;
  readonly onFilterChange: (filter: ReportFilter) => void;
  readonly sort: SortState;
  /** A click on a column header. */
  readonly onSort: (column: ColumnId) => void;
  readonly selectedId: string | null;
  readonly onSelect: (id: string | null) => void;
  /** Recorded forwarding results (the Forwarded column). */
  readonly forwarding: ForwardingByReport;
  /** Receives the quick filter input, so the app's Find command can focus it; else the list keeps its own. */
  readonly quickFilterRef?: RefObject<HTMLInputElement | null>;
}

/** Whether a key press is typing (so "/" must stay a character there). */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT';
}

/**
 * The report list: filter bar over a sortable, virtual grid. Filtering, sorting and the facet
 * counts happen in the app (queryReports); the list shows the window of rows it was given.
 */
export function ReportList({ list, filter, onFilterChange, sort, onSort, selectedId, onSelect, forwarding, quickFilterRef: outerQuickFilterRef }: ReportListProps) {
  const ownQuickFilterRef = useRef<HTMLInputElement>(null);
  const quickFilterRef = outerQuickFilterRef ?? ownQuickFilterRef;
  const gridRef = useRef<HTMLDivElement>(null);
  const context = useMemo<ColumnContext>(() => ({ forwarding }), [forwarding]);

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

  const focusGrid = useCallback(() => gridRef.current?.focus(), []);
  const clear = () => onFilterChange(EMPTY_FILTER);

  if (list.status === 'ready' && list.libraryTotal === 0) {
    return (
      <div className="report-list">
        <StateMessage title="No crash reports yet">
          <p>Windows has not recorded any crash, hang or kernel failure in these stores. New reports appear here live.</p>
        </StateMessage>
      </div>
    );
  }

  const selectedHidden = selectedId !== null && list.selection !== null && !list.selection.shown && list.selection.exists;
  return (
    <div className="report-list">
      <FilterBar
        facets={list.facets}
        libraryTotal={list.libraryTotal}
        filter={filter}
        onFilterChange={onFilterChange}
        shownCount={list.status === 'loading' ? null : list.total}
        selectedHidden={selectedHidden}
        quickFilterRef={quickFilterRef}
        onLeaveQuickFilter={focusGrid}
      />
      {list.status === 'error' ? (
        <StateMessage kind="error" title="The reports could not be listed">
          <p>{list.error}</p>
        </StateMessage>
      ) : list.status === 'ready' && list.total === 0 ? (
        <StateMessage title="No reports match these filters">
          <p>None of the {list.libraryTotal} reports passes every filter above. Remove a filter, or start over.</p>
          <button type="button" onClick={clear}>
            Clear filters
          </button>
        </StateMessage>
      ) : (
        <ReportGrid list={list} sort={sort} onSort={onSort} selectedId={selectedId} onSelect={onSelect} gridRef={gridRef} stale={list.stale} context={context} />
      )}
    </div>
  );
}
