/** Typed crash records decoded from Event Log events (wer-formats.md §7). */
import type { SemanticFields } from '../../../../shared/sig-fields';

/** The process an event names: pid and creation time (from the event, so LocalDumps can match). */
export interface EventProcess {
  readonly pid: number | null;
  /** ISO-8601 UTC (7 fraction digits), from the hex FILETIME in the event. */
  readonly startTime: string | null;
}

/** What every crash event carries. */
export interface CrashEventBase {
  /** EventRecordID (the record header's id when the XML lacks it). */
  readonly recordId: number;
  /** TimeCreated, ISO-8601 UTC. */
  readonly time: string | null;
  readonly provider: string;
  readonly eventId: number;
  readonly computer: string | null;
  /** `classic`: unnamed `<Data>` (Windows 7/10); `named`: manifest form (Windows 11). */
  readonly form: 'classic' | 'named';
  /** Semantic fields as the report contract names them (`application`, `exceptionCode` …). */
  readonly fields: SemanticFields;
  /** Things that did not parse; the event is still returned. */
  readonly problems: readonly string[];
}

/** Application Error 1000: a user-mode crash. */
export interface AppErrorEvent extends CrashEventBase {
  readonly kind: 'app-error';
  readonly process: EventProcess;
  readonly applicationPath: string | null;
  readonly modulePath: string | null;
  /** IntegratorReportId: equals 1001's ReportId and Report.wer's ReportIdentifier. */
  readonly reportId: string | null;
  readonly packageFullName: string | null;
  readonly packageRelativeAppId: string | null;
}

/** Windows Error Reporting 1001: one step of a WER report (crash or not), with its bucket. */
export interface WerReportEvent extends CrashEventBase {
  readonly kind: 'wer-report';
  /** APPCRASH, AppHangB1, BlueScreen … also non-crash event names. */
  readonly eventName: string;
  readonly bucket: string | null;
  readonly bucketType: string | null;
  /** Localised text: shown, never interpreted. */
  readonly response: string | null;
  readonly cabId: string | null;
  /** P1–P10 as Sig[0]–Sig[9]. */
  readonly signature: readonly { readonly index: number; readonly value: string }[];
  /** Attached files, `\\?\` prefix removed. */
  readonly attachedFiles: readonly string[];
  /** The report folder (StorePath), null when empty or `NULL`. */
  readonly reportFolder: string | null;
  readonly reportId: string | null;
  readonly reportStatus: string | null;
  readonly hashedBucket: string | null;
  readonly cabGuid: string | null;
}

/** Application Hang 1002. */
export interface AppHangEvent extends CrashEventBase {
  readonly kind: 'app-hang';
  readonly process: EventProcess;
  readonly terminationTime: string | null;
  readonly applicationPath: string | null;
  readonly reportId: string | null;
  readonly packageFullName: string | null;
  readonly packageRelativeAppId: string | null;
  readonly hangType: string | null;
  /** The `<Binary>` payload (upper-case hex), when present. */
  readonly binary: string | null;
}

/** .NET Runtime 1026: an unhandled managed exception (precedes the 1000 of the same process). */
export interface DotNetErrorEvent extends CrashEventBase {
  readonly kind: 'dotnet-error';
  readonly runtimeVersion: string | null;
  readonly description: string | null;
  /** The exception type, e.g. `System.NullReferenceException`. */
  readonly exceptionType: string | null;
  readonly exceptionMessage: string | null;
  /** Stack lines as written (`at …`). */
  readonly stack: readonly string[];
  /** The whole text. */
  readonly text: string;
}

/** System BugCheck 1001: the machine crashed (blue screen). */
export interface BugCheckEvent extends CrashEventBase {
  readonly kind: 'bugcheck';
  /** 8 lower-case hex digits, as the contract's `bugCheckCode`. */
  readonly bugCheckCode: string | null;
  /** The four parameters as written (`0x…`). */
  readonly parameters: readonly string[];
  readonly dumpPath: string | null;
  readonly reportId: string | null;
}

/** Any crash event. */
export type CrashEvent = AppErrorEvent | WerReportEvent | AppHangEvent | DotNetErrorEvent | BugCheckEvent;
