/**
 * The report list's text, shared by the renderer and the main process's query engine: what the
 * Exception and Store columns show, the sort key of the Offset column, and the words the quick
 * filter searches. Moved here from the renderer (report-filter.ts, columns.ts) so both sides use
 * one set of rules.
 */
import { describeBugCheck, describeExceptionCode } from './codes';
import { displayApplication, displayCode, displayModule } from './report-display';
import type { StoreKind, WerReport } from './report-model';

// Runtime exception codes whose symbolic names mean little to most readers.
const PLAIN_NAMES: Readonly<Record<string, string>> = {
  e0434352: '.NET exception',
  e0434f4d: '.NET exception',
  e06d7363: 'C++ exception',
};

/** `STATUS_ACCESS_VIOLATION` → `access violation`: the part of a symbolic name people say aloud. */
function shortName(code: string): string | null {
  const plain = PLAIN_NAMES[code];
  if (plain) return plain;
  const name = describeExceptionCode(code).name;
  if (!name || name.startsWith('(')) return null;
  if (!/^[A-Z0-9_]+$/.test(name)) return name;
  return name.replace(/^(STATUS|EXCEPTION|DBG|E|FAST_FAIL)_/, '').replace(/_/g, ' ').toLowerCase();
}

/**
 * What the Exception column shows: code and short name for crashes ("c0000005 access
 * violation"), bug check and its name for kernel reports, else the hang signature or .NET type.
 */
export function exceptionText(r: Pick<WerReport, 'fields' | 'appName' | 'eventType'>): string {
  const f = r.fields;
  if (f.exceptionCode) {
    const name = shortName(f.exceptionCode);
    return name ? `${f.exceptionCode} ${name}` : f.exceptionCode;
  }
  if (f.bugCheckCode) {
    const name = describeBugCheck(f.bugCheckCode).name;
    return name ? `${displayCode(r)} ${name}` : displayCode(r);
  }
  return displayCode(r);
}

const STORE_LABELS: Readonly<Record<StoreKind, string>> = {
  ReportQueue: 'Queue',
  ReportArchive: 'Archive',
  Minidump: 'Minidump',
  CrashDumps: 'Dumps',
  EventLog: 'Log',
  other: 'Other',
};

/**
 * Short store name (the column is narrow): Queue (not yet sent), Archive (sent or kept), Minidump
 * (kernel dumps), Dumps (a LocalDumps folder), Log (known from an event log only), Other (a folder
 * the user added).
 */
export function storeLabel(store: StoreKind): string {
  return STORE_LABELS[store];
}

/** The Offset column's sort key: offsets differ in width (x86 8 digits, x64 16), so zeros are dropped and the rest padded. */
export function offsetSortKey(value: string | undefined): string | null {
  if (!value) return null;
  const digits = value.trim().toLowerCase().replace(/^0x/, '').replace(/^0+(?=.)/, '');
  return digits.padStart(16, '0');
}

/**
 * The quick filter's search text of a report in two parts, lower-cased: `shared` holds what many
 * reports have in common (event type, store, application, module, exception, version, bucket,
 * signature values), `own` what is the report's alone (id, folder, machine). A word matches the
 * report when it occurs in either part (words hold no whitespace, so none spans two values).
 */
export function quickFilterParts(r: WerReport): { readonly shared: string; readonly own: string } {
  return { shared: quickFilterShared(r), own: joinLower([r.id, r.folder, r.machine]) };
}

/** The `shared` part of {@link quickFilterParts} alone. */
export function quickFilterShared(r: WerReport): string {
  const code = r.fields.exceptionCode;
  const shared = [
    r.eventType,
    r.store,
    displayApplication(r),
    r.appPath,
    displayModule(r),
    exceptionText(r),
    // People paste codes as 0xC0000005 too.
    code ? `0x${code}` : null,
    code ? describeExceptionCode(code).name : null,
    r.fields.exceptionOffset,
    r.fields.applicationVersion,
    r.bucket?.id,
    ...r.signature.map((s) => s.value),
  ];
  return joinLower(shared);
}

function joinLower(values: readonly (string | null | undefined)[]): string {
  return values
    .filter((v): v is string => typeof v === 'string' && v !== '')
    .join('\n')
    .toLowerCase();
}
