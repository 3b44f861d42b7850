/**
 * Rich ReportDetail objects for the detail view and ticket-text tests. The minidump summaries are
 * copied from what `wer-explorer dump --json` prints for two real dumps in ../shared/fixtures/minidump
 * (lists shortened where noted); the reports around them are built with the report factory so that
 * their signatures describe the same crash, as Windows would have written them.
 */
import type { InternalMetadata } from '../../../shared/metadata-model';
import type { MinidumpSummary } from '../../../shared/minidump-model';
import type { ReportDetail } from '../../../shared/report-detail';
import type { SigEntry } from '../../../shared/report-model';
import type { Result } from '../../../shared/result';
import { semanticFields } from '../../../shared/sig-fields';
import { makeReport } from '../../support/report-factory';

/** The id of the report breakpadDetail() builds. */
export const BREAKPAD_REPORT_ID = 'a1b2c3d4-0000-4000-8000-00000000429e';

// APPCRASH Sig names as an English Windows writes them (the view must not rely on them).
const APPCRASH_NAMES = ['Application Name', 'Application Version', 'Application Timestamp', 'Fault Module Name', 'Fault Module Version', 'Fault Module Timestamp', 'Exception Code', 'Exception Offset'];

/** Sig[0..] entries with the English names (indices start at 0 as in Report.wer). */
export function appCrashSignature(values: readonly string[]): SigEntry[] {
  return values.map((value, index) => ({ index, name: APPCRASH_NAMES[index] ?? `Sig${index}`, value }));
}

/**
 * breakpad `src/processor/testdata/minidump2.dmp` (fixtures: breakpad-minidump2.dmp): x86 Windows XP
 * SP2, write access violation to 0x45 at test_app.exe +0x429e. Modules: 5 of its 13; threads and
 * stack complete. signatureCheck is what the core computes against the matching signature.
 */
