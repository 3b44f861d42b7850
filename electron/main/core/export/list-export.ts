/**
 * List exports of reports: CSV (the `scan --csv` columns), JSON (the `scan --json` array) and a
 * self-contained HTML table. Every report string is escaped; nothing refers to outside resources.
 */
import { describeExceptionCode } from '../../../../shared/codes';
import { displayApplication, displayCode, displayModule } from '../../../../shared/report-display';
import { sourceKey } from '../../../../shared/record-sources';
import type { WerReport } from '../../../../shared/report-model';
import { type CsvOptions, type CsvValue, toCsv } from './csv';
import { htmlPage, htmlTable } from './html-page';
import { escapeHtml } from './html-escape';

/** CSV columns of list exports and `scan --csv`, in order (documented in the README). */
export const LIST_CSV_COLUMNS = [
  'id', 'eventTime', 'eventType', 'reportType', 'appName', 'application', 'applicationVersion', 'module',
  'moduleVersion', 'exceptionCode', 'exceptionOffset', 'bucketId', 'store', 'folder', 'attachments', 'problems', 'sources',
] as const;

/** One CSV row of a report, in LIST_CSV_COLUMNS order. */
export function reportCsvRow(r: WerReport): CsvValue[] {
  return [
    r.id, r.eventTime, r.eventType, r.reportType, r.appName, r.fields.application ?? null,
    r.fields.applicationVersion ?? null, r.fields.module ?? null, r.fields.moduleVersion ?? null,
    r.fields.exceptionCode ?? null, r.fields.exceptionOffset ?? null, r.bucket?.id ?? null, r.store, r.folder,
    r.attachments.map((a) => a.file).join('; '), r.problems.join(' '), sourceKey(r),
  ];
}

/** Reports as CSV with a header line and CRLF line ends. */
export function reportsToCsv(reports: readonly WerReport[], options: CsvOptions = {}): string {
  return toCsv(LIST_CSV_COLUMNS, reports.map(reportCsvRow), options);
}

/** Reports as one pretty-printed JSON array (the `scan --json` contract) with a final newline. */
export function reportsToJson(reports: readonly WerReport[]): string {
  return `${JSON.stringify(reports, null, 2)}\n`;
}

/** Options of the HTML list export. */
export interface HtmlListOptions {
  readonly title?: string;
  /** ISO time printed under the title; omitted when not given (keeps output reproducible). */
  readonly generatedAt?: string;
}

function shortTime(iso: string | null): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 19)}` : '';
}

function codeCell(r: WerReport): string {
  const code = displayCode(r);
  const name = r.fields.exceptionCode ? describeExceptionCode(r.fields.exceptionCode).name : null;
  return name ? `${code} ${name}` : code;
}

function attachmentsCell(r: WerReport): string {
  return r.attachments.map((a) => `${a.file} (${a.kind}${a.size === null ? ', missing' : ''})`).join(', ');
}

/** Reports as a self-contained HTML page with one table row per report. */
export function reportsToHtml(reports: readonly WerReport[], options: HtmlListOptions = {}): string {
  const title = options.title ?? 'WER reports';
  const header = [
    'Time (UTC)', 'Event', 'Application', 'Version', 'Module', 'Module version', 'Code', 'Offset', 'Bucket',
    'Store', 'Id', 'Folder', 'Attachments', 'Problems',
  ];
  const rows = reports.map((r) => [
    shortTime(r.eventTime), r.eventType ?? '', displayApplication(r), r.fields.applicationVersion ?? '',
    displayModule(r), r.fields.moduleVersion ?? '', codeCell(r), r.fields.exceptionOffset ?? '', r.bucket?.id ?? '',
    r.store, r.id, r.folder, attachmentsCell(r), r.problems.join(' '),
  ]);
  const mono = header.map((h) => (['Offset', 'Bucket', 'Id', 'Folder'].includes(h) ? 'mono' : null));
  const meta = `${reports.length} report(s)${options.generatedAt ? `, generated ${options.generatedAt}` : ''}`;
  const body = `<h1>${escapeHtml(title)}</h1>\n<p class="meta">${escapeHtml(meta)}</p>\n${htmlTable(header, rows, mono)}`;
  return htmlPage(title, body);
}

/** What `scan --html` prints: the HTML list export of the scanned reports. */
export function formatScanHtml(reports: readonly WerReport[]): string {
  return reportsToHtml(reports);
}
