/**
 * The keys by which records of one crash find each other: the WER report id (a report folder's
 * ReportIdentifier / IntegratorReportIdentifier, the report id the log's events name) and the
 * process (pid + start time, what a LocalDumps dump knows).
 */
import type { WerReport } from '../../../../shared/report-model';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_SECONDS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z$/;

/** What a report-id link key starts with (the id follows). */
const REPORT_PREFIX = 'report:';
/** What a process link key starts with (`PID@START`, see processKey, follows). */
const PROCESS_PREFIX = 'process:';

/**
 * A report id as a bare lower-case GUID (braces optional, any case in the text); null when the
 * text is not a GUID. An id already in that form is returned as it is (no copy: maps keyed by it
 * reuse its cached hash).
 */
export function normalReportId(reportId: string | null): string | null {
  if (reportId === null) return null;
  if (reportId.length === 36 && GUID.test(reportId)) return reportId;
  let id = reportId.trim().toLowerCase();
  if (id.startsWith('{') && id.endsWith('}')) id = id.slice(1, -1);
  return GUID.test(id) ? id : null;
}

/**
 * A process as `PID@START`, the start time cut to the second: the precision every record has (a
 * dump's start time is whole seconds, a report's milliseconds, an event's 100 ns; all UTC, so
 * cutting the text is cutting the time). Null without both, since a pid alone is reused all day.
 */
export function processKey(process: { readonly pid: number | null; readonly startTime: string | null } | null): string | null {
  if (process === null || process.pid === null || !Number.isInteger(process.pid)) return null;
  const start = process.startTime;
  return start !== null && ISO_SECONDS.test(start) ? `${process.pid}@${start.slice(0, 19)}` : null;
}

/** The report ids of a record, bare (see normalReportId), each once: its WER folders' and its events'. */
export function recordReportIds(record: WerReport): string[] {
  const ids: string[] = [];
  for (const source of record.sources) {
    if (source.kind === 'wer') for (const id of source.reportIds) addId(ids, id);
    else if (source.kind === 'eventlog') addId(ids, source.reportId);
  }
  return ids;
}

function addId(ids: string[], text: string | null): void {
  const id = normalReportId(text);
  if (id !== null && !ids.includes(id)) ids.push(id);
}

/**
 * Every link key a record has (`report:ID` for its report ids, then `process:PID@START`), so the
 * live library can find the records a changed record touches without rescanning the list.
 */
export function recordLinks(record: WerReport): string[] {
  const links = recordReportIds(record).map((id) => REPORT_PREFIX + id);
  const process = processKey(record.process);
  if (process !== null) links.push(PROCESS_PREFIX + process);
  return links;
}