export function breakpadDump(): MinidumpSummary {
  return {
    arch: 'x86',
    os: { platform: 'Windows', version: '5.1.2600', build: '2600', csdVersion: 'Service Pack 2', platformId: 2, productType: 1 },
    cpu: { count: 1, vendor: 'GenuineIntel', level: 6, revision: 3336 },
    processId: 3932,
    exception: {
      code: '0xc0000005', name: 'STATUS_ACCESS_VIOLATION', address: '0x40429e', threadId: 3060, module: 'test_app.exe', offset: '0x429e',
      access: 'write', target: '0x45', accessSource: 'exception-record', flags: 0, parameters: ['0x1', '0x45'], crashAddress: '0x45',
      instructionPointer: '0x40429e', firstFrameInModule: null,
    },
    modules: [
      { name: 'test_app.exe', path: 'c:\\test_app.exe', base: '0x400000', size: 184320, version: null, timestamp: 1171480428, debugFile: 'c:\\test_app.pdb', debugId: '5A9832E5287241C1838ED98914E9B7FF1', codeId: '45D35F6C2d000', cvKind: 'RSDS' },
      { name: 'ntdll.dll', path: 'C:\\WINDOWS\\system32\\ntdll.dll', base: '0x7c900000', size: 720896, version: '5.1.2600.2180', timestamp: 1091606196, debugFile: 'ntdll.pdb', debugId: '36515FB5D04345E491F672FA2E2878C02', codeId: '411096B4b0000', cvKind: 'RSDS' },
      { name: 'kernel32.dll', path: 'C:\\WINDOWS\\system32\\kernel32.dll', base: '0x7c800000', size: 999424, version: '5.1.2600.2945', timestamp: 1152096900, debugFile: 'kernel32.pdb', debugId: 'BCE8785C57B44245A669896B6A19B9542', codeId: '44AB9A84f4000', cvKind: 'RSDS' },
      { name: 'ole32.dll', path: 'C:\\WINDOWS\\system32\\ole32.dll', base: '0x774e0000', size: 1298432, version: '5.1.2600.2726', timestamp: 1122352787, debugFile: 'ole32.pdb', debugId: '683B65B246F4418796D2EE6D4C55EB112', codeId: '42E5BE9313d000', cvKind: 'RSDS' },
      { name: 'msvcrt.dll', path: 'C:\\WINDOWS\\system32\\msvcrt.dll', base: '0x77c10000', size: 360448, version: '7.0.2600.2180', timestamp: 1091606354, debugFile: 'msvcrt.pdb', debugId: 'A678F3C30DED426B839032B996987E381', codeId: '4110975258000', cvKind: 'RSDS' },
    ],
    threads: [
      { id: 3060, stackStart: '0x12f31c', stackSize: 3300, teb: '0x7ffdf000', contextSize: 716, instructionPointer: '0x7c90eb94' },
      { id: 4544, stackStart: '0x97f6e8', stackSize: 2328, teb: '0x7ffde000', contextSize: 716, instructionPointer: '0x7c90eb94' },
    ],
    stack: [
      { address: '0x40429e', module: 'test_app.exe', offset: '0x429e', trust: 'context' },
      { address: '0x404200', module: 'test_app.exe', offset: '0x4200', trust: 'frame-pointer' },
      { address: '0x4053ec', module: 'test_app.exe', offset: '0x53ec', trust: 'frame-pointer' },
      { address: '0x7c816fd7', module: 'kernel32.dll', offset: '0x16fd7', trust: 'frame-pointer' },
    ],
    dumpTime: '2007-02-14T19:13:55.000Z',
    dumpType: { flags: '0x0', names: ['Normal'] },
    processCreateTime: '2007-02-14T19:13:55.000Z',
    processUserTime: 0,
    processKernelTime: 0,
    buildString: null,
    dumpWriter: null,
    miscInfoVersion: 1,
    unloadedModules: [],
    handles: null,
    comments: [],
    memory: { listRanges: 3, list64Ranges: 0, bytes: 5884 },
    crashContext: null,
    streams: [
      { type: 3, name: 'ThreadList', size: 100 },
      { type: 4, name: 'ModuleList', size: 1408 },
      { type: 6, name: 'Exception', size: 168 },
    ],
    exploitability: {
      rating: 'probably-not-exploitable',
      rule: 'Write access violation near NULL',
      explanation: 'The program wrote through a null or almost-null pointer; such writes land in the first 64 KiB, which Windows never maps, so they cannot reach useful memory (!exploitable 1.6 rates this UNKNOWN). This is a heuristic from the exception record alone (in the spirit of Microsoft’s !exploitable), not a security verdict.',
      heuristic: true,
    },
    signatureCheck: { kind: 'agree', module: 'test_app.exe', offset: '0x429e' },
    problems: [],
  };
}

/**
 * The real WER triage dump of fixtures `JonJon565-WERC824.tmp - Copy.dmp` (x64 Windows 10 19045):
 * a stowed exception in KERNELBASE.dll +0x12db22, module paths and CodeView records stripped by the
 * triage filter, scanned frames, handle data and a build string. Lists shortened: 5 of 94 modules,
 * 3 of 13 threads, 6 of 22 handle types.
 */
