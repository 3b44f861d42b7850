/**
 * The report sections of a bundle summary. They live in shared/report-summary.ts (pure) so the
 * UI's "copy as ticket text" says exactly what the bundle's summary.md says.
 */
export {
  formatBytes,
  glossField,
  mapSummaryText,
  type ReportSummary,
  type SummaryFile,
  type SummaryRow,
  type SummarySection,
  summarizeReport,
} from '../../../../shared/report-summary';
