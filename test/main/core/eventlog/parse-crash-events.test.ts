/** The crash event parsers on hand-built records: field counts, localised text, odd values. */
import type { EvtxRecord, EvtxSystem } from '../../../../electron/main/core/evtx/evtx-model';
import { crashEventFromRecord } from '../../../../electron/main/core/eventlog/crash-events';
import { werValues } from '../../../support/evtx-crash-events';

const SYSTEM: EvtxSystem = {
  provider: null, providerGuid: null, eventSourceName: null, eventId: null, qualifiers: 0, version: 0, level: 2, task: 0, opcode: 0,
  keywords: '0x80000000000000', timeCreated: '2025-06-01T12:00:00.0000000Z', eventRecordId: 7, activityId: null, relatedActivityId: null,
  channel: 'Application', computer: 'PC', userId: null,
};

function record(provider: string, eventId: number, dataList: string[], data: Record<string, string> = {}, eventSourceName: string | null = null): EvtxRecord {
  return {
    recordId: 7, time: SYSTEM.timeCreated, offset: 4608, chunk: 0, recovered: false, system: { ...SYSTEM, provider, eventId, eventSourceName },
    data, dataList, binary: null, userData: null, event: null, problems: [],
  };
}

test('1001 with 21 (Windows 7) and 22 fields', () => {
  for (const count of [21, 22]) {
    const e = crashEventFromRecord(record('Windows Error Reporting', 1001, werValues('123', 'C:\\x').slice(0, count)));
    expect(e).toMatchObject({ kind: 'wer-report', bucket: '123', reportId: '4b0e8f9a-1c2d-4e5f-8a9b-0c1d2e3f4a5b', reportFolder: 'C:\\x', problems: [] });
    expect(e?.kind === 'wer-report' && e.cabGuid).toBe(null);
  }
  expect(crashEventFromRecord(record('Windows Error Reporting', 1001, ['', '0', 'APPCRASH']))?.problems).toEqual(['event 1001 has 3 Data fields (21 to 23 expected)']);
});

test('1001 of a non-crash report and of a hang keep their event names and fields', () => {
  const values = werValues('', 'NULL');
  values[2] = 'AppHangB1';
  values.splice(5, 10, 'hangy.exe', '2.0.0.1', '5f000000', 'a3f2', '128', '', '', '', '', '');
  const e = crashEventFromRecord(record('Windows Error Reporting', 1001, values));
  expect(e).toMatchObject({ eventName: 'AppHangB1', fields: { application: 'hangy.exe', hangSignature: 'a3f2', hangType: '128' }, reportFolder: null });
  values[2] = 'WindowsUpdateFailure3';
  expect(crashEventFromRecord(record('Windows Error Reporting', 1001, values))).toMatchObject({ eventName: 'WindowsUpdateFailure3', fields: {} });
});

test('1026 with full-width colons (Japanese labels) and with too few lines', () => {
  const text = 'アプリケーション：crashy.exe\nフレームワークのバージョン：v4.0.30319\n説明：ハンドルされていない例外のため、プロセスが中止されました。\n例外情報：System.IO.FileNotFoundException\n   場所 Crashy.Main()\n';
  expect(crashEventFromRecord(record('.NET Runtime', 1026, [text]))).toMatchObject({
    fields: { application: 'crashy.exe', exceptionType: 'System.IO.FileNotFoundException' }, runtimeVersion: 'v4.0.30319', stack: ['場所 Crashy.Main()'], problems: [],
  });
  expect(crashEventFromRecord(record('.NET Runtime', 1026, ['garbage']))?.problems).toEqual(['the .NET Runtime text does not have the expected lines']);
});

test('BugCheck in the classic form (source BugCheck) and with a 16-digit code', () => {
  const e = crashEventFromRecord(record('Microsoft-Windows-WER-SystemErrorReporting', 1001, ['0x00000000000000d1 (0x0, 0x2, 0x0, 0xfffff8001234)', 'C:\\Windows\\Minidump\\060125-1.dmp', '0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9']));
  expect(e).toMatchObject({ kind: 'bugcheck', bugCheckCode: '000000d1', parameters: ['0x0', '0x2', '0x0', '0xfffff8001234'], dumpPath: 'C:\\Windows\\Minidump\\060125-1.dmp' });
  expect(crashEventFromRecord(record('EventLog', 1001, ['0x7e'], {}, 'BugCheck'))).toMatchObject({ kind: 'bugcheck', bugCheckCode: '0000007e', parameters: [] });
  expect(crashEventFromRecord(record('Microsoft-Windows-WER-SystemErrorReporting', 1001, ['no code']))?.problems).toEqual(['bug check text "no code" has no code']);
});

test('1000 with a pid that is not hex, and braces around the report id', () => {
  const values = ['a.exe', '1', '0', 'b.dll', '1', '0', '0xC0000409', '0x10', 'zz', '0', 'C:\\a.exe', 'C:\\b.dll', '{AB12CD34-0000-0000-0000-000000000001}'];
  const e = crashEventFromRecord(record('Application Error', 1000, values));
  expect(e).toMatchObject({ fields: { exceptionCode: 'c0000409', exceptionOffset: '10' }, process: { pid: null, startTime: null }, reportId: 'ab12cd34-0000-0000-0000-000000000001' });
  expect(e?.problems).toEqual(['process id "zz" is not hex']);
});

test('other providers and ids are not crash events', () => {
  expect(crashEventFromRecord(record('Application Error', 1001, []))).toBeNull();
  expect(crashEventFromRecord(record('Microsoft-Windows-LoadPerf', 1000, []))).toBeNull();
  expect(crashEventFromRecord(record('Windows Error Reporting', 1000, []))).toBeNull();
  expect(crashEventFromRecord(record('.NET Runtime', 1025, []))).toBeNull();
});
