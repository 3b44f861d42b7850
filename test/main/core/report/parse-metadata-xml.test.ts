import { readFileSync } from 'node:fs';
import type { InternalMetadata, ReportMetadata, UploadRequest } from '../../../../shared/metadata-model';
import { decodeText } from '../../../../electron/main/core/text/decode-text';
import { parseMetadataXml } from '../../../../electron/main/core/report/parse-metadata-xml';
import { fixtureFiles, fixturePath } from '../../../support/fixtures';

const load = (name: string): ReportMetadata =>
  parseMetadataXml(decodeText(readFileSync(fixturePath('metadata', name))).text);

function internal(m: ReportMetadata): InternalMetadata {
  if (m.kind !== 'internal-metadata') throw new Error(`expected internal metadata, got ${m.kind}`);
  return m;
}

describe('parseMetadataXml on the real fixtures', () => {
  it('reads every fixture without problems', () => {
    const kinds = fixtureFiles('metadata').map((name) => [name, load(name).kind, load(name).problems]);
    expect(kinds).toEqual([
      ['DebugPrivilege-beacon-BEX64.WERInternalMetadata.txt.xml', 'internal-metadata', []],
      ['JonJon565-WER7FE4.tmp.WERInternalMetadata.xml', 'internal-metadata', []],
      ['JonJon565-WERC99C.tmp.WERInternalMetadata - Copy.xml', 'internal-metadata', []],
      ['JonJon565-WERC9FA.tmp - Copy.xml', 'upload-request', []],
    ]);
  });

  it('JonJon565 WER7FE4 (first-level file, UTF-16LE): OS, signature, system, no process', () => {
    const m = internal(load('JonJon565-WER7FE4.tmp.WERInternalMetadata.xml'));
    expect(m.os).toEqual({
      ntVersion: '10.0',
      build: 19045,
      product: '(0x65): Windows 10 Home',
      edition: 'Core',
      buildString: '19041.3930.amd64fre.vb_release.191206-1406',
      revision: 3930,
      flavor: 'Multiprocessor Free',
      architecture: 'X64',
      lcid: 1033,
    });
    expect(m.process).toBeNull();
    expect(m.problemSignature?.eventType).toBe('MoAppCrash');
    expect(m.problemSignature?.parameters.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(m.problemSignature?.parameters[7]).toEqual({ index: 7, value: '80004002' });
    expect(m.dynamicSignature.map((p) => p.index)).toEqual([1, 2, 22, 23, 24, 25]);
    expect(m.system).toEqual({
      machineId: 'B416E662-2CDC-4EB4-8355-43F1CA046DBE',
      manufacturer: 'Dell Inc.',
      productName: 'Latitude E6440',
      biosVersion: 'A23',
      osInstallDate: '2021-11-19T22:38:24.000Z', // 1637361504 s
      osInstallTime: '1601-01-02T23:23:44Z',
      timeZoneBias: '08:00',
    });
    expect(m.secureBoot).toBe('NotCapable');
    expect([m.reportGuid, m.creationTime]).toEqual(['804e48a5-5d15-46bd-9615-d2ed4927059d', '2024-01-26T06:25:46Z']);
  });

  it('JonJon565 WERC99C: process with package, WOW64 attributes and VM counters', () => {
    const m = internal(load('JonJon565-WERC99C.tmp.WERInternalMetadata - Copy.xml'));
    expect(m.process).toMatchObject({
      pid: 8468,
      imageName: 'PurpleWinStore.exe',
      cmdLineSignature: '00000000',
      uptimeMs: 1593,
      wow64: { guest: 0, host: 34404, value: '0' },
      package: {
        fullName: 'VectorUnit.BeachBuggyRacing_1.2.7.0_x64__hvbhrzr8672s2',
        familyName: 'VectorUnit.BeachBuggyRacing_hvbhrzr8672s2',
        relativeApplicationId: 'App',
      },
      parent: null,
    });
    expect(Object.keys(m.process?.vm ?? {})).toHaveLength(12);
    expect(m.process?.vm).toMatchObject({ PeakVirtualSize: 4621770752, PrivateUsage: 36229120 });
    expect(m.reportGuid).toBe('8bbba5fc-047f-4ed0-b146-7ce0c4cf4bcd');
  });

  it('DebugPrivilege paste (UTF-8 text declaring UTF-16): parent process powershell.exe', () => {
    const m = internal(load('DebugPrivilege-beacon-BEX64.WERInternalMetadata.txt.xml'));
    expect(m.os).toMatchObject({ build: 19043, edition: 'Professional', revision: 1237, architecture: 'X64' });
    expect(m.process).toMatchObject({ pid: 10712, imageName: 'beacon.exe', uptimeMs: 18563, package: null });
    expect(m.process?.parent).toMatchObject({ pid: 7872, imageName: 'powershell.exe', uptimeMs: 1124898, parent: null });
    expect(m.process?.parent?.vm.PeakVirtualSize).toBe(2204012949504);
    expect(m.problemSignature?.parameters[6]).toEqual({ index: 6, value: 'PCH_84' });
    expect(m.system).toMatchObject({ machineId: '00C995CA-0264-411C-8F79-2873A828E351', manufacturer: null, timeZoneBias: '00:00' });
  });

  it('JonJon565 WERC9FA: the <req ver="2"> upload request', () => {
    const m = load('JonJon565-WERC9FA.tmp - Copy.xml') as UploadRequest;
    expect(m.kind).toBe('upload-request');
    expect(m.version).toBe('2');
    expect(m.os).toMatchObject({ verbld: '19045', arch: '9', osver: '10.0.19041.3930.amd64fre.vb_release.191206-1406', edition: 'Core' });
    expect(Object.keys(m.os)).toHaveLength(31);
    expect(m.hardware).toMatchObject({ sysmfg: 'Dell Inc.', syspro: 'Latitude E6440', wscpudn: 'Intel(R) Core(TM) i5-4200M CPU @ 2.50GHz' });
    expect(m.machineControl.mid).toBe('{B416E662-2CDC-4EB4-8355-43F1CA046DBE}');
    expect(m.namespace).toMatchObject({ service: 'watson', partner: 'windows', group: 'windows8', app: 'praid:App' });
    expect(m.namespace?.parameters[0]).toEqual({ index: 0, value: 'VectorUnit.BeachBuggyRacing_1.2.7.0_x64__hvbhrzr8672s2' });
    expect(m.namespace?.parameters[8]).toEqual({ index: 8, value: '000000000001ccfa' });
    expect(m.requestControl).toMatchObject({ reportid: '80848b0c-8d78-4704-945e-42fe1a5dc162', wowhost: '34404' });
    expect(m.eventType).toBe('MoAppCrash');
    expect(m.eventArgs.appsessionguid).toBe('00002114-0001-0125-dfe1-fb38ad50da01');
  });
});

describe('parseMetadataXml: hostile and unusual input', () => {
  it('does not expand DTD entities', () => {
    const m = internal(
      parseMetadataXml('<!DOCTYPE x [<!ENTITY e "boom">]><WERReportMetadata><ReportInformation><Guid>&e;</Guid></ReportInformation></WERReportMetadata>'),
    );
    expect(m.reportGuid).toBe('&e;');
  });

  it('finishes a billion-laughs document quickly without expanding it', () => {
    let dtd = '<!ENTITY lol0 "lol">';
    for (let i = 1; i < 10; i++) dtd += `<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`;
    const xml = `<?xml version="1.0"?><!DOCTYPE WERReportMetadata [${dtd}]><WERReportMetadata><ProblemSignatures><EventType>&lol9;</EventType></ProblemSignatures></WERReportMetadata>`;
    const start = performance.now();
    const m = internal(parseMetadataXml(xml));
    expect(performance.now() - start).toBeLessThan(500);
    expect(m.problemSignature?.eventType).toBe('&lol9;');
  });

  it('decodes the predefined entities and character references', () => {
    const m = internal(
      parseMetadataXml('<WERReportMetadata><SystemInformation><SystemManufacturer>A&amp;B &#169; &#x4e2d;</SystemManufacturer></SystemInformation></WERReportMetadata>'),
    );
    expect(m.system?.manufacturer).toBe('A&B © 中');
  });

  it('tolerates imitations with only some sections (Mono MERP style, UTF-8 declaration)', () => {
    const m = internal(
      parseMetadataXml('<?xml version="1.0" encoding="UTF-8"?><WERReportMetadata><ProblemSignatures><EventType>MonoAppCrash</EventType><Parameter0>app</Parameter0></ProblemSignatures></WERReportMetadata>'),
    );
    expect(m).toMatchObject({ os: null, process: null, system: null, secureBoot: null, problems: [] });
    expect(m.problemSignature).toEqual({ eventType: 'MonoAppCrash', parameters: [{ index: 0, value: 'app' }] });
  });

  it('says so when the root element has none of the known sections', () => {
    expect(internal(parseMetadataXml('<WERReportMetadata/>')).problems).toEqual([
      'The metadata file has none of the sections Windows writes (operating system, process, signature).',
    ]);
  });

  it('caps a deep parent-process chain', () => {
    const depth = 20;
    const open = '<ProcessInformation><Pid>1</Pid><ParentProcess>'.repeat(depth);
    const close = '</ParentProcess></ProcessInformation>'.repeat(depth);
    const m = internal(parseMetadataXml(`<WERReportMetadata>${open}${close}</WERReportMetadata>`));
    let levels = 0;
    for (let p = m.process; p; p = p.parent) levels++;
    expect(levels).toBe(16);
    expect(m.problems).toContain('The parent-process chain is deeper than 16 levels; the rest was left out.');
  });

  it('returns kind unknown with a problem for empty, non-XML, foreign and old-style XML', () => {
    expect(parseMetadataXml('')).toEqual({ kind: 'unknown', rootElement: null, problems: ['The XML file is empty.'] });
    expect(parseMetadataXml('not xml at all')).toMatchObject({ kind: 'unknown', rootElement: null });
    expect(parseMetadataXml('<html><body/></html>')).toEqual({
      kind: 'unknown',
      rootElement: 'html',
      problems: ['The XML root element is <html>, not a Windows error report metadata element.'],
    });
    expect(parseMetadataXml('<WERREPORT><MACHINEINFO/></WERREPORT>').problems[0]).toMatch(/older Windows Vista\/7/);
    expect(parseMetadataXml('<WERReportMetadata><__proto__>1</__proto__></WERReportMetadata>').kind).toBe('unknown');
  });

  it('reads what it can from a truncated file and says it is incomplete', () => {
    const text = decodeText(readFileSync(fixturePath('metadata', 'JonJon565-WERC99C.tmp.WERInternalMetadata - Copy.xml'))).text;
    const m = internal(parseMetadataXml(text.slice(0, text.indexOf('<ProblemSignatures>') + 60)));
    expect(m.os?.build).toBe(19045);
    expect(m.process?.pid).toBe(8468);
    expect(m.problems[0]).toMatch(/^The XML is damaged or incomplete/);
  });

  it('cuts megabyte-long values before parsing, so they stay fast', () => {
    const xml = `<WERReportMetadata><ProcessInformation><ImageName>${'a'.repeat(1_500_000)}</ImageName><Pid>7</Pid></ProcessInformation></WERReportMetadata>`;
    const start = performance.now();
    const m = internal(parseMetadataXml(xml));
    expect(performance.now() - start).toBeLessThan(500);
    expect(m.process?.pid).toBe(7);
    expect(m.process?.imageName).toHaveLength(16_384);
    expect(m.problems).toEqual(['Some values were longer than 16384 characters and were shortened.']);
  });

  it('refuses megabyte-long markup instead of parsing it slowly', () => {
    for (const junk of ['<'.repeat(1_000_000), `<x a="${'b'.repeat(1_000_000)}">`, `<!--${'c'.repeat(1_000_000)}-->`]) {
      const start = performance.now();
      const m = parseMetadataXml(`<?xml version="1.0"?>\n${junk}\n<WERReportMetadata><A>1</A></WERReportMetadata>`);
      expect(performance.now() - start).toBeLessThan(200);
      expect(m).toEqual({
        kind: 'unknown',
        rootElement: null,
        problems: ['The XML has markup longer than 16384 characters, which no report file has; it was not read.'],
      });
    }
  });

  it('keeps validator messages short', () => {
    const m = parseMetadataXml(`<WERReportMetadata><${'a'.repeat(10_000)}$></WERReportMetadata>`);
    expect(m.problems.every((p) => p.length < 300)).toBe(true);
  });
});
