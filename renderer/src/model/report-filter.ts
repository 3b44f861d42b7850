/**
 * The report list's filter: quick text plus facets (event type, application, store, source, date range)
 * and optionally a problem or a set of report ids (a bar of the history chart). The app applies it
 * (queryReports and the other query calls take it as a QueryFilter); the page only holds it.
 */
import { MATCH_ALL, type QueryFilter } from '../../../shared/query-model';

/**
 * What the list shows: the app's QueryFilter (empty lists mean "any"; days are `YYYY-MM-DD` in
 * the user's time zone, inclusive) plus what the page says about its problem or set of report ids.
 */
export interface ReportFilter extends QueryFilter {
  /** What `problem` or `reportIds` are (the problem's title, a bar of the history chart), for the filter chip. */
  readonly reportIdsLabel: string | null;
}

/** Shows everything. */
export const EMPTY_FILTER: ReportFilter = { ...MATCH_ALL, reportIdsLabel: null };

/** The filter as the app's query calls take it (the chip label stays in the page). */
export function toQueryFilter(f: ReportFilter): QueryFilter {
  return { text: f.text, eventTypes: f.eventTypes, applications: f.applications, stores: f.stores, sources: f.sources, from: f.from, to: f.to, reportIds: f.reportIds, problem: f.problem };
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
    f.reportIds !== null ||
    f.problem !== null
  );
}

/** The offset of this machine's time zone now, in minutes east of UTC (what the query calls take). */
export function localUtcOffset(): number {
  return -new Date().getTimezoneOffset();
}
