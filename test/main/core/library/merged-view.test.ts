/**
 * The live library's merged list: what a source record coming, changing or going means for the
 * records the user sees (one per crash). The links are built into the records: the same report id,
 * or the same process (pid + start time).
 */
import type { LibraryEvent } from '../../../../shared/library-model';
import type { WerReport } from '../../../../shared/report-model';
import { MergedView, recordKey } from '../../../../electron/main/core/library/merged-view';
import { makeReport } from '../../../support/report-factory';

const START = '2026-11-01T09:58:00.000Z';

/** A WER folder record of a process. */
function folderRecord(id: string, folder: string, pid: number): WerReport {
  return { ...makeReport({ id }), folder, process: { pid, startTime: START }, sources: [{ kind: 'wer', folder, reportIds: [id] }] };
}

/** A LocalDumps dump record of a process. */
function dumpRecord(path: string, pid: number): WerReport {
  return {
    ...makeReport({ id: `dump-${pid}` }), folder: path, store: 'CrashDumps', storeRoot: null, bucket: null,
    process: { pid, startTime: START }, sources: [{ kind: 'dump', path, size: 1000 }],
  };
}

const kinds = (events: readonly LibraryEvent[]) => events.map((e) => (e.kind === 'removed' ? `removed ${e.id}` : e.kind === 'store' ? 'store' : `${e.kind} ${e.report.id}`));

test('a report WER moves from the queue to the archive is one update with the folder it left', () => {
  const view = new MergedView();
  const queued = folderRecord('00000001-0000-4000-8000-000000000001', '/wer/ReportQueue/a', 1);
  view.reset([queued]);
  const archived = folderRecord('00000001-0000-4000-8000-000000000001', '/wer/ReportArchive/a', 1);
  const events = view.apply([{ key: queued.folder, record: null }, { key: archived.folder, record: archived }]);
  expect(kinds(events)).toEqual(['updated 00000001-0000-4000-8000-000000000001']);
  expect(events[0]).toMatchObject({ previousFolder: '/wer/ReportQueue/a', report: { folder: '/wer/ReportArchive/a' } });
  expect(view.size).toBe(1);
});

test('a dump of the same process joins the crash\u2019s record, and is a record of its own again when the folder goes', () => {
  const view = new MergedView();
  const crash = folderRecord('00000002-0000-4000-8000-000000000002', '/wer/ReportArchive/b', 7);
  const other = folderRecord('00000003-0000-4000-8000-000000000003', '/wer/ReportArchive/c', 8);
  view.reset([crash, other]);

  const dump = dumpRecord('/dumps/app.exe.7.dmp', 7);
  let events = view.apply([{ key: recordKey(dump), record: dump }]);
  expect(kinds(events)).toEqual(['updated 00000002-0000-4000-8000-000000000002']);
  expect(view.withId('00000002-0000-4000-8000-000000000002')[0]?.sources.map((s) => s.kind)).toEqual(['wer', 'dump']);
  expect(view.size).toBe(2);

  events = view.apply([{ key: crash.folder, record: null }]);
  expect(kinds(events).sort()).toEqual(['added dump-7', 'removed 00000002-0000-4000-8000-000000000002']);
  expect(view.withId('dump-7')[0]?.store).toBe('CrashDumps');
  expect(view.size).toBe(2);
});

test('a change that links nothing touches only its own record; unchanged records are not announced', () => {
  const view = new MergedView();
  const a = folderRecord('00000004-0000-4000-8000-000000000004', '/wer/ReportArchive/d', 10);
  const b = folderRecord('00000005-0000-4000-8000-000000000005', '/wer/ReportArchive/e', 11);
  view.reset([a, b]);
  expect(view.apply([{ key: a.folder, record: a }])).toEqual([]);
  const rewritten = { ...a, bucket: { id: 'f'.repeat(32), table: 5, legacyId: null } };
  expect(kinds(view.apply([{ key: a.folder, record: rewritten }]))).toEqual(['updated 00000004-0000-4000-8000-000000000004']);
  expect(view.withId('00000005-0000-4000-8000-000000000005')[0]).toBe(b);
});
