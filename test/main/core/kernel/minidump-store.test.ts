/** A folder of kernel dumps is a store: scan, --group, show by path and by id, the worker path (needs `npm run build`). */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../../electron/cli/program';
import { readKernelRecord } from '../../../../electron/main/core/kernel/kernel-record';
import { readReportSummaries } from '../../../../electron/main/core/report/read-report-folder';
import { closeReadHelpers, readInParallel } from '../../../../electron/main/core/store/parallel-read';
import { scanStores } from '../../../../electron/main/core/store/scan-stores';
import type { WerReport } from '../../../../shared/report-model';
import { countingScanWorker } from '../../../support/built-scan-worker';
import { captureIo } from '../../../support/capture-io';
import { writeKernelDump } from '../../../support/kernel-dump-builder';
import { writeMinidumpFolder } from '../../../support/kernel-store-builder';
import { unzipNames, unzipText } from '../../../support/unzip';

let root = '';
let minidump = '';
let dumps: string[] = [];
let live = '';
const ctx = { defaultLocations: async () => [{ path: minidump, scope: 'machine' as const, label: 'Kernel minidumps' }] };

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'wer-minidump-store-'));
  minidump = join(root, 'Minidump');
  dumps = await writeMinidumpFolder(minidump);
  live = join(root, 'LiveKernelReports', 'WATCHDOG', 'WATCHDOG-20240509-0102.dmp');
  await mkdir(join(root, 'LiveKernelReports', 'WATCHDOG'), { recursive: true });
  // 0x141 VIDEO_ENGINE_TIMEOUT_DETECTED: a live dump (Windows kept running). DumpType 6 = bitmap kernel.
  await writeKernelDump(live, { bugCheckCode: 0x141, bugCheckParameters: [0xffffc00012345000n, 0xfffff80455667788n, 0n, 0x1234n], dumpType: 6, minorVersion: 19045 }, 64 * 1024);
});
afterAll(() => rm(root, { recursive: true, force: true }));

function byName(reports: readonly WerReport[], name: string): WerReport {
  const found = reports.find((r) => r.folder.endsWith(name));
  if (!found) throw new Error(`no record for ${name}`);
  return found;
}

test('scan DIR lists one Minidump record per kernel dump, as a BlueScreen report has its fields', async () => {
  const io = captureIo();
  expect(await runCli(['scan', minidump, '--json'], io, ctx)).toBe(0);
  const reports = JSON.parse(io.stdout()) as WerReport[];
  expect(reports).toHaveLength(3);
  const acme = byName(reports, '050624-12345-01.dmp');
  expect(acme).toMatchObject({
    folder: dumps[0],
    store: 'Minidump',
    storeRoot: minidump,
    eventType: 'BlueScreen',
    reportType: 4,
    eventTime: '2024-05-06T07:08:09.000Z',
    attachments: [{ file: '050624-12345-01.dmp', kind: 'minidump', cabName: null }],
  });
  expect(acme.id).toMatch(/^[0-9a-f]{32}$/);
  expect(acme.fields).toEqual({
    bugCheckCode: '000000d1',
    bugCheckParameter1: '10',
    bugCheckParameter2: '2',
    bugCheckParameter3: '0',
    bugCheckParameter4: 'fffff80470012345',
  });
  expect(acme.signature[0]).toEqual({ index: 0, name: 'Code', value: 'd1' });
  // Listing reads headers only: the driver at fault is not in the list.
  expect(acme.fields.causedByDriver).toBeUndefined();
  const again = captureIo();
  await runCli(['scan', minidump, '--json'], again, ctx);
  expect(byName(JSON.parse(again.stdout()) as WerReport[], '050624-12345-01.dmp').id).toBe(acme.id);
});

test('a live dump under LiveKernelReports is a LiveKernelEvent; scan of the parent finds both kinds', async () => {
  const { reports, stores } = await scanStores([{ path: root, scope: 'extra', label: root }]);
  expect(stores[0]?.state).toBe('ok');
  expect(reports).toHaveLength(4);
  expect(byName(reports, 'WATCHDOG-20240509-0102.dmp')).toMatchObject({ eventType: 'LiveKernelEvent', store: 'Minidump', fields: { bugCheckCode: '00000141' } });
});

