import type { WerReport } from '../../../../shared/report-model';
import type { AppInfo, WerApi } from '../../../../shared/wer-api';
import type { ReportFilter } from '../../model/report-filter';
import { ReportDetailView } from '../detail/report-detail-view';
import { ReportList } from './report-list';

/** Props of the reports view (list with filters, and the selected report's detail). */
export interface ReportsViewProps {
  readonly api: WerApi;
  readonly info: AppInfo | null;
  readonly reports: readonly WerReport[];
  readonly filter: ReportFilter;
  readonly onFilterChange: (filter: ReportFilter) => void;
  readonly selectedId: string | null;
  readonly onSelect: (id: string | null) => void;
}

/** The report list beside the selected report's detail. */
export function ReportsView(props: ReportsViewProps) {
  const { api, info, reports, filter, onFilterChange, selectedId, onSelect } = props;
  return (
    <div className="reports-view">
      <ReportList reports={reports} filter={filter} onFilterChange={onFilterChange} selectedId={selectedId} onSelect={onSelect} />
      {selectedId !== null && <ReportDetailView api={api} info={info} reportId={selectedId} onClose={() => onSelect(null)} />}
    </div>
  );
}
