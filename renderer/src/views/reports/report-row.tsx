import { memo } from 'react';
import type { ForwardResult } from '../../../../shared/cer-model';
import { eventFamily } from '../../../../shared/problems';
import { displayApplication, displayModule } from '../../../../shared/report-display';
import type { WerReport } from '../../../../shared/report-model';
import { exceptionText } from '../../../../shared/report-list-text';
import { attachmentsTitle, formatLocalTime, forwardLabel, forwardTitle, hasDump, storeLabel } from './columns';
import { isLogOnly, sourceLabel, sourcesTitle } from '../../../../shared/record-sources';

/** Props of one list row. */
export interface ReportRowProps {
  readonly report: WerReport;
  /** Position in the shown list (0-based); the header is ARIA row 1. */
  readonly index: number;
  readonly domId: string;
  /** Offset from the top of the rows, in pixels (virtual positioning). */
  readonly top: number;
  readonly selected: boolean;
  /** The keyboard cursor is here (shown when nothing is selected, e.g. after Escape). */
  readonly cursor: boolean;
  readonly onPick: (id: string) => void;
  /** Whether the Forwarded column is shown, and this report's latest forwarding result. */
  readonly showForwarded: boolean;
  readonly forward: ForwardResult | undefined;
}

/** One report as a grid row: time, event, application, version, module, exception, offset, store, source, files, forwarded. */
export const ReportRow = memo(function ReportRow({ report: r, index, domId, top, selected, cursor, onPick, showForwarded, forward }: ReportRowProps) {
  const family = eventFamily(r.eventType);
  const dump = hasDump(r);
  const exception = exceptionText(r);
  const className = `report-grid-row${selected ? ' selected' : ''}${cursor ? ' cursor' : ''}${index % 2 === 1 ? ' odd' : ''}`;
  return (
    <div
      role="row"
      id={domId}
      data-testid="report-row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={className}
      style={{ transform: `translateY(${top}px)` }}
      onClick={() => onPick(r.id)}
    >
      <div role="gridcell" className="cell" title={r.eventTime ?? 'The report has no event time'}>
        {r.problems.length > 0 && (
          <span className="parse-warning" role="img" aria-label={`Read with problems: ${r.problems.join(' ')}`} title={r.problems.join('\n')}>
            ⚠
          </span>
        )}
        {formatLocalTime(r.eventTime) || <span className="muted">no time</span>}
      </div>
      <div role="gridcell" className="cell" title={`${r.eventType ?? 'Unknown event'} (${family})${r.friendlyEventName ? `: ${r.friendlyEventName}` : ''}`}>
        <span className={`event-dot ${family}`} aria-hidden="true" />
        {r.eventType ?? <span className="muted">unknown</span>}
      </div>
      <div role="gridcell" className="cell" title={r.appPath ?? undefined}>
        {displayApplication(r)}
      </div>
      <div role="gridcell" className="cell mono">
        {r.fields.applicationVersion ?? ''}
      </div>
      <div role="gridcell" className="cell" title={r.fields.moduleVersion ? `${displayModule(r)} ${r.fields.moduleVersion}` : undefined}>
        {displayModule(r)}
      </div>
      <div role="gridcell" className="cell" title={exception || undefined}>
        {exception}
      </div>
      <div role="gridcell" className="cell mono">
        {r.fields.exceptionOffset ?? ''}
      </div>
      <div role="gridcell" className="cell" title={r.storeRoot ?? r.folder}>
        {storeLabel(r.store)}
      </div>
      <div role="gridcell" className="cell source" title={sourcesTitle(r)}>
        {sourceLabel(r)}
        {isLogOnly(r) && <span className="log-only-badge">log only</span>}
      </div>
      <div role="gridcell" className="cell attachments" title={attachmentsTitle(r)}>
        {r.attachments.length}
        {dump && (
          <span className="dump-badge">
            dump
          </span>
        )}
      </div>
      {showForwarded && (
        <div role="gridcell" className={`cell forwarded ${forward?.state ?? 'never'}`} title={forward ? forwardTitle(forward) : 'Not forwarded to a CER server'}>
          {forwardLabel(forward)}
        </div>
      )}
    </div>
  );
});
