/**
 * The small dump's driver list (DUMP_DRIVER_ENTRY: a name offset into the string pool and a copy
 * of the driver's KLDR_DATA_TABLE_ENTRY) and its unloaded drivers (DUMP_UNLOADED_DRIVERS). Pure
 * functions over the file's bytes; entries that point outside the file are skipped with a problem.
 */
import type { KernelDriver, KernelUnloadedDriver } from '../../../../shared/kernel-dump-model';
import { baseName, ByteView, hex, utf16le } from '../minidump/binary';
import { UNLOADED_NAME_BYTES } from './kernel-layout';
import type { Region, TriageHeader } from './triage-header';

/** A driver with its range as numbers to search (and the JSON form). */
export interface ParsedDriver {
  readonly base: bigint;
  readonly end: bigint;
  readonly info: KernelDriver;
}

/** An unloaded driver with its range. */
export interface ParsedUnloaded {
  readonly base: bigint;
  readonly end: bigint;
  readonly info: KernelUnloadedDriver;
}

// NT paths are at most 32 767 UTF-16 units; anything longer is not a name.
const MAX_NAME_CHARS = 32_767;
// The kernel keeps 50 unloaded drivers (MI_UNLOADED_DRIVERS); a count far above is garbage.
const MAX_UNLOADED = 1024;

/** A string-pool entry (ULONG length in characters, then UTF-16), or null when it leaves the pool. */
function poolString(view: ByteView, pool: Region, offset: number): string | null {
  const poolEnd = pool.offset + pool.length;
  if (offset < pool.offset || offset + 4 > poolEnd) return null;
  const chars = view.u32(offset);
  if (chars > MAX_NAME_CHARS || offset + 4 + chars * 2 > poolEnd) return null;
  return utf16le(view.bytes.subarray(offset + 4, offset + 4 + chars * 2));
}

/** A pointer-sized field. */
function pointer(view: ByteView, at: number, bits: 32 | 64): bigint {
  return bits === 64 ? view.u64(at) : BigInt(view.u32(at));
}

/** Parses the driver list; names come from the string pool. */
export function parseDrivers(bytes: Uint8Array, triage: TriageHeader, bits: 32 | 64, problems: string[]): ParsedDriver[] {
  const list = triage.driverList;
  if (!list) return [];
  const view = new ByteView(bytes);
  const l = triage.layout;
  const out: ParsedDriver[] = [];
  let unnamed = 0;
  for (let i = 0; i < triage.driverCount; i++) {
    const at = list.offset + i * l.driverEntrySize;
    const name = triage.stringPool ? poolString(view, triage.stringPool, view.u32(at)) : null;
    if (name === null) unnamed++;
    const base = pointer(view, at + l.driverBase, bits);
    const size = view.u32(at + l.driverSize);
    const path = name ?? `(driver ${i + 1}: name not in the string pool)`;
    out.push({
      base,
      end: base + BigInt(size),
      info: { name: name === null ? path : baseName(name), path, base: hex(base), size, timestamp: view.u32(at + l.driverTimestamp) },
    });
  }
  if (unnamed > 0) problems.push(`${unnamed} of ${triage.driverCount} drivers have no name in the string pool`);
  return out;
}

/** Parses the unloaded-driver list (count, then fixed-size entries with a 12-character name). */
export function parseUnloadedDrivers(bytes: Uint8Array, triage: TriageHeader, bits: 32 | 64, problems: string[]): ParsedUnloaded[] {
  if (triage.unloaded === null) return [];
  const view = new ByteView(bytes);
  const l = triage.layout;
  const count = view.u32(triage.unloaded);
  if (count > MAX_UNLOADED) {
    problems.push(`the unloaded driver count ${count} is implausible; the list is ignored`);
    return [];
  }
  const first = triage.unloaded + l.unloadedHeader;
  const fit = Math.max(0, Math.min(count, Math.floor((bytes.length - first) / l.unloadedEntrySize)));
  if (fit < count) problems.push(`only ${fit} of ${count} unloaded drivers lie inside the file`);
  const out: ParsedUnloaded[] = [];
  for (let i = 0; i < fit; i++) {
    const at = first + i * l.unloadedEntrySize;
    // UNICODE_STRING.Length (bytes) says how much of the 24-byte name buffer is used.
    const length = Math.min(view.u16(at), UNLOADED_NAME_BYTES);
    const name = utf16le(bytes.subarray(at + l.unloadedName, at + l.unloadedName + length)).replace(/\0.*$/s, '');
    const base = pointer(view, at + l.unloadedStart, bits);
    const end = pointer(view, at + l.unloadedEnd, bits);
    const size = end > base && end - base <= 0xffffffffn ? Number(end - base) : 0;
    out.push({ base, end: base + BigInt(size), info: { name, base: hex(base), size } });
  }
  return out;
}