export function stowedDump(): MinidumpSummary {
  const base = breakpadDump();
  const mod = (name: string, b: string, size: number, version: string | null, timestamp: number, codeId: string) => ({ name, path: name, base: b, size, version, timestamp, debugFile: null, debugId: null, codeId, cvKind: 'absent' as const });
  return {
    ...base,
    arch: 'amd64',
    os: { platform: 'Windows', version: '10.0.19045', build: '19045', csdVersion: null, platformId: 2, productType: 1 },
    cpu: { count: 4, vendor: null, level: 6, revision: 15363 },
    processId: 8468,
    exception: {
      code: '0xc000027b', name: 'STATUS_STOWED_EXCEPTION', address: '0x7ffd1ddcdb22', threadId: 10980, module: 'KERNELBASE.dll', offset: '0x12db22',
      access: null, target: null, accessSource: null, flags: 1, parameters: ['0x22411d810e0', '0x1'], crashAddress: '0x7ffd1ddcdb22',
      instructionPointer: '0x7ffd1ddcdb22', firstFrameInModule: null,
    },
    modules: [
      mod('PurpleWinStore.exe', '0x7ff73f950000', 5820416, null, 1441989428, '55F3033458d000'),
      mod('ntdll.dll', '0x7ffd20450000', 2064384, '10.0.19041.3636', 2607065711, '9B64AA6F1f8000'),
      mod('kernel32.dll', '0x7ffd1e660000', 774144, '10.0.19041.3636', 2664028711, '9EC9DA27bd000'),
      mod('KERNELBASE.dll', '0x7ffd1dca0000', 3104768, '10.0.19041.3930', 2437020025, '9141F9792f6000'),
      mod('combase.dll', '0x7ffd1fbf0000', 3489792, '10.0.19041.3636', 1631485245, '613E7D3D354000'),
    ],
    threads: [
      { id: 10980, stackStart: '0x766f0fcbf0', stackSize: 13328, teb: '0x766eed5000', contextSize: 1232, instructionPointer: '0x7ffd1ddcdb22' },
      { id: 6440, stackStart: '0x766f6fed18', stackSize: 4840, teb: '0x766eee1000', contextSize: 1232, instructionPointer: '0x7ffd204edb34' },
      { id: 13612, stackStart: '0x766f7ff000', stackSize: 2264, teb: '0x766eee3000', contextSize: 1232 },
    ],
    stack: [
      { address: '0x7ffd1ddcdb22', module: 'KERNELBASE.dll', offset: '0x12db22', trust: 'context' },
      { address: '0x7ffd1dcd43a6', module: 'KERNELBASE.dll', offset: '0x343a6', trust: 'scan' },
      { address: '0x7ffd1fdeb84d', module: 'combase.dll', offset: '0x1fb84d', trust: 'scan' },
      { address: '0x7ffd1ddcdb22', module: 'KERNELBASE.dll', offset: '0x12db22', trust: 'scan' },
    ],
    dumpTime: '2024-01-26T23:13:09.000Z',
    dumpType: { flags: '0x1205a4', names: ['WithHandleData', 'WithUnloadedModules', 'FilterModulePaths', 'WithProcessThreadData', 'WithoutOptionalData', 'IgnoreInaccessibleMemory', 'FilterTriage'] },
    processCreateTime: '2024-01-26T23:13:07.000Z',
    processKernelTime: 1,
    buildString: '19041.1.amd64fre.vb_release.191206-1406',
    dumpWriter: 'dbgcore.amd64,10.0.19041.3636',
    miscInfoVersion: 5,
    unloadedModules: [{ name: 'resourcepolicyclient.dll', base: '0x7ffd1b5e0000', size: 81920, timestamp: 471633798 }],
    handles: {
      total: 441,
      descriptorSize: 40,
      byType: [
        { type: '(unnamed)', count: 201 }, { type: 'Event', count: 65 }, { type: 'WaitCompletionPacket', count: 32 },
        { type: 'Key', count: 24 }, { type: 'ALPC Port', count: 20 }, { type: 'Semaphore', count: 16 },
      ],
    },
    memory: { listRanges: 106, list64Ranges: 0, bytes: 155264 },
    crashContext: { kind: 'amd64', size: 1232, registers: [{ name: 'rip', value: '0x7ffd1ddcdb22' }, { name: 'rsp', value: '0x766f0fcbf0' }, { name: 'rbp', value: '0x1' }] },
    exploitability: {
      rating: 'probably-not-exploitable',
      rule: 'Stowed Windows Runtime exception',
      explanation: 'A Windows Runtime component reported an error (an HRESULT) that nothing handled; that is an error-handling bug rather than memory corruption, though the stowed error codes are worth reading. This is a heuristic from the exception record alone (in the spirit of Microsoft’s !exploitable), not a security verdict.',
      heuristic: true,
    },
    signatureCheck: null,
  };
}

