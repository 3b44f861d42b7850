/**
 * Report history for charts: counts per day or ISO week, split into a few series (event type,
 * application, problem, or none), with empty periods filled so the time axis has no holes.
 */
import { addDays, daysBetween, localDay, normalizeUtcOffset, toCalendarDay, weekStart, type CalendarDay } from './calendar-day';
import { canonicalEventType, eventFamily } from './problem-key';
import type { GroupingMode, Problem } from './problem-model';
import { groupProblems } from './problems';
import { displayApplication } from './report-display';
import type { WerReport } from './report-model';

/** Length of one history bucket. Weeks start on Monday (ISO 8601). */
export type HistoryPeriod = 'day' | 'week';

/** What the series of a history are. */
export type HistoryGroupBy = 'eventType' | 'application' | 'problem' | 'none';

/** Options of `historyOf`. */
export interface HistoryOptions {
  readonly period: HistoryPeriod;
  readonly groupBy: HistoryGroupBy;
  /** Offset of the user's time zone (minutes east of UTC; default 0). */
  readonly utcOffsetMinutes?: number;
  /** First and last day shown ('YYYY-MM-DD', or an ISO instant taken at the offset), inclusive. */
  readonly from?: string;
  readonly to?: string;
  /** Grouping used when `groupBy` is 'problem' (default 'signature'). */
  readonly problemMode?: GroupingMode;
  /** Series kept before the rest is summed into `other` (default 8). */
  readonly maxSeries?: number;
}

/** One period of a history. `counts` has every series, zeros included. */
export interface HistoryBucket {
  readonly start: CalendarDay;
  readonly total: number;
  readonly counts: Readonly<Record<string, number>>;
}

/** Counts over time for a chart. */
export interface History {
  readonly period: HistoryPeriod;
  readonly groupBy: HistoryGroupBy;
  /** Series ids, largest total first; `other` (if any) last. */
  readonly series: readonly string[];
  /** Display label of each series (the problem title for problem series). */
  readonly labels: Readonly<Record<string, string>>;
  /**
   * The values as recorded behind each event-type or application series, sorted: a series id is
   * normalised, so it may stand for several (`APPCRASH` and `AppCrash`; `App.exe` and `APP.EXE`).
   * The event type (`''` when none) or the displayed application, as the report list filters on
   * them. Empty for problem and none series, and for `other`.
   */
  readonly values: Readonly<Record<string, readonly string[]>>;
  /** Reports per series over the whole range. */
  readonly totals: Readonly<Record<string, number>>;
  readonly buckets: readonly HistoryBucket[];
  /** Reports counted in the buckets. */
  readonly total: number;
  /** Reports without an EventTime: they cannot be placed on a time axis. */
  readonly undated: number;
  /** Dated reports outside from/to (or beyond the bucket limit). */
  readonly outOfRange: number;
}

/** Series that sums everything beyond `maxSeries`. */
export const OTHER_SERIES = 'other';
/** The single series when `groupBy` is 'none'. */
export const ALL_SERIES = 'all';
/** At most this many buckets: one bogus 1601 EventTime must not produce 150,000 empty days. */
export const MAX_HISTORY_BUCKETS = 1_000;

function periodStart(day: CalendarDay, period: HistoryPeriod): CalendarDay {
  return period === 'week' ? weekStart(day) : day;
}

function periodsBetween(a: CalendarDay, b: CalendarDay, period: HistoryPeriod): number {
  const days = daysBetween(a, b);
  return period === 'week' ? Math.round(days / 7) : days;
}

function step(day: CalendarDay, n: number, period: HistoryPeriod): CalendarDay {
  return addDays(day, period === 'week' ? 7 * n : n);
}

interface SeriesNamer {
  readonly id: (r: WerReport) => string;
  readonly labels: Map<string, string>;
  /** The recorded value a series id was made from, when there is one to filter reports on. */
  readonly value?: (r: WerReport) => string;
}

/** How each report maps to a series id, and the label of each id. */
function seriesNamer(reports: readonly WerReport[], options: HistoryOptions): SeriesNamer {
  const labels = new Map<string, string>();
  switch (options.groupBy) {
    case 'none':
      labels.set(ALL_SERIES, 'All reports');
      return { id: () => ALL_SERIES, labels };
    case 'eventType':
      return { id: (r) => canonicalEventType(r.eventType) ?? 'unknown', labels, value: (r) => r.eventType ?? '' };
    case 'application': {
      // Case-insensitive: the first spelling met names the series.
      const spelling = new Map<string, string>();
      return {
        id: (r) => {
          const name = displayApplication(r) || (eventFamily(r.eventType) === 'kernel' ? 'Windows' : 'unknown');
          const lower = name.toLowerCase();
          const known = spelling.get(lower);
          if (known !== undefined) return known;
          spelling.set(lower, name);
          return name;
        },
        labels,
        value: displayApplication,
      };
    }
    case 'problem': {
      const byReport = new Map<string, Problem>();
      for (const p of groupProblems(reports, { mode: options.problemMode ?? 'signature' })) {
        labels.set(p.key, p.title);
        for (const id of p.reportIds) byReport.set(id, p);
      }
      return { id: (r) => byReport.get(r.id)?.key ?? 'unknown', labels };
    }
  }
}

/**
 * Counts reports per period and series. Periods run from `from` (or the first report) to `to`
 * (or the last report) with empty ones filled with zeros; weeks start on Monday. Series beyond
 * `maxSeries` are summed into `other` so a chart stays readable.
 */
