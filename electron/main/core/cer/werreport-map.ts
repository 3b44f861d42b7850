/**
 * Report folder → WERREPORT (cer-protocol.md §9). Report.wer carries neither a machine nor a
 * user name (WERInternalMetadata.xml only has the machine GUID), so both come from the caller:
 * an option, else this machine.
 */
import { basename } from 'node:path';
import type { Attachment, ParsedReportWer, WerReport } from '../../../../shared/report-model';
import type { ReadReport } from '../report/read-report-folder';
import type { WerFile, WerNamedValue, WerParameter, WerReportDoc } from './werreport-xml';

/** The sender named in MACHINEINFO and USERINFO. */
export interface SenderIdentity {
  readonly machineName: string;
  readonly userName: string;
}

const FILETIME_UNIX_EPOCH = 116444736000000000n;
const DOTTED_OS = /^\d+(\.\d+){2,7}$/;

/** WER_FILE_TYPE for an attachment: `*.mdmp` → 2 Minidump, `*.hdmp` → 3 Heapdump, else 5 Other. */
export function werFileType(name: string): number {
  const lower = name.toLowerCase();
  if (lower.endsWith('.mdmp') || lower.endsWith('.dmp')) return 2;
  if (lower.endsWith('.hdmp')) return 3;
  return 5;
}

function rawValue(wer: ParsedReportWer, key: string): string | null {
  const lower = key.toLowerCase();
  const e = wer.entries.find((x) => x.key.toLowerCase() === lower);
  const v = e?.value.trim();
  return v ? v : null;
}

function osInfo(wer: ParsedReportWer, key: string): string | null {
  const v = wer.osInfo.find((e) => e.key.toLowerCase() === key)?.value?.trim();
  return v ? v : null;
}

/** MACHINEINFO@os: DynamicSig[1] when it is the dotted form, else built from OsInfo, else zeros. */
function osString(wer: ParsedReportWer): string {
  const dyn1 = wer.dynamicSignature.find((d) => d.index === 1)?.value.trim();
  if (dyn1 && DOTTED_OS.test(dyn1)) return dyn1;
  const dotted = wer.dynamicSignature.map((d) => d.value.trim()).find((v) => DOTTED_OS.test(v) && v.split('.').length === 8);
  if (dotted) return dotted;
  const major = osInfo(wer, 'vermaj');
  const minor = osInfo(wer, 'vermin');
  const build = osInfo(wer, 'verbld');
  if (major && minor && build) {
    const n = (k: string): string => (/^\d+$/.test(osInfo(wer, k) ?? '') ? (osInfo(wer, k) as string) : '0');
    return [major, minor, build, n('versp'), '0', '0', n('prodsuite'), n('ntprodtype')].join('.');
  }
  return '0.0.0.0.0.0.0.0';
}

/** MACHINEINFO@lcid: DynamicSig[2] ("Locale ID"), else OsInfo lcid, else 0000 (neutral). */
function lcidString(wer: ParsedReportWer): string {
  const candidates = [wer.dynamicSignature.find((d) => d.index === 2)?.value.trim(), osInfo(wer, 'lcid') ?? undefined];
  const found = candidates.find((v) => v !== undefined && /^\d{1,5}$/.test(v));
  return found ? found.padStart(4, '0') : '0000';
}

/** WER_REPORT_TYPE 0..4: as written, else guessed from the event type. */
function reportTypeOf(wer: ParsedReportWer): number {
  const t = wer.reportType;
  if (t !== null && t >= 0 && t <= 4) return t;
  const e = (wer.eventType ?? '').toLowerCase();
  if (e === 'bluescreen' || e === 'livekernelevent') return 4;
  if (e.includes('hang')) return 3;
  if (e.includes('crash') || e.startsWith('bex') || e.startsWith('clr20')) return 2;
  return 0;
}

/** EventTime as written when it is a FILETIME, else from the parsed time, else Report.wer's mtime. */
function eventTimeOf(wer: ParsedReportWer, report: WerReport): string {
  const raw = rawValue(wer, 'EventTime');
  if (raw && /^\d{1,20}$/.test(raw)) return raw;
  const ms = wer.eventTime ? Date.parse(wer.eventTime) : (report.reportWerMtimeMs ?? 0);
  return (BigInt(Math.max(0, Math.round(ms))) * 10000n + FILETIME_UNIX_EPOCH).toString();
}

function parametersOf(wer: ParsedReportWer): { parameters: WerParameter[]; secondary: WerNamedValue[] } {
  const parameters: WerParameter[] = [];
  const secondary: WerNamedValue[] = [];
  for (const s of wer.signature) {
    // The protocol has ids 0..9 only; later Sig[n] still travel, as named secondary parameters.
    if (s.index <= 9) parameters.push({ id: s.index, name: s.name || null, value: s.value });
    else secondary.push({ name: s.name || `Sig[${s.index}]`, value: s.value });
  }
  for (const d of wer.dynamicSignature) secondary.push({ name: d.name || `DynamicSig[${d.index}]`, value: d.value });
  return { parameters, secondary };
}

/** The FILE list: the attachments present in the folder (Report.wer itself travels only in the CAB). */
export function werFilesOf(attachments: readonly Attachment[]): WerFile[] {
  return attachments.filter((a) => a.size !== null).map((a) => ({ name: a.file, type: werFileType(a.file) }));
}

/**
 * The WERREPORT for a report folder read by readReportFolder, or null when the folder has no
 * readable Report.wer (there is nothing to send then).
 */
export function werReportFromFolder(read: ReadReport, sender: SenderIdentity): WerReportDoc | null {
  const wer = read.reportWer?.parsed;
  if (!wer || !wer.eventType) return null;
  const { parameters, secondary } = parametersOf(wer);
  const appPath = wer.appPath ?? '';
  const appName = wer.appName ?? (appPath ? basename(appPath.replace(/\\/g, '/')) : null);
  return {
    machine: { name: sender.machineName, os: osString(wer), lcid: lcidString(wer), oem: null },
    user: { name: sender.userName },
    application: appName || appPath ? { name: appName ?? '', path: appPath, company: null } : null,
    event: {
      reportType: reportTypeOf(wer),
      eventType: wer.eventType,
      eventTime: eventTimeOf(wer, read.report),
      friendlyName: wer.friendlyEventName,
      description: wer.reportDescription,
    },
    parameters,
    secondaryParameters: secondary,
    files: werFilesOf(read.report.attachments),
  };
}
