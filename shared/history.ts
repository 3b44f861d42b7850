/**
 * Report history for charts: counts per day or ISO week, split into a few series (event type,
 * application, problem, or none), with empty periods filled so the time axis has no holes.
 */
import { addDays, DayNames, daysBetween, normalizeUtcOffset, toCalendarDay, weekStart, type CalendarDay } from './calendar-day';
import { canonicalEventType, eventFamily } from './problem-key';
import type { GroupingMode, ProblemSummary } from './problem-model';
import { reportRows, selectRows, type ProblemRows } from './problem-rows';
import { groupingOfRows } from './problems';
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
      // The problems' rows, not their report ids: no id is read (a million of them at 1,000,000).
      const keys: string[] = [];
      const problemOfRow = new Int32Array(rows.length).fill(-1);
      groupingOfRows(rows, options.problemMode ?? 'signature').problems.forEach(({ base, members }, n) => {
        labels.set(base.key, base.title);
        keys.push(base.key);
        for (const row of members) problemOfRow[row] = n;
      });
      return { id: (row) => keys[problemOfRow[row] as number] ?? 'unknown', labels };
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

/** Each row's day as a number into `days` (the distinct days met, -1 for an undated row), and the rows of each day. */
interface RowDays {
  readonly dayOfRow: Int32Array;
  readonly days: readonly CalendarDay[];
  readonly rowsOfDay: readonly number[];
  readonly undated: number;
}

/** The days of the rows, each day's name made once (what depends on a day is then worked out once per day, not per row). */
function rowDays(rows: ProblemRows, names: DayNames): RowDays {
  const times = rows.times();
  const dayOfRow = new Int32Array(rows.length);
  const numbers = new Map<number, number>();
  const days: CalendarDay[] = [];
  const rowsOfDay: number[] = [];
  let undated = 0;
  for (let row = 0; row < rows.length; row++) {
    const n = names.numberOf(times[row] as number);
    if (Number.isNaN(n)) {
      dayOfRow[row] = -1;
      undated += 1;
      continue;
    }
    let d = numbers.get(n);
    if (d === undefined) {
      d = days.length;
      numbers.set(n, d);
      days.push(names.nameOf(n));
      rowsOfDay.push(0);
    }
    dayOfRow[row] = d;
    rowsOfDay[d] = (rowsOfDay[d] as number) + 1;
  }
  return { dayOfRow, days, rowsOfDay, undated };
}

/**
 * {@link historyOf} over rows (the query engine's columns, or reports). Rows are counted with
 * numbers (a day, a series, a bucket each), the strings and objects made per day and per series:
 * a million rows took ~0.85 s with a string and a map lookup or two per row at every step.
 */