export function historyOf(reports: readonly WerReport[], options: HistoryOptions): History {
  const offset = normalizeUtcOffset(options.utcOffsetMinutes);
  const period = options.period;
  const fromDay = options.from === undefined ? null : toCalendarDay(options.from, offset);
  const toDay = options.to === undefined ? null : toCalendarDay(options.to, offset);
  let undated = 0;
  let outOfRange = 0;
  const placed: { report: WerReport; day: CalendarDay }[] = [];
  for (const report of reports) {
    const day = report.eventTime === null ? null : localDay(report.eventTime, offset);
    if (day === null) undated += 1;
    else if ((fromDay !== null && day < fromDay) || (toDay !== null && day > toDay)) outOfRange += 1;
    else placed.push({ report, day });
  }
  const days = placed.map((p) => p.day).sort();
  const firstDay = fromDay ?? days[0] ?? null;
  const lastDay = toDay ?? days[days.length - 1] ?? null;
  if (firstDay === null || lastDay === null || lastDay < firstDay) {
    return emptyHistory(options, undated, outOfRange + placed.length);
  }
  const end = periodStart(lastDay, period);
  let start = periodStart(firstDay, period);
  if (periodsBetween(start, end, period) >= MAX_HISTORY_BUCKETS) start = step(end, -(MAX_HISTORY_BUCKETS - 1), period);
  const inRange = placed.filter((p) => periodStart(p.day, period) >= start);
  outOfRange += placed.length - inRange.length;

  const namer = seriesNamer(inRange.map((p) => p.report), options);
  const rawTotals = new Map<string, number>();
  const seriesOf = inRange.map((p) => namer.id(p.report));
  for (const s of seriesOf) rawTotals.set(s, (rawTotals.get(s) ?? 0) + 1);
  const ranked = [...rawTotals].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([s]) => s);
  const max = Math.max(1, Math.floor(options.maxSeries ?? 8));
  const kept = ranked.length > max ? ranked.slice(0, max) : ranked;
  const keptSet = new Set(kept);
  const series = ranked.length > max ? [...kept, OTHER_SERIES] : kept;

  const count = periodsBetween(start, end, period) + 1;
  const buckets = Array.from({ length: count }, (_, i) => ({
    start: step(start, i, period),
    total: 0,
    counts: Object.fromEntries(series.map((s) => [s, 0])) as Record<string, number>,
  }));
  const totals: Record<string, number> = Object.fromEntries(series.map((s) => [s, 0]));
  inRange.forEach((p, i) => {
    const raw = seriesOf[i] ?? OTHER_SERIES;
    const s = keptSet.has(raw) ? raw : OTHER_SERIES;
    const bucket = buckets[periodsBetween(start, periodStart(p.day, period), period)];
    if (!bucket) return;
    bucket.total += 1;
    bucket.counts[s] = (bucket.counts[s] ?? 0) + 1;
    totals[s] = (totals[s] ?? 0) + 1;
  });
  const labels: Record<string, string> = Object.fromEntries(series.map((s) => [s, namer.labels.get(s) ?? s]));
  if (series.includes(OTHER_SERIES)) labels[OTHER_SERIES] = 'Other';
  const values = seriesRecordedValues(inRange.map((p) => p.report), seriesOf, keptSet, namer);
  return { period, groupBy: options.groupBy, series, labels, values, totals, buckets, total: inRange.length, undated, outOfRange };
}

/** The distinct recorded values behind each kept series (reports[i] is in series seriesOf[i]). */
function seriesRecordedValues(
  reports: readonly WerReport[],
  seriesOf: readonly string[],
  kept: ReadonlySet<string>,
  namer: SeriesNamer,
): Record<string, readonly string[]> {
  const valueOf = namer.value;
  if (!valueOf) return {};
  const sets = new Map<string, Set<string>>();
  reports.forEach((r, i) => {
    const s = seriesOf[i];
    if (s === undefined || !kept.has(s)) return;
    let set = sets.get(s);
    if (!set) sets.set(s, (set = new Set()));
    set.add(valueOf(r));
  });
  return Object.fromEntries([...sets].map(([s, set]) => [s, [...set].sort()]));
}

function emptyHistory(options: HistoryOptions, undated: number, outOfRange: number): History {
  return {
    period: options.period,
    groupBy: options.groupBy,
    series: [],
    labels: {},
    values: {},
    totals: {},
    buckets: [],
    total: 0,
    undated,
    outOfRange,
  };
}

/** Options of `countsPerProblem`. */
export interface SparklineOptions {
  /** Number of days, ending at `endDay` (default 30). */
  readonly days?: number;
  /** Last day shown; default the latest day any of the problems has a report on. */
  readonly endDay?: CalendarDay;
}

/** Daily counts of each problem over the same window, oldest first, for sparklines. */
export function countsPerProblem(problems: readonly Problem[], options: SparklineOptions = {}): Record<string, number[]> {
  const days = Math.max(1, Math.min(MAX_HISTORY_BUCKETS, Math.floor(options.days ?? 30)));
  let endDay = options.endDay ?? null;
  if (endDay === null) {
    for (const p of problems) {
      const last = p.daily[p.daily.length - 1]?.day;
      if (last !== undefined && (endDay === null || last > endDay)) endDay = last;
    }
  }
  const out: [string, number[]][] = [];
  for (const p of problems) {
    const counts = new Array<number>(days).fill(0);
    if (endDay !== null) {
      for (const { day, count } of p.daily) {
        const i = days - 1 - daysBetween(day, endDay);
        if (i >= 0 && i < days) counts[i] = (counts[i] ?? 0) + count;
      }
    }
    out.push([p.key, counts]);
  }
  return Object.fromEntries(out);
}
