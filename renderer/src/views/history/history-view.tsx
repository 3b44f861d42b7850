/** The history view: reports per day or week, stacked by event type or application. */
import { useCallback, useMemo, useState } from 'react';
import { historyOf, type HistoryBucket, type HistoryPeriod } from '../../../../shared/history';
import type { WerReport } from '../../../../shared/report-model';
import { StateMessage } from '../../components/state-message';
import { localUtcOffset, type ReportFilter } from '../../model/report-filter';
import { plural, todayAt } from '../problems/problem-format';
import { HistoryChart } from './history-chart';
import { HistoryControls } from './history-controls';
import { bucketDays, bucketFilter, defaultRange, formatDay, rangeDays, seriesColors, type HistoryRange, type StackBy } from './history-model';
import { HistoryTable } from './history-table';
import './history.css';

/** Props of the history view. */
export interface HistoryViewProps {
  readonly reports: readonly WerReport[];
  /** Shows some reports in the report list (a clicked bar: its days and series). */
  readonly onShowReports: (filter: Partial<ReportFilter>) => void;
}

/** Series drawn before the rest is summed into "Other": more colours are hard to tell apart. */
const MAX_SERIES = 8;

/** The view. */
export function HistoryView({ reports, onShowReports }: HistoryViewProps) {
  // The report list filters days at this offset too, so a bar and the list it opens agree.
  const offset = useMemo(localUtcOffset, []);
  const today = useMemo(() => todayAt(offset), [offset]);
  const [period, setPeriod] = useState<HistoryPeriod>('day');
  const [stackBy, setStackBy] = useState<StackBy>('eventType');
  const [range, setRange] = useState<HistoryRange>(() => defaultRange(reports, today, offset));

  const datedDays = useMemo(() => rangeDays('all', reports, today, offset), [reports, today, offset]);
  const days = useMemo(() => (range === 'all' ? datedDays : rangeDays(range, reports, today, offset)), [range, datedDays, reports, today, offset]);
  const history = useMemo(
    () => (days ? historyOf(reports, { period, groupBy: stackBy, utcOffsetMinutes: offset, from: days.from, to: days.to, maxSeries: MAX_SERIES }) : null),
    [reports, period, stackBy, offset, days],
  );
  const colors = useMemo(() => seriesColors(history?.series ?? [], stackBy), [history, stackBy]);

  const select = useCallback(
    (bucket: HistoryBucket, series: string | null) => {
      if (!days || !history) return;
      onShowReports(bucketFilter(bucketDays(bucket.start, period, days), stackBy, series, history.values));
    },
    [days, history, period, stackBy, onShowReports],
  );

  if (reports.length === 0) {
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
            None of the {plural(reports.length, 'report')} has an event time, so they cannot be placed on a timeline. You can still read them in the Reports
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
