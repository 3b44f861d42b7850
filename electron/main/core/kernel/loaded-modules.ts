/**
 * The driver list of a full or bitmap dump: the kernel's PsLoadedModuleList (a LIST_ENTRY whose
 * Flink chain runs through the KLDR_DATA_TABLE_ENTRYs of the loaded drivers) walked through
 * virtual memory. Entry layouts, the same the small dump copies into its driver list: 64-bit
 * (x64, arm64) DllBase 0x30, SizeOfImage 0x40, FullDllName 0x48, BaseDllName 0x58, TimeDateStamp
 * 0x80; 32-bit (x86) DllBase 0x18, SizeOfImage 0x20, FullDllName 0x24, BaseDllName 0x2c,
 * TimeDateStamp 0x44. A UNICODE_STRING is Length, MaximumLength, then the pointer (at +8 on
 * 64-bit after padding, at +4 on 32-bit).
 */
import { baseName, hex, utf16le } from '../minidump/binary';
import type { ParsedDriver } from './triage-drivers';
import { MAX_DRIVERS } from './triage-header';
import type { VirtualMemory } from './virtual-memory';

/** Where a KLDR_DATA_TABLE_ENTRY's fields are, for one pointer size. */
interface EntryLayout {
  readonly bits: 32 | 64;
  /** Bytes read per entry (through TimeDateStamp). */
  readonly bytes: number;
  readonly dllBase: number;
  readonly sizeOfImage: number;
  readonly fullName: number;
  readonly baseName: number;
  readonly timestamp: number;
  /** Offset of the Buffer pointer inside a UNICODE_STRING. */
  readonly stringBuffer: number;
}

const ENTRY64: EntryLayout = { bits: 64, bytes: 0x88, dllBase: 0x30, sizeOfImage: 0x40, fullName: 0x48, baseName: 0x58, timestamp: 0x80, stringBuffer: 8 };
const ENTRY32: EntryLayout = { bits: 32, bytes: 0x48, dllBase: 0x18, sizeOfImage: 0x20, fullName: 0x24, baseName: 0x2c, timestamp: 0x44, stringBuffer: 4 };
// Driver paths are short; longer "names" cost page reads for nothing (a hostile list of 4096
// entries stays cheap), so anything above this is read only up to it.
const MAX_NAME_BYTES = 2048;

/** A pointer of the entry's size. */
function pointer(view: DataView, at: number, bits: 32 | 64): bigint {
  return bits === 64 ? view.getBigUint64(at, true) : BigInt(view.getUint32(at, true));
}

/** A UNICODE_STRING at `at` of `entry`, read through memory; null when its buffer is not in the dump. */
async function unicodeString(memory: VirtualMemory, entry: DataView, at: number, layout: EntryLayout): Promise<string | null> {
  const length = entry.getUint16(at, true);
  const buffer = pointer(entry, at + layout.stringBuffer, layout.bits);
  if (length === 0 || buffer === 0n) return null;
  const bytes = await memory.read(buffer, Math.min(length, MAX_NAME_BYTES) & ~1);
  return bytes ? utf16le(bytes) : null;
}

/**
 * Walks the list from its head (`bits`: the kernel's pointer size); a break, a loop or an absurd
 * length ends the walk with a problem.
 */
export async function walkLoadedModules(memory: VirtualMemory, listHead: bigint, bits: 32 | 64, problems: string[]): Promise<ParsedDriver[]> {
  const layout = bits === 64 ? ENTRY64 : ENTRY32;
  const head = await memory.read(listHead, bits / 4);
  if (!head) {
    problems.push(`the loaded-driver list head ${hex(listHead)} is not in the dump; drivers are not listed`);
    return [];
  }
  const drivers: ParsedDriver[] = [];
  const seen = new Set<bigint>([listHead]);
  let next = pointer(new DataView(head.buffer), 0, bits);
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
    const bytes = await memory.read(next, layout.bytes);
    if (!bytes) {
      problems.push(`the loaded-driver list breaks at ${hex(next)} (the entry is not in the dump) after ${drivers.length} drivers`);
      break;
    }
    const entry = new DataView(bytes.buffer);
    const base = pointer(entry, layout.dllBase, bits);
    const size = entry.getUint32(layout.sizeOfImage, true);
    const path = (await unicodeString(memory, entry, layout.fullName, layout)) ?? (await unicodeString(memory, entry, layout.baseName, layout));
    const shown = path ?? `(driver ${drivers.length + 1}: name not in the dump)`;
    drivers.push({
      base,
      end: base + BigInt(size),
      info: { name: path === null ? shown : baseName(path), path: shown, base: hex(base), size, timestamp: entry.getUint32(layout.timestamp, true) },
    });
    next = pointer(entry, 0, bits);
  }
  return drivers;
}
