/**
 * Problem keys: which reports are "the same failure". A key is a printable, lower-case,
 * `|`-separated tuple chosen per event type (wer-formats.md §2.4). Versions and timestamps are
 * never part of it: the same crash across releases is one problem, and its versions are listed.
 */
import { describeBugCheck } from './codes';
import type { EventFamily, GroupingMode } from './problem-model';
import type { WerReport } from './report-model';
import { SIG_LAYOUTS, sigLayout, type SemanticFieldId } from './sig-fields';

type KeyedReport = Pick<WerReport, 'eventType' | 'appName' | 'fields' | 'signature'>;

// Bug checks whose first parameter names the failure (an exception code or a sub-type) rather than
// an address; the other parameters are addresses that differ on every boot, so they are left out.
const BUGCHECKS_KEYED_BY_PARAMETER_1: ReadonlySet<string> = new Set([
  '0000001a', // MEMORY_MANAGEMENT: sub-type
  '0000001e', // KMODE_EXCEPTION_NOT_HANDLED: exception code
  '0000003b', // SYSTEM_SERVICE_EXCEPTION: exception code
  '0000007e', // SYSTEM_THREAD_EXCEPTION_NOT_HANDLED: exception code
  '0000008e', // KERNEL_MODE_EXCEPTION_NOT_HANDLED: exception code
  '0000009f', // DRIVER_POWER_STATE_FAILURE: sub-type
  '00000124', // WHEA_UNCORRECTABLE_ERROR: error source
  '00000133', // DPC_WATCHDOG_VIOLATION: single DPC vs cumulative
  '00000139', // KERNEL_SECURITY_CHECK_FAILURE: fast-fail code
  '00000144', // BUGCODE_USB3_DRIVER: sub-type
  '000000c4', // DRIVER_VERIFIER_DETECTED_VIOLATION: rule
]);

const KERNEL_EVENTS: ReadonlySet<string> = new Set(['bluescreen', 'livekernelevent']);
const HEX = /^(?:0x)?([0-9a-f]+)$/i;
const MAX_PART = 256;
/**
 * First part of frame keys. Signature keys start with the event type: only a report whose EventType
 * is `frame` could share the namespace, and a crafted report can match any key anyway.
 */
const FRAME_KEY = 'frame';
const CANONICAL_EVENT = new Map(Object.keys(SIG_LAYOUTS).map((k) => [k.toLowerCase(), k]));
// Fields that change with every release or build: kept out of keys of otherwise unkeyed layouts.
const VOLATILE_FIELDS: ReadonlySet<SemanticFieldId> = new Set([
  'applicationVersion', 'applicationTimestamp', 'moduleVersion', 'moduleTimestamp', 'powerShellVersion',
  'waitingOnApplicationVersion', 'osVersion', 'servicePack', 'productType',
]);

/** The event type as the signature tables spell it (`appcrash` → `APPCRASH`), else as written. */
export function canonicalEventType(eventType: string | null | undefined): string | null {
  const t = eventType?.trim();
  if (!t) return null;
  return CANONICAL_EVENT.get(t.toLowerCase()) ?? t;
}

/** The broad kind of an event type. */
export function eventFamily(eventType: string | null | undefined): EventFamily {
  const t = eventType?.trim().toLowerCase() ?? '';
  if (KERNEL_EVENTS.has(t)) return 'kernel';
  if (t.startsWith('apphang') || t.startsWith('moapphang') || t === 'servicehang') return 'hang';
  const layout = sigLayout(t);
  // PowerShell's own event is an unhandled exception that ended the PowerShell host.
  if (layout?.includes('exceptionCode') || t === 'clr20r3' || t === 'powershell' || t === 'mobex' || /^crash(32|64)$/.test(t)) return 'crash';
  return 'other';
}

