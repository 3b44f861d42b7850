import { createHash } from 'node:crypto';
import type { ReportSpec } from './report-writer';

/**
 * The bundled sample store: realistic, made-up crashes covering the event types people meet
 * most (APPCRASH, BEX64, AppHangB1, MoAppCrash, CLR20r3, BlueScreen), several occurrences per
 * problem so grouping and history have something to show. Deterministic: same input, same bytes.
 */

/** What a sample report's minidump should say (written by the minidump writer). */
export interface SampleDump {
  readonly exceptionCode: number;
  readonly module: string;
  readonly moduleVersion: string;
  readonly offset: number;
  /** Access-violation kind and target, for c0000005. */
  readonly access?: { readonly kind: 0 | 1 | 8; readonly target: bigint };
  readonly appImage: string;
  readonly pid: number;
  /** When the crash happened (ms since 1970): the dump's write time. */
  readonly timeMs: number;
}

/** One sample report: where it goes, what its Report.wer says, which attachments it carries. */
export interface SampleReport {
  readonly store: 'ReportQueue' | 'ReportArchive';
  readonly spec: ReportSpec;
  /** Write metadata, memory.csv and sysinfo.txt next to Report.wer. */
  readonly fullAttachments: boolean;
  readonly dump: SampleDump | null;
}

/** Last day of sample data; fixed so tests and screenshots are reproducible. */
export const SAMPLE_END_MS = Date.UTC(2026, 9, 31, 18, 0, 0);
const DAY_MS = 86_400_000;

function hex(seed: string, length: number): string {
  return createHash('sha1').update(seed).digest('hex').slice(0, length);
}

