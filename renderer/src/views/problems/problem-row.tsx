/** One problem in the table, and its details below it when expanded. */
import type { KeyboardEvent, MouseEvent } from 'react';
import type { CalendarDay } from '../../../../shared/calendar-day';
import type { ProblemSummary } from '../../../../shared/problem-model';
import { TRIAGE_STATUSES, isTriageStatus } from '../../../../shared/triage-model';
import type { ReportFilter } from '../../model/report-filter';
import type { TriageHandle } from '../../state/use-triage';
import { ProblemDetails } from './problem-details';
import { FAMILY_LABELS, STATUS_LABELS, localDate, localDateTime, relativeDay, topValues } from './problem-format';
import { Sparkline } from './sparkline';

/** Columns of the problems table (the details row spans them all). */
export const PROBLEM_COLUMNS = 6;

/** Props of `ProblemRow`. */
export interface ProblemRowProps {
  readonly problem: ProblemSummary;
  readonly spark: readonly number[];
  readonly expanded: boolean;
  readonly onToggle: (key: string) => void;
  readonly triage: TriageHandle;
  readonly onShowReports: (filter: Partial<ReportFilter>) => void;
  readonly today: CalendarDay;
  readonly utcOffsetMinutes: number;
}

function DateCell({ iso, today, offset }: { readonly iso: string | null; readonly today: CalendarDay; readonly offset: number }) {
  if (iso === null) return <span className="muted">no date</span>;
  return (
    <time dateTime={iso} title={localDateTime(iso)}>
      {localDate(iso)}
      <span className="problem-relative muted">{relativeDay(iso, today, offset)}</span>
    </time>
  );
}

/** Where the reports come from, when that tells something: several OS versions or machines. */
function metaLine(p: ProblemSummary): string[] {
  const parts: string[] = [];
  if (p.keyedBy === 'frame') parts.push(`Grouped by top frame ${p.topFrame}`);
  if (p.applicationVersions.length > 0) parts.push(`Version ${topValues(p.applicationVersions)}`);
  if (p.osVersions.length > 1) parts.push(`Windows ${topValues(p.osVersions)}`);
  if (p.machines.length > 1) parts.push(`${p.machines.length} machines`);
  else if (p.machines.length === 1 && p.machines[0]) parts.push(`Machine ${p.machines[0].name}`);
  if (p.stores.includes('ReportQueue')) parts.push('some not sent yet');
  if (p.stores.includes('other')) parts.push('from other folders');
  return parts;
}

// Clicks and keys on the status menu belong to the menu, not to the row's expand toggle.
function stop(e: MouseEvent | KeyboardEvent): void {
  e.stopPropagation();
}

/** The row (click or Enter expands it) and, when expanded, the details row. */
export function ProblemRow(props: ProblemRowProps) {
  const { problem: p, spark, expanded, onToggle, triage, onShowReports, today, utcOffsetMinutes } = props;
  const detailsId = `problem-details-${encodeURIComponent(p.key)}`;
  return (
    <>
      <tr
        data-testid="problem-row"
        className={`problem-row${expanded ? ' expanded' : ''}`}
        tabIndex={0}
        aria-expanded={expanded}
        aria-controls={expanded ? detailsId : undefined}
        onClick={() => onToggle(p.key)}
        onKeyDown={(e) => {
          if (e.target === e.currentTarget && (e.key === 'Enter' || e.key === ' ')) {
            e.preventDefault();
            onToggle(p.key);
          }
        }}
      >
        <td className="problem-main">
          <div className="problem-heading">
            <span className={`family-dot ${p.family}`} role="img" aria-label={FAMILY_LABELS[p.family]} title={FAMILY_LABELS[p.family]} />
            <span className="problem-heading-text">
              <span className="problem-title">{p.title}</span>
              {p.isNew && (
                <span className="badge new" title="First seen since your last visit">
                  New
                </span>
              )}
              {p.regressed && (
                <span className="badge regressed" title="Marked fixed, but it happened again since">
                  Regressed
                </span>
              )}
              {p.newSinceLastVisit > 0 && (
                <span className="badge since" title="Reports since your last visit to this list">
                  +{p.newSinceLastVisit} since last visit
                </span>
              )}
            </span>
          </div>
          <div className="problem-meta muted">{metaLine(p).join(' · ')}</div>
        </td>
        <td className="num problem-count">{p.count.toLocaleString('en-US')}</td>
        <td className="problem-spark">
          <Sparkline counts={spark} />
        </td>
        <td className="problem-date">
          <DateCell iso={p.firstSeen} today={today} offset={utcOffsetMinutes} />
        </td>
        <td className="problem-date">
          <DateCell iso={p.lastSeen} today={today} offset={utcOffsetMinutes} />
        </td>
        <td className="problem-status" onClick={stop} onKeyDown={stop}>
          <select
            aria-label={`Status of ${p.title}`}
            className={`status-select ${p.triage.status}`}
            value={p.triage.status}
            onChange={(e) => {
              const status = e.target.value;
              // A rejected call (lost connection) leaves the menu on the stored status; nothing else to undo.
              if (isTriageStatus(status)) triage.setTriage(p.key, { status }).catch(() => undefined);
            }}
          >
            {TRIAGE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </td>
      </tr>
      {expanded && (
        <tr className="problem-details-row" id={detailsId}>
          <td colSpan={PROBLEM_COLUMNS}>
            <ProblemDetails problem={p} triage={triage} onShowReports={onShowReports} />
          </td>
        </tr>
      )}
    </>
  );
}
