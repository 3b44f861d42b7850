import { useEffect, useRef, useState, type CSSProperties } from 'react';
import type { AppInfo, WerApi } from '../../../../shared/wer-api';
import { ReportDetailView } from '../detail/report-detail-view';
import { PaneSplitter } from './pane-splitter';
import { ReportList, type ReportListProps } from './report-list';
import './reports-view.css';

/** Props of the reports view (list with filters, and the selected report's detail). */
export interface ReportsViewProps extends ReportListProps {
  readonly api: WerApi;
  readonly info: AppInfo | null;
}

const NOT_FORWARDED: readonly never[] = [];

const WIDTH_KEY = 'wer-explorer.detail-width';
const DEFAULT_WIDTH = 45;
const MIN_WIDTH = 25;
const MAX_WIDTH = 75;

/** The detail width the user last chose (storage may be missing or hold junk). */
function savedWidth(): number {
  try {
    const n = Number(window.localStorage.getItem(WIDTH_KEY));
    return Number.isFinite(n) && n >= MIN_WIDTH && n <= MAX_WIDTH ? n : DEFAULT_WIDTH;
  } catch {
    return DEFAULT_WIDTH;
  }
}

/** The report list beside the selected report's detail (stacked on narrow windows). */
export function ReportsView(props: ReportsViewProps) {
  const { api, info, list, filter, onFilterChange, sort, onSort, selectedId, onSelect, forwarding, quickFilterRef } = props;
  const containerRef = useRef<HTMLDivElement>(null);
  const [detailWidth, setDetailWidth] = useState(savedWidth);

  useEffect(() => {
    try {
      window.localStorage.setItem(WIDTH_KEY, String(detailWidth));
    } catch {
      // Storage can be unavailable; the width then lasts for this session only.
    }
  }, [detailWidth]);

  const open = selectedId !== null;
  return (
    <div ref={containerRef} className={open ? 'reports-view with-detail' : 'reports-view'} style={{ '--detail-width': `${detailWidth}%` } as CSSProperties}>
      <div className="reports-list-pane">
        <ReportList list={list} filter={filter} onFilterChange={onFilterChange} sort={sort} onSort={onSort} selectedId={selectedId} onSelect={onSelect} forwarding={forwarding} quickFilterRef={quickFilterRef} />
      </div>
      {open && (
        <>
          <PaneSplitter containerRef={containerRef} value={detailWidth} min={MIN_WIDTH} max={MAX_WIDTH} onChange={setDetailWidth} />
          {/* A plain box: the detail view is the labelled region itself. */}
          <div className="reports-detail-pane" data-testid="detail-pane">
            <ReportDetailView api={api} info={info} reportId={selectedId} forwarded={forwarding.get(selectedId) ?? NOT_FORWARDED} onClose={() => onSelect(null)} />
          </div>
        </>
      )}
    </div>
  );
}
