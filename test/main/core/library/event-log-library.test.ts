/**
 * WER folders and a saved event log in one list: one record per crash, in a scan and in the live
 * library (a log that grows, a report folder Windows deletes). Truth comes from how the inputs are
 * built: the 1000/1001 events name the folder's ReportIdentifier; the other crash is only in the log.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LibraryEvent } from '../../../../shared/library-model';
import type { WerReport } from '../../../../shared/report-model';
import { formatReportWer, utf16leWithBom } from '../../../../electron/main/core/sample/report-writer';
import { scanStores } from '../../../../electron/main/core/store/scan-stores';
import { extraLocations } from '../../../../electron/main/core/store/discover-stores';
import { APP_ERROR_VALUES, appError1000Classic, REPORT_ID, wer1001Classic } from '../../../support/evtx-crash-events';
import { writeEvtx, type WriterEvent } from '../../../support/evtx-writer';
import { startLibrary } from '../../../support/library-harness';
import { generatedSpec } from '../../../support/store-builder';
import { waitFor } from '../../../support/wait';

/** The crash only the log knows: another report id, another process. */
const LOG_ONLY_ID = '7c6d5e4f-3a2b-4c1d-9e8f-a0b1c2d3e4f5';
const BUCKET = '1705213331041182621';

function logOnlyCrash(recordId: number, reportId = LOG_ONLY_ID): WriterEvent {
  const e = appError1000Classic(recordId);
  const strings = [...APP_ERROR_VALUES];
  strings[0] = 'gone.exe';
  strings[8] = '2b3c';
  strings[12] = reportId;
  return { ...e, data: { kind: 'classic', strings } };
}

let dir: string;
let store: string;
let folder: string;
let log: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wer-evlib-'));
  store = join(dir, 'WER');
  const { spec } = generatedSpec(1);
  folder = join(store, 'ReportArchive', spec.folderName);
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'Report.wer'), utf16leWithBom(formatReportWer({ ...spec, reportIdentifier: REPORT_ID })));
  log = join(dir, 'Application.evtx');
  await writeFile(log, writeEvtx([appError1000Classic(1), wer1001Classic(2, BUCKET), logOnlyCrash(3)]));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function byId(reports: readonly WerReport[], id: string): WerReport {
  const found = reports.filter((r) => r.id === id);
  expect(found).toHaveLength(1);
  return found[0] as WerReport;
}

test('scan: the folder and its events are one record; the crash only the log knows is a record of its own', async () => {
  const { reports, stores } = await scanStores(extraLocations([store, log]));
  expect(stores.map((s) => s.state)).toEqual(['ok', 'ok']);
  expect(reports).toHaveLength(2);

  const merged = byId(reports, REPORT_ID);
  expect(merged.folder).toBe(folder);
  expect(merged.store).toBe('ReportArchive');
  expect(merged.sources.map((s) => s.kind)).toEqual(['wer', 'eventlog', 'eventlog']);
  expect(merged.sources.flatMap((s) => (s.kind === 'eventlog' ? [[s.eventId, s.recordId, s.log]] : []))).toEqual([
    [1000, 1, log],
    [1001, 2, log],
  ]);

  const alone = byId(reports, LOG_ONLY_ID);
  expect(alone.store).toBe('EventLog');
  expect(alone.folder).toBe(log);
  expect(alone.eventType).toBe('APPCRASH');
  expect(alone.fields.application).toBe('gone.exe');
  expect(alone.fields.exceptionCode).toBe('c0000005');
  expect(alone.process?.pid).toBe(0x2b3c);
  expect(alone.sources).toEqual([expect.objectContaining({ kind: 'eventlog', eventId: 1000, recordId: 3, reportId: LOG_ONLY_ID })]);
});

test('scan of the log alone: the bucket of the latest non-empty 1001 is the record\u2019s', async () => {
  const { reports } = await scanStores(extraLocations([log]));
  const crash = byId(reports, REPORT_ID);
  expect(crash.store).toBe('EventLog');
  expect(crash.bucket?.legacyId ?? crash.bucket?.id).toBe(BUCKET);
  expect(crash.sources.map((s) => (s.kind === 'eventlog' ? s.eventId : s.kind))).toEqual([1000, 1001]);
});

test('live: a log that grows adds records; a deleted report folder leaves the crash known from the log', async () => {
  const { library, events } = await startLibrary({ locations: extraLocations([store, log]) });
  try {
    expect(library.count()).toBe(2);
    expect(byId(library.reports(), REPORT_ID).sources).toHaveLength(3);

    const next = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
    await writeFile(log, writeEvtx([appError1000Classic(1), wer1001Classic(2, BUCKET), logOnlyCrash(3), logOnlyCrash(4, next)]));
    await waitFor(() => library.count() === 3, 'the new crash in the log');
    expect(events.filter((e): e is Extract<LibraryEvent, { kind: 'added' }> => e.kind === 'added').map((e) => e.report.id)).toEqual([next]);

    events.length = 0;
    await rm(folder, { recursive: true, force: true });
    await waitFor(() => library.reports().some((r) => r.id === REPORT_ID && r.store === 'EventLog'), 'the crash known from the log only');
    // The same crash, now known from the log only: one update (no removal, no "new crash").
    expect(events.map((e) => e.kind)).toEqual(['updated']);
    const update = events[0] as Extract<LibraryEvent, { kind: 'updated' }>;
    expect(update.previousFolder).toBe(folder);
    expect(update.report.folder).toBe(log);
    expect(library.count()).toBe(3);
  } finally {
    await library.close();
  }
});
