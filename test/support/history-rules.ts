/**
 * The History view's counting as it was before the query engine counted with numbers (shared
 * history.ts, issue 16): a string and a map lookup or two per report at every step, straight to
 * read. Kept as the reference the faster counting is checked against over generated libraries.
 */
import { addDays, DayNames, daysBetween, normalizeUtcOffset, toCalendarDay, weekStart, type CalendarDay } from '../../shared/calendar-day';
import { ALL_SERIES, type History, type HistoryOptions, type HistoryPeriod, MAX_HISTORY_BUCKETS, OTHER_SERIES } from '../../shared/history';
import { canonicalEventType, eventFamily } from '../../shared/problem-key';
import type { Problem } from '../../shared/problem-model';
import { reportRows, selectRows, type ProblemRows } from '../../shared/problem-rows';
import { problemsOfRows } from '../../shared/problems';
import type { WerReport } from '../../shared/report-model';

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
export function referenceHistory(reports: readonly WerReport[], options: HistoryOptions): History {
  return referenceHistoryOfRows(reportRows(reports), options);
}

/** {@link referenceHistory} over rows. */
export function referenceHistoryOfRows(rows: ProblemRows, options: HistoryOptions): History {
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
