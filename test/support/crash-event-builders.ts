/**
 * CrashEvent objects built in memory for the record tests: the decoded form of events 1000, 1001,
 * 1002, 1026 and BugCheck (see crash-event-model.ts), with plausible defaults a test overrides.
 */
import type {
  AppErrorEvent, AppHangEvent, BugCheckEvent, CrashEventBase, DotNetErrorEvent, WerReportEvent,
} from '../../electron/main/core/eventlog/crash-event-model';
import { semanticFields } from '../../shared/sig-fields';

/** 2025-06-01T12:00:00Z plus `seconds`, as an event's 7-digit TimeCreated. */
export function at(seconds: number, ticks = 0): string {
  return new Date(Date.UTC(2025, 5, 1, 12, 0, 0) + seconds * 1000).toISOString().slice(0, 19) + `.${String(ticks).padStart(7, '0')}Z`;
}

function base(recordId: number, time: string | null, provider: string, eventId: number): Omit<CrashEventBase, 'fields'> {
  return { recordId, time, provider, eventId, computer: 'PC', form: 'classic', problems: [] };
}

/** The APPCRASH values a crash of `app` has (what event 1000 and 1001's P1–P8 both carry). */
export function crashValues(app = 'crashy.exe'): string[] {
  return [app, '1.2.3.4', '5f1a2b3c', 'ntdll.dll', '10.0.19041.3636', 'a1b2c3d4', 'c0000005', '000000000004e3f2'];
}

/** Application Error 1000. */
export function appError(recordId: number, time: string | null, over: Partial<AppErrorEvent> = {}): AppErrorEvent {
  const [application, applicationVersion, applicationTimestamp, module, moduleVersion, moduleTimestamp, exceptionCode, exceptionOffset] = crashValues(over.fields?.application);
  return {
    kind: 'app-error', ...base(recordId, time, 'Application Error', 1000),
    fields: { application, applicationVersion, applicationTimestamp, module, moduleVersion, moduleTimestamp, exceptionCode, exceptionOffset } as Record<string, string>,
    process: { pid: 0x1a2c, startTime: '2025-06-01T11:59:00.1234567Z' },
    applicationPath: 'C:\\Program Files\\Crashy\\crashy.exe', modulePath: 'C:\\Windows\\SYSTEM32\\ntdll.dll',
    reportId: null, packageFullName: null, packageRelativeAppId: null,
    ...over,
  };
}

/** Windows Error Reporting 1001 (APPCRASH unless told). */
export function wer(recordId: number, time: string | null, over: Partial<WerReportEvent> & { values?: readonly string[] } = {}): WerReportEvent {
  const eventName = over.eventName ?? 'APPCRASH';
  const signature = (over.values ?? crashValues()).map((value, index) => ({ index, value })).filter((s) => s.value !== '');
  const { values: _values, ...rest } = over;
  return {
    kind: 'wer-report', ...base(recordId, time, 'Windows Error Reporting', 1001),
    fields: semanticFields(eventName, signature), eventName, bucket: null, bucketType: '0', response: 'Not available', cabId: '0',
    signature, attachedFiles: [], reportFolder: null, reportId: null, reportStatus: '4', hashedBucket: null, cabGuid: '0',
    ...rest,
  };
}

/** Application Hang 1002. */
export function appHang(recordId: number, time: string | null, over: Partial<AppHangEvent> = {}): AppHangEvent {
  return {
    kind: 'app-hang', ...base(recordId, time, 'Application Hang', 1002),
    fields: { application: 'hangy.exe', applicationVersion: '2.0.0.1' },
    process: { pid: 0x2f3c, startTime: '2025-06-01T11:59:00.0000000Z' }, terminationTime: '4294967295',
    applicationPath: 'C:\\Tools\\hangy.exe', reportId: null, packageFullName: null, packageRelativeAppId: null, hangType: 'Quiesce', binary: null,
    ...over,
  };
}

/** .NET Runtime 1026 of `app`. */
export function dotnet(recordId: number, time: string | null, app: string | null = 'crashy.exe', over: Partial<DotNetErrorEvent> = {}): DotNetErrorEvent {
  return {
    kind: 'dotnet-error', ...base(recordId, time, '.NET Runtime', 1026),
    fields: app === null ? { exceptionType: 'System.NullReferenceException' } : { application: app, exceptionType: 'System.NullReferenceException' },
    runtimeVersion: 'v4.0.30319', description: 'The process was terminated due to an unhandled exception.',
    exceptionType: 'System.NullReferenceException', exceptionMessage: null, stack: ['at Crashy.Program.Run()'], text: `Application: ${app ?? ''}\r\n…`,
    ...over,
  };
}

/** System BugCheck 1001: 0x9f with four parameters. */
export function bugCheck(recordId: number, time: string | null, over: Partial<BugCheckEvent> = {}): BugCheckEvent {
  const parameters = ['0x0000000000000003', '0xffffc60d5ed8fa20', '0xfffff80634c7b750', '0xffffc60d68fa5a20'];
  return {
    kind: 'bugcheck', ...base(recordId, time, 'Microsoft-Windows-WER-SystemErrorReporting', 1001),
    fields: { bugCheckCode: '0000009f', bugCheckParameter1: parameters[0]!, bugCheckParameter2: parameters[1]!, bugCheckParameter3: parameters[2]!, bugCheckParameter4: parameters[3]! },
    bugCheckCode: '0000009f', parameters, dumpPath: 'C:\\Windows\\MEMORY.DMP', reportId: 'c1a2b3d4-0000-4e5f-8a9b-0c1d2e3f4a5b',
    ...over,
  };
}
