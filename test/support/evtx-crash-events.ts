/**
 * Crash events in the layouts of ../shared/docs/wer-formats.md §7, ready for the EVTX writer:
 * Application Error 1000 (classic 13/15 fields, Windows 11 named), Windows Error Reporting 1001
 * (classic 23 fields, named), Application Hang 1002, .NET Runtime 1026 and System BugCheck 1001.
 * Values are made up but shaped like real ones (hex pid, hex FILETIME, `\\?\` paths).
 */
import { V, type WriterEvent } from './evtx-writer';

/** FILETIME of 2025-06-01T12:00:00Z, the base time of the built events. */
export const BASE_TIME = 133932528000000000n;
/** The report id the built 1000/1001/1002 events share. */
export const REPORT_ID = '4b0e8f9a-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
/** Process creation FILETIME used by the built events (2025-06-01T11:59:00Z). */
export const PROCESS_START = 133932527400000000n;

const WER_GUID = '{0ead09bd-2157-539a-8d6d-c87f95b64d70}';
const APP_ERROR_GUID = '{a0e9b465-b939-57d7-b27d-95d8e925ff57}';

/** The 15 classic values of event 1000 (Windows 8 and later); the first 13 are Windows 7's. */
export const APP_ERROR_VALUES = [
  'crashy.exe', '1.2.3.4', '5f1a2b3c', 'ntdll.dll', '10.0.19041.3636', 'a1b2c3d4', 'C0000005', '000000000004E3F2', '1a2c',
  PROCESS_START.toString(16).padStart(16, '0'), 'C:\\Program Files\\Crashy\\crashy.exe', 'C:\\Windows\\SYSTEM32\\ntdll.dll', REPORT_ID, '', '',
] as const;

const APP_ERROR_NAMES = [
  'AppName', 'AppVersion', 'AppTimeStamp', 'ModuleName', 'ModuleVersion', 'ModuleTimeStamp', 'ExceptionCode', 'FaultingOffset',
  'ProcessId', 'ProcessCreationTime', 'AppPath', 'ModulePath', 'IntegratorReportId', 'PackageFullName', 'PackageRelativeAppId',
] as const;

/** Application Error 1000, classic form with 13 (Windows 7) or 15 fields. */
export function appError1000Classic(recordId: number, fields: 13 | 15 = 15): WriterEvent {
  return { recordId, provider: 'Application Error', eventId: 1000, qualifiers: 0, level: 2, time: BASE_TIME + BigInt(recordId), processId: 0, data: { kind: 'classic', strings: APP_ERROR_VALUES.slice(0, fields) } };
}

/** Application Error 1000, Windows 11 named form (hex pid and FILETIME with `0x`, typed values). */
export function appError1000Named(recordId: number): WriterEvent {
  const values = APP_ERROR_NAMES.map((name, i): readonly [string, string | ReturnType<typeof V.str>] => {
    if (name === 'ProcessId') return [name, V.hex32(0x1a2c)];
    if (name === 'ProcessCreationTime') return [name, V.hex64(PROCESS_START)];
    if (name === 'FaultingOffset') return [name, '0x000000000004e3f2'];
    if (name === 'ExceptionCode') return [name, 'c0000005'];
    return [name, APP_ERROR_VALUES[i]!];
  });
  return { recordId, provider: 'Application Error', providerGuid: APP_ERROR_GUID, eventId: 1000, level: 2, task: 100, time: BASE_TIME + BigInt(recordId), data: { kind: 'named', fields: values } };
}

/** The 23 values of a 1001 APPCRASH after archiving (bucketed), in classic order. */
export function werValues(bucket: string, storePath: string): string[] {
  return [
    bucket, bucket ? '4' : '0', 'APPCRASH', 'Not available', '0', 'crashy.exe', '1.2.3.4', '5f1a2b3c', 'ntdll.dll', '10.0.19041.3636',
    'a1b2c3d4', 'c0000005', '000000000004e3f2', '', '',
    '\r\n\\\\?\\C:\\ProgramData\\Microsoft\\Windows\\WER\\Temp\\WER1A2B.tmp.mdmp\r\n\\\\?\\C:\\ProgramData\\Microsoft\\Windows\\WER\\Temp\\WER1A3C.tmp.WERInternalMetadata.xml',
    storePath, '', '0', REPORT_ID, bucket ? '268435456' : '4', bucket ? '0f1e2d3c4b5a69788796a5b4c3d2e1f0' : '', '0',
  ];
}

const WER_NAMES = [
  'Bucket', 'BucketType', 'EventName', 'Response', 'CabId', 'P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7', 'P8', 'P9', 'P10',
  'AttachedFiles', 'StorePath', 'AnalysisSymbol', 'Rechecking', 'ReportId', 'ReportStatus', 'HashedBucket', 'CabGuid',
] as const;

