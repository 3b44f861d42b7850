/**
 * The report list's filter: quick text plus facets (event type, application, store, source, date range)
 * and an optional set of report ids (a problem, or a bar of the history chart). Pure functions,
 * fast enough to run on every keystroke over 10,000 reports.
 */
import { localDay } from '../../../shared/calendar-day';
import { displayApplication } from '../../../shared/report-display';
import { sourceKey } from '../../../shared/record-sources';
import { quickFilterParts } from '../../../shared/report-list-text';
import type { QueryFilter } from '../../../shared/query-model';
import type { StoreKind, WerReport } from '../../../shared/report-model';

/**
 * What the list shows. Empty lists mean "any". Days are `YYYY-MM-DD` calendar days in the
 * user's time zone (the offset given to `applyFilter`; UTC when none is given), inclusive.
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

/** The offset of this machine's time zone now, in minutes east of UTC (what `applyFilter` takes). */
export function localUtcOffset(): number {
  return -new Date().getTimezoneOffset();
}

export { exceptionText } from '../../../shared/report-list-text';

const haystacks = new WeakMap<WerReport, string>();

/** Everything the quick filter searches in, lower-cased once per report object (the query engine's rules). */
function haystackOf(r: WerReport): string {
  let h = haystacks.get(r);
  if (h === undefined) {
    const parts = quickFilterParts(r);
    h = `${parts.own}\n${parts.shared}`;
    haystacks.set(r, h);
  }
  return h;
}

/** Builds the quick filter's search text of these reports ahead of time, so the first keystroke is as quick as the rest. */
export function prepareQuickFilter(reports: readonly WerReport[]): void {
  for (const r of reports) haystackOf(r);
}

/** The calendar day of a report (`YYYY-MM-DD`) at a UTC offset (minutes), or null without an event time. */
export function dayOf(r: WerReport, utcOffsetMinutes = 0): string | null {
  return r.eventTime ? localDay(r.eventTime, utcOffsetMinutes) : null;
}

/**
 * The reports a filter lets through, in their given order. Every word of the text must match,
 * ignoring case; days are taken at `utcOffsetMinutes` (pass `localUtcOffset()` in the UI).
 */
export function applyFilter(reports: readonly WerReport[], f: ReportFilter, utcOffsetMinutes = 0): WerReport[] {
  const words = f.text.toLowerCase().split(/\s+/).filter((w) => w !== '');
  const events = f.eventTypes.length > 0 ? new Set(f.eventTypes) : null;
  const apps = f.applications.length > 0 ? new Set(f.applications) : null;
  const stores = f.stores.length > 0 ? new Set<string>(f.stores) : null;
  const sources = f.sources.length > 0 ? new Set(f.sources) : null;
  const ids = f.reportIds ? new Set(f.reportIds) : null;
  return reports.filter((r) => {
    if (ids && !ids.has(r.id)) return false;
    if (events && !events.has(r.eventType ?? '')) return false;
    if (apps && !apps.has(displayApplication(r))) return false;
    if (stores && !stores.has(r.store)) return false;
    if (sources && !sources.has(sourceKey(r))) return false;
    if (f.from !== null || f.to !== null) {
      const day = dayOf(r, utcOffsetMinutes);
      if (day === null || (f.from !== null && day < f.from) || (f.to !== null && day > f.to)) return false;
    }
    if (words.length > 0) {
      const h = haystackOf(r);
      for (const w of words) if (!h.includes(w)) return false;
    }
    return true;
  });
}

/** A facet value with how many reports have it. */
export interface FacetValue {
  readonly value: string;
  readonly count: number;
}

/** Values of a facet over some reports, most frequent first. */
export function facetValues(reports: readonly WerReport[], valueOf: (r: WerReport) => string): FacetValue[] {
  const counts = new Map<string, number>();
  for (const r of reports) {
    const v = valueOf(r);
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}
