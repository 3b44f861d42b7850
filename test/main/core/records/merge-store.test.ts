/**
 * The whole chain on files: WER report folders written by the store builder and read by the
 * report reader, an .evtx log written by the test EVTX writer naming the same report ids and
 * processes (read by our reader), and LocalDumps-shaped records of the same processes. What
 * belongs together is known from the construction: report n's crash in all three.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCrashEvents } from '../../../../electron/main/core/eventlog/crash-events';
import { createBufferSource } from '../../../../electron/main/core/minidump/byte-source';
import { logRecords } from '../../../../electron/main/core/records/log-records';
import { mergeRecords } from '../../../../electron/main/core/records/merge-records';
import { readReportFolder } from '../../../../electron/main/core/report/read-report-folder';
import type { WerReport } from '../../../../shared/report-model';
import { APP_ERROR_VALUES, appError1000Classic, wer1001Classic, werValues } from '../../../support/evtx-crash-events';
import { writeEvtx, type WriterEvent } from '../../../support/evtx-writer';
import { buildStore, type BuiltReport } from '../../../support/store-builder';

const FILETIME_UNIX_EPOCH = 116444736000000000n;
/** Milliseconds since 1970 plus extra 100 ns ticks, as a FILETIME. */
const filetime = (ms: number, ticks = 0): bigint => BigInt(ms) * 10000n + FILETIME_UNIX_EPOCH + BigInt(ticks);

let dir = '';
let built: BuiltReport[] = [];
let folders: WerReport[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'records-'));
  built = await buildStore(dir, 4);
  folders = built.map((b) => readReportFolder(b.folder, { store: b.store, storeRoot: join(dir, b.store) }).report);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The 1000 and the bucketed 1001 of built report `n` (the store builder's process starts an hour before the event). */
function crashEvents(b: BuiltReport, recordId: number): WriterEvent[] {
  const start = filetime(b.spec.eventTimeMs - 3_600_000, 4321);
  const values = [...APP_ERROR_VALUES];
  values[8] = b.spec.pid.toString(16);
  values[9] = start.toString(16);
  values[12] = b.spec.reportIdentifier.toUpperCase();
  const wer = werValues('1541199205021550517', 'NULL');
  wer[19] = b.spec.reportIdentifier;
  return [
    { ...appError1000Classic(recordId), time: filetime(b.spec.eventTimeMs), data: { kind: 'classic', strings: values } },
    { ...wer1001Classic(recordId + 1), time: filetime(b.spec.eventTimeMs + 5000), data: { kind: 'classic', strings: wer } },
  ];
}

/** A LocalDumps record of built report `n`'s process (start time to the second, as a dump has it). */
function dumpOf(b: BuiltReport): WerReport {
  const path = join(dir, 'CrashDumps', `${b.spec.appName}.${b.spec.pid}.dmp`);
  const startSecond = Math.floor((b.spec.eventTimeMs - 3_600_000) / 1000) * 1000;
  return {
    ...folders[0]!, id: `dump:${b.spec.pid}`, folder: path, store: 'CrashDumps', storeRoot: join(dir, 'CrashDumps'), bucket: null,
    process: { pid: b.spec.pid, startTime: new Date(startSecond).toISOString() }, sources: [{ kind: 'dump', path, size: 1 }],
  };
}

test('folders, a log and dumps of the same crashes give one record per crash', async () => {
  // Report 1's folder is "deleted": it is known from the log and its dump only. Report 0 (in
  // ReportQueue) has no bucket yet; report 2 (archived) has one.
  const [queued, gone, archived, alone] = built as [BuiltReport, BuiltReport, BuiltReport, BuiltReport];
  expect(folders[0]!.bucket).toBeNull();
  expect(folders[2]!.bucket).not.toBeNull();
  const written = writeEvtx([...crashEvents(queued, 1), ...crashEvents(gone, 3), ...crashEvents(archived, 5)]);
  const log = await readCrashEvents(createBufferSource(written));
  expect(log.problems).toEqual([]);
  const fromLog = logRecords(log.events, { file: join(dir, 'Application.evtx'), channel: null });
  expect(fromLog.map((r) => r.id).sort()).toEqual([queued, gone, archived].map((b) => b.spec.reportIdentifier).sort());
  const out = mergeRecords([folders[0]!, folders[2]!, folders[3]!, ...fromLog, dumpOf(queued), dumpOf(gone), dumpOf(alone)]);
  expect(out).toHaveLength(4);

  const queuedRecord = out.find((r) => r.folder === queued.folder)!;
  expect(queuedRecord.sources.map((s) => s.kind)).toEqual(['wer', 'eventlog', 'eventlog', 'dump']);
  // No bucket in the folder: the 1001's (Bucket, BucketType and HashedBucket as werValues writes them).
  expect(queuedRecord.bucket).toEqual({ id: '0f1e2d3c4b5a69788796a5b4c3d2e1f0', table: 4, legacyId: '1541199205021550517' });
  expect(queuedRecord.process).toEqual(folders[0]!.process);

  const archivedRecord = out.find((r) => r.folder === archived.folder)!;
  expect(archivedRecord.sources.map((s) => s.kind)).toEqual(['wer', 'eventlog', 'eventlog']);
  expect(archivedRecord.bucket).toEqual(folders[2]!.bucket);

  const goneRecord = out.find((r) => r.id === gone.spec.reportIdentifier)!;
  expect(goneRecord).toMatchObject({ store: 'EventLog', process: { pid: gone.spec.pid } });
  expect(goneRecord.sources.map((s) => s.kind)).toEqual(['eventlog', 'eventlog', 'dump']);

  // Report 3's folder takes its dump by the process its AppSessionGuid names.
  expect(out.find((r) => r.folder === alone.folder)!.sources.map((s) => s.kind)).toEqual(['wer', 'dump']);
});
