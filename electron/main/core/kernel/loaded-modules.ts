/**
 * The driver list of a full or bitmap dump: the kernel's PsLoadedModuleList (a LIST_ENTRY whose
 * Flink chain runs through the KLDR_DATA_TABLE_ENTRYs of the loaded drivers) walked through
 * virtual memory. x64 entry layout, the same the small dump copies into its driver list:
 * DllBase 0x30, SizeOfImage 0x40, FullDllName 0x48, BaseDllName 0x58, TimeDateStamp 0x80.
 */
import { baseName, hex, utf16le } from '../minidump/binary';
import type { ParsedDriver } from './triage-drivers';
import { MAX_DRIVERS } from './triage-header';
import type { VirtualMemory } from './virtual-memory';

const ENTRY_BYTES = 0x88;
const DLL_BASE = 0x30;
const SIZE_OF_IMAGE = 0x40;
const FULL_NAME = 0x48;
const BASE_NAME = 0x58;
const TIMESTAMP = 0x80;
// Driver paths are short; longer "names" cost page reads for nothing (a hostile list of 4096
// entries stays cheap), so anything above this is read only up to it.
const MAX_NAME_BYTES = 2048;

/** A UNICODE_STRING64 at `at` of `entry`, read through memory; null when its buffer is not in the dump. */
async function unicodeString(memory: VirtualMemory, entry: DataView, at: number): Promise<string | null> {
  const length = entry.getUint16(at, true);
  const buffer = entry.getBigUint64(at + 8, true);
  if (length === 0 || buffer === 0n) return null;
  const bytes = await memory.read(buffer, Math.min(length, MAX_NAME_BYTES) & ~1);
  return bytes ? utf16le(bytes) : null;
}

/** Walks the list from its head; a break, a loop or an absurd length ends the walk with a problem. */
export async function walkLoadedModules(memory: VirtualMemory, listHead: bigint, problems: string[]): Promise<ParsedDriver[]> {
  const head = await memory.read(listHead, 16);
  if (!head) {
    problems.push(`the loaded-driver list head ${hex(listHead)} is not in the dump; drivers are not listed`);
    return [];
  }
  const drivers: ParsedDriver[] = [];
  const seen = new Set<bigint>([listHead]);
  let next = new DataView(head.buffer).getBigUint64(0, true);
  while (next !== listHead) {
    if (seen.has(next)) {
      problems.push(`the loaded-driver list loops back to ${hex(next)}; the walk stops`);
      break;
    }
    if (drivers.length >= MAX_DRIVERS) {
      problems.push(`the loaded-driver list has more than ${MAX_DRIVERS} entries; the walk stops`);
      break;
    }
    seen.add(next);
    const bytes = await memory.read(next, ENTRY_BYTES);
    if (!bytes) {
      problems.push(`the loaded-driver list breaks at ${hex(next)} (the entry is not in the dump) after ${drivers.length} drivers`);
      break;
    }
    const entry = new DataView(bytes.buffer);
    const base = entry.getBigUint64(DLL_BASE, true);
    const size = entry.getUint32(SIZE_OF_IMAGE, true);
    const path = (await unicodeString(memory, entry, FULL_NAME)) ?? (await unicodeString(memory, entry, BASE_NAME));
    const shown = path ?? `(driver ${drivers.length + 1}: name not in the dump)`;
    drivers.push({
      base,
      end: base + BigInt(size),
      info: { name: path === null ? shown : baseName(path), path: shown, base: hex(base), size, timestamp: entry.getUint32(TIMESTAMP, true) },
    });
    next = entry.getBigUint64(0, true);
  }
  return drivers;
}
