/** WERREPORT: built from report folders (§9), encoded UTF-16LE + BOM, and parsed leniently. */
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readReportFolder } from '../../../../electron/main/core/report/read-report-folder';
import { encodeWerReport, formatWerReportXml, parseWerReportXml, type WerReportDoc } from '../../../../electron/main/core/cer/werreport-xml';
import { werReportFromFolder } from '../../../../electron/main/core/cer/werreport-map';
import { fixturePath } from '../../../support/fixtures';
import { buildStore } from '../../../support/store-builder';

const DOC: WerReportDoc = {
  machine: { name: 'pc42.corp.example', os: '10.0.19045.2.0.0.256.48', lcid: '1033', oem: null },
  user: { name: 'alice' },
  application: { name: 'Demo "App" <&>', path: 'C:\\Apps\\demo.exe', company: 'Example Ltd' },
  event: { reportType: 2, eventType: 'APPCRASH', eventTime: '133845408000000000', friendlyName: 'Stopped working', description: null },
  parameters: [
    { id: 0, name: 'Application Name', value: 'demo.exe' },
    { id: 6, name: 'Exception Code', value: 'c0000005' },
  ],
  secondaryParameters: [{ name: 'OS Version', value: '10.0.19045.2.0.0.256.48' }, { name: 'Zeilen\r\nUmbruch\t', value: '中文' }],
  files: [{ name: 'WER1A2B.tmp.mdmp', type: 2 }],
};

function utf16be(text: string, bom: boolean): Uint8Array {
  const le = Buffer.from(text, 'utf16le');
  for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1] as number, le[i] as number];
  return Buffer.concat([Buffer.from(bom ? [0xfe, 0xff] : []), le]);
}

