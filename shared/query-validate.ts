/**
 * Payload checks of the query calls (queryReports, queryProblems, queryHistory,
 * matchingReportIds): each returns the typed request, rebuilt from known fields only, or one
 * sentence saying what is wrong. Used by wer-api-validate.ts for both transports.
 */
import { type CalendarDay, isCalendarDay } from './calendar-day';
import type { HistoryOptions } from './history';
import type { ProblemRef } from './problem-model';
import { isRecord } from './is-record';
import { MAX_QUERY_LIMIT, type HistoryRequest, type ProblemsRequest, type QueryFilter, type QueryRequest, type QuerySort, type QuerySortColumn } from './query-model';
import type { StoreKind } from './report-model';
import { err, ok, type Result } from './result';
import { isValidProblemKey } from './triage-model';

/** Limits on a filter: the quick filter's text, a facet's values, the ids of a problem or chart bar. */
export const FILTER_LIMITS = { text: 1000, facetValues: 1000, value: 1024, reportIds: 1_000_000, id: 256 } as const;

const SORT_COLUMNS: readonly QuerySortColumn[] = ['time', 'event', 'application', 'version', 'module', 'exception', 'offset', 'store', 'source', 'attachments'];
const STORES: readonly StoreKind[] = ['ReportQueue', 'ReportArchive', 'Minidump', 'CrashDumps', 'EventLog', 'other'];
const DAY = /^\d{4}-\d{2}-\d{2}$/;
// Time zones run from UTC-12 to UTC+14.
const MAX_OFFSET_MINUTES = 14 * 60;

function strings(v: unknown, what: string, max: number, maxLength: number): Result<readonly string[]> {
  if (!Array.isArray(v)) return err(`The ${what} filter is not a list.`);
  if (v.length > max) return err(`The ${what} filter has more than ${max} values.`);
  for (const x of v) if (typeof x !== 'string' || x.length > maxLength) return err(`A value of the ${what} filter is not valid.`);
  return ok(v as string[]);
}

function day(v: unknown, what: string): Result<string | null> {
  if (v === null || v === undefined) return ok(null);
  return typeof v === 'string' && DAY.test(v) ? ok(v) : err(`The ${what} day must be YYYY-MM-DD.`);
}

/** A report list filter (see QueryFilter). */
export function queryFilter(v: unknown): Result<QueryFilter> {
  if (!isRecord(v)) return err('The filter is not valid.');
  if (typeof v.text !== 'string' || v.text.length > FILTER_LIMITS.text) return err('The quick filter text is not valid.');
  const eventTypes = strings(v.eventTypes, 'event type', FILTER_LIMITS.facetValues, FILTER_LIMITS.value);
  if (!eventTypes.ok) return eventTypes;
  const applications = strings(v.applications, 'application', FILTER_LIMITS.facetValues, FILTER_LIMITS.value);
  if (!applications.ok) return applications;
  const stores = strings(v.stores, 'store', STORES.length, 32);
  if (!stores.ok) return stores;
  if (stores.value.some((s) => !(STORES as readonly string[]).includes(s))) return err('A store of the filter is not known.');
  const sources = strings(v.sources, 'source', FILTER_LIMITS.facetValues, 64);
  if (!sources.ok) return sources;
  const from = day(v.from, 'first');
  if (!from.ok) return from;
  const to = day(v.to, 'last');
  if (!to.ok) return to;
  let reportIds: readonly string[] | null = null;
  if (v.reportIds !== null && v.reportIds !== undefined) {
    const r = strings(v.reportIds, 'report id', FILTER_LIMITS.reportIds, FILTER_LIMITS.id);
    if (!r.ok) return r;
    reportIds = r.value;
  }
  const problem = problemRef(v.problem);
  if (!problem.ok) return problem;
  return ok({
    text: v.text,
    eventTypes: eventTypes.value,
    applications: applications.value,
    stores: stores.value as StoreKind[],
    sources: sources.value,
    from: from.value,
    to: to.value,
    reportIds,
    problem: problem.value,
  });
}

/** A filter's problem: absent or null = any report. */
function problemRef(v: unknown): Result<ProblemRef | null> {
  if (v === null || v === undefined) return ok(null);
  if (!isRecord(v) || (v.mode !== 'signature' && v.mode !== 'application') || !isValidProblemKey(v.key)) return err('The problem of the filter is not valid.');
  return ok({ mode: v.mode, key: v.key });
}

function utcOffset(v: unknown): Result<number | undefined> {
  if (v === undefined || v === null) return ok(undefined);
  return typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= MAX_OFFSET_MINUTES ? ok(v) : err('The time zone offset is not valid.');
}

function count(v: unknown, what: string, max: number): Result<number> {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max ? ok(v) : err(`The ${what} is not valid.`);
}

