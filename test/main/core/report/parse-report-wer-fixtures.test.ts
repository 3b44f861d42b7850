/**
 * Every real Report.wer (UTF-16LE bytes) and pasted Report.wer text (UTF-8) in ../shared/fixtures
 * goes through decodeText + parseReportWer. Expected values were read off the files by hand;
 * the ISO times were computed from each file's FILETIME (checked with Python's datetime).
 */
import { readFileSync } from 'node:fs';
import type { ParsedReportWer } from '../../../../shared/report-model';
import { decodeText } from '../../../../electron/main/core/text/decode-text';
import { parseReportWer } from '../../../../electron/main/core/report/parse-report-wer';
import { fixtureFiles, fixturePath } from '../../../support/fixtures';

interface Expected {
  readonly encoding: 'utf-16le' | 'utf-8';
  readonly eventType: string;
  readonly eventTime: string;
  readonly sig: readonly string[];
  readonly fields: Readonly<Record<string, string>>;
  /** The key of the last line, for the files the fixture README lists as cut short (pastes). */
  readonly cutAfter?: string;
}

const EXPECTED: Readonly<Record<string, Expected>> = {
  'DownPower-website.Report.wer': {
    encoding: 'utf-16le',
    eventType: 'APPCRASH',
    eventTime: '2025-05-13T06:21:39.211Z', // 133915908992113755
    sig: ['taskmgr.exe', '10.0.22000.1761', '06221210', 'taskmgr.exe', '10.0.22000.1761', '06221210', 'c0000005', '000000000004b519'],
    fields: { application: 'taskmgr.exe', module: 'taskmgr.exe', exceptionCode: 'c0000005', exceptionOffset: '000000000004b519' },
  },
  'JonJon565-JohnsDDLs.Report.wer': {
    encoding: 'utf-16le',
    eventType: 'MoAppCrash',
    eventTime: '2024-01-26T06:33:03.037Z', // 133507243830375858
    sig: ['VectorUnit.BeachBuggyRacing_1.2.7.0_x64__hvbhrzr8672s2', 'praid:App', '0.0.0.0', '55f30334', 'combase.dll', '10.0.19041.3636', '613e7d3d', '80004002', '000000000001ccfa'],
    fields: { packageFullName: 'VectorUnit.BeachBuggyRacing_1.2.7.0_x64__hvbhrzr8672s2', application: 'praid:App', module: 'combase.dll', exceptionCode: '80004002', exceptionOffset: '000000000001ccfa' },
  },
  'Mayter-CVE-2019-1315.Report.wer': {
    encoding: 'utf-16le',
    eventType: 'APPCRASH',
    eventTime: '2019-10-29T04:21:40.563Z', // 132167965005638556
    sig: ['ReportingServicesService.exe', '2009.100.1600.1', '4bb67a3f', 'unknown', '0.0.0.0', '00000000', 'c0000005', '0000000000000000'],
    fields: { application: 'ReportingServicesService.exe', applicationVersion: '2009.100.1600.1', module: 'unknown', exceptionCode: 'c0000005' },
  },
  'uberalex974-RL.Report.wer': {
    encoding: 'utf-16le',
    eventType: 'BEX64',
    eventTime: '2025-12-04T06:58:34.056Z', // 134093051140569425
    sig: ['GigaLearnBot.exe', '0.0.0.0', '693130d9', 'ucrtbase.dll', '10.0.26100.7019', '55eee9bf', '00000000000a4ace', 'c0000409', '0000000000000007'],
    fields: { module: 'ucrtbase.dll', exceptionOffset: '00000000000a4ace', exceptionCode: 'c0000409', exceptionData: '0000000000000007' },
  },
  'DebugPrivilege-beacon-BEX64.txt.wer': {
    encoding: 'utf-8',
    eventType: 'BEX64',
    eventTime: '2024-01-13T19:28:35.302Z', // 133496477153022430
    sig: ['beacon.exe', '0.0.0.0', '00000000', 'StackHash_0000', '0.0.0.0', '00000000', 'PCH_84', 'c0000005', '0000000000000008'],
    fields: { module: 'StackHash_0000', exceptionOffset: 'PCH_84', exceptionCode: 'c0000005', exceptionData: '0000000000000008' },
  },
  'blog-OSDeploy-GitBook-PowerShell-generic.txt.wer': {
    cutAfter: 'Sig[6].Value',
    encoding: 'utf-8',
    eventType: 'PowerShell',
    eventTime: '2018-11-23T18:26:40.040Z', // 131874712000407901
    sig: ['powershell.exe', '10.0.17763.134', 'System.DllNotFoundException', 'System.TypeInitializationException', 'unknown', '.Peers.AutomationPeer.RaiseFocusChangedEventHelper', 'Pipeli..ution Thread'],
    fields: { application: 'powershell.exe', powerShellVersion: '10.0.17763.134', innermostExceptionType: 'System.DllNotFoundException', threadName: 'Pipeli..ution Thread' },
  },
  'blog-lindexi-MoAppHang-Edge-zh.txt.wer': {
    encoding: 'utf-8',
    eventType: 'MoAppHang',
    eventTime: '2019-08-08T14:00:13.546Z', // 132097464135465240
    sig: ['Microsoft.MicrosoftEdge_40.15063.674.0_neutral__8wekyb3d8bbwe', 'praid:MicrosoftEdge', '11.0.15063.1418', '5bbdaa8e', '3dd1', '4194304'],
    fields: { packageFullName: 'Microsoft.MicrosoftEdge_40.15063.674.0_neutral__8wekyb3d8bbwe', application: 'praid:MicrosoftEdge', hangSignature: '3dd1', hangType: '4194304' },
  },
  'issue-AdGuardVPNForWindows-689-CLR20r3-ru.txt.wer': {
    cutAfter: 'Sig[8].Value',
    encoding: 'utf-8',
    eventType: 'CLR20r3',
    eventTime: '2024-06-10T04:22:13.982Z', // 133624669339824722
    sig: ['AdGuardVpn.exe', '2.4.1432.0', 'bf6d2fa3', 'AdGuard.Sciter.Vpn', '20.0.279.0', 'e080249f', '13d', '41', 'System.Exception'],
    fields: { application: 'AdGuardVpn.exe', module: 'AdGuard.Sciter.Vpn', methodToken: '13d', ilOffset: '41', exceptionType: 'System.Exception' },
  },
  'issue-dorssel-usbipd-win-1254-BEX64-zh.txt.wer': {
    cutAfter: 'DynamicSig[22].Value',
    encoding: 'utf-8',
    eventType: 'BEX64',
    eventTime: '2025-09-03T12:54:16.373Z', // 134013776563731466
    sig: ['usbipd.exe', '5.1.0.1017', '68317ee8', 'usbipd.exe', '5.1.0.1017', '68317ee8', '000000000010c9c7', 'c0000409', '0000000000000048'],
    fields: { module: 'usbipd.exe', exceptionCode: 'c0000409', exceptionOffset: '000000000010c9c7', exceptionData: '0000000000000048' },
  },
  'issue-microsoft-WSL-7782-AppHangB1.txt.wer': {
    cutAfter: 'DynamicSig[22].Value',
    encoding: 'utf-8',
    eventType: 'AppHangB1',
    eventTime: '2021-12-20T23:56:10.628Z', // 132845181706284354
    sig: ['explorer.exe', '10.0.22000.120', 'e846e749', '31f9', '134742016'],
    fields: { application: 'explorer.exe', hangSignature: '31f9', hangType: '134742016' },
  },
  'issue-microsoft-terminal-5632-MoAppCrash-zh.txt.wer': {
    cutAfter: 'Sig[5].Value',
    encoding: 'utf-8',
    eventType: 'MoAppCrash',
    eventTime: '2020-04-29T03:03:16.173Z', // 132326029961733758
    sig: ['Microsoft.DesktopAppInstaller_1.0.30732.0_x64__8wekyb3d8bbwe', 'praid:App', '1.0.1903.14002', '5c8ac765', 'AppInstaller.exe', '1.0.1903.14002'],
    fields: { packageFullName: 'Microsoft.DesktopAppInstaller_1.0.30732.0_x64__8wekyb3d8bbwe', module: 'AppInstaller.exe', moduleVersion: '1.0.1903.14002' },
  },
  'issue-notepad-plus-plus-15698-AppHangB1.txt.wer': {
    cutAfter: 'Sig[2].Value',
    encoding: 'utf-8',
    eventType: 'AppHangB1',
    eventTime: '2025-01-15T00:30:24.381Z', // 133813746243815383
    sig: ['explorer.exe', '10.0.26100.2454', 'dc9c700e'],
    fields: { application: 'explorer.exe', applicationVersion: '10.0.26100.2454', applicationTimestamp: 'dc9c700e' },
  },
  'issue-readest-683-BEX64.txt.wer': {
    cutAfter: 'DynamicSig[2].Value',
    encoding: 'utf-8',
    eventType: 'BEX64',
    eventTime: '2025-03-30T01:47:23.819Z', // 133877728438194296
    sig: ['readest.exe', '0.9.26.0', '67e433c3', 'ucrtbase.dll', '10.0.22621.3640', '10c46e71', '000000000007f6fe', 'c0000409', '0000000000000007'],
    fields: { module: 'ucrtbase.dll', exceptionOffset: '000000000007f6fe', exceptionCode: 'c0000409', exceptionData: '0000000000000007' },
  },
  'issue-virtio-win-393-CriticalProcessFault2.txt.wer': {
    cutAfter: 'DynamicSig[1].Value',
    encoding: 'utf-8',
    eventType: 'CriticalProcessFault2',
    eventTime: '2019-04-30T18:51:53.727Z', // 132011239137275018
    sig: ['lsass.exe', '10.0.17763.1', 'f1beaffa', 'StackHash_76a1', '0.0.0.0', '00000000', 'c0000005', 'PCH_74', '00000000', '0x00000000'],
    fields: { application: 'lsass.exe', module: 'StackHash_76a1', exceptionCode: 'c0000005', exceptionOffset: 'PCH_74', exceptionData: '00000000', exceptionFlags: '0x00000000' },
  },
  'issue-withinboredom-ipv6-wsl-2-APPCRASH.txt.wer': {
    cutAfter: 'DynamicSig[2].Value',
    encoding: 'utf-8',
    eventType: 'APPCRASH',
    eventTime: '2023-01-06T14:01:28.029Z', // 133174872880298997
    sig: ['ipv6dup-ui.exe', '1.0.0.0', '6377b117', 'KERNELBASE.dll', '10.0.22621.963', '766ca8ae', 'e0434352', '00000000000906bc'],
    fields: { module: 'KERNELBASE.dll', exceptionCode: 'e0434352', exceptionOffset: '00000000000906bc' },
  },
  'writeup-HTB-CA2024-Confinement-CLR20r3.txt.wer': {
    cutAfter: 'Sig[0].Value',
    encoding: 'utf-8',
    eventType: 'CLR20r3',
    eventTime: '2024-03-05T12:55:19.541Z', // 133541169195413692
    sig: ['intel.exe'],
    fields: { application: 'intel.exe' },
  },
};

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const cache = new Map<string, ParsedReportWer>();
function load(name: string): ParsedReportWer {
  let parsed = cache.get(name);
  if (!parsed) {
    parsed = parseReportWer(decodeText(readFileSync(fixturePath('reportwer', name))).text);
    cache.set(name, parsed);
  }
  return parsed;
}