test('a kernel dump file is a location of its own (MEMORY.DMP)', async () => {
  const { reports, stores } = await scanStores([{ path: live, scope: 'machine', label: 'Kernel memory dump' }]);
  expect(stores[0]).toMatchObject({ state: 'ok', reportCount: 1 });
  expect(reports.map((r) => r.folder)).toEqual([live]);
});

test('scan --group keys kernel problems by bug check + driver at fault', async () => {
  const io = captureIo();
  expect(await runCli(['scan', minidump, '--group', '--json'], io, ctx)).toBe(0);
  const problems = JSON.parse(io.stdout()) as { key: string; count: number }[];
  const keys = problems.map((p) => `${p.key} ×${p.count}`).sort();
  expect(keys).toEqual(['BlueScreen|3b|c0000005|netfoo.sys ×1', 'BlueScreen|d1|acme.sys ×2'].map((k) => k.toLowerCase()).sort());
});

test('show DUMP and show ID print the dump under the report key; text names the driver at fault', async () => {
  const json = captureIo();
  expect(await runCli(['show', dumps[0] as string, '--json'], json, ctx)).toBe(0);
  const detail = JSON.parse(json.stdout()) as WerReport & { minidump: { content: { value: { kind: string; causedBy: { driver: string } } } } };
  expect(detail.store).toBe('Minidump');
  expect(detail.fields.causedByDriver).toBe('acme.sys');
  expect(detail.minidump.content.value).toMatchObject({ kind: 'kernel', causedBy: { driver: 'acme.sys' } });
  const text = captureIo();
  expect(await runCli(['show', detail.id.slice(0, 12)], text, ctx)).toBe(0);
  expect(text.stdout()).toContain('Kernel dump (050624-12345-01.dmp)');
  expect(text.stdout()).toMatch(/Caused by.*acme\.sys/);
});

test('readReportSummaries (what scan workers run) reads Minidump entries from their header', () => {
  const [record] = readReportSummaries([{ folder: dumps[2] as string, store: 'Minidump', storeRoot: minidump }]);
  expect(record).toEqual(readKernelRecord(dumps[2] as string, minidump));
  expect(record?.fields.bugCheckCode).toBe('0000003b');
});

test('a broken or vanished dump still gives a record with its problem', async () => {
  const cut = join(root, 'cut.dmp');
  await writeFile(cut, Buffer.from('PAGEDU64'));
  expect(readKernelRecord(cut, root).problems[0]).toMatch(/could not be read: truncated kernel dump/);
  expect(readKernelRecord(join(root, 'gone.dmp'), root).problems[0]).toMatch(/could not be read/);
});

test('the built scan worker reads Minidump entries too, with the same records as this thread', async () => {
  const worker = countingScanWorker(root);
  const entries = dumps.map((folder) => ({ folder, store: 'Minidump' as const, storeRoot: minidump }));
  const read: WerReport[] = [];
  try {
    const stats = await readInParallel(entries, (r) => read.push(r), async () => {}, { helpers: { workerFile: worker.file, count: 1 }, minFolders: 1 });
    expect(stats.failedHelpers).toBe(0);
  } finally {
    await closeReadHelpers();
  }
  expect(worker.answered()).toBeGreaterThan(0);
  const byFolder = (rs: readonly WerReport[]) => [...rs].sort((a, b) => a.folder.localeCompare(b.folder));
  expect(byFolder(read)).toEqual(byFolder(readReportSummaries(entries)));
});

test('export of a Minidump folder bundles each dump with its kernel dump summary', async () => {
  const zip = join(root, 'kernel.zip');
  const io = captureIo();
  expect(await runCli(['export', minidump, '--out', zip], io, ctx)).toBe(0);
  expect(unzipNames(zip)).toEqual(expect.arrayContaining(['reports/050624-12345-01.dmp/050624-12345-01.dmp', 'summary.md', 'manifest.json']));
  const summary = unzipText(zip, 'summary.md');
  expect(summary).toContain('### Kernel dump (050624-12345-01.dmp)');
  expect(summary).toContain('| Caused by | acme.sys +0x12345 — the crash address lies in this driver |');
});
