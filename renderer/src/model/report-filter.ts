/**
 * The report list's filter: quick text plus facets (event type, application, store, source, date range)
 * and an optional set of report ids (a problem, or a bar of the history chart). The app applies it
 * (queryReports and the other query calls take it as a QueryFilter); the page only holds it.
 */
import type { QueryFilter } from '../../../shared/query-model';
import type { StoreKind } from '../../../shared/report-model';

/**
 * What the list shows. Empty lists mean "any". Days are `YYYY-MM-DD` calendar days in the
 * user's time zone (the `utcOffsetMinutes` of the query calls), inclusive.
 */
export interface ReportFilter {
  readonly text: string;
  readonly eventTypes: readonly string[];
  readonly applications: readonly string[];
  readonly stores: readonly StoreKind[];
  /** What recorded the crash, as `sourceKey` gives it: `wer`, `eventlog`, `wer+eventlog`, `localdump`… */
  readonly sources: readonly string[];
  readonly from: string | null;
  readonly to: string | null;
  /** Only these reports (set by the problems view or the history chart), with what they are. */
  readonly reportIds: readonly string[] | null;
  readonly reportIdsLabel: string | null;
}

/** Shows everything. */
export const EMPTY_FILTER: ReportFilter = {
  text: '',
  eventTypes: [],
  applications: [],
  stores: [],
  sources: [],
  from: null,
  to: null,
  reportIds: null,
  reportIdsLabel: null,
};

/** The filter as the app's query calls take it (the chip label stays in the page). */
export function toQueryFilter(f: ReportFilter): QueryFilter {
  return { text: f.text, eventTypes: f.eventTypes, applications: f.applications, stores: f.stores, sources: f.sources, from: f.from, to: f.to, reportIds: f.reportIds };
}

/** Whether a filter narrows anything. */
export function isFiltering(f: ReportFilter): boolean {
  return (
    f.text.trim() !== '' ||
    f.eventTypes.length > 0 ||
    f.applications.length > 0 ||
    f.stores.length > 0 ||
    f.sources.length > 0 ||
    f.from !== null ||
    f.to !== null ||
    f.reportIds !== null
  );
}

/** The offset of this machine's time zone now, in minutes east of UTC (what the query calls take). */
export function localUtcOffset(): number {
  return -new Date().getTimezoneOffset();
}
