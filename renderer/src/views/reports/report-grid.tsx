import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import type { ReportWindow } from '../../state/use-report-window';
import { latestForward } from '../../state/use-forwarding';
import { type ColumnContext, type ColumnId, visibleColumns } from './columns';
import { ReportRow } from './report-row';
import type { SortState } from './sort-reports';

// Must match .report-grid-row / .report-grid-header heights in report-list.css.
const ROW_HEIGHT = 28;
const HEADER_HEIGHT = 30;
const OVERSCAN = 12;

/** Props of the virtual report grid. */
export interface ReportGridProps {
  /** The filtered, sorted list: its length and the rows loaded around the viewport. */
  readonly list: Pick<ReportWindow, 'total' | 'rowAt' | 'indexOf' | 'setViewport' | 'loadRow'>;
  readonly sort: SortState;
  readonly onSort: (column: ColumnId) => void;
  readonly selectedId: string | null;
  readonly onSelect: (id: string | null) => void;
  /** The scrolling element (also the focusable grid), so the list can focus it. */
  readonly gridRef: RefObject<HTMLDivElement | null>;
  /** The rows answer an earlier filter or sort: the new list is being asked for. */
  readonly stale: boolean;
  /** State beside the reports that some columns show (forwarding results). */
  readonly context: ColumnContext;
}

/**
 * The reports as an ARIA grid with a sticky, sortable header. Only the rows in view (plus an
 * overscan) are in the DOM, and the page holds only the rows around them (the window asks for
 * more as they scroll into view), so a million reports scroll smoothly. Keys: arrows, Page Up/Down,
 * Home/End move the selection (to rows not loaded yet too); Enter opens the row under the cursor;
 * Escape closes the report.
 */
export function ReportGrid({ list, sort, onSort, selectedId, onSelect, gridRef, stale, context }: ReportGridProps) {
  const { total, rowAt, indexOf, setViewport, loadRow } = list;
  const columns = visibleColumns(context);
  const showForwarded = columns.some((c) => c.id === 'forwarded');
  const baseId = useId();
  // Where the keyboard is when nothing is selected (after Escape), so Enter can reopen it.
  const [cursorId, setCursorId] = useState<string | null>(null);
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => gridRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    // The header sits above the rows inside the scroller and stays stuck over them.
    scrollMargin: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
    // No getItemKey: the virtualizer lays out every row again whenever its options change, and a
    // key function made per render did so at every render (100 ms at 300,000 rows). Rows have one
    // height, so index keys lose nothing; React keys the rows by report id below.
  });

  const selectedIndex = selectedId === null ? -1 : indexOf(selectedId);
  const cursorIndex = cursorId === null ? -1 : indexOf(cursorId);
  // Where the keyboard was when its row is no longer loaded (scrolled far away), so arrows go on from there.
  const lastActive = useRef(-1);
  const activeIndex = selectedIndex >= 0 ? selectedIndex : cursorIndex;
  if (activeIndex >= 0) lastActive.current = activeIndex;
  const keyIndex = activeIndex >= 0 ? activeIndex : selectedId !== null || cursorId !== null ? lastActive.current : -1;

  // Keep the selection in view, whoever moved it (keys, a filter change, a "reveal" command).
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  const pick = useCallback(
    (id: string) => {
      setCursorId(id);
      onSelect(id);
    },
    [onSelect],
  );

  const items = virtualizer.getVirtualItems();
  const firstShown = items[0]?.index ?? 0;
  const lastShown = items[items.length - 1]?.index ?? 0;
  useEffect(() => setViewport(firstShown, lastShown), [firstShown, lastShown, setViewport]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    // Keys on the header's sort buttons are theirs.
    if (e.target !== e.currentTarget || e.altKey || e.ctrlKey || e.metaKey) return;
    const last = total - 1;
    const activeIndex = keyIndex;
    const page = Math.max(1, Math.floor(((gridRef.current?.clientHeight ?? 0) - HEADER_HEIGHT) / ROW_HEIGHT) - 1);
    let target: number | null = null;
    switch (e.key) {
      case 'ArrowDown':
        target = activeIndex < 0 ? 0 : activeIndex + 1;
        break;
      case 'ArrowUp':
        target = activeIndex < 0 ? 0 : activeIndex - 1;
        break;
      case 'PageDown':
        target = activeIndex < 0 ? 0 : activeIndex + page;
        break;
      case 'PageUp':
        target = activeIndex < 0 ? 0 : activeIndex - page;
        break;
      case 'Home':
        target = 0;
        break;
      case 'End':
        target = last;
        break;
      case 'Enter':
      case ' ':
        target = activeIndex < 0 ? 0 : activeIndex;
        break;
      case 'Escape':
        if (selectedId === null) return;
        e.preventDefault();
        onSelect(null);
        return;
      default:
        return;
    }
    e.preventDefault();
    if (last < 0) return;
    const index = Math.max(0, Math.min(last, target));
    const report = rowAt(index);
    if (report) return pick(report.id);
    // Not loaded yet (Page Down, End): bring it into view and select it once it arrives.
    virtualizer.scrollToIndex(index, { align: 'auto' });
    void loadRow(index).then((loaded) => loaded && pick(loaded.id));
  };

  const rowDomId = (index: number) => `${baseId}-row-${index}`;
  const activeRendered = items.some((item) => item.index === activeIndex);

  return (
    <div
      ref={gridRef}
      role="grid"
      tabIndex={0}
      aria-label="Crash reports"
      aria-rowcount={total + 1}
      aria-colcount={columns.length}
      aria-activedescendant={activeRendered ? rowDomId(activeIndex) : undefined}
      aria-busy={stale}
      className={`report-grid${stale ? ' stale' : ''}${showForwarded ? ' with-forwarded' : ''}`}
      onKeyDown={onKeyDown}
    >
      <div className="report-grid-inner">
        <div role="rowgroup" className="report-grid-head">
          <div role="row" aria-rowindex={1} className="report-grid-header">
            {columns.map((c) => {
              const ariaSort = sort.column === c.id ? sort.direction : 'none';
              return (
                <div key={c.id} role="columnheader" aria-sort={ariaSort} className="cell">
                  <button type="button" className="sort-button" title={`Sort by ${c.label.toLowerCase()}`} onClick={() => onSort(c.id)}>
                    {c.label}
                    <span className="sort-arrow" aria-hidden="true">
                      {ariaSort === 'ascending' ? '▲' : ariaSort === 'descending' ? '▼' : ''}
                    </span>
                  </button>
                </div>
              );
            })}
          </div>
        </div>
        <div role="rowgroup" className="report-grid-body" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const report = rowAt(item.index);
            if (!report) return <LoadingRow key={`row-${item.index}`} index={item.index} top={item.start - HEADER_HEIGHT} />;
            return (
              <ReportRow
                key={report.id}
                report={report}
                index={item.index}
                domId={rowDomId(item.index)}
                top={item.start - HEADER_HEIGHT}
                selected={item.index === selectedIndex}
                cursor={item.index === activeIndex && selectedIndex < 0}
                onPick={pick}
                showForwarded={showForwarded}
                forward={showForwarded ? latestForward(context.forwarding, report.id) : undefined}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}

/** A row whose report is still being fetched: its place in the grid, empty. */
function LoadingRow({ index, top }: { readonly index: number; readonly top: number }) {
  return <div role="row" aria-rowindex={index + 2} aria-busy="true" data-testid="report-row-loading" className={`report-grid-row loading${index % 2 === 1 ? ' odd' : ''}`} style={{ transform: `translateY(${top}px)` }} />;
}
