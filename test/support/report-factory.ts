/**
 * WerReport objects built in memory, for UI tests and the UI bench: the same shape the core's
 * scanner produces (semantic fields computed by the shared Sig tables), without any disk.
 */
import type { Attachment, StoreKind, WerReport } from '../../shared/report-model';
import { semanticFields } from '../../shared/sig-fields';

/** What a test says about a report; everything else gets a plausible default. */
export interface ReportSeed {
  readonly id?: string;
  readonly eventType?: string;
  /** Sig[n] values in index order (names are generic: the UI must not rely on them). */
  readonly sig?: readonly string[];
  readonly eventTime?: string | null;
  readonly store?: StoreKind;
  readonly attachments?: readonly Attachment[];
  readonly machine?: string | null;
  readonly osVersion?: string | null;
  readonly problems?: readonly string[];
  readonly bucketId?: string | null;
}

let sequence = 0;

/** An APPCRASH signature: app, app version, app timestamp, module, module version, module timestamp, code, offset. */
export function crashSig(app: string, module: string, code = 'c0000005', offset = '0000000000001234', version = '1.0.0.0'): string[] {
  return [app, version, '5f000000', module, '10.0.19041.1', '5f000001', code, offset];
}

/** A report as the scanner would list it. */
export function makeReport(seed: ReportSeed = {}): WerReport {
  sequence += 1;
  const id = seed.id ?? `00000000-0000-4000-8000-${sequence.toString(16).padStart(12, '0')}`;
  const eventType = seed.eventType ?? 'APPCRASH';
  const values = seed.sig ?? crashSig('ContosoViewer.exe', 'ContosoRender.dll');
  // Sig[n] indices start at 0 in Report.wer (Sig[0] is the application), as the Sig tables expect.
  const signature = values.map((value, index) => ({ index, name: `P${index + 1}`, value }));
  const store = seed.store ?? 'ReportArchive';
  const root = store === 'other' ? null : `C:\\ProgramData\\Microsoft\\Windows\\WER\\${store}`;
  const folderName = `AppCrash_${(values[0] ?? 'app').replace(/[^\w.]/g, '')}_${id.slice(-8)}`;
  return {
    id,
    folder: `${root ?? 'C:\\reports'}\\${folderName}`,
    store,
    storeRoot: root,
    folderKind: 'AppCrash',
    eventType,
    reportType: 2,
    reportTypeName: 'Critical',
    eventTime: seed.eventTime === undefined ? '2026-11-01T10:00:00.000Z' : seed.eventTime,
    uploadTime: null,
    appName: values[0] ?? null,
    appPath: values[0] ? `C:\\Program Files\\Contoso\\${values[0]}` : null,
    friendlyEventName: 'Stopped working',
    signature,
    fields: semanticFields(eventType, signature),
    bucket: seed.bucketId ? { id: seed.bucketId, table: 5, legacyId: null } : null,
    process: { pid: 4242, startTime: '2026-11-01T09:58:00.000Z' },
    os: seed.osVersion === null ? null : { version: seed.osVersion ?? '10.0.19045.2.0.0.256.48', build: 19045, architecture: 'amd64', edition: 'Professional' },
    machine: seed.machine ?? null,
    attachments: seed.attachments ?? [
      { file: 'WER1234.tmp.mdmp', size: 120_000, kind: 'minidump', cabName: 'minidump.mdmp' },
      { file: 'WER5678.tmp.WERInternalMetadata.xml', size: 8_000, kind: 'metadata', cabName: null },
    ],
    problems: seed.problems ?? [],
    sources: [{ kind: 'wer', folder: `${root ?? 'C:\\reports'}\\${folderName}`, reportIds: [id] }],
    reportWerSize: 4_000,
    reportWerMtimeMs: 1_700_000_000_000,
  };
}

/** `n` reports over `apps` × `modules`, one every `stepMinutes` back from `newest`, for lists and benches. */
export function makeReports(n: number, newest = Date.parse('2026-11-20T12:00:00Z'), stepMinutes = 37): WerReport[] {
  const apps = ['ContosoViewer.exe', 'FabrikamSync.exe', 'Notepad.exe', 'explorer.exe', 'AdventureWorks.Client.exe'];
  const modules = ['ContosoRender.dll', 'ntdll.dll', 'KERNELBASE.dll', 'ucrtbase.dll', 'FabrikamCore.dll', 'unknown'];
  const codes = ['c0000005', 'c0000409', 'c0000374', 'e0434352', 'c00000fd'];
  const out: WerReport[] = [];
  for (let i = 0; i < n; i++) {
    const app = apps[i % apps.length] ?? 'app.exe';
    const time = new Date(newest - i * stepMinutes * 60_000).toISOString();
    if (i % 11 === 5) {
      out.push(makeReport({ eventType: 'AppHangB1', sig: [app, '2.1.0.0', '5f000000', `${(i % 4).toString(16).padStart(4, '0')}`, '67246080'], eventTime: time, store: i % 3 === 0 ? 'ReportQueue' : 'ReportArchive' }));
      continue;
    }
    const module = modules[(i * 7) % modules.length] ?? 'mod.dll';
    const code = codes[(i * 3) % codes.length] ?? 'c0000005';
    out.push(makeReport({ sig: crashSig(app, module, code, `00000000000${(0x1000 + (i % 13) * 0x40).toString(16)}`), eventTime: time, store: i % 3 === 0 ? 'ReportQueue' : 'ReportArchive' }));
  }
  return out;
}
