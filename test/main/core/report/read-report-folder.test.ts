import { readdirSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  readReportFolder,
  readReportSummaries,
  readReportSummary,
  reportId,
} from '../../../../electron/main/core/report/read-report-folder';
import { copyRealReportSet, fixtureFiles, fixturePath } from '../../../support/fixtures';

const other = { store: 'other' as const, storeRoot: null };

describe('readReportFolder', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wer-folder-'));
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a complete real report set (MoAppCrash with metadata, csv, txt and minidump)', async () => {
    await copyRealReportSet(dir);

    const { report, reportWer } = readReportFolder(dir, other, { sniffAll: true });
    expect(report.id).toBe('b0e0a37d-af49-4d6d-a411-f0946870c9dd');
    expect(report.eventType).toBe('MoAppCrash');
    expect(report.eventTime).toBe('2024-01-26T06:33:03.037Z');
    expect(report.fields).toMatchObject({
      packageFullName: 'VectorUnit.BeachBuggyRacing_1.2.7.0_x64__hvbhrzr8672s2',
      module: 'combase.dll',
      exceptionCode: '80004002',
      exceptionOffset: '000000000001ccfa',
    });
    expect(report.os).toMatchObject({ version: '10.0.19045.3930', build: 19045 });
    expect(report.appName).toBe('PurpleWinStore.exe');
    expect(report.attachments.map((a) => [a.file, a.kind, a.size])).toEqual([
      ['WER7FE4.tmp.WERInternalMetadata.xml', 'metadata', 3826],
      ['WERC824.tmp.mdmp', 'minidump', 217098],
      ['WERC9FA.tmp.xml', 'xml', 4866],
      ['WERCA0A.tmp.csv', 'csv', 108020],
      ['WERCA49.tmp.txt', 'text', 13340],
    ]);
    expect(report.reportWerSize).toBe(18668);
    expect(reportWer?.encoding).toBe('utf-16le');
    expect(report.problems).toEqual([]);
  });

  it('lists files a Windows 7 report names but the folder no longer holds', async () => {
    await copyFile(fixturePath('reportwer', 'Mayter-CVE-2019-1315.Report.wer'), join(dir, 'Report.wer'));
    const { report } = readReportFolder(dir, other);
    expect(report.id).toBe('9a83151c-fa03-11e9-81c1-000c2964dfc1');
    expect(report.eventTime).toBe('2019-10-29T04:21:40.563Z');
    expect(report.attachments).toEqual([
      { file: 'WER8D13.tmp.WERInternalMetadata.xml', size: null, kind: 'metadata', cabName: 'WERInternalMetadata.xml' },
      { file: 'WER8D14.tmp.hdmp', size: null, kind: 'heapdump', cabName: 'memory.hdmp' },
      { file: 'WER9DB7.tmp.mdmp', size: null, kind: 'minidump', cabName: 'minidump.mdmp' },
    ]);
  });

  it('keeps a garbage Report.wer as a report with a clear problem', async () => {
    await copyFile(fixturePath('invalid', 'Fasil-Getu-Pharmacy.Report.wer.notwer'), join(dir, 'Report.wer'));
    const { report } = readReportFolder(dir, other);
    expect(report.eventType).toBeNull();
    expect(report.problems.length).toBeGreaterThan(0);
    expect(report.id).toBe(reportId(null, dir));
  });

  it('reports empty, truncated and missing Report.wer files', async () => {
    await writeFile(join(dir, 'Report.wer'), Buffer.alloc(0));
    expect((readReportFolder(dir, other)).report.problems.length).toBeGreaterThan(0);

    const full = await readFile(fixturePath('reportwer', 'DownPower-website.Report.wer'));
    await writeFile(join(dir, 'Report.wer'), full.subarray(0, 301)); // odd length: cut inside a UTF-16 unit
    const truncated = (readReportFolder(dir, other)).report;
    expect(truncated.eventType).toBe('APPCRASH');

    await rm(join(dir, 'Report.wer'));
    await writeFile(join(dir, 'memory.hdmp'), 'MDMP');
    const none = (readReportFolder(dir, other)).report;
    expect(none.problems).toEqual(['The folder has no Report.wer file.']);
    expect(none.attachments.map((a) => a.kind)).toEqual(['heapdump']);
  });

  it('says so when the folder cannot be read (access denied)', async () => {
    // Root ignores file modes, so access denied is simulated at the fs boundary.
    const fs = jest.requireActual<typeof import('node:fs')>('node:fs');
    jest.spyOn(fs, 'readdirSync').mockImplementationOnce(() => {
      throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
    });
    const { report } = readReportFolder(dir, other);
    expect(report.problems).toEqual(['The report folder could not be read: access denied.']);
  });

  it('names the sending machine of a collected report, and none for a local one', async () => {
    const text = 'Version=1\r\nEventType=APPCRASH\r\nEventTime=133507243830375858\r\nCer.MachineName=PC-042';
    await writeFile(join(dir, 'Report.wer'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    expect(readReportFolder(dir, other).report.machine).toBe('PC-042');
    await copyFile(fixturePath('reportwer', 'DownPower-website.Report.wer'), join(dir, 'Report.wer'));
    expect(readReportFolder(dir, other).report.machine).toBeNull();
  });

  it('lists a link without following it', async () => {
    await copyFile(fixturePath('reportwer', 'DownPower-website.Report.wer'), join(dir, 'Report.wer'));
    await mkdir(join(dir, 'sub'));
    await symlink('/etc/passwd', join(dir, 'link.txt'));
    const { report } = readReportFolder(dir, other, { sniffAll: true });
    expect(report.attachments.find((a) => a.file === 'link.txt')).toEqual({
      file: 'link.txt', size: null, kind: 'other', cabName: null,
    });
  });
});

