/**
 * Report history for charts: counts per day or ISO week, split into a few series (event type,
 * application, problem, or none), with empty periods filled so the time axis has no holes.
 */
import { addDays, DayNames, daysBetween, normalizeUtcOffset, toCalendarDay, weekStart, type CalendarDay } from './calendar-day';
import { canonicalEventType, eventFamily } from './problem-key';
import type { GroupingMode, Problem, ProblemSummary } from './problem-model';
import { reportRows, selectRows, type ProblemRows } from './problem-rows';
import { problemsOfRows } from './problems';
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
  readonly id: (row: number) => string;
  readonly labels: Map<string, string>;
  /** The recorded value a series id was made from, when there is one to filter reports on. */
  readonly value?: (row: number) => string;
}

/** A function of a string, computed once per distinct value. */
function remembered<T>(fn: (value: string) => T): (value: string) => T {
  const known = new Map<string, T>();
  return (value) => {
    let result = known.get(value);
    if (result === undefined && !known.has(value)) known.set(value, (result = fn(value)));
    return result as T;
  };
}

/** How each row maps to a series id, and the label of each id. */
function seriesNamer(rows: ProblemRows, options: HistoryOptions): SeriesNamer {
  const labels = new Map<string, string>();
  switch (options.groupBy) {
    case 'none':
      labels.set(ALL_SERIES, 'All reports');
      return { id: () => ALL_SERIES, labels };
    case 'eventType': {
      const seriesOf = remembered((eventType) => canonicalEventType(eventType) ?? 'unknown');
      const eventTypeOf = (row: number) => rows.eventType(row) ?? '';
      return { id: (row) => seriesOf(eventTypeOf(row)), labels, value: eventTypeOf };
    }
    case 'application': {
      const isKernel = remembered((eventType) => eventFamily(eventType) === 'kernel');
      // Case-insensitive: the first spelling met names the series.
      const spelling = new Map<string, string>();
      const spelled = remembered((name) => {
        const lower = name.toLowerCase();
        const known = spelling.get(lower);
        if (known !== undefined) return known;
        spelling.set(lower, name);
        return name;
      });
      return {
        id: (row) => spelled(rows.application(row) || (isKernel(rows.eventType(row) ?? '') ? 'Windows' : 'unknown')),
        labels,
        value: (row) => rows.application(row),
      };
    }
    case 'problem': {
      const byReport = new Map<string, Problem>();
      for (const p of problemsOfRows(rows, { mode: options.problemMode ?? 'signature' })) {
        labels.set(p.key, p.title);
        for (const id of p.reportIds) byReport.set(id, p);
      }
      return { id: (row) => byReport.get(rows.id(row))?.key ?? 'unknown', labels };
    }
  }
}

/**
 * Counts reports per period and series. Periods run from `from` (or the first report) to `to`
 * (or the last report) with empty ones filled with zeros; weeks start on Monday. Series beyond
 * `maxSeries` are summed into `other` so a chart stays readable.
 */
export function historyOf(reports: readonly WerReport[], options: HistoryOptions): History {
  return historyOfRows(reportRows(reports), options);
}

/** {@link historyOf} over rows (the query engine's columns, or reports). */
export function historyOfRows(rows: ProblemRows, options: HistoryOptions): History {
  const offset = normalizeUtcOffset(options.utcOffsetMinutes);
  const period = options.period;
  const fromDay = options.from === undefined ? null : toCalendarDay(options.from, offset);
  const toDay = options.to === undefined ? null : toCalendarDay(options.to, offset);
  const names = new DayNames(offset);
  let undated = 0;
  let outOfRange = 0;
  const placedRows: number[] = [];
  const placedDays: CalendarDay[] = [];
  let firstPlaced: CalendarDay | null = null;
  let lastPlaced: CalendarDay | null = null;
  const times = rows.times();
  for (let row = 0; row < rows.length; row++) {
    const day = names.of(times[row] as number);
    if (day === null) undated += 1;
    else if ((fromDay !== null && day < fromDay) || (toDay !== null && day > toDay)) outOfRange += 1;
    else {
      placedRows.push(row);
      placedDays.push(day);
      if (firstPlaced === null || day < firstPlaced) firstPlaced = day;
      if (lastPlaced === null || day > lastPlaced) lastPlaced = day;
    }
  }
  const firstDay = fromDay ?? firstPlaced;
  const lastDay = toDay ?? lastPlaced;
  if (firstDay === null || lastDay === null || lastDay < firstDay) {
    return emptyHistory(options, undated, outOfRange + placedRows.length);
  }
  const end = periodStart(lastDay, period);
  let start = periodStart(firstDay, period);
  if (periodsBetween(start, end, period) >= MAX_HISTORY_BUCKETS) start = step(end, -(MAX_HISTORY_BUCKETS - 1), period);
  const startOf = remembered((day) => periodStart(day, period));
  const bucketOf = remembered((day) => periodsBetween(start, startOf(day), period));
  const inRange: number[] = [];
  const inRangeDays: CalendarDay[] = [];
  placedRows.forEach((row, i) => {
    const day = placedDays[i] as CalendarDay;
    if (startOf(day) < start) return;
    inRange.push(row);
    inRangeDays.push(day);
  });
  outOfRange += placedRows.length - inRange.length;

  const shown = selectRows(rows, inRange);
  const namer = seriesNamer(shown, options);
  const rawTotals = new Map<string, number>();
  const seriesOf = inRange.map((_, row) => namer.id(row));
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
  inRangeDays.forEach((day, i) => {
    const raw = seriesOf[i] ?? OTHER_SERIES;
    const s = keptSet.has(raw) ? raw : OTHER_SERIES;
    const bucket = buckets[bucketOf(day)];
    if (!bucket) return;
    bucket.total += 1;
    bucket.counts[s] = (bucket.counts[s] ?? 0) + 1;
    totals[s] = (totals[s] ?? 0) + 1;
  });
  const labels: Record<string, string> = Object.fromEntries(series.map((s) => [s, namer.labels.get(s) ?? s]));
  if (series.includes(OTHER_SERIES)) labels[OTHER_SERIES] = 'Other';
  const values = seriesRecordedValues(shown.length, seriesOf, keptSet, namer);
  return { period, groupBy: options.groupBy, series, labels, values, totals, buckets, total: inRange.length, undated, outOfRange };
}

/** The distinct recorded values behind each kept series (row i is in series seriesOf[i]). */
function seriesRecordedValues(length: number, seriesOf: readonly string[], kept: ReadonlySet<string>, namer: SeriesNamer): Record<string, readonly string[]> {
  const valueOf = namer.value;
  if (!valueOf) return {};
  const sets = new Map<string, Set<string>>();
  for (let row = 0; row < length; row++) {
    const s = seriesOf[row];
    if (s === undefined || !kept.has(s)) continue;
    let set = sets.get(s);
    if (!set) sets.set(s, (set = new Set()));
    set.add(valueOf(row));
  }
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
export function countsPerProblem(problems: readonly ProblemSummary[], options: SparklineOptions = {}): Record<string, number[]> {
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
