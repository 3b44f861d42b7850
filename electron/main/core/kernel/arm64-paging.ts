/**
 * The arm64 page walk of a 64-bit full or bitmap dump whose machine is 0xAA64: VMSAv8-64 stage 1
 * translation with the 4 KiB granule and 48-bit addresses (Arm ARM D8), from the header's
 * DirectoryTableBase (the translation table base register value). Windows points the kernel and
 * user halves at one root table, so a kernel address indexes it with VA bits 47:39 like any other.
 * Descriptors: bit 0 valid; at levels 0-2 bit 1 set = next table, clear = block (1 GiB at level 1,
 * 2 MiB at level 2, invalid at level 0); at level 3 bit 1 must be set (page). Output address bits
 * 47:12; the bits above (DBM at 51, contiguous, PXN/UXN) and TTBR's ASID (63:48) are not address.
 */
import type { PhysicalMemory } from './physical-memory';
import { cachedPages, pagedMemory, type VirtualMemory } from './virtual-memory';

const VALID = 1n;
const TABLE_OR_PAGE = 2n;
const ADDRESS_MASK = 0x0000fffffffff000n;

/** The four-level arm64 walk (level 0: VA bits 47:39 … level 3: 20:12) with 1 GiB and 2 MiB blocks. */
export function arm64VirtualMemory(memory: PhysicalMemory, translationTableBase: bigint): VirtualMemory {
  const pages = cachedPages(memory);
  async function translate(va: bigint): Promise<bigint | null> {
    let table = translationTableBase & ADDRESS_MASK;
    const shifts = [39n, 30n, 21n, 12n];
    for (let level = 0; level < shifts.length; level++) {
      const shift = shifts[level]!;
      const d = await pages.u64(table + ((va >> shift) & 0x1ffn) * 8n);
      if (d === null || (d & VALID) === 0n) return null;
      const isTableOrPage = (d & TABLE_OR_PAGE) !== 0n;
      if (!isTableOrPage) {
        // A block: only levels 1 and 2 may hold one.
        if (level !== 1 && level !== 2) return null;
        const span = 1n << shift;
        return (d & ADDRESS_MASK & ~(span - 1n)) | (va & (span - 1n));
      }
      table = d & ADDRESS_MASK;
    }
    return table | (va & 0xfffn);
  }
  return pagedMemory(pages, translate);
}
