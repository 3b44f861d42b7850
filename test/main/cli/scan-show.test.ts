import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../electron/cli/program';
import type { CliContext } from '../../../electron/cli/cli-context';
import { fixturePath } from '../../support/fixtures';
import { buildStore } from '../../support/store-builder';
import { captureIo } from '../../support/capture-io';

describe('wer-explorer scan / show', () => {
  let root: string;
  let ctx: CliContext;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'wer-cli-'));
    await buildStore(join(root, 'WER'), 14, { attachmentsEvery: 7 });
    ctx = { defaultLocations: async () => [{ path: join(root, 'WER'), scope: 'sample', label: 'test' }] };
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('scan --json prints one array with the contract fields', async () => {
    const io = captureIo();
    expect(await runCli(['scan', '--json'], io, ctx)).toBe(0);
    const reports = JSON.parse(io.stdout()) as Record<string, unknown>[];
    expect(reports).toHaveLength(14);
    for (const r of reports) {
      expect(Object.keys(r)).toEqual(
        expect.arrayContaining([
          'id', 'folder', 'store', 'eventType', 'reportType', 'eventTime', 'appName', 'appPath', 'signature',
          'fields', 'bucket', 'attachments', 'problems',
        ]),
      );
      expect(r.eventTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(['ReportQueue', 'ReportArchive', 'other']).toContain(r.store);
    }
    const crash = reports.find((r) => r.eventType === 'APPCRASH') as { fields: Record<string, string>; signature: { index: number }[] };
    expect(crash.fields.exceptionCode).toMatch(/^[0-9a-f]{8}$/);
    expect(crash.signature.map((s) => s.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(io.stderr()).toBe('');
  });

  it('scan --csv prints a header and a row per report', async () => {
    const io = captureIo();
    expect(await runCli(['scan', '--csv', join(root, 'WER', 'ReportQueue')], io, ctx)).toBe(0);
    const lines = io.stdout().trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'id,eventTime,eventType,reportType,appName,application,applicationVersion,module,moduleVersion,exceptionCode,exceptionOffset,bucketId,store,folder,attachments,problems,sources',
    );
    expect(lines).toHaveLength(3);
  });

  it('scan prints a readable table by default', async () => {
    const io = captureIo();
    expect(await runCli(['scan'], io, ctx)).toBe(0);
    expect(io.stdout()).toMatch(/^Time \(UTC\)\s+Event\s+Application/);
    expect(io.stdout()).toContain('14 report(s) in 1 of 1 store location(s).');
  });

  it('exits 1 with one line for a path that does not exist, 2 for usage errors', async () => {
    let io = captureIo();
    expect(await runCli(['scan', join(root, 'missing')], io, ctx)).toBe(1);
    expect(io.stderr().trim().split('\n')).toHaveLength(1);
    expect(io.stderr()).toMatch(/does not exist/);

    io = captureIo();
    expect(await runCli(['scan', '--json', '--csv'], io, ctx)).toBe(2);
    io = captureIo();
    expect(await runCli(['frobnicate'], io, ctx)).toBe(2);
    expect(io.stderr()).toMatch(/unknown command/);
    io = captureIo();
    expect(await runCli(['--help'], io, ctx)).toBe(0);
    expect(io.stdout()).toMatch(/scan \[options\] \[PATH\.\.\.\]/);
  });

  it('show finds a report by id prefix and by folder, with its parsed attachments', async () => {
    let io = captureIo();
    await runCli(['scan', '--json'], io, ctx);
    const reports = JSON.parse(io.stdout()) as { id: string; folder: string; attachments: unknown[] }[];
    const withFiles = reports.find((r) => r.attachments.length > 0);
    expect(withFiles).toBeDefined();

    io = captureIo();
    expect(await runCli(['show', withFiles?.id.slice(0, 12) ?? '', '--json'], io, ctx)).toBe(0);
    const detail = JSON.parse(io.stdout());
    expect(detail.folder).toBe(withFiles?.folder);
    expect(detail.reportWer.entries.length).toBeGreaterThan(20);
    expect(detail.metadata[0].content.kind).toBe('internal-metadata');
    expect(detail.memoryCsv.content.columns[0]).toBe('ImageName');
    expect(detail.sysinfo.content[0]).toEqual({ key: 'B.NumberOfPhysicalPages', value: '4165286' });

    io = captureIo();
    expect(await runCli(['show', withFiles?.folder ?? ''], io, ctx)).toBe(0);
    expect(io.stdout()).toMatch(/Signature\n {2}Application/);

    io = captureIo();
    expect(await runCli(['show', 'ffffffffdeadbeef'], io, ctx)).toBe(1);
    expect(io.stderr()).toMatch(/^error: no report folder or report id "ffffffffdeadbeef" found/);
  });

  it('show explains a real report in plain language, with its minidump', async () => {
    const folder = join(root, 'real', 'ReportArchive', 'AppCrash_PurpleWinStore_1');
    await mkdir(folder, { recursive: true });
    await copyFile(fixturePath('reportwer', 'JonJon565-JohnsDDLs.Report.wer'), join(folder, 'Report.wer'));
    await copyFile(fixturePath('minidump', 'JonJon565-WERC824.tmp - Copy.dmp'), join(folder, 'WERC824.tmp.mdmp'));
    const io = captureIo();
    expect(await runCli(['show', folder], io, ctx)).toBe(0);
    const text = io.stdout();
    expect(text).toContain('MoAppCrash: praid:App');
    expect(text).toMatch(/Exception code\s+80004002 {2}\(E_NOINTERFACE/);
    expect(text).toMatch(/Minidump \(WERC824\.tmp\.mdmp\)/);
    expect(text).toMatch(/KERNELBASE\.dll/);
  });
});
