/** The collector on hostile and odd input: every refusal, and that nothing lands where it should not. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCollector, type RunningCollector } from '../../../../electron/main/core/cer/collector';
import { writeCab } from '../../../../electron/main/core/cer/cab-writer';
import { parseCerAnswer } from '../../../../electron/main/core/cer/cer-response';
import { encodeWerReport, type WerReportDoc } from '../../../../electron/main/core/cer/werreport-xml';
import { decodeText } from '../../../../electron/main/core/text/decode-text';
import { parseReportWer } from '../../../../electron/main/core/report/parse-report-wer';
import { request } from './helpers/http-request';

function doc(app: string, code = 'c0000005', machine = 'pc42.corp.example'): WerReportDoc {
  return {
    machine: { name: machine, os: '10.0.19045.2.0.0.256.48', lcid: '1033', oem: null },
    user: { name: 'alice' },
    application: { name: app, path: `C:\\Apps\\${app}`, company: null },
    event: { reportType: 2, eventType: 'APPCRASH', eventTime: '133845408000000000', friendlyName: 'Stopped working', description: null },
    parameters: [{ id: 0, name: 'Application Name', value: app }, { id: 6, name: 'Exception Code', value: code }],
    secondaryParameters: [],
    files: [{ name: 'WER1.tmp.mdmp', type: 2 }],
  };
}

describe('collector on hostile input', () => {
  let dir: string;
  let collector: RunningCollector;
  const archive = (): string[] => readdirSync(join(dir, 'ReportArchive')).sort();
  const temps = (): string[] => readdirSync(join(dir, '.cer-collector', 'tmp'));
  // The report folders of a DumpFile: named after its token, with a content suffix for a second content.
  const foldersOf = (dumpFile: string): string[] => archive().filter((f) => f.includes(dumpFile.slice(9, 41))).map((f) => join(dir, 'ReportArchive', f));
  const smallCab = (): Uint8Array => writeCab([{ name: 'WER1.tmp.mdmp', data: Buffer.from('MDMP payload') }]);

  /** Level 1 only: the report is recorded, not yet in ReportArchive. */
  async function post(d: WerReportDoc): Promise<{ dumpFile: string; bucket: string }> {
    const res = await request(collector.url, 'POST', '/stage2.htm', encodeWerReport(d));
    expect(res.status).toBe(200);
    const { answer } = parseCerAnswer(res.text);
    if (!answer.dumpFile || !answer.bucket) throw new Error(`unexpected answer ${res.text}`);
    return { dumpFile: answer.dumpFile, bucket: answer.bucket };
  }

  /** Both levels: the report lands with the CAB's files. */
  async function land(d: WerReportDoc, cab: Uint8Array = smallCab()): Promise<{ folder: string; dumpFile: string; bucket: string }> {
    const posted = await post(d);
    expect((await request(collector.url, 'PUT', posted.dumpFile, cab)).status).toBe(201);
    const [folder] = foldersOf(posted.dumpFile);
    if (!folder) throw new Error(`nothing landed for ${posted.dumpFile}`);
    return { folder, ...posted };
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wer-collect-'));
    collector = await startCollector({
      dir, port: 0, limits: { maxReportBytes: 64 * 1024, maxCabBytes: 512 * 1024, maxUncompressedBytes: 1024 * 1024 },
    });
  });
  afterAll(async () => {
    await collector.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('stores a report as a folder the explorer reads, answers strictly, same signature = same bucket', async () => {
    const before = archive();
    const again = await post(doc('demo.exe'));
    // Nothing is in ReportArchive until the upload: a report lands whole or not at all.
    expect(archive()).toEqual(before);
    const a = await land(doc('demo.exe'));
    const b = await land(doc('demo.exe', 'c0000005', 'pc43.corp.example'));
    const c = await post(doc('other.exe'));
    expect(a.bucket).toBe(b.bucket);
    expect(c.bucket).not.toBe(a.bucket);
    expect(a.dumpFile).toMatch(/^\/reports\/[0-9a-f]{32}\/report\.cab$/);
    // The DumpFile is derived from the report: the same report gets the same one (any collector), another report another.
    expect(again.dumpFile).toBe(a.dumpFile);
    expect(a.dumpFile).not.toBe(b.dumpFile);
    expect(readdirSync(a.folder).sort()).toEqual(['Report.wer', 'WER1.tmp.mdmp', 'report.xml']);
    const bytes = readFileSync(join(a.folder, 'Report.wer'));
    expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    const wer = parseReportWer(decodeText(bytes).text);
    expect(wer.problems).toEqual([]);
    expect(wer.eventType).toBe('APPCRASH');
    expect(wer.bucket).toEqual({ id: a.bucket, table: 1, legacyId: null });
    expect(wer.entries).toEqual(expect.arrayContaining([{ key: 'Cer.MachineName', value: 'pc42.corp.example' }, { key: 'Cer.UserName', value: 'alice' }]));
    expect(readFileSync(join(a.folder, 'report.xml')).equals(encodeWerReport(doc('demo.exe')))).toBe(true);
  });

  it('keeps bucket numbers across a restart', async () => {
    const before = await post(doc('restart.exe'));
    await collector.close();
    collector = await startCollector({ dir, port: 0, limits: { maxReportBytes: 64 * 1024, maxCabBytes: 512 * 1024, maxUncompressedBytes: 1024 * 1024 } });
    expect((await post(doc('restart.exe'))).bucket).toBe(before.bucket);
  });

  it('refuses oversized bodies, DTDs, junk, and other methods; serves nothing back', async () => {
    const count = archive().length;
    const big = await request(collector.url, 'POST', '/stage2.htm', Buffer.alloc(200_000, 0x41));
    expect([413, 'reset']).toContain(big.status);
    const dtd = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x "y">]><WERREPORT><EVENTINFO eventtype="&x;"/></WERREPORT>';
    expect((await request(collector.url, 'POST', '/stage2.htm', dtd)).status).toBe(400);
    expect((await request(collector.url, 'POST', '/stage2.htm', 'not xml at all')).status).toBe(400);
    expect((await request(collector.url, 'GET', '/stage2.htm')).status).toBe(405);
    const { folder } = await land(doc('get.exe'));
    const name = folder.split(/[\\/]/).pop() as string;
    for (const path of [`/ReportArchive/${name}/report.xml`, `/reports/${name.slice(-32)}/report.cab`, '/.cer-collector/posted', '/../.cer-collector/tmp']) {
      const res = await request(collector.url, 'GET', path);
      expect(res.status).toBe(404);
      expect(res.text).not.toContain('WERREPORT');
    }
    expect(archive().length).toBe(count + 1);
    expect(temps()).toEqual([]);
  });

  it('takes a PUT only for a path handed out, once per content, with backslash paths normalised', async () => {
    const { dumpFile } = await post(doc('put.exe'));
    const cab = smallCab();
    expect((await request(collector.url, 'PUT', '/reports/0123456789abcdef0123456789abcdef/report.cab', cab)).status).toBe(404);
    expect((await request(collector.url, 'PUT', `${dumpFile}/../../x.cab`, cab)).status).toBe(404);
    expect((await request(collector.url, 'PUT', '/stage2.htm', cab)).status).toBe(405);
    // Not a cabinet, and a truncated cabinet: refused, and the path stays usable.
    expect((await request(collector.url, 'PUT', dumpFile, 'PK\u0003\u0004 zip?')).status).toBe(400);
    const truncated = await request(collector.url, 'PUT', dumpFile, cab.subarray(0, cab.length - 5));
    expect(truncated).toMatchObject({ status: 400 });
    expect(truncated.text).toMatch(/truncated/);
    const backslashed = dumpFile.replace(/\//g, '\\');
    expect(foldersOf(dumpFile)).toEqual([]);
    expect((await request(collector.url, 'PUT', `/${backslashed.slice(1).replace(/\\/, '%5C')}`, cab)).status).toBe(201);
    const [folder] = foldersOf(dumpFile) as [string];
    expect(readFileSync(join(folder, 'WER1.tmp.mdmp'), 'latin1')).toBe('MDMP payload');
    // The same bytes again (a retry whose answer was lost) is acknowledged without storing.
    expect((await request(collector.url, 'PUT', dumpFile, cab)).status).toBe(200);
    expect(foldersOf(dumpFile)).toEqual([folder]);
    // Other files for the same WERREPORT are another report: kept beside it, never mixed into it.
    expect((await request(collector.url, 'PUT', dumpFile, writeCab([{ name: 'x.txt', data: Buffer.from('x') }]))).status).toBe(201);
    expect(existsSync(join(folder, 'x.txt'))).toBe(false);
    const both = foldersOf(dumpFile);
    expect(both).toHaveLength(2);
    const second = both.find((f) => f !== folder) as string;
    expect(second).toMatch(new RegExp(`^${folder.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}_[0-9a-f]{12}$`));
    expect(readdirSync(second).sort()).toEqual(['Report.wer', 'report.xml', 'x.txt']);
    expect(temps()).toEqual([]);
  });

  it.each([
    ['..\\evil.txt'], ['../evil.txt'], ['/abs.txt'], ['C:\\Windows\\evil.txt'], ['sub\\..\\..\\evil.txt'], ['\\\\host\\share\\evil.txt'],
  ])('refuses a CAB holding %j and writes none of it', async (bad) => {
    const { dumpFile } = await post(doc('names.exe'));
    const cab = writeCab([{ name: 'good.txt', data: Buffer.from('ok') }, { name: bad, data: Buffer.from('evil') }]);
    const res = await request(collector.url, 'PUT', dumpFile, cab);
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/unsafe file name/);
    expect(foldersOf(dumpFile)).toEqual([]);
    expect(temps()).toEqual([]);
    expect(existsSync(join(dir, 'evil.txt'))).toBe(false);
    expect(existsSync(join(dir, 'ReportArchive', 'evil.txt'))).toBe(false);
  });

  it('keeps its own Report.wer when the CAB brings one, and refuses oversized or bomb CABs', async () => {
    const cab = writeCab([{ name: 'Report.wer', data: Buffer.from('sender copy') }, { name: 'sub\\nested.txt', data: Buffer.from('n') }]);
    const { folder } = await land(doc('own.exe'), cab);
    expect(parseReportWer(decodeText(readFileSync(join(folder, 'Report.wer'))).text).eventType).toBe('APPCRASH');
    expect(readFileSync(join(folder, 'Report.sent.wer'), 'latin1')).toBe('sender copy');
    expect(readFileSync(join(folder, 'sub', 'nested.txt'), 'latin1')).toBe('n');

    const next = await post(doc('bomb.exe'));
    const bomb = writeCab([{ name: 'zeros.bin', data: Buffer.alloc(4 * 1024 * 1024) }]);
    expect(bomb.length).toBeLessThan(512 * 1024);
    const refused = await request(collector.url, 'PUT', next.dumpFile, bomb);
    expect(refused.status).toBe(400);
    expect(refused.text).toMatch(/at most 1048576/);
    const huge = await request(collector.url, 'PUT', next.dumpFile, Buffer.concat([Buffer.from('MSCF'), Buffer.alloc(600 * 1024)]));
    expect([413, 'reset']).toContain(huge.status);
    expect(foldersOf(next.dumpFile)).toEqual([]);
    expect(temps()).toEqual([]);
  });
});
