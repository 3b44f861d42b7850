import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Offset between the FILETIME epoch (1601) and the Unix epoch, in 100 ns ticks. */
const FILETIME_UNIX_EPOCH = 116444736000000000n;

/** Milliseconds since 1970 → FILETIME as the decimal string Report.wer stores. */
export function toFiletime(ms: number): string {
  return (BigInt(Math.round(ms)) * 10000n + FILETIME_UNIX_EPOCH).toString();
}

/** An `AppSessionGuid` as WER writes it: pid, then the process start FILETIME's bytes reversed. */
export function formatAppSessionGuid(pid: number, startMs: number): string {
  const ft = BigInt(toFiletime(startMs));
  let le = '';
  for (let i = 0n; i < 8n; i++) le += ((ft >> (8n * i)) & 0xffn).toString(16).padStart(2, '0');
  return `${pid.toString(16).padStart(8, '0')}-0001-0000-${le.slice(0, 4)}-${le.slice(4)}`;
}

/** One attachment written next to Report.wer, optionally listed as a `File[n]` entry. */
export interface AttachmentSpec {
  readonly name: string;
  readonly bytes: Uint8Array;
  /** `File[n].CabName`; the file is listed in Report.wer only when this is set. */
  readonly cabName?: string;
  /** WER_FILE_TYPE: 2 minidump, 3 heap dump, 5 other. */
  readonly type?: number;
}

/** What a generated report says. Values are written as given (no localisation). */
export interface ReportSpec {
  readonly folderName: string;
  readonly eventType: string;
  readonly reportType: number;
  readonly eventTimeMs: number;
  readonly reportIdentifier: string;
  readonly appName: string;
  readonly appPath: string;
  readonly friendlyEventName: string;
  readonly pid: number;
  readonly signature: readonly (readonly [name: string, value: string])[];
  readonly dynamicSignature?: readonly (readonly [index: number, name: string, value: string])[];
  readonly bucket?: { readonly id: string; readonly table: number; readonly legacyId: string };
  readonly uploadTimeMs?: number;
  readonly os?: { readonly major: number; readonly minor: number; readonly build: number; readonly ubr: number };
  readonly loadedModules?: readonly string[];
  readonly attachments?: readonly AttachmentSpec[];
}

/** Report.wer text in Windows 10's key order, CRLF line ends and no final CRLF. */
export function formatReportWer(spec: ReportSpec): string {
  const lines: [string, string][] = [
    ['Version', '1'],
    ['EventType', spec.eventType],
    ['EventTime', toFiletime(spec.eventTimeMs)],
    ['ReportType', String(spec.reportType)],
    ['Consent', '1'],
  ];
  if (spec.uploadTimeMs !== undefined) lines.push(['UploadTime', toFiletime(spec.uploadTimeMs)]);
  lines.push(
    ['ReportStatus', spec.bucket ? '268435456' : '4'],
    ['ReportIdentifier', spec.reportIdentifier],
    ['Wow64Host', '34404'],
    ['NsAppName', spec.appPath.split('\\').pop() ?? spec.appName],
    ['AppSessionGuid', formatAppSessionGuid(spec.pid, spec.eventTimeMs - 3_600_000)],
    ['BootId', '4294967295'],
    ['IsFatal', '1'],
  );
  if (spec.bucket) {
    lines.push(
      ['Response.BucketId', spec.bucket.id],
      ['Response.BucketTable', String(spec.bucket.table)],
      ['Response.LegacyBucketId', spec.bucket.legacyId],
      ['Response.type', '4'],
    );
  }
  spec.signature.forEach(([name, value], i) => lines.push([`Sig[${i}].Name`, name], [`Sig[${i}].Value`, value]));
  for (const [i, name, value] of spec.dynamicSignature ?? []) {
    lines.push([`DynamicSig[${i}].Name`, name], [`DynamicSig[${i}].Value`, value]);
  }
  lines.push(['UI[2]', spec.appPath]);
  (spec.loadedModules ?? []).forEach((m, i) => lines.push([`LoadedModule[${i}]`, m]));
  const os = spec.os;
  if (os) {
    const info: [string, string][] = [
      ['vermaj', String(os.major)],
      ['vermin', String(os.minor)],
      ['verbld', String(os.build)],
      ['ubr', String(os.ubr)],
      ['arch', '9'],
      ['lcid', '1033'],
    ];
    info.forEach(([k, v], i) => lines.push([`OsInfo[${i}].Key`, k], [`OsInfo[${i}].Value`, v]));
  }
  (spec.attachments ?? [])
    .filter((a) => a.cabName)
    .forEach((a, i) => {
      lines.push([`File[${i}].CabName`, a.cabName ?? a.name], [`File[${i}].Path`, a.name]);
      lines.push([`File[${i}].Flags`, '65538'], [`File[${i}].Type`, String(a.type ?? 5)]);
    });
  lines.push(
    ['FriendlyEventName', spec.friendlyEventName],
    ['ConsentKey', spec.eventType],
    ['AppName', spec.appName],
    ['AppPath', spec.appPath],
  );
  return lines.map(([k, v]) => `${k}=${v}`).join('\r\n');
}

/** Text as UTF-16LE with a BOM, the way Windows 10+ writes Report.wer and metadata XML. */
export function utf16leWithBom(text: string): Uint8Array {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}

/** Writes a report folder (Report.wer in UTF-16LE with BOM plus attachments) under `storeDir`. */
export async function writeReportFolder(storeDir: string, spec: ReportSpec): Promise<string> {
  const folder = join(storeDir, spec.folderName);
  await mkdir(folder, { recursive: true });
  for (const a of spec.attachments ?? []) await writeFile(join(folder, a.name), a.bytes);
  // Report.wer last, as WER does: a watcher then sees a complete report.
  await writeFile(join(folder, 'Report.wer'), utf16leWithBom(formatReportWer(spec)));
  return folder;
}
