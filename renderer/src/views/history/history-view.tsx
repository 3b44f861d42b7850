/** The history view: reports per day or week, stacked by event type or application. */
import { useCallback, useMemo, useState } from 'react';
import type { HistoryBucket, HistoryPeriod } from '../../../../shared/history';
import { MATCH_ALL } from '../../../../shared/query-model';
import { ok, type Result } from '../../../../shared/result';
import type { WerApi } from '../../../../shared/wer-api';
import { StateMessage } from '../../components/state-message';
import { localUtcOffset, type ReportFilter } from '../../model/report-filter';
import { useAsked } from '../../state/use-asked';
import { plural, todayAt } from '../problems/problem-format';
import { HistoryChart } from './history-chart';
import { HistoryControls } from './history-controls';
import { bucketDays, bucketFilter, dayAt, formatDay, recentDays, seriesColors, type DayRange, type HistoryRange, type StackBy } from './history-model';
import { HistoryTable } from './history-table';
import './history.css';

/** Props of the history view. */
export interface HistoryViewProps {
  readonly api: WerApi;
  /** The library's revision (useLibrary): the history is asked again when it changes. */
  readonly revision: number;
  /** Shows some reports in the report list (a clicked bar: its days and series). */
  readonly onShowReports: (filter: Partial<ReportFilter>) => void;
}

/** Series drawn before the rest is summed into "Other": more colours are hard to tell apart. */
const MAX_SERIES = 8;

/** The library's size and the days of its oldest and newest dated report (null: none dated), from the list sorted both ways. */
async function datedSpan(api: WerApi, offset: number): Promise<Result<{ readonly libraryTotal: number; readonly dated: DayRange | null }>> {
  const ask = (direction: 'ascending' | 'descending') => api.queryReports({ filter: MATCH_ALL, sort: { column: 'time', direction }, offset: 0, limit: 1, utcOffsetMinutes: offset });
  // Reports without a time sort last both ways, so each first row is dated if any report is.
  const [oldest, newest] = await Promise.all([ask('ascending'), ask('descending')]);
  if (!oldest.ok) return oldest;
  if (!newest.ok) return newest;
  const from = dayAt(oldest.value.rows[0]?.eventTime, offset);
  const to = dayAt(newest.value.rows[0]?.eventTime, offset);
  return ok({ libraryTotal: newest.value.libraryTotal, dated: from !== null && to !== null ? { from, to } : null });
}

/** The view. */
export function HistoryView({ api, revision, onShowReports }: HistoryViewProps) {
  // The report list filters days at this offset too, so a bar and the list it opens agree.
  const offset = useMemo(localUtcOffset, []);
  const today = useMemo(() => todayAt(offset), [offset]);
  const [period, setPeriod] = useState<HistoryPeriod>('day');
  const [stackBy, setStackBy] = useState<StackBy>('eventType');
  const [chosen, setRange] = useState<HistoryRange | null>(null);

  const span = useAsked(() => datedSpan(api, offset), [api, revision, offset]);
  // Asked once: the last 30 days when something happened in them, else everything (an old store is not "empty").
  const recent = useAsked(() => {
    const last30 = recentDays('last30', today);
    return api.matchingReportIds({ ...MATCH_ALL, from: last30.from, to: last30.to }, 0, offset);
  }, [api, today, offset]);
  const range: HistoryRange | null = chosen ?? (recent.value === null ? null : recent.value.total > 0 ? 'last30' : 'all');

  const datedDays = span.value?.dated ?? null;
  const days = range === null ? null : range === 'all' ? datedDays : recentDays(range, today);
  const asked = useAsked(
    () => (days ? api.queryHistory({ filter: MATCH_ALL, options: { period, groupBy: stackBy, utcOffsetMinutes: offset, from: days.from, to: days.to, maxSeries: MAX_SERIES } }) : Promise.resolve(ok(null))),
    [api, revision, period, stackBy, offset, days?.from, days?.to],
  );
  const history = days ? asked.value : null;
  const colors = useMemo(() => seriesColors(history?.series ?? [], stackBy), [history, stackBy]);

  const select = useCallback(
    (bucket: HistoryBucket, series: string | null) => {
      if (!days || !history) return;
      onShowReports(bucketFilter(bucketDays(bucket.start, period, days), stackBy, series, history.values));
    },
    [days, history, period, stackBy, onShowReports],
  );

  const error = span.error ?? recent.error ?? asked.error;
  if (span.value === null || range === null || (days !== null && asked.value === null)) {
    return (
      <section className="history-view">
        {error !== null ? (
          <StateMessage kind="error" title="The history could not be read">
            <p>{error}</p>
          </StateMessage>
        ) : (
          <StateMessage kind="loading" title="Counting the reports…" />
        )}
      </section>
    );
  }
  if (span.value.libraryTotal === 0) {
    return (
      <section className="history-view">
        <StateMessage title="No reports yet">
          <p>The history shows how many crash and hang reports arrive each day. It fills in as soon as Windows records some.</p>
        </StateMessage>
      </section>
    );
  }
  if (!history || !days || !datedDays) {
    return (
      <section className="history-view">
        <StateMessage title="No dated reports">
          <p>
            None of the {plural(span.value.libraryTotal, 'report')} has an event time, so they cannot be placed on a timeline. You can still read them in the Reports
            tab.
          </p>
        </StateMessage>
      </section>
    );
  }

  const controls = <HistoryControls period={period} onPeriodChange={setPeriod} stackBy={stackBy} onStackByChange={setStackBy} range={range} onRangeChange={setRange} />;
  return (
    <section className="history-view" aria-label="History">
      {controls}
      <p className="history-total" data-testid="history-total">
        {plural(history.total, 'report')} between {formatDay(days.from)} and {formatDay(days.to)}
        {history.undated > 0 && <span className="muted"> · {plural(history.undated, 'report')} without a date not shown</span>}
        {history.outOfRange > 0 && <span className="muted"> · {plural(history.outOfRange, 'report')} outside this range</span>}
      </p>
      {history.total === 0 ? (
        <StateMessage title="No reports in this range">
          <p>
            Nothing was recorded between these days. The reports span {formatDay(datedDays.from)} to {formatDay(datedDays.to)}: choose All to see them.
          </p>
          <button onClick={() => setRange('all')}>Show all</button>
        </StateMessage>
      ) : (
        <div className="history-body">
          <HistoryChart history={history} colors={colors} onSelect={select} />
          <p className="muted history-hint">Click a bar segment, or use “Show reports” in the table, to list those reports.</p>
          <HistoryTable history={history} onSelect={(b) => select(b, null)} />
        </div>
      )}
    </section>
  );
}