describe('parseReportWer on every real fixture', () => {
  it('has an expectation for every file in fixtures/reportwer', () => {
    expect(fixtureFiles('reportwer')).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('%s', (name, expected) => {
    const decoded = decodeText(readFileSync(fixturePath('reportwer', name)));
    expect([decoded.encoding, decoded.lossy]).toEqual([expected.encoding, false]);
    const wer = load(name);
    // Complete files carry no problem; cut ones say so, naming the line they stop after.
    expect(wer.problems).toEqual(
      expected.cutAfter === undefined ? [] : [expect.stringMatching(new RegExp(`^The Report\\.wer looks cut off after "${escapeRegExp(expected.cutAfter)}=`))],
    );
    expect(wer.eventType).toBe(expected.eventType);
    expect(wer.eventTime).toBe(expected.eventTime);
    expect(wer.signature.map((s) => s.value)).toEqual(expected.sig);
    expect(wer.signature.map((s) => s.index)).toEqual(expected.sig.map((_, i) => i));
    expect(wer.fields).toMatchObject(expected.fields);
  });
});

describe('fixture details', () => {
  it('DownPower: Chinese names, State values containing "=", bucket, process, Win32 target', () => {
    const wer = load('DownPower-website.Report.wer');
    expect(wer.signature[0]?.name).toBe('应用程序名');
    expect(wer.friendlyEventName).toBe('已停止工作');
    expect(wer.state[1]).toEqual({
      index: 1,
      key: 'TpToken',
      value:
        '3.78c4e0f3955f215a4ca18594753a5c19.01dbcbaaf3c0966e.meta={cabrequesttype,0};meta={ibucket,1665527478120872319};meta={ieventtype,140};meta={reportid,a7954c9362544ac99247ff6fef1965d8};meta={rules,v=1}',
    });
    expect(wer.bucket).toEqual({ id: 'c8afbeebe387a4eff71d246ac10bf97f', table: 4, legacyId: '1665527478120872319' });
    expect(wer.uploadTime).toBe('2025-05-13T06:21:39.701Z');
    expect(wer.process).toEqual({ pid: 32660, startTime: '2025-05-13T06:21:19.342Z' }); // 00007f94-…-a5e4-673dcfc3db01
    expect(wer.targetAppId).toMatchObject({ kind: 'win32', exeName: 'Taskmgr.exe' });
    expect(wer.targetAppVersion).toMatchObject({ linkTime: '1973-04-05T22:15:44.000Z', checksum: '16df14' });
    expect(wer).toMatchObject({ reportType: 2, reportTypeName: 'ApplicationCrash', reportStatus: 2147487744, consent: 1 });
    expect(wer).toMatchObject({ isFatal: true, heapdumpAttached: false, wow64Host: 34404, appName: 'Task Manager' });
    expect(wer.osInfo).toHaveLength(39);
    // OsInfo[30].Key=buildflightid has no Value line at all.
    expect(wer.osInfo.find((e) => e.index === 30)).toEqual({ index: 30, key: 'buildflightid', value: null });
    expect(wer.loadedModules).toHaveLength(128);
    expect(wer.loadedModules[0]).toEqual({ index: 0, value: 'C:\\Windows\\system32\\taskmgr.exe' });
    expect(wer.ui).toEqual([{ index: 2, value: 'C:\\Windows\\system32\\taskmgr.exe' }]);
    expect(wer.dynamicSignature.map((d) => d.index)).toEqual([1, 2, 22, 23, 24, 25]);
  });

  it('Mayter (Windows 7): no BOM, final CRLF, File[0..2], no session GUID, no bucket', () => {
    const bytes = readFileSync(fixturePath('reportwer', 'Mayter-CVE-2019-1315.Report.wer'));
    expect(decodeText(bytes).bom).toBe(false);
    expect([...bytes.subarray(-4)]).toEqual([0x0d, 0, 0x0a, 0]);
    const wer = load('Mayter-CVE-2019-1315.Report.wer');
    expect(wer.files).toEqual([
      { index: 0, cabName: 'WERInternalMetadata.xml', path: 'WER8D13.tmp.WERInternalMetadata.xml', originalPath: 'C:\\Windows\\Temp\\WER8D13.tmp.WERInternalMetadata.xml', type: 5, typeName: 'Other', flags: 65538 },
      { index: 1, cabName: 'memory.hdmp', path: 'WER8D14.tmp.hdmp', originalPath: 'C:\\Windows\\Temp\\WER8D14.tmp.hdmp', type: 3, typeName: 'Heapdump', flags: 2097152 },
      { index: 2, cabName: 'minidump.mdmp', path: 'WER9DB7.tmp.mdmp', originalPath: 'C:\\Windows\\Temp\\WER9DB7.tmp.mdmp', type: 2, typeName: 'Minidump', flags: 2162690 },
    ]);
    expect(wer).toMatchObject({ process: null, bucket: null, uploadTime: null, wow64Host: null, isFatal: null });
    expect(wer.reportIdentifier).toBe('9a83151c-fa03-11e9-81c1-000c2964dfc1');
    expect(wer.reportDescription).toBe('Stopped working');
    expect(wer.dynamicSignature[0]).toEqual({ index: 1, name: 'OS 版本', value: '6.1.7601.2.1.0.272.7' });
    expect(wer.loadedModules).toHaveLength(113);
  });

  it('uberalex974: French names with curly apostrophes, BEX64 fast-fail 7', () => {
    const wer = load('uberalex974-RL.Report.wer');
    expect(wer.signature[7]).toEqual({ index: 7, name: 'Code de l’exception', value: 'c0000409' });
    expect(wer.friendlyEventName).toBe('Fonctionnement arrêté');
    expect(wer.process).toEqual({ pid: 21044, startTime: '2025-12-04T06:58:29.810Z' });
    expect(wer.osInfo.find((e) => e.key === 'flightbranch')).toEqual({ index: 33, key: 'flightbranch', value: null });
  });

  it('JonJon565: packaged target app id and version', () => {
    const wer = load('JonJon565-JohnsDDLs.Report.wer');
    expect(wer.targetAppId).toEqual({
      kind: 'packaged',
      packageFullName: 'VectorUnit.BeachBuggyRacing_1.2.7.0_x64__hvbhrzr8672s2',
      applicationId: 'App',
      raw: 'U:VectorUnit.BeachBuggyRacing_1.2.7.0_x64__hvbhrzr8672s2!App',
    });
    expect(wer.targetAppVersion).toMatchObject({ version: '1.2.7.0', architecture: 'x64', linkTime: '2015-09-11T16:37:08.000Z', exeName: 'PurpleWinStore.exe' });
    expect(wer.nsAppName).toBe('praid:App');
    expect(wer.process).toEqual({ pid: 9700, startTime: '2024-01-26T06:33:01.634Z' });
    expect(wer.bucket).toEqual({ id: '3ddc1eae9ee877864d36eea97bb20406', table: 5, legacyId: '2105132287534433286' });
  });

  it('DebugPrivilege paste: six attachments and a heap dump', () => {
    const wer = load('DebugPrivilege-beacon-BEX64.txt.wer');
    expect(wer.files.map((f) => [f.cabName, f.typeName])).toEqual([
      ['minidump.mdmp', 'Minidump'],
      ['WERInternalMetadata.xml', 'Other'],
      ['memory.csv', 'Other'],
      ['sysinfo.txt', 'Other'],
      ['AppCompat.txt', 'Other'],
      ['memory.hdmp', 'Heapdump'],
    ]);
    expect(wer.files[5]).toMatchObject({ path: 'memory.hdmp', originalPath: null, flags: 807403520 });
    expect(wer).toMatchObject({ heapdumpAttached: true, reportStatus: 16777220, bucket: null });
    expect(wer.targetAppVersion?.linkTime).toBe('1970-01-01T00:00:00.000Z');
  });

  it('PowerShell generic report: Critical, IsFatal=4294967295 is neither true nor false', () => {
    const wer = load('blog-OSDeploy-GitBook-PowerShell-generic.txt.wer');
    expect(wer).toMatchObject({ reportType: 1, reportTypeName: 'Critical', isFatal: null, reportStatus: 2097154, bucket: null });
    expect(wer.originalFilename).toBe('PowerShell.EXE');
  });

  it('MoAppHang (Chinese): ConsentKey, UI texts, hang DynamicSig 22-28, description', () => {
    const wer = load('blog-lindexi-MoAppHang-Edge-zh.txt.wer');
    expect(wer.consentKey).toBe('AppHangXProcB1');
    expect(wer.ui.map((u) => u.index)).toEqual([3, 4, 5, 6]);
    expect(wer.ui[0]?.value).toBe('Microsoft Edge 未响应');
    expect(wer.dynamicSignature.map((d) => d.index)).toEqual([1, 2, 22, 23, 24, 25, 26, 27, 28]);
    expect(wer.reportDescription).toBe('出现了一个问题，该问题导致了此程序停止与 Windows 进行交互。');
    expect(wer).toMatchObject({ reportType: 3, reportTypeName: 'ApplicationHang', isFatal: null });
    expect(wer.targetAppVersion).toMatchObject({ version: '40.15063.674.0', architecture: 'neutral', checksum: 'b13cc3' });
  });

  it('CLR20r3 (Russian names) and the truncated write-up', () => {
    expect(load('issue-AdGuardVPNForWindows-689-CLR20r3-ru.txt.wer').signature[0]?.name).toBe('Сигнатура проблемы 01');
    const htb = load('writeup-HTB-CA2024-Confinement-CLR20r3.txt.wer');
    expect([htb.nsAppName, htb.originalFilename]).toEqual(['intel.exe', 'Encrypter.exe']);
    expect(htb.targetAppVersion?.linkTime).toBe('2051-05-06T18:39:09.000Z');
  });

  it('CriticalProcessFault2 keeps its nonsense 2098 link date; AppHangB1 has a heap dump', () => {
    expect(load('issue-virtio-win-393-CriticalProcessFault2.txt.wer').targetAppVersion?.linkTime).toBe('2098-07-10T04:45:46.000Z');
    const hang = load('issue-microsoft-WSL-7782-AppHangB1.txt.wer');
    expect(hang.heapdumpAttached).toBe(true);
    expect(hang.entries.find((e) => e.key === 'ReportFlags')?.value).toBe('524288');
  });
});
