/** Filters, grouping and the summary line above the problems table. */
import type { GroupingMode } from '../../../../shared/problem-model';
import { TRIAGE_STATUSES, isTriageStatus } from '../../../../shared/triage-model';
import { plural, STATUS_LABELS } from './problem-format';
import type { ProblemFilter } from './problem-list-model';

/** Props of `ProblemsToolbar`. */
export interface ProblemsToolbarProps {
  readonly filter: ProblemFilter;
  readonly onFilterChange: (filter: ProblemFilter) => void;
  readonly ignored: number;
  readonly grouping: GroupingMode;
  /** Absent: the grouping cannot be changed here, so no toggle is shown. */
  readonly onGroupingChange?: (mode: GroupingMode) => void;
  readonly shownProblems: number;
  readonly shownReports: number;
  readonly totalProblems: number;
}

const GROUPINGS: readonly { readonly mode: GroupingMode; readonly label: string; readonly hint: string }[] = [
  { mode: 'signature', label: 'By signature', hint: 'One problem per failure: same application, module and exception' },
  { mode: 'application', label: 'By application', hint: 'One problem per application and kind of failure' },
];

/** The toolbar. */
export function ProblemsToolbar(props: ProblemsToolbarProps) {
  const { filter, onFilterChange, ignored, grouping, onGroupingChange } = props;
  const hidden = props.totalProblems - props.shownProblems;
  return (
    <div className="problems-toolbar">
      <input
        type="search"
        className="problems-search"
        aria-label="Filter problems by title"
        placeholder="Filter by application, module, code…"
        value={filter.text}
        onChange={(e) => onFilterChange({ ...filter, text: e.target.value })}
      />
      <select
        aria-label="Status filter"
        value={filter.status}
        onChange={(e) => {
          const v = e.target.value;
          onFilterChange({ ...filter, status: isTriageStatus(v) ? v : 'any' });
        }}
      >
        <option value="any">Any status</option>
        {TRIAGE_STATUSES.map((s) => (
          <option key={s} value={s}>
            {STATUS_LABELS[s]}
          </option>
        ))}
      </select>
      <label className="problems-check">
        <input
          type="checkbox"
          checked={filter.showIgnored || filter.status === 'ignored'}
          disabled={filter.status !== 'any'}
          onChange={(e) => onFilterChange({ ...filter, showIgnored: e.target.checked })}
        />
        Show ignored ({ignored})
      </label>
      {onGroupingChange && (
        <div className="segmented" role="group" aria-label="Group reports">
          {GROUPINGS.map((g) => (
            <button key={g.mode} type="button" title={g.hint} aria-pressed={grouping === g.mode} onClick={() => grouping !== g.mode && onGroupingChange(g.mode)}>
              {g.label}
            </button>
          ))}
        </div>
      )}
      <span className="problems-summary" aria-live="polite">
        {plural(props.shownProblems, 'problem')} behind {plural(props.shownReports, 'report')}
        {hidden > 0 && <span className="muted"> ({hidden} hidden by filters)</span>}
      </span>
    </div>
  );
}
