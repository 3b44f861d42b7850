import type { WerReport } from '../../../../shared/report-model';
import type { ReportFilter } from '../../model/report-filter';

/** Props of the history view. */
export interface HistoryViewProps {
  readonly reports: readonly WerReport[];
  /** Shows some reports in the report list (a clicked bar: its days and series). */
  readonly onShowReports: (filter: Partial<ReportFilter>) => void;
}

/** Reports over time (first version: a count). */
export function HistoryView({ reports }: HistoryViewProps) {
  return <section className="history-view">{reports.length}</section>;
}