describe('readReportSummary (the scan path)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wer-summary-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('gives the same report as readReportFolder for the real report set', async () => {
    await copyRealReportSet(dir);
    for (const sniffAll of [false, true]) {
      expect(readReportSummary(dir, other, { sniffAll })).toEqual(readReportFolder(dir, other, { sniffAll }).report);
    }
  });

  it('gives the same report for every real Report.wer, the garbage one and a missing one', async () => {
    const files = [
      ...fixtureFiles('reportwer').map((n) => fixturePath('reportwer', n)),
      ...fixtureFiles('invalid').map((n) => fixturePath('invalid', n)),
    ];
    for (const file of files) {
      await copyFile(file, join(dir, 'Report.wer'));
      expect([file, readReportSummary(dir, other)]).toEqual([file, readReportFolder(dir, other).report]);
    }
    await rm(join(dir, 'Report.wer'));
    expect(readReportSummary(dir, other)).toEqual(readReportFolder(dir, other).report);
  });

  it('reads a batch (listings and Report.wer first, then parsing) into the same reports', async () => {
    const names = fixtureFiles('reportwer');
    for (const [i, name] of names.entries()) {
      await mkdir(join(dir, `r${i}`));
      await copyFile(fixturePath('reportwer', name), join(dir, `r${i}`, 'Report.wer'));
    }
    await mkdir(join(dir, 'empty'));
    await mkdir(join(dir, 'full'));
    await copyRealReportSet(join(dir, 'full'));
    const folders = [...names.map((_, i) => join(dir, `r${i}`)), join(dir, 'empty'), join(dir, 'gone'), join(dir, 'full')];
    const batch = folders.map((folder, i) => ({
      folder,
      ...other,
      // Some with the listing the caller already has, as the store walk passes it.
      entries: i % 2 === 0 && !folder.endsWith('gone') ? readdirSync(folder, { withFileTypes: true }) : undefined,
    }));
    expect(readReportSummaries(batch)).toEqual(folders.map((f) => readReportFolder(f, other).report));
  });
});

describe('reportId', () => {
  it('lower-cases the ReportIdentifier and strips braces', () => {
    expect(reportId('{9A83151C-FA03-11E9-81C1-000C2964DFC1}', '/x')).toBe('9a83151c-fa03-11e9-81c1-000c2964dfc1');
  });
  it('hashes the folder path when there is no usable identifier', () => {
    expect(reportId('not-a-guid', '/a/b')).toMatch(/^[0-9a-f]{32}$/);
    expect(reportId(null, '/a/b')).toBe(reportId(null, '/a/b'));
    expect(reportId(null, '/a/b')).not.toBe(reportId(null, '/a/c'));
  });
});