// WERInternalMetadata.xml as the core parses it, shaped like the sample store's (explorer.exe started the app).
const METADATA: InternalMetadata = {
  kind: 'internal-metadata',
  os: { ntVersion: '5.1', build: 2600, product: '(0x1): Windows XP Professional', edition: 'Professional', buildString: '2600.xpsp_sp2_gdr.070227-2254', revision: 0, flavor: 'Multiprocessor Free', architecture: 'X86', lcid: 1033 },
  process: {
    pid: 3932, imageName: 'test_app.exe', cmdLineSignature: null, uptimeMs: 4000, wow64: null, package: null, vm: {},
    parent: { pid: 1712, imageName: 'explorer.exe', cmdLineSignature: null, uptimeMs: null, wow64: null, package: null, vm: {}, parent: null },
  },
  problemSignature: null,
  dynamicSignature: [],
  system: { machineId: null, manufacturer: 'Contoso Ltd.', productName: 'Workstation 5000', biosVersion: '1.17.0', osInstallDate: null, osInstallTime: null, timeZoneBias: null },
  secureBoot: null,
  reportGuid: BREAKPAD_REPORT_ID,
  creationTime: '2007-02-14T19:13:57.000Z',
  problems: [],
};

/** An APPCRASH report of test_app.exe whose signature matches breakpadDump(), with that dump, metadata and raw text. */
export function breakpadDetail(overrides: Partial<ReportDetail> = {}): ReportDetail {
  const signature = appCrashSignature(['test_app.exe', '0.0.0.0', '45d35f6c', 'test_app.exe', '0.0.0.0', '45d35f6c', 'c0000005', '0000429e']);
  const report = makeReport({
    id: BREAKPAD_REPORT_ID,
    eventTime: '2007-02-14T19:13:56.000Z',
    attachments: [
      { file: 'WER4F2A.tmp.mdmp', size: 11317, kind: 'minidump', cabName: 'minidump.mdmp' },
      { file: 'WER4F2B.tmp.WERInternalMetadata.xml', size: 7854, kind: 'metadata', cabName: 'WERInternalMetadata.xml' },
      { file: 'memory.hdmp', size: null, kind: 'heapdump', cabName: 'memory.hdmp' },
    ],
  });
  const rawText = ['Version=1', 'EventType=APPCRASH', `ReportIdentifier=${BREAKPAD_REPORT_ID}`, ...signature.flatMap((s) => [`Sig[${s.index}].Name=${s.name}`, `Sig[${s.index}].Value=${s.value}`])].join('\r\n');
  return {
    ...report,
    folder: `C:\\ProgramData\\Microsoft\\Windows\\WER\\ReportArchive\\AppCrash_test_app.exe_4b9f0e2c1d7a6b3e8f5a9c2d1e0f7a6b5c4d3e21_a1b2c3d4_${BREAKPAD_REPORT_ID}`,
    appName: 'test_app.exe',
    appPath: 'C:\\test_app.exe',
    signature,
    fields: semanticFields('APPCRASH', signature),
    process: { pid: 3932, startTime: '2007-02-14T19:13:55.000Z' },
    os: { version: '5.1.2600.2.0.0.256.1', build: 2600, architecture: 'X86', edition: 'Professional' },
    bucket: { id: '2a1b3c4d5e6f708192a3b4c5d6e7f801', table: 1, legacyId: '1684234587' },
    reportWer: null,
    rawText,
    encoding: { name: 'utf-16le', bom: true },
    metadata: [{ file: 'WER4F2B.tmp.WERInternalMetadata.xml', content: METADATA }],
    memoryCsv: null,
    sysinfo: null,
    minidump: { file: 'WER4F2A.tmp.mdmp', content: { ok: true, value: breakpadDump() } },
    ...overrides,
  };
}

/** The same report with another minidump outcome (a summary, a read error, or none). */
export function withDump(detail: ReportDetail, content: Result<MinidumpSummary> | null): ReportDetail {
  return { ...detail, minidump: content === null ? null : { file: detail.minidump?.file ?? 'WER4F2A.tmp.mdmp', content } };
}
