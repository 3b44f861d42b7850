/**
 * Crash events from logs our EVTX writer builds (every event kind, classic and named forms; the
 * peer evtxexport must read the same Data) and from the real Windows 11 log's 1001 events.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBufferSource } from '../../../../electron/main/core/minidump/byte-source';
import { readCrashEvents } from '../../../../electron/main/core/eventlog/crash-events';
import { readCrashEventLog } from '../../../../electron/main/core/eventlog/read-crash-event-log';
import type { CrashEvent } from '../../../../electron/main/core/eventlog/crash-event-model';
import { readEvtx } from '../../../../electron/main/core/evtx/read-evtx';
import { writeEvtx } from '../../../support/evtx-writer';
import {
  APP_ERROR_VALUES, DOTNET_TEXT_CORE, DOTNET_TEXT_DE, REPORT_ID, appError1000Classic, appError1000Named, appHang1002,
  bugCheck1001, dotnet1026, impostors, wer1001Classic, wer1001Named,
} from '../../../support/evtx-crash-events';
import { evtxexportEvents } from '../../../support/evtx-peer';
import { fixturePath } from '../../../support/fixtures';

const EVENTS = [
  appError1000Classic(1, 13), appError1000Classic(2, 15), appError1000Named(3), wer1001Classic(4), wer1001Classic(5, '1541199205021550517'),
  wer1001Named(6), wer1001Named(7, '99', true), appHang1002(8), dotnet1026(9), dotnet1026(10, DOTNET_TEXT_DE), dotnet1026(11, DOTNET_TEXT_CORE),
  bugCheck1001(12), ...impostors(13),
];
const BYTES = writeEvtx(EVENTS, { recordsPerChunk: 5 });

let events: readonly CrashEvent[] = [];
const byId = (id: number): CrashEvent => events.find((e) => e.recordId === id)!;

beforeAll(async () => {
  const out = await readCrashEvents(createBufferSource(BYTES));
  expect(out.problems).toEqual([]);
  events = out.events;
});

test('picks crash events by provider and id, ignoring other providers reusing 1000/1001', () => {
  expect(events.map((e) => [e.recordId, e.kind])).toEqual([
    [1, 'app-error'], [2, 'app-error'], [3, 'app-error'], [4, 'wer-report'], [5, 'wer-report'], [6, 'wer-report'], [7, 'wer-report'],
    [8, 'app-hang'], [9, 'dotnet-error'], [10, 'dotnet-error'], [11, 'dotnet-error'], [12, 'bugcheck'],
  ]);
  expect(events.every((e) => e.problems.length === 0)).toBe(true);
});

test('1000 gives the same crash in its 13-field, 15-field and Windows 11 named forms', () => {
  const expected = {
    application: 'crashy.exe', applicationVersion: '1.2.3.4', applicationTimestamp: '5f1a2b3c', module: 'ntdll.dll',
    moduleVersion: '10.0.19041.3636', moduleTimestamp: 'a1b2c3d4', exceptionCode: 'c0000005', exceptionOffset: '000000000004e3f2',
  };
  for (const id of [1, 2, 3]) {
    const e = byId(id);
    if (e.kind !== 'app-error') throw new Error('not 1000');
    expect(e.fields).toEqual(expected);
    expect(e.process).toEqual({ pid: 0x1a2c, startTime: '2025-06-01T11:59:00.0000000Z' });
    expect(e.reportId).toBe(REPORT_ID);
    expect(e.applicationPath).toBe('C:\\Program Files\\Crashy\\crashy.exe');
    expect(e.form).toBe(id === 3 ? 'named' : 'classic');
    expect(e.time).toBe(id === 1 ? '2025-06-01T12:00:00.0000001Z' : e.time);
  }
});

test('1001 gives event name, signature fields, bucket, files, folder and report id in both forms', () => {
  const queued = byId(4);
  const archived = byId(6);
  if (queued.kind !== 'wer-report' || archived.kind !== 'wer-report') throw new Error('not 1001');
  expect(queued).toMatchObject({ eventName: 'APPCRASH', bucket: null, reportFolder: null, reportId: REPORT_ID, form: 'classic', response: 'Not available' });
  expect(queued.fields).toMatchObject({ application: 'crashy.exe', module: 'ntdll.dll', exceptionCode: 'c0000005', exceptionOffset: '000000000004e3f2' });
  expect(queued.signature).toHaveLength(8);
  expect(queued.attachedFiles).toEqual([
    'C:\\ProgramData\\Microsoft\\Windows\\WER\\Temp\\WER1A2B.tmp.mdmp',
    'C:\\ProgramData\\Microsoft\\Windows\\WER\\Temp\\WER1A3C.tmp.WERInternalMetadata.xml',
  ]);
  expect(archived).toMatchObject({ bucket: '1705213331041182621', bucketType: '4', form: 'named', hashedBucket: '0f1e2d3c4b5a69788796a5b4c3d2e1f0' });
  expect(archived.reportFolder).toMatch(/^C:\\ProgramData\\Microsoft\\Windows\\WER\\ReportArchive\\AppCrash_crashy\.exe_/);
  expect(byId(7)).toMatchObject({ bucket: '99', reportId: REPORT_ID });
});

test('1002, 1026 (English, German, .NET Core) and BugCheck', () => {
  expect(byId(8)).toMatchObject({
    kind: 'app-hang', fields: { application: 'hangy.exe', applicationVersion: '2.0.0.1' },
    process: { pid: 0x2f3c, startTime: '2025-06-01T11:59:00.0000000Z' }, reportId: REPORT_ID, hangType: 'Quiesce', binary: '55006E006B00',
  });
  expect(byId(9)).toMatchObject({ kind: 'dotnet-error', fields: { application: 'crashy.exe', exceptionType: 'System.NullReferenceException' }, runtimeVersion: 'v4.0.30319', stack: ['at Crashy.Program.Run()', 'at Crashy.Program.Main(System.String[])'] });
  expect(byId(10)).toMatchObject({ fields: { application: 'crashy.exe', exceptionType: 'System.NullReferenceException' }, description: 'Der Prozess wurde aufgrund einer unbehandelten Ausnahme beendet.', stack: ['bei Crashy.Program.Run()'] });
  expect(byId(11)).toMatchObject({ runtimeVersion: '8.0.1024.46610', exceptionType: 'System.InvalidOperationException', exceptionMessage: 'boom' });
  expect(byId(12)).toMatchObject({
    kind: 'bugcheck', bugCheckCode: '0000009f', dumpPath: 'C:\\Windows\\MEMORY.DMP', reportId: 'c1a2b3d4-0000-4e5f-8a9b-0c1d2e3f4a5b',
    parameters: ['0x0000000000000003', '0xffffc60d5ed8fa20', '0xfffff80634c7b750', '0xffffc60d68fa5a20'],
  });
});

test('a 1000 with an unexpected field count still parses, with a problem', async () => {
  const bytes = writeEvtx([{ ...appError1000Classic(1), data: { kind: 'classic', strings: APP_ERROR_VALUES.slice(0, 9) } }]);
  const { events: [e] } = await readCrashEvents(createBufferSource(bytes));
  expect(e?.problems).toEqual(['event 1000 has 9 Data fields (13 or 15 expected)']);
  expect(e?.fields).toMatchObject({ application: 'crashy.exe', exceptionCode: 'c0000005' });
});

test('evtxexport reads the same Data from the written log', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'evtx-crash-'));
  try {
    const file = join(dir, 'crashes.evtx');
    writeFileSync(file, BYTES);
    const peer = evtxexportEvents(file);
    const mine = (await readEvtx(createBufferSource(BYTES))).records;
    expect(peer).toHaveLength(EVENTS.length);
    const lf = (v: unknown): unknown => JSON.parse(JSON.stringify(v).replaceAll('\\r\\n', '\\n'));
    mine.forEach((r, i) => {
      expect(r.system.provider).toBe(peer[i]!.system['provider']);
      expect(r.system.eventId).toBe(peer[i]!.system['eventId']);
      // libevtx pads HexInt32/HexInt64 values (0x00001a2c); Windows and we do not.
      const unpad = (d: Record<string, unknown>): unknown => Object.fromEntries(Object.entries(d).map(([k, v]) => [k, typeof v === 'string' ? v.replace(/^0x0+(?=[0-9a-f])/i, '0x') : v]));
      expect(unpad(lf(r.data) as Record<string, unknown>)).toEqual(unpad(peer[i]!.data as Record<string, unknown>));
      // Whitespace-only values: libevtx prints them empty.
      expect((lf(r.dataList) as string[]).map((s) => (s.trim() === '' ? '' : s))).toEqual(peer[i]!.dataList.map((s) => (s.trim() === '' ? '' : s)));
      expect(r.binary).toBe(peer[i]!.binary);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the real Windows 11 log's 1001 events (named form, non-crash event names)", async () => {
  const { events: real, problems } = await readCrashEvents(createBufferSource(readFileSync(fixturePath('evtx', 'ts-evtx-win11-Application.evtx'))));
  expect(problems).toEqual([]);
  expect(real.map((e) => e.kind)).toEqual(Array(7).fill('wer-report'));
  const bucketed = real.filter((e) => e.kind === 'wer-report' && e.bucket !== null);
  expect(bucketed.map((e) => e.kind === 'wer-report' && [e.reportId, e.bucket])).toEqual(expect.arrayContaining([
    ['36885ca6-218d-4b27-a083-b213629ddb2f', '1541199205021550517'], ['585be057-5199-40c3-87d7-0c5bd95fa34a', '1705213331041182621'],
  ]));
  const first = real[0]!;
  expect(first).toMatchObject({ kind: 'wer-report', eventName: 'crashpad_log', form: 'named', recordId: 41 });
});

test('readCrashEventLog opens a saved log; a missing file is an error, not a throw', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'evtx-file-'));
  try {
    const file = join(dir, 'Application.evtx');
    writeFileSync(file, BYTES);
    const read = await readCrashEventLog(file);
    expect(read.ok && read.value.events.length).toBe(12);
    expect(await readCrashEventLog(join(dir, 'missing.evtx'))).toEqual({ ok: false, error: 'cannot open the file: no such file' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
