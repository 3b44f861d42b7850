/**
 * The crashes one event log records, one WerReport per crash (store `EventLog`): what support
 * staff see when WER's folder is gone or was never written. Pure: events in, records out.
 */
import { createHash } from 'node:crypto';
import type { EventLogSource, SigEntry, WerReport } from '../../../../shared/report-model';
import { compareReports } from '../../../../shared/report-order';
import { semanticFields, type SemanticFields } from '../../../../shared/sig-fields';
import { assertNever } from '../../../../shared/assert-never';
import type { AppErrorEvent, AppHangEvent, BugCheckEvent, CrashEvent, DotNetErrorEvent, WerReportEvent } from '../eventlog/crash-event-model';
import { groupCrashEvents } from './log-groups';
import { bucketOf, bugCheckSignature, namedSignature, signatureFromFields } from './log-signature';
import { normalReportId } from './record-links';
import { isoMs, reportTime } from './record-time';

/** Which log the events come from: a saved `.evtx` file, or the machine's live log (file null). */
export interface LogOrigin {
  readonly file: string | null;
  /**
   * `Application` or `System`; null when not known (a saved file): each event's source then says
   * the channel its provider writes to (System for BugCheck, Application for the others).
   */
  readonly channel: string | null;
}

/**
 * The `folder` text of a log's records: the log file, or `eventlog:CHANNEL` for the live log
 * (which has no file; `eventlog:Application` when the channel is not known either). The one
 * place that decides it, so it changes in one line.
 */
export function logFolder(log: LogOrigin): string {
  return log.file ?? `eventlog:${log.channel ?? 'Application'}`;
}

/** The channel an event was read from: the log's, else the one its provider writes to. */
function channelOf(event: CrashEvent, log: LogOrigin): string {
  return log.channel ?? (event.kind === 'bugcheck' ? 'System' : 'Application');
}

/** One crash's events by kind (each list in log order). */
interface CrashParts {
  readonly wers: WerReportEvent[];
  readonly appErrors: AppErrorEvent[];
  readonly hangs: AppHangEvent[];
  readonly dotnets: DotNetErrorEvent[];
  readonly bugChecks: BugCheckEvent[];
}

function partsOf(events: readonly CrashEvent[]): CrashParts {
  const parts: CrashParts = { wers: [], appErrors: [], hangs: [], dotnets: [], bugChecks: [] };
  for (const e of events) {
    switch (e.kind) {
      case 'wer-report':
        parts.wers.push(e);
        break;
      case 'app-error':
        parts.appErrors.push(e);
        break;
      case 'app-hang':
        parts.hangs.push(e);
        break;
      case 'dotnet-error':
        parts.dotnets.push(e);
        break;
      case 'bugcheck':
        parts.bugChecks.push(e);
        break;
      default:
        assertNever(e);
    }
  }
  return parts;
}

/** The latest 1001 (log order) that satisfies `test`. */
function latest(wers: readonly WerReportEvent[], test: (e: WerReportEvent) => boolean): WerReportEvent | undefined {
  for (let i = wers.length - 1; i >= 0; i--) if (test(wers[i]!)) return wers[i];
  return undefined;
}

/** Adds the fields `from` has and `to` lacks. */
function fillFields(to: Partial<Record<keyof SemanticFields, string>>, from: SemanticFields): void {
  for (const k in from) {
    const key = k as keyof SemanticFields;
    if (to[key] === undefined) to[key] = from[key];
  }
}

/** The event's report id as its source records it (a GUID in lower case, no braces), null for a 1026. */
function sourceReportId(event: CrashEvent): string | null {
  if (event.kind === 'dotnet-error' || event.reportId === null) return null;
  return normalReportId(event.reportId) ?? event.reportId;
}

function sourceOf(event: CrashEvent, log: LogOrigin): EventLogSource {
  return {
    kind: 'eventlog', log: log.file, channel: channelOf(event, log), provider: event.provider, eventId: event.eventId,
    recordId: event.recordId, time: event.time, reportId: sourceReportId(event),
  };
}

/** The sources of the events in time order (events without a time last), log order between equal times. */
function sortedSources(events: readonly CrashEvent[], log: LogOrigin): EventLogSource[] {
  const keyed = events.map((e) => ({ source: sourceOf(e, log), ms: isoMs(e.time) ?? Infinity }));
  keyed.sort((a, b) => a.ms - b.ms || a.source.recordId - b.source.recordId);
  return keyed.map((k) => k.source);
}

