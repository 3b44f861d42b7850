/**
 * Pure helpers of the history view: the day range of each choice, the report-list filter of a
 * clicked bar or table row, series colours and date labels. Days are calendar days at the same
 * UTC offset the report list filters with, so a bar's count is exactly what the list then shows.
 */
import { addDays, localDay, type CalendarDay } from '../../../../shared/calendar-day';
import { OTHER_SERIES, type HistoryGroupBy, type HistoryPeriod } from '../../../../shared/history';
import { eventFamily } from '../../../../shared/problems';
import type { EventFamily } from '../../../../shared/problem-model';
import type { ReportFilter } from '../../model/report-filter';

/** The time span choices. */
export type HistoryRange = 'last30' | 'last90' | 'all';

/** How series are stacked (the two the view offers). */
export type StackBy = Extract<HistoryGroupBy, 'eventType' | 'application'>;

/** First and last day shown, inclusive. */
export interface DayRange {
  readonly from: CalendarDay;
  readonly to: CalendarDay;
}

/** Days covered by a fixed range choice, ending today ("all" is the span of the dated reports, asked of the app). */
export function recentDays(range: Exclude<HistoryRange, 'all'>, today: CalendarDay): DayRange {
  return { from: addDays(today, range === 'last30' ? -29 : -89), to: today };
}

/** The calendar day of an event time at a UTC offset, or null. */
export function dayAt(eventTime: string | null | undefined, offset: number): CalendarDay | null {
  return eventTime ? localDay(eventTime, offset) : null;
}

/** Days of one bucket, clipped to the range (a week can start before the range does). */
export function bucketDays(start: CalendarDay, period: HistoryPeriod, range: DayRange): DayRange {
  const end = period === 'week' ? addDays(start, 6) : start;
  return { from: start < range.from ? range.from : start, to: end > range.to ? range.to : end };
}

/**
 * The report-list filter for a bucket, and one series of it (null or "Other": the whole bucket).
 * `values` is the history's own `values`: a series id is normalised, the list filters on the
 * recorded values, and only `historyOf` knows which reports it put in a series.
 */
export function bucketFilter(
  days: DayRange,
  stackBy: StackBy,
  series: string | null,
  values: Readonly<Record<string, readonly string[]>>,
): Partial<ReportFilter> {
  if (series === null || series === OTHER_SERIES) return { from: days.from, to: days.to };
  const raw = (Object.hasOwn(values, series) ? values[series] : undefined) ?? [series];
  return stackBy === 'eventType' ? { from: days.from, to: days.to, eventTypes: raw } : { from: days.from, to: days.to, applications: raw };
}

// Mid-tone colours readable on both the light and the dark background. The family tones equal
// --crash, --hang, --kernel and --other (the same in both themes); SVG attributes cannot use var().
const FAMILY_TONES: Readonly<Record<EventFamily, readonly string[]>> = {
  crash: ['#d64545', '#e8833a', '#b8326e', '#f2a65a'],
  hang: ['#d6a400', '#a88400', '#e6c74c'],
  kernel: ['#7b4fd6', '#a585f0', '#5b3aa6'],
  other: ['#6b7785', '#3f9e9e', '#4f86c6', '#8a9a5b'],
};
const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#59a14f', '#b07aa1', '#76b7b2', '#edc948', '#9c755f'];
const OTHER_COLOR = '#98a0aa';

/** A colour per series: family tones for event types, a fixed palette for applications. */
export function seriesColors(series: readonly string[], stackBy: StackBy): Readonly<Record<string, string>> {
  const out: Record<string, string> = {};
  const used: Record<EventFamily, number> = { crash: 0, hang: 0, kernel: 0, other: 0 };
  series.forEach((s, i) => {
    if (s === OTHER_SERIES) out[s] = OTHER_COLOR;
    else if (stackBy === 'application') out[s] = PALETTE[i % PALETTE.length] ?? OTHER_COLOR;
    else {
      const family = eventFamily(s);
      const tones = FAMILY_TONES[family];
      out[s] = tones[used[family] % tones.length] ?? OTHER_COLOR;
      used[family] += 1;
    }
  });
  return out;
}

const DAY_FORMAT = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
const SHORT_FORMAT = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });

/** "Nov 3, 2026" for a calendar day (formatted as is: it already is a local day). */
export function formatDay(day: CalendarDay): string {
  const ms = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(ms) ? day : DAY_FORMAT.format(ms);
}

/** A short axis label: "Nov 3". */
export function formatTick(day: CalendarDay): string {
  const ms = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(ms) ? day : SHORT_FORMAT.format(ms);
}

/** "Nov 3, 2026" or "Week of Nov 3, 2026". */
export function formatPeriod(start: CalendarDay, period: HistoryPeriod): string {
  return period === 'week' ? `Week of ${formatDay(start)}` : formatDay(start);
}
