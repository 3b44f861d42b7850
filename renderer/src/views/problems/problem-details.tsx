/** The expanded part of a problem row: what the reports share, the breakdowns, triage notes. */
import type { ReactNode } from 'react';
import { describeBugCheck, describeExceptionCode } from '../../../../shared/codes';
import type { ProblemSummary } from '../../../../shared/problem-model';
import type { StoreKind } from '../../../../shared/report-model';
import type { ReportFilter } from '../../model/report-filter';
import type { TriageHandle } from '../../state/use-triage';
import { localDateTime, plural } from './problem-format';
import { TriageEditor } from './triage-editor';

/** Props of `ProblemDetails`. */
export interface ProblemDetailsProps {
  readonly problem: ProblemSummary;
  readonly triage: TriageHandle;
  readonly onShowReports: (filter: Partial<ReportFilter>) => void;
}

const STORE_LABELS: Readonly<Record<StoreKind, string>> = {
  ReportQueue: 'Queue (not sent yet)',
  ReportArchive: 'Archive (sent or done)',
  Minidump: 'Kernel dumps (Minidump)',
  CrashDumps: 'LocalDumps dumps (CrashDumps)',
  EventLog: 'Event log only (report folder gone)',
  other: 'Other folders',
};

function Item({ label, children }: { readonly label: string; readonly children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function exceptionText(p: ProblemSummary): string | null {
  if (p.exceptionCode) {
    const name = describeExceptionCode(p.exceptionCode).name;
    return name ? `${p.exceptionCode} (${name})` : p.exceptionCode;
  }
  if (p.bugCheckCode) {
    const name = describeBugCheck(p.bugCheckCode).name;
    return name ? `0x${p.bugCheckCode} (${name})` : `0x${p.bugCheckCode}`;
  }
  if (p.hangSignature) return `Hang signature ${p.hangSignature}`;
  return p.exceptionType;
}

function counts(values: readonly { readonly label: string; readonly count: number }[]): ReactNode {
  if (values.length === 0) return <span className="muted">not recorded</span>;
  return (
    <ul className="value-counts">
      {values.map((v) => (
        <li key={v.label}>
          <span className="mono">{v.label}</span> <span className="muted">×{v.count}</span>
        </li>
      ))}
    </ul>
  );
}

/** How the reports were grouped, in words (as Sentry says which frame an issue is grouped by). */
function groupedByText(p: ProblemSummary): ReactNode {
  switch (p.keyedBy) {
    case 'frame':
      return (
        <>
          top frame <span className="mono">{p.topFrame}</span> and exception code
        </>
      );
    case 'signature':
      return p.family === 'crash' ? 'signature (faulting module and offset: the top frame is not known)' : 'signature';
    case 'application':
      return 'application';
  }
}

/** Details and triage of one problem, and the way to its reports. */
export function ProblemDetails({ problem: p, triage, onShowReports }: ProblemDetailsProps) {
  const exception = exceptionText(p);
  return (
    <div className="problem-details">
      <dl className="problem-facts">
        <Item label="Grouped by">{groupedByText(p)}</Item>
        <Item label="Application">{p.application || <span className="muted">unknown</span>}</Item>
        {p.module && <Item label="Module">{p.module}</Item>}
        {exception && <Item label={p.bugCheckCode ? 'Bug check' : 'Exception'}>{exception}</Item>}
        {p.offset && <Item label="Offset">{p.offset}</Item>}
        <Item label="Event types">{p.eventTypes.join(', ') || <span className="muted">unknown</span>}</Item>
        <Item label="First seen">{localDateTime(p.firstSeen) || <span className="muted">no date</span>}</Item>
        <Item label="Last seen">{localDateTime(p.lastSeen) || <span className="muted">no date</span>}</Item>
        <Item label="Application versions">{counts(p.applicationVersions.map((v) => ({ label: v.version, count: v.count })))}</Item>
        <Item label="Windows versions">{counts(p.osVersions.map((v) => ({ label: v.version, count: v.count })))}</Item>
        {p.machines.length > 0 && <Item label="Machines">{counts(p.machines.map((m) => ({ label: m.name, count: m.count })))}</Item>}
        <Item label="Stores">{p.stores.map((s) => STORE_LABELS[s]).join(', ')}</Item>
        <Item label="Bucket ids">
          {p.bucketIds.length === 0 ? (
            <span className="muted">none yet (Windows assigns one when the report is sent)</span>
          ) : (
            <ul className="value-counts">
              {p.bucketIds.map((b) => (
                <li key={b} className="mono">
                  {b}
                </li>
              ))}
            </ul>
          )}
        </Item>
      </dl>
      <div className="problem-side">
        <TriageEditor key={p.key} problemKey={p.key} saved={p.triage} triage={triage} />
        <button className="primary" onClick={() => onShowReports({ problem: { mode: p.mode, key: p.key }, reportIdsLabel: p.title })}>
          Show {plural(p.count, 'report')}
        </button>
      </div>
    </div>
  );
}
