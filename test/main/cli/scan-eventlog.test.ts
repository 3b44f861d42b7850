/**
 * `scan STORE FILE.evtx` and `show ID --store …`: WER folders and a saved Application log in one
 * list, one record per crash. Truth from the built inputs: the 1000/1001 events name the folder's
 * ReportIdentifier; another crash is only in the log.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliContext } from '../../../electron/cli/cli-context';
import { runCli } from '../../../electron/cli/program';
import { formatReportWer, utf16leWithBom } from '../../../electron/main/core/sample/report-writer';
import type { ReportDetail } from '../../../shared/report-detail';
import type { WerReport } from '../../../shared/report-model';
import { captureIo } from '../../support/capture-io';
import { APP_ERROR_VALUES, appError1000Classic, REPORT_ID, wer1001Classic } from '../../support/evtx-crash-events';
import { writeEvtx } from '../../support/evtx-writer';
import { generatedSpec } from '../../support/store-builder';

const LOG_ONLY_ID = '7c6d5e4f-3a2b-4c1d-9e8f-a0b1c2d3e4f5';

let root: string;
let store: string;
let log: string;
const ctx: CliContext = { defaultLocations: async () => [] };

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'wer-cli-evtx-'));
  store = join(root, 'WER');
  const { spec } = generatedSpec(3);
  const folder = join(store, 'ReportArchive', spec.folderName);
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'Report.wer'), utf16leWithBom(formatReportWer({ ...spec, reportIdentifier: REPORT_ID })));
  const strings = [...APP_ERROR_VALUES];
  strings[0] = 'gone.exe';
  strings[12] = LOG_ONLY_ID;
  const lone = { ...appError1000Classic(3), data: { kind: 'classic' as const, strings } };
  log = join(root, 'Application.evtx');
  await writeFile(log, writeEvtx([appError1000Classic(1), wer1001Classic(2, '1705213331041182621'), lone]));
});
afterAll(() => rm(root, { recursive: true, force: true }));

test('scan --json STORE FILE.evtx: one record per crash, each with its sources', async () => {
  const io = captureIo();
  expect(await runCli(['scan', '--json', store, log], io, ctx)).toBe(0);
  const reports = JSON.parse(io.stdout()) as WerReport[];
  expect(reports.map((r) => [r.id, r.store, r.sources.map((s) => s.kind).join('+')]).sort()).toEqual([
    [REPORT_ID, 'ReportArchive', 'wer+eventlog+eventlog'],
    [LOG_ONLY_ID, 'EventLog', 'eventlog'],
  ]);
  expect(io.stderr()).toBe('');
});

test('show ID --store FILE.evtx: a crash known only from the log, with its fields and process', async () => {
  const io = captureIo();
  expect(await runCli(['show', LOG_ONLY_ID, '--json', '--store', log], io, ctx)).toBe(0);
  const detail = JSON.parse(io.stdout()) as ReportDetail;
  expect(detail).toMatchObject({ id: LOG_ONLY_ID, store: 'EventLog', folder: log, eventType: 'APPCRASH', reportWer: null, minidump: null });
  expect(detail.fields).toMatchObject({ application: 'gone.exe', module: 'ntdll.dll', exceptionCode: 'c0000005' });
  expect(detail.process?.pid).toBe(Number.parseInt(APP_ERROR_VALUES[8], 16));

  const text = captureIo();
  expect(await runCli(['show', LOG_ONLY_ID, '--store', log], text, ctx)).toBe(0);
  expect(text.stdout()).toContain('Application Error 1000, record #3');
});

test('show ID of a merged crash: the folder\u2019s detail plus the events that recorded it', async () => {
  const io = captureIo();
  expect(await runCli(['show', REPORT_ID, '--json', '--store', store, log], io, ctx)).toBe(0);
  const detail = JSON.parse(io.stdout()) as ReportDetail;
  expect(detail.store).toBe('ReportArchive');
  expect(detail.reportWer?.reportIdentifier).toBe(REPORT_ID);
  expect(detail.sources.map((s) => (s.kind === 'eventlog' ? s.eventId : s.kind))).toEqual(['wer', 1000, 1001]);
});

test('a log that is not an event log, or cut short, is a store problem; the rest is listed', async () => {
  const bad = join(root, 'broken.evtx');
  await writeFile(bad, Buffer.from('ElfFile\0 but nothing else'));
  const io = captureIo();
  expect(await runCli(['scan', '--json', store, bad], io, ctx)).toBe(0);
  expect((JSON.parse(io.stdout()) as WerReport[]).map((r) => r.id)).toEqual([REPORT_ID]);
  expect(io.stderr()).toMatch(/broken\.evtx/);
});
