/**
 * The x86 page walks of a 32-bit full or bitmap dump ("PAGEDUMP"), from the header's
 * DirectoryTableBase (CR3) through the dump's physical pages (Intel SDM vol. 3 §4.3 and §4.4):
 * - non-PAE (PaeEnabled 0): a page directory of 1024 4-byte entries (VA bits 31:22), then a
 *   page table (21:12); a directory entry with PS set maps a 4 MiB page (PSE-36 bits 20:13 hold
 *   physical address bits 39:32);
 * - PAE (PaeEnabled 1): CR3 points at a 32-byte table of 4 8-byte entries (VA bits 31:30), then a
 *   page directory (29:21) and a page table (20:12) of 512 8-byte entries; PS in a directory
 *   entry maps a 2 MiB page. Bit 63 (no-execute) and the other flag bits are not address bits.
 */
import type { PhysicalMemory } from './physical-memory';
import { cachedPages, pagedMemory, type VirtualMemory } from './virtual-memory';

const PRESENT = 1n;
const PAGE_SIZE_BIT = 0x80n;
const ADDRESS_32 = 0xfffff000n;
const LARGE_4M = 0xffc00000n;
// PAE entries: physical address bits 51:12 (MAXPHYADDR is at most 52).
const ADDRESS_PAE = 0x000ffffffffff000n;
const LARGE_2M = 0x000fffffffe00000n;
const PDPT_ALIGN = 0xffffffe0n;
const VA_LIMIT = 1n << 32n;

/** Non-PAE two-level walk: 4 KiB pages and 4 MiB large pages. */
export function x86VirtualMemory(memory: PhysicalMemory, directoryTableBase: bigint): VirtualMemory {
  const pages = cachedPages(memory);
  async function translate(va: bigint): Promise<bigint | null> {
    if (va >= VA_LIMIT) return null;
    const pdeRaw = await pages.u32((directoryTableBase & ADDRESS_32) + (va >> 22n) * 4n);
    if (pdeRaw === null) return null;
    const pde = BigInt(pdeRaw);
    if ((pde & PRESENT) === 0n) return null;
    if ((pde & PAGE_SIZE_BIT) !== 0n) return (pde & LARGE_4M) | (((pde >> 13n) & 0xffn) << 32n) | (va & 0x3fffffn);
    const pteRaw = await pages.u32((pde & ADDRESS_32) + ((va >> 12n) & 0x3ffn) * 4n);
    if (pteRaw === null) return null;
    const pte = BigInt(pteRaw);
    return (pte & PRESENT) === 0n ? null : (pte & ADDRESS_32) | (va & 0xfffn);
  }
  return pagedMemory(pages, translate);
}

/** PAE three-level walk: 4 KiB pages and 2 MiB large pages. */
export function x86PaeVirtualMemory(memory: PhysicalMemory, directoryTableBase: bigint): VirtualMemory {
  const pages = cachedPages(memory);
  async function translate(va: bigint): Promise<bigint | null> {
    if (va >= VA_LIMIT) return null;
    const pdpte = await pages.u64((directoryTableBase & PDPT_ALIGN) + (va >> 30n) * 8n);
    if (pdpte === null || (pdpte & PRESENT) === 0n) return null;
    const pde = await pages.u64((pdpte & ADDRESS_PAE) + ((va >> 21n) & 0x1ffn) * 8n);
    if (pde === null || (pde & PRESENT) === 0n) return null;
    if ((pde & PAGE_SIZE_BIT) !== 0n) return (pde & LARGE_2M) | (va & 0x1fffffn);
    const pte = await pages.u64((pde & ADDRESS_PAE) + ((va >> 12n) & 0x1ffn) * 8n);
    return pte === null || (pte & PRESENT) === 0n ? null : (pte & ADDRESS_PAE) | (va & 0xfffn);
  }
  return pagedMemory(pages, translate);
}
