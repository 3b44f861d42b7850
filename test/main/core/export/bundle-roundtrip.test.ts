import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { importBundle } from '../../../../electron/main/core/bundle-import/import-bundle';
import { planBundle } from '../../../../electron/main/core/export/bundle-plan';
import { writeBundle } from '../../../../electron/main/core/export/bundle-writer';
import { readReportDetail } from '../../../../electron/main/core/report/read-report-detail';
import { sampleDumpBytes } from '../../../../electron/main/core/sample/sample-dump';
import { scanStores } from '../../../../electron/main/core/store/scan-stores';
import { extraLocations } from '../../../../electron/main/core/store/discover-stores';
import { hashTree } from '../../../support/file-hashes';
import { copyRealReportSet, fixturePath } from '../../../support/fixtures';
import { buildStore } from '../../../support/store-builder';
import { unzipTest } from '../../../support/unzip';

/** Exports folders, checks the zip with Info-ZIP, imports it, and compares every file by SHA-256. */
async function roundTrip(root: string, folders: readonly string[], name: string) {
  const plan = await planBundle(folders, { includeHeapDumps: true, toolVersion: '9.9.9' });
  const zip = join(root, `${name}.zip`);
  const written = await writeBundle(plan, zip, { now: () => new Date('2026-01-02T03:04:05Z') });
  if (!written.ok) throw new Error(written.error.message);
  expect(unzipTest(zip)).toMatch(/No errors detected in compressed data/);
  const imported = await importBundle(zip, join(root, `${name}-imported`));
  if (!imported.ok) throw new Error(imported.error);
  expect(imported.value.problems).toEqual([]);
  const extracted = await hashTree(imported.value.root);
  for (const [i, folder] of folders.entries()) {
    const zipFolder = plan.reports[i]?.zipFolder ?? '';
    expect(zipFolder).toBe(`reports/${basename(folder)}`);
    for (const [file, sha] of await hashTree(folder)) expect([file, extracted.get(`${zipFolder}/${file}`)]).toEqual([file, sha]);
  }
  return { plan, manifest: written.value.manifest, imported: imported.value, extracted };
}

describe('bundle round trip', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'wer-roundtrip-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('reproduces every report and file of a generated store, dumps included', async () => {
    const built = await buildStore(join(root, 'WER'), 12, { attachmentsEvery: 3, loadedModules: 40 });
    const withDump = built[0]?.folder ?? '';
    const dump = sampleDumpBytes({ exceptionCode: 0xc0000005, module: 'ContosoRender.dll', moduleVersion: '2.4.1.0', offset: 0x12a4f, appImage: 'ContosoViewer.exe', pid: 4000, timeMs: Date.UTC(2026, 0, 1) });
    await writeFile(join(withDump, 'WERA1B5.tmp.mdmp'), dump);
    await writeFile(join(withDump, 'memory.hdmp'), Buffer.concat([Buffer.from(dump), Buffer.alloc(300_000, 7)]));
    const folders = built.map((b) => b.folder);
    const { manifest, imported, extracted } = await roundTrip(root, folders, 'generated');

    expect(manifest).toMatchObject({ format: 'wer-explorer-bundle', formatVersion: 1, tool: { version: '9.9.9' }, createdAt: '2026-01-02T03:04:05.000Z' });
    expect(manifest.files.filter((f) => f.kind !== 'summary')).toHaveLength(12 + 4 * 3 + 2);
    for (const f of manifest.files) expect(extracted.get(f.path)).toBe(f.sha256);
    expect(manifest.leftOut).toEqual([]);
    expect(manifest.warnings.map((w) => w.kind)).toEqual(['heap-dumps', 'dumps']);

    // The extracted reports scan like the originals.
    const original = (await scanStores(extraLocations(folders))).reports;
    const scanned = (await scanStores(extraLocations([imported.reportsDir ?? '']))).reports;
    const key = (r: (typeof original)[number]) => [r.id, r.eventType, r.eventTime, JSON.stringify(r.signature), r.attachments.length];
    expect(scanned.map(key).sort()).toEqual(original.map(key).sort());
  });

  it('reproduces a real report set (Report.wer, metadata, upload XML, csv, txt, minidump) and a Windows 7 report', async () => {
    const set = join(root, 'ReportArchive', 'AppCrash_PurpleWinStore_b0e0a37d');
    const win7 = join(root, 'ReportArchive', 'AppCrash_ReportingServi_9a83151c');
    await mkdir(set, { recursive: true });
    await mkdir(win7, { recursive: true });
    await copyRealReportSet(set);
    await copyFile(fixturePath('reportwer', 'Mayter-CVE-2019-1315.Report.wer'), join(win7, 'Report.wer'));
    const { imported, manifest } = await roundTrip(root, [set, win7], 'real');

    const before = await readReportDetail(set, { store: 'ReportArchive', storeRoot: join(root, 'ReportArchive') });
    const after = await readReportDetail(join(imported.root, manifest.reports[0]?.folder ?? ''), { store: 'other', storeRoot: null });
    expect(after.id).toBe('b0e0a37d-af49-4d6d-a411-f0946870c9dd');
    expect(after.reportWer?.entries).toEqual(before.reportWer?.entries);
    expect(after.metadata).toEqual(before.metadata);
    expect(after.minidump?.content).toEqual(before.minidump?.content);

    const md = await readFile(join(imported.root, 'summary.md'), 'utf8');
    expect(md).toContain('## 1. VectorUnit.BeachBuggyRacing crashed in combase.dll (80004002 E\\_NOINTERFACE)');
    expect(md).toContain('### Minidump (WERC824.tmp.mdmp)');
    expect(md).toContain('| Exception | 0xc000027b');
    const html = await readFile(join(imported.root, 'summary.html'), 'utf8');
    expect(html).toContain('<h3>Signature</h3>');
    expect(html).not.toMatch(/\b(?:src|href)=|https?:|<script|@import|url\(/i);
  });
});
