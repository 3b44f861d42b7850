/**
 * mergeRecords and recordLinks on records from the report factory (WER folders), logRecords over
 * hand-built events (the event log) and dump records shaped as the CrashDumps store makes them.
 * Which records belong together is known from how each was built (shared report ids, processes).
 */
import { mergeRecords, recordLinks } from '../../../../electron/main/core/records/merge-records';
import { logRecords } from '../../../../electron/main/core/records/log-records';
import type { CrashEvent } from '../../../../electron/main/core/eventlog/crash-event-model';
import type { WerReport } from '../../../../shared/report-model';
import { makeReport } from '../../../support/report-factory';
import { appError, at, wer } from '../../../support/crash-event-builders';

const LOG = { file: 'D:\\logs\\Application.evtx', channel: 'Application' } as const;
const RID = '4b0e8f9a-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
const OTHER = '11111111-2222-4333-8444-555555555555';

/** The one record the events make. */
function logRecord(events: readonly CrashEvent[], log: { file: string | null; channel: string } = LOG): WerReport {
  const [r, ...rest] = logRecords(events, log);
  expect(rest).toEqual([]);
  return r!;
}

/** The crash of RID in the log: 1000 (pid 0x1a2c started 11:59:00.1234567) plus its bucketed 1001. */
const CRASH_EVENTS = [
  appError(10, at(0), { reportId: RID }),
  wer(11, at(30), { reportId: RID, bucket: '1705213331041182621', bucketType: '4', hashedBucket: 'ff3dd2752de9029957aa227d6ef8639d' }),
];

/** A LocalDumps record of a process as the CrashDumps store builds it (start time to the second). */
function dumpRecord(path: string, pid: number, startTime: string | null): WerReport {
  const base = makeReport({ store: 'CrashDumps', eventTime: '2025-06-01T12:00:01.000Z', attachments: [] });
  return {
    ...base, id: `dump-${path}`, folder: path, storeRoot: 'C:\\CrashDumps', folderKind: null, bucket: null,
    process: { pid, startTime }, sources: [{ kind: 'dump', path, size: 1000 }], reportWerSize: 1000, reportWerMtimeMs: 1,
  };
}

/** A WER folder record of RID (or `ids`), optionally without bucket/process. */
function folderRecord(over: Partial<WerReport> = {}, ids: readonly string[] = [RID]): WerReport {
  const base = makeReport({ id: ids[0], eventTime: '2025-06-01T12:00:00.000Z' });
  return { ...base, bucket: null, process: null, ...over, sources: [{ kind: 'wer', folder: over.folder ?? base.folder, reportIds: ids }] };
}

test('a WER folder takes the events of its report and the dump of its process', () => {
  const folder = folderRecord({ fields: { application: 'ContosoViewer.exe' } });
  const log = logRecord(CRASH_EVENTS);
  const dump = dumpRecord('C:\\CrashDumps\\crashy.exe.6700.dmp', 0x1a2c, '2025-06-01T11:59:00.000Z');
  const stranger = dumpRecord('C:\\CrashDumps\\other.exe.12.dmp', 12, '2025-06-01T11:59:00.000Z');
  const out = mergeRecords([dump, stranger, log, folder]);
  expect(out).toHaveLength(2);
  const m = out.find((r) => r.id === RID)!;
  // The folder's id, folder, store and fields stay; what it lacks comes from the others.
  expect(m).toMatchObject({ id: RID, folder: folder.folder, store: folder.store, attachments: folder.attachments });
  expect(m.sources).toEqual([...folder.sources, ...log.sources, ...dump.sources]);
  expect(m.bucket).toEqual(log.bucket);
  expect(m.process).toEqual(log.process);
  expect(m.fields).toEqual({ ...log.fields, application: 'ContosoViewer.exe' });
  expect(out.find((r) => r !== m)).toBe(stranger);
});

test('the folder’s own bucket and process win; problems are kept once', () => {
  const bucket = { id: '0123456789abcdef0123456789abcdef', table: 5, legacyId: null };
  const process = { pid: 0x1a2c, startTime: '2025-06-01T11:59:00.123Z' };
  const folder = folderRecord({ bucket, process, problems: ['Same sentence.'] });
  const log = { ...logRecord(CRASH_EVENTS), problems: ['Same sentence.', 'Another.'] };
  const [m] = mergeRecords([folder, log]);
  expect(m).toMatchObject({ bucket, process, problems: ['Same sentence.', 'Another.'] });
});

test('the IntegratorReportIdentifier links too; ids in the log may be upper case with braces', () => {
  const folder = folderRecord({}, [OTHER, RID]);
  const log = logRecord([appError(1, at(0), { reportId: `{${RID.toUpperCase()}}` })]);
  expect(mergeRecords([folder, log])).toHaveLength(1);
});