/** A deterministic GUID derived from a seed. */
export function sampleGuid(seed: string): string {
  const h = createHash('sha1').update(`guid:${seed}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

interface Problem {
  readonly kind: 'AppCrash' | 'AppHang' | 'Kernel';
  readonly eventType: string;
  readonly reportType: number;
  readonly exe: string;
  readonly appName: string;
  readonly appPath: string;
  readonly friendly: string;
  readonly signature: readonly (readonly [string, string])[];
  readonly dump: Omit<SampleDump, 'pid' | 'timeMs'> | null;
  /** Days before SAMPLE_END_MS on which it happened; the first one lands in the queue. */
  readonly daysAgo: readonly number[];
}

const NTDLL = 'ntdll.dll';

const PROBLEMS: readonly Problem[] = [
  {
    kind: 'AppCrash', eventType: 'APPCRASH', reportType: 2, exe: 'ContosoViewer.exe', appName: 'Contoso Viewer',
    appPath: 'C:\\Program Files\\Contoso\\Viewer\\ContosoViewer.exe', friendly: 'Stopped working',
    signature: [
      ['Application Name', 'ContosoViewer.exe'], ['Application Version', '2.4.1.0'], ['Application Timestamp', '6523f1a0'],
      ['Fault Module Name', 'ContosoRender.dll'], ['Fault Module Version', '2.4.1.0'], ['Fault Module Timestamp', '6523f19c'],
      ['Exception Code', 'c0000005'], ['Exception Offset', '0000000000012a4f'],
    ],
    dump: { exceptionCode: 0xc0000005, module: 'ContosoRender.dll', moduleVersion: '2.4.1.0', offset: 0x12a4f, access: { kind: 0, target: 0x18n }, appImage: 'ContosoViewer.exe' },
    daysAgo: [0, 1, 1, 3, 6, 9],
  },
  {
    kind: 'AppCrash', eventType: 'APPCRASH', reportType: 2, exe: 'notepad++.exe', appName: 'Notepad++',
    appPath: 'C:\\Program Files\\Notepad++\\notepad++.exe', friendly: 'Stopped working',
    signature: [
      ['Application Name', 'notepad++.exe'], ['Application Version', '8.6.2.0'], ['Application Timestamp', '6591a3c2'],
      ['Fault Module Name', NTDLL], ['Fault Module Version', '10.0.19041.3636'], ['Fault Module Timestamp', '9b5cbb2e'],
      ['Exception Code', 'c0000374'], ['Exception Offset', '00000000000ff6a9'],
    ],
    dump: { exceptionCode: 0xc0000374, module: NTDLL, moduleVersion: '10.0.19041.3636', offset: 0xff6a9, appImage: 'notepad++.exe' },
    daysAgo: [2, 12, 20],
  },
  {
    kind: 'AppCrash', eventType: 'BEX64', reportType: 2, exe: 'GameClient.exe', appName: 'Game Client',
    appPath: 'D:\\Games\\Client\\GameClient.exe', friendly: 'Stopped working',
    signature: [
      ['Application Name', 'GameClient.exe'], ['Application Version', '1.0.7.3'], ['Application Timestamp', '65f0a3b1'],
      ['Fault Module Name', 'ucrtbase.dll'], ['Fault Module Version', '10.0.19041.3636'], ['Fault Module Timestamp', '81cf5d89'],
      ['Exception Offset', '000000000007286e'], ['Exception Code', 'c0000409'], ['Exception Data', '00000007'],
    ],
    dump: { exceptionCode: 0xc0000409, module: 'ucrtbase.dll', moduleVersion: '10.0.19041.3636', offset: 0x7286e, appImage: 'GameClient.exe' },
    daysAgo: [4, 5],
  },
  {
    kind: 'AppHang', eventType: 'AppHangB1', reportType: 3, exe: 'explorer.exe', appName: 'Windows Explorer',
    appPath: 'C:\\Windows\\explorer.exe', friendly: 'Stopped responding and was closed',
    signature: [
      ['Application Name', 'explorer.exe'], ['Application Version', '10.0.19041.3636'], ['Application Timestamp', 'b4a3e7f2'],
      ['Hang Signature', 'a2f3'], ['Hang Type', '134217728'],
    ],
    dump: null,
    daysAgo: [1, 8],
  },
  {
    kind: 'AppCrash', eventType: 'MoAppCrash', reportType: 2, exe: 'Microsoft.WindowsTerminal', appName: 'Terminal',
    appPath: 'C:\\Program Files\\WindowsApps\\Microsoft.WindowsTerminal_1.18.10301.0_x64__8wekyb3d8bbwe\\WindowsTerminal.exe',
    friendly: 'Stopped working',
    signature: [
      ['Package Full Name', 'Microsoft.WindowsTerminal_1.18.10301.0_x64__8wekyb3d8bbwe'], ['Application Name', 'praid:App'],
      ['Application Version', '1.18.2310.30001'], ['Application Timestamp', '653e8b0c'],
      ['Fault Module Name', 'Microsoft.UI.Xaml.dll'], ['Fault Module Version', '3.1.5.0'], ['Fault Module Timestamp', '64f8c1a2'],
      ['Exception Code', 'c000027b'], ['Exception Offset', '00000000008b1c3e'],
    ],
    dump: { exceptionCode: 0xc000027b, module: 'Microsoft.UI.Xaml.dll', moduleVersion: '3.1.5.0', offset: 0x8b1c3e, appImage: 'WindowsTerminal.exe' },
    daysAgo: [7],
  },
  {
    kind: 'AppCrash', eventType: 'CLR20r3', reportType: 2, exe: 'InvoiceTool.exe', appName: 'Invoice Tool',
    appPath: 'C:\\Program Files (x86)\\Fabrikam\\InvoiceTool.exe', friendly: 'Stopped working',
    signature: [
      ['Problem Signature 01', 'InvoiceTool.exe'], ['Problem Signature 02', '3.1.0.0'], ['Problem Signature 03', 'c7a1e2f4'],
      ['Problem Signature 04', 'Fabrikam.Billing'], ['Problem Signature 05', '3.1.0.0'], ['Problem Signature 06', 'c7a1e2f0'],
      ['Problem Signature 07', '1a3'], ['Problem Signature 08', '2c'], ['Problem Signature 09', 'System.NullReferenceException'],
    ],
    dump: null,
    daysAgo: [3, 10],
  },
  {
    kind: 'Kernel', eventType: 'BlueScreen', reportType: 4, exe: 'd1', appName: 'Windows', appPath: 'C:\\Windows\\System32\\ntoskrnl.exe',
    friendly: 'Shut down unexpectedly',
    signature: [
      ['BCCode', 'd1'], ['BCP1', '0000000000000028'], ['BCP2', '0000000000000002'], ['BCP3', '0000000000000000'],
      ['BCP4', 'fffff8065a2b1d4c'], ['OS Version', '10_0_19045'], ['Service Pack', '0_0'], ['Product', '256_1'],
    ],
    dump: null,
    daysAgo: [14],
  },
];

function folderName(p: Problem, guid: string, seed: string): string {
  return `${p.kind}_${p.exe.slice(0, 20)}_${hex(`folder:${seed}`, 40)}_${hex(`cab:${seed}`, 8)}_${guid}`;
}

/** Every report of the sample store, newest first within each problem. */
export function sampleReports(): SampleReport[] {
  const reports: SampleReport[] = [];
  PROBLEMS.forEach((p, pi) => {
    p.daysAgo.forEach((days, oi) => {
      const seed = `${pi}:${oi}`;
      const guid = sampleGuid(seed);
      const eventTimeMs = SAMPLE_END_MS - days * DAY_MS - (pi * 37 + oi * 11) * 60_000;
      const inQueue = oi === 0;
      const pid = 4000 + pi * 100 + oi * 4;
      const spec: ReportSpec = {
        folderName: folderName(p, guid, seed),
        eventType: p.eventType,
        reportType: p.reportType,
        eventTimeMs,
        reportIdentifier: guid,
        appName: p.appName,
        appPath: p.appPath,
        friendlyEventName: p.friendly,
        pid,
        signature: p.signature,
        dynamicSignature: [
          [1, 'OS Version', '10.0.19045.2.0.0.256.48'],
          [2, 'Locale ID', '1033'],
        ],
        os: { major: 10, minor: 0, build: 19045, ubr: 3636 },
        // Archived reports have been answered by the service; queued ones wait for consent.
        ...(inQueue
          ? {}
          : {
              uploadTimeMs: eventTimeMs + 45_000,
              bucket: { id: hex(`bucket:${pi}`, 32), table: 5, legacyId: BigInt(`0x${hex(`legacy:${pi}`, 15)}`).toString() },
            }),
      };
      reports.push({
        store: inQueue ? 'ReportQueue' : 'ReportArchive',
        spec,
        fullAttachments: inQueue,
        dump: inQueue && p.dump ? { ...p.dump, pid, timeMs: eventTimeMs } : null,
      });
    });
  });
  return reports;
}
