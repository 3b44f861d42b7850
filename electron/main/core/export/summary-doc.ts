/** The content of a bundle's summary.md / summary.html, before rendering. */
import type { BundleWarning, LeftOutReason, RedactionSummary } from '../../../../shared/export-model';
import type { ReportSummary } from '../../../../shared/report-summary';

/** Everything the summaries show; every string in it is already redacted when redaction is on. */
export interface BundleSummaryDoc {
  readonly createdAt: string;
  readonly toolVersion: string;
  readonly ticketText: string;
  /** Null when the bundle is not redacted. */
  readonly redaction: RedactionSummary | null;
  readonly warnings: readonly BundleWarning[];
  readonly leftOut: readonly { readonly path: string; readonly reason: LeftOutReason; readonly message: string }[];
  readonly reports: readonly ReportSummary[];
}

/** One line saying whether and how the bundle was redacted (categories and counts only). */
export function redactionLine(redaction: RedactionSummary | null): string {
  if (!redaction) return 'Not redacted: the files are exactly as Windows wrote them.';
  if (redaction.counts.length === 0) return 'Redacted: no user names, machine names, addresses or SIDs were found in the text files.';
  const parts = redaction.counts.map((c) => `${c.category} ${c.values} value(s), ${c.occurrences} time(s)`);
  return `Redacted (text files only): ${parts.join('; ')}.`;
}

/** The heading line of a summary. */
export function headingLine(doc: BundleSummaryDoc): string {
  return `Created ${doc.createdAt} by WER Explorer ${doc.toolVersion} \u00b7 ${doc.reports.length} report(s)`;
}
