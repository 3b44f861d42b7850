/**
 * What collectors derive from a report, alike on every collector: the DumpFile token (checked
 * against coreutils' sha256sum), the bucket number, and the content digest that tells a repeat
 * from another report (the folder on disk and the bytes in memory must agree).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectedDigest, folderDigest } from '../../../../electron/main/core/cer/collected-digest';
import { bucketNumber, dumpFileOf, reportFolderName, reportToken, tokenOfDumpFile } from '../../../../electron/main/core/cer/collector-identity';
import { encodeWerReport, type WerReportDoc } from '../../../../electron/main/core/cer/werreport-xml';

function doc(app: string, machine = 'pc42', code = 'c0000005'): WerReportDoc {
  return {
    machine: { name: machine, os: '10.0.19045.2.0.0.256.48', lcid: '1033', oem: null },
    user: { name: 'alice' },
    application: { name: app, path: `C:\\Apps\\${app}`, company: null },
    event: { reportType: 2, eventType: 'APPCRASH', eventTime: '133845408000000000', friendlyName: 'Stopped working', description: null },
    parameters: [{ id: 0, name: 'Application Name', value: app }, { id: 6, name: 'Exception Code', value: code }],
    secondaryParameters: [],
    files: [],
  };
}

describe('collector identity', () => {
  let root: string;
  beforeAll(async () => void (root = await mkdtemp(join(tmpdir(), 'wer-identity-'))));
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('derives the DumpFile token from the WERREPORT bytes (first 32 hex of their SHA-256, as sha256sum prints it)', async () => {
    const raw = encodeWerReport(doc('demo.exe'));
    await writeFile(join(root, 'report.xml'), raw);
    const peer = execFileSync('sha256sum', [join(root, 'report.xml')], { encoding: 'utf8' }).split(' ')[0] ?? '';
    const token = reportToken(raw);
    expect(token).toBe(peer.slice(0, 32));
    expect(tokenOfDumpFile(dumpFileOf(token))).toBe(token);
    expect(tokenOfDumpFile(`${dumpFileOf(token)}/..`)).toBeNull();
    expect(reportFolderName(doc('demo.exe'), token)).toBe(`AppCrash_demo.exe_${token}`);
    expect(reportFolderName(doc('..\\..\\evil'), token)).toBe(`AppCrash_evil_${token}`);
  });

  it('gives one signature one bucket whoever sent it, within 1 … 2^31-1', () => {
    const a = bucketNumber(doc('demo.exe', 'pc1'));
    expect(bucketNumber(doc('DEMO.EXE', 'pc2'))).toBe(a);
    expect(bucketNumber(doc('demo.exe', 'pc1', 'c0000409'))).not.toBe(a);
    const many = Array.from({ length: 2000 }, (_, i) => bucketNumber(doc(`app${i}.exe`)));
    expect(many.every((n) => Number.isInteger(n) && n >= 1 && n <= 2 ** 31 - 1)).toBe(true);
    expect(new Set(many).size).toBe(many.length);
  });

  it('digests a folder on disk as the same files in memory, leaving out the collector\u2019s Report.wer', async () => {
    const files: Record<string, string> = { 'report.xml': '<x/>', 'WER1.tmp.mdmp': 'MDMP', 'sub/nested.txt': 'n', 'Report.sent.wer': 'sent' };
    const folder = join(root, 'folder');
    await mkdir(join(folder, 'sub'), { recursive: true });
    for (const [name, text] of Object.entries(files)) await writeFile(join(folder, ...name.split('/')), text);
    await writeFile(join(folder, 'Report.wer'), 'made by the collector at some time');
    const sha = (t: string): string => createHash('sha256').update(t).digest('hex');
    const entries = Object.entries(files).map(([name, text]) => ({ name, sha256: sha(text) }));
    const digest = collectedDigest(entries);
    expect(await folderDigest(folder)).toBe(digest);
    expect(collectedDigest([...entries].reverse())).toBe(digest);
    expect(collectedDigest([...entries, { name: 'Report.wer', sha256: sha('other time') }])).toBe(digest);
    // One byte, one name, one file more or less: another report.
    expect(collectedDigest(entries.map((e) => (e.name === 'WER1.tmp.mdmp' ? { ...e, sha256: sha('MDMQ') } : e)))).not.toBe(digest);
    expect(collectedDigest(entries.map((e) => (e.name === 'sub/nested.txt' ? { ...e, name: 'nested.txt' } : e)))).not.toBe(digest);
    expect(collectedDigest(entries.slice(1))).not.toBe(digest);
  });
});
