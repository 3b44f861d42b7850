/**
 * logRecords on hand-built event lists, one test per rule: the expected records are written from
 * the events' own values (the construction), in the form a Report.wer of the same crash has them.
 */
import { logFolder, logRecords } from '../../../../electron/main/core/records/log-records';
import type { CrashEvent } from '../../../../electron/main/core/eventlog/crash-event-model';
import type { WerReport } from '../../../../shared/report-model';
import { appError, appHang, at, bugCheck, crashValues, dotnet, wer } from '../../../support/crash-event-builders';

const LOG = { file: 'D:\\logs\\Application.evtx', channel: 'Application' } as const;
const RID = '4b0e8f9a-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
const RID2 = '0d9c8b7a-6f5e-4d3c-2b1a-098765432100';

const APPCRASH_NAMES = [
  'Application Name', 'Application Version', 'Application Timestamp', 'Fault Module Name', 'Fault Module Version',
  'Fault Module Timestamp', 'Exception Code', 'Exception Offset',
];
const appcrashSig = (values = crashValues()): { index: number; name: string; value: string }[] =>
  values.map((value, index) => ({ index, name: APPCRASH_NAMES[index]!, value }));
const CRASH_FIELDS = {
  application: 'crashy.exe', applicationVersion: '1.2.3.4', applicationTimestamp: '5f1a2b3c', module: 'ntdll.dll',
  moduleVersion: '10.0.19041.3636', moduleTimestamp: 'a1b2c3d4', exceptionCode: 'c0000005', exceptionOffset: '000000000004e3f2',
};

function only(events: readonly CrashEvent[], log: { file: string | null; channel: string | null } = LOG): WerReport {
  const records = logRecords(events, log);
  expect(records).toHaveLength(1);
  return records[0]!;
}

test('a crash: 1000, the queued 1001 and the archived 1001s are one record with the latest non-empty bucket', () => {
  const events = [
    appError(10, at(0, 1234567), { reportId: RID }),
    wer(11, at(1), { reportId: RID }),
    wer(12, at(30), { reportId: RID, bucket: '1705213331041182621', bucketType: '4', hashedBucket: 'ff3dd2752de9029957aa227d6ef8639d' }),
    // A later step without a bucket (seen in the real log) does not take the bucket away.
    wer(13, at(31), { reportId: RID, bucket: null }),
  ];
  const r = only(events);
  expect(r).toEqual<WerReport>({
    id: RID, folder: LOG.file, store: 'EventLog', storeRoot: LOG.file, folderKind: null, eventType: 'APPCRASH', reportType: null,
    reportTypeName: null, eventTime: '2025-06-01T12:00:00.123Z', uploadTime: null, appName: 'crashy.exe',
    appPath: 'C:\\Program Files\\Crashy\\crashy.exe', friendlyEventName: null, signature: appcrashSig(), fields: CRASH_FIELDS,
    bucket: { id: 'ff3dd2752de9029957aa227d6ef8639d', table: 4, legacyId: '1705213331041182621' },
    process: { pid: 0x1a2c, startTime: '2025-06-01T11:59:00.123Z' }, os: null, machine: null, attachments: [], problems: [],
    sources: events.map((e) => ({
      kind: 'eventlog', log: LOG.file, channel: 'Application', provider: e.provider, eventId: e.eventId, recordId: e.recordId, time: e.time, reportId: RID,
    })),
    reportWerSize: null, reportWerMtimeMs: null,
  });
});

test('an older build writes the 32-hex bucket id in Bucket itself', () => {
  const r = only([wer(5, at(0), { reportId: RID, bucket: '0F1E2D3C4B5A69788796A5B4C3D2E1F0', bucketType: '1' })]);
  expect(r.bucket).toEqual({ id: '0F1E2D3C4B5A69788796A5B4C3D2E1F0', table: 1, legacyId: null });
});

test('the event type is the latest 1001 EventName; its P1–P10 named as that type names them', () => {
  const hang = ['hangy.exe', '2.0.0.1', '5f000000', 'a3f2', '128'];
  const r = only([appHang(1, at(0), { reportId: RID }), wer(2, at(5), { reportId: RID, eventName: 'AppHangB1', values: hang })]);
  expect(r.eventType).toBe('AppHangB1');
  expect(r.signature).toEqual(['Application Name', 'Application Version', 'Application Timestamp', 'Hang Signature', 'Hang Type'].map((name, index) => ({ index, name, value: hang[index] })));
  expect(r.fields).toEqual({ application: 'hangy.exe', applicationVersion: '2.0.0.1', applicationTimestamp: '5f000000', hangSignature: 'a3f2', hangType: '128' });
  expect(r.process).toEqual({ pid: 0x2f3c, startTime: '2025-06-01T11:59:00.000Z' });
  // No 1000: the crash time is the earliest event's.
  expect(r.eventTime).toBe('2025-06-01T12:00:00.000Z');
});

