/** The problems view: reports grouped into problems, with counts, trends and the user's triage. */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { addDays } from '../../../../shared/calendar-day';
import { countsPerProblem } from '../../../../shared/history';
import type { GroupingMode, ProblemSummary } from '../../../../shared/problem-model';
import { MATCH_ALL } from '../../../../shared/query-model';
import type { WerApi } from '../../../../shared/wer-api';
import { StateMessage } from '../../components/state-message';
import { localUtcOffset, type ReportFilter } from '../../model/report-filter';
import { useAsked } from '../../state/use-asked';
import type { TriageHandle } from '../../state/use-triage';
import { todayAt } from './problem-format';
import { DEFAULT_PROBLEM_FILTER, DEFAULT_SORT, filterProblems, ignoredCount, isNarrowing, sortProblems, withTriage, type ProblemFilter, type ProblemSort } from './problem-list-model';
import { ProblemsTable } from './problems-table';
import { ProblemsToolbar } from './problems-toolbar';
import './problems.css';

/** Props of the problems view. */
export interface ProblemsViewProps {
  readonly api: WerApi;
  /** The library's revision (useLibrary): the problems are asked again when it changes. */
  readonly revision: number;
  readonly triage: TriageHandle;
  readonly grouping: GroupingMode;
  /** Shows some reports in the report list (e.g. `{ reportIds, reportIdsLabel }` of a problem). */
  readonly onShowReports: (filter: Partial<ReportFilter>) => void;
  /** Switches between grouping by signature and by application (saved in the settings). */
  readonly onGroupingChange?: (mode: GroupingMode) => void;
}

const NO_PROBLEMS: readonly ProblemSummary[] = [];

/** Days in each row's sparkline, ending today (so the label "in the last 30 days" holds). */
const SPARK_DAYS = 30;

/**
 * Marks the list as visited when the user leaves it (unmount), not on arrival, so "New" badges
 * stay up while they look. The call is deferred one tick and cancelled by a remount: React's
 * development StrictMode unmounts and remounts every component once, which is not a real leave.
 */
function useMarkVisitedOnLeave(markVisited: () => Promise<void>): void {
  const latest = useRef(markVisited);
  latest.current = markVisited;
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    if (pending.current !== null) clearTimeout(pending.current);
    pending.current = null;
    return () => {
      pending.current = setTimeout(() => void latest.current().catch(() => undefined), 0);
    };
  }, []);
}

/** The view. */
export function ProblemsView({ api, revision, triage, grouping, onShowReports, onGroupingChange }: ProblemsViewProps) {
  // The report list counts days at this offset too, so a problem's days and the list agree.
  const offset = useMemo(localUtcOffset, []);
  const today = useMemo(() => todayAt(offset), [offset]);
  const [filter, setFilter] = useState<ProblemFilter>(DEFAULT_PROBLEM_FILTER);
  const [sort, setSort] = useState<ProblemSort>(DEFAULT_SORT);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  useMarkVisitedOnLeave(triage.markVisited);

  // While the triage state loads (or if it failed) problems still show, all as "New". The
  // grouping only depends on the last visit; statuses and notes are laid over it (withTriage).
  const lastVisit = triage.triage?.lastVisit ?? null;
  const asked = useAsked(
    // Only the days the sparklines draw: a collector's problems span months of daily counts.
    () => api.queryProblems({ filter: MATCH_ALL, mode: grouping, utcOffsetMinutes: offset, lastVisit, dailyFrom: addDays(today, 1 - SPARK_DAYS) }),
    [api, revision, grouping, offset, lastVisit, today],
  );
  const grouped = asked.value?.problems ?? NO_PROBLEMS;
  const problems = useMemo(() => withTriage(grouped, triage.triage), [grouped, triage.triage]);
  // Keyed by a member signature key: a problem's `key` can move to the one its triage is stored under.
  const sparks = useMemo(() => {
    const counts = countsPerProblem(grouped, { days: SPARK_DAYS, endDay: today });
    return Object.fromEntries(grouped.map((p) => [p.keys[0] ?? p.key, counts[p.key] ?? []]));
  }, [grouped, today]);
  const shown = useMemo(() => sortProblems(filterProblems(problems, filter), sort), [problems, filter, sort]);
  const shownReports = useMemo(() => shown.reduce((n, p) => n + p.count, 0), [shown]);
  const ignored = useMemo(() => ignoredCount(problems), [problems]);

  const toggle = useCallback((key: string) => {
    setExpanded((prev) => {
      const next = new Set(prev);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  }, []);

  if (asked.value === null) {
    return (
      <section className="problems-view">
        {asked.error !== null ? (
          <StateMessage kind="error" title="The problems could not be read">
            <p>{asked.error}</p>
          </StateMessage>
        ) : (
          <StateMessage kind="loading" title="Grouping the reports into problems…" />
        )}
      </section>
    );
  }
  if (asked.value.total === 0) {
    return (
      <section className="problems-view">
        <StateMessage title="No problems yet">
          <p>
            Problems appear here as soon as Windows records crash or hang reports. Each problem groups the reports of one failure, so you can see what happens
            most and keep notes on it.
          </p>
        </StateMessage>
      </section>
    );
  }

  const clearFilters = () => {
    // If every problem is ignored, clearing must also show ignored ones, or the list stays empty.
    const allIgnored = ignored === problems.length;
    setFilter({ ...DEFAULT_PROBLEM_FILTER, showIgnored: filter.showIgnored || allIgnored });
  };

  return (
    <section className="problems-view" aria-label="Problems">
      <ProblemsToolbar
        filter={filter}
        onFilterChange={setFilter}
        ignored={ignored}
        grouping={grouping}
        onGroupingChange={onGroupingChange}
        shownProblems={shown.length}
        shownReports={shownReports}
        totalProblems={problems.length}
      />
      {triage.error !== null && (
        <p className="notice error" role="alert">
          Triage: {triage.error} Statuses and notes may be out of date.
        </p>
      )}
      {triage.triage === null && triage.error === null && <p className="muted problems-loading">Loading your triage notes…</p>}
      {shown.length === 0 ? (
        <StateMessage title="No problems match">
          <p>{emptyHint(filter, ignored, problems.length)}</p>
          <button onClick={clearFilters}>Clear filters</button>
        </StateMessage>
      ) : (
        <ProblemsTable
          problems={shown}
          sparks={sparks}
          sort={sort}
          onSortChange={setSort}
          expanded={expanded}
          onToggle={toggle}
          triage={triage}
          onShowReports={onShowReports}
          today={today}
          utcOffsetMinutes={offset}
        />
      )}
    </section>
  );
}

function emptyHint(filter: ProblemFilter, ignored: number, total: number): string {
  if (!isNarrowing(filter) && ignored === total) return `All ${total} problems are marked ignored, and ignored problems are hidden.`;
  return 'No problem matches the text or status you chose. Clear the filters to see every problem.';
}
