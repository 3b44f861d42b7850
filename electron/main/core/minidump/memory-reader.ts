import type { MinidumpMemory } from '../../../../shared/minidump-model';
import type { DumpReader } from './dump-reader';
import { listLayout } from './list-layout';
import { StreamType } from './stream-types';

/** Most memory ranges indexed (full dumps have tens of thousands). */
export const MAX_MEMORY_RANGES = 200_000;
/** Largest read of dump memory at one address (a thread stack is usually ≤ 1 MiB). */
export const MAX_MEMORY_READ = 8 * 1024 * 1024;

/** A captured memory range and where its bytes are in the file. */
export interface MemoryRange {
  readonly start: bigint;
  readonly size: bigint;
  readonly fileOffset: bigint;
}

/** Finds the bytes of a process address in MemoryList / Memory64List ranges (binary search). */
export class MemoryReader {
  private readonly ranges: readonly MemoryRange[];

  constructor(
    private readonly reader: DumpReader,
    ranges: readonly MemoryRange[],
  ) {
    this.ranges = [...ranges].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  }

  /** Number of indexed ranges. */
  get count(): number {
    return this.ranges.length;
  }

  /** The range containing `address`, or null. */
  find(address: bigint): MemoryRange | null {
    let lo = 0;
    let hi = this.ranges.length - 1;
    let at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.ranges[mid]!.start <= address) {
        at = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    // Ranges may overlap in odd dumps: look back a few entries for one that contains the address.
    for (let i = at; i >= 0 && i > at - 4; i--) {
      const r = this.ranges[i]!;
      if (address >= r.start && address - r.start < r.size) return r;
    }
    return null;
  }

  /** Bytes from `address` to the end of its range, at most `maxLength`; null when not captured. */
  async readFrom(address: bigint, maxLength: number): Promise<Uint8Array | null> {
    const r = this.find(address);
    if (!r) return null;
    const left = r.size - (address - r.start);
    const n = Math.min(maxLength, MAX_MEMORY_READ, Number(left > BigInt(MAX_MEMORY_READ) ? BigInt(MAX_MEMORY_READ) : left));
    if (n <= 0) return null;
    return this.reader.bytes(r.fileOffset + (address - r.start), n, MAX_MEMORY_READ);
  }

  /** Exactly `length` bytes at `address` when one range holds them all; otherwise null. */
  async read(address: bigint, length: number): Promise<Uint8Array | null> {
    const b = await this.readFrom(address, length);
    return b && b.length === length ? b : null;
  }
}

/** Memory ranges of both list streams, and counts for the summary. */
export interface ParsedMemory {
  readonly ranges: MemoryRange[];
  readonly summary: MinidumpMemory;
}

/** Parses MemoryList (5) and Memory64List (9); ranges whose bytes are outside the file are dropped. */
export async function parseMemoryLists(reader: DumpReader, problems: string[]): Promise<ParsedMemory> {
  const ranges: MemoryRange[] = [];
  let listRanges = 0;
  let list64Ranges = 0;
  let bytes = 0n;
  let dropped = 0;
  const keep = (start: bigint, size: bigint, fileOffset: bigint): void => {
    if (size > 0n && reader.inFile(fileOffset, size)) {
      ranges.push({ start, size, fileOffset });
      bytes += size;
    } else if (size > 0n) dropped++;
  };

  const v = await reader.stream(StreamType.memoryList, 8 + MAX_MEMORY_RANGES * 16);
  if (v) {
    const { first, count } = listLayout(v, 16, MAX_MEMORY_RANGES, 'MemoryList', problems);
    listRanges = count;
    for (let i = 0; i < count; i++) {
      const o = first + i * 16;
      keep(v.u64(o), BigInt(v.u32(o + 8)), BigInt(v.u32(o + 12)));
    }
  }

  const w = await reader.stream(StreamType.memory64List, 16 + MAX_MEMORY_RANGES * 16);
  if (w && w.length >= 16) {
    const declared = w.u64(0);
    const fits = BigInt(Math.floor((w.length - 16) / 16));
    const count = Number([declared, fits, BigInt(MAX_MEMORY_RANGES)].reduce((a, b) => (a < b ? a : b)));
    if (BigInt(count) < declared) problems.push(`Memory64List: ${declared} ranges declared, ${count} read`);
    list64Ranges = count;
    // Range data is stored back to back from BaseRva: each offset is the sum of the sizes before it.
    let offset = w.u64(8);
    for (let i = 0; i < count; i++) {
      const size = w.u64(16 + i * 16 + 8);
      keep(w.u64(16 + i * 16), size, offset);
      offset += size;
    }
  } else if (w) problems.push(`Memory64List: ${w.length} bytes, too short for its header`);

  if (dropped > 0) problems.push(`memory: ${dropped} range(s) point outside the file and were ignored`);
  return { ranges, summary: { listRanges, list64Ranges, bytes: Number(bytes) } };
}
