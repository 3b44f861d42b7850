/**
 * The report list's filter: quick text plus facets (event type, application, store, source, date range)
 * and an optional set of report ids (a problem, or a bar of the history chart). Pure functions,
 * fast enough to run on every keystroke over 10,000 reports.
 */
import { localDay } from '../../../shared/calendar-day';
import { describeBugCheck, describeExceptionCode } from '../../../shared/codes';
import { displayApplication, displayCode, displayModule } from '../../../shared/report-display';
import { sourceKey } from '../../../shared/record-sources';
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

// Runtime exception codes whose symbolic names mean little to most readers.
const PLAIN_NAMES: Readonly<Record<string, string>> = {
  e0434352: '.NET exception',
  e0434f4d: '.NET exception',
  e06d7363: 'C++ exception',
};

/** `STATUS_ACCESS_VIOLATION` → `access violation`: the part of a symbolic name people say aloud. */
function shortName(code: string): string | null {
  const plain = PLAIN_NAMES[code];
  if (plain) return plain;
  const name = describeExceptionCode(code).name;
  if (!name || name.startsWith('(')) return null;
  if (!/^[A-Z0-9_]+$/.test(name)) return name;
  return name.replace(/^(STATUS|EXCEPTION|DBG|E|FAST_FAIL)_/, '').replace(/_/g, ' ').toLowerCase();
}

/**
 * What the Exception column shows: code and short name for crashes ("c0000005 access
 * violation"), bug check and its name for kernel reports, else the hang signature or .NET type.
 */
export function exceptionText(r: Pick<WerReport, 'fields' | 'appName' | 'eventType'>): string {
  const f = r.fields;
  if (f.exceptionCode) {
    const name = shortName(f.exceptionCode);
    return name ? `${f.exceptionCode} ${name}` : f.exceptionCode;
  }
  if (f.bugCheckCode) {
    const name = describeBugCheck(f.bugCheckCode).name;
    return name ? `${displayCode(r)} ${name}` : displayCode(r);
  }
  return displayCode(r);
}

const haystacks = new WeakMap<WerReport, string>();

/** Everything the quick filter searches in, lower-cased once per report object. */
function haystackOf(r: WerReport): string {
  let h = haystacks.get(r);
  if (h === undefined) {
    const code = r.fields.exceptionCode;
    h = [
      r.id,
      r.eventType,
      r.store,
      displayApplication(r),
      r.appPath,
      displayModule(r),
      exceptionText(r),
      // People paste codes as 0xC0000005 too.
      code ? `0x${code}` : null,
      code ? describeExceptionCode(code).name : null,
      r.fields.exceptionOffset,
      r.fields.applicationVersion,
      r.folder,
      r.bucket?.id,
      r.machine,
      ...r.signature.map((s) => s.value),
    ]
      .filter((v): v is string => typeof v === 'string' && v !== '')
      .join('\n')
      .toLowerCase();
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
