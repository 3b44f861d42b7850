import type { AppInfo, WerApi } from '../../../../shared/wer-api';

/** Props of the report detail. */
export interface ReportDetailViewProps {
  readonly api: WerApi;
  readonly info: AppInfo | null;
  readonly reportId: string;
  readonly onClose: () => void;
}

/** One report in full (first version: its id). */
export function ReportDetailView({ reportId }: ReportDetailViewProps) {
  return <section className="report-detail">{reportId}</section>;
}
