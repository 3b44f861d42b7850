import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BundleResult } from '../../../shared/export-model';
import { runExport } from '../../../electron/cli/commands/export';
import { runCli } from '../../../electron/cli/program';
import { sampleDumpBytes } from '../../../electron/main/core/sample/sample-dump';
import { captureIo } from '../../support/capture-io';
import { writeSeededReport } from '../../support/seeded-report';
import { type BuiltReport, buildStore } from '../../support/store-builder';
import { unzipNames, unzipTest } from '../../support/unzip';

describe('wer-explorer export', () => {
  let root: string;
  let built: BuiltReport[];
  const ctx = { defaultLocations: async () => [{ path: join(root, 'WER'), scope: 'sample' as const, label: 'test' }] };
  const base = { redact: false, includeHeapDumps: false, noDumps: false };

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'wer-cli-export-'));
    built = await buildStore(join(root, 'WER'), 6, { attachmentsEvery: 2 });
    const dump = sampleDumpBytes({ exceptionCode: 0xc0000005, module: 'ContosoRender.dll', moduleVersion: '2.4.1.0', offset: 0x12a4f, appImage: 'ContosoViewer.exe', pid: 4000, timeMs: Date.UTC(2026, 0, 1) });
    await writeFile(join(built[0]?.folder ?? '', 'WERA1B5.tmp.mdmp'), dump);
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('exports reports named by id prefix and by folder, and says what went in', async () => {
    const io = captureIo();
    const out = join(root, 'out', 'ticket.zip');
    const id = built[0]?.spec.reportIdentifier ?? '';
    expect(await runExport([id.slice(0, 8), built[1]?.folder ?? ''], { ...base, out }, io, ctx)).toBe(0);
    expect(io.stdout()).toMatch(new RegExp(`^Bundle: ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(\\d+\\.\\d KB\\)\\nReports \\(2\\):\\n  ${id.slice(0, 8)}  ContosoViewer\\.exe crashed in ContosoRender\\.dll \\(c0000005 STATUS_ACCESS_VIOLATION\\) \\(5 file\\(s\\)\\)\\n`));
    expect(io.stderr()).toMatch(/^warning: Minidumps hold parts of the process memory/);
    expect(unzipTest(out)).toMatch(/No errors detected/);
    expect(unzipNames(out)).toEqual(expect.arrayContaining(['manifest.json', 'summary.md', 'summary.html']));
  });

  it('--json prints the bundle result with its manifest; a store folder exports every report in it', async () => {
    const io = captureIo();
    const out = join(root, 'queue.zip');
    expect(await runExport([join(root, 'WER', 'ReportQueue')], { ...base, out, json: true }, io, ctx)).toBe(0);
    const result = JSON.parse(io.stdout()) as BundleResult;
    expect(result.outFile).toBe(out);
    expect(result.manifest.reports.map((r) => r.id)).toEqual([built[0]?.spec.reportIdentifier]);
    expect(result.manifest.files.find((f) => f.kind === 'minidump')).toMatchObject({ redacted: false });
  });

  it('--redact leaves dumps out and replaces personal data; --no-dumps and --include-heap-dumps are honoured', async () => {
    const seeded = (await writeSeededReport(join(root, 'other'), 7)).folder;
    let io = captureIo();
    expect(await runExport([seeded], { ...base, redact: true, out: join(root, 'r.zip') }, io, ctx)).toBe(0);
    expect(io.stdout()).toMatch(/Left out \(2\):\n.*WERB004\.tmp\.mdmp \u2014 Dumps hold process memory that cannot be redacted/);
    expect(io.stdout()).toMatch(/\nRedacted: user 1 value\(s\) 6 time\(s\), .*machine-guid 1 value\(s\) 2 time\(s\)\n$/);
    io = captureIo();
    expect(await runExport([built[0]?.folder ?? ''], { ...base, noDumps: true, includeHeapDumps: true, out: join(root, 'n.zip') }, io, ctx)).toBe(0);
    expect(io.stdout()).toContain('WERA1B5.tmp.mdmp \u2014 Minidumps were not asked for.');
  });

  it('the command line puts minidumps in by default, as the README says (found by the Windows lane)', async () => {
    const io = captureIo();
    const out = join(root, 'default.zip');
    expect(await runCli(['export', built[0]?.folder ?? '', '--out', out], io, ctx)).toBe(0);
    expect(unzipNames(out).filter((n) => n.endsWith('.mdmp'))).toEqual([expect.stringMatching(/\/WERA1B5\.tmp\.mdmp$/)]);
    expect(io.stderr()).toMatch(/^warning: Minidumps hold parts of the process memory/);
  });

  it('fails with one line for an unknown id, an ambiguous prefix, or an output that is a folder', async () => {
    let io = captureIo();
    expect(await runExport(['ffffffff'], { ...base, out: join(root, 'x.zip') }, io, ctx)).toBe(1);
    expect(io.stderr()).toBe('error: no report folder or report id "ffffffff" found\n');
    io = captureIo();
    expect(await runExport([''], { ...base, out: join(root, 'x.zip') }, io, ctx)).toBe(1);
    expect(io.stderr()).toBe('error: "" matches 6 reports; give more of the id\n');
    await mkdir(join(root, 'dir.zip'));
    io = captureIo();
    expect(await runExport([built[0]?.folder ?? ''], { ...base, out: join(root, 'dir.zip') }, io, ctx)).toBe(1);
    expect(io.stderr()).toBe(`error: ${join(root, 'dir.zip')} is a folder; give the zip file to write\n`);
    io = captureIo();
    expect(await runExport([], { ...base, out: join(root, 'x.zip') }, io, ctx)).toBe(2);
    expect(existsSync(join(root, 'x.zip'))).toBe(false);
  });
});
