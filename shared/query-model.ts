/**
 * The library's query calls: the report list, its facet counts, problems and history are
 * computed where the reports live (main process or server), and the renderer asks for the rows it
 * shows. Plain, structured-clone-safe data, as every WerApi call.
 */
import type { CalendarDay } from './calendar-day';
import type { HistoryOptions } from './history';
import type { GroupingMode, ProblemRef, ProblemSummary } from './problem-model';
import type { StoreKind, WerReport } from './report-model';

/**
 * Which reports a request is about; empty lists mean "any". The same fields and meaning as the
 * report list's filter: every word of `text` must occur (ignoring case) in the report's searchable
 * text; days are `YYYY-MM-DD` at the request's UTC offset, inclusive.
 */
export interface QueryFilter {
  readonly text: string;
  readonly eventTypes: readonly string[];
  readonly applications: readonly string[];
  readonly stores: readonly StoreKind[];
  /** What recorded the crash, as `sourceKey` gives it: `wer`, `eventlog`, `wer+eventlog`… */
  readonly sources: readonly string[];
  readonly from: string | null;
  readonly to: string | null;
  /** Only these reports (a bar of the history chart, the selection); null = all. */
  readonly reportIds: readonly string[] | null;
  /** Only the reports of this problem; null = all. */
  readonly problem: ProblemRef | null;
}

/** A filter that lets every report through. */
export const MATCH_ALL: QueryFilter = {
  text: '',
  eventTypes: [],
  applications: [],
  stores: [],
  sources: [],
  from: null,
  to: null,
  reportIds: null,
  problem: null,
};

/** The list's order when it opens: newest first. */
export const NEWEST_FIRST: QuerySort = { column: 'time', direction: 'descending' };

/** The list columns the library can sort by (the Forwarded column depends on the outbox and sorts in the renderer). */
export type QuerySortColumn = 'time' | 'event' | 'application' | 'version' | 'module' | 'exception' | 'offset' | 'store' | 'source' | 'attachments';

/** A sort: empty values last in both directions, ties in the library's order. */
export interface QuerySort {
  readonly column: QuerySortColumn;
  readonly direction: 'ascending' | 'descending';
}

/** One page of the report list. */
export interface QueryRequest {
  readonly filter: QueryFilter;
  readonly sort: QuerySort;
  /** First row wanted (0-based) and how many; the library caps `limit` at `MAX_QUERY_LIMIT`. */
  readonly offset: number;
  readonly limit: number;
  /** The user's time zone for the date range, minutes east of UTC (default 0). */
  readonly utcOffsetMinutes?: number;
}

/** The most rows one query returns. */
export const MAX_QUERY_LIMIT = 1000;

/** A facet value with how many reports have it. */
export interface FacetCount {
  readonly value: string;
  readonly count: number;
}

/**
 * The counts of each facet menu. A facet's counts follow every other part of the filter (not its
 * own), so each count is what checking that value would show; most frequent first.
 */
export interface QueryFacets {
  readonly eventTypes: readonly FacetCount[];
  readonly applications: readonly FacetCount[];
  readonly stores: readonly FacetCount[];
  readonly sources: readonly FacetCount[];
}

/** The answer to a `QueryRequest`. */
export interface QueryResult {
  /** The requested page, in sort order. */
  readonly rows: readonly WerReport[];
  /** Where the page starts (the request's offset, clamped to the total). */
  readonly offset: number;
  /** Reports matching the filter, and in the whole library. */
  readonly total: number;
  readonly libraryTotal: number;
  readonly facets: QueryFacets;
}

/**
 * Problems of the reports a filter lets through, without triage (the page applies the user's
 * triage itself, so a status change never regroups).
 */
export interface ProblemsRequest {
  readonly filter: QueryFilter;
  readonly mode?: GroupingMode;
  readonly utcOffsetMinutes?: number;
  /** When the user last looked at the problem list (ISO), for the "new since" counts. */
  readonly lastVisit?: string | null;
  /**
   * Only days from this one on in each problem's `daily` (the page draws the last 30 days): a
   * collector's problems span months, and their daily counts were most of the answer.
   */
  readonly dailyFrom?: CalendarDay;
}

/**
 * The answer to a `ProblemsRequest`: as `groupProblems` gives it, untriaged, without report ids
 * (a filter's `problem` shows a problem's reports).
 */
export interface ProblemsResult {
  readonly problems: readonly ProblemSummary[];
  /** Reports the filter let through. */
  readonly total: number;
}

/** History of the reports a filter lets through, as `historyOf` gives it (its range comes from `options`). */
export interface HistoryRequest {
  readonly filter: QueryFilter;
  readonly options: HistoryOptions;
}

/** The ids of the reports a filter lets through (export and forward act on them), newest first. */
export interface MatchingIdsResult {
  /** At most `limit` ids (the request's, capped at CALL_LIMITS.reportIds). */
  readonly ids: readonly string[];
  /** How many reports match in all. */
  readonly total: number;
}
