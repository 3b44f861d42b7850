/**
 * Kernel virtual memory of a full or bitmap dump: page tables walked from the header's
 * DirectoryTableBase through the dump's physical pages. This file holds what every page table
 * format shares (a bounded page cache, the read loop over pages) and the x64 walk; the x86 and
 * arm64 walks are in x86-paging.ts and arm64-paging.ts. Only present entries are followed (a
 * paged-out or transition page reads as missing). Page-table pages are cached (bounded), so a
 * list walk costs few file reads.
 */
import type { PhysicalMemory } from './physical-memory';
import { PAGE_SIZE } from './physical-memory';

/** Reads virtual memory; null when an address is not mapped or its page is not in the dump. */
export interface VirtualMemory {
  read(va: bigint, length: number): Promise<Uint8Array | null>;
}

/** A virtual → physical translation; null when the address is not mapped (or not in the dump). */
export type Translate = (va: bigint) => Promise<bigint | null>;

/** Physical pages behind a bounded cache, with the table-entry reads page walks need. */
export interface CachedPages {
  page(pfn: bigint): Promise<Uint8Array | null>;
  /** The little-endian 64-bit entry at a physical address (8-aligned), or null when its page is missing. */
  u64(pa: bigint): Promise<bigint | null>;
  /** The little-endian 32-bit entry at a physical address (4-aligned), or null when its page is missing. */
  u32(pa: bigint): Promise<number | null>;
}

const PRESENT = 1n;
const LARGE = 0x80n;
// Physical address bits 51:12 of an x64 entry.
const ADDRESS_MASK = 0x000ffffffffff000n;
const MAX_CACHED_PAGES = 256;
/** Longest single virtual read (a kernel stack or a name; the walk never needs more). */
export const MAX_VIRTUAL_READ = 64 * 1024;

/** A bounded cache over a dump's physical pages (oldest page dropped first). */
export function cachedPages(memory: PhysicalMemory): CachedPages {
  const cache = new Map<bigint, Uint8Array | null>();
  async function page(pfn: bigint): Promise<Uint8Array | null> {
    if (cache.has(pfn)) return cache.get(pfn) ?? null;
    const bytes = await memory.readPage(pfn);
    if (cache.size >= MAX_CACHED_PAGES) cache.delete(cache.keys().next().value as bigint);
    cache.set(pfn, bytes);
    return bytes;
  }
  async function view(pa: bigint): Promise<DataView | null> {
    const bytes = await page(pa >> 12n);
    return bytes ? new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength) : null;
  }
  return {
    page,
    async u64(pa) {
      return (await view(pa))?.getBigUint64(Number(pa & 0xff8n), true) ?? null;
    },
    async u32(pa) {
      return (await view(pa))?.getUint32(Number(pa & 0xffcn), true) ?? null;
    },
  };
}

/** Virtual memory over cached pages and a translation: reads cross page boundaries page by page. */
export function pagedMemory(pages: CachedPages, translate: Translate): VirtualMemory {
  return {
    async read(va, length) {
      if (length <= 0 || length > MAX_VIRTUAL_READ) return null;
      const out = new Uint8Array(length);
      let done = 0;
      while (done < length) {
        const at = BigInt.asUintN(64, va + BigInt(done));
        const pa = await translate(at);
        if (pa === null) return null;
        const bytes = await pages.page(pa >> 12n);
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

/** The x64 four-level page walk (1 GiB and 2 MiB large pages honoured) over a dump's physical memory. */
export function amd64VirtualMemory(memory: PhysicalMemory, directoryTableBase: bigint): VirtualMemory {
  const pages = cachedPages(memory);
  async function translate(va: bigint): Promise<bigint | null> {
    let table = directoryTableBase & ADDRESS_MASK;
    // Levels: PML4 (bits 47:39), PDPT (38:30), PD (29:21), PT (20:12).
    for (const shift of [39n, 30n, 21n, 12n]) {
      const e = await pages.u64(table + ((va >> shift) & 0x1ffn) * 8n);
      if (e === null || (e & PRESENT) === 0n) return null;
      if ((shift === 30n || shift === 21n) && (e & LARGE) !== 0n) {
        const span = 1n << shift;
        return (e & ADDRESS_MASK & ~(span - 1n)) | (va & (span - 1n));
      }
      table = e & ADDRESS_MASK;
    }
    return table | (va & 0xfffn);
  }
  return pagedMemory(pages, translate);
}
