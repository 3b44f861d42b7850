/** The history view's choices: period, what the bars are split by, and the time span. */
import type { HistoryPeriod } from '../../../../shared/history';
import type { HistoryRange, StackBy } from './history-model';

interface Choice<T extends string> {
  readonly value: T;
  readonly label: string;
}

function Segmented<T extends string>({ label, choices, value, onChange }: { readonly label: string; readonly choices: readonly Choice<T>[]; readonly value: T; readonly onChange: (v: T) => void }) {
  return (
    <div className="history-control">
      <span className="history-control-label" aria-hidden="true">
        {label}
      </span>
      <div className="segmented" role="group" aria-label={label}>
        {choices.map((c) => (
          <button key={c.value} type="button" aria-pressed={value === c.value} onClick={() => onChange(c.value)}>
            {c.label}
          </button>
        ))}
      </div>
    </div>
  );
}

const PERIODS: readonly Choice<HistoryPeriod>[] = [
  { value: 'day', label: 'Day' },
  { value: 'week', label: 'Week' },
];
const STACKS: readonly Choice<StackBy>[] = [
  { value: 'eventType', label: 'Event type' },
  { value: 'application', label: 'Application' },
];
const RANGES: readonly Choice<HistoryRange>[] = [
  { value: 'last30', label: 'Last 30 days' },
  { value: 'last90', label: 'Last 90 days' },
  { value: 'all', label: 'All' },
];

/** Props of `HistoryControls`. */
export interface HistoryControlsProps {
  readonly period: HistoryPeriod;
  readonly onPeriodChange: (p: HistoryPeriod) => void;
  readonly stackBy: StackBy;
  readonly onStackByChange: (s: StackBy) => void;
  readonly range: HistoryRange;
  readonly onRangeChange: (r: HistoryRange) => void;
}

/** The three button groups. */
export function HistoryControls(props: HistoryControlsProps) {
  return (
    <div className="history-controls">
      <Segmented label="Period" choices={PERIODS} value={props.period} onChange={props.onPeriodChange} />
      <Segmented label="Stack by" choices={STACKS} value={props.stackBy} onChange={props.onStackByChange} />
      <Segmented label="Range" choices={RANGES} value={props.range} onChange={props.onRangeChange} />
    </div>
  );
}