test('the same report in ReportQueue and ReportArchive stays two records; the events join the first in list order', () => {
  const queue = folderRecord({ folder: 'C:\\WER\\ReportQueue\\AppCrash_x', store: 'ReportQueue' });
  const archive = folderRecord({ folder: 'C:\\WER\\ReportArchive\\AppCrash_x', store: 'ReportArchive' });
  const out = mergeRecords([queue, logRecord(CRASH_EVENTS), archive]);
  expect(out.map((r) => [r.folder, r.sources.length])).toEqual([['C:\\WER\\ReportArchive\\AppCrash_x', 3], ['C:\\WER\\ReportQueue\\AppCrash_x', 1]]);
  expect(out[1]).toBe(queue);
});

test('without a folder, the log record takes the dumps of its process, start times compared to the second', () => {
  const log = logRecord(CRASH_EVENTS);
  const dump = dumpRecord('C:\\CrashDumps\\crashy.exe.6700.dmp', 0x1a2c, '2025-06-01T11:59:00.000Z');
  const nextSecond = dumpRecord('C:\\CrashDumps\\crashy.exe.6700(2).dmp', 0x1a2c, '2025-06-01T11:59:01.000Z');
  const noStart = dumpRecord('C:\\CrashDumps\\crashy.exe.6700(3).dmp', 0x1a2c, null);
  const out = mergeRecords([nextSecond, dump, noStart, log]);
  expect(out).toHaveLength(3);
  const m = out.find((r) => r.store === 'EventLog')!;
  expect(m).toMatchObject({ id: RID, folder: LOG.file, attachments: [] });
  expect(m.sources).toEqual([...log.sources, ...dump.sources]);
  expect(out).toContain(nextSecond);
  expect(out).toContain(noStart);
});

test('a dump finds the folder through the process its events name when the folder has none', () => {
  const folder = folderRecord();
  const dump = dumpRecord('C:\\CrashDumps\\crashy.exe.6700.dmp', 0x1a2c, '2025-06-01T11:59:00.000Z');
  const [m, ...rest] = mergeRecords([dump, folder, logRecord(CRASH_EVENTS)]);
  expect(rest).toEqual([]);
  expect(m!.sources.map((s) => s.kind)).toEqual(['wer', 'eventlog', 'eventlog', 'dump']);
});

test('the same crash in two logs (a saved copy and the live log) is one record', () => {
  const saved = logRecord(CRASH_EVENTS);
  const live = logRecord(CRASH_EVENTS, { file: null, channel: 'Application' });
  const out = mergeRecords([live, saved]);
  expect(out).toHaveLength(1);
  expect(out[0]!.sources).toHaveLength(4);
});

test('a folder without Report.wer gets event type, signature and time from the events', () => {
  const folder = folderRecord({ eventType: null, eventTime: null, signature: [], fields: {}, appName: null });
  const log = logRecord(CRASH_EVENTS);
  const [m] = mergeRecords([folder, log]);
  expect(m).toMatchObject({ id: RID, folder: folder.folder, eventType: 'APPCRASH', eventTime: log.eventTime, signature: log.signature, fields: log.fields, appName: 'crashy.exe' });
});

test('a signature of another event type is not borrowed', () => {
  const folder = folderRecord({ eventType: 'AppHangB1', signature: [], fields: {} });
  const [m] = mergeRecords([folder, logRecord(CRASH_EVENTS)]);
  expect(m!.signature).toEqual([]);
});

test('records without links, and merging twice, change nothing', () => {
  const alone = [makeReport(), makeReport({ eventTime: null }), folderRecord()];
  const out = mergeRecords(alone);
  expect(out).toHaveLength(3);
  for (const r of alone) expect(out).toContain(r);
  const once = mergeRecords([folderRecord(), logRecord(CRASH_EVENTS)]);
  expect(mergeRecords([...once, logRecord(CRASH_EVENTS)])).toEqual(once);
  expect(mergeRecords([])).toEqual([]);
});

test('the output is in compareReports order (newest first, no time last)', () => {
  const times = ['2025-01-01T00:00:00.000Z', null, '2026-01-01T00:00:00.000Z', '2025-06-01T00:00:00.000Z'];
  expect(mergeRecords(times.map((t) => makeReport({ eventTime: t }))).map((r) => r.eventTime)).toEqual([times[2], times[3], times[0], null]);
});

test('recordLinks: report ids of every source and the process to the second', () => {
  const merged = mergeRecords([folderRecord({}, [RID, OTHER]), logRecord(CRASH_EVENTS)])[0]!;
  expect(recordLinks(merged)).toEqual([`report:${RID}`, `report:${OTHER}`, 'process:6700@2025-06-01T11:59:00']);
  expect(recordLinks(dumpRecord('x.dmp', 5, null))).toEqual([]);
  expect(recordLinks({ ...makeReport(), sources: [{ kind: 'wer', folder: 'f', reportIds: ['not a guid'] }], process: null })).toEqual([]);
});