describe('WERREPORT', () => {
  it('is UTF-16LE with a BOM and a matching declaration, one element per line', () => {
    const bytes = encodeWerReport(DOC);
    expect([...bytes.subarray(0, 4)]).toEqual([0xff, 0xfe, 0x3c, 0x00]);
    const text = Buffer.from(bytes.subarray(2)).toString('utf16le');
    expect(text.startsWith('<?xml version="1.0" encoding="UTF-16"?>\r\n<WERREPORT xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">')).toBe(true);
    expect(text).toContain('<APPLICATIONINFO appname="Demo &quot;App&quot; &lt;&amp;&gt;" apppath="C:\\Apps\\demo.exe" appcompany="Example Ltd"/>');
    expect(text).toContain('<PARAMETER id="6" name="Exception Code" value="c0000005"/>');
    expect(text).toContain('name="Zeilen&#13;&#10;Umbruch&#9;"');
    expect(text).toContain('<FILES>\r\n<FILE filename="WER1A2B.tmp.mdmp" filetype="2"/>\r\n</FILES>');
  });

  it('parses back what it builds, in every encoding a client may send', () => {
    const text = formatWerReportXml(DOC);
    const variants: [string, Uint8Array][] = [
      ['utf-16le', encodeWerReport(DOC)],
      ['utf-16le', Buffer.from(text, 'utf16le')],
      ['utf-16be', utf16be(text, true)],
      ['utf-16be', utf16be(text, false)],
      ['utf-8', Buffer.from(text.replace('UTF-16', 'UTF-8'), 'utf8')],
    ];
    for (const [encoding, bytes] of variants) {
      const parsed = parseWerReportXml(bytes);
      if (!parsed.ok) throw new Error(parsed.error);
      expect(parsed.value.encoding).toBe(encoding);
      expect(parsed.value.doc).toEqual(DOC);
    }
  });

  it('refuses DTDs and entity declarations instead of expanding them', () => {
    const bomb = '<?xml version="1.0"?><!DOCTYPE WERREPORT [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>' +
      '<WERREPORT><EVENTINFO eventtype="&b;" reporttype="2" eventtime="1"/></WERREPORT>';
    const r = parseWerReportXml(Buffer.from(bomb, 'utf16le'));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/DTD/);
    // An undeclared entity reference stays as written.
    const plain = parseWerReportXml(Buffer.from('<WERREPORT><EVENTINFO eventtype="X&e;" reporttype="9" eventtime="x"/></WERREPORT>'));
    expect(plain.ok && plain.value.doc.event).toMatchObject({ eventType: 'X&e;', reportType: 0, eventTime: '0' });
  });

  it('refuses bodies that are not a WERREPORT, accepts the spec\'s kernel example shape', () => {
    for (const junk of ['', 'Unable to parse XML.', '<html><body>500</body></html>', '<WERREPORT><EVENTINFO/></WERREPORT>']) {
      expect(parseWerReportXml(Buffer.from(junk)).ok).toBe(false);
    }
    const kernel = '<?xml version="1.0" encoding="UTF-16"?><WERREPORT><MACHINEINFO machinename="m" os="6.0.6000.2.0.0.256.1" lcid="1033"/>' +
      '<USERINFO username="u"/><EVENTINFO reporttype="4" eventtime="128496925196486378" eventtype="BlueScreen"/>' +
      '<SIGNATURE><SECONDARYPARAMETER name="BCCode" value="1000008e"/><SECONDARYPARAMETER name="BCP1" value="C0000005"/></SIGNATURE>' +
      '<FILES><FILE filename="Mini031108-01.dmp" filetype="1"/><FILE filename="sysdata.xml" filetype="5"/></FILES></WERREPORT>';
    const r = parseWerReportXml(Buffer.from(kernel, 'utf16le'));
    if (!r.ok) throw new Error(r.error);
    expect(r.value.doc.application).toBeNull();
    expect(r.value.doc.secondaryParameters).toEqual([{ name: 'BCCode', value: '1000008e' }, { name: 'BCP1', value: 'C0000005' }]);
    expect(r.value.doc.files.map((f) => f.type)).toEqual([1, 5]);
  });

  describe('from a report folder (cer-protocol.md §9)', () => {
    let root: string;
    beforeAll(async () => void (root = await mkdtemp(join(tmpdir(), 'wer-xml-'))));
    afterAll(() => rm(root, { recursive: true, force: true }));

    it('maps a real Windows 11 report (Chinese names, OS version and locale from DynamicSig)', async () => {
      const folder = join(root, 'ReportArchive', 'AppCrash_taskmgr');
      await mkdir(folder, { recursive: true });
      await copyFile(fixturePath('reportwer', 'DownPower-website.Report.wer'), join(folder, 'Report.wer'));
      const read = readReportFolder(folder, { store: 'ReportArchive', storeRoot: join(root, 'ReportArchive') });
      const doc = werReportFromFolder(read, { machineName: 'pc1', userName: 'bob' });
      const wer = read.reportWer?.parsed;
      expect(doc).not.toBeNull();
      expect(doc?.event.eventType).toBe('APPCRASH');
      expect(doc?.event.eventTime).toBe(wer?.entries.find((e) => e.key === 'EventTime')?.value);
      expect(doc?.parameters.map((p) => [p.id, p.name, p.value])).toEqual(wer?.signature.map((s) => [s.index, s.name, s.value]));
      expect(doc?.machine).toEqual({ name: 'pc1', os: wer?.dynamicSignature.find((d) => d.index === 1)?.value, lcid: '2052', oem: null });
      expect(doc?.application).toEqual({ name: 'Task Manager', path: wer?.appPath, company: null });
      expect(doc?.files).toEqual([]);
    });

    it('lists attachments as FILEs with their WER file types, and needs a Report.wer', async () => {
      const built = await buildStore(join(root, 'gen'), 1, { attachmentsEvery: 1 });
      const b = built[0];
      if (!b) throw new Error('no report');
      const doc = werReportFromFolder(readReportFolder(b.folder, { store: b.store, storeRoot: null }), { machineName: 'm', userName: 'u' });
      expect(doc?.files).toEqual([
        { name: 'WERA1B2.tmp.WERInternalMetadata.xml', type: 5 },
        { name: 'WERA1B3.tmp.csv', type: 5 },
        { name: 'WERA1B4.tmp.txt', type: 5 },
      ]);
      expect(werReportFromFolder(readReportFolder(root, { store: 'other', storeRoot: null }), { machineName: 'm', userName: 'u' })).toBeNull();
    });
  });
});
