import type { GroupingMode } from '../../../../shared/problem-model';
import type { WerReport } from '../../../../shared/report-model';
import type { ReportFilter } from '../../model/report-filter';
import type { TriageHandle } from '../../state/use-triage';

/** Props of the problems view. */
export interface ProblemsViewProps {
  readonly reports: readonly WerReport[];
  readonly triage: TriageHandle;
  readonly grouping: GroupingMode;
  /** Shows some reports in the report list (e.g. `{ reportIds, reportIdsLabel }` of a problem). */
  readonly onShowReports: (filter: Partial<ReportFilter>) => void;
}

/** Reports grouped into problems (first version: a count). */
export function ProblemsView({ reports }: ProblemsViewProps) {
  return <section className="problems-view">{reports.length}</section>;
}
