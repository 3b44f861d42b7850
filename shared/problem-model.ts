/**
 * Problems: reports grouped into "the same failure" with counts, first/last seen, breakdowns and
 * the user's triage. Plain, structured-clone-safe data, like the report model.
 */
import type { CalendarDay } from './calendar-day';
import type { StoreKind } from './report-model';
import type { TriageStatus } from './triage-model';

/** How reports are grouped: by failure signature (default) or one problem per application. */
export type GroupingMode = 'signature' | 'application';

/**
 * What a problem's reports share: their top symbolicated frame + exception code (`frame`), their
 * signature (`signature`), or their application (`application` grouping mode).
 */
export type ProblemKeyKind = 'frame' | 'signature' | 'application';

/** Broad kind of an event type: an application crash, a hang, a kernel event, or anything else. */
export type EventFamily = 'crash' | 'hang' | 'kernel' | 'other';

/** A value and how many reports carry it. */
export interface ValueCount {
  readonly value: string;
  readonly count: number;
}

/** An application version and how many reports of the problem carry it. */
export interface VersionCount {
  readonly version: string;
  readonly count: number;
}

/** A machine name and how many reports of the problem came from it. */
export interface MachineCount {
  readonly name: string;
  readonly count: number;
}

/** Reports on one calendar day. */
export interface DayCount {
  readonly day: CalendarDay;
  readonly count: number;
}

/** The triage of a problem as shown: `new` with empty text and no time when nothing is recorded. */
export interface ProblemTriage {
  readonly status: TriageStatus;
  readonly notes: string;
  readonly ticket: string;
  readonly updatedAt: string | null;
}

/** One problem: reports that are the same failure. */
export interface Problem {
  /**
   * Stable, printable key: what triage is stored under. It is the key of a member signature that
   * already has triage, else the signature key of the oldest report (so new reports don't move it).
   */
  readonly key: string;
  /**
   * Every key merged into this problem (by shared bucket id or top frame), sorted; frame-keyed
   * reports add their signature key too, so triage stored before their frame was known still applies.
   */
  readonly keys: readonly string[];
  readonly mode: GroupingMode;
  /** What the reports are grouped by: `frame` when any report's top frame is known (signature mode). */
  readonly keyedBy: ProblemKeyKind;
  /** The top frame (`module!function`) of the newest frame-keyed report, when keyed by frame; else null. */
  readonly topFrame: string | null;
  /** Plain-language title, e.g. "ContosoViewer.exe crashed in ContosoRender.dll (c0000005 …)". */
  readonly title: string;
  readonly family: EventFamily;
  /** Event type of the newest report. */
  readonly eventType: string | null;
  /** Every event type among the reports (sorted); more than one only in application mode. */
  readonly eventTypes: readonly string[];
  /** Application as displayed (package name for packaged apps, "Windows" for kernel events). */
  readonly application: string;
  /**
   * Signature details of the newest report in signature mode; in application mode only values
   * every report shares (else null), since one application problem spans many failures.
   */
  readonly module: string | null;
  readonly exceptionCode: string | null;
  /** Keyed by frame, only an offset every report shares (the frame's reports may fail at several). */
  readonly offset: string | null;
  readonly hangSignature: string | null;
  readonly exceptionType: string | null;
  readonly bugCheckCode: string | null;
  /** Number of reports, dated or not. */
  readonly count: number;
  /** Earliest and latest EventTime (ISO-8601 UTC); null when no report has a time. */
  readonly firstSeen: string | null;
  readonly lastSeen: string | null;
  /** Report ids, newest first; reports without a time last. */
  readonly reportIds: readonly string[];
  /** Most frequent first. Reports without the value are not counted, so sums can be below `count`. */
  readonly applicationVersions: readonly VersionCount[];
  readonly osVersions: readonly VersionCount[];
  readonly machines: readonly MachineCount[];
  /** Distinct Windows Error Reporting bucket ids, sorted. */
  readonly bucketIds: readonly string[];
  /** Reports per day (in the requested UTC offset), ascending, only days with reports. */
  readonly daily: readonly DayCount[];
  /** Stores the reports sit in (queue before archive before other). */
  readonly stores: readonly StoreKind[];
  readonly triage: ProblemTriage;
  /** Marked fixed, but a report came in after it was marked. */
  readonly regressed: boolean;
  /** First seen after the last visit (false before the first visit: there is nothing to compare). */
  readonly isNew: boolean;
  /** Reports with an EventTime after the last visit (0 before the first visit). */
  readonly newSinceLastVisit: number;
}

/**
 * A problem as the query calls send it: without its report ids (hundreds of thousands in a
 * collector's library). The page shows a problem's reports by filtering on its `ProblemRef`.
 */
export type ProblemSummary = Omit<Problem, 'reportIds'>;

/**
 * A problem named by its grouping mode and key: the reports of the problem with that key (or
 * listing it among its `keys`) when the whole library is grouped in that mode, as the Problems
 * view groups it.
 */
export interface ProblemRef {
  readonly mode: GroupingMode;
  readonly key: string;
}
