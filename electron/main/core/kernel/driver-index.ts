/**
 * Address → driver lookup by binary search over ranges sorted by base, and the list of kernel
 * modules that BlueScreenView-style blame skips (the kernel and the HAL are on every stack).
 */
import { hex } from '../minidump/binary';

/** Anything with an address range and a file name. */
export interface DriverRange {
  readonly base: bigint;
  readonly end: bigint;
  readonly info: { readonly name: string };
}

/** A hit: the driver's file name and the address's offset inside it. */
export interface DriverHit {
  readonly name: string;
  readonly offset: bigint;
}

/** Whether a driver file is the kernel or the HAL (ntoskrnl, ntkrnlmp, ntkrnlpa, ntkrpamp, hal*.dll). */
export function isKernelModule(name: string): boolean {
  return /^(ntoskrnl|ntkrnlmp|ntkrnlpa|ntkrpamp)\.exe$|^hal[a-z0-9]*\.dll$/i.test(name);
}

/** Sorted driver ranges with a binary-search lookup. */
export class DriverIndex {
  private readonly sorted: readonly DriverRange[];

  constructor(drivers: readonly DriverRange[]) {
    this.sorted = drivers.filter((d) => d.end > d.base).sort((a, b) => (a.base < b.base ? -1 : a.base > b.base ? 1 : 0));
  }

  /** The driver whose [base, end) holds `address`, or null. */
  find(address: bigint): DriverHit | null {
    let lo = 0;
    let hi = this.sorted.length - 1;
    let at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid]!.base <= address) {
        at = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    // Ranges from a hostile file may overlap: look at a few predecessors too.
    for (let i = at; i >= 0 && i > at - 4; i--) {
      const d = this.sorted[i]!;
      if (address >= d.base && address < d.end) return { name: d.info.name, offset: address - d.base };
    }
    return null;
  }
}

/** "0x…" offset of a hit, or null. */
export function offsetText(hit: DriverHit | null): string | null {
  return hit ? hex(hit.offset) : null;
}