function sort(v: unknown): Result<QuerySort> {
  if (!isRecord(v) || !(SORT_COLUMNS as readonly unknown[]).includes(v.column)) return err('The sort column is not known.');
  if (v.direction !== 'ascending' && v.direction !== 'descending') return err('The sort direction must be ascending or descending.');
  return ok({ column: v.column as QuerySortColumn, direction: v.direction });
}

/** One page of the report list. */
export function queryRequest(v: unknown): Result<QueryRequest> {
  if (!isRecord(v)) return err('The list request is not valid.');
  const filter = queryFilter(v.filter);
  if (!filter.ok) return filter;
  const s = sort(v.sort);
  if (!s.ok) return s;
  const offset = count(v.offset, 'first row', 0xffffffff);
  if (!offset.ok) return offset;
  const limit = count(v.limit, 'row count', MAX_QUERY_LIMIT);
  if (!limit.ok) return limit;
  const tz = utcOffset(v.utcOffsetMinutes);
  if (!tz.ok) return tz;
  return ok({ filter: filter.value, sort: s.value, offset: offset.value, limit: limit.value, ...(tz.value !== undefined ? { utcOffsetMinutes: tz.value } : {}) });
}

/** Problems of a filter. */
export function problemsRequest(v: unknown): Result<ProblemsRequest> {
  if (!isRecord(v)) return err('The problems request is not valid.');
  const filter = queryFilter(v.filter);
  if (!filter.ok) return filter;
  if (v.mode !== undefined && v.mode !== 'signature' && v.mode !== 'application') return err('The grouping must be signature or application.');
  const tz = utcOffset(v.utcOffsetMinutes);
  if (!tz.ok) return tz;
  if (v.lastVisit !== undefined && v.lastVisit !== null && (typeof v.lastVisit !== 'string' || v.lastVisit.length > 64)) return err('The last visit time is not valid.');
  if (v.dailyFrom !== undefined && (typeof v.dailyFrom !== 'string' || !isCalendarDay(v.dailyFrom))) return err('The first day of the daily counts must be a YYYY-MM-DD day.');
  return ok({
    filter: filter.value,
    ...(v.mode !== undefined ? { mode: v.mode } : {}),
    ...(tz.value !== undefined ? { utcOffsetMinutes: tz.value } : {}),
    ...(v.lastVisit !== undefined ? { lastVisit: v.lastVisit as string | null } : {}),
    ...(v.dailyFrom !== undefined ? { dailyFrom: v.dailyFrom as CalendarDay } : {}),
  });
}

/** History of a filter; its options are the history chart's (see HistoryOptions). */
export function historyRequest(v: unknown): Result<HistoryRequest> {
  if (!isRecord(v)) return err('The history request is not valid.');
  const filter = queryFilter(v.filter);
  if (!filter.ok) return filter;
  const o = v.options;
  if (!isRecord(o)) return err('The history options are missing.');
  if (o.period !== 'day' && o.period !== 'week') return err('The history period must be day or week.');
  if (!['eventType', 'application', 'problem', 'none'].includes(o.groupBy as string)) return err('The history grouping is not known.');
  const tz = utcOffset(o.utcOffsetMinutes);
  if (!tz.ok) return tz;
  for (const key of ['from', 'to'] as const) {
    if (o[key] !== undefined && (typeof o[key] !== 'string' || (o[key] as string).length > 64)) return err(`The history ${key} is not valid.`);
  }
  if (o.problemMode !== undefined && o.problemMode !== 'signature' && o.problemMode !== 'application') return err('The grouping must be signature or application.');
  if (o.maxSeries !== undefined && !count(o.maxSeries, 'series count', 100).ok) return err('The series count is not valid.');
  const options: HistoryOptions = {
    period: o.period,
    groupBy: o.groupBy as HistoryOptions['groupBy'],
    ...(tz.value !== undefined ? { utcOffsetMinutes: tz.value } : {}),
    ...(typeof o.from === 'string' ? { from: o.from } : {}),
    ...(typeof o.to === 'string' ? { to: o.to } : {}),
    ...(o.problemMode !== undefined ? { problemMode: o.problemMode as HistoryOptions['problemMode'] } : {}),
    ...(typeof o.maxSeries === 'number' ? { maxSeries: o.maxSeries } : {}),
  };
  return ok({ filter: filter.value, options });
}

/** matchingReportIds's arguments: a filter, how many ids at most, the time zone. */
export function matchingIdsArgs(args: readonly unknown[], maxIds: number): Result<[QueryFilter, number, number?]> {
  const filter = queryFilter(args[0]);
  if (!filter.ok) return filter;
  const limit = count(args[1], 'id count', maxIds);
  if (!limit.ok) return limit;
  const tz = utcOffset(args[2]);
  if (!tz.ok) return tz;
  return ok(tz.value === undefined ? [filter.value, limit.value] : [filter.value, limit.value, tz.value]);
}
