/**
 * The report list's rules as the page applied them over every report before the library
 * answered queries (issue 16): filter, facet counts and sort, over WerReport objects. The page now
 * asks the app; these stay as the plain reference the query engine (test/main/core/query), the
 * renderer's fake API and the e2e expectations are checked against.
 */
import { localDay } from '../../shared/calendar-day';
import { groupProblems } from '../../shared/problems';
import type { QuerySort, QuerySortColumn } from '../../shared/query-model';
import { sourceKey, sourceLabel } from '../../shared/record-sources';
import { displayApplication, displayModule } from '../../shared/report-display';
import { exceptionText, offsetSortKey, quickFilterParts, storeLabel } from '../../shared/report-list-text';
import type { WerReport } from '../../shared/report-model';
import type { ReportFilter } from '../../renderer/src/model/report-filter';

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

/** The calendar day of a report (`YYYY-MM-DD`) at a UTC offset (minutes), or null without an event time. */
export function dayOf(r: WerReport, utcOffsetMinutes = 0): string | null {
  return r.eventTime ? localDay(r.eventTime, utcOffsetMinutes) : null;
}

/**
 * The reports a filter lets through, in their given order. Every word of the text must match,
 * ignoring case; days are taken at `utcOffsetMinutes`. A filter's problem is found among
 * `reports` grouped in its mode (so `reports` must be the whole library when it names one).
 */
export function applyFilter(reports: readonly WerReport[], f: ReportFilter, utcOffsetMinutes = 0): WerReport[] {
  const words = f.text.toLowerCase().split(/\s+/).filter((w) => w !== '');
  const events = f.eventTypes.length > 0 ? new Set(f.eventTypes) : null;
  const apps = f.applications.length > 0 ? new Set(f.applications) : null;
  const stores = f.stores.length > 0 ? new Set<string>(f.stores) : null;
  const sources = f.sources.length > 0 ? new Set(f.sources) : null;
  const ids = f.reportIds ? new Set(f.reportIds) : null;
  const problem = f.problem;
  const members = problem ? new Set(groupProblems(reports, { mode: problem.mode }).find((p) => p.keys.includes(problem.key))?.reportIds) : null;
  return reports.filter((r) => {
    if (ids && !ids.has(r.id)) return false;
    if (members && !members.has(r.id)) return false;
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

/** How sort keys compare: numbers, human text (case-insensitive, "v2" before "v10"), or raw code units (hex). */
type KeyKind = 'number' | 'text' | 'raw';

function timeKey(r: WerReport): number | null {
  if (!r.eventTime) return null;
  const ms = Date.parse(r.eventTime);
  return Number.isNaN(ms) ? null : ms;
}

/** Each column's sort key (null or '' sorts last in both directions) and how keys compare. */
const SORT_KEYS: Readonly<Record<QuerySortColumn, { readonly kind: KeyKind; readonly key: (r: WerReport) => string | number | null }>> = {
  time: { kind: 'number', key: timeKey },
  event: { kind: 'text', key: (r) => r.eventType },
  application: { kind: 'text', key: (r) => displayApplication(r) },
  version: { kind: 'text', key: (r) => r.fields.applicationVersion ?? null },
  module: { kind: 'text', key: (r) => displayModule(r) },
  exception: { kind: 'text', key: (r) => exceptionText(r) },
  offset: { kind: 'raw', key: (r) => offsetSortKey(r.fields.exceptionOffset) },
  store: { kind: 'text', key: (r) => storeLabel(r.store) },
  source: { kind: 'text', key: (r) => sourceLabel(r) },
  attachments: { kind: 'number', key: (r) => r.attachments.length },
};

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/**
 * Text keys as ranks: lists repeat few distinct values (apps, modules), so the slow locale-aware
 * comparison runs over the distinct values only and the big sort compares numbers.
 */
function textRanks(keys: readonly (string | number | null)[]): Map<string, number> {
  const distinct = [...new Set(keys.filter((k): k is string => typeof k === 'string'))].sort(collator.compare);
  const ranks = new Map<string, number>();
  let rank = 0;
  distinct.forEach((k, i) => {
    // Values the collator calls equal ("Alpha.exe", "alpha.exe") share a rank, so ties stay in input order.
    if (i > 0 && collator.compare(distinct[i - 1] as string, k) !== 0) rank += 1;
    ranks.set(k, rank);
  });
  return ranks;
}

function rawCompare(a: string | number, b: string | number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The reports sorted by a column (a new array). Keys are computed once per report, empty keys go
 * last whichever the direction, and equal keys keep their input order (so sorting is stable).
 */
export function sortReports(reports: readonly WerReport[], sort: QuerySort): WerReport[] {
  const column = SORT_KEYS[sort.column];
  const sign = sort.direction === 'ascending' ? 1 : -1;
  let keys = reports.map((report) => {
    const key = column.key(report);
    return key === '' ? null : key;
  });
  let kind = column.kind;
  if (kind === 'text') {
    const ranks = textRanks(keys);
    keys = keys.map((k) => (k === null ? null : (ranks.get(String(k)) ?? null)));
    kind = 'number';
  }
  const order = reports.map((_, index) => index);
  order.sort((x, y) => {
    const a = keys[x] ?? null;
    const b = keys[y] ?? null;
    if (a === null || b === null) return a === b ? x - y : a === null ? 1 : -1;
    const c = kind === 'number' ? (a as number) - (b as number) : rawCompare(a, b);
    return sign * c || x - y;
  });
  return order.map((i) => reports[i] as WerReport);
}
