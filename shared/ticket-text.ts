/**
 * "Copy as ticket text": one report as Markdown for a support ticket or a bug tracker. It renders
 * the same sections as the ticket bundle's summary.md (shared/report-summary.ts), so both say the
 * same things; every report value is Markdown-escaped because report files are hostile input.
 */
import { APP_NAME, APP_VERSION } from './app-info';
import { escapeMarkdown as md, markdownTable } from './markdown-escape';
import type { ReportDetail } from './report-detail';
import { type SummaryFile, summarizeReport } from './report-summary';

/** The report's files as the summary lists them: present, or listed by Report.wer but missing. */
function attachmentFiles(d: ReportDetail): SummaryFile[] {
  return d.attachments.map((a) => ({
    file: a.file,
    kind: a.kind,
    size: a.size,
    status: a.size === null ? 'missing from the report folder' : 'in the report folder',
  }));
}

/** The report as Markdown: title, what happened, report facts, signature, minidump with top frames, files, problems. */
export function ticketMarkdown(detail: ReportDetail): string {
  const summary = summarizeReport(detail, detail.folder, attachmentFiles(detail));
  const lines: string[] = [`## ${md(summary.title)}`, '', `Report folder: ${md(detail.folder)}`];
  for (const section of summary.sections) lines.push('', `### ${md(section.title)}`, '', ...markdownTable(section.rows));
  lines.push('', `Copied from ${APP_NAME} ${APP_VERSION}.`);
  return `${lines.join('\n')}\n`;
}