test('a lone 1000 is an APPCRASH whose signature is built the way WER writes Sig[n]', () => {
  const r = only([appError(7, at(3), { reportId: RID })]);
  expect(r).toMatchObject({ id: RID, eventType: 'APPCRASH', signature: appcrashSig(), fields: CRASH_FIELDS, bucket: null, eventTime: '2025-06-01T12:00:03.000Z' });
});

test('a lone 1002 is an AppHangB1 with what the hang event knows', () => {
  const r = only([appHang(4, at(0), { reportId: RID })]);
  expect(r).toMatchObject({
    eventType: 'AppHangB1', appName: 'hangy.exe', appPath: 'C:\\Tools\\hangy.exe',
    signature: [{ index: 0, name: 'Application Name', value: 'hangy.exe' }, { index: 1, name: 'Application Version', value: '2.0.0.1' }],
    fields: { application: 'hangy.exe', applicationVersion: '2.0.0.1' }, process: { pid: 0x2f3c, startTime: '2025-06-01T11:59:00.000Z' },
  });
});

test('a lone 1001 of a non-crash report keeps its event name and the log’s own P names', () => {
  const values = ['MicrosoftEdgeUpdate.exe', '1.3.195.61', 'PostOOBEDiagnostics_0', '0x80040827'];
  const r = only([wer(41, at(0), { reportId: RID, eventName: 'crashpad_log', values })]);
  expect(r).toMatchObject({ eventType: 'crashpad_log', fields: {}, appName: null, process: null, signature: values.map((value, index) => ({ index, name: `P${index + 1}`, value })) });
});

test('a 1026 joins the 1000 of the same app just after it; the .NET exception type is kept', () => {
  const events = [dotnet(1, at(0)), appError(2, at(1), { reportId: RID }), wer(3, at(2), { reportId: RID })];
  const r = only(events);
  expect(r.sources.map((s) => s.kind === 'eventlog' && [s.recordId, s.eventId, s.reportId])).toEqual([[1, 1026, null], [2, 1000, RID], [3, 1001, RID]]);
  expect(r.fields).toEqual({ ...CRASH_FIELDS, exceptionType: 'System.NullReferenceException' });
  expect(r.eventType).toBe('APPCRASH');
});

test('a 1026 with no 1000 of its app within 60 s is a CLR20r3 record of its own', () => {
  const late = logRecords([dotnet(1, at(0)), appError(2, at(61), { reportId: RID })], LOG);
  expect(late.map((r) => r.eventType).sort()).toEqual(['APPCRASH', 'CLR20r3']);
  const otherApp = logRecords([dotnet(1, at(0), 'other.exe'), appError(2, at(1), { reportId: RID })], LOG);
  expect(otherApp).toHaveLength(2);
  const lone = otherApp.find((r) => r.eventType === 'CLR20r3')!;
  expect(lone).toMatchObject({
    appName: 'other.exe', process: null, eventTime: '2025-06-01T12:00:00.000Z', fields: { application: 'other.exe', exceptionType: 'System.NullReferenceException' },
    signature: [{ index: 0, name: 'Problem Signature 01', value: 'other.exe' }, { index: 8, name: 'Problem Signature 09', value: 'System.NullReferenceException' }],
  });
  // No report id: a stable hash of the log and the event.
  expect(lone.id).toMatch(/^[0-9a-f]{32}$/);
  expect(logRecords([dotnet(1, at(0), 'other.exe')], LOG)[0]!.id).toBe(lone.id);
  expect(logRecords([dotnet(1, at(0), 'other.exe')], { file: 'E:\\copy.evtx', channel: 'Application' })[0]!.id).not.toBe(lone.id);
  // A 1026 whose text named no application cannot be matched.
  expect(logRecords([dotnet(1, at(0), null), appError(2, at(1), { reportId: RID })], LOG)).toHaveLength(2);
});

test('an app crashing in a loop: each 1026 goes to its own crash', () => {
  const events = [
    dotnet(1, at(0)), appError(2, at(1), { reportId: RID }), wer(3, at(2), { reportId: RID }),
    dotnet(4, at(10)), appError(5, at(11), { reportId: RID2, process: { pid: 0x1b00, startTime: '2025-06-01T12:00:05.0000000Z' } }), wer(6, at(12), { reportId: RID2 }),
  ];
  const records = logRecords(events, LOG);
  expect(records.map((r) => [r.id, r.sources.map((s) => s.kind === 'eventlog' && s.recordId)])).toEqual([[RID2, [4, 5, 6]], [RID, [1, 2, 3]]]);
  expect(records[0]!.process).toEqual({ pid: 0x1b00, startTime: '2025-06-01T12:00:05.000Z' });
});

