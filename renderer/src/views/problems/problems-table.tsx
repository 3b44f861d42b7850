/** The problems table: sortable headers, one row per problem, and a cap on rows drawn at once. */
import { useState } from 'react';
import type { CalendarDay } from '../../../../shared/calendar-day';
import type { ProblemSummary } from '../../../../shared/problem-model';
import type { ReportFilter } from '../../model/report-filter';
import type { TriageHandle } from '../../state/use-triage';
import type { ProblemSort, ProblemSortKey } from './problem-list-model';
import { ProblemRow } from './problem-row';

/** Rows drawn before "Show more": each row has a menu and an SVG, thousands would be slow. */
export const PAGE_SIZE = 200;

/** Props of `ProblemsTable`. */
export interface ProblemsTableProps {
  readonly problems: readonly ProblemSummary[];
  /** Daily counts by the problem's first member key (`keys[0]`), which triage never changes. */
  readonly sparks: Readonly<Record<string, readonly number[]>>;
  readonly sort: ProblemSort;
  readonly onSortChange: (sort: ProblemSort) => void;
  readonly expanded: ReadonlySet<string>;
  readonly onToggle: (key: string) => void;
  readonly triage: TriageHandle;
  readonly onShowReports: (filter: Partial<ReportFilter>) => void;
  readonly today: CalendarDay;
  readonly utcOffsetMinutes: number;
}

const NO_COUNTS: readonly number[] = [];

function SortHeader({ label, column, sort, onSortChange }: { readonly label: string; readonly column: ProblemSortKey; readonly sort: ProblemSort; readonly onSortChange: (s: ProblemSort) => void }) {
  const active = sort.key === column;
  return (
    <th scope="col" aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
      <button
        type="button"
        className="sort-button"
        // A new column starts with the largest or newest first; the same column flips.
        onClick={() => onSortChange({ key: column, descending: active ? !sort.descending : true })}
      >
        {label}
        <span aria-hidden="true">{active ? (sort.descending ? ' ▼' : ' ▲') : ''}</span>
      </button>
    </th>
  );
}

/** The table. */
export function ProblemsTable(props: ProblemsTableProps) {
  const { problems, sparks, sort, onSortChange, expanded, onToggle, triage, onShowReports, today, utcOffsetMinutes } = props;
  const [limit, setLimit] = useState(PAGE_SIZE);
  const shown = problems.slice(0, limit);
  return (
    <div className="problems-table-wrap">
      <table className="problems-table">
        <thead>
          <tr>
            <th scope="col">Problem</th>
            <SortHeader label="Reports" column="count" sort={sort} onSortChange={onSortChange} />
            <th scope="col">Last 30 days</th>
            <SortHeader label="First seen" column="firstSeen" sort={sort} onSortChange={onSortChange} />
            <SortHeader label="Last seen" column="lastSeen" sort={sort} onSortChange={onSortChange} />
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((p) => (
            <ProblemRow
              key={p.key}
              problem={p}
              spark={sparks[p.keys[0] ?? p.key] ?? NO_COUNTS}
              expanded={expanded.has(p.key)}
              onToggle={onToggle}
              triage={triage}
              onShowReports={onShowReports}
              today={today}
              utcOffsetMinutes={utcOffsetMinutes}
            />
          ))}
        </tbody>
      </table>
      {problems.length > shown.length && (
        <p className="problems-more">
          <button type="button" onClick={() => setLimit(limit + PAGE_SIZE)}>
            Show {Math.min(PAGE_SIZE, problems.length - shown.length)} more
          </button>{' '}
          <span className="muted">
            {shown.length} of {problems.length} shown; the filter above narrows the list.
          </span>
        </p>
      )}
    </div>
  );
}