/** The record id: the report id when an event names a GUID, else a stable hash of the log and its first event. */
function recordId(events: readonly CrashEvent[], log: LogOrigin): string {
  for (const e of events) {
    const id = e.kind === 'dotnet-error' ? null : normalReportId(e.reportId);
    if (id !== null) return id;
  }
  return createHash('sha1').update(`${logFolder(log)}#${events[0]?.recordId ?? 0}`).digest('hex').slice(0, 32);
}

/** The event type: the latest 1001's EventName, else what the other events say happened. */
function eventTypeOf(parts: CrashParts): string | null {
  const named = latest(parts.wers, (e) => e.eventName !== '');
  if (named) return named.eventName;
  if (parts.appErrors.length > 0) return 'APPCRASH';
  if (parts.hangs.length > 0) return 'AppHangB1';
  if (parts.bugChecks.length > 0) return 'BlueScreen';
  // A .NET Framework unhandled exception is reported as CLR20r3; the log names nothing better.
  if (parts.dotnets.length > 0) return 'CLR20r3';
  return null;
}

/** One crash's events (log order) as a record. */
function crashRecord(events: readonly CrashEvent[], log: LogOrigin): WerReport {
  const parts = partsOf(events);
  const { wers } = parts;
  const appError = parts.appErrors[0];
  const hang = parts.hangs[0];
  const bugCheck = parts.bugChecks[0];
  const eventType = eventTypeOf(parts);
  // Every other event's fields, in the order they are trusted: 1000, 1002, 1026, BugCheck.
  const known: Partial<Record<keyof SemanticFields, string>> = {};
  for (const e of [appError, hang, ...parts.dotnets, bugCheck]) if (e) fillFields(known, e.fields);
  if (appError?.packageFullName) known.packageFullName ??= appError.packageFullName;
  const withSig = latest(wers, (e) => e.signature.length > 0);
  let signature: SigEntry[];
  if (withSig) signature = namedSignature(eventType, withSig.signature);
  else if (bugCheck && eventType?.toUpperCase() === 'BLUESCREEN') signature = bugCheckSignature(bugCheck);
  else signature = eventType === null ? [] : signatureFromFields(eventType, known);
  const fields: Partial<Record<keyof SemanticFields, string>> = { ...semanticFields(eventType, signature) };
  fillFields(fields, known);
  const processEvent = [appError, hang].find((e) => e?.process.pid != null);
  const process = processEvent?.process.pid != null ? { pid: processEvent.process.pid, startTime: reportTime(processEvent.process.startTime) } : null;
  const bucketed = latest(wers, (e) => bucketOf(e) !== null);
  const sources = sortedSources(events, log);
  const folder = logFolder(log);
  return {
    id: recordId(events, log),
    folder,
    store: 'EventLog',
    storeRoot: folder,
    folderKind: null,
    eventType,
    reportType: null,
    reportTypeName: null,
    eventTime: reportTime(appError?.time ?? null) ?? reportTime(sources[0]?.time ?? null),
    uploadTime: null,
    appName: fields.application ?? null,
    appPath: appError?.applicationPath ?? hang?.applicationPath ?? null,
    friendlyEventName: null,
    signature,
    fields,
    bucket: bucketed ? bucketOf(bucketed) : null,
    process,
    os: null,
    // Machine is for collected reports (sent by another machine); a log read here is local.
    machine: null,
    attachments: [],
    problems: [...new Set(events.flatMap((e) => e.problems.map((p) => `Event record ${e.recordId} (${e.provider} ${e.eventId}): ${p}.`)))],
    sources,
    reportWerSize: null,
    reportWerMtimeMs: null,
  };
}

/**
 * The crashes one log records, one record per crash: the 1000, 1001s, 1002, 1026 and BugCheck
 * events of the same report grouped (see groupCrashEvents), newest first. Never throws: events
 * with missing fields still make records, with what they have.
 */
export function logRecords(events: readonly CrashEvent[], log: LogOrigin): WerReport[] {
  return groupCrashEvents(events).map((group) => crashRecord(group, log)).sort(compareReports);
}