export function historyOfRows(rows: ProblemRows, options: HistoryOptions): History {
  const offset = normalizeUtcOffset(options.utcOffsetMinutes);
  const period = options.period;
  const fromDay = options.from === undefined ? null : toCalendarDay(options.from, offset);
  const toDay = options.to === undefined ? null : toCalendarDay(options.to, offset);
  const { dayOfRow, days, rowsOfDay, undated } = rowDays(rows, new DayNames(offset));
  // Days inside from/to are placed on the axis; the rows of the others are out of range.
  const placed = days.map((day) => !((fromDay !== null && day < fromDay) || (toDay !== null && day > toDay)));
  let outOfRange = 0;
  let placedCount = 0;
  let firstPlaced: CalendarDay | null = null;
  let lastPlaced: CalendarDay | null = null;
  days.forEach((day, d) => {
    const n = rowsOfDay[d] as number;
    if (!placed[d]) {
      outOfRange += n;
      return;
    }
    placedCount += n;
    if (firstPlaced === null || day < firstPlaced) firstPlaced = day;
    if (lastPlaced === null || day > lastPlaced) lastPlaced = day;
  });
  const firstDay = fromDay ?? firstPlaced;
  const lastDay = toDay ?? lastPlaced;
  if (firstDay === null || lastDay === null || lastDay < firstDay) {
    return emptyHistory(options, undated, outOfRange + placedCount);
  }
  const end = periodStart(lastDay, period);
  let start = periodStart(firstDay, period);
  if (periodsBetween(start, end, period) >= MAX_HISTORY_BUCKETS) start = step(end, -(MAX_HISTORY_BUCKETS - 1), period);
  const count = periodsBetween(start, end, period) + 1;
  // Each day's bucket; -1 for a day not placed or before the first bucket (a placed day is never after the last).
  const bucketOfDay = Int32Array.from(days, (day, d) => {
    const dayStart = periodStart(day, period);
    return placed[d] && dayStart >= start ? periodsBetween(start, dayStart, period) : -1;
  });
  const inRange: number[] = [];
  for (let row = 0; row < rows.length; row++) {
    const d = dayOfRow[row] as number;
    if (d >= 0 && (bucketOfDay[d] as number) >= 0) inRange.push(row);
  }
  outOfRange += placedCount - inRange.length;

  const shown = selectRows(rows, inRange);
  const namer = seriesNamer(shown, options);
  // Each shown row's series as a number into `ids`.
  const numbers = new Map<string, number>();
  const ids: string[] = [];
  const rawTotals: number[] = [];
  const seriesOfRow = new Int32Array(shown.length);
  for (let row = 0; row < shown.length; row++) {
    const id = namer.id(row);
    let n = numbers.get(id);
    if (n === undefined) {
      n = ids.length;
      numbers.set(id, n);
      ids.push(id);
      rawTotals.push(0);
    }
    seriesOfRow[row] = n;
    rawTotals[n] = (rawTotals[n] as number) + 1;
  }
  const ranked = ids.map((_, n) => n).sort((a, b) => (rawTotals[b] as number) - (rawTotals[a] as number) || compareText(ids[a] as string, ids[b] as string));
  const max = Math.max(1, Math.floor(options.maxSeries ?? 8));
  const kept = ranked.slice(0, max).map((n) => ids[n] as string);
  const series = ranked.length > max ? [...kept, OTHER_SERIES] : kept;
  // Each series number's column in `series` (the last, other, for those not kept).
  const columnOf = new Int32Array(ids.length).fill(series.length - 1);
  ranked.slice(0, max).forEach((n, column) => (columnOf[n] = column));

  const counts = new Int32Array(count * series.length);
  for (let row = 0; row < shown.length; row++) {
    const bucket = bucketOfDay[dayOfRow[inRange[row] as number] as number] as number;
    const at = bucket * series.length + (columnOf[seriesOfRow[row] as number] as number);
    counts[at] = (counts[at] as number) + 1;
  }
  const countsOf = (from: number) => Object.fromEntries(series.map((s, column) => [s, counts[from + column] as number])) as Record<string, number>;
  const buckets = Array.from({ length: count }, (_, i) => {
    const bucketCounts = countsOf(i * series.length);
    return { start: step(start, i, period), total: Object.values(bucketCounts).reduce((a, b) => a + b, 0), counts: bucketCounts };
  });
  const totals: Record<string, number> = Object.fromEntries(series.map((s) => [s, buckets.reduce((sum, b) => sum + (b.counts[s] as number), 0)]));
  const labels: Record<string, string> = Object.fromEntries(series.map((s) => [s, namer.labels.get(s) ?? s]));
  if (series.includes(OTHER_SERIES)) labels[OTHER_SERIES] = 'Other';
  const values = seriesRecordedValues(seriesOfRow, (n) => (columnOf[n] as number) < kept.length, ids, namer);
  return { period, groupBy: options.groupBy, series, labels, values, totals, buckets, total: inRange.length, undated, outOfRange };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The distinct recorded values behind each kept series (row i is in series number seriesOfRow[i], named in `ids`). */
function seriesRecordedValues(seriesOfRow: Int32Array, isKept: (n: number) => boolean, ids: readonly string[], namer: SeriesNamer): Record<string, readonly string[]> {
  const valueOf = namer.value;
  if (!valueOf) return {};
  const sets = new Map<string, Set<string>>();
  for (let row = 0; row < seriesOfRow.length; row++) {
    const n = seriesOfRow[row] as number;
    if (!isKept(n)) continue;
    const s = ids[n] as string;
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