test('two 1026s before one 1000: the later one joins it, the earlier one stays alone', () => {
  const records = logRecords([dotnet(1, at(0)), dotnet(2, at(1)), appError(3, at(2), { reportId: RID })], LOG);
  expect(records.map((r) => r.sources.map((s) => s.kind === 'eventlog' && s.recordId))).toEqual([[2, 3], [1]]);
});

test('a BugCheck is a BlueScreen record shaped like a kernel dump’s (Code and Parameter n, bare hex)', () => {
  const r = only([bugCheck(99, at(0))], { file: null, channel: 'System' });
  expect(r).toMatchObject({
    id: 'c1a2b3d4-0000-4e5f-8a9b-0c1d2e3f4a5b', folder: 'eventlog:System', eventType: 'BlueScreen', process: null,
    signature: [
      { index: 0, name: 'Code', value: '9f' }, { index: 1, name: 'Parameter 1', value: '3' }, { index: 2, name: 'Parameter 2', value: 'ffffc60d5ed8fa20' },
      { index: 3, name: 'Parameter 3', value: 'fffff80634c7b750' }, { index: 4, name: 'Parameter 4', value: 'ffffc60d68fa5a20' },
    ],
    fields: { bugCheckCode: '0000009f', bugCheckParameter1: '3', bugCheckParameter2: 'ffffc60d5ed8fa20', bugCheckParameter3: 'fffff80634c7b750', bugCheckParameter4: 'ffffc60d68fa5a20' },
  });
  expect(r.sources).toEqual([{ kind: 'eventlog', log: null, channel: 'System', provider: 'Microsoft-Windows-WER-SystemErrorReporting', eventId: 1001, recordId: 99, time: at(0), reportId: 'c1a2b3d4-0000-4e5f-8a9b-0c1d2e3f4a5b' }]);
});

test('the live log and a saved file of unknown channel: folder text and channels', () => {
  expect(logFolder({ file: null, channel: 'Application' })).toBe('eventlog:Application');
  expect(logFolder({ file: 'C:\\a.evtx', channel: null })).toBe('C:\\a.evtx');
  const records = logRecords([appError(1, at(0), { reportId: RID }), bugCheck(2, at(5))], { file: 'C:\\a.evtx', channel: null });
  expect(records.map((r) => r.sources[0]!.kind === 'eventlog' && r.sources[0]!.channel)).toEqual(['System', 'Application']);
  expect(only([appError(1, at(0))], { file: null, channel: 'Application' })).toMatchObject({ folder: 'eventlog:Application', sources: [{ log: null }] });
});

test('hostile: report ids in odd case and braces, shuffled events, missing fields, bad ids', () => {
  const upper = `{${RID.toUpperCase()}}`;
  const events = [
    wer(13, at(31), { reportId: upper, bucket: '77', bucketType: 'x' }),
    appError(10, at(0), { reportId: RID }),
    wer(11, at(1), { reportId: ` ${upper} ` }),
  ];
  const r = only(events);
  expect(r.id).toBe(RID);
  expect(r.bucket).toEqual({ id: null, table: null, legacyId: '77' });
  expect(r.sources.map((s) => s.kind === 'eventlog' && [s.recordId, s.reportId])).toEqual([[10, RID], [11, RID], [13, RID]]);
  // The same events in log order give the same record.
  expect(logRecords([...events].sort((a, b) => a.recordId - b.recordId), LOG)).toEqual([r]);

  // Nothing but a record id: still a record, never a throw.
  const bare = only([{ ...appError(1, null), fields: {}, process: { pid: null, startTime: null }, applicationPath: null, problems: ['event 1000 has 2 Data fields (13 or 15 expected)'] }]);
  expect(bare).toMatchObject({ eventType: 'APPCRASH', signature: [], fields: {}, process: null, eventTime: null, appName: null, problems: ['Event record 1 (Application Error 1000): event 1000 has 2 Data fields (13 or 15 expected).'] });
  // A report id that is no GUID links nothing: the record gets a hashed id.
  expect(only([appError(1, at(0), { reportId: 'not-a-guid' })]).id).toMatch(/^[0-9a-f]{32}$/);
  // A start time that is not a time: the pid is kept, the time is not.
  expect(only([appError(1, at(0), { process: { pid: 8, startTime: 'garbage' } })]).process).toEqual({ pid: 8, startTime: null });
  // An empty EventName falls back to what the other events say.
  expect(only([appError(1, at(0), { reportId: RID }), wer(2, at(1), { reportId: RID, eventName: '' })]).eventType).toBe('APPCRASH');
  expect(logRecords([], LOG)).toEqual([]);
});
