/**
 * `export FILE.evtx` and `export DUMP.dmp`: a saved event log stands for every crash it records
 * (bundled as summaries only, never the log itself), a LocalDumps dump for its one record (the dump
 * goes in). The log is written by the test EVTX writer (its events are the truth); the dump is a
 * real dbghelp dump (localdumps-crashes.ts); Info-ZIP reads the zips.
 */
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { runCli } from '../../../electron/cli/program';
import type { BundleResult } from '../../../shared/export-model';
import { appError1000Classic, appHang1002, REPORT_ID, wer1001Classic } from '../../support/evtx-crash-events';
import { writeEvtx } from '../../support/evtx-writer';
import { captureIo } from '../../support/capture-io';
import { buildCrashyFixtures, type CrashyCrash } from '../../support/localdumps-crashes';
import { unzipNames, unzipTest, unzipText } from '../../support/unzip';

describe('export of event log and dump files', () => {
  let root = '';
  let evtx = '';
  let dump = '';
  let crash: CrashyCrash;
  const ctx = { defaultLocations: async () => [] };

  beforeAll(async () => {
    crash = (await buildCrashyFixtures()).crashes.find((c) => c.mode === 'app' && c.dumpType === 0)!;
    root = await mkdtemp(join(tmpdir(), 'wer-cli-export-records-'));
    evtx = join(root, 'Saved.evtx');
    // One crash (1000 + its 1001, by REPORT_ID), and a hang whose report id names no other event.
    const hang = appHang1002(3);
    const otherId = (s: string) => (s === REPORT_ID ? '7c1d2e3f-0000-4000-8000-000000000001' : s);
    const hangData = hang.data.kind === 'classic' ? { ...hang.data, strings: hang.data.strings.map(otherId) } : hang.data;
    await writeFile(evtx, writeEvtx([appError1000Classic(1), wer1001Classic(2, '1541199205021550517'), { ...hang, data: hangData }]));
    await mkdir(join(root, 'CrashDumps'));
    dump = join(root, 'CrashDumps', basename(crash.dump));
    await copyFile(crash.dump, dump);
  }, 400_000);
  afterAll(() => rm(root, { recursive: true, force: true }));

  async function exportJson(target: string, name: string): Promise<{ result: BundleResult; zip: string }> {
    const io = captureIo();
    const zip = join(root, `${name}.zip`);
    expect(await runCli(['export', target, '--out', zip, '--json'], io, ctx)).toBe(0);
    expect(unzipTest(zip)).toMatch(/No errors detected/);
    return { result: JSON.parse(io.stdout()) as BundleResult, zip };
  }

  it('a saved event log exports each crash it records as a summary, without the log', async () => {
    const { result, zip } = await exportJson(evtx, 'log');
    expect(result.manifest.reports.map((r) => [r.store, r.eventType]).sort()).toEqual([['EventLog', 'APPCRASH'], ['EventLog', 'AppHangB1']]);
    expect(unzipNames(zip).sort()).toEqual(['manifest.json', 'summary.html', 'summary.md']);
    const summary = unzipText(zip, 'summary.md');
    expect(summary).toContain('Application log (Saved.evtx): Application Error 1000, record #1');
    expect(summary).toContain('Application log (Saved.evtx): Windows Error Reporting 1001, record #2');
    expect(summary).toContain('Application log (Saved.evtx): Application Hang 1002, record #3');
  });

  it('a LocalDumps dump exports its record with the dump', async () => {
    const { result, zip } = await exportJson(dump, 'dump');
    expect(result.manifest.reports.map((r) => r.store)).toEqual(['CrashDumps']);
    const file = basename(dump);
    expect(unzipNames(zip)).toContain(`reports/${file}/${file}`);
  });
});
