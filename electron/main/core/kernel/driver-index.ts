/**
 * Address → driver lookup by binary search over ranges sorted by base, and the list of kernel
 * modules that BlueScreenView-style blame skips (the kernel and the HAL are on every stack).
 */
import { hex } from '../minidump/binary';
import { RangeIndex } from '../range-index';

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
  private readonly ranges: RangeIndex<DriverRange>;

  constructor(drivers: readonly DriverRange[]) {
    this.ranges = new RangeIndex(drivers);
  }

  /** The driver whose [base, end) holds `address`, or null. */
  find(address: bigint): DriverHit | null {
    const hit = this.ranges.find(address);
    return hit ? { name: hit.range.info.name, offset: hit.offset } : null;
  }
}

/** "0x…" offset of a hit, or null. */
export function offsetText(hit: DriverHit | null): string | null {
  return hit ? hex(hit.offset) : null;
}