/** The archive folder the built 1001s name. */
export const STORE_PATH = `\\\\?\\C:\\ProgramData\\Microsoft\\Windows\\WER\\ReportArchive\\AppCrash_crashy.exe_9f8e7d6c5b4a39281706f5e4d3c2b1a0_0b1c2d3e_${REPORT_ID}`;

/** Windows Error Reporting 1001 APPCRASH, classic (23 unnamed values, on disk one string array). */
export function wer1001Classic(recordId: number, bucket = '', count: 21 | 22 | 23 = 23): WriterEvent {
  return { recordId, provider: 'Windows Error Reporting', eventId: 1001, qualifiers: 0, level: 4, time: BASE_TIME + BigInt(recordId), data: { kind: 'classic', strings: werValues(bucket, bucket ? STORE_PATH : 'NULL').slice(0, count) } };
}

/** Windows Error Reporting 1001 APPCRASH, Windows 11 named form (optionally EventData as nested BinXML). */
export function wer1001Named(recordId: number, bucket = '1705213331041182621', nested = false): WriterEvent {
  const values = werValues(bucket, STORE_PATH);
  return { recordId, provider: 'Windows Error Reporting', providerGuid: WER_GUID, eventId: 1001, level: 4, time: BASE_TIME + BigInt(recordId), data: { kind: 'named', nested, fields: WER_NAMES.map((n, i) => [n, values[i]!] as const) } };
}

/** Application Hang 1002, classic form with its `<Binary>`. */
export function appHang1002(recordId: number): WriterEvent {
  const strings = ['hangy.exe', '2.0.0.1', '2f3c', PROCESS_START.toString(16).padStart(16, '0'), '4294967295', 'C:\\Tools\\hangy.exe', REPORT_ID, '', '', 'Quiesce'];
  return { recordId, provider: 'Application Hang', eventId: 1002, qualifiers: 0, level: 2, time: BASE_TIME + BigInt(recordId), data: { kind: 'classic', strings, binary: Uint8Array.of(0x55, 0x00, 0x6e, 0x00, 0x6b, 0x00) } };
}

/** The .NET Framework text of a 1026 (English labels). */
export const DOTNET_TEXT_EN = 'Application: crashy.exe\r\nFramework Version: v4.0.30319\r\nDescription: The process was terminated due to an unhandled exception.\r\nException Info: System.NullReferenceException\r\n   at Crashy.Program.Run()\r\n   at Crashy.Program.Main(System.String[])\r\n';

/** The same text as a German system writes it (localised labels, same line positions). */
export const DOTNET_TEXT_DE = 'Anwendung: crashy.exe\r\nFrameworkversion: v4.0.30319\r\nBeschreibung: Der Prozess wurde aufgrund einer unbehandelten Ausnahme beendet.\r\nAusnahmeinformationen: System.NullReferenceException\r\n   bei Crashy.Program.Run()\r\n';

/** A .NET (Core) 1026: an extra version line and the message after the type. */
export const DOTNET_TEXT_CORE = 'Application: crashy.exe\nCoreCLR Version: 8.0.1024.46610\n.NET Version: 8.0.10\nDescription: The process was terminated due to an unhandled exception.\nException Info: System.InvalidOperationException: boom\n   at Program.<Main>$(String[] args) in C:\\src\\Program.cs:line 3\n';

/** .NET Runtime 1026 with the given text. */
export function dotnet1026(recordId: number, text = DOTNET_TEXT_EN): WriterEvent {
  return { recordId, provider: '.NET Runtime', eventId: 1026, qualifiers: 0, level: 2, time: BASE_TIME + BigInt(recordId), data: { kind: 'classic', strings: [text] } };
}

/** System log BugCheck 1001 (Microsoft-Windows-WER-SystemErrorReporting, param1–param3). */
export function bugCheck1001(recordId: number): WriterEvent {
  return {
    recordId, provider: 'Microsoft-Windows-WER-SystemErrorReporting', providerGuid: '{abce23e7-de45-4366-8631-84fa6c525952}', eventId: 1001, qualifiers: 16384, level: 2,
    time: BASE_TIME + BigInt(recordId), data: { kind: 'named', fields: [
      ['param1', '0x0000009f (0x0000000000000003, 0xffffc60d5ed8fa20, 0xfffff80634c7b750, 0xffffc60d68fa5a20)'],
      ['param2', 'C:\\Windows\\MEMORY.DMP'],
      ['param3', 'c1a2b3d4-0000-4e5f-8a9b-0c1d2e3f4a5b'],
    ] },
  };
}

/** Other providers reusing ids 1000/1001 (must be ignored). */
export function impostors(recordId: number): WriterEvent[] {
  return [
    { recordId, provider: 'Microsoft-Windows-LoadPerf', eventId: 1000, level: 4, time: BASE_TIME, data: { kind: 'classic', strings: ['a', 'b'] } },
    { recordId: recordId + 1, provider: 'Microsoft-Windows-LoadPerf', eventId: 1001, level: 4, time: BASE_TIME, data: { kind: 'classic', strings: ['c'] } },
  ];
}
