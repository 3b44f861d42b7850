/** The chart as a table: one row per period with reports, each with a "Show reports" button. */
import type { History, HistoryBucket } from '../../../../shared/history';
import { formatPeriod } from './history-model';

/** Props of `HistoryTable`. */
export interface HistoryTableProps {
  readonly history: History;
  readonly onSelect: (bucket: HistoryBucket) => void;
}

/** Newest period first; periods without reports are left out (the chart shows the gaps). */
export function HistoryTable({ history, onSelect }: HistoryTableProps) {
  const rows = history.buckets.filter((b) => b.total > 0).reverse();
  const unit = history.period === 'week' ? 'week' : 'day';
  return (
    <div className="history-table-wrap">
      <table className="history-table">
        <caption>
          Reports per {unit}, newest first ({unit}s without reports are left out)
        </caption>
        <thead>
          <tr>
            <th scope="col">{history.period === 'week' ? 'Week' : 'Day'}</th>
            <th scope="col" className="num">
              Total
            </th>
            {history.series.map((s) => (
              <th key={s} scope="col" className="num">
                {history.labels[s] ?? s}
              </th>
            ))}
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((b) => (
            <tr key={b.start} data-testid="history-row">
              <th scope="row">{formatPeriod(b.start, history.period)}</th>
              <td className="num">{b.total}</td>
              {history.series.map((s) => (
                <td key={s} className="num">
                  {b.counts[s] ?? 0}
                </td>
              ))}
              <td>
                <button type="button" onClick={() => onSelect(b)}>
                  Show reports
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
