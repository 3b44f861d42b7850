import type { WerReport } from '../../../../shared/report-model';
import { applyFilter, type ReportFilter } from '../../model/report-filter';

/** Props of the report list. */
export interface ReportListProps {
  readonly reports: readonly WerReport[];
  readonly filter: ReportFilter;
  readonly onFilterChange: (filter: ReportFilter) => void;
  readonly selectedId: string | null;
  readonly onSelect: (id: string | null) => void;
}

/** The report list (first version: plain rows). */
export function ReportList({ reports, filter, selectedId, onSelect }: ReportListProps) {
  const shown = applyFilter(reports, filter);
  return (
    <ul className="report-list">
      {shown.map((r) => (
        <li key={r.id} aria-selected={r.id === selectedId} onClick={() => onSelect(r.id)}>
          {r.eventTime} {r.eventType} {r.appName}
        </li>
      ))}
    </ul>
  );
}