/** One key part: trimmed, lower case, capped, with `%`, `|` and control characters escaped. */
function part(value: string | null | undefined): string {
  return (value ?? '')
    .trim()
    .toLowerCase()
    .slice(0, MAX_PART)
    .replace(/[%|\u0000-\u001f\u007f]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** Hex numbers without `0x` and leading zeros, so x86 `00012a4f` and x64 `0000000000012a4f` agree. */
function hexPart(value: string | null | undefined): string {
  const m = HEX.exec((value ?? '').trim());
  return m?.[1] ? m[1].replace(/^0+(?=.)/, '').toLowerCase() : part(value);
}

/**
 * The application identity: `PackageFamilyName!AppId` for packaged apps (the AUMID, stable across
 * package versions and architectures), else the exe name, compared case-insensitively.
 */
export function applicationIdentity(report: KeyedReport): string {
  const pkg = report.fields.packageFullName?.trim();
  if (pkg) {
    // Full name = Name_Version_Architecture_ResourceId_PublisherId; family = Name_PublisherId.
    const pieces = pkg.split('_');
    const family = pieces.length >= 5 ? `${pieces[0]}_${pieces[pieces.length - 1]}` : (pieces[0] ?? pkg);
    const appId = report.fields.application?.trim().replace(/^praid:/i, '');
    return part(appId ? `${family}!${appId}` : family);
  }
  return part(report.fields.application ?? report.appName);
}

function kernelKey(eventType: string, report: KeyedReport): string[] {
  const raw = report.fields.bugCheckCode ?? '';
  const described = describeBugCheck(raw);
  // 0x1000007E is the "with parameters" form of 0x7E: the same stop.
  const code = described.valid ? described.baseCode : part(raw);
  const parts = [eventType, hexPart(code)];
  if (BUGCHECKS_KEYED_BY_PARAMETER_1.has(code)) parts.push(hexPart(report.fields.bugCheckParameter1));
  // Read from the dump (Minidump store): the same stop in two drivers is two problems.
  if (report.fields.causedByDriver) parts.push(part(report.fields.causedByDriver));
  return parts;
}

function signatureParts(report: KeyedReport): string[] {
  const eventType = part(canonicalEventType(report.eventType) ?? '?');
  const f = report.fields;
  const layout = sigLayout(report.eventType);
  if (!layout) {
    // Unknown layout: we cannot tell versions from causes, so every value counts.
    const values = report.signature.length > 0 ? report.signature.map((s) => part(s.value)) : [part(report.appName)];
    return [eventType, ...values];
  }
  const family = eventFamily(report.eventType);
  if (family === 'kernel') return kernelKey(eventType, report);
  const app = applicationIdentity(report);
  if (layout.includes('hangSignature')) return [eventType, app, hexPart(f.hangSignature)];
  if (layout.includes('methodToken')) {
    return [eventType, app, part(f.module), hexPart(f.methodToken), hexPart(f.ilOffset), part(f.exceptionType)];
  }
  if (layout.includes('exceptionCode')) {
    return [eventType, app, part(f.module), hexPart(f.exceptionCode), hexPart(f.exceptionOffset)];
  }
  // A known layout without a crash location (PowerShell): every field but versions and build stamps.
  const stable = layout.filter((id): id is SemanticFieldId => id !== null && !VOLATILE_FIELDS.has(id));
  return [eventType, ...stable.map((id) => part(f[id]))];
}

/** The application-mode family part: crash or hang, else the event type itself (kernel, other). */
function applicationFamily(report: KeyedReport): string {
  const family = eventFamily(report.eventType);
  if (family === 'crash' || family === 'hang') return family;
  return part(canonicalEventType(report.eventType) ?? '?');
}

/** The report's signature key: event type + application + the fields that locate the failure. */
export function signatureKey(report: KeyedReport): string {
  return signatureParts(report).join('|');
}

/**
 * The key of a native crash by its top symbolicated frame (`frame|app|module!function|code`), or
 * null when the frame is not known (`fields.topFrame`, read from the dump with symbols: see
 * core/library/top-frame-reader.ts). Like Sentry's grouping by the first in-app frame: the same
 * function failing at two instructions, or in two builds whose offsets moved, is one problem.
 */
export function frameKey(report: KeyedReport): string | null {
  const f = report.fields;
  if (!f.topFrame?.trim() || !f.exceptionCode || eventFamily(report.eventType) !== 'crash') return null;
  // Managed (.NET) and script failures have no exception code field: their native frame says nothing.
  if (!sigLayout(report.eventType)?.includes('exceptionCode')) return null;
  return [FRAME_KEY, applicationIdentity(report), part(f.topFrame), hexPart(f.exceptionCode)].join('|');
}

/** Whether a key is a frame key (from {@link frameKey}). */
export function isFrameKey(key: string): boolean {
  return key.startsWith(`${FRAME_KEY}|`);
}

/**
 * The key of one report. In signature mode this is its frame key when its top frame is known,
 * else its signature key; `groupProblems` can join several keys into one problem (see `Problem.keys`).
 */
export function problemKey(report: KeyedReport, mode: GroupingMode = 'signature'): string {
  if (mode === 'application') {
    const app = eventFamily(report.eventType) === 'kernel' ? 'windows' : applicationIdentity(report);
    return ['app', applicationFamily(report), app].join('|');
  }
  return frameKey(report) ?? signatureKey(report);
}
