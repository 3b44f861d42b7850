/**
 * LocalDumps dumps wherever records are made: the scan's listing and reading (a dump gone before
 * it is read; the built scan worker), the library's file events, and the live library following
 * a CrashDumps folder.
 * The dumps are real (dbghelp under Wine, see localdumps-crashes.ts).
 */
import { copyFile, mkdir, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { readFileChange } from '../../../../electron/main/core/library/kernel-records';
import type { ReportLibrary } from '../../../../electron/main/core/library/report-library';
import { isLocalDumpFile, parseLocalDumpName } from '../../../../electron/main/core/localdumps/local-dump-file';
import { readReportSummaries } from '../../../../electron/main/core/report/read-report-folder';
import { readInParallel } from '../../../../electron/main/core/store/parallel-read';
import { listReportFolders } from '../../../../electron/main/core/store/scan-stores';
import type { WerReport } from '../../../../shared/report-model';
import { countingScanWorker } from '../../../support/built-scan-worker';
import { startLibrary } from '../../../support/library-harness';
import { buildCrashyFixtures, type CrashyFixtures } from '../../../support/localdumps-crashes';
import { waitFor } from '../../../support/wait';

jest.setTimeout(30_000);

let fx: CrashyFixtures;
let root = '';
let library: ReportLibrary | null = null;
beforeAll(async () => {
  fx = await buildCrashyFixtures();
}, 400_000);
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'wer-localdump-records-'));
});
afterEach(async () => {
  await library?.close();
  library = null;
  await rm(root, { recursive: true, force: true });
});

const dumpOf = (mode: string): string => fx.crashes.find((c) => c.mode === mode && c.dumpType === 0)!.dump;

test('LocalDumps file names: image and decimal pid', () => {
  expect(parseLocalDumpName('crashy.exe.4242.dmp')).toEqual({ image: 'crashy.exe', pid: 4242 });
  expect(parseLocalDumpName('My App.v2.exe.7.DMP')).toEqual({ image: 'My App.v2.exe', pid: 7 });
  expect(parseLocalDumpName('050624-12345-01.dmp')).toBeNull();
  expect(parseLocalDumpName('app.exe.dmp')).toBeNull();
  expect(parseLocalDumpName('app.exe.99999999999.dmp')).toBeNull();
});

test('a LocalDumps-named file is a record when it is a minidump, never when it is something else', async () => {
  const real = join(root, 'crashy.exe.1.dmp');
  await copyFile(dumpOf('app'), real);
  await writeFile(join(root, 'text.exe.2.dmp'), 'hello');
  expect(isLocalDumpFile(real)).toBe(true);
  expect(isLocalDumpFile(join(root, 'text.exe.2.dmp'))).toBe(false);
  // Not there (yet): the record says why when read.
  expect(isLocalDumpFile(join(root, 'gone.exe.3.dmp'))).toBe(true);
});

test('a dump removed between listing and reading still gives a record that says so', async () => {
  const dir = join(root, 'CrashDumps');
  await mkdir(dir);
  const path = join(dir, 'raiser.exe.8.dmp');
  await copyFile(dumpOf('raise'), path);
  const listing = await listReportFolders({ path: dir, scope: 'user', label: 'LocalDumps (test)' });
  expect(listing.found.map((f) => [f.folder, f.store])).toEqual([[path, 'CrashDumps']]);
  await unlink(path);
  const [record] = readReportSummaries(listing.found);
  expect([record?.store, record?.fields.application, record?.process?.pid, record?.problems]).toEqual(['CrashDumps', 'raiser.exe', 8, ['The dump could not be read: it no longer exists.']]);
});

test('the built scan worker reads CrashDumps entries as the calling thread does', async () => {
  const dir = join(root, 'CrashDumps');
  await mkdir(dir);
  for (const mode of ['app', 'lib', 'raise']) await copyFile(dumpOf(mode), join(dir, basename(dumpOf(mode))));
  const { found } = await listReportFolders({ path: dir, scope: 'user', label: 'LocalDumps (test)' });
  const worker = countingScanWorker(root);
  const read: WerReport[] = [];
  await readInParallel(found, (r) => read.push(r), async () => undefined, { helpers: { workerFile: worker.file, count: 1 }, minFolders: 1 });
  expect(worker.answered()).toBeGreaterThan(0);
  const byFolder = (list: readonly WerReport[]) => [...list].sort((a, b) => a.folder.localeCompare(b.folder));
  expect(byFolder(read)).toEqual(byFolder(readReportSummaries(found)));
  expect(read.map((r) => r.store)).toEqual(['CrashDumps', 'CrashDumps', 'CrashDumps']);
});

test('a changed LocalDumps dump is a record for the library; a dump inside a report folder refreshes the folder', async () => {
  const path = join(root, 'libcrash.exe.11.dmp');
  await copyFile(dumpOf('lib'), path);
  const change = readFileChange(path);
  expect(change.kind === 'record' ? [change.report.store, change.report.fields.module] : change).toEqual(['CrashDumps', 'crashy-lib.dll']);
  const report = join(root, 'AppCrash_x');
  await mkdir(report);
  await writeFile(join(report, 'Report.wer'), 'Version=1\r\n');
  await copyFile(dumpOf('lib'), join(report, 'libcrash.exe.11.dmp'));
  expect(readFileChange(join(report, 'libcrash.exe.11.dmp'))).toEqual({ kind: 'folder', folder: report });
  await writeFile(join(root, 'other.exe.1.dmp'), 'garbage');
  expect(readFileChange(join(root, 'other.exe.1.dmp'))).toEqual({ kind: 'none' });
});

test('the live library lists a CrashDumps folder and follows new and deleted dumps', async () => {
  const dir = join(root, 'CrashDumps');
  await mkdir(dir);
  await copyFile(dumpOf('app'), join(dir, basename(dumpOf('app'))));
  const started = await startLibrary({ locations: [{ path: dir, scope: 'user', label: 'LocalDumps (test)' }], cacheFile: join(root, 'cache.json') });
  library = started.library;
  expect(started.info.reports).toBe(1);
  expect(library.reports().map((r) => [r.store, r.eventType, r.fields.application])).toEqual([['CrashDumps', 'APPCRASH', 'crashy.exe']]);

  const added = join(dir, basename(dumpOf('lib')));
  await copyFile(dumpOf('lib'), added);
  await waitFor(() => library?.reports().some((r) => r.folder === added && r.fields.module === 'crashy-lib.dll') ?? false, 'the new dump');

  await unlink(added);
  await waitFor(() => !(library?.reports().some((r) => r.folder === added) ?? true), 'the deleted dump gone');
  expect(library.count()).toBe(1);
});
