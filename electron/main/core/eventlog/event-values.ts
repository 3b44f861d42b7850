/** Field access and value conversions shared by the crash event parsers. */
import type { EvtxRecord } from '../evtx/evtx-model';
import { fileTimeToIso } from '../evtx/evtx-time';
import type { CrashEventBase } from './crash-event-model';

/** A record's Data as one ordered list plus its names (manifest form keeps classic order). */
export interface EventFields {
  readonly form: 'classic' | 'named';
  /** Value at a position, preferring a named field when the event has names. */
  get(index: number, ...names: string[]): string | null;
  readonly count: number;
}

/** Wraps a record's Data for positional and named access. */
export function eventFields(record: EvtxRecord): EventFields {
  const names = Object.keys(record.data);
  const named = names.length > 0;
  const flat = (v: string | readonly string[]): string => (typeof v === 'string' ? v : v.join('\n'));
  const ordered = named ? names.map((n) => flat(record.data[n]!)) : record.dataList;
  const lower = new Map(names.map((n) => [n.toLowerCase(), n]));
  return {
    form: named ? 'named' : 'classic',
    count: ordered.length,
    get(index, ...wanted) {
      for (const w of wanted) {
        const real = lower.get(w.toLowerCase());
        if (real !== undefined) return flat(record.data[real]!);
      }
      return ordered[index] ?? null;
    },
  };
}

/** Trimmed text, null when empty. */
export function nonEmpty(value: string | null): string | null {
  const v = value?.trim() ?? '';
  return v === '' ? null : v;
}

/** A hex number with or without `0x` (classic `6e8`, Windows 11 `0x3560`); null when not hex. */
export function parseHex(value: string | null): bigint | null {
  const m = /^(?:0x)?([0-9a-f]{1,16})$/i.exec(value?.trim() ?? '');
  return m ? BigInt('0x' + m[1]!) : null;
}

/** A process id written in hex. */
export function parsePid(value: string | null): number | null {
  const n = parseHex(value);
  return n === null || n > 0xffffffffn ? null : Number(n);
}

/** A FILETIME written in hex (ProcessCreationTime, StartTime) as ISO-8601; null when absent or zero. */
export function hexFileTime(value: string | null): string | null {
  const n = parseHex(value);
  return n === null || n === 0n ? null : fileTimeToIso(n);
}

/** A GUID-like report id in lower case without braces; null when empty. */
export function reportIdOf(value: string | null): string | null {
  const v = nonEmpty(value);
  return v === null ? null : v.replace(/^\{|\}$/g, '').toLowerCase();
}

/** Removes the `\\?\` long-path prefix Windows writes in WER paths. */
export function stripLongPathPrefix(path: string): string {
  return path.replace(/^\\\\\?\\(UNC\\)?/, (_, unc: string | undefined) => (unc ? '\\\\' : ''));
}

/** The fields every crash event shares. */
export function baseOf(record: EvtxRecord, form: 'classic' | 'named'): Omit<CrashEventBase, 'fields' | 'problems'> {
  return {
    recordId: record.system.eventRecordId ?? record.recordId,
    time: record.system.timeCreated ?? record.time,
    provider: record.system.provider ?? '',
    eventId: record.system.eventId ?? 0,
    computer: record.system.computer,
    form,
  };
}
