/**
 * Kernel virtual memory of a full or bitmap dump: x64 four-level page tables walked from the
 * header's DirectoryTableBase (CR3) through the dump's physical pages. Only present entries are
 * followed (a paged-out or transition page reads as missing); 1 GiB and 2 MiB large pages are
 * honoured. Page-table pages are cached (bounded), so a list walk costs few file reads.
 */
import type { PhysicalMemory } from './physical-memory';
import { PAGE_SIZE } from './physical-memory';

/** Reads virtual memory; null when an address is not mapped or its page is not in the dump. */
export interface VirtualMemory {
  read(va: bigint, length: number): Promise<Uint8Array | null>;
}

const PRESENT = 1n;
const LARGE = 0x80n;
// Physical address bits 51:12 of an entry.
const ADDRESS_MASK = 0x000ffffffffff000n;
const MAX_CACHED_PAGES = 256;
/** Longest single virtual read (a kernel stack or a name; the walk never needs more). */
export const MAX_VIRTUAL_READ = 64 * 1024;

/** The x64 page walk over a dump's physical memory. */
export function amd64VirtualMemory(memory: PhysicalMemory, directoryTableBase: bigint): VirtualMemory {
  const cache = new Map<bigint, Uint8Array | null>();

  async function pageAt(pfn: bigint): Promise<Uint8Array | null> {
    if (cache.has(pfn)) return cache.get(pfn) ?? null;
    const bytes = await memory.readPage(pfn);
    if (cache.size >= MAX_CACHED_PAGES) cache.delete(cache.keys().next().value as bigint);
    cache.set(pfn, bytes);
    return bytes;
  }

  async function entry(table: bigint, index: bigint): Promise<bigint | null> {
    const bytes = await pageAt(table >> 12n);
    if (!bytes) return null;
    const value = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(Number(index) * 8, true);
    return (value & PRESENT) === 0n ? null : value;
  }

  /** Physical address of `va`, or null. */
  async function translate(va: bigint): Promise<bigint | null> {
    let table = directoryTableBase & ADDRESS_MASK;
    // Levels: PML4 (bits 47:39), PDPT (38:30), PD (29:21), PT (20:12).
    for (const shift of [39n, 30n, 21n, 12n]) {
      const e = await entry(table, (va >> shift) & 0x1ffn);
      if (e === null) return null;
      if ((shift === 30n || shift === 21n) && (e & LARGE) !== 0n) {
        const span = 1n << shift;
        return (e & ADDRESS_MASK & ~(span - 1n)) | (va & (span - 1n));
      }
      table = e & ADDRESS_MASK;
    }
    return table | (va & 0xfffn);
  }

  return {
    async read(va, length) {
      if (length <= 0 || length > MAX_VIRTUAL_READ) return null;
      const out = new Uint8Array(length);
      let done = 0;
      while (done < length) {
        const at = BigInt.asUintN(64, va + BigInt(done));
        const pa = await translate(at);
        if (pa === null) return null;
        const bytes = await pageAt(pa >> 12n);
        if (!bytes) return null;
        const within = Number(pa & 0xfffn);
        const n = Math.min(length - done, PAGE_SIZE - within);
        out.set(bytes.subarray(within, within + n), done);
        done += n;
      }
      return out;
    },
  };
}
