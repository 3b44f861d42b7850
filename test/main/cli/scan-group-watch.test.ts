import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../electron/cli/program';
import type { CliContext } from '../../../electron/cli/cli-context';
import { formatReportWer, utf16leWithBom } from '../../../electron/main/core/sample/report-writer';
import { captureIo } from '../../support/capture-io';
import { waitFor } from '../../support/wait';
import { buildStore, generatedSpec } from '../../support/store-builder';

jest.setTimeout(30_000);

describe('wer-explorer scan --group / --html / bundles, and watch', () => {
  let root: string;
  let ctx: CliContext;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'wer-cli-group-'));
    // 34 reports = the 17-report sample catalogue twice: 7 problems of 12, 6, 4, 4, 2, 4, 2.
    await buildStore(join(root, 'WER'), 34, { attachmentsEvery: 10 });
    ctx = { defaultLocations: async () => [{ path: join(root, 'WER'), scope: 'sample', label: 'test' }] };
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('scan --group --json lists problems with the contract fields and known counts', async () => {
    const io = captureIo();
    expect(await runCli(['scan', '--group', '--json'], io, ctx)).toBe(0);
    const problems = JSON.parse(io.stdout()) as Record<string, unknown>[];
    expect(problems.map((p) => p.count).sort((a, b) => Number(b) - Number(a))).toEqual([12, 6, 4, 4, 4, 2, 2]);
    for (const p of problems) {
      expect(Object.keys(p)).toEqual(
        expect.arrayContaining(['key', 'count', 'firstSeen', 'lastSeen', 'eventType', 'application', 'module', 'exceptionCode', 'reportIds']),
      );
      expect((p.reportIds as string[]).length).toBe(p.count);
    }
    const viewer = problems.find((p) => p.application === 'ContosoViewer.exe');
    expect(viewer).toMatchObject({ count: 12, eventType: 'APPCRASH', module: 'ContosoRender.dll', exceptionCode: 'c0000005' });
  });

  it('scan --group prints a readable table; --group with --csv is a usage error', async () => {
    let io = captureIo();
    expect(await runCli(['scan', '--group'], io, ctx)).toBe(0);
    expect(io.stdout()).toContain('7 problem(s) behind 34 report(s).');
    expect(io.stdout()).toMatch(/ContosoViewer\.exe crashed in ContosoRender\.dll \(c0000005 STATUS_ACCESS_VIOLATION\)/);
    io = captureIo();
    expect(await runCli(['scan', '--group', '--csv'], io, ctx)).toBe(2);
  });

  it('scan --html prints one self-contained page', async () => {
    const io = captureIo();
    expect(await runCli(['scan', '--html'], io, ctx)).toBe(0);
    expect(io.stdout()).toMatch(/^<!doctype html>/i);
    expect(io.stdout()).not.toMatch(/<script|https?:\/\//i);
  });

  it('exports a bundle and scans it back as a read-only store', async () => {
    let io = captureIo();
    await runCli(['scan', '--json'], io, ctx);
    const ids = (JSON.parse(io.stdout()) as { id: string }[]).slice(0, 3).map((r) => r.id);
    const zip = join(root, 'ticket.zip');
    io = captureIo();
    expect(await runCli(['export', ...ids, '--out', zip], io, ctx)).toBe(0);
    io = captureIo();
    expect(await runCli(['scan', '--json', zip], io, ctx)).toBe(0);
    expect((JSON.parse(io.stdout()) as { id: string }[]).map((r) => r.id).sort()).toEqual([...ids].sort());

    await writeFile(join(root, 'not-a-bundle.zip'), 'nope');
    io = captureIo();
    expect(await runCli(['scan', join(root, 'not-a-bundle.zip')], io, ctx)).toBe(1);
    expect(io.stderr()).toMatch(/^error: /);
  });

  it('watch prints one JSON line per new report until stopped', async () => {
    const store = join(root, 'watched', 'ReportQueue');
    await mkdir(store, { recursive: true });
    const stop = new AbortController();
    const io = captureIo();
    const running = runCli(['watch', store], io, { ...ctx, signal: stop.signal });
    await waitFor(() => io.stderr().includes('watching 1 location(s)'), 'the watcher to start');
    const { spec } = generatedSpec(5);
    await mkdir(join(store, spec.folderName));
    await writeFile(join(store, spec.folderName, 'Report.wer'), utf16leWithBom(formatReportWer(spec)));
    await waitFor(() => io.stdout().includes('"added"'), 'an added line');
    stop.abort();
    expect(await running).toBe(0);
    const line = JSON.parse(io.stdout().trim().split('\n')[0] ?? '{}');
    expect(line).toEqual({
      type: 'added',
      id: spec.reportIdentifier,
      folder: join(store, spec.folderName),
      summary: expect.stringMatching(/stopped responding|crashed/),
    });
  });
});
